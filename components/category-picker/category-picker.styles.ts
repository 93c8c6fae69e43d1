import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_max-height: var(--callpop-category-picker-max-height, 240px);
  }
  [part~='base'] {
    display: grid;
    gap: 6px;
  }
  [part~='selected'] {
    display: flex;
    align-items: center;
    gap: 8px;
    flex-wrap: wrap;
  }
  [part~='tree'],
  [part~='results'] {
    list-style: none;
    margin: 0;
    padding: 4px;
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
    gap: 6px;
    padding: 3px 6px;
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
`;
