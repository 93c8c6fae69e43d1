/**
 * Which tab holds the phone: the one holding an exclusive Web Lock
 * (`navigator.locks`). Every other tab waits in the lock's queue, so when the
 * holder goes away — closed, reloaded, navigated, crashed — the browser
 * releases its lock and the next tab in line is elected at once, with no
 * heartbeat to miss. The phone window takes the lock with `steal` once the
 * tab that held it has stood down.
 *
 * @packageDocumentation
 */

/** The part of the Web Locks API this uses (`navigator.locks`), replaceable in tests. */
export interface LockManagerLike {
  request(
    name: string,
    options: { readonly mode?: 'exclusive' | 'shared'; readonly ifAvailable?: boolean; readonly steal?: boolean; readonly signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown>;
}

export interface ElectionHandlers {
  /** This tab now holds the lock. */
  elected(): void;
  /** This tab lost the lock it held (stolen by the phone window) and waits in line again. */
  deposed(): void;
}

export class LeaderElection {
  readonly #name: string;
  readonly #locks: LockManagerLike;
  readonly #handlers: ElectionHandlers;
  /** Aborts the place in the queue. */
  #waiting: AbortController | null = null;
  /** Ends the held lock's callback: the lock is released. */
  #release: (() => void) | null = null;
  #leader = false;
  #disposed = false;

  constructor(name: string, locks: LockManagerLike, handlers: ElectionHandlers) {
    this.#name = name;
    this.#locks = locks;
    this.#handlers = handlers;
  }

  get leader(): boolean {
    return this.#leader;
  }

  /** Wait in line for the lock (does nothing while holding it or waiting). */
  join(): void {
    if (this.#disposed || this.#leader || this.#waiting) return;
    const waiting = new AbortController();
    this.#waiting = waiting;
    this.#request({ signal: waiting.signal }, waiting);
  }

  /** Take the lock now from whoever holds it (the phone window, once the holder stood down). */
  steal(): void {
    if (this.#disposed || this.#leader) return;
    this.#waiting?.abort();
    this.#waiting = null;
    this.#request({ steal: true }, null);
  }

  /** Release the lock (or leave the line); `rejoin` waits in line again. */
  release(rejoin: boolean): void {
    this.#waiting?.abort();
    this.#waiting = null;
    const release = this.#release;
    this.#release = null;
    this.#leader = false;
    release?.();
    if (rejoin) this.join();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.release(false);
    this.#disposed = true;
  }

  #request(options: { signal?: AbortSignal; steal?: boolean }, waiting: AbortController | null): void {
    let held = false;
    this.#locks
      .request(this.#name, { mode: 'exclusive', ...options }, () => {
        if (waiting && this.#waiting === waiting) this.#waiting = null;
        if (this.#disposed || (waiting && waiting.signal.aborted)) return undefined;
        held = true;
        return new Promise<void>((resolve) => {
          this.#release = resolve;
          this.#leader = true;
          this.#handlers.elected();
        });
      })
      .catch(() => {
        // Aborted while waiting (we left the line), or stolen while held.
        if (waiting && this.#waiting === waiting) this.#waiting = null;
        if (!held || this.#disposed) return;
        if (this.#leader) {
          // Stolen while held: wait in line again. (A lock let go on purpose stays let go.)
          this.#leader = false;
          this.#release = null;
          this.#handlers.deposed();
          this.join();
        }
      });
  }
}
