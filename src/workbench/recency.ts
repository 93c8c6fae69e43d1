/**
 * Per-call state kept for the most recently used calls only (a shift sees
 * thousands): `touch(key)` marks a key as just used; past `max` keys, the least
 * recently used ones are evicted, oldest first, except the key just touched and
 * those `keep` pins (the call on screen, one with work in flight or an unsaved
 * draft), which may leave the count above `max` until they are let go.
 *
 * @packageDocumentation
 */

/** Returns `touch(key)`: the key is the most recent now, and what is over `max` is evicted. */
export function recencyBound(max: number, keep: (key: string) => boolean, evict: (key: string) => void): (key: string) => void {
  /** Least recently touched first (a Map keeps insertion order). */
  const touched = new Map<string, true>();
  return (key) => {
    touched.delete(key);
    touched.set(key, true);
    if (touched.size <= max) return;
    for (const oldest of touched.keys()) {
      if (touched.size <= max) break;
      if (oldest === key || keep(oldest)) continue;
      touched.delete(oldest);
      evict(oldest);
    }
  };
}
