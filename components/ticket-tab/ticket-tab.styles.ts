import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_list-height: var(--callpop-ticket-tab-list-height, 240px);
  }
  [part~='base'] {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  [part~='toolbar'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }
  section h3 {
    margin: 0 0 6px;
    font-size: 1em;
  }
  [part~='list'] {
    height: var(--_list-height);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [part~='row'] {
    width: 100%;
    border-bottom: 1px solid var(--_border);
  }
  [part~='open'] {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 2px 8px;
    width: 100%;
    text-align: start;
    border: 0;
    border-radius: 0;
    background: transparent;
    padding: 6px 8px;
  }
  [part~='open']:hover {
    background: var(--_surface);
  }
  .title {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .meta {
    grid-column: 1 / -1;
    color: var(--_muted);
    font-size: 0.92em;
  }
  [part~='status'],
  [part~='priority'] {
    display: inline-block;
    padding: 0 6px;
    border-radius: 999px;
    border: 1px solid var(--_border);
    font-size: 0.9em;
  }
  [part~='priority'][data-priority='urgent'],
  [part~='priority'][data-priority='high'] {
    color: var(--_danger);
    border-color: currentColor;
  }
  [part~='status'][data-status='resolved'],
  [part~='status'][data-status='closed'] {
    color: var(--_success);
    border-color: currentColor;
  }
  [part~='ticket-title'] {
    margin: 0 0 6px;
    font-size: 1.05em;
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
