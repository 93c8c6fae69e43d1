import type { Ticket } from '../adapter/types.js';

export interface TicketCreatedDetail {
  readonly ticket: Ticket;
  /** The call it was created from. */
  readonly callId: string;
}

/**
 * A ticket was created from a call (the backend confirmed it). Fired on the
 * workbench; `<ticket-form>` re-fires it bubbling and composed.
 */
export class CallpopTicketCreatedEvent extends Event {
  static readonly eventName = 'callpop-ticket-created';
  readonly detail: TicketCreatedDetail;
  constructor(detail: TicketCreatedDetail, init: EventInit = {}) {
    super(CallpopTicketCreatedEvent.eventName, init);
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-ticket-created': CallpopTicketCreatedEvent;
  }
}
