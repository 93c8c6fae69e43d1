/**
 * The softphone contract: what the workbench asks of a phone, and what it hears
 * back. Commands and events are plain, serialisable data so that the same
 * interface can be proxied over BroadcastChannel (one SIP registration shared
 * by several CRM tabs) or postMessage (the iframe mode).
 *
 * ## Per-call state machine
 *
 * ```text
 *   inbound:   ringing ──answer──▶ connected ◀──hold/resume──▶ held
 *                 │                    │                        │
 *                 └─reject/cancel──────┴──────hangup/bye────────┴──▶ ended
 *
 *   outbound:  dialing ──180──▶ early ──200──▶ connected …          ──▶ ended
 *                 └────────────────┴──failure/cancel───────────────────▶ ended
 * ```
 * `ended` is final. Every transition goes through {@link nextCallState}, which
 * rejects moves the diagram does not allow.
 *
 * ## Registration state machine
 *
 * ```text
 *   unregistered ──register──▶ registering ──ok──▶ registered
 *        ▲                          │                  │ transport lost
 *        │                          └──refused──▶ failed│
 *        └──────unregister──────── reconnecting ◀───────┘ ──ok──▶ registered
 * ```
 */

import type { CallDirection, CallEndCause } from '../adapter/types.js';
import { CALL_END_CAUSES } from '../adapter/end-causes.js';

export type CallState = 'ringing' | 'dialing' | 'early' | 'connected' | 'held' | 'ended';

/**
 * Why a call ended: the same reasons the workbench reports with the call record
 * (`CallEndCause` of the adapter contract); `connection-lost` when the connection
 * to the SIP server was lost during the call and could not be recovered.
 */
export type CallEndReason = CallEndCause;

/** Every end reason, for the checks of messages that carry one. */
export const CALL_END_REASONS: readonly CallEndReason[] = CALL_END_CAUSES;

export type RegistrationState =
  | 'unregistered'
  | 'registering'
  | 'registered'
  | 'reconnecting'
  | 'failed';

/** A snapshot of one call, as the softphone sees it. */
export interface SoftphoneCall {
  readonly id: string;
  readonly direction: CallDirection;
  /** The other party's number as signalled (not yet normalised). */
  readonly remoteNumber: string;
  /** The other party's display name as signalled; untrusted. */
  readonly remoteName: string | null;
  /** The number presented to the customer (outbound) or dialled by them (inbound). */
  readonly displayNumber: string | null;
  readonly state: CallState;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly muted: boolean;
  readonly endReason: CallEndReason | null;
  readonly hangupBy: 'customer' | 'agent' | 'system' | null;
  /** Custom call variables (from SIP headers or the IVR). */
  readonly variables: { readonly [name: string]: string };
  /**
   * The dialog is confirmed: the ACK for our 200 OK arrived (inbound) or we
   * sent it (outbound). `connected` comes with the 200 OK, before this.
   */
  readonly confirmed: boolean;
  /**
   * The call's path to the SIP server: `ok`, `lost` (the WebSocket dropped
   * during the call) or `recovering` (reconnected, re-INVITE with ICE restart
   * under way). Absent means `ok`. A call that cannot recover ends with
   * `connection-lost`.
   */
  readonly link?: CallLink;
  /**
   * The SIP status with which the last transfer of this call failed after the
   * far end accepted it (the NOTIFY's final status, e.g. 603 when the target
   * declined); the call stays with the agent. Cleared (absent) when the next
   * transfer starts. Absent when no transfer failed.
   */
  readonly transferFailed?: number;
}

export type CallLink = 'ok' | 'lost' | 'recovering';

/** good / fair / poor, from the figures (see `qualityLevel`). */
export type QualityLevel = 'good' | 'fair' | 'poor';

/**
 * Media quality of a connected call, sampled from WebRTC `getStats`
 * (remote-inbound-rtp / inbound-rtp / candidate-pair). A figure the browser
 * did not report is `null`.
 */
export interface CallQuality {
  /** Round-trip time in milliseconds. */
  readonly rttMs: number | null;
  /** Jitter in milliseconds. */
  readonly jitterMs: number | null;
  /** Packets lost, as a percentage of packets expected since the last sample (0–100). */
  readonly lossPercent: number | null;
  readonly level: QualityLevel;
  /** Epoch milliseconds of the sample. */
  readonly at: number;
}

export interface RegistrationSnapshot {
  readonly state: RegistrationState;
  /** Why registration failed or is reconnecting; shown to the agent. */
  readonly reason: string | null;
  /** While reconnecting: which attempt this is (1, 2, …). */
  readonly attempt?: number;
  /** While reconnecting: when the next attempt starts (epoch ms). */
  readonly nextAttemptAt?: number | null;
}

/**
 * Where the phone is — its registration, the calls' media, the ringtone:
 * `here` (this page), `tab` (another tab of this browser profile) or
 * `phone-window` (callpop's phone window). Only where it is `here` does the
 * page ring, notify, auto-answer and warn before it closes during a call.
 */
export type PhoneLocation = 'here' | 'tab' | 'phone-window';

export type SoftphoneEvent =
  | { readonly type: 'registration'; readonly registration: RegistrationSnapshot }
  /** A call appeared or changed; `call` is the full new snapshot. */
  | { readonly type: 'call'; readonly call: SoftphoneCall }
  /** The phone moved (a shared softphone: another tab or the phone window took it, or this page did). */
  | { readonly type: 'location'; readonly location: PhoneLocation }
  /** A new media-quality sample for a connected call (every few seconds). */
  | { readonly type: 'quality'; readonly callId: string; readonly quality: CallQuality };

export interface DialOptions {
  /** The caller ID to present, chosen by the caller-ID rules. */
  readonly displayNumber?: string | null;
  /** The SIP header that carries `displayNumber` (default `X-Display-Number`). */
  readonly displayNumberHeader?: string | null;
  readonly variables?: { readonly [name: string]: string };
}

export interface RejectOptions {
  /** Answer "486 Busy Here" instead of "603 Decline" (an agent who is not ready). */
  readonly busy?: boolean;
}

/** The audio devices calls use; `null` is the system default. */
export interface AudioDevices {
  readonly microphone?: string | null;
  readonly speaker?: string | null;
}

export interface TransferOptions {
  /** Attended transfer: the id of the consultation call to join the caller to. */
  readonly consultCallId?: string;
  /** Extra headers on the REFER (e.g. the survey marker a backend's settings ask for). */
  readonly headers?: { readonly [name: string]: string };
}

/** A SIP INFO to send in a call's dialog (e.g. a survey hand-over signalled by INFO). */
export interface InfoMessage {
  readonly contentType: string;
  readonly body: string;
}

/** What the workbench drives. Implemented by `SimulatedSoftphone` and `SipSoftphone`. */
export interface Softphone {
  /** `simulated`, `sip`, or a proxy's name. */
  readonly kind: string;
  register(): Promise<void>;
  unregister(): Promise<void>;
  /** Dials `target`; resolves with the new call's id as soon as the call exists. */
  dial(target: string, options?: DialOptions): Promise<string>;
  answer(callId: string): Promise<void>;
  reject(callId: string, options?: RejectOptions): Promise<void>;
  hangup(callId: string): Promise<void>;
  hold(callId: string, on: boolean): Promise<void>;
  mute(callId: string, on: boolean): Promise<void>;
  sendDtmf(callId: string, digits: string): Promise<void>;
  transfer(callId: string, target: string, options?: TransferOptions): Promise<void>;
  /** Sends a SIP INFO in the call's dialog; optional (a softphone without it cannot signal by INFO). */
  sendInfo?(callId: string, info: InfoMessage): Promise<void>;
  /** Use these devices for calls now and later (ringing goes through the page, see `<phone-bar>`). */
  setAudioDevices(devices: AudioDevices): Promise<void>;
  /** Current calls, oldest first. */
  calls(): readonly SoftphoneCall[];
  registration(): RegistrationSnapshot;
  /** Where the phone is (default, when absent: `here`). */
  location?(): PhoneLocation;
  /** Listen to events; returns the function that stops listening. */
  on(listener: (event: SoftphoneEvent) => void): () => void;
  dispose(): void;
}

/** Raised by a softphone command that the call's state does not allow. */
export class SoftphoneError extends Error {
  override readonly name = 'SoftphoneError';
  constructor(
    readonly code: 'illegal-state' | 'not-found' | 'not-registered' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

const allowed: { readonly [from in CallState]: readonly CallState[] } = {
  ringing: ['connected', 'ended'],
  dialing: ['early', 'connected', 'ended'],
  early: ['connected', 'ended'],
  connected: ['held', 'ended'],
  held: ['connected', 'ended'],
  ended: [],
};

/** The guarded transition: returns `to`, or throws when the diagram forbids the move. */
export function nextCallState(from: CallState, to: CallState): CallState {
  if (!allowed[from].includes(to)) {
    throw new SoftphoneError('illegal-state', `A call cannot go from ${from} to ${to}.`);
  }
  return to;
}

/** Whether the call is still going on (not ended). */
export function isLive(call: Pick<SoftphoneCall, 'state'>): boolean {
  return call.state !== 'ended';
}

/**
 * The level for a quality sample: poor when loss ≥ 5 %, RTT ≥ 400 ms or
 * jitter ≥ 50 ms; fair when loss ≥ 1 %, RTT ≥ 250 ms or jitter ≥ 30 ms;
 * good otherwise (ITU-T G.114 / common VoIP thresholds). Missing figures count as good.
 */
export function qualityLevel(sample: Pick<CallQuality, 'rttMs' | 'jitterMs' | 'lossPercent'>): QualityLevel {
  const { rttMs: rtt, jitterMs: jitter, lossPercent: loss } = sample;
  if ((loss ?? 0) >= 5 || (rtt ?? 0) >= 400 || (jitter ?? 0) >= 50) return 'poor';
  if ((loss ?? 0) >= 1 || (rtt ?? 0) >= 250 || (jitter ?? 0) >= 30) return 'fair';
  return 'good';
}
