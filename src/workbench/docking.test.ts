import { expect, waitUntil } from '@open-wc/testing';
import { AdapterError } from '../adapter/errors.js';
import { MemoryBackend } from '../adapter/memory/index.js';
import type { BackendAdapter } from '../adapter/backend-adapter.js';
import { SimulatedSoftphone } from '../telephony/simulated-softphone.js';
import { dockingModule } from './docking.js';
import { createWorkbench, type Workbench } from './workbench.js';

interface TestRig {
  readonly backend: MemoryBackend;
  readonly softphone: SimulatedSoftphone;
  readonly workbench: Workbench;
  dispose(): void;
}

/** A started workbench on the in-memory backend (seen through `options.adapter`) and a registered simulated softphone. */
async function createTestRig(options: { readonly adapter: (backend: MemoryBackend) => BackendAdapter }): Promise<TestRig> {
  const backend = new MemoryBackend();
  const softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null });
  const workbench = createWorkbench({ adapter: options.adapter(backend), softphone, storage: null, sessionStorage: null });
  await workbench.start();
  await softphone.register();
  return {
    backend,
    softphone,
    workbench,
    dispose() {
      workbench.dispose();
      softphone.dispose();
    },
  };
}

describe('docking module', () => {
  let rig: TestRig;
  let lists: number;

  beforeEach(async () => {
    lists = 0;
    rig = await createTestRig({
      adapter: (backend: MemoryBackend) => ({
        ...backend,
        subscribe: backend.subscribe.bind(backend),
        dockingPages: {
          list: (options) => {
            lists += 1;
            return backend.dockingPages.list(options);
          },
        },
      }),
    });
  });

  afterEach(() => rig.dispose());

  it('loads the configured pages once, and again only on a retry', async () => {
    const docking = rig.workbench.use(dockingModule);
    expect(docking.$pages.get().status).to.equal('idle');
    await Promise.all([docking.loadPages(), docking.loadPages()]);
    await docking.loadPages();
    expect(lists).to.equal(1);
    expect(docking.$pages.get().pages.map((p) => p.id)).to.deep.equal(['dock-orders', 'dock-kb', 'dock-customer-360']);
    await docking.loadPages(true);
    expect(lists).to.equal(2);
  });

  it('keeps the error for the agent and recovers on a retry', async () => {
    rig.backend.failNext('dockingPages.list', new AdapterError('server', 'Backend down.'));
    const docking = rig.workbench.use(dockingModule);
    await docking.loadPages();
    expect(docking.$pages.get()).to.deep.include({ status: 'error', error: 'Backend down.' });
    await docking.loadPages();
    expect(docking.$pages.get().status).to.equal('error', 'no automatic retry loop');
    await docking.loadPages(true);
    expect(docking.$pages.get().status).to.equal('ready');
  });

  it("fills each page's URL from the call, its customer, the agent and its variables", async () => {
    const docking = rig.workbench.use(dockingModule);
    await docking.loadPages();
    const callId = rig.softphone.simulateInbound('+86 138 0013 8000', { variables: { campaign: 'spring' } });
    await waitUntil(() => rig.workbench.stores.$calls.get()[callId]?.lookup.status === 'found');
    expect(docking.variablesFor(callId)).to.deep.include({
      callId,
      phone: '+8613800138000',
      customerId: 'cust-zhang-wei',
      agentId: 'agent-1001',
      direction: 'inbound',
    });
    expect(docking.variablesFor(callId)?.variables).to.deep.equal({ campaign: 'spring' });
    const pages = docking.pagesFor(callId, 'https://crm.example.com');
    expect(pages.map((p) => p.page.id)).to.deep.equal(['dock-orders', 'dock-kb', 'dock-customer-360']);
    expect(pages[0]!.url.ok && pages[0]!.url.url).to.equal(`https://crm.example.com/orders?phone=%2B8613800138000&call=${callId}`);
    expect(docking.contextFor(callId)).to.deep.equal({
      callId,
      direction: 'inbound',
      phone: '+8613800138000',
      displayNumber: null,
      customerId: 'cust-zhang-wei',
      customerName: '张伟',
      agentId: 'agent-1001',
      state: 'ringing',
    });
    expect(docking.pagesFor('no-such-call')).to.deep.equal([]);
    expect(docking.contextFor('no-such-call')).to.equal(null);
  });

  it('keeps the latest request per call until a form takes it', () => {
    const docking = rig.workbench.use(dockingModule);
    const first = docking.requestSummaryFill('call-1', 'orders', { remark: 'one' });
    const second = docking.requestSummaryFill('call-1', 'orders', { remark: 'two' });
    expect(second.seq).to.be.greaterThan(first.seq);
    docking.requestTicket('call-1', 'orders', { title: 't' });
    expect(docking.takeSummaryFill('call-1')?.values).to.deep.equal({ remark: 'two' });
    expect(docking.takeSummaryFill('call-1')).to.equal(null);
    expect(docking.takeTicketRequest('call-1')?.values).to.deep.equal({ title: 't' });
  });
});
