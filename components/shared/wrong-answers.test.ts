import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { createRestAdapter } from '../../src/adapter/rest/index.js';
import { SimulatedSoftphone } from '../../src/telephony/simulated-softphone.js';
import { createWorkbench, type Workbench } from '../../src/workbench/workbench.js';
import { steadyClock, TEST_TIME_ZONE, typeInto } from './test-rig.js';
import '../define.js';

// The strict server (e2e/strict-server, written from docs/openapi.yaml alone) behind the REST
// adapter, with one route at a time answering what the contract does not allow: the element that
// needed the answer shows a clear error with a retry, and what the agent typed stays.

const ZHANG_WEI = '+8613800138000';

const shadowPart = (host: Element | null, part: string): HTMLElement | null => host?.shadowRoot?.querySelector<HTMLElement>(`[part~="${part}"]`) ?? null;
const text = (node: Element | null): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('a strict server that answers one route wrong: a clear, retryable error where it was needed, no draft lost', () => {
  let worker: SetupWorker;
  let server: { baseUrl: string; token: string };
  let workbench: Workbench;
  let softphone: SimulatedSoftphone;

  before(async () => {
    server = (await (await fetch('/__strict-server.json')).json()) as { baseUrl: string; token: string };
    worker = setupWorker();
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  });
  after(() => worker.stop());
  afterEach(() => {
    worker.resetHandlers();
    workbench?.dispose();
    softphone?.dispose();
  });

  async function start(): Promise<void> {
    const now = steadyClock();
    softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null, now });
    workbench = createWorkbench({
      adapter: createRestAdapter({ baseUrl: server.baseUrl, token: server.token }),
      softphone,
      storage: null,
      sessionStorage: null,
      now,
      timeZone: TEST_TIME_ZONE,
    });
    await workbench.start();
    await softphone.register();
  }

  it('a customer lookup answered with a malformed list: the pop says so, keeps the number, and the retry asks again', async () => {
    let wrong = true;
    worker.use(
      http.get(`${server.baseUrl}/customers`, ({ request }) => {
        return wrong && new URL(request.url).searchParams.has('phone') ? HttpResponse.json({ items: [{ id: 42 }] }) : undefined;
      }),
    );
    await start();
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="en"><call-pop .workbench=${workbench}></call-pop></div>`);
    const pop = wrapper.querySelector('call-pop')!;
    const callId = softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => shadowPart(pop, 'lookup-error'), 'no lookup error shown', { timeout: 5000 });
    expect(shadowPart(pop, 'lookup-error')!.getAttribute('role')).to.equal('alert');
    expect(text(shadowPart(pop, 'number')), 'the number still shows').to.equal('+86 138 0013 8000');
    wrong = false;
    shadowPart(pop, 'lookup-error')!.querySelector('button')!.click();
    // The strict server knows no customer at this number yet: the retry ends in "unknown caller".
    await waitUntil(() => workbench.stores.$calls.get()[callId]?.lookup.status === 'unknown', 'the retry never answered', { timeout: 5000 });
    await pop.updateComplete;
    expect(shadowPart(pop, 'lookup-error'), 'the error after the retry').to.equal(null);
    expect(shadowPart(pop, 'customer'), 'the new-customer card').to.not.equal(null);
  });

  it('a summary save answered with a body that is not a summary: the summary says so, keeps the remark, and saves on retry', async () => {
    let wrong = true;
    worker.use(http.put(`${server.baseUrl}/calls/:id/summary`, () => (wrong ? HttpResponse.json({ saved: 'yes' }) : undefined)));
    await start();
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="en"><service-summary .workbench=${workbench}></service-summary></div>`);
    const summary = wrapper.querySelector('service-summary')!;
    const callId = softphone.simulateInbound(ZHANG_WEI);
    await workbench.answer(callId);
    await waitUntil(() => shadowPart(summary, 'remark'), 'the summary form never showed', { timeout: 5000 });
    typeInto(shadowPart(summary, 'remark') as HTMLTextAreaElement, 'Refund for order A-1024');
    await summary.updateComplete;
    shadowPart(summary, 'save')!.click();
    await waitUntil(() => shadowPart(summary, 'error'), 'no save error shown', { timeout: 5000 });
    expect(text(shadowPart(summary, 'error')), 'the error').to.not.equal('');
    expect((shadowPart(summary, 'remark') as HTMLTextAreaElement).value, 'the remark is kept').to.equal('Refund for order A-1024');
    wrong = false;
    const retry = shadowPart(summary, 'error')!.querySelector('button') ?? shadowPart(summary, 'save')!;
    retry.click();
    await waitUntil(() => !shadowPart(summary, 'error'), 'the retry never saved', { timeout: 5000 });
    expect((shadowPart(summary, 'remark') as HTMLTextAreaElement).value).to.equal('Refund for order A-1024');
  });
});
