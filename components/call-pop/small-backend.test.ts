import { expect, fixtureSync, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { MemoryBackend } from '../../src/adapter/memory/index.js';
import { createHandlers } from '../../src/adapter/msw/handlers.js';
import type { PartialBackendAdapter } from '../../src/adapter/partial.js';
import { createRestAdapter } from '../../src/adapter/rest/index.js';
import { SimulatedSoftphone } from '../../src/telephony/simulated-softphone.js';
import { createWorkbench, type Workbench } from '../../src/workbench/workbench.js';
import { steadyClock, TEST_TIME_ZONE } from '../shared/test-rig.js';
import type { CallPop } from './call-pop.js';
import '../define.js';

const ZHANG_WEI = '+8613800138000';

/** Every element below `root`, through open shadow roots, matching `selector`. */
function deepAll(root: ParentNode, selector: string): Element[] {
  if (root instanceof Element && root.shadowRoot) return deepAll(root.shadowRoot, selector);
  const found: Element[] = [...root.querySelectorAll(selector)];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...deepAll(el.shadowRoot, selector));
  return found;
}
const texts = (elements: readonly Element[]): string[] => elements.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());

describe('a small adapter for a small job: <call-pop> with only customers, calls, agents and summary', () => {
  let workbench: Workbench;
  let softphone: SimulatedSoftphone;

  async function start(adapter: PartialBackendAdapter): Promise<CallPop> {
    const now = steadyClock();
    softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null, now });
    workbench = createWorkbench({ adapter, softphone, storage: null, now, timeZone: TEST_TIME_ZONE });
    await workbench.start();
    const wrapper = fixtureSync<HTMLDivElement>(html`<div lang="en"><call-pop .workbench=${workbench}></call-pop></div>`);
    const el = wrapper.querySelector('call-pop')!;
    await el.updateComplete;
    return el;
  }

  afterEach(() => {
    workbench.dispose();
    softphone.dispose();
  });

  async function popShown(el: CallPop): Promise<void> {
    softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => deepAll(el, '[part="customer-name"]').some((n) => n.textContent === '张伟'), 'the customer never showed');
    await waitUntil(() => deepAll(el, 'form[part="form"]').length === 1, 'the summary form never showed');
  }

  it('pops the call with the customer card and the summary, and shows no part, button or error for what the backend lacks', async () => {
    const memory = new MemoryBackend();
    const el = await start({ customers: memory.customers, calls: memory.calls, agents: memory.agents, summary: memory.summary });
    expect([...['records', 'tickets', 'dockingPages', 'conversation', 'sms', 'contactPlans']].filter((d) => workbench.supports(d as never))).to.deep.equal([]);
    await popShown(el);
    expect(deepAll(el, '[part~="customer"]').length, 'customer card').to.equal(1);
    expect(deepAll(el, '[part~="summary"]').length, 'summary').to.equal(1);
    expect(texts(deepAll(el, '[role="alert"], .error, [part~="error"]'))).to.deep.equal([]);
    expect(deepAll(el, '[part~="conversation"], [part~="docking"], [part~="records"], [part~="tickets"]').map((n) => n.getAttribute('part'))).to.deep.equal([]);
    // The call record is what `calls` offers: the only detail tab left.
    expect(texts(deepAll(el, '[role="tab"]'))).to.deep.equal(['Call record']);
    expect(deepAll(el, 'button[part="sms"], button[part="contact-plan"], button[part="ticket"]').map((b) => b.getAttribute('part'))).to.deep.equal([]);
  });

  it('a domain left out answers a typed not-supported error', async () => {
    const memory = new MemoryBackend();
    await start({ customers: memory.customers, calls: memory.calls, agents: memory.agents });
    const error = await workbench.adapter.dockingPages.list().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.include({ name: 'AdapterError', code: 'not-supported', message: 'This backend does not offer dockingPages.list.' });
    expect((error as { retryable: boolean }).retryable, 'not-supported is retryable').to.equal(false);
  });

  describe('over REST', () => {
    let worker: SetupWorker;
    before(async () => {
      worker = setupWorker();
      await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
    });
    after(() => worker.stop());

    it('with `domains`, the REST adapter asks only for what the server serves; a route answering 501 is not-supported and hides its part', async () => {
      const seen: string[] = [];
      const base = '/small-api';
      worker.resetHandlers(
        http.all(`${base}/*`, ({ request }) => {
          seen.push(`${request.method} ${new URL(request.url).pathname.slice(base.length)}`);
          return undefined;
        }),
        // The one extra domain the adapter names, and the server does not serve after all.
        http.get(`${base}/docking-pages`, () =>
          HttpResponse.json({ error: { code: 'not-supported', message: 'No docking pages here.' } }, { status: 501 }),
        ),
        ...createHandlers(new MemoryBackend(), { baseUrl: base }),
      );
      const adapter = createRestAdapter({ baseUrl: base, domains: ['customers', 'calls', 'agents', 'summary', 'dockingPages'] });
      const el = await start(adapter);
      await popShown(el);
      expect(texts(deepAll(el, '[role="alert"], .error, [part~="error"]'))).to.deep.equal([]);
      await waitUntil(() => seen.includes('GET /docking-pages'), 'docking pages never asked for');
      await el.updateComplete;
      expect(texts(deepAll(el, '[role="alert"], .error, [part~="error"]'))).to.deep.equal([]);
      const routes = [...new Set(seen.map((line) => line.replace(/\/calls\/[^/]+/, '/calls/{id}').replace(/\/customers\/[^/?]+/, '/customers/{id}')))];
      expect(routes.filter((route) => /records|tickets|conversation|sms|contact-plans/.test(route))).to.deep.equal([]);
    });
  });
});
