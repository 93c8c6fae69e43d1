import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { createRecordsSeed } from '../../bench/records-seed.js';
import { AdapterError } from '../../src/adapter/errors.js';
import { createDefaultSeed, SEED_IDS } from '../../src/adapter/memory/index.js';
import { createHandlers } from '../../src/adapter/msw/handlers.js';
import { createRestAdapter } from '../../src/adapter/rest/index.js';
import { ticketsModule } from '../../src/workbench/tickets.js';
import type { TicketForm } from '../ticket-form/ticket-form.js';
import { button, createTestRig, partText, TEST_START, testBackend, type TestRig, typeInto } from '../shared/test-rig.js';
import type { TicketTab } from './ticket-tab.js';
import './define.js';

const ZHANG_WEI = SEED_IDS.zhangWeiPhone;

describe('<ticket-tab>', () => {
  let rig: TestRig;

  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

  beforeEach(() => window.sessionStorage.clear());
  afterEach(() => {
    rig.dispose();
    window.sessionStorage.clear();
  });

  async function tab(callId: string, r: TestRig = rig): Promise<TicketTab> {
    const el = await fixture<TicketTab>(html`<ticket-tab lang="en" call-id=${callId} .workbench=${r.workbench}></ticket-tab>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~=loading]') === null, 'the lists never loaded');
    return el;
  }

  const section = (el: TicketTab, part: 'call-tickets' | 'customer-tickets'): HTMLElement =>
    el.shadowRoot!.querySelector<HTMLElement>(`[part~="${part}"]`)!;
  const rows = (el: TicketTab, part: 'call-tickets' | 'customer-tickets'): HTMLElement[] => [
    ...(section(el, part)?.querySelectorAll<HTMLElement>('[part=row]') ?? []),
  ];
  const textOf = (node: Element, part: string): string =>
    (node.querySelector(`[part~="${part}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();

  /** A call the softphone rang; resolves once the backend has its record and the customer is found. */
  async function ringingCall(): Promise<string> {
    const callId = rig.softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(async () => (await rig.backend.calls.get(callId).catch(() => null)) !== null, 'call never reported');
    await waitUntil(() => rig.workbench.stores.$calls.get()[callId]?.lookup.status === 'found', 'customer never found');
    return callId;
  }

  async function createFrom(el: TicketTab, title: string): Promise<void> {
    button(el.shadowRoot!, 'Create ticket').click();
    await el.updateComplete;
    const form = el.shadowRoot!.querySelector<TicketForm>('[part~=form]')!;
    await waitUntil(() => form.shadowRoot!.querySelector('form') !== null, 'no form');
    typeInto(form.shadowRoot!.querySelector<HTMLInputElement>('#title')!, title);
    const fields = form.shadowRoot!.querySelector('[part~=fields]')!;
    await (fields as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const channel = fields.shadowRoot!.querySelector<HTMLSelectElement>('[data-key="channel"] select')!;
    channel.value = 'online';
    channel.dispatchEvent(new Event('change'));
    await form.updateComplete;
    button(form.shadowRoot!, 'Create ticket').click();
  }

  it("lists the call's downstream tickets and the customer's tickets with status, priority, assignee and time", async () => {
    rig = await createTestRig();
    const el = await tab(SEED_IDS.transferredCall);
    await waitUntil(() => rows(el, 'call-tickets').length > 0 && rows(el, 'customer-tickets').length > 0);
    const [downstream] = rows(el, 'call-tickets');
    const ticket = (await rig.backend.tickets.listByCall(SEED_IDS.transferredCall)).items[0]!;
    expect(downstream!.textContent).to.contain(ticket.number);
    expect(textOf(downstream!, 'status')).to.equal('Pending');
    expect(textOf(downstream!, 'priority')).to.equal('High');
    const agents = (await rig.backend.agents.list({ limit: 100 })).items;
    const assignee = agents.find((a) => a.id === ticket.assigneeId)!.name;
    await waitUntil(() => downstream!.textContent!.includes(assignee) || rows(el, 'call-tickets')[0]!.textContent!.includes(assignee));
    expect(textOf(section(el, 'call-tickets'), 'end')).to.equal('All 1 tickets shown.');
    const all = await rig.backend.tickets.listByCustomer(SEED_IDS.zhangWei, { limit: 100 });
    expect(textOf(section(el, 'customer-tickets'), 'end')).to.equal(`All ${all.items.length} tickets shown.`);
    await expect(el).to.be.accessible();
  });

  it("opens a ticket's details and goes back", async () => {
    rig = await createTestRig();
    const el = await tab(SEED_IDS.transferredCall);
    await waitUntil(() => rows(el, 'call-tickets').length > 0);
    rows(el, 'call-tickets')[0]!.querySelector('button')!.click();
    await el.updateComplete;
    expect(partText(el, 'ticket')).to.contain('Lost parcel');
    expect(partText(el, 'ticket')).to.contain('Purchase channel');
    await expect(el).to.be.accessible();
    button(el.shadowRoot!, 'Back to the lists').click();
    await el.updateComplete;
    expect(section(el, 'call-tickets')).to.exist;
  });

  it('says so when the call has no ticket yet', async () => {
    rig = await createTestRig();
    const callId = await ringingCall();
    const el = await tab(callId);
    expect(textOf(section(el, 'call-tickets'), 'empty')).to.equal('No ticket was created from this call yet.');
  });

  it('a created ticket appears in both lists without a reload', async () => {
    rig = await createTestRig();
    const callId = await ringingCall();
    const el = await tab(callId);
    await waitUntil(() => rows(el, 'customer-tickets').length > 0);
    const before = rows(el, 'customer-tickets').length;
    await createFrom(el, '新工单：包裹未送达');
    await waitUntil(() => partText(el, 'notice').startsWith('Ticket '), 'no notice');
    await waitUntil(() => rows(el, 'call-tickets').length === 1);
    expect(rows(el, 'call-tickets')[0]!.textContent).to.contain('新工单：包裹未送达');
    expect(rows(el, 'customer-tickets')[0]!.textContent).to.contain('新工单：包裹未送达');
    expect(rows(el, 'customer-tickets').length).to.be.at.least(Math.min(before + 1, 10));
    expect(rig.backend.writeCount('tickets.create')).to.equal(1);
  });

  it('reopens the form with the draft when the agent comes back to the call', async () => {
    rig = await createTestRig({ storage: window.sessionStorage });
    const callId = await ringingCall();
    const el = await tab(callId);
    button(el.shadowRoot!, 'Create ticket').click();
    await el.updateComplete;
    const form = el.shadowRoot!.querySelector<TicketForm>('[part~=form]')!;
    await waitUntil(() => form.shadowRoot!.querySelector('#title') !== null);
    typeInto(form.shadowRoot!.querySelector<HTMLInputElement>('#title')!, 'Unfinished');
    el.remove();
    const again = await tab(callId);
    const restored = again.shadowRoot!.querySelector<TicketForm>('[part~=form]')!;
    await waitUntil(() => restored.shadowRoot!.querySelector('#title') !== null);
    expect(restored.shadowRoot!.querySelector<HTMLInputElement>('#title')!.value).to.equal('Unfinished');
  });

  it('says why a list could not be loaded, and loads it on retry', async () => {
    rig = await createTestRig();
    rig.backend.failNext('tickets.listByCall', new AdapterError('server', 'Tickets service down'));
    const el = await tab(SEED_IDS.transferredCall);
    expect(textOf(section(el, 'call-tickets'), 'error')).to.contain('Could not load the tickets: Tickets service down');
    await expect(el).to.be.accessible();
    button(section(el, 'call-tickets'), 'Retry').click();
    await waitUntil(() => rows(el, 'call-tickets').length === 1);
  });

  it('renders ticket titles with markup as text', async () => {
    const seed = createDefaultSeed(new Date(TEST_START));
    const tickets = seed.tickets.map((t) => ({ ...t, title: '<img src=x onerror="window.__ticketPwned=1">' }));
    rig = await createTestRig({ backend: testBackend({ seed: { ...seed, tickets } }) });
    const el = await tab(SEED_IDS.transferredCall);
    await waitUntil(() => rows(el, 'call-tickets').length > 0);
    expect(rows(el, 'call-tickets')[0]!.textContent).to.contain('<img src=x');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as { __ticketPwned?: number }).__ticketPwned).to.equal(undefined);
  });

  it("keeps a customer's 5,000 tickets virtualized and pages as the agent scrolls", async function () {
    this.timeout(20_000);
    rig = await createTestRig({ backend: testBackend({ seed: createRecordsSeed(new Date(TEST_START), { records: 6000, tickets: 5000 }) }) });
    const el = await tab(SEED_IDS.latestCall);
    await waitUntil(() => rows(el, 'customer-tickets').length > 0);
    const list = section(el, 'customer-tickets').querySelector<HTMLElement>('[part=list]')!;
    const state = () => rig.workbench.use(ticketsModule).byCustomer(SEED_IDS.zhangWei).$state.get();
    // The agent scrolls to the bottom again and again: pages load as they go.
    await waitUntil(
      () => {
        list.scrollTop = list.scrollHeight;
        return state().items.length > 50;
      },
      'scrolling loaded no further pages',
      { timeout: 15_000, interval: 20 },
    );
    await waitUntil(() => textOf(section(el, 'customer-tickets'), 'loading') === '');
    const loaded = state();
    expect(loaded.items.length).to.be.greaterThan(50);
    expect(loaded.nextCursor).to.be.a('string');
    expect(rows(el, 'customer-tickets').length).to.be.lessThan(60);
    expect(el.shadowRoot!.querySelectorAll('*').length).to.be.lessThan(1000);
  });

  describe('through the REST adapter (msw)', () => {
    let worker: SetupWorker;
    before(async () => {
      worker = setupWorker();
      await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
    });
    after(() => worker.stop());

    it('lists and creates tickets over HTTP; a double click creates one', async () => {
      const backend = testBackend();
      worker.resetHandlers(...createHandlers(backend, { baseUrl: '/rest-ticket-tab' }));
      rig = await createTestRig({ backend, adapter: () => createRestAdapter({ baseUrl: '/rest-ticket-tab' }) });
      const el = await tab(SEED_IDS.latestCall);
      await waitUntil(() => rows(el, 'customer-tickets').length > 0);
      await createFrom(el, 'Over HTTP');
      const form = el.shadowRoot!.querySelector<TicketForm>('[part~=form]');
      form?.shadowRoot?.querySelector<HTMLButtonElement>('[part=submit]')?.click();
      await waitUntil(() => rows(el, 'call-tickets').some((r) => r.textContent!.includes('Over HTTP')), 'never listed');
      expect(backend.writeCount('tickets.create')).to.equal(1);
    });
  });
});
