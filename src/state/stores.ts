import { atom, map, type MapStore, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { Agent } from '../adapter/types.js';
import type { PhoneLocation, RegistrationSnapshot } from '../telephony/softphone.js';
import type { AgentStatusState, ConsultState, PhoneSettingsState } from './phone-state.js';
import { persistentAtom, persistentMap } from './persistent.js';
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

/** The state of one workbench, read-only: elements and host pages read it; workbench actions write it. */
export interface Stores {
  /** Every pop this session knows, by call id. */
  readonly $calls: ReadableAtom<Record<string, PopState | undefined>>;
  /** The call the pop shows. */
  readonly $activeCallId: ReadableAtom<string | null>;
  /** The active call's pop, or null. */
  readonly $activeCall: ReadableAtom<PopState | null>;
  readonly $recentCalls: ReadableAtom<RecentCallsState>;
  readonly $agent: ReadableAtom<Agent | null>;
  readonly $registration: ReadableAtom<RegistrationSnapshot>;
  /** Where the phone is: this page (`here`), another tab, or the phone window. Only `here` rings. */
  readonly $phoneLocation: ReadableAtom<PhoneLocation>;
  /** The agent's status (ready, busy, break, after-call work, offline). */
  readonly $agentStatus: ReadableAtom<AgentStatusState>;
  /** The agent's phone settings: call permission, caller-ID rules, break reasons, ACW. */
  readonly $phoneSettings: ReadableAtom<PhoneSettingsState>;
  /** The display number chosen for the next call (choice and fixed modes; null in pool mode, where it depends on the callee). */
  readonly $displayNumber: ReadableAtom<string | null>;
  /** An attended transfer in progress. */
  readonly $consult: ReadableAtom<ConsultState | null>;
  /** Calls refused because the agent was not ready (never popped, answered 486). */
  readonly $refused: ReadableAtom<readonly string[]>;
  /** Drafts by key (`customer:<callId>`, `ticket:<callId>`…), persisted. */
  readonly $drafts: ReadableAtom<Record<string, Draft | undefined>>;
}

/** The same stores as the workbench's modules hold them: writable. Internal to the workbench. */
export interface WritableStores extends Stores {
  readonly $calls: MapStore<Record<string, PopState | undefined>>;
  readonly $activeCallId: WritableAtom<string | null>;
  readonly $recentCalls: WritableAtom<RecentCallsState>;
  readonly $agent: WritableAtom<Agent | null>;
  readonly $registration: WritableAtom<RegistrationSnapshot>;
  readonly $phoneLocation: WritableAtom<PhoneLocation>;
  readonly $agentStatus: WritableAtom<AgentStatusState> & { dispose?(): void };
  readonly $phoneSettings: WritableAtom<PhoneSettingsState>;
  readonly $displayNumber: WritableAtom<string | null>;
  readonly $consult: WritableAtom<ConsultState | null>;
  readonly $refused: WritableAtom<readonly string[]>;
  readonly $drafts: MapStore<Record<string, Draft | undefined>> & { dispose(): void };
}

export interface StoresOptions {
  /** Where drafts persist; `null` keeps them in memory. */
  readonly storage: Storage | null;
  /** This tab's own storage (`sessionStorage`): which call the pop shows, across a reload. */
  readonly session?: Storage | null;
  /** Namespace for persisted keys, so two workbenches on a page do not mix drafts. */
  readonly namespace: string;
}

function readActive(session: Storage | null, key: string): string | null {
  try {
    const id = session?.getItem(key) ?? null;
    return id !== null && /^[\w.:@-]{1,100}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

const AGENT_STATUSES: readonly string[] = ['ready', 'busy', 'break', 'acw', 'offline'];

function isAgentStatusState(value: unknown): value is AgentStatusState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    AGENT_STATUSES.includes(v['status'] as string) &&
    (v['breakReasonId'] === null || (typeof v['breakReasonId'] === 'string' && v['breakReasonId'].length <= 100)) &&
    (v['acwEndsAt'] === null || (typeof v['acwEndsAt'] === 'number' && Number.isFinite(v['acwEndsAt']))) &&
    (v['acwStartedAt'] === undefined || v['acwStartedAt'] === null || (typeof v['acwStartedAt'] === 'number' && Number.isFinite(v['acwStartedAt'])))
  );
}

export function createStores(options: StoresOptions): WritableStores {
  const $calls = map<Record<string, PopState | undefined>>({});
  const activeKey = `callpop:${options.namespace}:active-call`;
  const $activeCallId = atom<string | null>(readActive(options.session ?? null, activeKey));
  // A reload shows the same call again (once its pop or record is back).
  $activeCallId.listen((id) => {
    try {
      if (id === null) options.session?.removeItem(activeKey);
      else options.session?.setItem(activeKey, id);
    } catch {
      // Not kept: the pop still works on this page.
    }
  });
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
    $phoneLocation: atom<PhoneLocation>('here'),
    $agentStatus: persistentAtom<AgentStatusState>(
      `callpop:${options.namespace}:agent-status`,
      options.storage,
      { status: 'offline', breakReasonId: null, acwEndsAt: null },
      isAgentStatusState,
    ),
    $phoneSettings: atom<PhoneSettingsState>({ status: 'idle', settings: null, error: null }),
    $displayNumber: atom<string | null>(null),
    $consult: atom<ConsultState | null>(null),
    $refused: atom<readonly string[]>([]),
    $drafts: persistentMap<Draft>(`callpop:${options.namespace}:draft:`, options.storage),
  };
}
