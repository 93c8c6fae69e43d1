import type { CallOutcome, CallRecord, Customer } from '../adapter/types.js';
import type { CallDirection } from '../adapter/types.js';
import type { CallState } from '../telephony/softphone.js';

/** Where the pop's customer comes from, and how far the lookup got. */
export type LookupStatus =
  /** The backend has not answered yet: show the number, the name is on its way. */
  | 'pending'
  /** A customer is linked to the call. */
  | 'found'
  /** No customer has this number: the new-customer form opens. */
  | 'unknown'
  /** The lookup failed: show the number and a retry. */
  | 'error';

export interface CustomerLookup {
  readonly status: LookupStatus;
  readonly customer: Customer | null;
  /** How many customers share the number (the first is shown). */
  readonly matches: number;
  /** Why the lookup failed, for the agent. */
  readonly error: string | null;
}

/**
 * One call's pop: everything `<call-pop>` and `<customer-card>` show for it.
 * Live calls come from the softphone; earlier calls from the backend's records.
 */
export interface PopState {
  readonly callId: string;
  readonly direction: CallDirection;
  /**
   * E.164 when the number could be parsed, else the cleaned raw number; masked
   * (`138****8000`) for an agent without the `viewFullNumbers` permission — a
   * mask `workbench.dial` still dials.
   */
  readonly number: string;
  /** The number as the softphone signalled it (masked like `number`). */
  readonly rawNumber: string;
  /** The caller's signalled display name (untrusted, shown as text). */
  readonly remoteName: string | null;
  readonly displayNumber: string | null;
  /** Live call state; `ended` for calls from the backend's records. */
  readonly state: CallState;
  /** Whether the softphone holds this call now. */
  readonly live: boolean;
  readonly muted: boolean;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly outcome: CallOutcome | null;
  readonly lookup: CustomerLookup;
  /** The backend's record of the call, once known. */
  readonly record: CallRecord | null;
}

/** The "My calls" list: this agent's recent calls, newest first. */
export interface RecentCallsState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** Ids into the calls store, newest first. */
  readonly ids: readonly string[];
  readonly error: string | null;
  readonly nextCursor: string | null;
}
