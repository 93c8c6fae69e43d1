/**
 * Where callpop's modules schedule work: the browser's timers by default, a
 * `ManualClock` from `callpop/testing` in tests (so a test moves time on instead of sleeping).
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The page's own `setTimeout` / `clearTimeout`. */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
