import { expect, waitUntil } from '@open-wc/testing';
import { createDefaultSeed, MemoryBackend } from '../adapter/memory/index.js';
import type { AgentPhoneSettings, QueueStats } from '../adapter/types.js';
import { SimulatedSoftphone } from '../telephony/simulated-softphone.js';
import { ManualClock } from '../time/manual-clock.js';
import { AcwError, nextAcwEnd, SURVEY_CONFIRM_MS, SurveyError } from './phone.js';
import { QUEUE_POLL_MS, queueModule, summariseQueues } from './queue.js';
import { createWorkbench, type Workbench } from './workbench.js';

const ZHANG_WEI = '+8613800138000';
const START = '2026-11-25T02:00:00.000Z';

interface Setup {
  readonly workbench: Workbench;
  readonly softphone: SimulatedSoftphone;
  readonly backend: MemoryBackend;
  readonly clock: ManualClock;
}

const open: Workbench[] = [];

async function setup(settings: Partial<AgentPhoneSettings> = {}, softphoneOptions: { transferConfirmAfterMs?: number | null } = {}): Promise<Setup> {
  const clock = new ManualClock(START);
  const seed = createDefaultSeed(new Date(clock.now()));
  const backend = new MemoryBackend({ now: () => new Date(clock.now()), seed: { ...seed, phoneSettings: { ...seed.phoneSettings, ...settings } } });
  const softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null, connectionLossTimeoutMs: 30_000, now: clock.now, timers: clock, ...softphoneOptions });
  const workbench = createWorkbench({ adapter: backend, softphone, storage: null, now: clock.now, timers: clock, timeZone: 'Asia/Shanghai' });
  await workbench.start();
  open.push(workbench);
  return { workbench, softphone, backend, clock };
}

async function answered({ workbench, softphone }: Setup): Promise<string> {
  const callId = softphone.simulateInbound(ZHANG_WEI);
  await workbench.answer(callId);
  return callId;
}

/** The backend's record of the call once the ended call's report (with its extras) reached it. */
async function endedRecord({ backend }: Setup, callId: string) {
  await waitUntil(async () => (await backend.calls.get(callId).catch(() => null))?.endedAt != null, 'the ended call never reached the backend');
  return backend.calls.get(callId);
}

afterEach(() => {
  for (const workbench of open.splice(0)) workbench.dispose();
});

describe('after-call work extension', () => {
  const acw = { extendStepSeconds: 30, maxSeconds: 120 };

  it('extends by the step up to the limit, tells the backend each new end, and ends at the last one', async () => {
    const rig = await setup({ acwSeconds: 60, acw });
    const { workbench, backend, clock } = rig;
    workbench.setStatus('ready');
    await workbench.hangup(await answered(rig));
    const started = clock.now();
    expect(workbench.stores.$agentStatus.get()).to.include({ status: 'acw', acwEndsAt: started + 60_000 });

    workbench.extendAcw();
    expect(workbench.stores.$agentStatus.get().acwEndsAt).to.equal(started + 90_000);
    await waitUntil(() => backend.agentStatus?.acwEndsAt === new Date(started + 90_000).toISOString(), 'the backend never heard the extension');
    workbench.extendAcw();
    expect(workbench.stores.$agentStatus.get().acwEndsAt).to.equal(started + 120_000);
    expect(nextAcwEnd(workbench.stores.$agentStatus.get(), acw), 'an extension past the limit').to.equal(null);
    expect(() => workbench.extendAcw()).to.throw(AcwError).with.property('code', 'at-limit');

    // The first end (60 s) passes: still in after-call work until the extended end.
    await clock.advance(60_000);
    expect(workbench.stores.$agentStatus.get().status).to.equal('acw');
    await clock.advance(59_000);
    expect(workbench.stores.$agentStatus.get().status).to.equal('acw');
    await clock.advance(1_000);
    expect(workbench.stores.$agentStatus.get().status).to.equal('ready');
  });

  it('is the same in another tab: it follows the extension and ends at the new end there too', async () => {
    const clock = new ManualClock(START);
    const namespace = `acw-tabs-${Math.random().toString(36).slice(2)}`;
    const key = `callpop:${namespace}:agent-status`;
    const tab = async (): Promise<Setup> => {
      const seed = createDefaultSeed(new Date(clock.now()));
      const backend = new MemoryBackend({ now: () => new Date(clock.now()), seed: { ...seed, phoneSettings: { ...seed.phoneSettings, acwSeconds: 60, acw } } });
      const softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null, now: clock.now, timers: clock });
      // Both tabs keep the agent's status in the browser's localStorage, as two tabs of one CRM do.
      const workbench = createWorkbench({ adapter: backend, softphone, storage: localStorage, namespace, now: clock.now, timers: clock, timeZone: 'Asia/Shanghai' });
      await workbench.start();
      open.push(workbench);
      return { workbench, softphone, backend, clock };
    };
    // What the browser does in every other tab when one writes the status.
    const otherTabsHear = (): void => void window.dispatchEvent(new StorageEvent('storage', { key, newValue: localStorage.getItem(key), storageArea: localStorage }));
    try {
      const here = await tab();
      const there = await tab();
      here.workbench.setStatus('ready');
      otherTabsHear();
      await here.workbench.hangup(await answered(here));
      otherTabsHear();
      expect(there.workbench.stores.$agentStatus.get()).to.include({ status: 'acw', acwEndsAt: Date.parse(START) + 60_000 });
      here.workbench.extendAcw();
      otherTabsHear();
      expect(there.workbench.stores.$agentStatus.get().acwEndsAt, 'the other tab counts down to the new end').to.equal(Date.parse(START) + 90_000);
      await clock.advance(60_000);
      expect(there.workbench.stores.$agentStatus.get().status, 'at the first end').to.equal('acw');
      expect(here.workbench.stores.$agentStatus.get().status, 'at the first end, here').to.equal('acw');
      await clock.advance(30_000);
      otherTabsHear();
      expect(here.workbench.stores.$agentStatus.get().status).to.equal('ready');
      expect(there.workbench.stores.$agentStatus.get().status).to.equal('ready');
    } finally {
      localStorage.removeItem(key);
    }
  });

  it('caps a step that would pass the limit at the limit', () => {
    const status = { status: 'acw' as const, breakReasonId: null, acwEndsAt: 100_000, acwStartedAt: 0 };
    expect(nextAcwEnd(status, { extendStepSeconds: 30, maxSeconds: 110 })).to.equal(110_000);
    expect(nextAcwEnd({ ...status, acwStartedAt: undefined }, { extendStepSeconds: 30, maxSeconds: 110 }), 'without a start').to.equal(null);
    expect(nextAcwEnd({ ...status, status: 'ready' }, { extendStepSeconds: 30, maxSeconds: 110 }), 'not in ACW').to.equal(null);
  });

  it('says why it cannot extend outside after-call work or without the setting', async () => {
    const rig = await setup({ acwSeconds: 60 });
    expect(() => rig.workbench.extendAcw()).to.throw(AcwError).with.property('code', 'not-in-acw');
    rig.workbench.setStatus('ready');
    await rig.workbench.hangup(await answered(rig));
    expect(() => rig.workbench.extendAcw()).to.throw(AcwError).with.property('code', 'not-allowed');
    expect(rig.workbench.stores.$agentStatus.get().acwEndsAt! - rig.clock.now()).to.equal(60_000);
  });
});

describe('transfer to the satisfaction survey', () => {
  const refer = { mode: 'refer' as const, target: '9001', headers: { 'X-Survey': 'csat' } };

  it('REFERs the call to the survey with its headers; the record says it was offered, then shows the IVR score', async () => {
    const rig = await setup({ survey: refer });
    const { workbench, softphone, backend } = rig;
    const callId = await answered(rig);
    await workbench.transferToSurvey(callId);
    expect(softphone.transfers.get(callId)).to.equal('9001');
    expect(softphone.transferHeaders.get(callId)).to.deep.equal({ 'X-Survey': 'csat' });
    await rig.clock.advance(0); // the survey's NOTIFY 200
    await waitUntil(() => workbench.stores.$calls.get()[callId]?.state === 'ended', 'the call never left for the survey');
    expect(workbench.stores.$calls.get()[callId]).to.deep.include({ endReason: 'transferred' });
    expect(workbench.stores.$calls.get()[callId]?.survey).to.include({ status: 'offered', mode: 'refer' });
    const record = await endedRecord(rig, callId);
    expect(record.survey).to.include({ offeredAt: START, mode: 'refer', score: null });
    backend.recordSurveyScore(callId, 4, 5);
    await waitUntil(() => workbench.stores.$calls.get()[callId]?.record?.survey?.score === 4, 'the score never reached the pop');
    expect(workbench.stores.$calls.get()[callId]?.record?.survey).to.include({ score: 4, maxScore: 5 });
  });

  it('keeps the call with the agent and says why when the survey declines after accepting (NOTIFY 603)', async () => {
    const rig = await setup({ survey: refer }, { transferConfirmAfterMs: null });
    const { workbench, softphone } = rig;
    const callId = await answered(rig);
    await workbench.transferToSurvey(callId);
    expect(workbench.stores.$calls.get()[callId]?.survey?.status).to.equal('sending');
    softphone.simulateTransferResult(callId, 603);
    await waitUntil(() => workbench.stores.$calls.get()[callId]?.survey?.status === 'refused', 'the refusal never showed');
    expect(workbench.stores.$calls.get()[callId]).to.deep.include({ state: 'connected', live: true });
    expect(workbench.stores.$calls.get()[callId]?.survey).to.include({ error: 'SIP 603', offeredAt: null });
    await workbench.hangup(callId);
    const record = await endedRecord(rig, callId);
    expect(record.survey ?? null, 'a refused survey is not offered on the record').to.equal(null);
  });

  it('counts a transfer that is accepted but never confirmed as refused after a while', async () => {
    const rig = await setup({ survey: refer }, { transferConfirmAfterMs: null });
    const callId = await answered(rig);
    await rig.workbench.transferToSurvey(callId);
    await rig.clock.advance(SURVEY_CONFIRM_MS - 1);
    expect(rig.workbench.stores.$calls.get()[callId]?.survey?.status).to.equal('sending');
    await rig.clock.advance(1);
    expect(rig.workbench.stores.$calls.get()[callId]?.survey).to.include({ status: 'refused', error: null });
    expect(rig.workbench.stores.$calls.get()[callId]?.state).to.equal('connected');
  });

  it('rejects with the reason when the REFER itself is refused, and the call stays', async () => {
    const rig = await setup({ survey: refer });
    const callId = await answered(rig);
    rig.softphone.transfer = () => Promise.reject(new Error('The transfer was refused (403).'));
    const error = await rig.workbench.transferToSurvey(callId).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(SurveyError);
    expect(error).to.include({ code: 'refused', reason: 'The transfer was refused (403).' });
    expect(rig.workbench.stores.$calls.get()[callId]?.survey).to.include({ status: 'refused', error: 'The transfer was refused (403).' });
    expect(rig.workbench.stores.$calls.get()[callId]?.state).to.equal('connected');
  });

  it('signals the survey by SIP INFO when the settings say so', async () => {
    const info = { contentType: 'application/x-survey', body: 'start=csat' };
    const rig = await setup({ survey: { mode: 'info', target: '', info } });
    const callId = await answered(rig);
    await rig.workbench.transferToSurvey(callId);
    expect(rig.softphone.infoSent.get(callId)).to.deep.equal([info]);
    expect(rig.softphone.transfers.has(callId), 'no REFER in INFO mode').to.equal(false);
    expect(rig.workbench.stores.$calls.get()[callId]?.survey).to.include({ status: 'offered', mode: 'info' });
  });

  it('refuses without a survey configured or for a call not answered', async () => {
    const without = await setup();
    const code = (p: Promise<void>): Promise<unknown> => p.then(() => null, (e: unknown) => (e as SurveyError).code);
    expect(await code(without.workbench.transferToSurvey(await answered(without)))).to.equal('not-configured');
    const rig = await setup({ survey: refer });
    const ringing = rig.softphone.simulateInbound(ZHANG_WEI);
    expect(await code(rig.workbench.transferToSurvey(ringing))).to.equal('not-answered');
    expect(rig.softphone.transfers.size).to.equal(0);
  });
});

describe('queue indicator', () => {
  const stats = (at: string, queues: unknown[]): QueueStats => ({ at, queues: queues as QueueStats['queues'] });
  const q = (id: string, waiting: unknown, longestWaitSeconds: unknown) => ({ id, name: id, waiting, longestWaitSeconds });

  it('is hidden without queue settings', async () => {
    const rig = await setup();
    const { $queue } = rig.workbench.use(queueModule);
    rig.backend.setQueueStats(stats('2026-11-25T02:00:05.000Z', [q('billing', 3, 40)]));
    expect($queue.get().status).to.equal('hidden');
  });

  it('shows the pushed figures summed over the queues, warns over the threshold, and ignores bad or stale ones', async () => {
    const rig = await setup({ queue: { warnWaiting: 5, warnLongestWaitSeconds: 120 } });
    const { $queue } = rig.workbench.use(queueModule);
    // The first read: nobody waits yet.
    await waitUntil(() => $queue.get().status === 'ready', 'no figures shown');
    expect($queue.get()).to.include({ waiting: 0, warn: false, source: 'poll' });
    rig.backend.setQueueStats(stats('2026-11-25T02:00:05.000Z', [q('billing', 2, 40), q('sales', 1, 75)]));
    expect($queue.get()).to.include({ waiting: 3, longestWaitSeconds: 75, warn: false, source: 'push' });
    rig.backend.setQueueStats(stats('2026-11-25T02:00:10.000Z', [q('billing', 4, 130), q('sales', -1, 10), q('x', 2.5, 10)]));
    expect($queue.get(), 'bad queues left out, the long wait warns').to.include({ waiting: 4, longestWaitSeconds: 130, warn: true });
    rig.backend.setQueueStats(stats('2026-11-25T02:00:07.000Z', [q('billing', 0, 0)]));
    expect($queue.get(), 'an older snapshot is dropped').to.include({ waiting: 4 });
    rig.backend.setQueueStats(stats('2026-11-25T02:00:20.000Z', [q('billing', 1e9, 5)]));
    expect($queue.get(), 'an absurd count is dropped').to.include({ waiting: 4 });
  });

  it('polls while the backend pushes nothing, and stops polling once it pushes', async () => {
    const rig = await setup({ queue: { warnWaiting: 5, warnLongestWaitSeconds: 0 } });
    let reads = 0;
    let answer: QueueStats = stats('2026-11-25T02:00:01.000Z', [q('billing', 1, 10)]);
    rig.backend.agents.queueStats = async () => ((reads += 1), answer);
    const { $queue } = rig.workbench.use(queueModule);
    await waitUntil(() => $queue.get().status === 'ready', 'the first read never showed');
    expect($queue.get()).to.include({ waiting: 1, source: 'poll' });
    answer = stats('2026-11-25T02:00:31.000Z', [q('billing', 6, 10)]);
    await rig.clock.advance(QUEUE_POLL_MS);
    await waitUntil(() => $queue.get().waiting === 6, 'the poll never showed the new figures');
    expect($queue.get().warn).to.equal(true);
    rig.backend.setQueueStats(stats('2026-11-25T02:00:40.000Z', [q('billing', 2, 10)]));
    const before = reads;
    await rig.clock.advance(QUEUE_POLL_MS * 3);
    expect(reads, 'polled after a push').to.equal(before);
    expect($queue.get()).to.include({ waiting: 2, source: 'push' });
  });

  it('reads nothing from a snapshot that is not one', () => {
    expect(summariseQueues(null, null)).to.equal(null);
    expect(summariseQueues({ at: 'yesterday', queues: [] }, null)).to.equal(null);
    expect(summariseQueues({ at: START, queues: [q('a', 'many', 1)] }, null)).to.equal(null);
    expect(summariseQueues({ at: START, queues: [] }, null)).to.deep.equal({ waiting: 0, longestWaitSeconds: 0, at: Date.parse(START) });
    expect(summariseQueues({ at: START, queues: [q('a', 0, 300)] }, null), 'nobody waiting has no wait').to.include({ longestWaitSeconds: 0 });
  });
});

describe('call quality and the link to the SIP server', () => {
  it('shows the latest sample, drops impossible and stale ones, and keeps the summary with the record', async () => {
    const rig = await setup();
    const { workbench, softphone, clock } = rig;
    const callId = await answered(rig);
    const quality = () => workbench.stores.$calls.get()[callId]?.quality;
    softphone.simulateQuality(callId, { rttMs: 80, jitterMs: 10, lossPercent: 0 });
    expect(quality()?.latest).to.include({ level: 'good', rttMs: 80 });
    await clock.advance(2_000);
    softphone.simulateQuality(callId, { rttMs: 600, jitterMs: 30, lossPercent: 6 });
    expect(quality()?.latest?.level).to.equal('poor');
    await clock.advance(2_000);
    softphone.simulateQuality(callId, { rttMs: -5, jitterMs: Number.NaN, lossPercent: 250 });
    expect(quality()?.summary.samples, 'a sample with no true figure').to.equal(2);
    await clock.advance(2_000);
    softphone.simulateQuality(callId, { rttMs: 100, jitterMs: null, lossPercent: 1 });
    expect(quality()?.latest).to.include({ rttMs: 100, jitterMs: null, level: 'fair' });
    await workbench.hangup(callId);
    const record = await endedRecord(rig, callId);
    expect(record.quality).to.deep.equal({
      samples: 3, worst: 'poor', avgRttMs: 260, maxRttMs: 600, avgJitterMs: 20, maxJitterMs: 30, avgLossPercent: 2.3, maxLossPercent: 6, linkLost: 0,
    });
  });

  it('a call whose connection drops shows it lost, recovers, or ends as connection-lost on the record', async () => {
    const rig = await setup();
    const { workbench, softphone, clock } = rig;
    const first = await answered(rig);
    softphone.simulateTransportLost();
    expect(workbench.stores.$calls.get()[first]?.quality?.link).to.equal('lost');
    softphone.simulateTransportBack();
    expect(workbench.stores.$calls.get()[first]?.quality?.link).to.equal('ok');
    expect(workbench.stores.$calls.get()[first]?.state).to.equal('connected');
    softphone.simulateTransportLost();
    await clock.advance(30_000);
    expect(workbench.stores.$calls.get()[first]).to.deep.include({ state: 'ended', endReason: 'connection-lost' });
    const record = await endedRecord(rig, first);
    expect(record.endReason).to.equal('connection-lost');
    expect(record.quality?.linkLost).to.equal(2);
  });
});
