import type { AgentPhoneSettings, AgentStatus } from '../adapter/types.js';

export interface AgentStatusState {
  readonly status: AgentStatus;
  /** The break's reason (one of the settings' `breakReasons`) while on a break. */
  readonly breakReasonId: string | null;
  /** When after-call work ends by itself (epoch ms); null outside ACW or without a limit. */
  readonly acwEndsAt: number | null;
  /** When after-call work began (epoch ms): extensions count their limit from here. Null or absent outside ACW. */
  readonly acwStartedAt?: number | null;
}

export interface PhoneSettingsState {
  /** `idle` until something needs the settings (the phone bar at start, the first dial). */
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly settings: AgentPhoneSettings | null;
  /** Why loading failed, for the agent (with a retry). */
  readonly error: string | null;
}

/** An attended transfer in progress: the caller is held while the agent talks to the target. */
export interface ConsultState {
  /** The call being transferred (held). */
  readonly callId: string;
  /** The consultation call to the target. */
  readonly consultCallId: string;
  readonly target: string;
}
