/** What the bench pages share for timing what a user sees. */

export interface Paint {
  /** performance.now() when the frame's requestAnimationFrame callbacks ran (the frame started on the main thread). */
  readonly frame: number;
  /** performance.now() just after that frame was rendered. */
  readonly painted: number;
}

/** Waits for the next frame to be painted (requestAnimationFrame, then a message task after it). */
export function nextPaint(): Promise<Paint> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const frame = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve({ frame, painted: performance.now() });
      };
      channel.port2.postMessage(null);
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves with performance.now() at the moment `selector` in `root` shows
 * `expected` (checked on every DOM mutation, so right after Lit commits).
 */
export function whenText(root: ShadowRoot, selector: string, expected: string, timeoutMs = 5000): Promise<number> {
  const matches = (): boolean => root.querySelector(selector)?.textContent?.trim() === expected;
  if (matches()) return Promise.resolve(performance.now());
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!matches()) return;
      const at = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      resolve(at);
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      const actual = root.querySelector(selector)?.textContent?.trim();
      reject(new Error(`${selector} never showed ${JSON.stringify(expected)} (it shows ${JSON.stringify(actual)})`));
    }, timeoutMs);
    observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
  });
}
