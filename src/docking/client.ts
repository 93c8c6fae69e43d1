/**
 * The page side of the docking-page protocol, for authors of docking pages
 * (see `docs/docking-pages.md`). Self-contained: no DOM rendering, no other
 * callpop code at run time.
 *
 * ```ts
 * import { connectToCallpop } from 'callpop/docking-client';
 * const callpop = connectToCallpop({ targetOrigin: 'https://crm.example.com' });
 * const context = await callpop.getContext();
 * callpop.fillSummary({ remark: `Order ${orderNo} checked` });
 * callpop.openTicket({ title: 'Refund', orderNo });
 * callpop.onCallEvent((event) => { if (event.state === 'ended') save(); });
 * ```
 *
 * The page must be docked with `allow-scripts allow-same-origin` in its
 * sandbox (callpop checks the origin of every message), and `targetOrigin` is
 * the CRM page's exact origin: messages are never posted to `'*'`, and only
 * messages from that origin and from the parent window are listened to.
 *
 * @module callpop/docking-client
 */
import type { DockingCallEvent, DockingContext, DockingValues } from './protocol.js';

export type { DockingCallEvent, DockingContext, DockingFieldValue, DockingValues } from './protocol.js';

export interface ConnectOptions {
  /** The CRM page's origin (`https://crm.example.com`), where callpop runs. Required; never `'*'`. */
  readonly targetOrigin: string;
  /** The window callpop runs in (default `window.parent`). */
  readonly target?: Window;
  /** How long `getContext()` waits for an answer (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Send `hello` at once (default true). */
  readonly hello?: boolean;
}

export interface CallpopConnection {
  /** The current call's context. Rejects after `timeoutMs` without an answer. */
  getContext(): Promise<DockingContext>;
  /** Ask callpop to fill service-summary fields. */
  fillSummary(values: DockingValues): void;
  /** Ask callpop to open the create-ticket form with these values. */
  openTicket(values: DockingValues): void;
  /** Hear the call's state changes; returns the function that stops listening. */
  onCallEvent(listener: (event: DockingCallEvent) => void): () => void;
  /** Stop listening to callpop. */
  close(): void;
}

/** Connect a docking page to the callpop page that shows it. */
export function connectToCallpop(options: ConnectOptions): CallpopConnection {
  const { targetOrigin } = options;
  if (!targetOrigin || targetOrigin === '*') throw new TypeError('connectToCallpop needs the exact origin of the CRM page, not "*".');
  const origin = new URL(targetOrigin).origin;
  const target = options.target ?? window.parent;
  const timeoutMs = options.timeoutMs ?? 5000;
  const pending = new Map<string, (context: DockingContext) => void>();
  const listeners = new Set<(event: DockingCallEvent) => void>();
  let sequence = 0;

  const send = (type: string, payload?: unknown, id?: string): void => {
    target.postMessage({ callpop: 1, type, ...(id === undefined ? {} : { id }), ...(payload === undefined ? {} : { payload }) }, origin);
  };

  const onMessage = (event: MessageEvent): void => {
    if (event.origin !== origin || event.source !== target) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null) return;
    const message = data as { callpop?: unknown; type?: unknown; id?: unknown; payload?: unknown };
    if (message.callpop !== 1 || typeof message.payload !== 'object' || message.payload === null) return;
    if (message.type === 'context.response' && typeof message.id === 'string') {
      pending.get(message.id)?.(message.payload as DockingContext);
      pending.delete(message.id);
    } else if (message.type === 'call.event') {
      for (const listener of listeners) listener(message.payload as DockingCallEvent);
    }
  };
  window.addEventListener('message', onMessage);
  if (options.hello !== false) send('hello');

  return {
    getContext() {
      sequence += 1;
      const id = `ctx-${sequence}`;
      return new Promise<DockingContext>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error('callpop did not answer (is this page docked with allow-same-origin, and is targetOrigin right?)'));
        }, timeoutMs);
        pending.set(id, (context) => {
          clearTimeout(timer);
          resolve(context);
        });
        send('context.request', undefined, id);
      });
    },
    fillSummary(values) {
      send('summary.fill', { values });
    },
    openTicket(values) {
      send('ticket.open', { values });
    },
    onCallEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      window.removeEventListener('message', onMessage);
      listeners.clear();
      pending.clear();
    },
  };
}
