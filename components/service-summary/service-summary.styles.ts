import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_padding: var(--callpop-service-summary-padding, var(--_space));
    --_highlight: var(--callpop-service-summary-highlight, color-mix(in srgb, var(--_accent) 10%, transparent));
  }
  [part='base'] {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    padding: var(--_padding);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [part='header'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    flex-wrap: wrap;
  }
  h2 {
    margin: 0;
    font-size: 1.1em;
  }
  [part='fill-actions'] {
    display: flex;
    gap: calc(var(--_space) / 2);
  }
  [part='form'] {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  .two {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
    gap: var(--_space);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    padding: calc(var(--_space) / 2);
    border-radius: var(--_radius);
  }
  [part~='highlighted'] {
    background: var(--_highlight);
    outline: 1px solid color-mix(in srgb, var(--_accent) 40%, transparent);
  }
  label,
  legend {
    font-weight: 600;
  }
  .count {
    align-self: flex-end;
    font-size: 0.85em;
  }
  .source {
    margin: 0;
    font-size: 0.85em;
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  .suggestion {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2) var(--_space);
    padding: calc(var(--_space) / 2) var(--_space);
    border: 1px dashed var(--_accent);
    border-radius: var(--_radius);
    font-size: 0.9em;
  }
  .source-text {
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  .suggestion-actions {
    display: flex;
    gap: calc(var(--_space) / 2);
    margin-inline-start: auto;
  }
  fieldset.custom {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0;
    padding: var(--_space);
  }
  [part='form-actions'] {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: var(--_space);
  }
  [part='notice'] {
    margin: 0;
    padding: calc(var(--_space) / 2) var(--_space);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  [part='error'] {
    display: flex;
    align-items: center;
    gap: var(--_space);
    margin: 0;
    color: var(--_danger);
  }
  p {
    margin: 0;
  }
`;
