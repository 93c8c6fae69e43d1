import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { AgentPhoneSettings } from '../../src/adapter/types.js';
import { agentModule } from '../../src/workbench/agent.js';
import { createDefaultSeed, MemoryBackend } from '../../src/adapter/memory/index.js';
import type {
  AudioDevices,
  DialOptions,
  RegistrationSnapshot,
  Softphone,
  SoftphoneCall,
  SoftphoneEvent,
} from '../../src/telephony/softphone.js';
import { createWorkbench, type Workbench } from '../../src/workbench/workbench.js';
import { ManualClock } from '../../src/time/manual-clock.js';
import { button, createTestRig, expectNoSubscriptionLeak, partText, steadyClock, TEST_START, TEST_TIME_ZONE, testBackend, typeInto, type TestRig } from '../shared/test-rig.js';
import type { PhoneBar } from './phone-bar.js';
import './define.js';
import { FakeRingerAudio } from '../../src/telephony/fake-ringer-audio.js';

const ZHANG_WEI = '+8613800138000';
const EMILY = '+14155550123';
const BEIJING_LINE = '+861058001234';


/** A Storage kept in memory, so tests share nothing through localStorage. */
function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, String(value)),
  };
}

function backendWith(settings: Partial<AgentPhoneSettings>, now: () => number = () => TEST_START): MemoryBackend {
  const seed = createDefaultSeed(new Date(now()));
  return new MemoryBackend({ now: () => new Date(now()), seed: { ...seed, phoneSettings: { ...seed.phoneSettings, ...settings } } });
}

/** A softphone that only says what its registration is doing (reconnects and failures a simulation never has). */
class RegistrationOnlySoftphone implements Softphone {
  readonly kind = 'fake-registration';
  #registration: RegistrationSnapshot = { state: 'unregistered', reason: null };
  readonly #listeners = new Set<(event: SoftphoneEvent) => void>();
  registerCalls = 0;
  emit(registration: RegistrationSnapshot): void {
    this.#registration = registration;
    for (const listener of this.#listeners) listener({ type: 'registration', registration });
  }
  async register(): Promise<void> {
    this.registerCalls += 1;
    this.emit({ state: 'registering', reason: null });
  }
  async unregister(): Promise<void> {
    this.emit({ state: 'unregistered', reason: null });
  }
  dial(): Promise<string> {
    return Promise.reject(new Error('not registered'));
  }
  answer = (): Promise<void> => Promise.resolve();
  reject = (): Promise<void> => Promise.resolve();
  hangup = (): Promise<void> => Promise.resolve();
  hold = (): Promise<void> => Promise.resolve();
  mute = (): Promise<void> => Promise.resolve();
  sendDtmf = (): Promise<void> => Promise.resolve();
  transfer = (): Promise<void> => Promise.resolve();
  setAudioDevices = (_devices: AudioDevices): Promise<void> => Promise.resolve();
  calls(): readonly SoftphoneCall[] {
    return [];
  }
  registration(): RegistrationSnapshot {
    return this.#registration;
  }
  on(listener: (event: SoftphoneEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  dispose(): void {
    this.#listeners.clear();
  }
}

describe('<phone-bar>', () => {
  let rig: TestRig;
  let audio: FakeRingerAudio;
  let storage: Storage;

  async function setUp(backend?: MemoryBackend, clock?: ManualClock): Promise<void> {
    rig?.dispose();
    // One browser storage for the workbench (the caller-ID pick) and the phone bar (devices).
    storage = memoryStorage();
    rig = await createTestRig({ storage, ...(backend ? { backend } : {}), ...(clock ? { clock } : {}) });
    audio = new FakeRingerAudio();
    rig.workbench.use(agentModule).useEnvironment({ storage, notifications: null, ringer: { createAudio: () => audio } });
  }

  beforeEach(() => setUp());
  afterEach(() => rig.dispose());

  async function bar(workbench: Workbench = rig.workbench, lang = 'en'): Promise<PhoneBar> {
    const el = await fixture<PhoneBar>(html`<phone-bar lang=${lang} .workbench=${workbench} style="width: 360px"></phone-bar>`);
    await el.updateComplete;
    return el;
  }

  const part = <T extends Element = HTMLElement>(el: PhoneBar, name: string, root: ParentNode = el.shadowRoot!): T => {
    const found = root.querySelector<T>(`[part~="${name}"]`);
    if (!found) throw new Error(`no part "${name}"`);
    return found;
  };
  /** Text of a part inside a call row (partText only looks in the shadow root). */
  const textIn = (root: ParentNode, name: string): string =>
    (root.querySelector(`[part~="${name}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const has = (el: PhoneBar, name: string): boolean => el.shadowRoot!.querySelector(`[part~="${name}"]`) !== null;
  /** The visible text of every element with a part, for asserting that something is (not) shown: a failure lists what is. */
  const shownParts = (el: PhoneBar, name: string): string[] =>
    [...el.shadowRoot!.querySelectorAll(`[part~="${name}"]`)].map((node) => (node.textContent ?? '').replace(/\s+/g, ' ').trim());
  const callRow = (el: PhoneBar, callId: string): HTMLElement => {
    const row = el.shadowRoot!.querySelector<HTMLElement>(`[part~="call"][data-call-id="${callId}"]`);
    if (!row) throw new Error(`no row for ${callId}`);
    return row;
  };
  const state = (callId: string): string | undefined => rig.softphone.calls().find((c) => c.id === callId)?.state;
  /**
   * Waits for what the agent would see next, with a deadline generous enough for a busy machine;
   * on a timeout the failure names what never happened.
   */
  const until = async (el: PhoneBar, condition: () => boolean, what: string): Promise<void> => {
    await waitUntil(condition, what, { timeout: 5000 });
    await el.updateComplete;
  };
  /** Waits until `read()` shows `expected`; if it never does, fails with what it showed instead. */
  const untilShows = async (el: PhoneBar, read: () => string, expected: string, what: string): Promise<void> => {
    await waitUntil(() => read() === expected, what, { timeout: 5000 }).catch(() => undefined);
    await el.updateComplete;
    expect(read(), what).to.equal(expected);
  };
  /** Types a number and submits the dialer; the caller waits for the call or the error. */
  async function dial(el: PhoneBar, text: string): Promise<void> {
    typeInto(part<HTMLInputElement>(el, 'dial-input'), text);
    await el.updateComplete;
    part<HTMLFormElement>(el, 'dialer').requestSubmit();
  }
  async function answeredCall(el: PhoneBar, number = ZHANG_WEI): Promise<string> {
    const callId = rig.softphone.simulateInbound(number);
    await el.updateComplete;
    part<HTMLButtonElement>(el, 'answer', callRow(el, callId)).click();
    await waitUntil(() => state(callId) === 'connected', 'never answered');
    await el.updateComplete;
    return callId;
  }

  // ------------------------------------------------------------ registration and status

  it('registers and unregisters, and a registered agent becomes ready', async () => {
    // The rig's phone starts registered; this agent starts the shift unregistered.
    await rig.workbench.unregister();
    const el = await bar();
    expect(partText(el, 'registration-state')).to.equal('Not registered');
    expect(part<HTMLSelectElement>(el, 'status').value).to.equal('offline');
    part<HTMLButtonElement>(el, 'register').click();
    await waitUntil(() => partText(el, 'registration-state').startsWith('Registered'));
    expect(partText(el, 'registration-state')).to.equal('Registered · Ext. 1001');
    expect(part<HTMLSelectElement>(el, 'status').value).to.equal('ready');
    expect(partText(el, 'register')).to.equal('Unregister');
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, 'register').click();
    await waitUntil(() => partText(el, 'registration-state') === 'Not registered');
    expect(part<HTMLSelectElement>(el, 'status').value).to.equal('offline');
  });

  it('shows reconnecting with the attempt and the countdown, then a failure with its reason', async () => {
    const softphone = new RegistrationOnlySoftphone();
    const now = steadyClock();
    const workbench = createWorkbench({ adapter: testBackend({ seed: 'empty', now }), softphone, storage: null, now, timeZone: TEST_TIME_ZONE });
    workbench.use(agentModule).useEnvironment({ storage: null, notifications: null, ringer: { createAudio: () => new FakeRingerAudio() } });
    await workbench.start();
    try {
      const el = await bar(workbench);
      part<HTMLButtonElement>(el, 'register').click();
      await waitUntil(() => partText(el, 'registration-state') === 'Registering…');
      expect(part(el, 'registration').dataset['state']).to.equal('registering');
      softphone.emit({ state: 'reconnecting', reason: 'WebSocket closed', attempt: 3, nextAttemptAt: now() + 4200 });
      await el.updateComplete;
      expect(partText(el, 'registration-state')).to.equal('Reconnecting (attempt 3), next try in 5 s');
      await waitUntil(() => partText(el, 'registration-state') === 'Reconnecting (attempt 3), next try in 4 s', 'countdown does not tick', {
        timeout: 2500,
      });
      softphone.emit({ state: 'failed', reason: '401 Unauthorized <b>wrong password</b>' });
      await el.updateComplete;
      expect(partText(el, 'registration-state')).to.equal('Registration failed: 401 Unauthorized <b>wrong password</b>');
      expect(part(el, 'registration').querySelector('b')).to.equal(null);
      expect(partText(el, 'register')).to.equal('Register');
      await expect(el).to.be.accessible();
      part<HTMLButtonElement>(el, 'register').click();
      expect(softphone.registerCalls).to.equal(2);
    } finally {
      workbench.dispose();
    }
  });

  it('offers ready, busy and each break reason, and says it in Chinese too', async () => {
    const el = await bar(rig.workbench, 'zh-CN');
    const options = [...part<HTMLSelectElement>(el, 'status').options].map((o) => o.textContent!.trim());
    expect(options).to.deep.equal(['空闲', '忙碌', '小休：午餐', '小休：培训', '小休：会议', '话后处理', '离线']);
    const select = part<HTMLSelectElement>(el, 'status');
    select.value = 'break:training';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(rig.workbench.stores.$agentStatus.get()).to.deep.equal({ status: 'break', breakReasonId: 'training', acwEndsAt: null });
    expect(partText(el, 'dial-button')).to.equal('呼叫');
    await expect(el).to.be.accessible();
  });

  it('does not offer a call to an agent who is not ready: it is answered 486 Busy and never shown', async () => {
    const el = await bar();
    const select = part<HTMLSelectElement>(el, 'status');
    select.value = 'busy';
    select.dispatchEvent(new Event('change'));
    const callId = rig.softphone.simulateInbound(ZHANG_WEI);
    await until(el, () => rig.workbench.stores.$calls.get()[callId]?.state === 'ended', 'the call to a busy agent never ended');
    expect(rig.softphone.rejections.get(callId)).to.equal(486);
    expect(shownParts(el, 'call'), 'call rows shown').to.deep.equal([]);
    expect(audio).to.include({ playing: false });
    expect(rig.workbench.stores.$activeCallId.get()).to.not.equal(callId);
    expect(rig.workbench.stores.$calls.get()[callId]?.outcome).to.equal('busy');
    select.value = 'ready';
    select.dispatchEvent(new Event('change'));
    const offered = rig.softphone.simulateInbound(EMILY);
    await until(el, () => has(el, 'answer'), 'a ready agent was never offered the call (no Answer button)');
    expect(rig.softphone.rejections.get(offered), 'SIP rejection of the call offered to a ready agent').to.equal(undefined);
  });

  it('offers calls whatever the status when busyWhenNotReady is off', async () => {
    rig.workbench.configurePhone({ busyWhenNotReady: false });
    const el = await bar();
    rig.workbench.setStatus('break', 'lunch');
    const callId = rig.softphone.simulateInbound(ZHANG_WEI);
    await until(el, () => el.shadowRoot!.querySelector(`[part~="call"][data-call-id="${callId}"]`) !== null, 'the call was never offered to the agent on a break');
    expect(rig.softphone.rejections.get(callId), 'SIP rejection of the call').to.equal(undefined);
    expect(textIn(callRow(el, callId), 'call-state')).to.equal('Incoming call');
  });

  it('counts after-call work down once a call ends, refuses calls meanwhile, then is ready again', async () => {
    const clock = new ManualClock(TEST_START);
    await setUp(backendWith({ acwSeconds: 30 }, clock.now), clock);
    const el = await bar();
    rig.workbench.setStatus('ready');
    const callId = await answeredCall(el);
    part<HTMLButtonElement>(el, 'hangup', callRow(el, callId)).click();
    await waitUntil(() => has(el, 'acw'), 'no ACW');
    expect(partText(el, 'acw')).to.equal('After-call work: 0:30 left Ready now');
    await clock.advance(20_000);
    el.requestUpdate();
    await el.updateComplete;
    expect(partText(el, 'acw')).to.equal('After-call work: 0:10 left Ready now');
    expect(part<HTMLSelectElement>(el, 'status').value).to.equal('acw');
    const during = rig.softphone.simulateInbound(EMILY);
    await until(el, () => rig.workbench.stores.$calls.get()[during]?.state === 'ended', 'the call during after-call work never ended');
    expect(rig.softphone.rejections.get(during)).to.equal(486);
    await clock.advance(10_000);
    await el.updateComplete;
    expect(shownParts(el, 'acw'), 'ACW did not end after 30 s').to.deep.equal([]);
    expect(part<HTMLSelectElement>(el, 'status').value).to.equal('ready');
  });

  it('lets the agent end after-call work early', async () => {
    await setUp(backendWith({ acwSeconds: 60 }));
    const el = await bar();
    rig.workbench.setStatus('ready');
    const callId = await answeredCall(el);
    await rig.workbench.hangup(callId);
    await waitUntil(() => has(el, 'acw'));
    expect(partText(el, 'acw')).to.contain('1:00 left');
    part<HTMLButtonElement>(el, 'acw-end').click();
    await el.updateComplete;
    expect(shownParts(el, 'acw'), 'after-call work once ended early').to.deep.equal([]);
    expect(rig.workbench.stores.$agentStatus.get().status).to.equal('ready');
  });

  it('shows why the phone settings did not load, and loads them on retry', async () => {
    const el = await bar();
    rig.backend.failNext('agents.phoneSettings');
    await rig.workbench.loadPhoneSettings();
    await el.updateComplete;
    const notice = [...el.shadowRoot!.querySelectorAll('[part="notice"]')].find((n) => n.textContent!.includes('did not load'));
    expect(notice, 'settings error shown').to.exist;
    button(notice!, 'Retry').click();
    await waitUntil(() => rig.workbench.stores.$phoneSettings.get().status === 'ready');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.not.contain('did not load');
  });

  // ------------------------------------------------------------ dialling and caller ID

  it('dials a pasted number with the pool caller ID for its region, sent in the configured header', async () => {
    const el = await bar();
    const dialed: Array<[string, DialOptions | undefined]> = [];
    const original = rig.softphone.dial.bind(rig.softphone);
    rig.softphone.dial = (target, options) => {
      dialed.push([target, options]);
      return original(target, options);
    };
    typeInto(part<HTMLInputElement>(el, 'dial-input'), 'tel:+86-138-0013-8000');
    await el.updateComplete;
    expect(partText(el, 'caller-id')).to.equal('Caller ID: +86 10 5800 1234');
    part<HTMLInputElement>(el, 'dial-input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    part<HTMLFormElement>(el, 'dialer').requestSubmit();
    await until(el, () => rig.softphone.calls().length > 0 && part<HTMLInputElement>(el, 'dial-input').value === '', 'the pasted number was never dialled');
    expect(dialed).to.deep.equal([[ZHANG_WEI, { displayNumber: BEIJING_LINE, displayNumberHeader: 'X-Display-Number' }]]);
    const [call] = rig.softphone.calls();
    expect(call).to.include({ remoteNumber: ZHANG_WEI, displayNumber: BEIJING_LINE, state: 'dialing' });
    expect(part<HTMLInputElement>(el, 'dial-input').value).to.equal('');
    expect(partText(el, 'call-state')).to.equal('Calling…');
    await waitUntil(() => partText(el, 'call-name') === '张伟', 'the customer name never showed');
    part<HTMLButtonElement>(el, 'hangup').click();
    await until(el, () => !has(el, 'call'), 'the call still shows after hanging up');
    expect(rig.softphone.calls()).to.have.length(0);
  });

  it('says why a number cannot be dialled and dials nothing', async () => {
    const el = await bar();
    await dial(el, 'call me maybe');
    await untilShows(el, () => partText(el, 'dial-error'), 'That is not a number that can be dialled.', 'the error under the dialer for "call me maybe"');
    expect(part(el, 'dial-input').getAttribute('aria-invalid')).to.equal('true');
    expect(part(el, 'dial-input').getAttribute('aria-describedby')).to.equal('dial-error');
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'dial-input'));
    await dial(el, '');
    await untilShows(el, () => partText(el, 'dial-error'), 'Type a number to call.', 'the error under the dialer for an empty number');
    expect(rig.softphone.calls()).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('dials an extension from the dial pad, without a caller ID', async () => {
    const el = await bar();
    part<HTMLButtonElement>(el, 'dialpad-toggle').click();
    await el.updateComplete;
    expect(part(el, 'dialpad-toggle').getAttribute('aria-expanded')).to.equal('true');
    for (const key of ['1', '0', '0', '2']) button(part(el, 'dialpad'), key).click();
    await el.updateComplete;
    expect(part<HTMLInputElement>(el, 'dial-input').value).to.equal('1002');
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, 'dial-button').click();
    await until(el, () => rig.softphone.calls().length > 0, 'the extension was never dialled');
    expect(rig.softphone.calls()[0]).to.include({ remoteNumber: '1002', displayNumber: null });
  });

  it('lets the agent choose the caller ID in choice mode, and remembers the pick', async () => {
    const seed = createDefaultSeed(new Date(TEST_START));
    const backend = testBackend({
      seed: { ...seed, phoneSettings: { ...seed.phoneSettings, callerId: { ...seed.phoneSettings.callerId, mode: 'choice' } } },
    });
    await setUp(backend);
    const el = await bar();
    const select = part<HTMLSelectElement>(el, 'caller-id');
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal([
      '北京 Beijing · +86 10 5800 1234',
      '上海 Shanghai · +86 21 6123 4567',
      'San Francisco (US) · +1 415 555 0100',
    ]);
    select.value = '+14155550100';
    select.dispatchEvent(new Event('change'));
    await dial(el, '13800138000');
    await until(el, () => rig.softphone.calls().length > 0, '13800138000 was never dialled');
    expect(rig.softphone.calls()[0]?.displayNumber).to.equal('+14155550100');
    // A reload: the same browser storage, a new workbench.
    const again = await createTestRig({ backend, storage });
    try {
      const agent = again.workbench.use(agentModule);
      agent.useEnvironment({ notifications: null, ringer: { createAudio: () => new FakeRingerAudio() } });
      await waitUntil(() => again.workbench.stores.$phoneSettings.get().status === 'ready', 'settings never loaded');
      expect(again.workbench.stores.$displayNumber.get()).to.equal('+14155550100');
    } finally {
      again.dispose();
    }
  });

  it('shows a fixed caller ID read-only, and no dialling without call permission', async () => {
    const seed = createDefaultSeed(new Date(TEST_START));
    await setUp(
      testBackend({
        seed: { ...seed, phoneSettings: { ...seed.phoneSettings, callerId: { ...seed.phoneSettings.callerId, mode: 'fixed' } } },
      }),
    );
    let el = await bar();
    expect(part(el, 'caller-id').tagName).to.equal('SPAN');
    expect(partText(el, 'caller-id')).to.equal('Caller ID: +86 10 5800 1234');
    el.remove();
    await setUp(backendWith({ callPermission: false }));
    el = await bar();
    expect(part(el, 'dial-input'), 'the number field without call permission').to.have.property('disabled', true);
    expect(part(el, 'dial-button'), 'the Call button without call permission').to.have.property('disabled', true);
    expect(el.shadowRoot!.textContent).to.contain('You may not make outbound calls.');
    const refused = await rig.workbench.dial(ZHANG_WEI).then(
      () => null,
      (error: unknown) => error,
    );
    expect(String(refused)).to.contain('may not make outbound calls');
  });

  // ------------------------------------------------------------ an inbound call

  it('rings, answers, times, holds, mutes, sends tones and hangs up an inbound call', async () => {
    const el = await bar();
    const callId = rig.softphone.simulateInbound(ZHANG_WEI);
    await el.updateComplete;
    const row = callRow(el, callId);
    expect(textIn(row, 'call-number')).to.equal('+86 138 0013 8000');
    expect(textIn(row, 'call-state')).to.equal('Incoming call');
    await waitUntil(() => audio.playing, 'the ringtone did not play');
    await waitUntil(() => textIn(callRow(el, callId), 'call-name') === '张伟');
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, 'answer').click();
    await waitUntil(() => state(callId) === 'connected');
    await el.updateComplete;
    expect(audio, 'the ringtone once answered').to.include({ playing: false });
    expect(partText(el, 'call-state')).to.equal('Connected');
    expect(partText(el, 'timer')).to.equal('0:00');
    await waitUntil(() => partText(el, 'timer') === '0:01', 'the timer does not run', { timeout: 2500 });

    part<HTMLButtonElement>(el, 'hold').click();
    await waitUntil(() => state(callId) === 'held');
    await el.updateComplete;
    expect(part(el, 'hold').getAttribute('aria-pressed')).to.equal('true');
    expect(partText(el, 'hold')).to.equal('Resume');
    part<HTMLButtonElement>(el, 'hold').click();
    await waitUntil(() => state(callId) === 'connected');

    part<HTMLButtonElement>(el, 'mute').click();
    await waitUntil(() => rig.softphone.calls()[0]?.muted === true);
    await el.updateComplete;
    expect(part(el, 'mute').getAttribute('aria-pressed')).to.equal('true');
    expect(partText(el, 'call-state')).to.equal('Connected · Muted');

    part<HTMLButtonElement>(el, 'dtmf').click();
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'dtmf-key'));
    button(part(el, 'dtmf-pad'), '5').click();
    part(el, 'dtmf-pad').dispatchEvent(new KeyboardEvent('keydown', { key: '#', bubbles: true }));
    await until(el, () => (rig.softphone.dtmfSent.get(callId) ?? '').length >= 2, 'two tones were never sent');
    expect(rig.softphone.dtmfSent.get(callId)).to.equal('5#');
    await expect(el).to.be.accessible();

    part<HTMLButtonElement>(el, 'hangup').click();
    await until(el, () => rig.workbench.stores.$calls.get()[callId]?.state === 'ended', 'the call never ended after Hang up');
    expect(state(callId)).to.equal(undefined);
    expect(rig.workbench.stores.$calls.get()[callId]?.outcome).to.equal('answered');
    expect(shownParts(el, 'call'), 'call rows shown after hanging up').to.deep.equal([]);
  });

  it('rejects a ringing call with 603 Decline', async () => {
    const el = await bar();
    const callId = rig.softphone.simulateInbound(EMILY);
    await el.updateComplete;
    part<HTMLButtonElement>(el, 'reject').click();
    await until(el, () => rig.workbench.stores.$calls.get()[callId]?.state === 'ended', 'the call never ended after Reject');
    expect(rig.softphone.rejections.get(callId)).to.equal(603);
    expect(shownParts(el, 'call'), 'call rows shown after rejecting').to.deep.equal([]);
    expect(audio, 'the ringtone after rejecting').to.include({ playing: false });
  });

  it('asks the host before hanging up, and keeps the call when the host says no', async () => {
    const el = await bar();
    const callId = await answeredCall(el);
    const hangups: string[] = [];
    const hangup = rig.softphone.hangup.bind(rig.softphone);
    rig.softphone.hangup = (id) => {
      hangups.push(id);
      return hangup(id);
    };
    const stop = (e: Event): void => e.preventDefault();
    el.addEventListener('callpop-hangup-request', stop);
    setTimeout(() => part<HTMLButtonElement>(el, 'hangup').click());
    const request = await oneEvent(el, 'callpop-hangup-request');
    expect(request.detail).to.deep.equal({ callId });
    expect({ composed: request.composed, bubbles: request.bubbles, cancelable: request.cancelable }).to.deep.equal({
      composed: true,
      bubbles: true,
      cancelable: true,
    });
    await el.updateComplete;
    expect(state(callId)).to.equal('connected');
    expect(partText(el, 'call-state')).to.equal('Connected');
    el.removeEventListener('callpop-hangup-request', stop);
    part<HTMLButtonElement>(el, 'hangup').click();
    await until(el, () => state(callId) === undefined, 'the call never hung up once the host allowed it');
    // The refused request went through the same path first: had it hung up, there would be two.
    expect(hangups, 'hang-ups sent to the phone').to.deep.equal([callId]);
  });

  it('answers by itself after a short delay when the settings say auto-answer', async () => {
    const clock = new ManualClock(TEST_START);
    await setUp(backendWith({ autoAnswer: true }, clock.now), clock);
    rig.workbench.use(agentModule).configure({ autoAnswerDelayMs: 1500 });
    const el = await bar();
    const callId = rig.softphone.simulateInbound(ZHANG_WEI);
    await el.updateComplete;
    expect(partText(el, 'call-state')).to.equal('Incoming call');
    await clock.advance(1500);
    await waitUntil(() => state(callId) === 'connected', 'not auto-answered');
    await el.updateComplete;
    expect(partText(el, 'call-state')).to.equal('Connected');
  });

  it('asks to enable sound when the browser blocks the ringtone, and rings after the click', async () => {
    audio.refuse = 'NotAllowedError';
    const el = await bar();
    rig.softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => has(el, 'enable-sound'), 'no enable-sound prompt');
    expect(partText(el, 'enable-sound')).to.equal('The browser blocked the ringtone. Enable sound');
    await expect(el).to.be.accessible();
    audio.refuse = null; // the click is the user gesture the browser wanted
    button(part(el, 'enable-sound'), 'Enable sound').click();
    await waitUntil(() => !has(el, 'enable-sound'));
    expect(audio, 'the ringtone after Enable sound').to.include({ playing: true });
  });

  // ------------------------------------------------------------ call waiting and transfer

  it('rings a second call as call waiting; answering it holds the first', async () => {
    const el = await bar();
    const first = await answeredCall(el);
    const second = rig.softphone.simulateInbound(EMILY);
    await el.updateComplete;
    const waiting = callRow(el, second);
    expect(waiting.getAttribute('part')).to.equal('call waiting');
    expect(textIn(waiting, 'call-state')).to.equal('Call waiting');
    await waitUntil(() => rig.workbench.use(agentModule).$ringer.get().ringing === 'waiting');
    button(waiting, 'Answer (hold current)').click();
    await waitUntil(() => state(second) === 'connected');
    expect(state(first)).to.equal('held');
    await el.updateComplete;
    expect(textIn(callRow(el, first), 'call-state')).to.equal('On hold');
    // Resuming the first holds the second.
    part<HTMLButtonElement>(el, 'hold', callRow(el, first)).click();
    await waitUntil(() => state(first) === 'connected');
    expect(state(second)).to.equal('held');
  });

  it('rejects a waiting call and stays on the first', async () => {
    const el = await bar();
    const first = await answeredCall(el);
    const second = rig.softphone.simulateInbound(EMILY);
    await el.updateComplete;
    part<HTMLButtonElement>(el, 'reject', callRow(el, second)).click();
    await until(el, () => rig.workbench.stores.$calls.get()[second]?.state === 'ended', 'the waiting call never ended after Reject');
    expect(rig.softphone.rejections.get(second)).to.equal(603);
    expect(state(first)).to.equal('connected');
    expect(audio, 'the call-waiting tone after rejecting').to.include({ playing: false });
  });

  it('transfers blind to a typed number after asking the host', async () => {
    const el = await bar();
    const callId = await answeredCall(el);
    part<HTMLButtonElement>(el, 'transfer').click();
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'transfer-input'));
    await expect(el).to.be.accessible();
    typeInto(part<HTMLInputElement>(el, 'transfer-input'), 'nope');
    part<HTMLButtonElement>(el, 'transfer-blind').click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#transfer-error')!.textContent).to.equal('That is not a number that can be dialled.');
    expect(state(callId)).to.equal('connected');
    typeInto(part<HTMLInputElement>(el, 'transfer-input'), '1002');
    setTimeout(() => part<HTMLButtonElement>(el, 'transfer-blind').click());
    const request = await oneEvent(el, 'callpop-transfer-request');
    expect(request.detail).to.deep.equal({ callId, target: '1002', mode: 'blind' });
    await until(el, () => rig.workbench.stores.$calls.get()[callId]?.state === 'ended', 'the call never left after the blind transfer');
    expect(state(callId)).to.equal(undefined);
    expect(shownParts(el, 'call'), 'call rows shown after the transfer').to.deep.equal([]);
  });

  it('keeps the call when the host cancels the transfer', async () => {
    const el = await bar();
    const callId = await answeredCall(el);
    const transfers: string[] = [];
    const transfer = rig.softphone.transfer.bind(rig.softphone);
    rig.softphone.transfer = (id, target, options) => {
      transfers.push(`${id} → ${target}`);
      return transfer(id, target, options);
    };
    const requests: unknown[] = [];
    el.addEventListener('callpop-transfer-request', (e) => {
      requests.push((e as CustomEvent).detail);
      e.preventDefault();
    });
    part<HTMLButtonElement>(el, 'transfer').click();
    await el.updateComplete;
    typeInto(part<HTMLInputElement>(el, 'transfer-input'), '1002');
    part<HTMLButtonElement>(el, 'transfer-blind').click();
    // The host is asked during the click, and a refusal returns at once.
    expect(requests).to.deep.equal([{ callId, target: '1002', mode: 'blind' }]);
    await el.updateComplete;
    expect(transfers, 'transfers sent to the phone').to.deep.equal([]);
    expect(state(callId)).to.equal('connected');
    expect(part<HTMLInputElement>(el, 'transfer-input').value, 'the transfer field keeps the number').to.equal('1002');
  });

  it('consults the target with the caller on hold, then completes the transfer', async () => {
    const el = await bar();
    const callId = await answeredCall(el);
    part<HTMLButtonElement>(el, 'transfer').click();
    await el.updateComplete;
    typeInto(part<HTMLInputElement>(el, 'transfer-input'), '1002');
    part<HTMLButtonElement>(el, 'transfer-consult').click();
    await waitUntil(() => has(el, 'consult'), 'no consultation');
    expect(state(callId)).to.equal('held');
    const consult = rig.softphone.calls().find((c) => c.remoteNumber === '1002')!;
    expect(consult.direction).to.equal('outbound');
    expect(partText(el, 'consult')).to.equal('Consulting 1002; the caller is on hold. Complete transfer Return to caller');
    rig.softphone.simulateRemoteAnswer(consult.id);
    await el.updateComplete;
    await expect(el).to.be.accessible();
    setTimeout(() => part<HTMLButtonElement>(el, 'transfer-complete').click());
    const request = await oneEvent(el, 'callpop-transfer-request');
    expect(request.detail).to.deep.equal({ callId, target: '1002', mode: 'attended' });
    await until(el, () => rig.workbench.stores.$calls.get()[callId]?.state === 'ended', 'the caller never left after completing the transfer');
    await until(el, () => rig.softphone.calls().length === 0, 'the consultation never ended after completing the transfer');
    expect(shownParts(el, 'consult'), 'the consultation bar after the transfer').to.deep.equal([]);
  });

  it('returns to the caller when the consultation is abandoned', async () => {
    const el = await bar();
    const callId = await answeredCall(el);
    part<HTMLButtonElement>(el, 'transfer').click();
    await el.updateComplete;
    typeInto(part<HTMLInputElement>(el, 'transfer-input'), '1002');
    part<HTMLButtonElement>(el, 'transfer-consult').click();
    await waitUntil(() => has(el, 'consult'));
    part<HTMLButtonElement>(el, 'transfer-cancel').click();
    await waitUntil(() => state(callId) === 'connected');
    await el.updateComplete;
    expect(rig.softphone.calls().map((c) => c.id)).to.deep.equal([callId]);
    expect(shownParts(el, 'consult'), 'the consultation bar after returning to the caller').to.deep.equal([]);
  });

  // ------------------------------------------------------------ devices, hostile input, conformance

  it('lists audio devices, and uses and remembers the chosen ones', async () => {
    const media = navigator.mediaDevices;
    const original = media.enumerateDevices;
    media.enumerateDevices = async () =>
      [
        { deviceId: 'default', kind: 'audioinput', label: 'Default', groupId: '' },
        { deviceId: 'mic-headset', kind: 'audioinput', label: 'Headset mic', groupId: '' },
        { deviceId: 'spk-headset', kind: 'audiooutput', label: 'Headset', groupId: '' },
        { deviceId: 'spk-desk', kind: 'audiooutput', label: '', groupId: '' },
      ] as MediaDeviceInfo[];
    try {
      const el = await bar();
      part<HTMLButtonElement>(el, 'devices-toggle').click();
      await waitUntil(
        () => el.shadowRoot!.querySelector<HTMLSelectElement>('[part="speaker"]')?.options.length === 3,
        'devices never listed',
      );
      expect([...part<HTMLSelectElement>(el, 'speaker').options].map((o) => o.textContent!.trim())).to.deep.equal([
        'System default',
        'Headset',
        'Speaker 2',
      ]);
      await expect(el).to.be.accessible();
      const mic = part<HTMLSelectElement>(el, 'microphone');
      mic.value = 'mic-headset';
      mic.dispatchEvent(new Event('change'));
      const ringer = part<HTMLSelectElement>(el, 'ringer');
      ringer.value = 'spk-desk';
      ringer.dispatchEvent(new Event('change'));
      await waitUntil(() => rig.softphone.audioDevices.microphone === 'mic-headset');
      expect(rig.workbench.use(agentModule).$ringer.get().sinkId).to.equal('spk-desk');
      expect(JSON.parse(storage.getItem('callpop:phone:devices')!)).to.deep.equal({
        microphone: 'mic-headset',
        speaker: null,
        ringer: 'spk-desk',
      });
    } finally {
      media.enumerateDevices = original;
    }
  });

  it('shows a hostile 300-character caller name as cut text that keeps the layout', async () => {
    const el = await bar();
    const name = `<img src=x onerror="alert(1)">\u202e${'很长的名字'.repeat(60)}`;
    const callId = rig.softphone.simulateInbound('+8613700000099', { name });
    await waitUntil(() => el.shadowRoot!.querySelector('[part="call-name"]') !== null);
    await waitUntil(() => rig.workbench.stores.$calls.get()[callId]?.lookup.status === 'unknown');
    await el.updateComplete;
    const shown = part(el, 'call-name');
    expect(shown.querySelector('img')).to.equal(null);
    expect(shown.textContent).to.match(/^<img src=x/);
    expect(shown.textContent).to.not.contain('\u202e');
    expect(Array.from(shown.textContent!)).to.have.length(60);
    expect(shown.textContent).to.match(/…$/);
    expect(part(el, 'base').getBoundingClientRect().width).to.be.at.most(360);
    expect(callRow(el, callId).scrollWidth).to.be.at.most(callRow(el, callId).clientWidth + 1);
    await expect(el).to.be.accessible();
  });

  it('releases its store subscriptions when removed', async () => {
    const el = await bar();
    await expectNoSubscriptionLeak(el, rig.workbench);
  });
});
