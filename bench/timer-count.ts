/**
 * Counts the page's live timers for the shift benchmark: wraps setTimeout/setInterval and their
 * clears before any SDK module loads (import it first), so a timer left behind per call shows
 * up as growth. A timeout is live until it fires or is cleared; an interval until cleared.
 */
const live = new Set<unknown>();
const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = globalThis;

globalThis.setTimeout = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
  const id: ReturnType<typeof st> = st(
    (...a: unknown[]) => {
      live.delete(id);
      if (typeof handler === 'function') (handler as (...x: unknown[]) => void)(...a);
    },
    timeout,
    ...args,
  );
  live.add(id);
  return id;
}) as typeof setTimeout;
globalThis.clearTimeout = ((id?: ReturnType<typeof st>) => {
  live.delete(id);
  ct(id);
}) as typeof clearTimeout;
globalThis.setInterval = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
  const id = si(handler, timeout, ...args);
  live.add(id);
  return id;
}) as typeof setInterval;
globalThis.clearInterval = ((id?: ReturnType<typeof si>) => {
  live.delete(id);
  ci(id);
}) as typeof clearInterval;

/** Timers scheduled and not yet fired or cleared. */
export const liveTimers = (): number => live.size;
