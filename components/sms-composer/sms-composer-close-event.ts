/** The agent closed `<sms-composer>` (Close; an unsent draft is kept). Bubbles and is composed. */
export class CallpopSmsComposerCloseEvent extends Event {
  static readonly eventName = 'callpop-sms-composer-close';
  constructor() {
    super(CallpopSmsComposerCloseEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-sms-composer-close': CallpopSmsComposerCloseEvent;
  }
}
