import { setupWorker } from 'msw/browser';
import type { SetupWorker } from 'msw/browser';
import { MemoryBackend } from '../memory/index.js';
import { createHandlers } from '../msw/handlers.js';
import { restTarget } from './checks.js';
import { contractSuite } from './suite.js';

const TOKEN = 'contract-token';

contractSuite('MemoryBackend', { setup: async () => ({ adapter: new MemoryBackend() }) });

let worker: SetupWorker | undefined;
contractSuite('REST adapter → msw handlers → MemoryBackend', {
  overHttp: true,
  setup: async () => {
    const base = '/contract-msw';
    worker = setupWorker(...createHandlers(new MemoryBackend(), { baseUrl: base, requireToken: TOKEN }));
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
    return restTarget({ baseUrl: base, token: TOKEN, numbers: true });
  },
  teardown: () => worker?.stop(),
});
