import type { Timers } from './timers.js';

interface Scheduled {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/**
 * A clock for tests: time stands still until the test moves it on. Give it to
 * the workbench (`createWorkbench({ now: clock.now, timers: clock })`) and to the
 * in-memory backend, then `await clock.advance(60_000)` instead of sleeping a
 * minute: every timer that falls due runs, in order, with the clock reading its
 * due time, and promises queued by each get to settle before the next.
 *
 * ```ts
 * const clock = new ManualClock('2026-11-25T02:00:00Z');
 * ```
 */
export class ManualClock implements Timers {
  #now: number;
  #seq = 0;
  #queue: Scheduled[] = [];

  constructor(start: number | string | Date) {
    const ms = typeof start === 'number' ? start : new Date(start).getTime();
    if (!Number.isFinite(ms)) throw new RangeError(`ManualClock: ${String(start)} is not a time.`);
    this.#now = ms;
  }

  /** The time, epoch ms. Bound: pass `clock.now` itself as a `now` option. */
  readonly now = (): number => this.#now;

  /** How many timers wait to run. */
  get pending(): number {
    return this.#queue.length;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    this.#seq += 1;
    const delay = Number.isFinite(ms) ? Math.max(0, ms) : 0;
    this.#queue.push({ id: this.#seq, at: this.#now + delay, callback });
    return this.#seq;
  }

  clearTimeout(handle: unknown): void {
    this.#queue = this.#queue.filter((timer) => timer.id !== handle);
  }

  /** Move time on by `ms`, running every timer due by then (also those they schedule). */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`ManualClock: cannot move time by ${ms} ms.`);
    const until = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#next(until);
      if (!next) break;
      this.#queue = this.#queue.filter((timer) => timer !== next);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
      await settle();
    }
    this.#now = until;
    await settle();
  }

  #next(until: number): Scheduled | undefined {
    let best: Scheduled | undefined;
    for (const timer of this.#queue) {
      if (timer.at <= until && (!best || timer.at < best.at || (timer.at === best.at && timer.id < best.id))) best = timer;
    }
    return best;
  }
}

/** Let queued promise callbacks (and the promises they chain) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}
