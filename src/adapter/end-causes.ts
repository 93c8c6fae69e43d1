import type { CallEndCause } from './types.js';

/** Each end cause once; a `Record` so that a cause added to {@link CallEndCause} fails to compile until it is listed here. */
const causes: Record<CallEndCause, true> = {
  hangup: true,
  rejected: true,
  missed: true,
  cancelled: true,
  busy: true,
  failed: true,
  transferred: true,
  'connection-lost': true,
};

/** Every reason a call can end with, for the checks of what carries one (call reports, tab messages). */
export const CALL_END_CAUSES: readonly CallEndCause[] = Object.freeze(Object.keys(causes) as CallEndCause[]);
