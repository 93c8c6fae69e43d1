import { atom, map, type MapStore, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { Agent } from '../adapter/types.js';
import type { RegistrationSnapshot } from '../telephony/softphone.js';
import { persistentMap } from './persistent.js';
import type { PopState, RecentCallsState } from './pop-state.js';

/** A form the agent is filling in, kept until the backend confirms it. */
export interface Draft<V = Record<string, unknown>> {
  readonly values: V;
  /** The idempotency key of the last submission of exactly these values. */
  readonly idempotencyKey: string | null;
  /** Fingerprint of the values that key was used for. */
  readonly submitted: string | null;
  readonly updatedAt: number;
}

/** The state of one workbench. Created per workbench: nothing is shared between two. */
export interface Stores {
  /** Every pop this session knows, by call id. */
  readonly $calls: MapStore<Record<string, PopState | undefined>>;
  /** The call the pop shows. */
  readonly $activeCallId: WritableAtom<string | null>;
  /** The active call's pop, or null. */
  readonly $activeCall: ReadableAtom<PopState | null>;
  readonly $recentCalls: WritableAtom<RecentCallsState>;
  readonly $agent: WritableAtom<Agent | null>;
  readonly $registration: WritableAtom<RegistrationSnapshot>;
  /** Drafts by key (`customer:<callId>`, `ticket:<callId>`…), persisted. */
  readonly $drafts: MapStore<Record<string, Draft | undefined>> & { dispose(): void };
}

export interface StoresOptions {
  /** Where drafts persist; `null` keeps them in memory. */
  readonly storage: Storage | null;
  /** Namespace for persisted keys, so two workbenches on a page do not mix drafts. */
  readonly namespace: string;
}

export function createStores(options: StoresOptions): Stores {
  const $calls = map<Record<string, PopState | undefined>>({});
  const $activeCallId = atom<string | null>(null);
  const $activeCall = atom<PopState | null>(null);
  const sync = (): void => {
    const id = $activeCallId.get();
    const next = id === null ? null : ($calls.get()[id] ?? null);
    if ($activeCall.get() !== next) $activeCall.set(next);
  };
  // Kept as a plain derived atom (not `computed`) so it is current even with no subscriber.
  $calls.listen(sync);
  $activeCallId.listen(sync);
  return {
    $calls,
    $activeCallId,
    $activeCall,
    $recentCalls: atom<RecentCallsState>({ status: 'idle', ids: [], error: null, nextCursor: null }),
    $agent: atom<Agent | null>(null),
    $registration: atom<RegistrationSnapshot>({ state: 'unregistered', reason: null }),
    $drafts: persistentMap<Draft>(`callpop:${options.namespace}:draft:`, options.storage),
  };
}
