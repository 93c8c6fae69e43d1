export interface DockingSelectDetail {
  readonly callId: string;
  /** The page the agent opened. */
  readonly pageId: string;
}

/**
 * The agent opened a docking page's tab (click or keyboard). Fired by
 * `<docking-pages>`, bubbling and composed, so a container that shows other
 * tabs beside it (`<call-details>`) can deselect its own.
 */
export class CallpopDockingSelectEvent extends Event {
  static readonly eventName = 'callpop-docking-select';
  readonly detail: DockingSelectDetail;
  constructor(detail: DockingSelectDetail, init: EventInit = { bubbles: true, composed: true }) {
    super(CallpopDockingSelectEvent.eventName, init);
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-docking-select': CallpopDockingSelectEvent;
  }
}
