import { expect, waitUntil } from '@open-wc/testing';
import { AdapterError } from '../adapter/errors.js';
import { MemoryBackend } from '../adapter/memory/index.js';
import type { BackendAdapter } from '../adapter/backend-adapter.js';
import type { PopState } from '../state/pop-state.js';
import { SimulatedSoftphone } from '../telephony/simulated-softphone.js';
import { CallpopPopEvent } from './events.js';
import { MAX_ENDED_POPS } from './pop.js';
import { createWorkbench, type Workbench } from './workbench.js';

const ZHANG_WEI = '+8613800138000';
const EMILY = '+14155550123';
const UNKNOWN = '+8613900139000';

interface Rig {
  backend: MemoryBackend;
  softphone: SimulatedSoftphone;
  workbench: Workbench;
  pop(callId: string): PopState;
}

const rigs: Rig[] = [];

async function rig(options: { adapter?: (backend: MemoryBackend) => BackendAdapter; storage?: Storage | null } = {}): Promise<Rig> {
  const backend = new MemoryBackend();
  const softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null });
  const workbench = createWorkbench({
    adapter: options.adapter ? options.adapter(backend) : backend,
    softphone,
    storage: options.storage ?? null,
  });
  await workbench.start();
  const r: Rig = {
    backend,
    softphone,
    workbench,
    pop: (callId) => {
      const pop = workbench.stores.$calls.get()[callId];
      if (!pop) throw new Error(`no pop for ${callId}`);
      return pop;
    },
  };
  rigs.push(r);
  return r;
}

afterEach(() => {
  for (const r of rigs.splice(0)) {
    r.workbench.dispose();
    r.softphone.dispose();
  }
});

describe('the screen pop', () => {
  it('shows the number at once, before the lookup returns, then the known customer', async () => {
    const { softphone, workbench, backend, pop } = await rig();
    backend.setLatency(50, 'customers.findByPhone');
    const callId = softphone.simulateInbound('138 0013 8000');
    expect(workbench.stores.$activeCallId.get()).to.equal(callId);
    expect(pop(callId).number).to.equal(ZHANG_WEI);
    expect(pop(callId).lookup.status).to.equal('pending');
    await waitUntil(() => pop(callId).lookup.status === 'found', 'customer never found');
    expect(pop(callId).lookup.customer?.name).to.equal('张伟');
  });

  it('tells the host about each pop through a callpop-pop event', async () => {
    const { softphone, workbench } = await rig();
    await workbench.register();
    const heard: string[] = [];
    workbench.addEventListener('callpop-pop', (event) => heard.push((event as CallpopPopEvent).detail.number));
    softphone.simulateInbound(ZHANG_WEI);
    await workbench.dial('+1 (415) 555-0123');
    expect(heard).to.deep.equal([ZHANG_WEI, EMILY]);
  });

  it('marks an unknown caller unknown so the new-customer form opens', async () => {
    const { softphone, pop } = await rig();
    const callId = softphone.simulateInbound(UNKNOWN);
    await waitUntil(() => pop(callId).lookup.status !== 'pending');
    expect(pop(callId).lookup).to.include({ status: 'unknown', customer: null });
  });

  it('keeps the number and offers a retry when the lookup fails, and the retry finds the customer', async () => {
    const { softphone, workbench, backend, pop } = await rig();
    backend.failNext('customers.findByPhone', new AdapterError('server', 'Backend unavailable', { status: 503 }));
    const callId = softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => pop(callId).lookup.status === 'error');
    expect(pop(callId).number).to.equal(ZHANG_WEI);
    expect(pop(callId).lookup.error).to.equal('Backend unavailable');
    workbench.retryLookup(callId);
    await waitUntil(() => pop(callId).lookup.status === 'found');
    expect(pop(callId).lookup.customer?.name).to.equal('张伟');
  });

  it('turns a malformed backend answer into a lookup error instead of a broken pop', async () => {
    const { softphone, pop } = await rig({
      adapter: (backend) => ({
        ...backend,
        subscribe: backend.subscribe.bind(backend),
        customers: {
          ...backend.customers,
          findByPhone: async () => [{ id: 7, name: null }] as never,
        },
      }),
    });
    const callId = softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => pop(callId).lookup.status === 'error');
    expect(pop(callId).lookup.error).to.match(/expected/);
  });

  it('does not let a slow lookup block the next call, and a late answer lands on its own call', async () => {
    const { softphone, workbench, backend, pop } = await rig();
    backend.setLatency(300, 'customers.findByPhone');
    const first = softphone.simulateInbound(ZHANG_WEI);
    backend.setLatency(0, 'customers.findByPhone');
    await softphone.hangup(first);
    const second = softphone.simulateInbound(EMILY);
    expect(workbench.stores.$activeCallId.get()).to.equal(second);
    await waitUntil(() => pop(second).lookup.status === 'found');
    expect(pop(first).lookup.status).to.equal('pending');
    expect(pop(second).lookup.customer?.name).to.equal('Emily Carter');
    await waitUntil(() => pop(first).lookup.status === 'found');
    expect(pop(first).lookup.customer?.name).to.equal('张伟');
    expect(pop(second).lookup.customer?.name).to.equal('Emily Carter');
    expect(workbench.stores.$activeCallId.get()).to.equal(second);
  });

  it('gives two calls ringing at once a pop each, the newest shown', async () => {
    const { softphone, workbench, pop } = await rig();
    const a = softphone.simulateInbound(ZHANG_WEI);
    const b = softphone.simulateInbound(UNKNOWN);
    expect(workbench.stores.$activeCallId.get()).to.equal(b);
    await waitUntil(() => pop(a).lookup.status === 'found' && pop(b).lookup.status === 'unknown');
    expect(pop(a).lookup.customer?.name).to.equal('张伟');
    expect(workbench.stores.$recentCalls.get().ids.slice(0, 2)).to.deep.equal([b, a]);
  });

  it('keeps the agent on the call they are talking on when a second call rings (call waiting)', async () => {
    const { softphone, workbench } = await rig();
    const talking = softphone.simulateInbound(ZHANG_WEI);
    await workbench.answer(talking);
    const waiting = softphone.simulateInbound(EMILY);
    expect(workbench.stores.$activeCallId.get()).to.equal(talking);
    expect(workbench.stores.$recentCalls.get().ids[0]).to.equal(waiting);
  });

  it('follows the call state and records the outcome with the backend', async () => {
    const { softphone, workbench, backend, pop } = await rig();
    const callId = softphone.simulateInbound(ZHANG_WEI);
    await workbench.answer(callId);
    expect(pop(callId).state).to.equal('connected');
    await workbench.hangup(callId);
    expect(pop(callId)).to.include({ state: 'ended', live: false, outcome: 'answered' });
    await waitUntil(async () => (await backend.calls.get(callId)).outcome === 'answered');
    const rejected = softphone.simulateInbound(EMILY);
    await workbench.reject(rejected);
    expect(pop(rejected).outcome).to.equal('rejected');
    const missed = softphone.simulateInbound(UNKNOWN);
    softphone.simulateRemoteHangup(missed);
    expect(pop(missed).outcome).to.equal('missed');
  });

  it('records why a call ended: the agent hung up, or the connection to the SIP server was lost', async () => {
    const { softphone, workbench, backend } = await rig();
    const hungUp = softphone.simulateInbound(ZHANG_WEI);
    await workbench.answer(hungUp);
    await workbench.hangup(hungUp);
    await waitUntil(async () => (await backend.calls.get(hungUp)).endedAt !== null, 'the hang-up was never recorded');
    expect((await backend.calls.get(hungUp)).endReason).to.equal('hangup');
    const lost = softphone.simulateInbound(EMILY);
    await workbench.answer(lost);
    softphone.simulateConnectionLost(lost);
    await waitUntil(async () => (await backend.calls.get(lost)).endedAt !== null, 'the lost call was never recorded');
    expect(await backend.calls.get(lost)).to.include({ endReason: 'connection-lost', hangupBy: 'system', outcome: 'answered' });
  });
});

describe('My calls', () => {
  it('lists the backend calls and this session calls, newest first', async () => {
    const { softphone, workbench } = await rig();
    const { ids, status } = workbench.stores.$recentCalls.get();
    expect(status).to.equal('ready');
    expect(ids.length).to.be.greaterThan(3);
    const calls = workbench.stores.$calls.get();
    const times = ids.map((id) => calls[id]?.startedAt ?? 0);
    expect([...times].sort((a, b) => b - a)).to.deep.equal(times);
    const live = softphone.simulateInbound(ZHANG_WEI);
    expect(workbench.stores.$recentCalls.get().ids[0]).to.equal(live);
  });

  it('shows an earlier call pop with its customer when picked', async () => {
    const { workbench, pop } = await rig();
    const [older] = workbench.stores.$recentCalls.get().ids;
    workbench.selectCall(older!);
    expect(workbench.stores.$activeCallId.get()).to.equal(older);
    await waitUntil(() => pop(older!).lookup.status !== 'pending');
    expect(pop(older!).lookup.status).to.be.oneOf(['found', 'unknown']);
  });

  it('calls back an earlier call through the softphone, which opens an outbound pop', async () => {
    const { softphone, workbench, pop } = await rig();
    await workbench.register();
    const inbound = softphone.simulateInbound(EMILY);
    await workbench.hangup(inbound);
    const outbound = await workbench.callback(inbound);
    expect(outbound).to.not.equal(inbound);
    expect(workbench.stores.$activeCallId.get()).to.equal(outbound);
    expect(pop(outbound)).to.include({ direction: 'outbound', number: EMILY });
    expect(softphone.calls().map((c) => c.remoteNumber)).to.include(EMILY);
  });

  it('says why the list failed and loads it on retry', async () => {
    const { workbench, backend } = await rig();
    backend.failNext('calls.listByAgent');
    await workbench.loadRecentCalls();
    expect(workbench.stores.$recentCalls.get().status).to.equal('error');
    await workbench.loadRecentCalls();
    expect(workbench.stores.$recentCalls.get().status).to.equal('ready');
  });
});

describe('customers from the pop', () => {
  const input = { name: '新客户', phones: [UNKNOWN], email: null, company: null, address: null, tags: [], notes: null };

  it('creates a customer for an unknown caller and links the call to it', async () => {
    const { softphone, workbench, backend, pop } = await rig();
    const callId = softphone.simulateInbound(UNKNOWN);
    await waitUntil(() => pop(callId).lookup.status === 'unknown');
    const created = await workbench.createCustomerForCall(callId, input, 'customer-create:test');
    expect(pop(callId).lookup.customer?.id).to.equal(created.id);
    expect((await backend.calls.get(callId)).customerId).to.equal(created.id);
    expect(await backend.customers.findByPhone(UNKNOWN)).to.have.length(1);
  });

  it('retries a failed create with the same idempotency key, so the backend holds one customer', async () => {
    const { softphone, workbench, backend, pop } = await rig();
    const callId = softphone.simulateInbound(UNKNOWN);
    await waitUntil(() => pop(callId).lookup.status === 'unknown');
    // The request reaches the backend, but the answer is lost (a timeout).
    backend.failNext('customers.create', new AdapterError('timeout', 'No answer in time'), 1, { afterWrite: true });
    let failure: unknown;
    try {
      await workbench.createCustomerForCall(callId, input, 'customer-create:test');
    } catch (error) {
      failure = error;
    }
    expect((failure as AdapterError).code).to.equal('timeout');
    expect(workbench.getDraft('customer-create:test')).to.deep.include({ callId });
    await workbench.createCustomerForCall(callId, input, 'customer-create:test');
    expect(backend.writeCount('customers.create')).to.equal(1);
    expect(await backend.customers.findByPhone(UNKNOWN)).to.have.length(1);
    expect(workbench.getDraft('customer-create:test')).to.equal(undefined);
  });

  it('sends one create for a double click', async () => {
    const { softphone, workbench, backend } = await rig();
    const callId = softphone.simulateInbound(UNKNOWN);
    const [a, b] = await Promise.all([
      workbench.createCustomerForCall(callId, input, 'customer-create:x'),
      workbench.createCustomerForCall(callId, input, 'customer-create:x'),
    ]);
    expect(a.id).to.equal(b.id);
    expect(backend.writeCount('customers.create')).to.equal(1);
  });

  it('links the call to an existing customer and every pop of an edited customer updates', async () => {
    const { softphone, workbench, pop } = await rig();
    const callId = softphone.simulateInbound(UNKNOWN);
    const other = softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => pop(other).lookup.status === 'found');
    const zhang = pop(other).lookup.customer!;
    await workbench.linkCallToCustomer(callId, zhang.id);
    expect(pop(callId).lookup.customer?.name).to.equal('张伟');
    const saved = await workbench.updateCustomer(zhang, { ...zhang, name: '张伟(VIP)' }, 'customer-edit:z');
    expect(saved.version).to.equal(zhang.version + 1);
    expect(pop(callId).lookup.customer?.name).to.equal('张伟(VIP)');
    expect(pop(other).lookup.customer?.name).to.equal('张伟(VIP)');
  });

  it('keeps drafts in storage so they survive a reload', async () => {
    const storage = window.sessionStorage;
    storage.clear();
    const first = await rig({ storage });
    first.workbench.setDraft('customer-create:call-1', { form: { name: '王五' } });
    first.workbench.dispose();
    const second = await rig({ storage });
    expect(second.workbench.getDraft('customer-create:call-1')).to.deep.equal({ form: { name: '王五' } });
    second.workbench.clearDraft('customer-create:call-1');
    expect(storage.length).to.equal(0);
  });
});

describe('a pop shown without being selected', () => {
  it('loads its customer when an element asks for it', async () => {
    const { workbench, pop } = await rig();
    const ids = workbench.stores.$recentCalls.get().ids;
    const earlier = ids[ids.length - 1]!;
    expect(pop(earlier).lookup.status).to.equal('pending');
    workbench.loadCustomer(earlier);
    await waitUntil(() => pop(earlier).lookup.status !== 'pending');
    expect(pop(earlier).lookup.status).to.be.oneOf(['found', 'unknown']);
    expect(workbench.stores.$activeCallId.get()).to.not.equal(earlier);
  });
});

describe('a call that rings while the workbench is starting', () => {
  it('is recorded with the backend once the agent is known, so linking a customer works', async () => {
    const backend = new MemoryBackend();
    // agents.me() answers only when the test says: the call rings before it has.
    let answerMe: () => void = () => undefined;
    let asked = false;
    const adapter = Object.assign(Object.create(backend) as MemoryBackend, {
      agents: {
        ...backend.agents,
        me: async (options?: { signal?: AbortSignal }) => {
          asked = true;
          await new Promise<void>((resolve) => (answerMe = resolve));
          return backend.agents.me(options);
        },
      },
    });
    const softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null });
    const workbench = createWorkbench({ adapter, softphone, storage: null });
    const starting = workbench.start();
    await waitUntil(() => asked, 'the workbench never asked who the agent is');
    const callId = softphone.simulateInbound(UNKNOWN);
    expect(workbench.stores.$calls.get()[callId]?.record).to.equal(null, 'recorded before the agent was known');
    answerMe();
    await starting;
    await waitUntil(async () => (await backend.calls.get(callId).catch(() => null)) !== null, 'call never recorded');
    const created = await workbench.createCustomerForCall(
      callId,
      { name: 'Early Caller', phones: [UNKNOWN] },
      'customer-create:early',
    );
    expect((await backend.calls.get(callId)).customerId).to.equal(created.id);
    workbench.dispose();
    softphone.dispose();
  });
});

describe('a whole shift in one workbench', () => {
  it(`keeps the newest ${MAX_ENDED_POPS} ended calls and every live one; the older ones leave $calls and My calls`, async () => {
    const { workbench, softphone } = await rig();
    const first = softphone.simulateInbound(ZHANG_WEI);
    await workbench.answer(first);
    // The agent keeps the first call on screen the whole time: it is never forgotten.
    const ended: string[] = [];
    for (let i = 0; i < MAX_ENDED_POPS + 11; i += 1) {
      const id = softphone.simulateInbound(`+861380013${String(8000 + i).padStart(4, '0')}`);
      softphone.simulateRemoteHangup(id);
      ended.push(id);
      // A summary typed on the oldest call and not saved yet: that call stays in reach.
      if (i === 0) workbench.setDraft(`summary:${id}`, { remark: 'call back about the refund' });
    }
    const calls = workbench.stores.$calls.get();
    const kept = Object.values(calls).filter((pop) => pop !== undefined);
    expect(kept.filter((pop) => !pop.live).length, 'ended calls kept: the newest and the one with a draft').to.equal(MAX_ENDED_POPS + 1);
    expect(calls[first]?.live, 'the live call on screen').to.equal(true);
    expect(calls[ended[0]!], 'the call with an unsaved draft').to.not.equal(undefined);
    expect(ended.slice(1, 11).filter((id) => calls[id] !== undefined), 'the 10 oldest ended calls without a draft').to.deep.equal([]);
    expect(ended.slice(-MAX_ENDED_POPS).every((id) => calls[id] !== undefined), 'the newest ended calls').to.equal(true);
    const ids = workbench.stores.$recentCalls.get().ids;
    expect(ids.length, 'My calls').to.equal(MAX_ENDED_POPS + 2);
    expect(ids[0], 'newest first').to.equal(ended.at(-1));
    expect(ids.every((id) => calls[id] !== undefined), 'every id in My calls has its call').to.equal(true);
  });
});
