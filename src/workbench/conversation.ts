import { map, type MapStore } from 'nanostores';
import { AdapterError } from '../adapter/errors.js';
import type { ConversationSegment } from '../adapter/types.js';
import { messageOf, type ModuleContext, type ModuleLifecycle } from './context.js';
import { defineModule, type CoreModules } from './modules.js';
import { recencyBound } from './recency.js';

/** Segments kept per call; beyond it the oldest are dropped (an hour ≈ 3,600 segments). */
export const MAX_SEGMENTS_PER_CALL = 20_000;
/** Calls whose transcript is kept in memory; the least recently touched one is forgotten first. */
export const MAX_TRANSCRIPTS = 30;

/** One call's transcript as the elements see it. */
export interface Transcript {
  /** `idle`: nobody asked for the history yet (pushed segments may already be here). */
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** One segment per id, in `seq` order (final text replaces interim text). */
  readonly segments: readonly ConversationSegment[];
  /** Why the history could not be loaded. */
  readonly error: string | null;
}

/** The conversation capability of the workbench (`workbench.use(conversationModule)`). */
export interface ConversationModule extends ModuleLifecycle {
  /**
   * Transcripts by call id. Kept apart from the pop store: it changes with every
   * recognised word.
   */
  readonly $transcripts: MapStore<Record<string, Transcript | undefined>>;
  /**
   * Load the call's history once (segments pushed meanwhile are merged in).
   * Resolves when it is loaded or failed; never rejects.
   */
  load(callId: string): Promise<void>;
  /** Load the history again (after a failure). */
  reload(callId: string): Promise<void>;
  /** The call's segments as they are now, in `seq` order. */
  segments(callId: string): readonly ConversationSegment[];
}

const EMPTY: Transcript = { status: 'idle', segments: [], error: null };

/**
 * Merge one segment into a `seq`-ordered list holding one segment per id.
 * Final text replaces interim text; interim text never replaces final text
 * (a late interim after the final is dropped); an identical segment changes
 * nothing (the same array is returned). Pure.
 */
export function mergeSegment(
  segments: readonly ConversationSegment[],
  segment: ConversationSegment,
  options: { readonly preferExisting?: boolean } = {},
): readonly ConversationSegment[] {
  const index = indexOfId(segments, segment);
  if (index >= 0) {
    const existing = segments[index]!;
    if (existing.final && !segment.final) return segments;
    if (options.preferExisting && existing.final === segment.final) return segments;
    if (sameSegment(existing, segment)) return segments;
    if (existing.seq === segment.seq) {
      const next = segments.slice();
      next[index] = segment;
      return next;
    }
    const without = segments.slice();
    without.splice(index, 1);
    return insertSorted(without, segment);
  }
  return insertSorted(segments, segment);
}

/** Merge many segments (e.g. a loaded history) at once. Pure. */
export function mergeSegments(
  segments: readonly ConversationSegment[],
  incoming: readonly ConversationSegment[],
  options: { readonly preferExisting?: boolean } = {},
): readonly ConversationSegment[] {
  if (segments.length === 0) {
    // Fast path: sort once and keep the last final (or last) per id.
    const byId = new Map<string, ConversationSegment>();
    for (const segment of incoming) {
      const existing = byId.get(segment.id);
      if (!existing || !(existing.final && !segment.final)) byId.set(segment.id, segment);
    }
    return [...byId.values()].sort(compare);
  }
  let merged = segments;
  for (const segment of incoming) merged = mergeSegment(merged, segment, options);
  return merged;
}

function compare(a: ConversationSegment, b: ConversationSegment): number {
  return a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function sameSegment(a: ConversationSegment, b: ConversationSegment): boolean {
  return a.text === b.text && a.final === b.final && a.seq === b.seq && a.speaker === b.speaker && a.at === b.at;
}

/** Where a segment of this id is: looked up near its `seq` first (the usual case), else everywhere. */
function indexOfId(segments: readonly ConversationSegment[], segment: ConversationSegment): number {
  const at = lowerBound(segments, segment.seq);
  for (let i = at; i < segments.length && segments[i]!.seq === segment.seq; i += 1) {
    if (segments[i]!.id === segment.id) return i;
  }
  // Same id with another seq (a recogniser that renumbered): rare, scan from the end.
  for (let i = segments.length - 1; i >= 0; i -= 1) if (segments[i]!.id === segment.id) return i;
  return -1;
}

/** First index whose seq is ≥ `seq`. */
function lowerBound(segments: readonly ConversationSegment[], seq: number): number {
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (segments[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(segments: readonly ConversationSegment[], segment: ConversationSegment): readonly ConversationSegment[] {
  const last = segments[segments.length - 1];
  if (!last || compare(last, segment) < 0) return [...segments, segment];
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(segments[mid]!, segment) < 0) lo = mid + 1;
    else hi = mid;
  }
  const next = segments.slice();
  next.splice(lo, 0, segment);
  return next;
}

/** One place a search matched: the segment's index in the list and where in its text. */
export interface TranscriptMatch {
  readonly index: number;
  readonly segmentId: string;
  readonly start: number;
  readonly end: number;
}

/** Every case-insensitive occurrence of `query` in the segments' text, in order. Pure. */
export function searchTranscript(segments: readonly ConversationSegment[], query: string): readonly TranscriptMatch[] {
  const needle = query.trim().toLocaleLowerCase();
  if (!needle) return [];
  const matches: TranscriptMatch[] = [];
  segments.forEach((segment, index) => {
    const haystack = segment.text.toLocaleLowerCase();
    let from = 0;
    for (;;) {
      const start = haystack.indexOf(needle, from);
      if (start < 0) break;
      matches.push({ index, segmentId: segment.id, start, end: start + needle.length });
      from = start + needle.length;
    }
  });
  return matches;
}

/** A text cut into plain and matching pieces, for highlighting with text nodes. Pure. */
export function splitByQuery(text: string, query: string): readonly { readonly text: string; readonly match: boolean }[] {
  const needle = query.trim().toLocaleLowerCase();
  if (!needle) return [{ text, match: false }];
  const haystack = text.toLocaleLowerCase();
  const pieces: { text: string; match: boolean }[] = [];
  let from = 0;
  for (;;) {
    const start = haystack.indexOf(needle, from);
    if (start < 0) break;
    if (start > from) pieces.push({ text: text.slice(from, start), match: false });
    pieces.push({ text: text.slice(start, start + needle.length), match: true });
    from = start + needle.length;
  }
  if (from < text.length || pieces.length === 0) pieces.push({ text: text.slice(from), match: false });
  return pieces;
}

export function createConversationModule(ctx: ModuleContext, { transcripts }: CoreModules): ConversationModule {
  const $transcripts = map<Record<string, Transcript | undefined>>({});
  const loads = new Map<string, Promise<void>>();
  /** The transcripts of the most recently touched calls are kept; the call on screen and one loading always. */
  const touch = recencyBound(
    MAX_TRANSCRIPTS,
    (callId) => callId === ctx.stores.$activeCallId.get() || loads.has(callId),
    (callId) => $transcripts.setKey(callId, undefined),
  );

  function put(callId: string, next: Transcript): void {
    const capped =
      next.segments.length > MAX_SEGMENTS_PER_CALL
        ? { ...next, segments: next.segments.slice(next.segments.length - MAX_SEGMENTS_PER_CALL) }
        : next;
    $transcripts.setKey(callId, capped);
    touch(callId);
  }

  function onSegment(segment: ConversationSegment): void {
    const current = $transcripts.get()[segment.callId] ?? EMPTY;
    const segments = mergeSegment(current.segments, segment);
    if (segments === current.segments) return;
    put(segment.callId, { ...current, segments });
  }

  function fetchHistory(callId: string): Promise<void> {
    const current = $transcripts.get()[callId] ?? EMPTY;
    put(callId, { ...current, status: 'loading', error: null });
    const promise = ctx.reports
      .whenKnown(callId, ctx.signal)
      .then(() => ctx.adapter.conversation.history(callId, { signal: ctx.signal }))
      .then(
      (history) => {
        loads.delete(callId);
        const now = $transcripts.get()[callId] ?? EMPTY;
        // Pushes that arrived while loading are newer than the history: they win unless the history has the final text.
        put(callId, { status: 'ready', error: null, segments: mergeSegments(now.segments, history, { preferExisting: true }) });
      },
      (error: unknown) => {
        loads.delete(callId);
        if (error instanceof AdapterError && error.code === 'aborted') return;
        const now = $transcripts.get()[callId] ?? EMPTY;
        put(callId, { ...now, status: 'error', error: messageOf(error) });
      },
    );
    loads.set(callId, promise);
    return promise;
  }

  const module: ConversationModule = {
    $transcripts,
    start() {
      ctx.adapter.subscribe(
        ['conversation.segment'],
        (event) => {
          if (event.type === 'conversation.segment') onSegment(event.segment);
        },
        { signal: ctx.signal },
      );
    },
    load(callId) {
      const running = loads.get(callId);
      if (running) return running;
      const status = $transcripts.get()[callId]?.status ?? 'idle';
      if (status === 'ready' || status === 'error') return Promise.resolve();
      return fetchHistory(callId);
    },
    reload(callId) {
      return loads.get(callId) ?? fetchHistory(callId);
    },
    segments(callId) {
      return $transcripts.get()[callId]?.segments ?? [];
    },
  };
  transcripts.provide(module);
  return module;
}

/** Attach with `workbench.use(conversationModule)`; `<conversation-view>` does. */
export const conversationModule = defineModule('conversation', createConversationModule);
