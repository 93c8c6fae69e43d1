/**
 * Category learned from the call center's own history: a multinomial naive
 * Bayes model over the transcripts of summaries agents already saved (the
 * category they chose + what was said), with Chinese character bigrams and
 * English words as features. Small, local and pure: training 1,000 calls is a
 * few milliseconds; the model is plain data (it can be kept in storage).
 */
import type { ConversationSegment } from '../adapter/types.js';
import { prepareSegments, type Utterance } from './text.js';

/** One saved summary: the category the agent chose and the call's transcript. */
export interface CategoryExample {
  readonly categoryId: string;
  readonly segments: readonly ConversationSegment[];
}

/** A trained model: counts per category (plain data). */
export interface CategoryModel {
  /** Calls seen per category. */
  readonly calls: Readonly<Record<string, number>>;
  /** Feature counts per category. */
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Total feature count per category. */
  readonly totals: Readonly<Record<string, number>>;
  /** Distinct features seen. */
  readonly vocabulary: number;
}

/** A category the history suggests, with its posterior probability (0…1). */
export interface HistoryGuess {
  readonly id: string;
  readonly probability: number;
}

const WORD = /[a-z][a-z']+/g;
const CJK_RUN = /[\u3400-\u9fff]+/g;
/** Words that say nothing about the matter. */
const STOP = new Set(
  'the a an and or but to of in on at for is it its it\'s i i\'m you your we our my me this that with be have has was were are can could will would just so do did not no yes yeah okay ok thanks thank please hi hello there what when how about from'.split(' '),
);
/** The likelihood counts as this many independent features, at most. */
const TEMPER = 12;
/** Features read from one call, at most (a very long call is not read to its end). */
const MAX_FEATURES = 4000;

/** The features of a call: English words and Chinese character bigrams of the customer's and the agent's lines. */
export function featuresOf(utterances: readonly Utterance[]): string[] {
  const out: string[] = [];
  for (const u of utterances) {
    if (u.speaker === 'bot') continue;
    if (u.latin) {
      for (const m of u.lower.match(WORD) ?? []) if (!STOP.has(m)) out.push(m);
    }
    if (u.cjk) {
      for (const run of u.text.match(CJK_RUN) ?? []) {
        for (let i = 0; i + 1 < run.length; i += 1) out.push(run.slice(i, i + 2));
      }
    }
    if (out.length >= MAX_FEATURES) break;
  }
  return out.slice(0, MAX_FEATURES);
}

/** Trains the model on saved summaries (examples without a category or text are skipped). */
export function trainCategoryModel(examples: readonly CategoryExample[]): CategoryModel {
  const calls: Record<string, number> = {};
  const counts: Record<string, Record<string, number>> = {};
  const totals: Record<string, number> = {};
  const vocabulary = new Set<string>();
  for (const example of Array.isArray(examples) ? examples : []) {
    if (!example || typeof example.categoryId !== 'string' || example.categoryId === '') continue;
    const features = featuresOf(prepareSegments(example.segments ?? []));
    if (features.length === 0) continue;
    const id = example.categoryId;
    calls[id] = (calls[id] ?? 0) + 1;
    const table = (counts[id] ??= Object.create(null) as Record<string, number>);
    for (const f of features) {
      table[f] = (table[f] ?? 0) + 1;
      vocabulary.add(f);
    }
    totals[id] = (totals[id] ?? 0) + features.length;
  }
  return { calls, counts, totals, vocabulary: vocabulary.size };
}

/**
 * The categories of `allowed` (the current tree's leaves) the history
 * suggests for this call, most probable first; empty when the model has not
 * seen any of them.
 */
export function guessFromHistory(model: CategoryModel, utterances: readonly Utterance[], allowed: ReadonlySet<string>): HistoryGuess[] {
  const ids = Object.keys(model?.calls ?? {}).filter((id) => allowed.has(id));
  if (ids.length === 0) return [];
  const features = featuresOf(utterances);
  if (features.length === 0) return [];
  const calls = ids.reduce((n, id) => n + (model.calls[id] ?? 0), 0);
  const v = Math.max(1, model.vocabulary);
  const scores = ids.map((id) => {
    const table = model.counts[id] ?? {};
    const denominator = Math.log((model.totals[id] ?? 0) + v);
    let score = Math.log((model.calls[id] ?? 0) / calls);
    let likelihood = 0;
    for (const f of features) likelihood += Math.log((table[f] ?? 0) + 1) - denominator;
    // Tempered: a call has hundreds of features that are not independent; undamped, the posterior
    // is near 0 or 1 whatever the evidence.
    return score + likelihood * Math.min(1, TEMPER / features.length);
  });
  const top = Math.max(...scores);
  const weights = scores.map((s) => Math.exp(s - top));
  const sum = weights.reduce((a, b) => a + b, 0);
  return ids
    .map((id, i) => ({ id, probability: (weights[i] ?? 0) / sum }))
    .sort((a, b) => b.probability - a.probability);
}
