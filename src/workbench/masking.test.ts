import { expect, waitUntil } from '@open-wc/testing';
import { createDefaultSeed, MemoryBackend, SEED_IDS } from '../adapter/memory/index.js';
import type { AgentPhoneSettings } from '../adapter/types.js';
import { AdapterError } from '../adapter/errors.js';
import { loadPhoneSupport } from '../phone/index.js';
import { SimulatedSoftphone } from '../telephony/simulated-softphone.js';
import { createNumberBoundary } from './masking.js';
import { formatNumberRegion } from './regions.js';
import { createWorkbench, type Workbench } from './workbench.js';
import { conversationModule } from './conversation.js';
import { summaryModule } from './summary.js';

const ZHANG_WEI = '+8613800138000';
const ZHANG_WEI_DIGITS = '13800138000';

describe('number masking: the boundary (masking.ts)', () => {
  before(() => loadPhoneSupport());

  it('masks until the permission is read, in number fields and free text, mobiles and landlines alike', () => {
    const numbers = createNumberBoundary('CN');
    expect(numbers.masked()).to.equal(true);
    expect(numbers.hide({ number: ZHANG_WEI, list: ['+861088886666'] })).to.deep.equal({ number: '138****8000', list: ['010****6666'] });
    expect(numbers.hide('请打 138 0013 8000 或者 0755-12345678')).to.equal('请打 138****8000 或者 0755****5678');
    // A transcript spells the digits in Chinese: masked the same way.
    expect(numbers.hide('我的电话是幺三八零零幺三八零零零。')).to.equal('我的电话是138****8000。');
  });

  it('leaves extensions, ids, dates and long identifiers alone', () => {
    const numbers = createNumberBoundary('CN');
    const value = { extension: '8001', at: '2026-12-07T07:55:57.000Z', idCard: '110101199003074513', callId: 'call-1' };
    expect(numbers.hide(value)).to.deep.equal(value);
    const date = new Date(0);
    expect(numbers.hide({ date }).date).to.equal(date);
  });

  it('reveals the masks it made, and only those', () => {
    const numbers = createNumberBoundary('CN');
    const mask = numbers.hide(ZHANG_WEI);
    expect(numbers.reveal({ dial: mask, note: `客户 ${mask} 要求回电` })).to.deep.equal({ dial: ZHANG_WEI, note: `客户 ${ZHANG_WEI} 要求回电` });
    expect(numbers.reveal('139****5678')).to.equal('139****5678');
  });

  it('gives two numbers that share a mask their own masks, each revealing its own number', () => {
    const numbers = createNumberBoundary('CN');
    const first = numbers.hide('+8613800138000');
    const second = numbers.hide('+8613811118000');
    expect(first).to.equal('138****8000');
    expect(second).to.equal('138****8000#2');
    expect(numbers.hide('+8613811118000')).to.equal(second);
    expect(numbers.reveal([first, second])).to.deep.equal(['+8613800138000', '+8613811118000']);
  });

  it('shows full numbers once the permission says so, and decides once', () => {
    const numbers = createNumberBoundary('CN');
    numbers.decide(true);
    expect(numbers.masked()).to.equal(false);
    expect(numbers.hide({ number: ZHANG_WEI })).to.deep.equal({ number: ZHANG_WEI });
    numbers.decide(false);
    expect(numbers.masked()).to.equal(false);
  });
});

describe('number masking: the workbench and dialling by reference', () => {
  const open: Workbench[] = [];
  afterEach(() => {
    for (const workbench of open.splice(0)) workbench.dispose();
  });

  async function setup(settings: Partial<AgentPhoneSettings> | 'unreadable'): Promise<{ workbench: Workbench; softphone: SimulatedSoftphone; backend: MemoryBackend; events: unknown[] }> {
    const seed = createDefaultSeed(new Date());
    const backend = new MemoryBackend({ seed: settings === 'unreadable' ? seed : { ...seed, phoneSettings: { ...seed.phoneSettings, ...settings } } });
    if (settings === 'unreadable') {
      backend.agents.phoneSettings = () => Promise.reject(new AdapterError('server', 'The phone settings are down.'));
    }
    const softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null });
    const workbench = createWorkbench({ adapter: backend, softphone, storage: null, sessionStorage: null });
    open.push(workbench);
    const events: unknown[] = [];
    workbench.addEventListener('callpop-pop', (event) => events.push((event as CustomEvent).detail));
    await workbench.start();
    await softphone.register();
    return { workbench, softphone, backend, events };
  }

  /** Everything the workbench's public stores hold, as text. */
  const storesText = (workbench: Workbench): string =>
    JSON.stringify(Object.fromEntries(Object.entries(workbench.stores).map(([name, store]) => [name, (store as { get(): unknown }).get()])));

  async function callEnded(workbench: Workbench, softphone: SimulatedSoftphone, number: string): Promise<string> {
    const id = softphone.simulateInbound(number);
    await waitUntil(() => workbench.stores.$calls.get()[id], 'the call never popped');
    await workbench.hangup(id);
    await waitUntil(() => workbench.stores.$calls.get()[id]?.state === 'ended', 'the call never ended');
    return id;
  }

  it('keeps the caller masked in the stores and host events; dialling the mask reaches the softphone with the real number', async () => {
    const { workbench, softphone, events } = await setup({ viewFullNumbers: false });
    const id = await callEnded(workbench, softphone, ZHANG_WEI);
    expect(workbench.stores.$calls.get()[id]?.number).to.equal('138****8000');
    await waitUntil(() => workbench.stores.$recentCalls.get().status === 'ready', 'My calls never loaded');
    expect(events).to.have.length.above(0);
    expect(JSON.stringify(events)).to.include('138****8000');

    const outbound = await workbench.dial({ ref: '138****8000' });
    expect(softphone.calls().find((c) => c.id === outbound)?.remoteNumber).to.equal(ZHANG_WEI);
    expect(workbench.stores.$calls.get()[outbound]?.number).to.equal('138****8000');
    await workbench.hangup(outbound);
    // The plain string form of the mask dials too (what the elements hand over).
    const again = await workbench.dial('138****8000');
    expect(softphone.calls().find((c) => c.id === again)?.remoteNumber).to.equal(ZHANG_WEI);

    expect(JSON.stringify(events)).not.to.include(ZHANG_WEI_DIGITS);
    expect(storesText(workbench)).not.to.include(ZHANG_WEI_DIGITS);
    expect(storesText(workbench)).to.include('138****8000');
  });

  it('dials a backend reference (numbers.resolve) without the number ever showing', async () => {
    const { workbench, softphone } = await setup({ viewFullNumbers: false });
    const outbound = await workbench.dial({ ref: `customer:${SEED_IDS.zhangWei}:1` });
    expect(softphone.calls().find((c) => c.id === outbound)?.remoteNumber).to.equal('+861088886666');
    expect(workbench.stores.$calls.get()[outbound]?.number).to.equal('010****6666');
    expect(storesText(workbench)).not.to.include('88886666');
  });

  it('refuses a reference nobody can resolve, dialling nothing', async () => {
    const { workbench, softphone } = await setup({ viewFullNumbers: false });
    let failure: unknown = null;
    await workbench.dial({ ref: 'customer:nobody:0' }).catch((error: unknown) => {
      failure = error;
    });
    expect(failure).to.be.instanceOf(Error);
    expect(softphone.calls()).to.have.length(0);
  });

  it('masks when the phone settings cannot be read', async () => {
    const { workbench, softphone } = await setup('unreadable');
    const id = softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => workbench.stores.$calls.get()[id], 'the call never popped');
    expect(workbench.stores.$calls.get()[id]?.number).to.equal('138****8000');
    expect(storesText(workbench)).not.to.include(ZHANG_WEI_DIGITS);
  });

  it('shows the full number to an agent with the permission', async () => {
    const { workbench, softphone } = await setup({ viewFullNumbers: true });
    const id = softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => workbench.stores.$calls.get()[id], 'the call never popped');
    expect(workbench.stores.$calls.get()[id]?.number).to.equal(ZHANG_WEI);
  });
});

describe('number masking: smart fill', () => {
  it('reads the real transcript, fills the phone field masked, and saves the real number', async () => {
    const seed = createDefaultSeed(new Date());
    const backend = new MemoryBackend({ seed: { ...seed, phoneSettings: { ...seed.phoneSettings, viewFullNumbers: false } } });
    const workbench = createWorkbench({ adapter: backend, softphone: new SimulatedSoftphone(), storage: null });
    await workbench.start();
    try {
      const conversation = workbench.use(conversationModule);
      const summary = workbench.use(summaryModule);
      await conversation.load('call-0003');
      backend.emit({
        type: 'conversation.segment',
        segment: { id: 'live-1', callId: 'call-0003', speaker: 'customer', text: '请打我另一个号码 139 1234 5678 回电。', final: true, seq: 1, at: '2026-11-25T02:00:00.000Z' },
      });
      await waitUntil(() => conversation.$transcripts.get()['call-0003']?.segments.some((s) => s.id === 'live-1'), 'the segment never arrived');
      const shown = conversation.$transcripts.get()['call-0003']!.segments.find((s) => s.id === 'live-1')!;
      expect(shown.text).to.equal('请打我另一个号码 139****5678 回电。');
      await summary.load('call-0003');
      await summary.fill('call-0003');
      const state = summary.$summaries.get()['call-0003']!;
      expect(state.values['fields.callbackPhone'] ?? state.suggestions['fields.callbackPhone']?.value).to.equal('139****5678');
      expect(JSON.stringify(summary.$summaries.get())).not.to.include('12345678');
      if (state.values['fields.callbackPhone'] === undefined) summary.acceptSuggestion('call-0003', 'fields.callbackPhone');
      await summary.save('call-0003');
      expect(JSON.stringify(await backend.summary.get('call-0003'))).to.include('+8613912345678');
    } finally {
      workbench.dispose();
    }
  });
});

describe('number regions', () => {
  it('are asked of the backend once per number, with the real number behind a mask, and shown as province/city or country', async () => {
    const seed = createDefaultSeed(new Date());
    const backend = new MemoryBackend({ seed: { ...seed, phoneSettings: { ...seed.phoneSettings, viewFullNumbers: false } } });
    const asked: string[] = [];
    const region = backend.numbers.region.bind(backend.numbers);
    backend.numbers.region = (number, options) => (asked.push(number), region(number, options));
    const softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null });
    const workbench = createWorkbench({ adapter: backend, softphone, storage: null, sessionStorage: null });
    await workbench.start();
    try {
      const id = softphone.simulateInbound('+8613712345678');
      await waitUntil(() => workbench.stores.$calls.get()[id], 'the call never popped');
      const mask = workbench.stores.$calls.get()[id]!.number;
      expect(mask).to.equal('137****5678');
      // 137 1111 is a sample segment of the in-memory backend; this one is not: country only.
      expect(await workbench.numberRegion(mask)).to.deep.equal({ country: 'CN', province: null, city: null, carrier: null });
      await workbench.numberRegion(mask);
      expect(asked).to.deep.equal(['+8613712345678']);
    } finally {
      workbench.dispose();
    }
    expect(formatNumberRegion({ country: 'CN', province: '广东', city: '深圳', carrier: null }, 'zh-CN')).to.equal('广东 深圳');
    expect(formatNumberRegion({ country: 'CN', province: '北京', city: '北京', carrier: null }, 'en')).to.equal('北京');
    expect(formatNumberRegion({ country: 'US', province: null, city: null, carrier: null }, 'en')).to.equal('United States');
    expect(formatNumberRegion({ country: 'US', province: null, city: null, carrier: null }, 'zh-CN')).to.equal('美国');
    expect(formatNumberRegion({ country: null, province: null, city: null, carrier: null }, 'en')).to.equal(null);
  });

  it('are not asked when the backend has no numbers domain', async () => {
    const backend = new MemoryBackend();
    const adapter = { ...backend, numbers: undefined, subscribe: backend.subscribe.bind(backend) };
    const workbench = createWorkbench({ adapter, softphone: new SimulatedSoftphone(), storage: null, sessionStorage: null });
    try {
      expect(await workbench.numberRegion('+8613800138000')).to.equal(null);
    } finally {
      workbench.dispose();
    }
  });
});
