import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  h3 {
    font-size: 1em;
    margin: 0 0 6px;
  }
  [part~='facts'] {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 4px 12px;
    margin: 0 0 var(--_space);
  }
  [part~='facts'] dt {
    color: var(--_muted);
  }
  [part~='facts'] dd {
    margin: 0;
  }
  [part~='legs'] {
    margin: 0 0 var(--_space);
    padding-inline-start: 1.4em;
    display: grid;
    gap: 4px;
  }
  [part~='leg-kind'] {
    display: inline-block;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--_surface);
    border: 1px solid var(--_border);
    font-size: 0.9em;
  }
  [part~='recording'] {
    width: 100%;
    max-width: var(--callpop-call-record-audio-width, 420px);
  }
`;
