import { provideResizeObserver } from '@lit-labs/virtualizer/polyfillLoaders/ResizeObserver.js';

/**
 * @lit-labs/virtualizer 2.1.1 observes every line it renders with a
 * ResizeObserver and never unobserves the lines it removes
 * (https://github.com/lit/lit/pull/5363, open): each line ever shown stays in
 * memory, and the browser checks all of them for size changes on every frame.
 * Over a streamed hour-long call that grows without bound and slows every
 * frame. This observer forgets targets that left the document, so only the
 * lines on screen are observed. It behaves like ResizeObserver otherwise.
 */
class PruningResizeObserver extends ResizeObserver {
  readonly #targets = new Set<Element>();
  #pruneAt = 64;

  override observe(target: Element, options?: ResizeObserverOptions): void {
    super.observe(target, options);
    this.#targets.add(target);
    if (this.#targets.size < this.#pruneAt) return;
    for (const observed of this.#targets) {
      if (observed.isConnected) continue;
      super.unobserve(observed);
      this.#targets.delete(observed);
    }
    // Amortised: prune again once the set has doubled.
    this.#pruneAt = Math.max(64, this.#targets.size * 2);
  }

  override unobserve(target: Element): void {
    super.unobserve(target);
    this.#targets.delete(target);
  }

  override disconnect(): void {
    super.disconnect();
    this.#targets.clear();
  }
}

let provided = false;

/** Give the virtualizer the pruning observer (once per page; called before the first view renders). */
export function usePruningResizeObserver(): void {
  if (provided || typeof ResizeObserver === 'undefined') return;
  provided = true;
  provideResizeObserver(PruningResizeObserver);
}
