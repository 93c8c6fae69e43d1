import { atom, map, type MapStore, type WritableAtom } from 'nanostores';

/**
 * A map store mirrored to `localStorage` (one key per entry, under `prefix`),
 * so drafts survive a reload, and kept in step with other tabs through the
 * `storage` event. Values are JSON. With no storage (private mode, a sandboxed
 * iframe) it works in memory only.
 */
export function persistentMap<T>(
  prefix: string,
  storage: Storage | null,
): MapStore<Record<string, T | undefined>> & { dispose(): void } {
  const initial: Record<string, T> = {};
  if (storage) {
    try {
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i);
        if (!key?.startsWith(prefix)) continue;
        const parsed = safeParse<T>(storage.getItem(key));
        if (parsed !== undefined) initial[key.slice(prefix.length)] = parsed;
      }
    } catch {
      // Storage can throw (quota, security); fall back to memory.
    }
  }
  const store = map<Record<string, T | undefined>>(initial);
  let writing = false;
  const unlisten = store.listen((value, _old, changedKey) => {
    if (!storage || writing || changedKey === undefined) return;
    try {
      const entry = value[changedKey];
      if (entry === undefined) storage.removeItem(prefix + changedKey);
      else storage.setItem(prefix + changedKey, JSON.stringify(entry));
    } catch (error) {
      console.warn('callpop: could not keep a draft in localStorage', error);
    }
  });
  const onStorage = (event: StorageEvent): void => {
    if (event.storageArea !== storage || !event.key?.startsWith(prefix)) return;
    writing = true;
    try {
      store.setKey(event.key.slice(prefix.length), safeParse<T>(event.newValue));
    } finally {
      writing = false;
    }
  };
  if (storage && typeof window !== 'undefined') window.addEventListener('storage', onStorage);
  return Object.assign(store, {
    dispose(): void {
      unlisten();
      if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
    },
  });
}

function safeParse<T>(text: string | null): T | undefined {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/**
 * An atom mirrored to one `localStorage` key and kept in step with the other
 * tabs through the `storage` event (the agent's status: the same in every tab,
 * and still there after a reload). What is read back is checked by `accept`;
 * anything else (another version, a hand edit) is ignored.
 */
export function persistentAtom<T>(
  key: string,
  storage: Storage | null,
  initial: T,
  accept: (value: unknown) => value is T,
): WritableAtom<T> & { dispose(): void } {
  const read = (text: string | null): T | undefined => {
    const parsed = safeParse<unknown>(text);
    return parsed !== undefined && accept(parsed) ? parsed : undefined;
  };
  let start = initial;
  if (storage) {
    try {
      start = read(storage.getItem(key)) ?? initial;
    } catch {
      // Storage can throw (quota, security); memory only.
    }
  }
  const store = atom<T>(start);
  let writing = false;
  const unlisten = store.listen((value) => {
    if (!storage || writing) return;
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch (error) {
      console.warn('callpop: could not keep the agent status in localStorage', error);
    }
  });
  const onStorage = (event: StorageEvent): void => {
    if (event.storageArea !== storage || event.key !== key) return;
    const value = read(event.newValue);
    if (value === undefined) return;
    writing = true;
    try {
      store.set(value);
    } finally {
      writing = false;
    }
  };
  if (storage && typeof window !== 'undefined') window.addEventListener('storage', onStorage);
  return Object.assign(store, {
    dispose(): void {
      unlisten();
      if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
    },
  });
}
