import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_card-padding: var(--callpop-customer-card-padding, calc(var(--_space) * 1.5));
  }
  [part='base'] {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_card-padding);
    container-type: inline-size;
  }
  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    justify-content: space-between;
    margin-bottom: var(--_space);
  }
  h2,
  h3 {
    font-size: 1em;
    margin: 0;
  }
  [part='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.75);
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: calc(var(--_space) / 2) calc(var(--_space) * 1.5);
    margin: 0;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  [part='name'] {
    font-size: 1.15em;
    font-weight: 600;
  }
  .vip {
    display: inline-block;
    margin-inline-start: calc(var(--_space) * 0.75);
    padding: 0 calc(var(--_space) * 0.75);
    border-radius: 999px;
    background: var(--_warning);
    color: var(--_bg);
    font-size: 0.8em;
    vertical-align: middle;
  }
  form {
    display: grid;
    gap: calc(var(--_space) * 1.25);
  }
  .field {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .field label,
  fieldset legend {
    font-weight: 500;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  .phone-row {
    display: flex;
    gap: calc(var(--_space) * 0.75);
  }
  .two {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: calc(var(--_space) * 1.25);
  }
  @container (max-width: 420px) {
    .two {
      grid-template-columns: 1fr;
    }
    dl {
      grid-template-columns: 1fr;
    }
  }
  .hint {
    font-size: 0.9em;
  }
  .form-actions {
    display: flex;
    gap: var(--_space);
    justify-content: flex-end;
  }
  [part='error'],
  [part='status'] {
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 1.25);
    border-radius: var(--_radius);
    margin-bottom: var(--_space);
  }
  [part='error'] {
    border: 1px solid var(--_danger);
    color: var(--_danger);
  }
  [part='status'] {
    border: 1px solid var(--_success);
    color: var(--_success);
  }
  [part='results'] {
    list-style: none;
    margin: var(--_space) 0 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  [part='result'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    padding: calc(var(--_space) * 0.75) var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .search-row {
    display: flex;
    gap: calc(var(--_space) * 0.75);
  }
`;
