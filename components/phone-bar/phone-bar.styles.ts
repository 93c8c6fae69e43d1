import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_bar-padding: var(--callpop-phone-bar-padding, var(--_space));
    --_bar-key-size: var(--callpop-phone-bar-key-size, calc(var(--_control-height) * 1.25));
    --_bar-ringing-color: var(--callpop-phone-bar-ringing-color, var(--_success));
    --_bar-warning-color: var(--callpop-phone-bar-warning-color, var(--_warning));
    min-width: 0;
  }
  [part='base'] {
    display: grid;
    gap: var(--_space);
    padding: var(--_bar-padding);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-width: 0;
    overflow-wrap: anywhere;
  }
  p {
    margin: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 0.75);
    min-width: 0;
  }
  [part='header'] {
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  [part='registration'] {
    display: flex;
    align-items: center;
    gap: calc(var(--_space) * 0.75);
    min-width: 0;
  }
  [part='phone-location'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_space) * 0.5);
    font-size: 0.9em;
  }
  [part='registration-state'] {
    flex: 1 1 auto;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .dot {
    flex: none;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--_muted);
  }
  [data-state='registered'] .dot {
    background: var(--_success);
  }
  [data-state='registering'] .dot,
  [data-state='reconnecting'] .dot {
    background: var(--_warning);
  }
  [data-state='failed'] .dot {
    background: var(--_danger);
  }
  [data-state='failed'] [part='registration-state'] {
    color: var(--_danger);
    white-space: normal;
  }
  .status {
    flex: 1 1 140px;
    min-width: 0;
  }
  [part='status'][data-status='ready'] {
    border-color: var(--_success);
  }
  [part='status'][data-status='break'],
  [part='status'][data-status='busy'],
  [part='status'][data-status='acw'] {
    border-color: var(--_warning);
  }
  [part='devices'] {
    display: grid;
    gap: calc(var(--_space) * 0.75);
    padding: var(--_space);
    background: var(--_surface);
    border-radius: var(--_radius);
  }
  [part='devices'] label,
  .caller-id {
    display: grid;
    gap: calc(var(--_space) / 4);
    font-size: 0.9em;
  }
  [part='acw'],
  [part='enable-sound'],
  [part='consult'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_space) * 0.75);
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-radius: var(--_radius);
    background: var(--_surface);
    border-inline-start: 3px solid var(--_warning);
  }
  [part='calls'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  [part~='call'] {
    display: grid;
    gap: calc(var(--_space) / 2);
    padding: calc(var(--_space) * 0.75) var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-width: 0;
  }
  [part~='call'][data-state='ringing'] {
    border-color: var(--_bar-ringing-color);
    border-inline-start-width: 4px;
  }
  [part~='call'][data-state='held'] {
    border-style: dashed;
    background: var(--_surface);
  }
  .identity,
  .meta {
    display: flex;
    align-items: baseline;
    gap: calc(var(--_space) * 0.75);
    min-width: 0;
  }
  [part='call-name'] {
    font-weight: 600;
    flex: 0 1 auto;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part='call-number'] {
    flex: none;
    max-width: 60%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
  }
  [part='call-state'] {
    color: var(--_muted);
    font-size: 0.9em;
  }
  [part='timer'] {
    margin-inline-start: auto;
    font-variant-numeric: tabular-nums;
  }
  [part='call-actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  [part='call-actions'] button {
    padding: 0 var(--_space);
  }
  button[aria-pressed='true'] {
    background: var(--_fg);
    color: var(--_bg);
  }
  button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_bg);
  }
  [part='transfer-form'] {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  [part='dialer'] {
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  [part='dialer'] .row {
    flex-wrap: nowrap;
  }
  [part='dial-input'] {
    flex: 1 1 auto;
    min-width: 0;
  }
  .keys {
    display: grid;
    grid-template-columns: repeat(3, var(--_bar-key-size));
    gap: calc(var(--_space) / 2);
    justify-content: center;
  }
  .keys button {
    width: var(--_bar-key-size);
    height: var(--_bar-key-size);
    padding: 0;
    font-variant-numeric: tabular-nums;
    font-size: 1.1em;
  }
  button {
    white-space: nowrap;
  }
`;
