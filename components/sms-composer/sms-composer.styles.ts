import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_padding: var(--callpop-sms-composer-padding, var(--_space));
    --_preview-bg: var(--callpop-sms-composer-preview-bg, var(--_surface));
  }
  [part~='form'] {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    padding: var(--_padding);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  h3 {
    margin: 0;
    font-size: 1.05em;
  }
  .row {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  label,
  legend,
  .label {
    font-weight: 600;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  [part~='variable-missing'] {
    color: var(--_danger);
    font-weight: normal;
    margin-inline-start: 0.5em;
  }
  [part~='preview'] {
    margin: 0;
    padding: var(--_space);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    background: var(--_preview-bg);
    border-radius: var(--_radius);
    min-height: 3em;
  }
  [part~='counter'] {
    color: var(--_muted);
    font-size: 0.9em;
  }
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  [part~='refusal'] ul {
    margin: calc(var(--_space) / 2) 0 0;
    padding-inline-start: 1.2em;
  }
  [part~='result'][data-status='failed'] {
    color: var(--_danger);
  }
  [part~='result'][data-status='queued'],
  [part~='result'][data-status='sent'] {
    color: var(--_success);
  }
  p {
    margin: 0;
  }
`;
