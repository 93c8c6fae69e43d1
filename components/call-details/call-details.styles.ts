import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  [part~='tablist'] {
    display: flex;
    flex-wrap: wrap;
    gap: 2px;
    border-bottom: 1px solid var(--_border);
  }
  [part~='tab'] {
    border: 0;
    border-bottom: 2px solid transparent;
    border-radius: 0;
    background: transparent;
    padding: 6px 12px;
  }
  [part~='tab'][aria-selected='true'] {
    border-bottom-color: var(--_accent);
    color: var(--_accent);
    font-weight: 600;
  }
  [part~='panel'] {
    padding: var(--callpop-call-details-padding, calc(var(--_space) * 1.5) 0);
  }
`;
