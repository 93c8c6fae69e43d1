/**
 * Waiting for the screen: elements that paint their most urgent part first (the pop's header, a
 * call's tabs before their content) render the rest once that has been painted.
 */

/**
 * Resolves in the frame after the next one (in its animation-frame callbacks, before it lays out), so
 * what is rendered now is painted first; on a timer where animation frames do not run (a hidden page).
 */
export function frameAfterNext(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') {
      setTimeout(resolve, 0);
      return;
    }
    // Frames can stop at any time (a page moved to the background): never wait more than ~a frame for one.
    let fallback = setTimeout(resolve, FRAME_WAIT_MS);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      fallback = setTimeout(resolve, FRAME_WAIT_MS);
      requestAnimationFrame(() => {
        clearTimeout(fallback);
        resolve();
      });
    });
  });
}

/** How long to wait for an animation frame before going on without it. */
const FRAME_WAIT_MS = 20;
