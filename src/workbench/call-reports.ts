/**
 * Which calls the workbench is still reporting to the backend (`PUT /calls/{id}`).
 *
 * The contract makes a backend answer `404` for any read or write about a call it does
 * not know (`GET /calls/{id}/summary`, `/conversation`, `/tickets`, `PUT /calls/{id}/customer`).
 * A live call becomes known to the backend through the workbench's first report, so every
 * module waits for that report before it asks the backend about the call. A call the
 * workbench never reported (one from the backend's records, or an id the host passes)
 * is taken as known at once.
 */
export interface CallReports {
  /** The workbench started reporting this call: reads about it wait. */
  begin(callId: string): void;
  /** The first report of the call was answered, or given up on: reads go ahead. */
  settle(callId: string): void;
  /** Resolves once the backend knows the call (as far as the workbench can tell), or when `signal` aborts. */
  whenKnown(callId: string, signal?: AbortSignal): Promise<void>;
  /**
   * Stop holding reads back (the signed-in agent could not be loaded, so no call can be
   * reported): pending waits resolve and later calls are not waited for.
   */
  release(): void;
}

export function createCallReports(): CallReports {
  const pending = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  let released = false;
  return {
    begin(callId) {
      if (released || pending.has(callId)) return;
      let resolve!: () => void;
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      pending.set(callId, { promise, resolve });
    },
    settle(callId) {
      const entry = pending.get(callId);
      if (!entry) return;
      pending.delete(callId);
      entry.resolve();
    },
    release() {
      released = true;
      for (const callId of [...pending.keys()]) this.settle(callId);
    },
    whenKnown(callId, signal) {
      const entry = pending.get(callId);
      if (!entry) return Promise.resolve();
      if (!signal) return entry.promise;
      if (signal.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = (): void => {
          signal.removeEventListener('abort', done);
          resolve();
        };
        signal.addEventListener('abort', done, { once: true });
        void entry.promise.then(done);
      });
    },
  };
}
