/**
 * `callpop/ticket-form`: the create-ticket form built from the backend's ticket schema. No side effects.
 * @module callpop/ticket-form
 */
export { TicketForm } from './ticket-form.js';
export { registerTicketForm } from './register.js';
export { CallpopTicketFormCloseEvent, type TicketFormCloseDetail } from './ticket-form-close-event.js';
export {
  ticketsModule,
  TicketFormError,
  flattenTicketForm,
  unflattenTicketForm,
  ticketPrefillValues,
  ticketForm,
  type TicketsModule,
  type TicketFill,
  type TicketFormModel,
  type TicketFormState,
  type ExtractedTicketFill,
} from '../../src/workbench/tickets.js';
export { CallpopTicketCreatedEvent, type TicketCreatedDetail } from '../../src/workbench/ticket-created-event.js';
