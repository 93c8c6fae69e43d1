/**
 * Asks the browser to confirm before the page closes or reloads while a call
 * is live (closing the tab would drop the call). The `beforeunload` listener is
 * only attached while it is needed, so the page stays eligible for the
 * back/forward cache the rest of the time.
 *
 * @packageDocumentation
 */

export interface UnloadGuard {
  /** Turn the warning on (a call is live) or off. */
  set(active: boolean): void;
  readonly active: boolean;
  dispose(): void;
}

export function createUnloadGuard(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): UnloadGuard {
  let active = false;
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    event.preventDefault();
    // Older Chromium and Safari only show the dialog when returnValue is set.
    event.returnValue = '';
  };
  return {
    set(on) {
      if (on === active) return;
      active = on;
      if (on) target.addEventListener('beforeunload', onBeforeUnload as EventListener);
      else target.removeEventListener('beforeunload', onBeforeUnload as EventListener);
    },
    get active() {
      return active;
    },
    dispose() {
      this.set(false);
    },
  };
}
