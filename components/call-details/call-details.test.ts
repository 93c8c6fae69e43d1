import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { SEED_IDS } from '../../src/adapter/memory/index.js';
import { createHandlers } from '../../src/adapter/msw/handlers.js';
import { createRestAdapter } from '../../src/adapter/rest/index.js';
import { createTestRig, partText, testBackend, type TestRig } from '../shared/test-rig.js';
import type { CallDetails } from './call-details.js';
import './define.js';

describe('<call-details>', () => {
  let rig: TestRig;

  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);
  afterEach(() => rig.dispose());

  async function details(callId?: string): Promise<CallDetails> {
    return fixture<CallDetails>(
      callId
        ? html`<call-details lang="en" call-id=${callId} .workbench=${rig.workbench}></call-details>`
        : html`<call-details lang="en" .workbench=${rig.workbench}></call-details>`,
    );
  }

  const tabs = (el: CallDetails): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=tab]')];
  const key = (target: Element, k: string): void => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
  };

  it('shows three tabs with the business records open, and renders the others only when first opened', async () => {
    rig = await createTestRig();
    const el = await details(SEED_IDS.latestCall);
    expect(tabs(el).map((t) => t.textContent!.trim())).to.deep.equal(['Business records', 'Tickets', 'Call record']);
    expect(tabs(el)[0]!.getAttribute('aria-selected')).to.equal('true');
    // The tabs show at once; the open tab's content follows in the next frame (the pop's number paints first).
    await waitUntil(() => el.shadowRoot!.querySelector('[part~=records]') !== null, 'the records tab never rendered');
    expect(el.shadowRoot!.querySelector('[part~=tickets]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part~=call-record]')).to.equal(null);
    tabs(el)[2]!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~=call-record]')).to.exist;
    expect(el.shadowRoot!.querySelector<HTMLElement>('#panel-records'), 'the records panel after opening another tab').to.have.property('hidden', true);
    expect(el.shadowRoot!.querySelector('[part~=records]')).to.exist; // kept once opened
    await expect(el).to.be.accessible();
  });

  it('moves between tabs with the arrow keys, Home and End', async () => {
    rig = await createTestRig();
    const el = await details(SEED_IDS.latestCall);
    tabs(el)[0]!.focus();
    key(tabs(el)[0]!, 'ArrowRight');
    await el.updateComplete;
    expect(el.tab).to.equal('tickets');
    expect(el.shadowRoot!.activeElement).to.equal(tabs(el)[1]);
    expect(tabs(el)[1]!.tabIndex).to.equal(0);
    expect(tabs(el)[0]!.tabIndex).to.equal(-1);
    key(tabs(el)[1]!, 'End');
    await el.updateComplete;
    expect(el.tab).to.equal('call');
    key(tabs(el)[2]!, 'ArrowRight');
    await el.updateComplete;
    expect(el.tab).to.equal('records');
    key(tabs(el)[0]!, 'ArrowLeft');
    await el.updateComplete;
    expect(el.tab).to.equal('call');
    key(tabs(el)[2]!, 'Home');
    await el.updateComplete;
    expect(el.tab).to.equal('records');
  });

  it("opens the create-ticket form from the pop's header hook", async () => {
    rig = await createTestRig();
    const el = await details(SEED_IDS.latestCall);
    await el.createTicket();
    expect(el.tab).to.equal('tickets');
    const tickets = el.shadowRoot!.querySelector('[part~=tickets]')!;
    await waitUntil(() => tickets.shadowRoot!.querySelector('[part~=form]') !== null, 'no form');
  });

  it("follows the active call and shows its customer's records", async () => {
    rig = await createTestRig();
    const el = await details();
    expect(partText(el, 'empty')).to.equal('No call selected.');
    const callId = rig.softphone.simulateInbound(SEED_IDS.zhangWeiPhone);
    await waitUntil(() => rig.workbench.stores.$calls.get()[callId]?.lookup.status === 'found');
    await el.updateComplete;
    const records = el.shadowRoot!.querySelector('[part~=records]')!;
    await waitUntil(() => records.shadowRoot?.querySelector('[part=entry]') != null, 'no records');
  });

  it('takes more tabs in the tabs-end slot', async () => {
    rig = await createTestRig();
    const el = await fixture<CallDetails>(html`<call-details lang="en" call-id=${SEED_IDS.latestCall} .workbench=${rig.workbench}>
      <button slot="tabs-end" role="tab" aria-selected="false">Orders</button>
    </call-details>`);
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name=tabs-end]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Orders']);
    expect(slot.parentElement!.getAttribute('role')).to.equal('tablist');
  });

  describe('through the REST adapter (msw)', () => {
    let worker: SetupWorker;
    before(async () => {
      worker = setupWorker();
      await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
    });
    after(() => worker.stop());

    it("shows an earlier call's records and call record over HTTP", async () => {
      const backend = testBackend();
      worker.resetHandlers(...createHandlers(backend, { baseUrl: '/rest-call-details' }));
      rig = await createTestRig({ backend, adapter: () => createRestAdapter({ baseUrl: '/rest-call-details' }) });
      const el = await details(SEED_IDS.transferredCall);
      const records = await waitFor(el, '[part~=records]');
      await waitUntil(() => records.shadowRoot?.querySelector('[part=entry]') != null, 'no records');
      el.selectTab('call');
      const record = await waitFor(el, '[part~=call-record]');
      await waitUntil(() => record.shadowRoot?.querySelectorAll('[part=leg]').length === 2, 'no legs');
    });
  });
});

async function waitFor(el: CallDetails, selector: string): Promise<Element> {
  await waitUntil(() => el.shadowRoot!.querySelector(selector) !== null, `no ${selector}`);
  return el.shadowRoot!.querySelector(selector)!;
}
