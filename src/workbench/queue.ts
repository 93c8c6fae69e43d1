/**
 * The queue indicator's capability (`workbench.use(queueModule)`): how many
 * callers wait in the agent's skill groups and the longest wait, for
 * `<phone-bar>`.
 *
 * - Shown only when the phone settings have `queue` (the warning thresholds).
 * - Figures come from the backend's `queue.stats` pushes; `agents.queueStats()`
 *   (`GET /agents/me/queues`) gives the first figures, and is polled every
 *   {@link QUEUE_POLL_MS} only while no push has arrived (a backend that pushes
 *   is never polled once its first push is in).
 * - Figures that cannot be true are ignored: a queue with a missing, negative,
 *   fractional or absurd count or wait is left out; a snapshot older than the
 *   one shown (out of order) is dropped whole.
 *
 * @packageDocumentation
 */
import { atom, type ReadableAtom } from 'nanostores';
import { AdapterError } from '../adapter/errors.js';
import type { QueueSettings, QueueStats } from '../adapter/types.js';
import type { ModuleLifecycle } from './context.js';
import { defineModule } from './modules.js';

/** How often the queues are read while the backend pushes nothing (ms). */
export const QUEUE_POLL_MS = 30_000;
/** More callers than this waiting in one queue is taken as a backend's error. */
export const QUEUE_MAX_WAITING = 10_000;
/** A wait longer than this (one day, in seconds) is taken as a backend's error. */
export const QUEUE_MAX_WAIT_SECONDS = 86_400;

/** What the phone bar's queue indicator shows. */
export interface QueueIndicatorState {
  /** `hidden`: no queue settings, or no figures yet; `ready`: figures below. */
  readonly status: 'hidden' | 'ready';
  /** Callers waiting over the agent's skill groups. */
  readonly waiting: number;
  /** The longest current wait over those queues, in seconds. */
  readonly longestWaitSeconds: number;
  /** The figures' instant (epoch ms), null before the first. */
  readonly at: number | null;
  /** At or over one of the settings' thresholds: shown in the warning colour. */
  readonly warn: boolean;
  /** Where the figures came from. */
  readonly source: 'push' | 'poll' | null;
}

/** The queues' figures summed, with their instant. */
export interface QueueFigures {
  readonly waiting: number;
  readonly longestWaitSeconds: number;
  readonly at: number;
}

const HIDDEN: QueueIndicatorState = { status: 'hidden', waiting: 0, longestWaitSeconds: 0, at: null, warn: false, source: null };

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= QUEUE_MAX_WAITING;
const isWait = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= QUEUE_MAX_WAIT_SECONDS;

/**
 * The figures of a snapshot, or null when it is to be ignored: no valid
 * instant, not newer than `after` (out of order, or the snapshot already shown), or not one usable queue in a
 * non-empty list. Queues with unusable figures are left out of the sums.
 */
export function summariseQueues(stats: unknown, after: number | null): QueueFigures | null {
  if (typeof stats !== 'object' || stats === null) return null;
  const { at: rawAt, queues } = stats as Partial<QueueStats>;
  const at = typeof rawAt === 'string' ? Date.parse(rawAt) : Number.NaN;
  if (!Number.isFinite(at) || (after !== null && at <= after) || !Array.isArray(queues)) return null;
  const byId = new Map<string, { waiting: number; longest: number }>();
  for (const queue of queues as unknown[]) {
    if (typeof queue !== 'object' || queue === null) continue;
    const { id, waiting, longestWaitSeconds } = queue as Record<string, unknown>;
    if (typeof id !== 'string' || !isCount(waiting) || !isWait(longestWaitSeconds)) continue;
    // Nobody waiting has no wait, whatever the figure says.
    byId.set(id, { waiting, longest: waiting > 0 ? longestWaitSeconds : 0 });
  }
  if (byId.size === 0 && queues.length > 0) return null;
  let waiting = 0;
  let longest = 0;
  for (const queue of byId.values()) {
    waiting += queue.waiting;
    longest = Math.max(longest, queue.longest);
  }
  return { waiting, longestWaitSeconds: Math.round(longest), at };
}

/** Whether the figures reach a threshold (a threshold of 0 or less is off). */
export function queueWarns(figures: Pick<QueueFigures, 'waiting' | 'longestWaitSeconds'>, settings: QueueSettings): boolean {
  return (
    (settings.warnWaiting > 0 && figures.waiting >= settings.warnWaiting) ||
    (settings.warnLongestWaitSeconds > 0 && figures.longestWaitSeconds >= settings.warnLongestWaitSeconds)
  );
}

/** The queue indicator's capability of the workbench (`workbench.use(queueModule)`). */
export interface QueueModule extends ModuleLifecycle {
  readonly $queue: ReadableAtom<QueueIndicatorState>;
}

/** Attach with `workbench.use(queueModule)`; `<phone-bar>` does. */
export const queueModule = defineModule<QueueModule>('queue', (ctx) => {
  const { $phoneSettings } = ctx.stores;
  const $queue = atom<QueueIndicatorState>(HIDDEN);
  let running: AbortController | null = null;
  let pollTimer: unknown;
  let pushSeen = false;

  function settings(): QueueSettings | null {
    return $phoneSettings.get().settings?.queue ?? null;
  }

  function take(stats: unknown, source: 'push' | 'poll'): void {
    const thresholds = settings();
    if (!thresholds) return;
    const figures = summariseQueues(stats, $queue.get().at);
    if (!figures) return;
    $queue.set({ status: 'ready', ...figures, warn: queueWarns(figures, thresholds), source });
  }

  function schedulePoll(signal: AbortSignal): void {
    ctx.timers.clearTimeout(pollTimer);
    pollTimer = undefined;
    if (pushSeen || signal.aborted) return;
    pollTimer = ctx.timers.setTimeout(() => {
      pollTimer = undefined;
      void read(signal, true);
    }, QUEUE_POLL_MS);
  }

  async function read(signal: AbortSignal, keepPolling: boolean): Promise<void> {
    const get = ctx.adapter.agents.queueStats;
    if (typeof get !== 'function') return;
    try {
      const stats = await get.call(ctx.adapter.agents, { signal });
      if (!signal.aborted) take(stats, 'poll');
    } catch (error) {
      // A backend without the read: only its pushes count.
      if (error instanceof AdapterError && (error.code === 'not-supported' || error.code === 'aborted')) return;
      if (!signal.aborted) console.warn('callpop: could not read the queues', error);
    }
    if (keepPolling) schedulePoll(signal);
  }

  function begin(): void {
    if (running) return;
    const controller = new AbortController();
    running = controller;
    const signal = AbortSignal.any([controller.signal, ctx.signal]);
    pushSeen = false;
    ctx.adapter.subscribe(
      ['queue.stats'],
      (event) => {
        if (event.type !== 'queue.stats') return;
        pushSeen = true;
        ctx.timers.clearTimeout(pollTimer);
        pollTimer = undefined;
        take(event.stats, 'push');
      },
      { signal },
    );
    void read(signal, true);
  }

  function end(): void {
    running?.abort();
    running = null;
    ctx.timers.clearTimeout(pollTimer);
    pollTimer = undefined;
    $queue.set(HIDDEN);
  }

  function follow(): void {
    if (settings()) begin();
    else if ($phoneSettings.get().status === 'ready') end();
  }

  const unlisten = $phoneSettings.listen(follow);
  ctx.signal.addEventListener('abort', () => (unlisten(), end()), { once: true });

  return {
    $queue,
    start() {
      follow();
    },
  };
});
