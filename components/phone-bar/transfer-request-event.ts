export interface TransferRequestDetail {
  readonly callId: string;
  /** The number or extension the call goes to. */
  readonly target: string;
  /** `blind`: transferred at once (REFER); `attended`: after a consultation call. */
  readonly mode: 'blind' | 'attended';
}

/**
 * The agent asked `<phone-bar>` to transfer a call. Cancelable: a host that
 * calls `preventDefault()` keeps the call where it is. Bubbles and is composed.
 */
export class CallpopTransferRequestEvent extends Event {
  static readonly eventName = 'callpop-transfer-request';
  readonly detail: TransferRequestDetail;
  constructor(detail: TransferRequestDetail) {
    super(CallpopTransferRequestEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-transfer-request': CallpopTransferRequestEvent;
  }
}
