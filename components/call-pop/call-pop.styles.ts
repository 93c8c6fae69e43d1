import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_pop-list-width: var(--callpop-call-pop-list-width, 280px);
    --_pop-list-max-height: var(--callpop-call-pop-list-max-height, 420px);
    --_pop-gap: var(--callpop-call-pop-gap, calc(var(--_space) * 1.5));
    /* The layout follows the element's own width (a side panel), not the viewport's. */
    container-type: inline-size;
  }
  [part='base'] {
    display: grid;
    grid-template-columns: var(--_pop-list-width) minmax(0, 1fr);
    gap: var(--_pop-gap);
    align-items: start;
  }
  @container (max-width: 640px) {
    [part='base'] {
      grid-template-columns: minmax(0, 1fr);
    }
    /* One column: the current call comes first, "My calls" under it. */
    [part='pop'],
    [part='empty'] {
      order: -1;
    }
  }
  :host([list-position='none']) [part='base'] {
    grid-template-columns: minmax(0, 1fr);
  }
  h2 {
    font-size: 1em;
    margin: 0 0 var(--_space);
  }
  [part='my-calls'] {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    min-width: 0;
  }
  [part='my-calls-list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 4);
    max-height: var(--_pop-list-max-height);
    overflow-y: auto;
  }
  [part~='my-call'] {
    display: flex;
    align-items: stretch;
    gap: calc(var(--_space) / 2);
    border-radius: var(--_radius);
  }
  [part~='my-call-select'] {
    flex: 1;
    min-width: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    grid-template-areas: 'number number' 'meta time';
    gap: 0 var(--_space);
    text-align: start;
    background: transparent;
    border-color: transparent;
    padding: calc(var(--_space) / 2) var(--_space);
  }
  [part~='my-call-select'][aria-current='true'] {
    background: var(--_surface);
    border-color: var(--_accent);
  }
  .call-number {
    grid-area: number;
    font-variant-numeric: tabular-nums;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .call-meta {
    grid-area: meta;
    min-width: 0;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .call-time {
    grid-area: time;
    align-self: end;
    white-space: nowrap;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .outcome-missed,
  .outcome-rejected {
    color: var(--_danger);
  }
  [part~='my-call-callback'] {
    padding: 0 var(--_space);
  }
  [part='pop'] {
    min-width: 0;
    display: grid;
    gap: var(--_pop-gap);
  }
  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    justify-content: space-between;
    align-items: center;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_accent);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
  }
  [part='identity'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: calc(var(--_space) / 2) calc(var(--_space) * 1.5);
    min-width: 0;
  }
  [part='number'] {
    font-size: 1.35em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }
  [part='customer-name'] {
    font-size: 1.1em;
    overflow-wrap: anywhere;
  }
  [part='direction'],
  [part='state'],
  [part='timer'],
  [part='display-number'] {
    color: var(--_muted);
    font-size: 0.9em;
  }
  [part='state'][data-state='ringing'],
  [part='state'][data-state='early'] {
    color: var(--_warning);
  }
  [part='state'][data-state='connected'] {
    color: var(--_success);
  }
  /* A side panel (360–480 px): the name on its own line, direction, state and timer together under it. */
  @container (max-width: 480px) {
    [part='customer-name'] {
      flex-basis: 100%;
    }
    /* What the agent works on during the call (transcript, summary) right under the header, on the
       first screen of a side panel; the customer card and the detail tabs follow. */
    [part='header'] {
      order: -2;
    }
    [part='work'] {
      order: -1;
    }
  }
  [part='direction'],
  [part='state'],
  [part='timer'] {
    white-space: nowrap;
  }
  [part='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.75);
  }
  [part='lookup-error'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    border: 1px solid var(--_danger);
    color: var(--_danger);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 0.75) var(--_space);
  }
  [part='empty'] {
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 3);
    text-align: center;
    color: var(--_muted);
  }
  .skeleton {
    display: inline-block;
    width: 8em;
    height: 1em;
    border-radius: 4px;
    background: var(--_surface);
  }
  [part='work'] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr));
    gap: var(--_pop-gap);
    align-items: start;
  }
  [part='work']:empty {
    display: none;
  }
  [part='panel'] {
    width: min(640px, calc(100vw - 32px));
    max-height: calc(100vh - 48px);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: var(--_shadow);
    padding: calc(var(--_space) * 1.5);
  }
  [part='panel']::backdrop {
    background: rgb(0 0 0 / 0.35);
  }
  .panel-bar {
    display: flex;
    justify-content: flex-end;
    margin-bottom: var(--_space);
  }
`;
