import {
  isDockingShaped,
  parsePageMessage,
  PROTOCOL_VERSION,
  type CallpopMessage,
  type DockingCallEvent,
  type DockingContext,
  type DockingValues,
  type IgnoredReason,
} from './protocol.js';

/** The part of a window the bridge uses (a docking page's `contentWindow`). */
export interface MessageTarget {
  postMessage(message: unknown, targetOrigin: string): void;
}

/** The part of a `MessageEvent` the bridge reads. */
export interface IncomingMessage {
  readonly origin: string;
  readonly source: unknown;
  readonly data: unknown;
}

export interface BridgeHandlers {
  /** The context of the call the pages are shown for, or null when there is none. */
  context(): DockingContext | null;
  fillSummary(pageId: string, values: DockingValues): void;
  openTicket(pageId: string, values: DockingValues): void;
  /** A page said something valid (its first message proves it loaded and speaks the protocol). */
  connected?(pageId: string): void;
  /** Where ignored messages are reported; default `console.warn`. */
  warn?(message: string): void;
}

/** Every docking page window of every bridge on the page: another bridge's page is not an unknown window. */
const knownWindows = new WeakSet<object>();

interface Frame {
  readonly pageId: string;
  readonly origin: string;
  readonly window: MessageTarget;
}

/**
 * Routes postMessage traffic between callpop and its docking pages. A message
 * is accepted only when it comes from a registered page's window
 * (`event.source`) AND from that page's configured origin (`event.origin`),
 * and has one of the documented shapes; everything else is ignored and
 * reported to the console once per (page, reason). Replies and call events
 * are posted to the page's exact origin, never `'*'`.
 */
export class DockingBridge {
  readonly #handlers: BridgeHandlers;
  readonly #frames = new Map<string, Frame>();
  readonly #reported = new Set<string>();

  constructor(handlers: BridgeHandlers) {
    this.#handlers = handlers;
  }

  /** A page's iframe exists: accept its messages (from `origin` only). */
  register(pageId: string, origin: string, window: MessageTarget): void {
    this.#frames.set(pageId, { pageId, origin, window });
    knownWindows.add(window);
  }

  unregister(pageId: string): void {
    this.#frames.delete(pageId);
  }

  /** Forget every page (the call changed). Reports already made are kept. */
  clear(): void {
    this.#frames.clear();
  }

  #report(pageId: string, reason: IgnoredReason, detail: string): void {
    const key = `${pageId}\u0000${reason}`;
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    const text =
      `callpop: ignored a message from docking page "${pageId}" (${reason}: ${detail}). ` +
      'Further messages ignored for the same reason are not reported.';
    (this.#handlers.warn ?? ((message: string) => console.warn(message)))(text);
  }

  #post(frame: Frame, message: CallpopMessage): void {
    try {
      frame.window.postMessage(message, frame.origin);
    } catch (error) {
      console.warn(`callpop: could not post to docking page "${frame.pageId}"`, error);
    }
  }

  /** Handle a `message` event of the window; returns whether it was accepted. */
  handle(event: IncomingMessage): boolean {
    const frame = [...this.#frames.values()].find((f) => f.window === event.source);
    if (!frame) {
      // Not from one of our pages: only worth a word when it was meant for a docking page and no other
      // bridge owns the window. The embed channel's messages (`{ callpop: 1, kind }`, from the host
      // page around the frame) share the window's `message` events and are not a docking page's.
      const owned = typeof event.source === 'object' && event.source !== null && knownWindows.has(event.source);
      if (!owned && isDockingShaped(event.data)) this.#report('(unknown window)', 'source', `from ${String(event.origin).slice(0, 100)}`);
      return false;
    }
    if (event.origin !== frame.origin) {
      const detail =
        event.origin === 'null'
          ? 'the page runs in an opaque origin; give it "allow-same-origin" in its sandbox to use the protocol'
          : `from ${String(event.origin).slice(0, 100)}, expected ${frame.origin}`;
      this.#report(frame.pageId, 'origin', detail);
      return false;
    }
    const parsed = parsePageMessage(event.data);
    if (!parsed.ok) {
      this.#report(frame.pageId, parsed.reason, parsed.detail);
      return false;
    }
    this.#handlers.connected?.(frame.pageId);
    const { message } = parsed;
    switch (message.type) {
      case 'hello':
        break;
      case 'context.request': {
        const context = this.#handlers.context();
        if (context) {
          this.#post(frame, {
            callpop: PROTOCOL_VERSION,
            type: 'context.response',
            ...(message.id === undefined ? {} : { id: message.id }),
            payload: context,
          });
        }
        break;
      }
      case 'summary.fill':
        this.#handlers.fillSummary(frame.pageId, message.payload.values);
        break;
      case 'ticket.open':
        this.#handlers.openTicket(frame.pageId, message.payload.values);
        break;
    }
    return true;
  }

  /** Tell every registered page that the call changed. */
  broadcast(event: DockingCallEvent): void {
    for (const frame of this.#frames.values()) this.#post(frame, { callpop: PROTOCOL_VERSION, type: 'call.event', payload: event });
  }
}
