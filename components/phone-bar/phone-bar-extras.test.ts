import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createDefaultSeed, MemoryBackend } from '../../src/adapter/memory/index.js';
import type { AgentPhoneSettings, QueueStats } from '../../src/adapter/types.js';
import { ManualClock } from '../../src/time/manual-clock.js';
import { agentModule } from '../../src/workbench/agent.js';
import { FakeRingerAudio } from '../../src/telephony/fake-ringer-audio.js';
import { createTestRig, partText, TEST_START, type TestRig } from '../shared/test-rig.js';
import type { PhoneBar } from './phone-bar.js';
import './define.js';

const ZHANG_WEI = '+8613800138000';

/** The survey, ACW extension and queue indicator turned on, as an admin would. */
const EXTRAS: Partial<AgentPhoneSettings> = {
  acwSeconds: 60,
  acw: { extendStepSeconds: 30, maxSeconds: 90 },
  survey: { mode: 'refer', target: '9001', headers: { 'X-Survey': 'csat' } },
  queue: { warnWaiting: 5, warnLongestWaitSeconds: 120 },
};

function backendWith(settings: Partial<AgentPhoneSettings>, clock: ManualClock): MemoryBackend {
  const seed = createDefaultSeed(new Date(clock.now()));
  return new MemoryBackend({ now: () => new Date(clock.now()), seed: { ...seed, phoneSettings: { ...seed.phoneSettings, ...settings } } });
}

const stats = (at: string, waiting: number, longestWaitSeconds: number): QueueStats => ({
  at,
  queues: [{ id: 'billing', name: 'Billing', waiting, longestWaitSeconds }],
});

for (const lang of ['en', 'zh-CN'] as const) {
  const t = (en: string, zh: string): string => (lang === 'en' ? en : zh);

  describe(`<phone-bar> extras (${lang})`, () => {
    let rig: TestRig;
    let clock: ManualClock;

    async function setUp(settings: Partial<AgentPhoneSettings> = EXTRAS): Promise<PhoneBar> {
      rig?.dispose();
      clock = new ManualClock(TEST_START);
      // Every delay of the simulated phone runs when the test moves the clock, so nothing waits on the wall clock.
      rig = await createTestRig({ backend: backendWith(settings, clock), clock, softphone: { timers: clock, connectionLossTimeoutMs: 30_000 } });
      rig.workbench.use(agentModule).useEnvironment({ storage: null, notifications: null, ringer: { createAudio: () => new FakeRingerAudio() } });
      const el = await fixture<PhoneBar>(html`<phone-bar lang=${lang} .workbench=${rig.workbench} style="width: 420px"></phone-bar>`);
      await el.updateComplete;
      return el;
    }

    afterEach(() => rig.dispose());

    const find = (el: PhoneBar, name: string): HTMLElement | null => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
    const get = <T extends HTMLElement = HTMLElement>(el: PhoneBar, name: string): T => {
      const found = find(el, name);
      if (!found) throw new Error(`no part "${name}"; parts shown: ${[...el.shadowRoot!.querySelectorAll('[part]')].map((n) => n.getAttribute('part')).join(', ')}`);
      return found as T;
    };
    const settle = async (el: PhoneBar, condition: () => boolean, what: string): Promise<void> => {
      await waitUntil(condition, what, { timeout: 5000 });
      await el.updateComplete;
    };
    async function answered(el: PhoneBar): Promise<string> {
      const callId = rig.softphone.simulateInbound(ZHANG_WEI);
      await rig.workbench.answer(callId);
      await el.updateComplete;
      return callId;
    }

    it('hands the customer to the survey: the call leaves the bar and the record says the survey was offered', async () => {
      const el = await setUp();
      const callId = await answered(el);
      await settle(el, () => find(el, 'survey') !== null, 'no survey button');
      const survey = get<HTMLButtonElement>(el, 'survey');
      expect(survey.textContent!.trim()).to.equal(t('Survey', '满意度'));
      expect(survey.title).to.equal(t('Transfer the customer to the satisfaction survey', '将客户转接到满意度调查'));
      survey.click();
      await settle(el, () => rig.softphone.transfers.get(callId) === '9001', 'no REFER to the survey');
      await el.updateComplete;
      expect(partText(el, 'survey-status')).to.equal(t('Transferring to the satisfaction survey…', '正在转接满意度调查…'));
      expect(get<HTMLButtonElement>(el, 'survey').disabled, 'survey button while sending').to.equal(true);
      await clock.advance(0); // the survey's NOTIFY 200
      await settle(el, () => find(el, 'call') === null, 'the call stayed in the bar');
      await waitUntil(async () => (await rig.backend.calls.get(callId).catch(() => null))?.survey?.mode === 'refer', 'the record never said the survey was offered');
      await expect(el).to.be.accessible();
    });

    it('keeps the call and says why when the survey declines it', async () => {
      const el = await setUp();
      const callId = await answered(el);
      const transfer = rig.softphone.transfer.bind(rig.softphone);
      // The SIP server accepts the REFER (202); the survey then declines (NOTIFY 603).
      rig.softphone.transfer = async (id, target, options) => {
        await transfer(id, target, options);
        rig.softphone.simulateTransferResult(id, 603);
      };
      await settle(el, () => find(el, 'survey') !== null, 'no survey button');
      get<HTMLButtonElement>(el, 'survey').click();
      await settle(el, () => find(el, 'survey-status')?.dataset['status'] === 'refused', 'the refusal never showed');
      expect(partText(el, 'survey-status')).to.equal(
        t('The survey did not take the call (SIP 603); the call stays with you.', '满意度调查未接收此通话（SIP 603），通话仍由您处理。'),
      );
      expect(get(el, 'survey-status').getAttribute('role')).to.equal('alert');
      expect(rig.softphone.calls().find((c) => c.id === callId)?.state).to.equal('connected');
      expect(get<HTMLButtonElement>(el, 'survey').disabled, 'the agent may try again').to.equal(false);
    });

    it('shows a refusal reason from the SIP side as plain text, without control or direction characters', async () => {
      const el = await setUp();
      const callId = await answered(el);
      rig.softphone.transfer = () => Promise.reject(new Error('Declined\u202e by\u0007 survey\n\n server'));
      await settle(el, () => find(el, 'survey') !== null, 'no survey button');
      get<HTMLButtonElement>(el, 'survey').click();
      await settle(el, () => find(el, 'survey-status')?.dataset['status'] === 'refused', 'the refusal never showed');
      expect(partText(el, 'survey-status')).to.equal(
        t('The survey did not take the call (Declined by survey server); the call stays with you.', '满意度调查未接收此通话（Declined by survey server），通话仍由您处理。'),
      );
      expect(get(el, 'survey-status').textContent, 'no direction override reaches the page').to.not.match(/[\u202a-\u202e\u0007]/);
      expect(rig.softphone.calls().find((c) => c.id === callId)?.state).to.equal('connected');
    });

    it('shows no survey button when no survey is configured', async () => {
      const el = await setUp({ acwSeconds: 60 });
      await answered(el);
      expect(find(el, 'survey')).to.equal(null);
      expect(find(el, 'hangup'), 'the call row is there').to.not.equal(null);
    });

    it('extends after-call work by the step until the limit, and the countdown follows', async () => {
      const el = await setUp();
      rig.workbench.setStatus('ready');
      const callId = await answered(el);
      await rig.workbench.hangup(callId);
      await settle(el, () => find(el, 'acw-extend') !== null, 'no extend button in after-call work');
      const extend = get<HTMLButtonElement>(el, 'acw-extend');
      expect(extend.textContent!.trim()).to.equal('+0:30');
      expect(extend.getAttribute('aria-label')).to.equal(t('Extend after-call work by 0:30', '话后处理延长 0:30'));
      expect(partText(el, 'acw')).to.contain('1:00');
      extend.click();
      await el.updateComplete;
      expect(partText(el, 'acw')).to.contain('1:30');
      const atLimit = get<HTMLButtonElement>(el, 'acw-extend');
      expect(atLimit.disabled, 'at the limit').to.equal(true);
      expect(atLimit.getAttribute('aria-label')).to.equal(t('After-call work is at its limit (1:30 in all).', '话后处理已达上限（共 1:30）。'));
      await clock.advance(89_000);
      await el.updateComplete;
      expect(rig.workbench.stores.$agentStatus.get().status).to.equal('acw');
      await clock.advance(1_000);
      await el.updateComplete;
      expect(find(el, 'acw-extend'), 'after-call work over').to.equal(null);
      expect(rig.workbench.stores.$agentStatus.get().status).to.equal('ready');
    });

    it('shows the queue live, in the warning colour over the threshold, and ignores a bad push', async () => {
      const el = await setUp();
      await settle(el, () => find(el, 'queue') !== null, 'no queue indicator');
      rig.backend.setQueueStats(stats('2026-11-25T02:00:05.000Z', 3, 45));
      await el.updateComplete;
      const queue = get(el, 'queue');
      expect(queue.querySelector('[aria-hidden]')!.textContent!.trim()).to.equal(t('3 waiting · 0:45', '排队 3 人 · 0:45'));
      expect(queue.dataset['warn']).to.equal('false');
      expect(queue.querySelector('.visually-hidden')!.textContent!.trim(), 'what a screen reader reads').to.equal(t('3 callers waiting in your queues; longest wait 0:45', '您的队列中有 3 人排队，最长等待 0:45'));
      rig.backend.setQueueStats(stats('2026-11-25T02:00:10.000Z', 7, 150));
      await el.updateComplete;
      expect(get(el, 'queue').querySelector('[aria-hidden]')!.textContent!.trim()).to.equal(t('7 waiting · 2:30', '排队 7 人 · 2:30'));
      expect(get(el, 'queue').dataset['warn']).to.equal('true');
      const colour = getComputedStyle(get(el, 'queue')).color;
      rig.backend.setQueueStats(stats('2026-11-25T02:00:20.000Z', -4, 10));
      await el.updateComplete;
      expect(get(el, 'queue').querySelector('[aria-hidden]')!.textContent!.trim(), 'after a negative count').to.equal(t('7 waiting · 2:30', '排队 7 人 · 2:30'));
      rig.backend.setQueueStats(stats('2026-11-25T02:00:30.000Z', 1, 5));
      await el.updateComplete;
      expect(get(el, 'queue').dataset['warn']).to.equal('false');
      expect(getComputedStyle(get(el, 'queue')).color, 'the warning colour differs from the calm one').to.not.equal(colour);
    });

    it('says when the extras did not load, keeps the call working, and Retry loads them', async () => {
      let fail = true;
      const tag = `failing-extras-bar-${lang.toLowerCase()}`;
      if (!customElements.get(tag)) {
        const Base = customElements.get('phone-bar') as unknown as typeof PhoneBar & { loadExtras: () => Promise<unknown> };
        const load = Base.loadExtras;
        // As after a deploy: the chunk's URL answers 404 until it is asked again.
        customElements.define(tag, class extends Base {
          static override loadExtras = () => (fail ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : load());
        } as unknown as CustomElementConstructor);
      }
      clock = new ManualClock(TEST_START);
      rig?.dispose();
      rig = await createTestRig({ backend: backendWith(EXTRAS, clock), clock, softphone: { timers: clock } });
      rig.workbench.use(agentModule).useEnvironment({ storage: null, notifications: null, ringer: { createAudio: () => new FakeRingerAudio() } });
      const el = document.createElement(tag) as PhoneBar;
      el.lang = lang;
      el.workbench = rig.workbench;
      await fixture(html`<div>${el}</div>`);
      await settle(el, () => find(el, 'extras-error') !== null, 'no message for the failed chunk');
      expect(get(el, 'extras-error').getAttribute('role')).to.equal('alert');
      expect(partText(el, 'extras-error')).to.equal(
        t('The survey, queue and line-quality controls did not load. Retry', '满意度、排队和通话质量功能未能加载。 重试'),
      );
      const callId = await answered(el);
      expect(find(el, 'hangup'), 'the call works without the extras').to.not.equal(null);
      fail = false;
      get<HTMLButtonElement>(el, 'extras-retry').click();
      await settle(el, () => find(el, 'survey') !== null, 'Retry never loaded the extras');
      expect(find(el, 'extras-error')).to.equal(null);
      await rig.workbench.hangup(callId);
    });

    it('shows no queue indicator without queue settings', async () => {
      const el = await setUp({ acwSeconds: 60 });
      rig.backend.setQueueStats(stats('2026-11-25T02:00:05.000Z', 3, 45));
      await el.updateComplete;
      expect(find(el, 'queue')).to.equal(null);
    });

    it('shows the line quality of a connected call with its figures on hover', async () => {
      const el = await setUp();
      const callId = await answered(el);
      expect(find(el, 'quality'), 'before any sample').to.equal(null);
      rig.softphone.simulateQuality(callId, { rttMs: 80, jitterMs: 5, lossPercent: 0 });
      await settle(el, () => find(el, 'quality') !== null, 'no quality shown');
      expect(get(el, 'quality').dataset['level']).to.equal('good');
      expect(get(el, 'quality').querySelector('span:not(.bars):not(.visually-hidden)')!.textContent!.trim()).to.equal(t('Good line', '通话质量良好'));
      await clock.advance(2_000);
      rig.softphone.simulateQuality(callId, { rttMs: 450, jitterMs: null, lossPercent: 6.25 });
      await el.updateComplete;
      expect(get(el, 'quality').dataset['level']).to.equal('poor');
      expect(get(el, 'quality').title).to.equal(
        t('Poor line: RTT 450 ms, jitter n/a, packet loss 6.3 %', '通话质量差：往返时延 450 ms，抖动 无数据，丢包率 6.3 %'),
      );
      await expect(el).to.be.accessible();
    });

    it('says the connection is lost, then that the call is back; a call that cannot recover ends with a notice', async () => {
      const el = await setUp();
      const callId = await answered(el);
      rig.softphone.simulateTransportLost();
      await settle(el, () => find(el, 'link') !== null, 'no link notice');
      expect(partText(el, 'link')).to.equal(t('Connection lost — reconnecting…', '连接已断开，正在重连…'));
      rig.softphone.simulateTransportBack();
      await el.updateComplete;
      expect(find(el, 'link'), 'link back').to.equal(null);
      rig.softphone.simulateTransportLost();
      await clock.advance(30_000);
      await settle(el, () => find(el, 'call-lost') !== null, 'no notice of the lost call');
      expect(rig.workbench.stores.$calls.get()[callId]?.endReason).to.equal('connection-lost');
      const notice = get(el, 'call-lost');
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(notice.querySelector('span')!.textContent!.trim()).to.match(
        lang === 'en' ? /^The call with .*138 0013 8000 ended: the connection was lost\.$/ : /^与 .*138 0013 8000 的通话已结束：连接中断。$/,
      );
      notice.querySelector('button')!.click();
      await el.updateComplete;
      expect(find(el, 'call-lost'), 'dismissed').to.equal(null);
    });
  });
}
