export interface TicketFormCloseDetail {
  /** `cancel` keeps the draft for later; `discard` threw it away. */
  readonly reason: 'cancel' | 'discard';
}

/** The agent closed `<ticket-form>` without creating the ticket. Bubbles and is composed. */
export class CallpopTicketFormCloseEvent extends Event {
  static readonly eventName = 'callpop-ticket-form-close';
  readonly detail: TicketFormCloseDetail;
  constructor(detail: TicketFormCloseDetail) {
    super(CallpopTicketFormCloseEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-ticket-form-close': CallpopTicketFormCloseEvent;
  }
}
