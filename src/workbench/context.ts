import type { BackendAdapter } from '../adapter/backend-adapter.js';
import type { Softphone, SoftphoneCall } from '../telephony/softphone.js';
import type { Stores } from '../state/stores.js';
import type { Timers } from '../time/timers.js';

/** What every workbench module is built from. Internal to the workbench. */
export interface ModuleContext {
  readonly adapter: BackendAdapter;
  readonly softphone: Softphone;
  readonly stores: Stores;
  readonly events: EventTarget;
  /** ISO region used to read numbers written without a country code. */
  readonly defaultCountry: string;
  /** The workbench's clock, epoch ms. Modules and elements read time only from here. */
  readonly now: () => number;
  /** The agent's IANA time zone: times are shown and typed in it. */
  readonly timeZone: string;
  /** Where modules schedule work (the workbench's `timers` option). */
  readonly timers: Timers;
  /** Aborted when the workbench is disposed. */
  readonly signal: AbortSignal;
  /** Where modules remember small choices (the workbench's `storage` option; null for memory only). */
  readonly storage: Storage | null;
  /**
   * Checks a new inbound call goes through before it pops. A check that
   * returns a reason refuses the call: it is not popped (no switch, no
   * `callpop-pop`), only listed in "My calls"; the module that refused it
   * answers it (e.g. 486 Busy Here when the agent is not ready).
   */
  readonly inboundChecks: Array<(call: SoftphoneCall) => string | null>;
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
