import type { CallDirection } from '../adapter/types.js';

export interface PopDetail {
  readonly callId: string;
  readonly direction: CallDirection;
  /** E.164 where it could be parsed; masked (`138****8000`) for an agent without the `viewFullNumbers` permission. */
  readonly number: string;
}

/**
 * A call's pop opened: an inbound call rang or an outbound call was dialled.
 * Fired by the workbench and re-fired (bubbling, composed) by `<call-pop>`, so a
 * CRM page can bring its own "current call" view forward.
 */
export class CallpopPopEvent extends Event {
  static readonly eventName = 'callpop-pop';
  readonly detail: PopDetail;
  constructor(detail: PopDetail, init: EventInit = {}) {
    super(CallpopPopEvent.eventName, init);
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-pop': CallpopPopEvent;
  }
}
