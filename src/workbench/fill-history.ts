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
  let trained: CategoryModel | null = null;
  let dirty = true;

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
    for (const [callId, example] of read) if (!examples.has(callId)) examples.set(callId, example);
    dirty = true;
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
      if (examples.size === 0) return null;
      if (dirty || !trained) {
        try {
          trained = trainer.trainCategoryModel([...examples.values()]);
        } catch {
          trained = null;
        }
        dirty = false;
      }
      return trained;
    },
    learn(callId, categoryId, segments) {
      if (typeof categoryId !== 'string' || categoryId === '') {
        if (examples.delete(callId)) dirty = true;
        return;
      }
      const lines = segments.filter((s) => s.final).map(({ speaker, text }) => ({ speaker, text }));
      const example = exampleOf({ callId, categoryId, savedAt: '', lines });
      if (!example) return;
      examples.delete(callId);
      examples.set(callId, example);
      // Bounded over a whole shift: the oldest examples go first.
      for (const oldest of examples.keys()) {
        if (examples.size <= Math.max(limit, 1)) break;
        examples.delete(oldest);
      }
      dirty = true;
    },
    size: () => examples.size,
  };
}
