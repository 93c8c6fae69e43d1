import { AdapterError } from '../adapter/errors.js';
/**
 * The docking-pages capability (`workbench.use(dockingModule)`): the pages an
 * admin configured, their URLs filled for a call, the context a page may ask
 * for, and the requests pages make (fill the service summary, open the
 * create-ticket form) kept per call until a form takes them.
 *
 * @packageDocumentation
 */
import { atom, map, type MapStore, type ReadableAtom } from 'nanostores';
import type { DockingPage } from '../adapter/types.js';
import { resolvePages, type ResolvedDockingPage } from '../docking/pages.js';
import type { DockingCallEvent, DockingContext, DockingValues } from '../docking/protocol.js';
import type { DockingVariables } from '../docking/template.js';
import { messageOf, type ModuleContext, type ModuleLifecycle } from './context.js';
import { defineModule } from './modules.js';
import { CallpopDockingFillSummaryEvent } from '../docking/fill-summary-event.js';
import { CallpopDockingOpenTicketEvent } from '../docking/open-ticket-event.js';

export interface DockingPagesState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** The configured pages (kept while a reload runs or after it failed). */
  readonly pages: readonly DockingPage[];
  /** Why loading failed, for the agent (with a retry). */
  readonly error: string | null;
}

/** A docking page asked to fill the service summary or to open the create-ticket form. */
export interface DockingRequest {
  /** Goes up by one with every request of the workbench. */
  readonly seq: number;
  readonly callId: string;
  readonly pageId: string;
  /** Validated field values (strings, numbers, booleans, lists of strings). */
  readonly values: DockingValues;
  /** Epoch ms. */
  readonly at: number;
}

export interface DockingModule extends ModuleLifecycle {
  readonly $pages: ReadableAtom<DockingPagesState>;
  /** The latest unconsumed "fill the summary" request per call (`<service-summary>` takes it). */
  readonly $summaryFills: MapStore<Record<string, DockingRequest | undefined>>;
  /** The latest unconsumed "open the create-ticket form" request per call. */
  readonly $ticketRequests: MapStore<Record<string, DockingRequest | undefined>>;
  /** Load the configured pages once (cached); `force` loads them again (a retry). Never rejects. */
  loadPages(force?: boolean): Promise<void>;
  /** The variables a URL template is filled with for this call, or null for a call this session does not know. */
  variablesFor(callId: string): DockingVariables | null;
  /** The pages that apply to this call's direction, by order, URLs filled and sandboxes resolved. */
  pagesFor(callId: string, hostOrigin?: string | null): ResolvedDockingPage[];
  /** What a docking page learns about the call (`context.request`). */
  contextFor(callId: string): DockingContext | null;
  /** The call event pages get for the call's current state. */
  callEventFor(callId: string, previous: DockingCallEvent['previous']): DockingCallEvent | null;
  /** Record a page's request to fill the summary (replaces an earlier unconsumed one for the call). */
  requestSummaryFill(callId: string, pageId: string, values: DockingValues): DockingRequest;
  /** Record a page's request to open the create-ticket form. */
  requestTicket(callId: string, pageId: string, values: DockingValues): DockingRequest;
  /** Take (and clear) the call's pending summary fill. */
  takeSummaryFill(callId: string): DockingRequest | null;
  /** Take (and clear) the call's pending ticket request. */
  takeTicketRequest(callId: string): DockingRequest | null;
}

export function createDockingModule(ctx: ModuleContext): DockingModule {
  const $pages = atom<DockingPagesState>({ status: 'idle', pages: [], error: null });
  const $summaryFills = map<Record<string, DockingRequest | undefined>>({});
  const $ticketRequests = map<Record<string, DockingRequest | undefined>>({});
  let loading: Promise<void> | null = null;
  let controller: AbortController | null = null;
  let seq = 0;

  async function load(): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    $pages.set({ ...$pages.get(), status: 'loading', error: null });
    try {
      const pages = await ctx.adapter.dockingPages.list({ signal: AbortSignal.any([mine.signal, ctx.signal]) });
      if (controller !== mine) return;
      $pages.set({ status: 'ready', pages, error: null });
    } catch (error) {
      if (controller !== mine || ctx.signal.aborted) return;
      // A backend without docking pages (`501`, or no `dockingPages` domain) has none to show: not an error.
      if (error instanceof AdapterError && error.code === 'not-supported') {
        $pages.set({ status: 'ready', pages: [], error: null });
        return;
      }
      $pages.set({ ...$pages.get(), status: 'error', error: messageOf(error) });
    } finally {
      if (controller === mine) controller = null;
    }
  }

  function loadPages(force = false): Promise<void> {
    if (!force && loading) return loading;
    loading = load();
    return loading;
  }

  function variablesFor(callId: string): DockingVariables | null {
    const pop = ctx.stores.$calls.get()[callId];
    if (!pop) return null;
    const live = ctx.softphone.calls().find((call) => call.id === callId);
    return {
      callId,
      phone: pop.number,
      customerId: pop.lookup.customer?.id ?? pop.record?.customerId ?? null,
      agentId: ctx.stores.$agent.get()?.id ?? pop.record?.agentId ?? null,
      direction: pop.direction,
      displayNumber: pop.displayNumber ?? pop.record?.displayNumber ?? null,
      variables: { ...(live?.variables ?? {}), ...(pop.record?.variables ?? {}) },
    };
  }

  function request(store: typeof $summaryFills, callId: string, pageId: string, values: DockingValues): DockingRequest {
    seq += 1;
    const entry: DockingRequest = { seq, callId, pageId, values, at: ctx.now() };
    store.setKey(callId, entry);
    return entry;
  }

  function take(store: typeof $summaryFills, callId: string): DockingRequest | null {
    const entry = store.get()[callId] ?? null;
    if (entry) store.setKey(callId, undefined);
    return entry;
  }

  ctx.signal.addEventListener('abort', () => controller?.abort(), { once: true });

  return {
    $pages,
    $summaryFills,
    $ticketRequests,
    start() {
      // Loaded on demand (the first <docking-pages>), not with every workbench.
    },
    loadPages,
    variablesFor,
    pagesFor(callId, hostOrigin = typeof location === 'undefined' ? null : location.origin) {
      const pop = ctx.stores.$calls.get()[callId];
      const values = variablesFor(callId);
      if (!pop || !values) return [];
      return resolvePages($pages.get().pages, pop.direction, values, hostOrigin);
    },
    contextFor(callId) {
      const pop = ctx.stores.$calls.get()[callId];
      const values = variablesFor(callId);
      if (!pop || !values) return null;
      return {
        callId,
        direction: pop.direction,
        phone: pop.number,
        displayNumber: values.displayNumber,
        customerId: values.customerId,
        customerName: pop.lookup.customer?.name ?? null,
        agentId: values.agentId,
        state: pop.state,
      };
    },
    callEventFor(callId, previous) {
      const pop = ctx.stores.$calls.get()[callId];
      if (!pop) return null;
      return { callId, state: pop.state, previous, at: ctx.now() };
    },
    requestSummaryFill(callId, pageId, values) {
      const entry = request($summaryFills, callId, pageId, values);
      // The summary module (when the page shows a summary) applies it; see summary.ts.
      ctx.events.dispatchEvent(new CallpopDockingFillSummaryEvent(entry, { bubbles: false }));
      return entry;
    },
    requestTicket(callId, pageId, values) {
      const entry = request($ticketRequests, callId, pageId, values);
      // The tickets module (when the page can create tickets) takes the values into the call's ticket draft.
      ctx.events.dispatchEvent(new CallpopDockingOpenTicketEvent(entry, { bubbles: false }));
      return entry;
    },
    takeSummaryFill: (callId) => take($summaryFills, callId),
    takeTicketRequest: (callId) => take($ticketRequests, callId),
  };
}

/** Attach with `workbench.use(dockingModule)`; `<docking-pages>` does. */
export const dockingModule = defineModule('docking', createDockingModule);
