/**
 * Server pushes for the REST adapter: one `EventSource` per adapter, shared by
 * every subscriber.
 *
 * `EventSource` cannot send an `Authorization` header and a bearer token must
 * never appear in a URL, so each connection first trades the token for a
 * short-lived, one-time ticket (`POST /events/tickets`) and then opens
 * `GET /events?ticket=…&types=…`. Because a ticket works once, the browser's
 * own reconnect (same URL) cannot succeed; on any error the stream is closed
 * and reopened with a fresh ticket, backing off from 1 s to 30 s.
 */
import type { PushEvent, PushType } from '../types.js';
import type { HttpClient } from './http-client.js';

/** Every push type, so a subscriber asking for one the server does not know is harmless. */
export const PUSH_TYPES: readonly PushType[] = [
  'conversation.segment',
  'call.updated',
  'customer.updated',
  'contactPlan.changed',
  'contactPlan.due',
  'queue.stats',
];

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

interface Subscriber {
  readonly types: ReadonlySet<PushType>;
  readonly listener: (event: PushEvent) => void;
}

export type EventSourceFactory = (url: string) => EventSource;

export class SharedEventStream {
  readonly #client: HttpClient;
  readonly #factory: EventSourceFactory | undefined;
  readonly #subscribers = new Set<Subscriber>();
  #source: EventSource | null = null;
  /** The types the open (or opening) connection carries. */
  #openTypes: ReadonlySet<PushType> = new Set();
  /** Cancels the ticket request of a connection being opened. */
  #opening: AbortController | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #backoffMs = MIN_BACKOFF_MS;
  #lastEventId = '';
  #warnedBadData = false;
  #warnedFailure = false;

  constructor(client: HttpClient, factory: EventSourceFactory | undefined) {
    this.#client = client;
    this.#factory = factory;
  }

  subscribe(
    types: readonly PushType[],
    listener: (event: PushEvent) => void,
    signal: AbortSignal | undefined,
  ): () => void {
    if (typeof listener !== 'function') throw new TypeError('subscribe: listener must be a function.');
    if (signal?.aborted) return () => {};
    const wanted = new Set((Array.isArray(types) ? types : []).filter((t) => PUSH_TYPES.includes(t)));
    const subscriber: Subscriber = { types: wanted, listener };
    this.#subscribers.add(subscriber);

    let done = false;
    const unsubscribe = (): void => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', unsubscribe);
      this.#subscribers.delete(subscriber);
      if (this.#subscribers.size === 0) this.#closeAll();
    };
    signal?.addEventListener('abort', unsubscribe, { once: true });

    // Reopen only when this subscriber needs a type the connection does not carry.
    const covered = [...wanted].every((t) => this.#openTypes.has(t));
    if (!covered || (this.#source === null && this.#opening === null && this.#retryTimer === null)) {
      this.#reconnect(0);
    }
    return unsubscribe;
  }

  #wantedTypes(): Set<PushType> {
    const all = new Set<PushType>();
    for (const s of this.#subscribers) for (const t of s.types) all.add(t);
    return all;
  }

  #closeAll(resetBackoff = true): void {
    this.#source?.close();
    this.#source = null;
    this.#opening?.abort();
    this.#opening = null;
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#openTypes = new Set();
    if (resetBackoff) this.#backoffMs = MIN_BACKOFF_MS;
  }

  #reconnect(delayMs: number): void {
    this.#closeAll(delayMs === 0);
    const types = this.#wantedTypes();
    if (types.size === 0) return;
    this.#openTypes = types;
    if (delayMs > 0) {
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        void this.#open(types);
      }, delayMs);
    } else {
      void this.#open(types);
    }
  }

  #scheduleRetry(): void {
    const delay = this.#backoffMs + Math.floor(Math.random() * 250);
    this.#backoffMs = Math.min(this.#backoffMs * 2, MAX_BACKOFF_MS);
    this.#reconnect(delay);
  }

  async #open(types: ReadonlySet<PushType>): Promise<void> {
    const factory = this.#factory ?? defaultFactory();
    if (factory === null) {
      console.warn('callpop: EventSource is not available here; server pushes are disabled.');
      return;
    }
    const controller = new AbortController();
    this.#opening = controller;
    let ticket: string;
    try {
      const answer = await this.#client.request<unknown>({
        method: 'POST',
        path: '/events/tickets',
        body: { types: [...types] },
        signal: controller.signal,
      });
      const value =
        typeof answer === 'object' && answer !== null ? (answer as { ticket?: unknown }).ticket : undefined;
      if (typeof value !== 'string' || value === '') throw new Error('The event ticket answer has no ticket.');
      ticket = value;
    } catch (error) {
      if (controller.signal.aborted || this.#opening !== controller) return;
      this.#opening = null;
      this.#warnFailure(error);
      this.#scheduleRetry();
      return;
    }
    if (this.#opening !== controller) return;
    this.#opening = null;

    const query: Record<string, string> = { ticket, types: [...types].join(',') };
    if (this.#lastEventId) query['lastEventId'] = this.#lastEventId;
    let source: EventSource;
    try {
      source = factory(this.#client.url('/events', query));
    } catch (error) {
      this.#warnFailure(error);
      this.#scheduleRetry();
      return;
    }
    this.#source = source;
    source.addEventListener('open', () => {
      this.#backoffMs = MIN_BACKOFF_MS;
      this.#warnedFailure = false;
    });
    source.addEventListener('error', () => {
      if (this.#source !== source) return;
      // The ticket is spent: reopen with a new one rather than let the browser retry the same URL.
      source.close();
      this.#source = null;
      this.#scheduleRetry();
    });
    const onMessage = (event: Event): void => {
      if (this.#source === source) this.#dispatch(event as MessageEvent);
    };
    for (const type of types) source.addEventListener(type, onMessage);
    source.addEventListener('message', onMessage);
  }

  #dispatch(message: MessageEvent): void {
    if (typeof message.lastEventId === 'string' && message.lastEventId !== '') {
      this.#lastEventId = message.lastEventId.slice(0, 200);
    }
    let data: unknown;
    try {
      data = typeof message.data === 'string' ? JSON.parse(message.data) : undefined;
    } catch {
      data = undefined;
    }
    const type =
      typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !PUSH_TYPES.includes(type as PushType)) {
      if (!this.#warnedBadData) {
        this.#warnedBadData = true;
        console.warn('callpop: ignored a server push that is not a JSON push event.');
      }
      return;
    }
    // A named SSE event must agree with the payload it carries.
    if (message.type !== 'message' && message.type !== type) return;
    const event = data as PushEvent;
    for (const subscriber of [...this.#subscribers]) {
      if (!subscriber.types.has(event.type) || !this.#subscribers.has(subscriber)) continue;
      try {
        subscriber.listener(event);
      } catch (error) {
        console.error('callpop: a push listener threw', error);
      }
    }
  }

  #warnFailure(error: unknown): void {
    if (this.#warnedFailure) return;
    this.#warnedFailure = true;
    console.warn('callpop: could not open the server push stream; retrying.', error);
  }
}

function defaultFactory(): EventSourceFactory | null {
  if (typeof EventSource === 'undefined') return null;
  return (url) => new EventSource(url);
}
