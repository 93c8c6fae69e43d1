import { atom, type ReadableAtom } from 'nanostores';
import type {
  BusinessRecord,
  CallOptions,
  CallRecord,
  ChatSession,
  Page,
  RecordKind,
  Ticket,
} from '../adapter/types.js';
import type { ModuleContext, ModuleLifecycle } from './context.js';
import { messageOf } from './context.js';
import { defineModule } from './modules.js';

// ------------------------------------------------------------- paged lists

/** Where a cursor-paged list is. */
export interface PagedListState<T> {
  /** `idle` before the first load; `end` once the last page is in. */
  readonly status: 'idle' | 'loading' | 'ready' | 'error' | 'end';
  /** Every item loaded so far, in the backend's order. */
  readonly items: readonly T[];
  /** Why the last load failed, for the agent. */
  readonly error: string | null;
  readonly nextCursor: string | null;
}

/**
 * A cursor-paged list the elements render and extend as the agent scrolls.
 * `loadMore()` is safe to call often: it does nothing while a page is loading
 * or after the last one.
 */
export interface PagedList<T> {
  readonly $state: ReadableAtom<PagedListState<T>>;
  /** Load the first page if nothing was loaded yet (a failed load waits for `loadMore`, the retry). */
  load(): Promise<void>;
  /** Load the next page (or retry the one that failed). */
  loadMore(): Promise<void>;
  /** Forget what was loaded and load the first page again. */
  reload(): Promise<void>;
  /** Put an item first (a ticket just created), replacing one with the same id. */
  prepend(item: T): void;
}

/** A paged list over `fetchPage`; items are told apart by `idOf`. */
export function createPagedList<T>(
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>,
  idOf: (item: T) => string,
  parentSignal: AbortSignal,
): PagedList<T> {
  const $state = atom<PagedListState<T>>({ status: 'idle', items: [], error: null, nextCursor: null });
  let running: Promise<void> | null = null;
  let generation = 0;
  let controller: AbortController | null = null;

  const fetchNext = (first: boolean): Promise<void> => {
    if (running) return running;
    const current = $state.get();
    if (!first && (current.status === 'end' || current.status === 'idle')) return Promise.resolve();
    const cursor = first ? null : current.nextCursor;
    const mine = ++generation;
    controller = new AbortController();
    const signal = AbortSignal.any([parentSignal, controller.signal]);
    $state.set({ ...current, status: 'loading', error: null });
    running = (async () => {
      try {
        const page = await fetchPage(cursor, signal);
        if (mine !== generation) return;
        const before = first ? [] : $state.get().items;
        const seen = new Set(before.map(idOf));
        const items = [...before, ...page.items.filter((item) => !seen.has(idOf(item)))];
        $state.set({ status: page.nextCursor ? 'ready' : 'end', items, error: null, nextCursor: page.nextCursor });
      } catch (error) {
        if (mine !== generation || signal.aborted) return;
        $state.set({ ...$state.get(), status: 'error', error: messageOf(error) });
      } finally {
        if (mine === generation) running = null;
      }
    })();
    return running;
  };

  return {
    $state,
    load() {
      if ($state.get().status === 'idle') return fetchNext(true);
      return running ?? Promise.resolve();
    },
    loadMore() {
      const { status, items } = $state.get();
      if (status === 'error' && items.length === 0) return fetchNext(true);
      return fetchNext(false);
    },
    reload() {
      generation += 1;
      controller?.abort();
      running = null;
      $state.set({ status: 'idle', items: [], error: null, nextCursor: null });
      return fetchNext(true);
    },
    prepend(item) {
      const current = $state.get();
      const id = idOf(item);
      $state.set({ ...current, items: [item, ...current.items.filter((other) => idOf(other) !== id)] });
    },
  };
}

/** Keeps the last `max` values by key (lists the agent looked at recently). */
export function lruCache<V>(max: number): { get(key: string, create: () => V): V; values(): IterableIterator<[string, V]> } {
  const entries = new Map<string, V>();
  return {
    get(key, create) {
      let value = entries.get(key);
      if (value === undefined) value = create();
      else entries.delete(key);
      entries.set(key, value);
      while (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return value;
    },
    values: () => entries.entries(),
  };
}

// ------------------------------------------------------------------ module

/** A `callpop-ticket-created` event on the workbench (see tickets.ts), read without importing it. */
interface TicketCreatedLike extends Event {
  readonly detail: { readonly ticket: Ticket };
}

/** Business-record page size. */
export const RECORDS_PAGE_SIZE = 50;

/** The records capability (`workbench.use(recordsModule)`). */
export interface RecordsModule extends ModuleLifecycle {
  /**
   * The customer's timeline (chats, calls, tickets), newest first, paged by
   * cursor; `kinds` filters it (all kinds when empty). The same list object is
   * returned for the same customer and kinds while it is recent.
   */
  timeline(customerId: string, kinds?: readonly RecordKind[]): PagedList<BusinessRecord>;
  /** A chat session with its messages. */
  getChat(chatId: string, options?: CallOptions): Promise<ChatSession>;
  /** The backend's record of a call: times, outcome, agent legs, recording. */
  getCall(callId: string, options?: CallOptions): Promise<CallRecord>;
}

export function createRecordsModule(ctx: ModuleContext): RecordsModule {
  const timelines = lruCache<{ customerId: string; kinds: readonly RecordKind[]; list: PagedList<BusinessRecord> }>(20);

  // A ticket created here shows in the customer's timelines without a reload.
  ctx.events.addEventListener(
    'callpop-ticket-created',
    (event) => {
      const { ticket } = (event as TicketCreatedLike).detail;
      if (!ticket.customerId) return;
      const record: BusinessRecord = {
        id: `ticket:${ticket.id}`,
        kind: 'ticket',
        customerId: ticket.customerId,
        at: ticket.createdAt,
        title: `${ticket.number} ${ticket.title}`,
        summary: ticket.description ? ticket.description.slice(0, 140) : null,
        refId: ticket.id,
        channel: null,
      };
      for (const [, entry] of timelines.values()) {
        if (entry.customerId !== ticket.customerId) continue;
        if (entry.kinds.length > 0 && !entry.kinds.includes('ticket')) continue;
        if (entry.list.$state.get().status === 'idle') continue;
        entry.list.prepend(record);
      }
    },
    { signal: ctx.signal },
  );

  return {
    timeline(customerId, kinds = []) {
      const sorted = [...new Set(kinds)].sort();
      return timelines.get(`${customerId}|${sorted.join(',')}`, () => ({
        customerId,
        kinds: sorted,
        list: createPagedList(
          (cursor, signal) =>
            ctx.adapter.records.list(
              customerId,
              { cursor, limit: RECORDS_PAGE_SIZE, ...(sorted.length > 0 ? { kinds: sorted } : {}) },
              { signal },
            ),
          (record) => record.id,
          ctx.signal,
        ),
      })).list;
    },
    getChat(chatId, options) {
      return ctx.adapter.records.getChat(chatId, { signal: options?.signal ?? ctx.signal });
    },
    async getCall(callId, options) {
      const signal = options?.signal ?? ctx.signal;
      await ctx.reports.whenKnown(callId, signal);
      return ctx.adapter.calls.get(callId, { signal });
    },
  };
}

/**
 * The recording URL if the browser may play it: an absolute or page-relative
 * `http(s)` URL. Anything else (`javascript:`, `data:`, `file:`…) gives null.
 */
export function playableRecordingUrl(url: string | null | undefined, base = globalThis.location?.href): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Attach with `workbench.use(recordsModule)`; `<business-records>`, `<call-record>` and `<call-details>` do. */
export const recordsModule = defineModule('records', createRecordsModule);
