import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { AdapterError } from '../../src/adapter/errors.js';
import { createDefaultSeed, SEED_IDS } from '../../src/adapter/memory/index.js';
import { createHandlers } from '../../src/adapter/msw/handlers.js';
import { createRestAdapter } from '../../src/adapter/rest/index.js';
import { button, createTestRig, partText, TEST_START, testBackend, type TestRig } from '../shared/test-rig.js';
import type { CallRecordView } from './call-record.js';
import './define.js';

describe('<call-record>', () => {
  let rig: TestRig;

  afterEach(() => rig.dispose());

  async function show(callId: string): Promise<CallRecordView> {
    const el = await fixture<CallRecordView>(html`<call-record lang="en" call-id=${callId} .workbench=${rig.workbench}></call-record>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part=loading]') === null, 'never loaded');
    return el;
  }

  const fact = (el: CallRecordView, label: string): string => {
    const terms = [...el.shadowRoot!.querySelectorAll('dt')];
    const term = terms.find((dt) => dt.textContent!.trim() === label);
    return term?.nextElementSibling?.textContent?.trim() ?? '(missing)';
  };

  it('shows a transferred call: facts, then each agent leg in order', async () => {
    rig = await createTestRig();
    const el = await show(SEED_IDS.transferredCall);
    const record = await rig.backend.calls.get(SEED_IDS.transferredCall);
    expect(fact(el, 'Direction')).to.equal(record.direction === 'inbound' ? 'Inbound' : 'Outbound');
    expect(fact(el, 'Customer number')).to.equal('+86 138 0013 8000');
    expect(fact(el, 'Queue / skill group')).to.equal(record.queue ?? '—');
    expect(fact(el, 'After-call work')).to.equal('0:30');
    expect(fact(el, 'Outcome')).to.equal('Answered');
    const legs = [...el.shadowRoot!.querySelectorAll('[part=leg]')];
    expect(legs).to.have.length(2);
    expect(legs[0]!.textContent).to.contain('王强');
    expect(legs[1]!.textContent).to.contain('李娜');
    expect(legs[1]!.querySelector('[part=leg-kind]')!.textContent).to.equal('Transfer');
    await expect(el).to.be.accessible();
  });

  it('says why the call ended, that the survey was offered, and the line quality; in Chinese too', async () => {
    const seed = createDefaultSeed(new Date(TEST_START));
    const quality = { samples: 12, worst: 'fair' as const, avgRttMs: 84.6, maxRttMs: 310, avgJitterMs: 12.2, maxJitterMs: 31, avgLossPercent: 0.4, maxLossPercent: 2, linkLost: 1 };
    const calls = seed.calls.map((call) =>
      call.id === SEED_IDS.recordedCall
        ? { ...call, endReason: 'connection-lost' as const, survey: { offeredAt: new Date(TEST_START).toISOString(), mode: 'refer' as const, score: null }, quality }
        : call,
    );
    rig = await createTestRig({ backend: testBackend({ seed: { ...seed, calls } }) });
    const el = await show(SEED_IDS.recordedCall);
    expect(fact(el, 'Why it ended')).to.equal('Connection to the phone server lost');
    expect(fact(el, 'Satisfaction survey')).to.equal('Offered, no score yet');
    expect(fact(el, 'Line quality')).to.equal('Fair at worst · RTT avg 85 ms · jitter avg 12 ms · loss avg 0.4 % · connection lost 1×');
    await expect(el).to.be.accessible();
    el.lang = 'zh-CN';
    await waitUntil(() => fact(el, '结束原因') !== '(missing)', 'never switched to Chinese');
    expect(fact(el, '结束原因')).to.equal('与话务服务器的连接中断');
    expect(fact(el, '满意度调查')).to.equal('已转满意度，尚无评分');
    expect(fact(el, '通话质量')).to.equal('最差一般 · 平均往返时延 85 ms · 平均抖动 12 ms · 平均丢包 0.4 % · 连接中断 1 次');
  });

  it('shows the survey score as soon as the IVR reports it, without a reload', async () => {
    const backend = testBackend();
    backend.setPhoneSettings({ survey: { mode: 'refer', target: '9000' } });
    rig = await createTestRig({ backend });
    const callId = rig.softphone.simulateInbound('+8613800138000');
    await rig.workbench.answer(callId);
    await rig.workbench.transferToSurvey(callId);
    await waitUntil(async () => (await rig.backend.calls.get(callId).catch(() => null))?.survey != null, 'the survey never reached the record');
    const el = await show(callId);
    expect(fact(el, 'Why it ended')).to.equal('Transferred');
    expect(fact(el, 'Satisfaction survey')).to.equal('Offered, no score yet');
    rig.backend.recordSurveyScore(callId, 4, 5);
    await waitUntil(() => fact(el, 'Satisfaction survey') === 'Score 4 of 5', `the score never showed (${fact(el, 'Satisfaction survey')})`);
  });

  it('plays the recording from an https URL', async () => {
    rig = await createTestRig();
    const el = await show(SEED_IDS.recordedCall);
    const audio = el.shadowRoot!.querySelector<HTMLAudioElement>('audio[part=recording]')!;
    expect(audio, 'the recording player').to.have.property('controls', true);
    expect(audio.getAttribute('src')).to.match(/^https:\/\/recordings\.example\.com\//);
    await expect(el).to.be.accessible();
  });

  it('never plays a recording URL that is not http(s)', async () => {
    const seed = createDefaultSeed(new Date(TEST_START));
    const calls = seed.calls.map((call) =>
      call.id === SEED_IDS.recordedCall ? { ...call, recordingUrl: 'javascript:alert(1)', queue: '<img src=x onerror=alert(1)>' } : call,
    );
    rig = await createTestRig({ backend: testBackend({ seed: { ...seed, calls } }) });
    const el = await show(SEED_IDS.recordedCall);
    expect(el.shadowRoot!.querySelector('audio')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.contain('The recording link cannot be played here.');
    expect(fact(el, 'Queue / skill group')).to.equal('<img src=x onerror=alert(1)>');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('says why the record could not be loaded, and loads it on retry', async () => {
    rig = await createTestRig();
    rig.backend.failNext('calls.get', new AdapterError('network', 'Connection lost'));
    const el = await fixture<CallRecordView>(html`<call-record lang="en" call-id=${SEED_IDS.latestCall} .workbench=${rig.workbench}></call-record>`);
    await waitUntil(() => partText(el, 'error') !== '');
    expect(partText(el, 'error')).to.contain('Could not load the call record: Connection lost');
    await expect(el).to.be.accessible();
    button(el.shadowRoot!, 'Retry').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part=facts]') !== null);
  });

  it('shows a record it is given without loading anything', async () => {
    rig = await createTestRig();
    const record = await rig.backend.calls.get(SEED_IDS.latestCall);
    rig.backend.failNext('calls.get', new AdapterError('server', 'must not be called'));
    const el = await fixture<CallRecordView>(html`<call-record lang="zh-CN" .record=${record} .workbench=${rig.workbench}></call-record>`);
    await el.updateComplete;
    await waitUntil(() => el.shadowRoot!.querySelector('[part=facts]') !== null);
    expect(el.shadowRoot!.textContent).to.contain('客户号码');
  });

  describe('through the REST adapter (msw)', () => {
    let worker: SetupWorker;
    before(async () => {
      worker = setupWorker();
      await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
    });
    after(() => worker.stop());

    it('loads the record with its legs over HTTP', async () => {
      const backend = testBackend();
      worker.resetHandlers(...createHandlers(backend, { baseUrl: '/rest-call-record' }));
      rig = await createTestRig({ backend, adapter: () => createRestAdapter({ baseUrl: '/rest-call-record' }) });
      const el = await show(SEED_IDS.transferredCall);
      expect(el.shadowRoot!.querySelectorAll('[part=leg]')).to.have.length(2);
    });
  });
});
