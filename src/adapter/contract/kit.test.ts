import { expect } from '@open-wc/testing';
import yaml from 'js-yaml';
import { http, HttpResponse } from 'msw';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { MemoryBackend } from '../memory/index.js';
import { createHandlers } from '../msw/handlers.js';
import { CONTRACT_CHECKS, UNCHECKED_ROUTES, restTarget, runContractChecks } from './checks.js';

describe('the contract-test kit', () => {
  it('checks only routes that docs/openapi.yaml has, with the method it documents', async () => {
    const spec = yaml.load(await (await fetch('/docs/openapi.yaml')).text()) as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(
      Object.entries(spec.paths).flatMap(([path, item]) => Object.keys(item).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`)),
    );
    expect(CONTRACT_CHECKS.map((check) => check.route).filter((route) => !documented.has(route))).to.deep.equal([]);
    // And every documented route is checked, or says why not.
    const checked = new Set([...CONTRACT_CHECKS.map((check) => check.route), ...Object.keys(UNCHECKED_ROUTES)]);
    expect([...documented].filter((route) => !checked.has(route))).to.deep.equal([]);
  });

  describe('against a backend that breaks the contract', () => {
    let worker: SetupWorker;
    const base = '/broken-api';

    before(async () => {
      const backend = new MemoryBackend();
      worker = setupWorker(
        // The mistake the issue found: a summary read of a call nobody reported answers `null`.
        http.get(`${base}/calls/:id/summary`, async ({ params }) => {
          const saved = await backend.summary.get(String(params['id'])).catch(() => null);
          return HttpResponse.json(saved);
        }),
        ...createHandlers(backend, { baseUrl: base }),
      );
      await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
    });
    after(() => worker.stop());

    it('names the route, the rule broken, and what was expected and seen; everything else passes', async function () {
      this.timeout(20_000);
      const seen: string[] = [];
      const results = await runContractChecks(restTarget({ baseUrl: base }), { onResult: (r) => seen.push(r.route) });
      expect(seen, 'results reported as they come').to.deep.equal(results.map((r) => r.route));
      const failed = results.filter((r) => !r.ok).map(({ route, rule, problem }) => ({ route, rule, problem }));
      expect(failed).to.deep.equal([
        {
          route: 'GET /calls/{id}/summary',
          rule: 'a call never reported (not `null`) is not-found (404)',
          problem: 'GET /calls/{id}/summary with a call never reported (not `null`): expected not-found, but it succeeded with null',
        },
        {
          route: 'GET /calls/{id}/summary',
          rule: 'an unknown call is 404 with error.code not-found; a known call without a summary is 200 null or 204',
          problem: 'the status for an unknown call: expected 404, saw 200',
        },
      ]);
      expect(results.length, 'checks run').to.equal(CONTRACT_CHECKS.length);
    });
  });
});
