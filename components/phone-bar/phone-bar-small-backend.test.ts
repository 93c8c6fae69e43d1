import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryBackend } from '../../src/adapter/memory/index.js';
import type { PartialBackendAdapter } from '../../src/adapter/partial.js';
import { FakeRingerAudio } from '../../src/telephony/fake-ringer-audio.js';
import { SimulatedSoftphone } from '../../src/telephony/simulated-softphone.js';
import { agentModule } from '../../src/workbench/agent.js';
import { createWorkbench, type Workbench } from '../../src/workbench/workbench.js';
import { steadyClock, TEST_TIME_ZONE, typeInto } from '../shared/test-rig.js';
import type { PhoneBar } from './phone-bar.js';
import './define.js';

const ZHANG_WEI = '+8613800138000';

const visibleText = (el: PhoneBar): string => (el.shadowRoot!.textContent ?? '').replace(/\s+/g, ' ').trim();
const alerts = (el: PhoneBar): string[] =>
  [...el.shadowRoot!.querySelectorAll('[role="alert"], .error, [part~="error"]')].map((n) => (n.textContent ?? '').trim());

describe('<phone-bar> on a backend without the agents domain', () => {
  let workbench: Workbench;
  let softphone: SimulatedSoftphone;

  async function start(adapter: PartialBackendAdapter, lang: 'en' | 'zh-CN'): Promise<PhoneBar> {
    const now = steadyClock();
    softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null, now });
    workbench = createWorkbench({ adapter, softphone, storage: null, sessionStorage: null, now, timeZone: TEST_TIME_ZONE });
    await workbench.start();
    workbench.use(agentModule).useEnvironment({ storage: null, notifications: null, ringer: { createAudio: () => new FakeRingerAudio() } });
    const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}><phone-bar .workbench=${workbench}></phone-bar></div>`);
    const el = wrapper.querySelector('phone-bar')!;
    await el.updateComplete;
    return el;
  }

  afterEach(() => {
    workbench.dispose();
    softphone.dispose();
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`(${lang}) leaves out the agent status menu and the caller ID, and shows no error`, async () => {
      const memory = new MemoryBackend();
      const el = await start({ customers: memory.customers, calls: memory.calls, summary: memory.summary }, lang);
      expect(workbench.supports('agents')).to.equal(false);
      await waitUntil(() => workbench.stores.$phoneSettings.get().status === 'ready', 'the phone settings never settled');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="status"]'), 'agent status menu').to.equal(null);
      expect(el.shadowRoot!.querySelector('[part~="caller-id"]'), 'caller ID').to.equal(null);
      expect(el.shadowRoot!.querySelector('[part~="notice"]'), 'settings notice').to.equal(null);
      expect(alerts(el)).to.deep.equal([]);
      // What the softphone gives is all there: registration, the dialer.
      expect(el.shadowRoot!.querySelector('[part~="register"]')).to.not.equal(null);
      expect(el.shadowRoot!.querySelector<HTMLInputElement>('[part~="dial-input"]')!.disabled, 'dial input').to.equal(false);
      await expect(el).to.be.accessible();
    });
  }

  it('registers, takes a call and dials with no caller-ID rules', async () => {
    const memory = new MemoryBackend();
    const el = await start({ customers: memory.customers, calls: memory.calls }, 'en');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="register"]')!.click();
    await waitUntil(() => workbench.stores.$registration.get().state === 'registered', 'never registered');
    await el.updateComplete;
    expect(visibleText(el)).to.contain('Registered');

    softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="answer"]'), 'the ringing call never showed');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="answer"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="hangup"]'), 'the call never connected');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="hangup"]')!.click();
    await waitUntil(() => !el.shadowRoot!.querySelector('[part~="call"]'), 'the call never ended');

    await typeInto(el.shadowRoot!.querySelector<HTMLInputElement>('[part~="dial-input"]')!, '+86 138 0013 8000');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="dial-button"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="call"][data-state="ringing"], [part~="call"][data-state="dialing"], [part~="call"][data-state="early"]'), 'the outbound call never showed');
    expect(alerts(el)).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('[part~="status"]')).to.equal(null);
  });
});
