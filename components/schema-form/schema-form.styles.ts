import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_gap: var(--callpop-schema-form-gap, calc(var(--_space) * 1.5));
    --_highlight: var(--callpop-schema-form-highlight, color-mix(in srgb, var(--_accent) 12%, transparent));
  }
  [part~='base'] {
    display: grid;
    gap: var(--_gap);
  }
  [part~='field'] {
    display: grid;
    gap: calc(var(--_space) / 2);
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  [part~='field'][part~='highlighted'] {
    background: var(--_highlight);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2);
  }
  [part~='label'] {
    font-weight: 600;
    padding: 0;
  }
  [part~='required'] {
    color: var(--_danger);
  }
  [part~='choices'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2) calc(var(--_space) * 2);
  }
  [part~='choice'],
  [part~='checkbox-label'] {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_space) * 0.75);
    font-weight: normal;
  }
  input[type='checkbox'] {
    width: auto;
    min-height: 0;
  }
  [part~='levels'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.75);
  }
  [part~='levels'] select {
    width: auto;
    min-width: 8em;
    flex: 1 1 8em;
  }
  textarea {
    min-height: 5em;
    resize: vertical;
  }
  [part~='error'],
  [part~='hint'],
  [part~='source'] {
    margin: 0;
    font-size: 0.92em;
  }
  [part~='source'],
  [part~='hint'] {
    color: var(--_muted);
  }
  [part~='suggestion'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 0.75);
    font-size: 0.92em;
    color: var(--_muted);
  }
  [part~='schema-error'] {
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: var(--_space);
    color: var(--_danger);
  }
  [part~='schema-error'] ul {
    margin: calc(var(--_space) / 2) 0 0;
    padding-inline-start: 1.2em;
  }
`;
