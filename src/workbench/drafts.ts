import type { ModuleContext } from './context.js';
import { fingerprint, newKey } from './ids.js';

export interface DraftsModule {
  /** The values of a draft, or undefined. */
  getDraft<V extends object>(key: string): V | undefined;
  /** Keep what the agent typed (survives reloads). */
  setDraft(key: string, values: object): void;
  clearDraft(key: string): void;
  /**
   * Send a draft. The same values sent again (a retry, a double click) reuse the
   * same idempotency key, so the backend performs the write once; changed
   * values get a new key. The draft is cleared only when `write` succeeds; a
   * second call while one is in flight returns the first one's promise.
   */
  submitDraft<T>(key: string, values: object, write: (idempotencyKey: string) => Promise<T>): Promise<T>;
}

export function createDraftsModule(ctx: ModuleContext): DraftsModule {
  const { $drafts } = ctx.stores;
  const inFlight = new Map<string, { print: string; promise: Promise<unknown> }>();

  return {
    getDraft<V extends object>(key: string): V | undefined {
      return $drafts.get()[key]?.values as V | undefined;
    },
    setDraft(key, values) {
      const current = $drafts.get()[key];
      $drafts.setKey(key, {
        values: values as Record<string, unknown>,
        idempotencyKey: current?.idempotencyKey ?? null,
        submitted: current?.submitted ?? null,
        updatedAt: ctx.now(),
      });
    },
    clearDraft(key) {
      $drafts.setKey(key, undefined);
    },
    submitDraft<T>(key: string, values: object, write: (idempotencyKey: string) => Promise<T>): Promise<T> {
      const print = fingerprint(values);
      const running = inFlight.get(key);
      if (running && running.print === print) return running.promise as Promise<T>;
      const current = $drafts.get()[key];
      const idempotencyKey =
        current?.submitted === print && current.idempotencyKey ? current.idempotencyKey : newKey();
      $drafts.setKey(key, {
        values: values as Record<string, unknown>,
        idempotencyKey,
        submitted: print,
        updatedAt: ctx.now(),
      });
      const promise = write(idempotencyKey).then(
        (result) => {
          inFlight.delete(key);
          // Only clear what was confirmed: edits typed meanwhile stay.
          if (fingerprint($drafts.get()[key]?.values) === print) $drafts.setKey(key, undefined);
          return result;
        },
        (error: unknown) => {
          inFlight.delete(key);
          throw error;
        },
      );
      inFlight.set(key, { print, promise });
      return promise;
    },
  };
}
