/**
 * Candidate values found by the rules, and how mentions of the same value
 * combine. Internal to `src/smart-fill/`.
 */
import type { Utterance } from './text.js';

/** One mention of a value in one segment. */
export interface Candidate<T> {
  /** Mentions with the same key are the same value (e.g. the E.164 number). */
  readonly key: string;
  readonly value: T;
  /** 0…1: how sure this one mention is. */
  readonly confidence: number;
  readonly utterance: Utterance;
}

/** The value chosen among candidates, with every segment that mentioned it. */
export interface Chosen<T> {
  readonly value: T;
  readonly confidence: number;
  readonly segmentIds: readonly string[];
}

/** At most this many segment ids are listed for one value. */
export const MAX_SEGMENT_IDS = 8;

/**
 * Groups mentions by key and picks the best value: the highest confidence
 * (each repeated mention adds a little, up to 0.99), ties going to the value
 * mentioned last. Its segment ids are those of every mention, in order.
 */
export function choose<T>(candidates: readonly Candidate<T>[]): Chosen<T> | null {
  if (candidates.length === 0) return null;
  const groups = new Map<string, { value: T; best: number; count: number; last: number; ids: Set<Utterance> }>();
  for (const c of candidates) {
    let group = groups.get(c.key);
    if (!group) {
      group = { value: c.value, best: 0, count: 0, last: -1, ids: new Set() };
      groups.set(c.key, group);
    }
    if (c.confidence > group.best) {
      group.best = c.confidence;
      group.value = c.value;
    }
    group.count += 1;
    group.last = Math.max(group.last, c.utterance.index);
    group.ids.add(c.utterance);
  }
  let winner: { value: T; score: number; last: number; ids: Set<Utterance> } | null = null;
  for (const group of groups.values()) {
    const score = Math.min(0.99, group.best + 0.03 * Math.min(group.count - 1, 3));
    if (!winner || score > winner.score || (score === winner.score && group.last > winner.last)) {
      winner = { value: group.value, score, last: group.last, ids: group.ids };
    }
  }
  if (!winner) return null;
  const ids = [...winner.ids]
    .sort((a, b) => a.index - b.index)
    .slice(0, MAX_SEGMENT_IDS)
    .map((u) => u.id);
  return { value: winner.value, confidence: round(winner.score), segmentIds: ids };
}

/**
 * Every value among the candidates (grouped by key like {@link choose}), in
 * the order first mentioned, each with its confidence and segment ids.
 */
export function chooseAll<T>(candidates: readonly Candidate<T>[]): Chosen<T>[] {
  const keys: string[] = [];
  const byKey = new Map<string, Candidate<T>[]>();
  for (const c of candidates) {
    const list = byKey.get(c.key);
    if (list) list.push(c);
    else {
      byKey.set(c.key, [c]);
      keys.push(c.key);
    }
  }
  const out: Chosen<T>[] = [];
  for (const key of keys) {
    const chosen = choose(byKey.get(key) ?? []);
    if (chosen) out.push(chosen);
  }
  return out;
}

/** Two decimals, clamped to 0…1. */
export function round(confidence: number): number {
  return Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
}
