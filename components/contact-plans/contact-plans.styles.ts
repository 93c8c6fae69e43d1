import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_reminder-bg: var(--callpop-contact-plans-reminder-bg, var(--_surface));
    --_max-height: var(--callpop-contact-plans-max-height, none);
  }
  [part~='base'] {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  h2 {
    margin: 0;
    font-size: 1.1em;
  }
  p {
    margin: 0;
  }
  [part~='reminders'] {
    display: grid;
    gap: var(--_space);
  }
  [part~='reminder'] {
    display: grid;
    gap: calc(var(--_space) / 2);
    padding: var(--_space);
    border: 1px solid var(--_warning);
    border-inline-start-width: 4px;
    border-radius: var(--_radius);
    background: var(--_reminder-bg);
  }
  [part~='filters'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  [part~='filter'][aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  [part~='list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
    max-height: var(--_max-height);
    overflow: auto;
  }
  [part~='plan'] {
    display: grid;
    gap: calc(var(--_space) / 2);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: baseline;
  }
  [part~='plan-number'] {
    font-weight: 600;
  }
  [part~='plan-state'][data-state='overdue'] {
    color: var(--_danger);
  }
  [part~='plan-state'][data-state='due'] {
    color: var(--_warning);
  }
  [part~='plan-state'][data-state='done'] {
    color: var(--_success);
  }
  [part~='plan-remark'] {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .meta {
    color: var(--_muted);
    font-size: 0.9em;
  }
  [part~='plan-actions'],
  [part~='reminder-actions'],
  [role='group'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    align-items: center;
  }
`;
