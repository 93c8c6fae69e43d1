/**
 * In-memory stand-ins for the browser parts the shared phone uses: Web Locks
 * and BroadcastChannel. One {@link FakeBrowser} is one browser profile; each
 * "tab" gets its own lock manager (whose locks die with it, as a crashed tab's
 * do) and its own channels. Delivery is asynchronous and in order, as the real
 * ones are. For callpop's tests and for integrators testing several tabs in
 * one page (exported by `callpop/testing`).
 */
import type { LockManagerLike } from './election.js';

/** The part of `BroadcastChannel` the shared phone uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

interface Request {
  readonly tab: number;
  readonly name: string;
  readonly callback: (lock: unknown) => Promise<unknown> | unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  released: boolean;
}

class FakeChannel implements ChannelLike {
  readonly #listeners = new Set<(event: MessageEvent) => void>();
  closed = false;
  constructor(
    readonly send: (channel: FakeChannel, data: unknown) => void,
    readonly name: string,
    readonly tab: number,
  ) {}
  postMessage(message: unknown): void {
    if (this.closed) throw new DOMException('The channel is closed.', 'InvalidStateError');
    const data = structuredClone(message);
    this.send(this, data);
  }
  receive(data: unknown): void {
    if (this.closed) return;
    const event = new MessageEvent('message', { data: structuredClone(data) });
    for (const listener of [...this.#listeners]) listener(event);
  }
  addEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.#listeners.delete(listener);
  }
  close(): void {
    this.closed = true;
    this.#listeners.clear();
  }
}

/** One tab of a {@link FakeBrowser}: its locks and channels. */
export interface FakeTab {
  readonly locks: LockManagerLike;
  createChannel(name: string): ChannelLike;
  /**
   * The tab crashed or was closed: its channels go quiet and its locks are
   * released (after `releaseAfterMs`: a busy browser takes its time).
   */
  kill(options?: { readonly releaseAfterMs?: number }): void;
  /** Frozen tabs get no messages until thawed (messages wait, as the browser queues them). */
  freeze(): void;
  thaw(): void;
  /** From now on the browser takes `ms` to act on this tab's lock releases (a busy machine, a closing page). */
  slowReleases(ms: number): void;
}

export class FakeBrowser {
  #tabs = 0;
  readonly #held = new Map<string, Request>();
  readonly #queue: Request[] = [];
  readonly #channels = new Set<FakeChannel>();
  readonly #dead = new Set<number>();
  readonly #frozen = new Map<number, Array<() => void>>();
  readonly #slow = new Map<number, number>();

  /** Open a tab. */
  tab(): FakeTab {
    this.#tabs += 1;
    const tab = this.#tabs;
    return {
      locks: { request: (name, options, callback) => this.#request(tab, name, options, callback) },
      createChannel: (name) => {
        const channel = new FakeChannel((from, data) => this.#deliver(from, data), name, tab);
        this.#channels.add(channel);
        return channel;
      },
      kill: (options) => this.#kill(tab, options?.releaseAfterMs ?? 0),
      freeze: () => void this.#frozen.set(tab, this.#frozen.get(tab) ?? []),
      slowReleases: (ms) => void this.#slow.set(tab, ms),
      thaw: () => {
        const pending = this.#frozen.get(tab) ?? [];
        this.#frozen.delete(tab);
        pending.forEach((run) => run());
      },
    };
  }

  /** Who holds a lock now (the tab number), for assertions. */
  holder(name: string): number | null {
    return this.#held.get(name)?.tab ?? null;
  }

  /** Post a message on a channel name as a foreign sender would (another app, another callpop version). */
  post(name: string, data: unknown): void {
    this.#deliver(null, data, name);
  }

  #deliver(from: FakeChannel | null, data: unknown, name = from?.name ?? ''): void {
    for (const channel of this.#channels) {
      if (channel === from || channel.name !== name || channel.closed || this.#dead.has(channel.tab)) continue;
      const run = (): void => channel.receive(data);
      // Asynchronous, in order: a task later, as BroadcastChannel delivers.
      setTimeout(() => {
        const frozen = this.#frozen.get(channel.tab);
        if (frozen) frozen.push(run);
        else run();
      }, 0);
    }
  }

  #kill(tab: number, releaseAfterMs: number): void {
    this.#dead.add(tab);
    for (const channel of this.#channels) if (channel.tab === tab) channel.close();
    for (let i = this.#queue.length - 1; i >= 0; i -= 1) if (this.#queue[i]!.tab === tab) this.#queue.splice(i, 1);
    // The browser lets the locks go once the page is gone: after what it posted on its way out.
    setTimeout(() => this.#dropLocks(tab), releaseAfterMs);
  }

  #dropLocks(tab: number): void {
    for (const [name, request] of [...this.#held]) {
      if (request.tab === tab) {
        request.released = true;
        this.#held.delete(name);
        this.#grantNext(name);
      }
    }
  }

  #request(
    tab: number,
    name: string,
    options: { readonly ifAvailable?: boolean; readonly steal?: boolean; readonly signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown> {
    if (this.#dead.has(tab)) return new Promise(() => undefined);
    return new Promise((resolve, reject) => {
      const request: Request = { tab, name, callback, resolve, reject, released: false };
      if (options.signal?.aborted) return reject(new DOMException('Aborted', 'AbortError'));
      if (options.steal) {
        const holder = this.#held.get(name);
        if (holder) {
          holder.released = true;
          this.#held.delete(name);
          holder.reject(new DOMException('The lock was stolen.', 'AbortError'));
        }
        this.#grant(request);
        return;
      }
      if (!this.#held.has(name)) {
        this.#grant(request);
        return;
      }
      if (options.ifAvailable) {
        this.#run(request, null);
        return;
      }
      this.#queue.push(request);
      options.signal?.addEventListener(
        'abort',
        () => {
          const index = this.#queue.indexOf(request);
          if (index < 0) return;
          this.#queue.splice(index, 1);
          reject(new DOMException('Aborted', 'AbortError'));
        },
        { once: true },
      );
    });
  }

  #grant(request: Request): void {
    this.#held.set(request.name, request);
    this.#run(request, { name: request.name, mode: 'exclusive' });
  }

  #run(request: Request, lock: unknown): void {
    queueMicrotask(() => {
      let result: Promise<unknown>;
      try {
        result = Promise.resolve(request.callback(lock));
      } catch (error) {
        result = Promise.reject(error);
      }
      result.then(
        (value) => {
          const slow = this.#slow.get(request.tab);
          if (lock !== null) {
            if (slow) setTimeout(() => this.#releaseHeld(request), slow);
            else this.#releaseHeld(request);
          }
          if (!request.released || lock === null) request.resolve(value);
        },
        (error: unknown) => {
          if (lock !== null) this.#releaseHeld(request);
          request.reject(error);
        },
      );
    });
  }

  #releaseHeld(request: Request): void {
    if (this.#held.get(request.name) !== request) return;
    this.#held.delete(request.name);
    this.#grantNext(request.name);
  }

  #grantNext(name: string): void {
    const index = this.#queue.findIndex((r) => r.name === name);
    if (index < 0) return;
    const [next] = this.#queue.splice(index, 1);
    this.#grant(next!);
  }
}
