import { defineElement } from '../shared/define-element.js';
import { registerTicketForm } from '../ticket-form/register.js';
import { TicketTab } from './ticket-tab.js';

/** Register `<ticket-tab>` (and the `<ticket-form>` it opens) under `prefix` + name. No side effect on import. */
export function registerTicketTab(prefix = ''): void {
  registerTicketForm(prefix);
  defineElement(prefix, 'ticket-tab', TicketTab);
}
