/** The agent closed `<contact-plan-form>` (Cancel; the draft is kept). Bubbles and is composed. */
export class CallpopContactPlanFormCloseEvent extends Event {
  static readonly eventName = 'callpop-contact-plan-form-close';
  constructor() {
    super(CallpopContactPlanFormCloseEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-contact-plan-form-close': CallpopContactPlanFormCloseEvent;
  }
}
