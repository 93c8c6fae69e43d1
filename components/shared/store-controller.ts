import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';

/**
 * The one way an element reads a store: subscribes while connected, re-renders
 * on change, and follows the store when the getter starts returning another one
 * (e.g. the element was given a different workbench). An element that is removed
 * while an update is pending still updates once; that update reads the store but
 * does not subscribe again, so a removed element is not kept alive by the store.
 */
export class StoreController<T> implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #getStore: () => ReadableAtom<T> | undefined;
  #store: ReadableAtom<T> | undefined;
  #unlisten: (() => void) | undefined;
  #connected = false;

  constructor(host: ReactiveControllerHost, getStore: () => ReadableAtom<T> | undefined) {
    this.#host = host;
    this.#getStore = getStore;
    host.addController(this);
  }

  /** The store's current value, or undefined when there is no store yet. */
  get value(): T | undefined {
    return (this.#connected ? this.#store : this.#getStore())?.get();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#sync();
  }

  hostUpdate(): void {
    if (this.#connected) this.#sync();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unlisten?.();
    this.#unlisten = undefined;
    this.#store = undefined;
  }

  #sync(): void {
    const store = this.#getStore();
    if (store === this.#store) return;
    this.#unlisten?.();
    this.#store = store;
    this.#unlisten = store?.listen(() => this.#host.requestUpdate());
  }
}
