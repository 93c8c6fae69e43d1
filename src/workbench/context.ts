import type { BackendAdapter } from '../adapter/backend-adapter.js';
import type { Softphone } from '../telephony/softphone.js';
import type { Stores } from '../state/stores.js';

/** What every workbench module is built from. Internal to the workbench. */
export interface ModuleContext {
  readonly adapter: BackendAdapter;
  readonly softphone: Softphone;
  readonly stores: Stores;
  readonly events: EventTarget;
  /** ISO region used to read numbers written without a country code. */
  readonly defaultCountry: string;
  readonly now: () => number;
  /** Aborted when the workbench is disposed. */
  readonly signal: AbortSignal;
}

/** A readable message from anything thrown, for the agent. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message.slice(0, 300);
  return 'Something went wrong.';
}
