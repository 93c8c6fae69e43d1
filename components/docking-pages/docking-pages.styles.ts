import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_padding: var(--callpop-docking-pages-padding, calc(var(--_space) * 1.5) 0);
    --_height: var(--callpop-docking-pages-height, 480px);
  }
  [part~='tablist'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 4);
    border-bottom: 1px solid var(--_border);
  }
  [part~='tab'] {
    border: 0;
    border-bottom: 2px solid transparent;
    border-radius: 0;
    background: transparent;
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 1.5);
    max-width: 16em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~='tab'][aria-selected='true'] {
    border-bottom-color: var(--_accent);
    color: var(--_accent);
    font-weight: 600;
  }
  [part~='panel'] {
    padding: var(--_padding);
  }
  [part~='toolbar'] {
    display: flex;
    justify-content: flex-end;
    gap: var(--_space);
    margin-bottom: calc(var(--_space) / 2);
    font-size: 0.9em;
  }
  a {
    color: var(--_accent);
  }
  [part~='notice'] {
    margin: 0 0 var(--_space);
    padding: calc(var(--_space) / 2) var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  [part~='notice'] button {
    margin-inline-start: var(--_space);
  }
  [part~='frame'] {
    display: block;
    width: 100%;
    height: var(--_height);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
`;
