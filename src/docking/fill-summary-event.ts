import type { DockingValues } from './protocol.js';

export interface DockingRequestDetail {
  readonly callId: string;
  /** The docking page that asked. */
  readonly pageId: string;
  /** Validated values: strings, numbers, booleans, lists of strings. */
  readonly values: DockingValues;
  /** The request's number in the docking module's `$summaryFills` / `$ticketRequests`. */
  readonly seq: number;
}

/**
 * A docking page asked to fill service-summary fields (`summary.fill`).
 * Fired by `<docking-pages>`, bubbling and composed. The same request waits in
 * `workbench.use(dockingModule).$summaryFills` until a summary form takes it
 * (`takeSummaryFill(callId)`).
 */
export class CallpopDockingFillSummaryEvent extends Event {
  static readonly eventName = 'callpop-docking-fill-summary';
  readonly detail: DockingRequestDetail;
  constructor(detail: DockingRequestDetail, init: EventInit = { bubbles: true, composed: true }) {
    super(CallpopDockingFillSummaryEvent.eventName, init);
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-docking-fill-summary': CallpopDockingFillSummaryEvent;
  }
}
