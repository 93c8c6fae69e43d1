/**
 * A mock REST backend for the browser: msw serves the callpop REST API
 * (`docs/openapi.yaml`) from any {@link BackendAdapter}.
 *
 * @module callpop/msw
 */
import { setupWorker } from 'msw/browser';
import type { BackendAdapter } from '../backend-adapter.js';
import { createHandlers } from './handlers.js';
import type { MockHandlersOptions } from './handlers.js';

export { createHandlers, STATUS_FOR_CODE } from './handlers.js';
export type { MockHandlersOptions } from './handlers.js';

export interface MockBackendOptions extends MockHandlersOptions {
  /** Whether msw stays silent in the console (default true). */
  quiet?: boolean;
}

/**
 * Starts msw's service worker (served at `/mockServiceWorker.js`) answering
 * the REST API under `options.baseUrl` (default `/api`) from `backend`.
 * Requests outside the API pass through untouched.
 */
export async function startMockBackend(
  backend: BackendAdapter,
  options: MockBackendOptions = {},
): Promise<{ stop(): void }> {
  const { quiet = true, ...handlerOptions } = options;
  const worker = setupWorker(...createHandlers(backend, handlerOptions));
  await worker.start({
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet,
  });
  return {
    stop() {
      worker.stop();
    },
  };
}
