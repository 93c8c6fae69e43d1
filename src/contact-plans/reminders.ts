/**
 * Contact plan reminders, scheduled from the backend's data (never from
 * memory alone), so they survive a reload, fire once however many tabs have
 * the CRM open, and catch up on plans that fell due while the page was closed
 * or the computer slept.
 *
 * - One timer for the next reminder, plus a heartbeat and a check whenever the
 *   page becomes visible again: after a sleep the clock has jumped past the
 *   scheduled time, and the next check fires what is due.
 * - Once across tabs: the tab that shows a reminder holds the Web Lock
 *   `callpop-reminder-<planId>` (asked with `ifAvailable`) for as long as the
 *   notice is shown; other tabs do not get it and show nothing. When the
 *   agent acts on it, the tab records the reminder as acknowledged in
 *   `localStorage`, tells the other tabs on the BroadcastChannel
 *   `callpop-reminders`, then lets the lock go. A tab that closes with the
 *   notice unanswered releases the lock, and another tab shows it at its next
 *   check. Without the Web Locks API every tab may show it, until one is
 *   acknowledged.
 * - A reminder is one plan at one time (`reminderKey`): snoozing a plan gives
 *   it a new reminder.
 *
 * @packageDocumentation
 */
import { atom, type ReadableAtom } from 'nanostores';
import type { ContactPlan } from '../adapter/types.js';
import { systemTimers, type Timers } from '../time/timers.js';
import { reminderAt, reminderKey } from './status.js';

/** A reminder shown to the agent, until they act on it. */
export interface ActiveReminder {
  readonly key: string;
  readonly plan: ContactPlan;
  /** When it fell due (epoch ms). */
  readonly at: number;
}

/** The part of `navigator.locks` used here. */
export interface LockManagerLike {
  request(
    name: string,
    options: { readonly ifAvailable: true },
    callback: (lock: unknown) => Promise<void> | void,
  ): Promise<unknown>;
}

/** The part of `BroadcastChannel` used here. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** What the scheduler needs from the browser; every part replaceable (tests, other hosts). */
export interface ReminderEnvironment {
  /** Clock, epoch ms (default `Date.now`). */
  readonly now?: () => number;
  /** Where the next check is scheduled (default the page's timers). */
  readonly timers?: Timers;
  /** Where acknowledged reminders are recorded (default `localStorage`; null: this page only). */
  readonly storage?: Storage | null;
  /** Default `navigator.locks` when there is one. */
  readonly locks?: LockManagerLike | null;
  /** Default: a `BroadcastChannel`, when there is one. */
  readonly createChannel?: ((name: string) => ChannelLike) | null;
  /** Whose `visibilitychange` triggers a check (default `document`). */
  readonly visibility?: Pick<Document, 'addEventListener' | 'removeEventListener'> | null;
  /** Default `callpop-reminder-`. */
  readonly lockPrefix?: string;
  /** Default `callpop-reminders`. */
  readonly channelName?: string;
  /** Default `callpop:reminders:acknowledged`. */
  readonly storageKey?: string;
  /** How often the clock is checked for a jump (sleep), default 15 s. */
  readonly heartbeatMs?: number;
}

type ChannelMessage =
  | { readonly type: 'shown'; readonly planId: string; readonly key: string }
  | { readonly type: 'acknowledged'; readonly planId: string; readonly key: string };

const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_RECORDS = 500;

function isMessage(data: unknown): data is ChannelMessage {
  if (!data || typeof data !== 'object') return false;
  const m = data as Record<string, unknown>;
  return (m['type'] === 'shown' || m['type'] === 'acknowledged') && typeof m['planId'] === 'string' && typeof m['key'] === 'string';
}

function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export class ReminderScheduler {
  readonly #active = atom<readonly ActiveReminder[]>([]);
  readonly #now: () => number;
  readonly #timers: Timers;
  readonly #storage: Storage | null;
  readonly #locks: LockManagerLike | null;
  readonly #createChannel: ((name: string) => ChannelLike) | null;
  readonly #visibility: Pick<Document, 'addEventListener' | 'removeEventListener'> | null;
  readonly #lockPrefix: string;
  readonly #channelName: string;
  readonly #storageKey: string;
  readonly #heartbeatMs: number;
  readonly #plans = new Map<string, ContactPlan>();
  /** planId → the key of its acknowledged reminder, heard from this page or another tab. */
  readonly #acknowledged = new Map<string, string>();
  /** Releases the lock of a shown reminder, by key. */
  readonly #held = new Map<string, () => void>();
  readonly #claiming = new Set<string>();
  /** Without Web Locks: reminders another tab said it shows. */
  readonly #elsewhere = new Set<string>();
  #channel: ChannelLike | null = null;
  #timer: unknown;
  #heartbeat: unknown;
  #started = false;
  #disposed = false;

  constructor(environment: ReminderEnvironment = {}) {
    this.#now = environment.now ?? Date.now;
    this.#timers = environment.timers ?? systemTimers;
    this.#storage = environment.storage === undefined ? defaultStorage() : environment.storage;
    this.#locks =
      environment.locks === undefined
        ? typeof navigator !== 'undefined' && navigator.locks
          ? (navigator.locks as unknown as LockManagerLike)
          : null
        : environment.locks;
    this.#createChannel =
      environment.createChannel === undefined
        ? typeof BroadcastChannel === 'undefined'
          ? null
          : (name) => new BroadcastChannel(name)
        : environment.createChannel;
    this.#visibility = environment.visibility === undefined ? (typeof document === 'undefined' ? null : document) : environment.visibility;
    this.#lockPrefix = environment.lockPrefix ?? 'callpop-reminder-';
    this.#channelName = environment.channelName ?? 'callpop-reminders';
    this.#storageKey = environment.storageKey ?? 'callpop:reminders:acknowledged';
    this.#heartbeatMs = Math.max(1000, environment.heartbeatMs ?? 15_000);
  }

  /** The reminders shown now, oldest first; each stays until acknowledged. */
  get $active(): ReadableAtom<readonly ActiveReminder[]> {
    return this.#active;
  }

  /** Start scheduling: listen to other tabs and to the page becoming visible, and check at once. */
  start(): void {
    if (this.#started || this.#disposed) return;
    this.#started = true;
    try {
      this.#channel = this.#createChannel?.(this.#channelName) ?? null;
    } catch {
      this.#channel = null;
    }
    this.#channel?.addEventListener('message', this.#onMessage);
    this.#visibility?.addEventListener('visibilitychange', this.#onVisible);
    this.#beat();
    this.check();
  }

  /** Replace the plans reminders come from (the agent's open plans, as the backend lists them). */
  setPlans(plans: readonly ContactPlan[]): void {
    this.#plans.clear();
    for (const plan of plans) this.#plans.set(plan.id, plan);
    this.#dropStale();
    this.check();
  }

  /** A plan changed (a push, or the agent's own write). Closed plans stop reminding. */
  upsert(plan: ContactPlan): void {
    if (plan.status === 'pending') this.#plans.set(plan.id, plan);
    else this.#plans.delete(plan.id);
    this.#dropStale();
    this.check();
  }

  /** Forget a plan (reassigned to someone else). */
  remove(planId: string): void {
    this.#plans.delete(planId);
    this.#dropStale();
    this.check();
  }

  /** The backend says this plan is due now: remind at once (once). */
  due(plan: ContactPlan): void {
    if (plan.status !== 'pending') {
      this.upsert(plan);
      return;
    }
    this.#plans.set(plan.id, plan);
    this.#dropStale();
    const key = reminderKey(plan);
    if (key && this.#started && !this.#disposed) this.#maybeClaim(plan, key, reminderAt(plan) ?? this.#now());
    this.check();
  }

  /** The agent acted on the plan's reminder (called back, snoozed, done): record it, tell the other tabs, close it. */
  acknowledge(planId: string): void {
    for (const reminder of this.#active.get().filter((r) => r.plan.id === planId)) {
      this.#recordAcknowledged(planId, reminder.key);
      this.#post({ type: 'acknowledged', planId, key: reminder.key });
      this.#close(reminder.key);
    }
  }

  /** Look at the clock: show what is due, schedule the next one. Safe to call any time. */
  check(): void {
    if (!this.#started || this.#disposed) return;
    const now = this.#now();
    let next = Number.POSITIVE_INFINITY;
    for (const plan of this.#plans.values()) {
      const at = reminderAt(plan);
      const key = reminderKey(plan);
      if (at === null || key === null) continue;
      if (at > now) {
        next = Math.min(next, at);
        continue;
      }
      this.#maybeClaim(plan, key, at);
    }
    this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (Number.isFinite(next)) {
      this.#timer = this.#timers.setTimeout(() => this.check(), Math.min(MAX_TIMER_MS, Math.max(0, next - now) + 5));
    }
  }

  /** The heartbeat: a check every `heartbeatMs`, which notices a clock that jumped (the computer slept). */
  #beat(): void {
    this.#heartbeat = this.#timers.setTimeout(() => {
      if (this.#disposed) return;
      this.#beat();
      this.check();
    }, this.#heartbeatMs);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#timers.clearTimeout(this.#timer);
    this.#timers.clearTimeout(this.#heartbeat);
    this.#visibility?.removeEventListener('visibilitychange', this.#onVisible);
    this.#channel?.close();
    this.#channel = null;
    for (const release of this.#held.values()) release();
    this.#held.clear();
    this.#active.set([]);
  }

  // ------------------------------------------------------------ internals

  #onVisible = (): void => this.check();

  #onMessage = (event: MessageEvent): void => {
    if (!isMessage(event.data)) return;
    const { type, planId, key } = event.data;
    if (type === 'shown') {
      this.#elsewhere.add(key);
      return;
    }
    this.#acknowledged.set(planId, key);
    this.#close(key);
  };

  #post(message: ChannelMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // The other tabs learn it from storage at their next check.
    }
  }

  #readRecords(): Record<string, string> {
    try {
      const raw = this.#storage?.getItem(this.#storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return {};
    }
  }

  #isAcknowledged(planId: string, key: string): boolean {
    return this.#acknowledged.get(planId) === key || this.#readRecords()[planId] === key;
  }

  #recordAcknowledged(planId: string, key: string): void {
    this.#acknowledged.set(planId, key);
    const records = this.#readRecords();
    delete records[planId];
    records[planId] = key;
    const entries = Object.entries(records);
    try {
      this.#storage?.setItem(this.#storageKey, JSON.stringify(Object.fromEntries(entries.slice(-MAX_RECORDS))));
    } catch {
      // Remembered on this page only.
    }
  }

  #isCurrent(planId: string, key: string): boolean {
    const plan = this.#plans.get(planId);
    return plan !== undefined && reminderKey(plan) === key;
  }

  #maybeClaim(plan: ContactPlan, key: string, at: number): void {
    if (this.#held.has(key) || this.#claiming.has(key) || this.#active.get().some((r) => r.key === key)) return;
    if (this.#isAcknowledged(plan.id, key)) return;
    const locks = this.#locks;
    if (!locks) {
      if (this.#elsewhere.has(key)) return;
      this.#show(plan, key, at, () => undefined);
      return;
    }
    this.#claiming.add(key);
    locks
      .request(`${this.#lockPrefix}${plan.id}`, { ifAvailable: true }, (lock) => {
        this.#claiming.delete(key);
        // Re-checked once the lock is ours: another tab may have acted on it meanwhile.
        if (!lock || this.#disposed || !this.#isCurrent(plan.id, key) || this.#isAcknowledged(plan.id, key)) return;
        const current = this.#plans.get(plan.id) ?? plan;
        return new Promise<void>((resolve) => this.#show(current, key, at, resolve));
      })
      .catch(() => {
        this.#claiming.delete(key);
      });
  }

  #show(plan: ContactPlan, key: string, at: number, release: () => void): void {
    this.#held.set(key, release);
    this.#active.set([...this.#active.get().filter((r) => r.plan.id !== plan.id), { key, plan, at }]);
    this.#post({ type: 'shown', planId: plan.id, key });
  }

  #close(key: string): void {
    const release = this.#held.get(key);
    this.#held.delete(key);
    const active = this.#active.get();
    if (active.some((r) => r.key === key)) this.#active.set(active.filter((r) => r.key !== key));
    release?.();
  }

  /** Close notices of plans that closed, moved on (snoozed) or went away; refresh the others' data. */
  #dropStale(): void {
    for (const reminder of this.#active.get()) {
      if (!this.#isCurrent(reminder.plan.id, reminder.key)) this.#close(reminder.key);
    }
    const active = this.#active.get();
    const refreshed = active.map((r) => {
      const plan = this.#plans.get(r.plan.id);
      return plan && plan !== r.plan ? { ...r, plan } : r;
    });
    if (refreshed.some((r, i) => r !== active[i])) this.#active.set(refreshed);
  }
}
