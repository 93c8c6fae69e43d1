/**
 * What a `SipSoftphone` lets tests and benchmarks see of the SIP beneath its
 * calls (the SIP Call-ID, what the peer did, RTP counters, answer timing).
 * Not part of the softphone's API: reach it through `sipDiagnostics(phone)`
 * from `callpop/testing`. This file does not import sip.js.
 */

/** What the SIP peer did on one call, for diagnostics and end-to-end tests. */
export interface SipCallDebug {
  /** The SIP Call-ID. */
  readonly sipCallId: string;
  /** DTMF digits received as SIP INFO. */
  readonly dtmfReceived: string;
  /** re-INVITEs received from the peer (its hold and resume). */
  readonly reinvitesReceived: number;
  /** Direction of the peer's last offer (`sendonly` when it put us on hold). */
  readonly remoteDirection: string | null;
  /** Whether the ACK of our 200 OK (inbound) arrived. */
  readonly ackReceived: boolean;
  /** Status code of the final answer to our INVITE (outbound), or that we sent (inbound). */
  readonly finalStatus: number | null;
  /** The `X-*` headers of an inbound INVITE (cleaned, at most 20), e.g. `X-Display-Number`. */
  readonly xHeaders: { readonly [name: string]: string };
  /** re-INVITEs with an ICE restart this phone sent to recover the call after a lost connection. */
  readonly iceRestarts: number;
  /**
   * The status in the last NOTIFY (`message/sipfrag`) about this call's transfer (REFER):
   * 200 when the target answered, 603 when it declined; `null` before any.
   */
  readonly transferStatus: number | null;
}

/** RTP counters of one call, from `getStats()`. */
export interface SipCallStats {
  readonly packetsSent: number;
  readonly packetsReceived: number;
}

/** A moment in the answer path, for the answer-latency benchmark (epoch ms). */
export interface SipAnswerTiming {
  readonly answerCalledAt: number;
  /** When the 200 OK went to the WebSocket. */
  readonly okSentAt: number | null;
}

/** The diagnostics of one SIP softphone. */
export interface SipDiagnostics {
  /** What the peer did on a call (kept for the last 50 calls, also after they end). */
  debug(callId: string): SipCallDebug | null;
  /** RTP packets sent and received on a call so far (audio, from `getStats()`). */
  stats(callId: string): Promise<SipCallStats>;
  /** When `answer()` was called and when its 200 OK was handed to the WebSocket. */
  answerTiming(callId: string): SipAnswerTiming | null;
}

const registry = new WeakMap<object, SipDiagnostics>();

/** @internal A SIP softphone makes its diagnostics reachable (called by its constructor). */
export function provideSipDiagnostics(phone: object, diagnostics: SipDiagnostics): void {
  registry.set(phone, diagnostics);
}

/**
 * The diagnostics of a SIP softphone (`loadSipSoftphone(…, { sharing: 'none' })`,
 * or a shared phone's `local` while this tab holds it); `null` for anything else.
 */
export function sipDiagnostics(phone: unknown): SipDiagnostics | null {
  return typeof phone === 'object' && phone !== null ? (registry.get(phone) ?? null) : null;
}
