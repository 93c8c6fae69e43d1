/**
 * `callpop/ticket-tab`: the call's and the customer's tickets, with ticket details. No side effects.
 * @module callpop/ticket-tab
 */
export { TicketTab } from './ticket-tab.js';
export { registerTicketTab } from './register.js';
export {
  ticketsModule,
  TicketFormError,
  TICKETS_PAGE_SIZE,
  type TicketsModule,
  type TicketFill,
  type TicketFormModel,
  type TicketFormState,
  type ExtractedTicketFill,
  type TicketSchemaState,
  type AgentsState,
} from '../../src/workbench/tickets.js';
export { CallpopTicketCreatedEvent, type TicketCreatedDetail } from '../../src/workbench/ticket-created-event.js';
