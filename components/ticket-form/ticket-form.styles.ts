import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  [part~='form'] {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    padding: var(--callpop-ticket-form-padding, var(--_space));
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
    gap: 4px;
  }
  .pair {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12em, 1fr));
    gap: calc(var(--_space) * 1.5);
  }
  label {
    font-weight: 600;
  }
  .req {
    color: var(--_danger);
  }
  textarea {
    min-height: 6em;
    resize: vertical;
  }
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  [part~='failure'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    margin: 0;
  }
  p {
    margin: 0;
  }
  .heading-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }
  [part='fill-actions'] {
    display: flex;
    gap: calc(var(--_space) * 0.75);
  }
  .fill-source,
  .suggestion {
    margin: 2px 0 0;
    font-size: 0.9em;
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
`;
