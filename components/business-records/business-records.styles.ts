import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_list-height: var(--callpop-business-records-height, 360px);
  }
  [part~='base'] {
    display: grid;
    gap: var(--_space);
  }
  [part~='filters'] {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: center;
  }
  [part~='chip'] {
    border-radius: 999px;
    min-height: calc(var(--_control-height) * 0.8125);
    padding: 2px 12px;
  }
  [part~='chip'][aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  [part~='list'] {
    height: var(--_list-height);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [part~='entry'] {
    width: 100%;
    border-bottom: 1px solid var(--_border);
  }
  [part~='open'] {
    display: grid;
    grid-template-columns: auto 1fr auto;
    gap: 2px 8px;
    width: 100%;
    text-align: start;
    border: 0;
    border-radius: 0;
    background: transparent;
    padding: 6px 8px;
  }
  [part~='open']:hover,
  [part~='open'][aria-expanded='true'] {
    background: var(--_surface);
  }
  [part~='kind'] {
    font-size: 0.85em;
    padding: 0 6px;
    border-radius: 999px;
    border: 1px solid var(--_border);
    align-self: start;
  }
  .title {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .time {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .summary {
    grid-column: 2 / -1;
    color: var(--_muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~='detail'] {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    background: var(--_bg);
  }
  [part~='detail-header'] {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: var(--_space);
  }
  [part~='detail-header'] h3 {
    margin: 0;
    font-size: 1em;
  }
  [part~='messages'] {
    list-style: none;
    margin: 6px 0 0;
    padding: 0;
    display: grid;
    gap: 6px;
    max-height: var(--callpop-business-records-detail-height, 320px);
    overflow: auto;
  }
  [part~='message'] {
    padding: 4px 8px;
    border-radius: var(--_radius);
    background: var(--_surface);
    white-space: pre-wrap;
  }
  [part~='message'][data-from='agent'] {
    margin-inline-start: 2em;
  }
  .speaker {
    font-weight: 600;
    margin-inline-end: 6px;
  }
  [part~='ticket-title'] {
    margin: 6px 0;
    font-size: 1em;
  }
  [part~='ticket-description'] {
    white-space: pre-wrap;
  }
  h4 {
    margin: 10px 0 4px;
    font-size: 0.95em;
  }
  p {
    margin: 4px 0;
  }
`;
