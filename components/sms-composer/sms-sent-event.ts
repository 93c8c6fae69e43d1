import type { SmsResult } from '../../src/adapter/types.js';

export interface SmsSentDetail {
  readonly callId: string;
  /** The backend's answer: `queued`, `sent`, or `failed` with a `reason`. */
  readonly result: SmsResult;
}

/** The backend answered a send from `<sms-composer>`. Bubbles and is composed. */
export class CallpopSmsSentEvent extends Event {
  static readonly eventName = 'callpop-sms-sent';
  readonly detail: SmsSentDetail;
  constructor(detail: SmsSentDetail) {
    super(CallpopSmsSentEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-sms-sent': CallpopSmsSentEvent;
  }
}
