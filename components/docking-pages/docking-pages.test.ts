import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { AdapterError } from '../../src/adapter/errors.js';
import { SEED_IDS, createDefaultSeed } from '../../src/adapter/memory/index.js';
import type { DockingPage } from '../../src/adapter/types.js';
import { CallpopDockingFillSummaryEvent } from '../../src/docking/fill-summary-event.js';
import type { CallpopDockingOpenTicketEvent } from '../../src/docking/open-ticket-event.js';
import { dockingModule } from '../../src/workbench/docking.js';
import { button, createTestRig, expectNoSubscriptionLeak, partText, TEST_START, testBackend, type TestRig } from '../shared/test-rig.js';
import type { DockingPages } from './docking-pages.js';
import type { CallpopDockingSelectEvent } from './docking-select-event.js';
import './define.js';

const ZHANG_WEI = '+8613800138000';
/** The test page runs on http://localhost:<port>; the same server as 127.0.0.1 is another origin. */
const OTHER_ORIGIN = `http://127.0.0.1:${location.port}`;
const FIXTURE_PATH = '/components/docking-pages/test-fixtures/docking-page.html';
const FIXTURE = `${OTHER_ORIGIN}${FIXTURE_PATH}`;
const TALKING_SANDBOX = 'allow-scripts allow-same-origin';

function page(id: string, changes: Partial<DockingPage> = {}): DockingPage {
  return {
    id,
    name: { en: `Page ${id}`, 'zh-CN': `页面 ${id}` },
    urlTemplate: `https://${id}.example.com/view?phone={{phone}}&call={{callId}}`,
    order: 1,
    directions: ['inbound', 'outbound'],
    height: null,
    sandbox: null,
    ...changes,
  };
}

/** A docking page served by the test runner from the other origin, driven by its query string. */
function fixturePage(id: string, query: Record<string, string>, changes: Partial<DockingPage> = {}): DockingPage {
  const search = new URLSearchParams({ parent: location.origin, ...query }).toString();
  return page(id, { urlTemplate: `${FIXTURE}?${search}&call={{callId}}`, sandbox: TALKING_SANDBOX, ...changes });
}

describe('<docking-pages>', () => {
  let rig: TestRig;
  let warnings: string[];
  const realWarn = console.warn;

  before(() => {
    // The origin tests rely on localhost and 127.0.0.1 being two origins of the same server.
    expect(location.hostname).to.equal('localhost');
  });

  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
    };
  });

  afterEach(() => {
    console.warn = realWarn;
    expect(warnings.filter((w) => w.includes('lit.dev/msg'))).to.deep.equal([], 'no Lit dev warnings');
    rig?.dispose();
  });

  async function rigWith(pages: readonly DockingPage[]): Promise<TestRig> {
    const backend = testBackend({ seed: { ...createDefaultSeed(new Date(TEST_START)), dockingPages: pages } });
    rig = await createTestRig({ backend });
    return rig;
  }

  async function mount(options: { page?: string } = {}): Promise<DockingPages> {
    const el = await fixture<DockingPages>(html`<docking-pages lang="en" .workbench=${rig.workbench} .page=${options.page}></docking-pages>`);
    await el.updateComplete;
    return el;
  }

  const root = (el: DockingPages): ShadowRoot => el.shadowRoot!;
  const tabs = (el: DockingPages): HTMLElement[] => [...root(el).querySelectorAll<HTMLElement>('[role=tab]')];
  const tabNames = (el: DockingPages): string[] => tabs(el).map((t) => t.textContent!.trim());
  const frames = (el: DockingPages): HTMLIFrameElement[] => [...root(el).querySelectorAll<HTMLIFrameElement>('iframe')];
  const frameOf = (el: DockingPages, id: string): HTMLIFrameElement | null => root(el).querySelector(`iframe[data-page="${id}"]`);

  async function ringing(variables?: Record<string, string>): Promise<string> {
    const callId = rig.softphone.simulateInbound(ZHANG_WEI, variables ? { variables } : {});
    await waitUntil(() => rig.workbench.stores.$calls.get()[callId]?.lookup.status === 'found', 'customer never found');
    return callId;
  }

  async function waitForTabs(el: DockingPages, count: number): Promise<void> {
    await waitUntil(() => tabs(el).length === count, `expected ${count} tabs, got ${tabs(el).length}`);
  }

  describe('pages and tabs', () => {
    it('lists the pages of an inbound call as tabs by order, framing only the open one', async () => {
      await rigWith([page('kb', { order: 2, directions: ['inbound'] }), page('orders', { order: 1 }), page('leads', { order: 0, directions: ['outbound'] })]);
      await ringing();
      const el = await mount();
      await waitForTabs(el, 2);
      expect(tabNames(el)).to.deep.equal(['Page orders', 'Page kb']);
      expect(tabs(el).map((t) => t.getAttribute('aria-selected'))).to.deep.equal(['true', 'false']);
      expect(frames(el).map((f) => f.dataset['page'])).to.deep.equal(['orders']);
      expect(frameOf(el, 'kb')).to.equal(null, 'no iframe before its tab is opened');

      tabs(el)[1]!.click();
      await el.updateComplete;
      expect(frameOf(el, 'kb')).not.to.equal(null);
      expect(tabs(el)[1]!.getAttribute('aria-selected')).to.equal('true');
      const panels = [...root(el).querySelectorAll<HTMLElement>('[role=tabpanel]')];
      expect(panels.map((p) => p.hidden)).to.deep.equal([true, false]);
      expect(frameOf(el, 'orders')).not.to.equal(null, 'an opened page stays framed');
      await expect(el).to.be.accessible();
    });

    it('opens no page with page="" until the agent picks one, and says which was picked', async () => {
      await rigWith([page('orders', { order: 1 }), page('kb', { order: 2 })]);
      const callId = await ringing();
      const el = await mount({ page: '' });
      await waitForTabs(el, 2);
      expect(tabs(el).map((t) => t.getAttribute('aria-selected'))).to.deep.equal(['false', 'false']);
      expect(tabs(el).map((t) => t.tabIndex)).to.deep.equal([0, -1]);
      expect(frames(el)).to.have.length(0);
      expect([...root(el).querySelectorAll<HTMLElement>('[role=tabpanel]')].filter((p) => !p.hidden).map((p) => p.id), 'tab panels shown before a tab is picked').to.deep.equal([]);
      await expect(el).to.be.accessible();
      setTimeout(() => tabs(el)[1]!.click());
      const event = (await oneEvent(el, 'callpop-docking-select')) as CallpopDockingSelectEvent;
      expect(event.detail).to.deep.equal({ callId, pageId: 'kb' });
      expect({ bubbles: event.bubbles, composed: event.composed }).to.deep.equal({ bubbles: true, composed: true });
      await el.updateComplete;
      expect(frames(el).map((f) => f.dataset['page'])).to.deep.equal(['kb']);
    });

    it('lists only the outbound pages for an outbound call', async () => {
      await rigWith([page('kb', { order: 2, directions: ['inbound'] }), page('orders', { order: 1 }), page('leads', { order: 0, directions: ['outbound'] })]);
      const el = await mount();
      await rig.softphone.dial(ZHANG_WEI);
      await waitForTabs(el, 2);
      expect(tabNames(el)).to.deep.equal(['Page leads', 'Page orders']);
    });

    it('frames each page with a safe sandbox, referrer policy, no permissions, lazy loading and a title', async () => {
      await rigWith([page('orders')]);
      await ringing();
      const el = await mount();
      await waitForTabs(el, 1);
      const frame = frameOf(el, 'orders')!;
      expect(frame.getAttribute('sandbox')).to.equal('allow-scripts allow-forms allow-popups');
      expect(frame.getAttribute('referrerpolicy')).to.equal('strict-origin-when-cross-origin');
      expect(frame.getAttribute('allow')).to.equal('');
      expect(frame.getAttribute('loading')).to.equal('lazy');
      expect(frame.title).to.equal('Page orders');
      expect(getComputedStyle(frame).height).to.equal('480px');
    });

    it("uses a page's own sandbox and height, dropping unknown and top-navigation tokens with a warning", async () => {
      await rigWith([page('crm', { sandbox: 'allow-scripts allow-same-origin allow-top-navigation allow-magic', height: 300 })]);
      await ringing();
      const el = await mount();
      await waitForTabs(el, 1);
      const frame = frameOf(el, 'crm')!;
      expect(frame.getAttribute('sandbox')).to.equal('allow-scripts allow-same-origin');
      expect(getComputedStyle(frame).height).to.equal('300px');
      expect(warnings.filter((w) => w.includes('allow-top-navigation'))).to.have.length(1);
      expect(warnings.filter((w) => w.includes('allow-magic'))).to.have.length(1);
    });

    it('fills the URL with the call, the customer, the agent and custom variables, each URL-encoded', async () => {
      await rigWith([
        page('crm', {
          urlTemplate: 'https://crm.example.com/c/{{customerId}}?agent={{agentId}}&dir={{direction}}&phone={{phone}}&order={{var.orderNo}}&note={{var.note}}#call={{callId}}',
        }),
      ]);
      const callId = await ringing({ orderNo: 'A&B=1#x', note: '"><script>alert(1)</script> 张' });
      const el = await mount();
      await waitForTabs(el, 1);
      expect(frameOf(el, 'crm')!.src).to.equal(
        'https://crm.example.com/c/cust-zhang-wei?agent=agent-1001&dir=inbound&phone=%2B8613800138000' +
          '&order=A%26B%3D1%23x&note=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%20%E5%BC%A0' +
          `#call=${callId}`,
      );
    });

    it('shows page names with markup as text', async () => {
      const name = '<img src=x onerror="window.pwned=1">Orders';
      await rigWith([page('orders', { name })]);
      await ringing();
      const el = await mount();
      await waitForTabs(el, 1);
      expect(tabNames(el)).to.deep.equal([name]);
      expect(frameOf(el, 'orders')!.title).to.equal(name);
      expect(root(el).querySelector('img')).to.equal(null);
    });

    it('moves between tabs with the arrow keys, Home and End', async () => {
      await rigWith([page('a', { order: 1 }), page('b', { order: 2 }), page('c', { order: 3 })]);
      await ringing();
      const el = await mount();
      await waitForTabs(el, 3);
      const key = async (name: string): Promise<void> => {
        (root(el).activeElement ?? tabs(el)[0]!).dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, composed: true }));
        await el.updateComplete;
      };
      tabs(el)[0]!.focus();
      await key('ArrowRight');
      expect(root(el).activeElement?.textContent?.trim()).to.equal('Page b');
      expect(tabs(el)[1]!.getAttribute('aria-selected')).to.equal('true');
      expect(tabs(el)[1]!.tabIndex).to.equal(0);
      await key('End');
      expect(tabs(el)[2]!.getAttribute('aria-selected')).to.equal('true');
      await key('ArrowRight');
      expect(tabs(el)[0]!.getAttribute('aria-selected')).to.equal('true');
      await key('ArrowLeft');
      expect(tabs(el)[2]!.getAttribute('aria-selected')).to.equal('true');
      await key('Home');
      expect(tabs(el)[0]!.getAttribute('aria-selected')).to.equal('true');
    });

    it('follows the active call, framing the new call afresh', async () => {
      await rigWith([page('orders')]);
      const first = await ringing();
      const el = await mount();
      await waitForTabs(el, 1);
      expect(frameOf(el, 'orders')!.src).to.contain(`call=${first}`);
      const firstFrame = frameOf(el, 'orders');
      const second = rig.softphone.simulateInbound('+14155550123');
      await waitUntil(() => frameOf(el, 'orders')?.src.includes(`call=${second}`), 'did not follow the new call');
      expect(frameOf(el, 'orders')).not.to.equal(firstFrame);
    });

    it('stays on the call named by call-id when another call rings', async () => {
      await rigWith([page('orders')]);
      const el = await fixture<DockingPages>(html`<docking-pages lang="en" .workbench=${rig.workbench} call-id=${SEED_IDS.latestCall}></docking-pages>`);
      await waitForTabs(el, 1);
      expect(frameOf(el, 'orders')!.src).to.contain(`call=${SEED_IDS.latestCall}`);
      await ringing();
      await el.updateComplete;
      expect(frameOf(el, 'orders')!.src).to.contain(`call=${SEED_IDS.latestCall}`);
    });

    it('renders nothing when no page applies to the call', async () => {
      await rigWith([page('leads', { directions: ['outbound'] })]);
      await ringing();
      const el = await mount();
      await waitUntil(() => rig.workbench.use(dockingModule).$pages.get().status === 'ready');
      await el.updateComplete;
      expect(root(el).textContent!.trim()).to.equal('');
      expect(tabs(el)).to.have.length(0);
    });

    it('says when the configured pages could not be loaded, and retries', async () => {
      const backend = testBackend({ seed: { ...createDefaultSeed(new Date(TEST_START)), dockingPages: [page('orders')] } });
      backend.failNext('dockingPages.list', new AdapterError('server', 'The backend is down.'));
      rig = await createTestRig({ backend });
      await ringing();
      const el = await mount();
      await waitUntil(() => partText(el, 'error') !== '', 'no error shown');
      expect(partText(el, 'error')).to.contain('Could not load the docking pages: The backend is down.');
      await expect(el).to.be.accessible();
      button(root(el), 'Retry').click();
      await waitForTabs(el, 1);
    });

    it('releases its store subscriptions when disconnected', async () => {
      await rigWith([page('orders')]);
      await ringing();
      const el = await mount();
      await waitForTabs(el, 1);
      await expectNoSubscriptionLeak(el, rig.workbench);
    });
  });

  describe('URLs that are refused', () => {
    const refused: ReadonlyArray<readonly [string, string, string]> = [
      ['a javascript: URL', 'javascript:alert(document.cookie)', 'only http and https pages can be docked, not "javascript:"'],
      ['a data: URL', 'data:text/html,<script>alert(1)</script>', 'not "data:"'],
      ['a relative URL', '/orders?phone={{phone}}', 'must be an absolute URL'],
      ['a protocol-relative URL', '//evil.example/?p={{phone}}', 'must be an absolute URL'],
      ['a host made of a variable', 'https://{{phone}}.example.com/', 'a variable may not be part of the scheme, host or port'],
    ];
    for (const [name, urlTemplate, reason] of refused) {
      it(`never loads ${name}, and says why`, async () => {
        await rigWith([page('bad', { urlTemplate })]);
        await ringing();
        const el = await mount();
        await waitForTabs(el, 1);
        expect(frames(el)).to.have.length(0);
        const notice = partText(el, 'refused');
        expect(notice).to.contain('This page cannot be shown:').and.contain(reason);
        expect(root(el).querySelector('[part~=refused]')!.getAttribute('role')).to.equal('alert');
        expect(root(el).querySelector('a')).to.equal(null, 'no link to a refused URL');
        expect(warnings.join('\n'), 'the console warnings').to.contain('"bad" is not loaded');
        await expect(el).to.be.accessible();
      });
    }
  });

  describe('talking to a docking page', () => {
    it('answers a context request to the exact origin and forwards the page’s summary fill', async () => {
      await rigWith([fixturePage('echo', { scenario: 'echo' })]);
      const callId = await ringing();
      const fills: CallpopDockingFillSummaryEvent[] = [];
      const onFill = (event: CallpopDockingFillSummaryEvent): void => void fills.push(event);
      document.addEventListener('callpop-docking-fill-summary', onFill);
      try {
        const el = await mount();
        await waitForTabs(el, 1);
        expect(new URL(frameOf(el, 'echo')!.src).origin, 'the origin the page is loaded from').to.equal(OTHER_ORIGIN);
        await waitUntil(() => fills.length > 0, 'the page never got its context', { timeout: 5000 });
        const [fill] = fills;
        expect(fill).to.be.instanceOf(CallpopDockingFillSummaryEvent);
        expect({ bubbles: fill!.bubbles, composed: fill!.composed }).to.deep.equal({ bubbles: true, composed: true });
        expect(fill!.detail.pageId).to.equal('echo');
        expect(fill!.detail.callId).to.equal(callId);
        expect(fill!.detail.values).to.deep.equal({
          remark: 'context',
          callId,
          phone: ZHANG_WEI,
          direction: 'inbound',
          customerId: 'cust-zhang-wei',
          customerName: '张伟',
          agentId: 'agent-1001',
          state: 'ringing',
        });
        expect(rig.workbench.use(dockingModule).$summaryFills.get()[callId]?.values).to.deep.equal(fill!.detail.values);
        expect(el.frameStatus('echo')).to.equal('connected');

        // Call events reach the page: it sends each back as a fill.
        await rig.softphone.answer(callId);
        await waitUntil(() => fills.some((f) => f.detail.values['event'] === 'connected'), 'no call event for "connected"', { timeout: 5000 });
        expect(fills.find((f) => f.detail.values['event'] === 'connected')!.detail.values['previous']).to.equal('ringing');
        await rig.softphone.hangup(callId);
        await waitUntil(() => fills.some((f) => f.detail.values['event'] === 'ended'), 'no call event for "ended"', { timeout: 5000 });
        expect(warnings.filter((w) => w.includes('docking page'))).to.deep.equal([]);
      } finally {
        document.removeEventListener('callpop-docking-fill-summary', onFill);
      }
    });

    it('forwards a request to open the ticket form with the validated values', async () => {
      await rigWith([fixturePage('tickets', { scenario: 'ticket' })]);
      const callId = await ringing();
      const el = await mount();
      const event = (await oneEvent(el, 'callpop-docking-open-ticket')) as CallpopDockingOpenTicketEvent;
      expect(event.detail).to.include({ callId, pageId: 'tickets' });
      expect(event.detail.values).to.deep.equal({ title: 'Refund for order 42', tags: ['refund', 'vip'], amount: 12.5, urgent: true });
      const docking = rig.workbench.use(dockingModule);
      expect(docking.takeTicketRequest(callId)?.seq).to.equal(event.detail.seq);
      expect(docking.takeTicketRequest(callId)).to.equal(null, 'a request is taken once');
    });

    it('ignores messages from another origin than the configured one, and warns once', async () => {
      // The configured page (127.0.0.1) navigates its frame to the same page on localhost, which then talks.
      const elsewhere = `${location.origin}${FIXTURE_PATH}?${new URLSearchParams({ parent: location.origin, scenario: 'echo' }).toString()}`;
      await rigWith([fixturePage('moved', { scenario: 'go', to: elsewhere })]);
      await ringing();
      const fills: Event[] = [];
      const onFill = (event: Event): void => void fills.push(event);
      document.addEventListener('callpop-docking-fill-summary', onFill);
      try {
        await mount();
        // Heard after <docking-pages> heard the same message (its listener came first).
        const sent: string[] = [];
        const onMessage = (event: MessageEvent): void => {
          if (event.origin === location.origin && (event.data as { callpop?: unknown } | null)?.callpop === 1) sent.push(String((event.data as { type?: unknown }).type));
        };
        window.addEventListener('message', onMessage);
        try {
          await waitUntil(() => sent.includes('context.request'), 'the moved page never asked for the context', { timeout: 5000 });
        } finally {
          window.removeEventListener('message', onMessage);
        }
        // The page sent hello and a context request: neither was answered, and only one warning was written.
        expect(warnings.filter((w) => w.includes('"moved"')).join('\n'), 'the console warnings about "moved"').to.contain('origin');
        expect(fills).to.have.length(0);
        const originWarnings = warnings.filter((w) => w.includes('"moved"'));
        expect(originWarnings).to.have.length(1);
        expect(originWarnings[0]).to.contain(`from ${location.origin}, expected ${OTHER_ORIGIN}`);
      } finally {
        document.removeEventListener('callpop-docking-fill-summary', onFill);
      }
    });

    it('ignores unknown types, malformed and oversized messages, warning once per reason', async () => {
      const messages = [
        { callpop: 1, type: 'customer.delete', payload: {} },
        { callpop: 1, type: 'customer.delete', payload: {} },
        { callpop: 1, type: 'summary.fill', payload: { values: { nested: { a: 1 } } } },
        { callpop: 1, type: 'summary.fill', payload: { values: { nested: { a: 1 } } } },
        'BIG',
        'BIG',
        { callpop: 1, type: 'hello', extra: true },
        { callpop: 1, type: 'hello', extra: true },
      ];
      await rigWith([fixturePage('noisy', { scenario: 'raw', msgs: JSON.stringify(messages) })]);
      const callId = await ringing();
      const el = await mount();
      const event = (await oneEvent(el, 'callpop-docking-fill-summary')) as CallpopDockingFillSummaryEvent;
      // Only the valid message at the end came through.
      expect(event.detail.values).to.deep.equal({ done: 'yes' });
      expect(rig.workbench.use(dockingModule).$summaryFills.get()[callId]?.values).to.deep.equal({ done: 'yes' });
      const noisy = warnings.filter((w) => w.includes('"noisy"'));
      expect(noisy).to.have.length(4);
      for (const reason of ['unknown-type', 'payload', 'too-large', 'malformed']) {
        expect(noisy.join('\n'), `the warnings about "noisy" name ${reason}`).to.contain(reason);
      }
    });

    it('ignores a page sandboxed without allow-same-origin (opaque origin) and says how to fix it', async () => {
      await rigWith([fixturePage('opaque', { scenario: 'echo' }, { sandbox: null })]);
      await ringing();
      const el = await mount();
      await waitForTabs(el, 1);
      await waitUntil(() => warnings.some((w) => w.includes('"opaque"')), 'no warning', { timeout: 5000 });
      expect(warnings.find((w) => w.includes('"opaque"'))).to.contain('allow-same-origin');
      expect(el.frameStatus('opaque')).not.to.equal('connected');
    });
  });

  describe('pages that do not load', () => {
    it('says a page on a closed port did not load, with a link to open it in a new tab', async () => {
      await rigWith([page('down', { urlTemplate: 'http://127.0.0.1:1/down?call={{callId}}' })]);
      const callId = await ringing();
      const el = await mount();
      await waitUntil(() => partText(el, 'failed') !== '', 'no failure message', { timeout: 8000 });
      expect(partText(el, 'failed')).to.contain('This page did not load or refuses to be shown inside callpop — open it in a new tab.');
      const link = root(el).querySelector<HTMLAnchorElement>('[part~=failed-link]')!;
      expect(link.href).to.equal(`http://127.0.0.1:1/down?call=${callId}`);
      expect(link.target).to.equal('_blank');
      expect(link.rel).to.equal('noopener noreferrer');
      expect(el.frameStatus('down')).to.equal('failed');
      await expect(el).to.be.accessible();

      // "Reload" frames the page again, and it fails again.
      const before = frameOf(el, 'down');
      button(root(el), 'Reload the page').click();
      await el.updateComplete;
      expect(frameOf(el, 'down')).not.to.equal(before);
      await waitUntil(() => partText(el, 'failed') !== '', 'no failure message after reload', { timeout: 8000 });
    });

    it('always offers to open a page in a new tab', async () => {
      await rigWith([fixturePage('echo', { scenario: 'echo' })]);
      await ringing();
      const el = await mount();
      await waitForTabs(el, 1);
      const link = root(el).querySelector<HTMLAnchorElement>('[part~=open-link]')!;
      expect(link.href).to.equal(frameOf(el, 'echo')!.src);
      expect(link.rel).to.equal('noopener noreferrer');
      expect(link.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Open in a new tab (opens in a new tab)');
      await waitUntil(() => el.frameStatus('echo') === 'connected', 'never connected', { timeout: 5000 });
      expect(partText(el, 'failed')).to.equal('');
    });
  });
});
