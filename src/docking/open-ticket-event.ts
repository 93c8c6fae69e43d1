import type { DockingRequestDetail } from './fill-summary-event.js';

/**
 * A docking page asked to open the create-ticket form with values
 * (`ticket.open`). Fired by `<docking-pages>`, bubbling and composed. The same
 * request waits in `workbench.use(dockingModule).$ticketRequests` until a
 * ticket form takes it (`takeTicketRequest(callId)`).
 */
export class CallpopDockingOpenTicketEvent extends Event {
  static readonly eventName = 'callpop-docking-open-ticket';
  readonly detail: DockingRequestDetail;
  constructor(detail: DockingRequestDetail, init: EventInit = { bubbles: true, composed: true }) {
    super(CallpopDockingOpenTicketEvent.eventName, init);
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-docking-open-ticket': CallpopDockingOpenTicketEvent;
  }
}
