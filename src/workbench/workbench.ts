import type { BackendAdapter } from '../adapter/backend-adapter.js';
import { withValidation } from '../adapter/validated-adapter.js';
import { AdapterError } from '../adapter/errors.js';
import { supportedDomains, type AdapterDomain, type PartialBackendAdapter } from '../adapter/partial.js';
import { browserTimeZone, isValidTimeZone } from '../i18n/time-zone.js';
import { loadPhoneSupport } from '../phone/index.js';
import { createStores, type Stores } from '../state/stores.js';
import { systemTimers, type Timers } from '../time/timers.js';
import type { Softphone } from '../telephony/softphone.js';
import type { ModuleContext } from './context.js';
import { createCustomerModule, type CustomerModule } from './customer.js';
import { createDraftsModule, type DraftsModule } from './drafts.js';
import { createMyCallsModule, type MyCallsModule } from './my-calls.js';
import { createPhoneModule, type PhoneModule } from './phone.js';
import { createPopModule } from './pop.js';
import { createCallReports } from './call-reports.js';
import { createModuleRegistry, type ModuleDefinition } from './modules.js';
import { createTranscriptSource } from './conversation-registry.js';
import type { ModuleLifecycle } from './context.js';
import { createNumberBoundary, maskedAdapter, maskedSoftphone } from './masking.js';
import { createNumberRegions } from './regions.js';
import type { NumberRegion } from '../adapter/types.js';

export interface WorkbenchOptions {
  /**
   * The backend. Every response is validated at the boundary. It may offer only some domains
   * (a {@link PartialBackendAdapter}): the others answer `not-supported`, and the elements that
   * need them are not shown.
   */
  readonly adapter: BackendAdapter | PartialBackendAdapter;
  readonly softphone: Softphone;
  /** ISO region for numbers written without a country code (default `CN`). */
  readonly defaultCountry?: string;
  /** Where drafts and the agent status persist (default `localStorage`; `null` for memory only). */
  readonly storage?: Storage | null;
  /**
   * This tab's storage for which call the pop shows, so a reload shows it again
   * (default `sessionStorage` when `storage` is the default, else none).
   */
  readonly sessionStorage?: Storage | null;
  /** Separates this workbench's persisted drafts from another's (default `default`). */
  readonly namespace?: string;
  /** Clock, epoch ms (default `Date.now`). Everything callpop shows or stamps reads time from it. */
  readonly now?: () => number;
  /**
   * The agent's IANA time zone (default: the browser's): call times, ticket and
   * plan times, relative dates in smart fill. A zone the browser does not know is refused.
   */
  readonly timeZone?: string;
  /** Where the workbench schedules work (default the page's timers); a `ManualClock` in tests. */
  readonly timers?: Timers;
  /**
   * The phone window's page, on this origin (see `openPhoneWindow`). With a
   * shared softphone, `<phone-bar>` then offers "Open phone window".
   */
  readonly phoneWindowUrl?: string;
}

/**
 * The one object that wires the softphone, the backend and the stores together.
 * Elements render its stores and call its actions. Listen for `callpop-pop` on
 * it to hear every screen pop.
 */
export interface Workbench
  extends EventTarget,
    PhoneModule,
    CustomerModule,
    MyCallsModule,
    DraftsModule {
  /** The backend, validated; domains the given adapter left out answer `not-supported`. */
  readonly adapter: BackendAdapter;
  /** Whether the backend offers this domain (the adapter given to `createWorkbench` has it). */
  supports(domain: AdapterDomain): boolean;
  /** The workbench's state, read-only: change it through the workbench's actions. */
  readonly stores: Stores;
  readonly defaultCountry: string;
  /** The agent's time zone (the `timeZone` option, else the browser's). */
  readonly timeZone: string;
  /** The workbench's clock (the `now` option), epoch ms. */
  now(): number;
  /**
   * A capability attached on demand (`workbench.use(agentModule)`): created once
   * per workbench, started with it. Elements call this for the modules they need,
   * so a page only loads the capabilities it shows.
   */
  use<M extends ModuleLifecycle>(definition: ModuleDefinition<M>): M;
  /**
   * Where a customer's number (or its mask) is from — country, and for Chinese
   * numbers province and city where the backend knows them — from the backend's
   * optional `numbers.region`: asked once per number, then cached; null when the
   * backend has no numbers domain or cannot say.
   */
  numberRegion(number: string): Promise<NumberRegion | null>;
  /** Show this call's pop. */
  selectCall(callId: string): void;
  /** Look the call's customer up again. */
  retryLookup(callId: string): void;
  /** Load an earlier call's customer if nobody has yet. */
  loadCustomer(callId: string): void;
  /**
   * Load the number parser, start listening to the softphone, then load the agent
   * and "My calls". Idempotent.
   */
  start(): Promise<void>;
  /** Stop listening, abort requests in flight. */
  dispose(): void;
}

/** Compose a workbench from its modules (pop, customer, my calls, phone, drafts). */
export function createWorkbench(options: WorkbenchOptions): Workbench {
  if (options.timeZone !== undefined && !isValidTimeZone(options.timeZone)) {
    throw new RangeError(`callpop: "${String(options.timeZone).slice(0, 64)}" is not a time zone this browser knows.`);
  }
  const disposed = new AbortController();
  const storage = options.storage === undefined ? safeLocalStorage() : options.storage;
  const session = options.sessionStorage !== undefined ? options.sessionStorage : options.storage === undefined ? safeSessionStorage() : null;
  const stores = createStores({
    storage,
    session,
    namespace: options.namespace ?? 'default',
  });
  const events = new EventTarget();
  const supported = supportedDomains(options.adapter);
  // Number masking: one boundary around the backend and the softphone (masking.ts).
  const numbers = createNumberBoundary(options.defaultCountry ?? 'CN');
  const ctx: ModuleContext = {
    adapter: maskedAdapter(withValidation(options.adapter), numbers),
    softphone: maskedSoftphone(options.softphone, numbers),
    numbers,
    stores,
    events,
    defaultCountry: options.defaultCountry ?? 'CN',
    now: options.now ?? Date.now,
    timeZone: options.timeZone ?? browserTimeZone(),
    timers: options.timers ?? systemTimers,
    reports: createCallReports(),
    signal: disposed.signal,
    storage,
  };
  const pop = createPopModule(ctx);
  const drafts = createDraftsModule(ctx);
  const { connect, feed, ...phone } = createPhoneModule(ctx, pop);
  const customers = createCustomerModule(ctx, pop, drafts);
  const myCalls = createMyCallsModule(ctx, pop, phone);
  const registry = createModuleRegistry(ctx, { drafts, phone, calls: feed, transcripts: createTranscriptSource() });
  if (options.phoneWindowUrl !== undefined) phone.configurePhone({ phoneWindowUrl: options.phoneWindowUrl });
  let started: Promise<void> | null = null;
  let disconnect: (() => void) | null = null;

  const workbench: Workbench = Object.assign(events, {
    adapter: ctx.adapter,
    stores,
    defaultCountry: ctx.defaultCountry,
    timeZone: ctx.timeZone,
    now: () => ctx.now(),
    use: registry.use,
    supports: (domain: AdapterDomain) => supported.has(domain),
    numberRegion: createNumberRegions(ctx.adapter, ctx.signal),
    ...phone,
    ...customers,
    ...myCalls,
    ...drafts,
    selectCall: pop.selectCall,
    retryLookup: pop.retryLookup,
    loadCustomer: pop.loadCustomer,
    start(): Promise<void> {
      if (started) return started;
      started = (async () => {
        // The number parser loads first (its own chunk), so every pop is formatted by it.
        await loadPhoneSupport().catch((error: unknown) => console.warn('callpop: could not load the phone number parser', error));
        if (disposed.signal.aborted) return;
        // The masking permission is read before any number reaches the stores (unreadable: masked).
        await phone.loadPhoneSettings();
        numbers.decide(stores.$phoneSettings.get().settings?.viewFullNumbers === true);
        if (disposed.signal.aborted) return;
        disconnect = connect();
        try {
          stores.$agent.set(await ctx.adapter.agents.me({ signal: ctx.signal }));
        } catch (error) {
          if (!(error instanceof AdapterError && error.code === 'not-supported')) console.warn('callpop: could not load the signed-in agent', error);
          // Without an agent no call can be reported: do not hold the reads about calls back.
          if (!stores.$agent.get()) ctx.reports.release();
        }
        await Promise.all([myCalls.loadRecentCalls(), registry.start()]);
      })();
      return started;
    },
    dispose(): void {
      disposed.abort();
      disconnect?.();
      pop.dispose();
      stores.$drafts.dispose();
      stores.$agentStatus.dispose?.();
    },
  });
  return workbench;
}

function safeSessionStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
