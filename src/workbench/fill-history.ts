/**
 * The call center's own history for smart fill's category: the summaries its
 * agents already saved (the category chosen and what was said), read from the
 * backend's optional `summary.examples` on the first smart fill, plus the
 * summaries saved in this session. The engine trains a small local model on
 * them (see `trainCategoryModel` in the smart-fill engine) so the category it
 * fills fits how this call center files its calls.
 *
 * Everything here is best effort: a backend without the route, a slow or
 * failing backend, or examples that make no sense leave smart fill on the
 * tree's names and keywords, never failing it.
 */
import type { BackendAdapter } from '../adapter/backend-adapter.js';
import { AdapterError } from '../adapter/errors.js';
import type { ConversationSegment, Speaker, SummaryExample } from '../adapter/types.js';
import type { CategoryExample, CategoryModel } from '../smart-fill/history.js';

/** The part of the (lazily loaded) smart-fill engine the history needs. */
export interface HistoryTrainer {
  trainCategoryModel(examples: readonly CategoryExample[]): CategoryModel;
}

export interface CategoryHistoryOptions {
  /** Examples read from the backend, at most (newest first). Default 500. */
  readonly limit?: number;
  /** Examples per page read. Default 100. */
  readonly pageSize?: number;
  /** How long a fill waits for the history the first time before it goes on without. Default 1,500 ms. */
  readonly waitMs?: number;
  /** After a failed read, how long until the next fill tries again. Default 60 s. */
  readonly retryAfterMs?: number;
  /** The workbench clock. */
  readonly now?: () => number;
}

export interface CategoryHistory {
  /**
   * The model for a fill: trained on the backend's examples and this session's
   * saved summaries; `null` when there is no history (yet). Never rejects.
   */
  model(trainer: HistoryTrainer, signal?: AbortSignal): Promise<CategoryModel | null>;
  /** A summary was saved with this category: learn from its call (replaces an earlier save of the same call). */
  learn(callId: string, categoryId: string | null, segments: readonly ConversationSegment[]): void;
  /** How many examples the history holds (backend and session, one per call). */
  size(): number;
}

/** Lines of one example kept, at most (the engine reads no further). */
const MAX_LINES = 400;
const SPEAKERS: ReadonlySet<Speaker> = new Set(['customer', 'agent', 'bot']);

/** One example as the engine trains on it; `null` when it is not usable. */
function exampleOf(example: SummaryExample): CategoryExample | null {
  if (!example || typeof example.categoryId !== 'string' || example.categoryId === '' || !Array.isArray(example.lines)) return null;
  const segments: ConversationSegment[] = [];
  for (const line of example.lines.slice(0, MAX_LINES)) {
    if (!line || typeof line.text !== 'string' || !SPEAKERS.has(line.speaker) || line.text.trim() === '') continue;
    const seq = segments.length;
    segments.push({ id: `h${seq}`, callId: String(example.callId), speaker: line.speaker, text: line.text, final: true, seq, at: '' });
  }
  return segments.length === 0 ? null : { categoryId: example.categoryId, segments };
}

export function createCategoryHistory(adapter: BackendAdapter, options: CategoryHistoryOptions = {}): CategoryHistory {
  const limit = Math.max(0, options.limit ?? 500);
  const pageSize = Math.max(1, Math.min(options.pageSize ?? 100, limit || 1));
  const waitMs = options.waitMs ?? 1_500;
  const retryAfterMs = options.retryAfterMs ?? 60_000;
  const now = options.now ?? Date.now;

  /** Examples by call id: the backend's first, then this session's saves over them. */
  const examples = new Map<string, CategoryExample>();
  let loading: Promise<void> | null = null;
  let supported = typeof adapter.summary.examples === 'function';
  let failedAt = -Infinity;
  /*
   * The model is kept up to date call by call, not retrained: each example is
   * trained alone once (a fraction of a millisecond) and its counts added to
   * the sum; a replaced or forgotten example's counts are taken off again. So a
   * fill late in a shift costs what the first one after the history loaded did.
   */
  const calls: Record<string, number> = {};
  const counts: Record<string, Record<string, number>> = {};
  const totals: Record<string, number> = {};
  /** How many examples use each feature (the model's vocabulary is the distinct ones). */
  const vocabulary = new Map<string, number>();
  /** Each example's own counts, by call id, once added to the sum. */
  const added = new Map<string, CategoryModel>();
  /** Calls whose example is not in the sum yet. */
  const untrained = new Set<string>();

  function apply(single: CategoryModel, sign: 1 | -1): void {
    for (const [id, n] of Object.entries(single.calls)) {
      calls[id] = (calls[id] ?? 0) + sign * n;
      totals[id] = (totals[id] ?? 0) + sign * (single.totals[id] ?? 0);
      const table = (counts[id] ??= Object.create(null) as Record<string, number>);
      for (const [feature, c] of Object.entries(single.counts[id] ?? {})) {
        const next = (table[feature] ?? 0) + sign * c;
        if (next > 0) table[feature] = next;
        else delete table[feature];
        const uses = (vocabulary.get(feature) ?? 0) + sign;
        if (uses > 0) vocabulary.set(feature, uses);
        else vocabulary.delete(feature);
      }
      if (calls[id]! <= 0) {
        delete calls[id];
        delete totals[id];
        delete counts[id];
      }
    }
  }

  /** The example of a call changes or goes: its counts come off the sum. */
  function drop(callId: string): void {
    const single = added.get(callId);
    if (single) apply(single, -1);
    added.delete(callId);
    untrained.delete(callId);
  }

  function put(callId: string, example: CategoryExample): void {
    drop(callId);
    examples.delete(callId);
    examples.set(callId, example);
    untrained.add(callId);
  }

  async function load(): Promise<void> {
    const read = new Map<string, CategoryExample>();
    let cursor: string | null = null;
    try {
      do {
        const page = await adapter.summary.examples!({ cursor, limit: pageSize });
        for (const item of page.items) {
          if (read.size >= limit) break;
          const example = exampleOf(item);
          if (example && !read.has(item.callId)) read.set(item.callId, example);
        }
        cursor = typeof page.nextCursor === 'string' && page.nextCursor !== '' && page.items.length > 0 ? page.nextCursor : null;
      } while (cursor !== null && read.size < limit);
    } catch (error) {
      if (error instanceof AdapterError && error.code === 'not-supported') supported = false;
      else failedAt = now();
      loading = null;
      if (read.size === 0) return;
    }
    // This session's saves are newer than anything the backend answered.
    for (const [callId, example] of read) if (!examples.has(callId)) put(callId, example);
  }

  function start(): Promise<void> | null {
    if (!supported || limit === 0) return null;
    if (!loading && now() - failedAt >= retryAfterMs) loading = load();
    return loading;
  }

  return {
    async model(trainer, signal) {
      const pending = start();
      if (pending && !signal?.aborted) {
        // The first fill waits a little for the history; a slow backend does not hold it up.
        let done = (): void => {};
        const waited = new Promise<void>((resolve) => (done = resolve));
        const timer = setTimeout(done, waitMs);
        signal?.addEventListener('abort', done, { once: true });
        await Promise.race([pending, waited]);
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
      }
      for (const callId of untrained) {
        const example = examples.get(callId);
        if (!example) continue;
        try {
          const single = trainer.trainCategoryModel([example]);
          apply(single, 1);
          added.set(callId, single);
          // Its counts are all the model needs: the transcript goes (a shift saves hundreds of calls).
          examples.set(callId, { categoryId: example.categoryId, segments: [] });
        } catch {
          // An example the engine cannot read adds nothing.
        }
      }
      untrained.clear();
      if (Object.keys(calls).length === 0) return null;
      return { calls, counts, totals, vocabulary: vocabulary.size };
    },
    learn(callId, categoryId, segments) {
      if (typeof categoryId !== 'string' || categoryId === '') {
        drop(callId);
        examples.delete(callId);
        return;
      }
      const lines = segments.filter((s) => s.final).map(({ speaker, text }) => ({ speaker, text }));
      const example = exampleOf({ callId, categoryId, savedAt: '', lines });
      if (!example) return;
      put(callId, example);
      // Bounded over a whole shift: the oldest examples go first.
      for (const oldest of examples.keys()) {
        if (examples.size <= Math.max(limit, 1)) break;
        drop(oldest);
        examples.delete(oldest);
      }
    },
    size: () => examples.size,
  };
}
