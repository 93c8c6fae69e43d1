import { restTarget } from './checks.js';
import { contractSuite } from './suite.js';

// e2e/strict-server/server.mjs, a REST backend written from docs/openapi.yaml alone, over real
// HTTP on 127.0.0.1 (web-test-runner starts it; see e2e/strict-server/wtr-plugin.mjs).
contractSuite('REST adapter → a strict HTTP server (e2e/strict-server)', {
  overHttp: true,
  setup: async () => {
    const { baseUrl, token } = (await (await fetch('/__strict-server.json')).json()) as { baseUrl: string; token: string };
    return restTarget({ baseUrl, token, numbers: true });
  },
});
