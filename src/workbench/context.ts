import type { BackendAdapter } from '../adapter/backend-adapter.js';
import type { Softphone } from '../telephony/softphone.js';
import type { WritableStores } from '../state/stores.js';
import type { Timers } from '../time/timers.js';
import type { CallReports } from './call-reports.js';
import type { NumberBoundary } from './masking.js';

/** What every workbench module is built from. Internal to the workbench. */
export interface ModuleContext {
  readonly adapter: BackendAdapter;
  readonly softphone: Softphone;
  readonly stores: WritableStores;
  readonly events: EventTarget;
  /** ISO region used to read numbers written without a country code. */
  readonly defaultCountry: string;
  /** The workbench's clock, epoch ms. Modules and elements read time only from here. */
  readonly now: () => number;
  /** The agent's IANA time zone: times are shown and typed in it. */
  readonly timeZone: string;
  /** Where modules schedule work (the workbench's `timers` option). */
  readonly timers: Timers;
  /**
   * Calls the workbench is still reporting: wait with `reports.whenKnown(callId)` before
   * asking the backend anything about a call (a strict backend answers 404 for a call it
   * was not told about yet).
   */
  readonly reports: CallReports;
  /** Aborted when the workbench is disposed. */
  readonly signal: AbortSignal;
  /** Where modules remember small choices (the workbench's `storage` option; null for memory only). */
  readonly storage: Storage | null;
  /** Number masking: `adapter` and `softphone` above are already behind it (see masking.ts). */
  readonly numbers: NumberBoundary;
}

/** A readable message from anything thrown, for the agent. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message.slice(0, 300);
  return 'Something went wrong.';
}

/** What a capability module may do when the workbench starts (after the softphone is wired). */
export interface ModuleLifecycle {
  /** Called once by `workbench.start()`; a rejection is logged, it does not stop the others. */
  start?(): Promise<void> | void;
}
