import { expect, waitUntil } from '@open-wc/testing';
import { createDefaultSeed, MemoryBackend } from '../adapter/memory/index.js';
import type { AgentPhoneSettings } from '../adapter/types.js';
import type { NotificationApi } from '../telephony/notifier.js';
import { SimulatedSoftphone } from '../telephony/simulated-softphone.js';
import { agentModule } from './agent.js';
import { createWorkbench, type Workbench } from './workbench.js';
import { FakeRingerAudio } from '../telephony/fake-ringer-audio.js';
import { ManualClock } from '../time/manual-clock.js';

const ZHANG_WEI = '+8613800138000';
const EMILY = '+14155550123';


function notifications(): { api: NotificationApi; asked: () => number } {
  let asked = 0;
  const api = class {
    static permission: NotificationPermission = 'default';
    static async requestPermission(): Promise<NotificationPermission> {
      asked += 1;
      api.permission = 'denied';
      return 'denied';
    }
    onclick = null;
    close(): void {}
  };
  return { api: api as unknown as NotificationApi, asked: () => asked };
}

interface Setup {
  readonly workbench: Workbench;
  readonly softphone: SimulatedSoftphone;
  readonly asked: () => number;
  /** The workbench's, backend's and softphone's clock: time moves only when the test says. */
  readonly clock: ManualClock;
}

const open: Workbench[] = [];

async function setup(settings: Partial<AgentPhoneSettings> = {}): Promise<Setup> {
  const clock = new ManualClock('2026-11-25T02:00:00.000Z');
  const seed = createDefaultSeed(new Date(clock.now()));
  const backend = new MemoryBackend({ now: () => new Date(clock.now()), seed: { ...seed, phoneSettings: { ...seed.phoneSettings, ...settings } } });
  const softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null, now: clock.now });
  const workbench = createWorkbench({ adapter: backend, softphone, storage: null, now: clock.now, timers: clock, timeZone: 'Asia/Shanghai' });
  const fake = notifications();
  workbench.use(agentModule).useEnvironment({ storage: null, notifications: fake.api, ringer: { createAudio: () => new FakeRingerAudio() } });
  await workbench.start();
  open.push(workbench);
  return { workbench, softphone, asked: fake.asked, clock };
}

describe('workbench.use(agentModule)', () => {
  afterEach(() => {
    for (const workbench of open.splice(0)) {
      workbench.dispose();
    }
  });

  it('loads the phone settings at start', async () => {
    const { workbench } = await setup();
    const state = workbench.stores.$phoneSettings.get();
    expect(state.status).to.equal('ready');
    expect(state.settings?.extension).to.equal('1001');
    expect(workbench.stores.$displayNumber.get()).to.equal(null); // pool mode: it depends on the callee
  });

  it('follows registration: offline until registered, ready once registered, offline again when unregistered', async () => {
    const { workbench } = await setup();
    expect(workbench.stores.$agentStatus.get().status).to.equal('offline');
    await workbench.register();
    expect(workbench.stores.$agentStatus.get().status).to.equal('ready');
    workbench.setStatus('busy');
    await workbench.unregister();
    expect(workbench.stores.$agentStatus.get().status).to.equal('offline');
  });

  it('asks for notification permission when the agent registers or sets ready, never at start', async () => {
    const first = await setup();
    expect(first.asked()).to.equal(0);
    first.workbench.setStatus('ready');
    expect(first.asked()).to.equal(1);
    const second = await setup();
    await second.workbench.register();
    expect(second.asked()).to.equal(1);
  });

  it('takes a break only with one of the configured reasons', async () => {
    const { workbench } = await setup();
    expect(() => workbench.setStatus('break')).to.throw(RangeError);
    expect(() => workbench.setStatus('break', 'nap')).to.throw(RangeError);
    workbench.setStatus('break', 'lunch');
    expect(workbench.stores.$agentStatus.get()).to.deep.equal({ status: 'break', breakReasonId: 'lunch', acwEndsAt: null });
  });

  it('refuses a call while on a break before it pops: no switch, no callpop-pop, 486 Busy', async () => {
    const { workbench, softphone } = await setup();
    workbench.setStatus('break', 'lunch');
    const pops: string[] = [];
    workbench.addEventListener('callpop-pop', (e) => pops.push((e as CustomEvent).detail?.callId ?? 'pop'));
    const callId = softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => softphone.rejections.has(callId), 'the call was not refused');
    expect(pops).to.deep.equal([]);
    expect(softphone.rejections.get(callId)).to.equal(486);
    expect(workbench.stores.$calls.get()[callId]).to.include({ state: 'ended', outcome: 'busy' });
    expect(workbench.use(agentModule).$ringer.get().ringing).to.equal(null);
  });

  it('goes to after-call work only after an answered call of a ready agent', async () => {
    const { workbench, softphone, clock } = await setup({ acwSeconds: 30 });
    workbench.setStatus('ready');
    const missed = softphone.simulateInbound(ZHANG_WEI);
    softphone.simulateRemoteHangup(missed);
    expect(workbench.stores.$agentStatus.get().status).to.equal('ready');
    const answered = softphone.simulateInbound(EMILY);
    await workbench.answer(answered);
    await workbench.hangup(answered);
    const status = workbench.stores.$agentStatus.get();
    expect(status.status).to.equal('acw');
    expect(status.acwEndsAt! - clock.now()).to.equal(30_000);
    await clock.advance(29_000);
    expect(workbench.stores.$agentStatus.get().status).to.equal('acw');
    workbench.endAcw();
    workbench.setStatus('busy');
    const again = softphone.simulateInbound(EMILY);
    await waitUntil(() => softphone.rejections.has(again), 'the call was not refused');
    expect(softphone.rejections.get(again)).to.equal(486);
  });

  it('dials with the caller ID the rules choose and holds the call the agent is on first', async () => {
    const { workbench, softphone } = await setup();
    await workbench.register();
    const talking = softphone.simulateInbound(EMILY);
    await workbench.answer(talking);
    const outbound = await workbench.dial('+1 (415) 555-0199');
    expect(softphone.calls().find((c) => c.id === talking)?.state).to.equal('held');
    expect(softphone.calls().find((c) => c.id === outbound)).to.include({ remoteNumber: '+14155550199', displayNumber: '+14155550100' });
    expect(workbench.previewDisplayNumber('010 5555 6666')).to.include({ number: '+861058001234', reason: 'prefix' });
    expect(workbench.previewDisplayNumber('1002')).to.equal(null);
  });

  it('refuses unusable dial input with a coded error', async () => {
    const { workbench, softphone } = await setup();
    const error = await workbench.dial('abc').then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(error?.code).to.equal('invalid-characters');
    expect(softphone.calls()).to.have.length(0);
  });

  it('does not auto-answer a second call while the agent is talking', async () => {
    const { workbench, softphone, clock } = await setup({ autoAnswer: true });
    workbench.use(agentModule).configure({ autoAnswerDelayMs: 1500 });
    const first = softphone.simulateInbound(ZHANG_WEI);
    await clock.advance(1499);
    expect(softphone.calls().find((c) => c.id === first)?.state).to.equal('ringing');
    await clock.advance(1);
    await waitUntil(() => softphone.calls().find((c) => c.id === first)?.state === 'connected', 'the first call was not auto-answered');
    const second = softphone.simulateInbound(EMILY);
    await clock.advance(60_000);
    expect(softphone.calls().find((c) => c.id === second)?.state).to.equal('ringing');
    expect(workbench.use(agentModule).$ringer.get().ringing).to.equal('waiting');
  });

  it('ends the consultation state when the held caller hangs up', async () => {
    const { workbench, softphone } = await setup();
    await workbench.register();
    const callId = softphone.simulateInbound(ZHANG_WEI);
    await workbench.answer(callId);
    const consultId = await workbench.consult(callId, '1002');
    expect(workbench.stores.$consult.get()).to.deep.equal({ callId, consultCallId: consultId, target: '1002' });
    softphone.simulateRemoteHangup(callId);
    expect(workbench.stores.$consult.get()).to.equal(null);
  });

  it('warns before the page unloads only while a call is live', async () => {
    const { workbench, softphone } = await setup();
    /** What the browser does when the agent closes the tab: ask "Leave site?" or just go. */
    const closingTheTab = (): string => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented ? 'asks before leaving' : 'leaves without asking';
    };
    expect(closingTheTab(), 'with no call').to.equal('leaves without asking');
    const callId = softphone.simulateInbound(ZHANG_WEI);
    await workbench.answer(callId);
    expect(closingTheTab(), 'during a call').to.equal('asks before leaving');
    await workbench.hangup(callId);
    expect(closingTheTab(), 'after the call').to.equal('leaves without asking');
  });

  it('stops everything when the workbench is disposed', async () => {
    const { workbench, softphone } = await setup();
    softphone.simulateInbound(ZHANG_WEI);
    expect(workbench.use(agentModule).$ringer.get().ringing).to.equal('ring');
    workbench.dispose();
    expect(workbench.use(agentModule).$ringer.get().ringing).to.equal(null);
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented, 'closing the tab asks "Leave site?" after dispose').to.equal(false);
  });
});
