import type { ContactPlan } from '../../src/adapter/types.js';

export interface ContactPlanCreatedDetail {
  readonly plan: ContactPlan;
  /** The call it was planned from. */
  readonly callId: string;
}

/** The backend created a contact plan from `<contact-plan-form>`. Bubbles and is composed. */
export class CallpopContactPlanCreatedEvent extends Event {
  static readonly eventName = 'callpop-contact-plan-created';
  readonly detail: ContactPlanCreatedDetail;
  constructor(detail: ContactPlanCreatedDetail) {
    super(CallpopContactPlanCreatedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-contact-plan-created': CallpopContactPlanCreatedEvent;
  }
}
