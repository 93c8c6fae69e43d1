export interface OpenCustomerDetail {
  /** The customer to show, when the plan has one. */
  readonly customerId: string | null;
  /** The number the plan is about (E.164). */
  readonly phone: string;
}

/**
 * The agent asked to see a customer's records (from a contact plan). The host
 * page (or `<call-pop>`) shows them. Bubbles and is composed.
 */
export class CallpopOpenCustomerEvent extends Event {
  static readonly eventName = 'callpop-open-customer';
  readonly detail: OpenCustomerDetail;
  constructor(detail: OpenCustomerDetail) {
    super(CallpopOpenCustomerEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-open-customer': CallpopOpenCustomerEvent;
  }
}
