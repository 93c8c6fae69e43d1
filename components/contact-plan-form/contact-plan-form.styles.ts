import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_padding: var(--callpop-contact-plan-form-padding, var(--_space));
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
  .pair {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12em, 1fr));
    gap: calc(var(--_space) * 1.5);
  }
  label {
    font-weight: 600;
  }
  textarea {
    min-height: 4em;
    resize: vertical;
  }
  [part~='time-zone'] {
    color: var(--_muted);
    font-size: 0.9em;
  }
  [part~='created'] {
    color: var(--_success);
  }
  [part~='actions'],
  [part~='failure'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  p {
    margin: 0;
  }
`;
