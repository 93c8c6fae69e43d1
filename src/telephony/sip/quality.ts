/**
 * Media quality from WebRTC `getStats()`: pure, no sip.js, no timers. The SIP
 * softphone samples each connected call every couple of seconds and turns the
 * reports into {@link CallQuality} samples with {@link QualitySampler}.
 *
 * - RTT: `remote-inbound-rtp.roundTripTime` (what the peer's RTCP reports),
 *   else the selected `candidate-pair.currentRoundTripTime` (STUN checks);
 * - jitter: `inbound-rtp.jitter`;
 * - loss: packets lost since the last sample over packets expected since then
 *   (lost + received deltas of `inbound-rtp`).
 *
 * A figure that is missing, negative, not a number or absurd (RTT or jitter
 * over 60 s, loss over 100 %) is `null`; a sample older than the last one (a
 * report out of order) is dropped; a counter that went back (a new stream)
 * starts the loss count over.
 */
import { qualityLevel, type CallQuality } from '../softphone.js';

/** The figures of one `getStats()` report that quality needs (seconds and counts, as WebRTC gives them). */
export interface RawQuality {
  /** The report's time (ms, `RTCStats.timestamp`), to put samples in order. */
  readonly timestamp: number | null;
  readonly rttSeconds: number | null;
  readonly jitterSeconds: number | null;
  readonly packetsLost: number | null;
  readonly packetsReceived: number | null;
}

type Stat = { readonly [key: string]: unknown };

const MAX_SECONDS = 60;

function seconds(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_SECONDS ? value : null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function isAudio(stat: Stat): boolean {
  const kind = stat['kind'] ?? stat['mediaType'];
  return kind === undefined || kind === 'audio';
}

/** Pick the figures out of a `getStats()` report (anything iterable of stats objects, or a Map). */
export function rawQuality(report: { forEach(callback: (value: Stat) => void): void }): RawQuality {
  let remoteRtt: number | null = null;
  let pairRtt: number | null = null;
  let selectedPairId: string | null = null;
  const pairs = new Map<string, Stat>();
  let jitter: number | null = null;
  let lost: number | null = null;
  let received: number | null = null;
  let timestamp: number | null = null;
  report.forEach((stat) => {
    if (typeof stat !== 'object' || stat === null) return;
    const type = stat['type'];
    if (type === 'remote-inbound-rtp' && isAudio(stat)) remoteRtt ??= seconds(stat['roundTripTime']);
    else if (type === 'transport' && typeof stat['selectedCandidatePairId'] === 'string') selectedPairId = stat['selectedCandidatePairId'];
    else if (type === 'candidate-pair' && typeof stat['id'] === 'string') pairs.set(stat['id'], stat);
    else if (type === 'inbound-rtp' && isAudio(stat)) {
      jitter ??= seconds(stat['jitter']);
      const l = count(stat['packetsLost']);
      const r = count(stat['packetsReceived']);
      if (l !== null && r !== null) {
        lost = (lost ?? 0) + l;
        received = (received ?? 0) + r;
      }
      const t = stat['timestamp'];
      if (typeof t === 'number' && Number.isFinite(t)) timestamp = Math.max(timestamp ?? t, t);
    }
  });
  const selected = selectedPairId !== null ? pairs.get(selectedPairId) : [...pairs.values()].find((p) => p['nominated'] === true && p['state'] === 'succeeded');
  if (selected) pairRtt = seconds(selected['currentRoundTripTime']);
  return { timestamp, rttSeconds: remoteRtt ?? pairRtt, jitterSeconds: jitter, packetsLost: lost, packetsReceived: received };
}

/** Turns one call's successive raw figures into quality samples. */
export class QualitySampler {
  #lastTimestamp: number | null = null;
  #lastLost: number | null = null;
  #lastReceived: number | null = null;

  /**
   * The sample for these figures, or `null` when there is nothing to say (no
   * usable figure) or the report is older than the last one.
   */
  next(raw: RawQuality, at: number): CallQuality | null {
    if (raw.timestamp !== null && this.#lastTimestamp !== null && raw.timestamp <= this.#lastTimestamp) return null;
    if (raw.timestamp !== null) this.#lastTimestamp = raw.timestamp;
    let lossPercent: number | null = null;
    const { packetsLost: lost, packetsReceived: received } = raw;
    if (lost !== null && received !== null) {
      if (this.#lastLost !== null && this.#lastReceived !== null && lost >= this.#lastLost && received >= this.#lastReceived) {
        const dLost = lost - this.#lastLost;
        const expected = dLost + (received - this.#lastReceived);
        if (expected > 0) {
          const percent = (dLost / expected) * 100;
          lossPercent = percent >= 0 && percent <= 100 ? Math.round(percent * 10) / 10 : null;
        }
      }
      // A counter that went back (a new stream, a broken report) starts the count over.
      this.#lastLost = lost;
      this.#lastReceived = received;
    }
    const rttMs = raw.rttSeconds === null ? null : Math.round(raw.rttSeconds * 1000);
    const jitterMs = raw.jitterSeconds === null ? null : Math.round(raw.jitterSeconds * 10_000) / 10;
    if (rttMs === null && jitterMs === null && lossPercent === null) return null;
    const figures = { rttMs, jitterMs, lossPercent };
    return { ...figures, level: qualityLevel(figures), at };
  }
}
