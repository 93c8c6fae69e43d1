export interface HangupRequestDetail {
  readonly callId: string;
}

/**
 * The agent asked `<phone-bar>` to hang up a call. Cancelable: a host that
 * calls `preventDefault()` keeps the call (e.g. it asks "save the summary
 * first?"). Bubbles and is composed.
 */
export class CallpopHangupRequestEvent extends Event {
  static readonly eventName = 'callpop-hangup-request';
  readonly detail: HangupRequestDetail;
  constructor(detail: HangupRequestDetail) {
    super(CallpopHangupRequestEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-hangup-request': CallpopHangupRequestEvent;
  }
}
