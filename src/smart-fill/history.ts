/**
 * Category learned from the call center's own history: the transcripts of
 * summaries agents already saved (the category they chose + what was said)
 * make one TF-IDF centroid per category (Rocchio), with Chinese character
 * bigrams and English words as features; a new call goes to the category whose
 * calls it resembles most (cosine similarity). On a few hundred short saved
 * calls this told categories apart better than naive Bayes did, in a 5-fold
 * cross-validation over the history set of bench/smart-fill-corpus. The model
 * is plain, additive data — per category, how many of its calls used each
 * feature — so it can be kept in storage and updated one call at a time.
 * Small, local and pure: training 1,000 calls is a few milliseconds.
 */
import type { ConversationSegment } from '../adapter/types.js';
import { prepareSegments, type Utterance } from './text.js';

/** One saved summary: the category the agent chose and the call's transcript. */
export interface CategoryExample {
  readonly categoryId: string;
  readonly segments: readonly ConversationSegment[];
}

/**
 * A trained model: counts per category (plain data). Adding two models' fields
 * gives the model of both sets of calls.
 */
export interface CategoryModel {
  /** Calls seen per category. */
  readonly calls: Readonly<Record<string, number>>;
  /** Per category, how many of its calls used each feature (a feature counts once per call). */
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Per category, the sum of its calls' distinct features. */
  readonly totals: Readonly<Record<string, number>>;
  /** Distinct features seen. */
  readonly vocabulary: number;
}

/** A category the history suggests. */
export interface HistoryGuess {
  readonly id: string;
  /** Cosine similarity (0…1) of the call to that category's calls. */
  readonly similarity: number;
  /** Its share of the similarity over the categories asked about (0…1; they sum to 1). */
  readonly probability: number;
}

const WORD = /[a-z][a-z']+/g;
const CJK_RUN = /[\u3400-\u9fff]+/g;
/** Words that say nothing about the matter. */
const STOP = new Set(
  'the a an and or but to of in on at for is it its it\'s i i\'m you your we our my me this that with be have has was were are can could will would just so do did not no yes yeah okay ok thanks thank please hi hello there what when how about from'.split(' '),
);
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
    const features = new Set(featuresOf(prepareSegments(example.segments ?? [])));
    if (features.size === 0) continue;
    const id = example.categoryId;
    calls[id] = (calls[id] ?? 0) + 1;
    const table = (counts[id] ??= Object.create(null) as Record<string, number>);
    for (const f of features) {
      table[f] = (table[f] ?? 0) + 1;
      vocabulary.add(f);
    }
    totals[id] = (totals[id] ?? 0) + features.size;
  }
  return { calls, counts, totals, vocabulary: vocabulary.size };
}

/**
 * The categories of `allowed` (the current tree's leaves) the history
 * suggests for this call, most similar first; empty when the model has not
 * seen any of them or the call shares nothing with their calls.
 */
export function guessFromHistory(model: CategoryModel, utterances: readonly Utterance[], allowed: ReadonlySet<string>): HistoryGuess[] {
  const calls = model?.calls ?? {};
  const counts = model?.counts ?? {};
  const ids = Object.keys(calls).filter((id) => allowed.has(id) && (calls[id] ?? 0) > 0);
  if (ids.length === 0) return [];
  const query = new Set(featuresOf(utterances));
  if (query.size === 0) return [];
  // Document frequency over every call the model has seen (also of categories no longer in the tree).
  let total = 0;
  const df = new Map<string, number>();
  for (const [id, n] of Object.entries(calls)) {
    if (!(n > 0)) continue;
    total += n;
    for (const [feature, c] of Object.entries(counts[id] ?? {})) if (c > 0) df.set(feature, (df.get(feature) ?? 0) + c);
  }
  const idf = (feature: string): number => Math.log((total + 1) / ((df.get(feature) ?? 0) + 1));
  let queryNorm = 0;
  for (const f of query) if (df.has(f)) queryNorm += idf(f) ** 2;
  if (queryNorm === 0) return [];
  queryNorm = Math.sqrt(queryNorm);
  const scored = ids.map((id) => {
    const table = counts[id] ?? {};
    const n = calls[id] ?? 1;
    let norm = 0;
    for (const [feature, c] of Object.entries(table)) if (c > 0) norm += ((c / n) * idf(feature)) ** 2;
    let dot = 0;
    for (const f of query) {
      const c = table[f];
      if (c !== undefined && c > 0) dot += (c / n) * idf(f) ** 2;
    }
    return { id, similarity: norm > 0 ? dot / queryNorm / Math.sqrt(norm) : 0 };
  });
  const sum = scored.reduce((a, g) => a + g.similarity, 0);
  if (!(sum > 0)) return [];
  return scored
    .map((g) => ({ id: g.id, similarity: Math.min(1, g.similarity), probability: g.similarity / sum }))
    .sort((a, b) => b.similarity - a.similarity);
}
