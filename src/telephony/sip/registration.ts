/**
 * The SIP softphone's registration state machine and retry schedule. Pure: no
 * sip.js, no timers.
 *
 * ```text
 *                    register()
 *   unregistered ───────────────▶ registering ──200 OK──────────────▶ registered
 *        ▲                          │  │  │                              │  │
 *        │                          │  │  └─401/403/404/other refusal──┐ │  │ refresh refused
 *        │                          │  │                               ▼ ▼  │ (401/403/404…)
 *        │                          │  │                               failed ◀─┐
 *        │                          │  └─socket lost / refused to connect /    │  │ (no retry:
 *        │                          │    no answer in requestTimeoutMs /       │  │  register()
 *        │                          │    408, 5xx                              │  │  again)
 *        │                          ▼                                          │  │
 *        │                     reconnecting ◀──────socket lost────────────────────┘
 *        │                      │  ▲   │  (attempt n: wait backoff(n), then connect
 *        │                      │  └───┘   and REGISTER; `online` / tab visible
 *        │                      │           retries at once)
 *        │                      └──200 OK──▶ registered
 *        └────────unregister() from any state
 * ```
 * Only transport trouble (a lost or refused WebSocket, a server that does not
 * answer, 408/5xx) is retried; a refused account (wrong password, 403, 404…)
 * is `failed` with its reason until the agent registers again.
 */
import type { RegistrationState } from '../softphone.js';
import { SoftphoneError } from '../softphone.js';
import type { SipReconnectOptions } from './config.js';

const allowed: { readonly [from in RegistrationState]: readonly RegistrationState[] } = {
  unregistered: ['registering', 'unregistered'],
  registering: ['registered', 'reconnecting', 'failed', 'unregistered'],
  registered: ['registered', 'reconnecting', 'failed', 'unregistered'],
  reconnecting: ['reconnecting', 'registered', 'failed', 'unregistered'],
  failed: ['registering', 'unregistered', 'failed'],
};

/** The guarded registration transition: returns `to`, or throws when the diagram forbids it. */
export function nextRegistrationState(from: RegistrationState, to: RegistrationState): RegistrationState {
  if (!allowed[from].includes(to)) {
    throw new SoftphoneError('illegal-state', `Registration cannot go from ${from} to ${to}.`);
  }
  return to;
}

/**
 * How long to wait before reconnect attempt `attempt` (1, 2, …): `baseMs`
 * doubling per attempt, capped at `maxMs`, with "equal jitter" (a random point
 * in the upper half), so many agents dropped at once do not return at once.
 */
export function backoffDelay(attempt: number, options: SipReconnectOptions, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  const capped = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(n - 1, 30));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(capped / 2 + (r * capped) / 2);
}

/** What a final REGISTER failure means: retry (transport trouble) or stop (the account is refused). */
export interface RegisterFailure {
  readonly retry: boolean;
  readonly reason: string;
}

/** Classify a REGISTER failure by its status code; the reason is shown to the agent. */
export function classifyRegisterFailure(statusCode: number, reasonPhrase = ''): RegisterFailure {
  const phrase = reasonPhrase.replace(/[^\p{L}\p{N} .,'()-]/gu, '').slice(0, 60).trim();
  const suffix = ` (${statusCode}${phrase ? ` ${phrase}` : ''})`;
  switch (statusCode) {
    case 401:
    case 407:
      return { retry: false, reason: `Wrong user name or password${suffix}.` };
    case 403:
      return { retry: false, reason: `The server refused this account${suffix}.` };
    case 404:
      return { retry: false, reason: `Unknown account${suffix}.` };
    case 408:
      return { retry: true, reason: `The SIP server did not answer${suffix}.` };
    default:
      if (statusCode >= 500 && statusCode < 600) return { retry: true, reason: `The SIP server is unavailable${suffix}.` };
      return { retry: false, reason: `The server refused the registration${suffix}.` };
  }
}
