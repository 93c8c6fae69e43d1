import type { CallOutcome, CallQualitySummary, CallRecord, Customer } from '../adapter/types.js';
import type { CallDirection } from '../adapter/types.js';
import type { CallEndReason, CallLink, CallQuality, CallState } from '../telephony/softphone.js';

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
  /** Live calls: media quality (latest sample, summary) and the link to the SIP server. Absent before the first sample or link change. */
  readonly quality?: CallQualityState;
  /** The satisfaction survey of this call as the agent offered it; absent when not offered. */
  readonly survey?: SurveyOfferState;
  /** Why the call ended, as the softphone saw it (live calls that ended). */
  readonly endReason?: CallEndReason | null;
}

/** One call's quality on its pop: the latest sample and the call's summary so far. */
export interface CallQualityState {
  /** The latest usable sample, null before the first. */
  readonly latest: CallQuality | null;
  /** The call's summary so far (what the call report sends when the call ends). */
  readonly summary: CallQualitySummary;
  /** The call's path to the SIP server: `ok`, `lost` or `recovering`. */
  readonly link: CallLink;
}

/**
 * The survey hand-over of a call: `sending` while the REFER or INFO is on its
 * way, `offered` once the SIP server took it (the call then leaves the agent),
 * `refused` when it did not (the call stays with the agent; `error` says why).
 */
export interface SurveyOfferState {
  readonly status: 'sending' | 'offered' | 'refused';
  readonly mode: 'refer' | 'info';
  /** When the SIP server took it (epoch ms); null until then. */
  readonly offeredAt: number | null;
  readonly error: string | null;
}

/** The "My calls" list: this agent's recent calls, newest first. */
export interface RecentCallsState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** Ids into the calls store, newest first. */
  readonly ids: readonly string[];
  readonly error: string | null;
  readonly nextCursor: string | null;
}
