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
