import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { createRecordsSeed } from '../../bench/records-seed.js';
import { AdapterError } from '../../src/adapter/errors.js';
import { createDefaultSeed, SEED_IDS } from '../../src/adapter/memory/index.js';
import { createHandlers } from '../../src/adapter/msw/handlers.js';
import { createRestAdapter } from '../../src/adapter/rest/index.js';
import { emptyTicketForm } from '../../src/forms/ticket-form.js';
import { ticketsModule } from '../../src/workbench/tickets.js';
import { button, createTestRig, partText, TEST_START, testBackend, type TestRig } from '../shared/test-rig.js';
import type { BusinessRecords } from './business-records.js';
import './define.js';

describe('<business-records>', () => {
  let rig: TestRig;

  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);
  afterEach(() => rig.dispose());

  async function timeline(customerId: string = SEED_IDS.zhangWei): Promise<BusinessRecords> {
    const el = await fixture<BusinessRecords>(
      html`<business-records lang="en" customer-id=${customerId} .workbench=${rig.workbench}></business-records>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('[part~=loading]') === null, 'the timeline never loaded');
    return el;
  }

  const entries = (el: BusinessRecords): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=entry]')];
  const chip = (el: BusinessRecords, name: string): HTMLButtonElement => button(el.shadowRoot!, name);

  it("shows the customer's chats, calls and tickets newest first, to the end of the list", async () => {
    rig = await createTestRig();
    const el = await timeline();
    await waitUntil(() => entries(el).length > 0);
    const all = await rig.backend.records.list(SEED_IDS.zhangWei, { limit: 100 });
    const kinds = new Set(entries(el).map((e) => e.dataset['kind']));
    expect([...kinds].sort()).to.deep.equal(['call', 'chat', 'ticket']);
    const titles = entries(el).map((e) => e.querySelector('.title')!.textContent);
    expect(titles[0]).to.equal(all.items[0]!.title);
    expect(partText(el, 'end')).to.equal(`All ${all.items.length} records shown.`);
    await expect(el).to.be.accessible();
  });

  it('shows a ticket created from a call at the top without a reload', async () => {
    rig = await createTestRig();
    const el = await timeline();
    await waitUntil(() => entries(el).length > 0);
    await rig.workbench.use(ticketsModule).create(SEED_IDS.latestCall, {
      ...emptyTicketForm(),
      title: 'Brand-new ticket',
      fields: { channel: 'app' },
    });
    await waitUntil(() => entries(el)[0]?.textContent?.includes('Brand-new ticket') === true, 'not at the top');
    expect(entries(el)[0]!.dataset['kind']).to.equal('ticket');
  });

  it('filters by kind with chips', async () => {
    rig = await createTestRig();
    const el = await timeline();
    chip(el, 'Chats').click();
    await waitUntil(() => entries(el).length > 0 && entries(el).every((e) => e.dataset['kind'] === 'chat'), 'no chats only');
    expect(chip(el, 'Chats').getAttribute('aria-pressed')).to.equal('true');
    expect(chip(el, 'All').getAttribute('aria-pressed')).to.equal('false');
    chip(el, 'All').click();
    await waitUntil(() => new Set(entries(el).map((e) => e.dataset['kind'])).size === 3);
  });

  it("opens a chat's messages, a ticket and a call's record", async () => {
    rig = await createTestRig();
    const el = await timeline();
    const open = async (kind: string): Promise<void> => {
      const entry = entries(el).find((e) => e.dataset['kind'] === kind)!;
      entry.querySelector<HTMLButtonElement>('[part=open]')!.click();
      await el.updateComplete;
    };
    await open('chat');
    await waitUntil(() => el.shadowRoot!.querySelector('[part=message]') !== null, 'no messages');
    expect(el.shadowRoot!.querySelector('[part=message]')!.textContent).to.contain('Customer');
    await expect(el).to.be.accessible();
    await open('ticket');
    await waitUntil(() => el.shadowRoot!.querySelector('[part=ticket]') !== null, 'no ticket');
    expect(partText(el, 'ticket')).to.match(/T-\d{8}-\d{4}/);
    await open('call');
    await waitUntil(() => {
      const record = el.shadowRoot!.querySelector('[part=call-record]');
      return record?.shadowRoot?.querySelector('[part=facts]') != null;
    }, 'no call record');
    button(el.shadowRoot!, 'Close').click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=detail]')).to.equal(null);
  });

  it('says so when the customer has no records', async () => {
    rig = await createTestRig();
    const fresh = await rig.backend.customers.create({ name: 'New Person', phones: ['+8613711119999'] }, { idempotencyKey: 'k-new' });
    const el = await timeline(fresh.id);
    expect(partText(el, 'empty')).to.equal('No records.');
  });

  it('says when no customer is linked', async () => {
    rig = await createTestRig();
    const el = await fixture<BusinessRecords>(html`<business-records lang="en" .workbench=${rig.workbench}></business-records>`);
    expect(partText(el, 'empty')).to.equal('No customer is linked to this call yet, so there are no records to show.');
  });

  it('says why the records could not be loaded, and loads them on retry', async () => {
    rig = await createTestRig();
    rig.backend.failNext('records.list', new AdapterError('server', 'Records service down'));
    const el = await timeline();
    expect(partText(el, 'error')).to.contain('Could not load the records: Records service down');
    await expect(el).to.be.accessible();
    button(el.shadowRoot!, 'Retry').click();
    await waitUntil(() => entries(el).length > 0);
  });

  it('renders titles and chat messages with markup as text', async () => {
    const seed = createDefaultSeed(new Date(TEST_START));
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    const chats = seed.chats.map((chat) =>
      chat.customerId === SEED_IDS.zhangWei
        ? { ...chat, messages: chat.messages.map((m) => ({ ...m, text: `${evil} ${m.text}` })) }
        : chat,
    );
    const tickets = seed.tickets.map((ticket) => (ticket.customerId === SEED_IDS.zhangWei ? { ...ticket, title: evil } : ticket));
    rig = await createTestRig({ backend: testBackend({ seed: { ...seed, chats, tickets } }) });
    const el = await timeline();
    chip(el, 'Chats').click();
    await waitUntil(() => entries(el).length > 0 && entries(el).every((e) => e.dataset['kind'] === 'chat'));
    expect(entries(el)[0]!.textContent).to.contain('<img src=x');
    entries(el)[0]!.querySelector<HTMLButtonElement>('[part=open]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part=message]') !== null);
    expect(el.shadowRoot!.querySelector('[part=message]')!.textContent).to.contain('<script>');
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('renders only what is on screen and fetches the next page as the agent scrolls', async function () {
    this.timeout(40_000);
    rig = await createTestRig({ backend: testBackend({ seed: createRecordsSeed(new Date(TEST_START), { records: 400, tickets: 200 }) }) });
    const el = await timeline();
    await waitUntil(() => entries(el).length > 0);
    const list = el.shadowRoot!.querySelector<HTMLElement>('[part=list]')!;
    expect(entries(el).length).to.be.lessThan(50);
    const loaded = (): number => Number(/All (\d+)/.exec(partText(el, 'end'))?.[1] ?? 0);
    let pages = 0;
    const original = rig.backend.records.list.bind(rig.backend.records);
    rig.backend.records.list = (...args) => {
      pages += 1;
      return original(...args);
    };
    // The agent keeps scrolling to the bottom until the list says it has everything.
    await waitUntil(
      () => {
        list.scrollTop = list.scrollHeight;
        return loaded() > 0;
      },
      'scrolling never reached the end of the records',
      { timeout: 15_000, interval: 20 },
    );
    expect(loaded()).to.be.greaterThan(400);
    expect(pages).to.be.at.least(7);
    expect(entries(el).length).to.be.lessThan(80);
    expect(el.shadowRoot!.querySelectorAll('*').length).to.be.lessThan(1000);
  });

  describe('through the REST adapter (msw)', () => {
    let worker: SetupWorker;
    before(async () => {
      worker = setupWorker();
      await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
    });
    after(() => worker.stop());

    it('loads the timeline, filters it and opens a chat over HTTP', async () => {
      const backend = testBackend();
      worker.resetHandlers(...createHandlers(backend, { baseUrl: '/rest-records' }));
      rig = await createTestRig({ backend, adapter: () => createRestAdapter({ baseUrl: '/rest-records' }) });
      const el = await timeline();
      await waitUntil(() => entries(el).length > 0);
      chip(el, 'Chats').click();
      await waitUntil(() => entries(el).length > 0 && entries(el).every((e) => e.dataset['kind'] === 'chat'));
      entries(el)[0]!.querySelector<HTMLButtonElement>('[part=open]')!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('[part=message]') !== null);
    });

    it('shows the error of a failed page over HTTP, with a retry', async () => {
      const backend = testBackend();
      worker.resetHandlers(...createHandlers(backend, { baseUrl: '/rest-records2' }));
      rig = await createTestRig({ backend, adapter: () => createRestAdapter({ baseUrl: '/rest-records2' }) });
      backend.failNext('records.list');
      const el = await timeline();
      expect(partText(el, 'error')).to.contain('Could not load the records');
      button(el.shadowRoot!, 'Retry').click();
      await waitUntil(() => entries(el).length > 0);
    });
  });
});
