import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_max-height: var(--callpop-category-picker-max-height, 240px);
  }
  [part~='base'] {
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  [part~='selected'] {
    display: flex;
    align-items: center;
    gap: var(--_space);
    flex-wrap: wrap;
  }
  [part~='tree'],
  [part~='results'] {
    list-style: none;
    margin: 0;
    padding: calc(var(--_space) / 2);
    max-height: var(--_max-height);
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  [part~='item'],
  [part~='result'] {
    display: flex;
    align-items: center;
    gap: calc(var(--_space) * 0.75);
    padding: 3px calc(var(--_space) * 0.75);
    border-radius: calc(var(--_radius) - 2px);
    cursor: pointer;
  }
  [part~='item'][aria-selected='true'],
  [part~='result'][aria-selected='true'] {
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  [part~='result'].active {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  .twisty {
    display: inline-block;
    width: 1em;
    text-align: center;
    color: inherit;
  }
  :host([invalid]) [part~='search'] {
    border-color: var(--_danger);
  }
  [part~='error'] {
    margin: 0;
  }
  /* Indentation by depth: attributes, not inline styles, so a strict CSP allows it. */
  [data-depth='1'] {
    padding-inline-start: 0.4em;
  }
  [data-depth='2'] {
    padding-inline-start: 1.6em;
  }
  [data-depth='3'] {
    padding-inline-start: 2.8em;
  }
  [data-depth='4'] {
    padding-inline-start: 4.0em;
  }
  [data-depth='5'] {
    padding-inline-start: 5.2em;
  }
  [data-depth='6'] {
    padding-inline-start: 6.4em;
  }
  [data-depth='7'] {
    padding-inline-start: 7.6em;
  }
  [data-depth='8'] {
    padding-inline-start: 8.8em;
  }
  [data-depth='9'] {
    padding-inline-start: 10.0em;
  }
  [data-depth='10'] {
    padding-inline-start: 11.2em;
  }
`;
