/**
 * A call's media quality as the phone bar shows it and the call report keeps
 * it: the latest sample (good / fair / poor with its figures) and a running
 * summary over every sample of the call (averages, maxima, the worst level,
 * how often the connection to the SIP server was lost).
 *
 * Figures a browser reports wrongly (negative, not finite, absurd: over a
 * minute of RTT or jitter, over 100 % loss) are dropped, sample by sample.
 *
 * @packageDocumentation
 */
import type { CallQualitySummary } from '../adapter/types.js';
import type { CallQualityState } from '../state/pop-state.js';
import { qualityLevel, type CallLink, type CallQuality, type QualityLevel } from '../telephony/softphone.js';

/** The most a figure may be before it is taken as a browser's error: one minute (ms) or 100 %. */
const MAX_MS = 60_000;
const MAX_PERCENT = 100;

/** Running sums behind the averages (not part of the summary the backend sees). */
interface Sums {
  rtt: number;
  rttN: number;
  jitter: number;
  jitterN: number;
  loss: number;
  lossN: number;
}

const RANK: { readonly [level in QualityLevel]: number } = { good: 0, fair: 1, poor: 2 };

/** A figure as reported, or null when it is missing or cannot be true. */
export function cleanFigure(value: unknown, max: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max ? value : null;
}

/** The empty quality of a call that has no sample yet. */
export function emptyQuality(): CallQualityState {
  return {
    latest: null,
    link: 'ok',
    summary: {
      samples: 0,
      worst: 'good',
      avgRttMs: null,
      maxRttMs: null,
      avgJitterMs: null,
      maxJitterMs: null,
      avgLossPercent: null,
      maxLossPercent: null,
      linkLost: 0,
    },
  };
}

const round = (value: number): number => Math.round(value * 10) / 10;

/**
 * Keeps calls' quality: `sample` takes a softphone quality event, `link` the
 * call's link as each call snapshot reports it. A sample older than the
 * latest one is ignored (samples relayed between tabs may arrive out of order).
 */
export class QualityTracker {
  readonly #states = new Map<string, CallQualityState>();
  readonly #sums = new Map<string, Sums>();

  get(callId: string): CallQualityState | undefined {
    return this.#states.get(callId);
  }

  /** Add a sample; returns the call's new state, or null when the sample had nothing usable. */
  sample(callId: string, raw: CallQuality): CallQualityState | null {
    const rttMs = cleanFigure(raw.rttMs, MAX_MS);
    const jitterMs = cleanFigure(raw.jitterMs, MAX_MS);
    const lossPercent = cleanFigure(raw.lossPercent, MAX_PERCENT);
    if (rttMs === null && jitterMs === null && lossPercent === null) return null;
    const state = this.#states.get(callId) ?? emptyQuality();
    const at = typeof raw.at === 'number' && Number.isFinite(raw.at) ? raw.at : 0;
    if (state.latest && at < state.latest.at) return null;
    const figures = { rttMs, jitterMs, lossPercent };
    // The level is ours, from the figures kept (a sample's own level may count a dropped figure).
    const level = qualityLevel(figures);
    const sums = this.#sums.get(callId) ?? { rtt: 0, rttN: 0, jitter: 0, jitterN: 0, loss: 0, lossN: 0 };
    if (rttMs !== null) (sums.rtt += rttMs), (sums.rttN += 1);
    if (jitterMs !== null) (sums.jitter += jitterMs), (sums.jitterN += 1);
    if (lossPercent !== null) (sums.loss += lossPercent), (sums.lossN += 1);
    this.#sums.set(callId, sums);
    const s = state.summary;
    const max = (previous: number | null, value: number | null): number | null =>
      value === null ? previous : previous === null ? value : Math.max(previous, value);
    const next: CallQualityState = {
      ...state,
      latest: { ...figures, level, at },
      summary: {
        ...s,
        samples: s.samples + 1,
        worst: RANK[level] > RANK[s.worst] ? level : s.worst,
        avgRttMs: sums.rttN ? round(sums.rtt / sums.rttN) : null,
        maxRttMs: max(s.maxRttMs, rttMs),
        avgJitterMs: sums.jitterN ? round(sums.jitter / sums.jitterN) : null,
        maxJitterMs: max(s.maxJitterMs, jitterMs),
        avgLossPercent: sums.lossN ? round(sums.loss / sums.lossN) : null,
        maxLossPercent: max(s.maxLossPercent, lossPercent),
      },
    };
    this.#states.set(callId, next);
    return next;
  }

  /** The call's link as its latest snapshot says; returns the new state when it changed. */
  link(callId: string, link: CallLink | undefined): CallQualityState | null {
    const value: CallLink = link ?? 'ok';
    const state = this.#states.get(callId) ?? emptyQuality();
    if (state.link === value) return null;
    const next: CallQualityState = {
      ...state,
      link: value,
      summary: value === 'lost' ? { ...state.summary, linkLost: state.summary.linkLost + 1 } : state.summary,
    };
    this.#states.set(callId, next);
    return next;
  }

  /** The summary the call report sends: null for a call with no sample and no lost link. */
  summary(callId: string): CallQualitySummary | null {
    const state = this.#states.get(callId);
    if (!state || (state.summary.samples === 0 && state.summary.linkLost === 0)) return null;
    return state.summary;
  }

  forget(callId: string): void {
    this.#states.delete(callId);
    this.#sums.delete(callId);
  }
}
