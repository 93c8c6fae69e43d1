import { expect, waitUntil } from '@open-wc/testing';
import { createDefaultSeed, MemoryBackend } from '../../src/adapter/memory/index.js';
import { setDefaultWorkbench } from '../../src/workbench/default-workbench.js';
import { startEmbedFrame, type EmbedFrame } from './frame.js';
import { adapterMethod, type AdapterMethod, type EmbedEvent, type FrameMessage } from '../../src/embed/protocol.js';

/**
 * The test plays the host page: a same-origin iframe's window stands in for
 * `window.parent` (its `postMessage` records what the frame sends), and host
 * messages are `message` events dispatched with that window as their source.
 * Backend requests are answered from a MemoryBackend, except the methods in `hang`.
 */
interface FakeHost {
  readonly frame: EmbedFrame;
  readonly sent: FrameMessage[];
  readonly events: EmbedEvent[];
  readonly notice: HTMLElement;
  readonly container: HTMLElement;
  readonly hang: Set<AdapterMethod>;
  send(data: unknown, from?: { origin?: string; source?: Window }): void;
  /** Send a configure or command and wait for the frame's answer. */
  ask(data: Record<string, unknown>): Promise<{ result?: unknown; error?: { code: string; message: string } }>;
  dispose(): void;
}

const ORIGIN = location.origin;
let hosts: FakeHost[] = [];
let sequence = 0;

async function fakeHost(host: string | null = ORIGIN, backend: MemoryBackend = new MemoryBackend()): Promise<FakeHost> {
  const iframe = document.createElement('iframe');
  iframe.src = '/embed/embed.css';
  document.body.append(iframe);
  await new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  const parent = iframe.contentWindow!;
  const sent: FrameMessage[] = [];
  const events: EmbedEvent[] = [];
  const hang = new Set<AdapterMethod>();
  const answers = new Map<string, (answer: { result?: unknown; error?: { code: string; message: string } }) => void>();
  const send: FakeHost['send'] = (data, from = {}) =>
    window.dispatchEvent(new MessageEvent('message', { data, origin: from.origin ?? ORIGIN, source: from.source ?? parent }));
  (parent as unknown as { postMessage: (m: FrameMessage, origin: string) => void }).postMessage = (message, origin) => {
    expect(origin).to.equal(ORIGIN);
    const copy = structuredClone(message);
    sent.push(copy);
    if (copy.kind === 'event') events.push(copy.event);
    if (copy.kind === 'response') answers.get(copy.id)?.(copy);
    if (copy.kind === 'request' && !hang.has(copy.method)) {
      const fn = adapterMethod(backend, copy.method)!;
      Promise.resolve(fn(...copy.args, { ...copy.options })).then(
        (result) => send({ callpop: 1, kind: 'response', id: copy.id, result: result ?? null }),
        (error: { code?: string; message?: string }) => send({ callpop: 1, kind: 'response', id: copy.id, error: { code: error.code ?? 'server', message: error.message ?? 'failed' } }),
      );
    }
  };
  const notice = document.createElement('p');
  const container = document.createElement('div');
  document.body.append(notice, container);
  const frame = startEmbedFrame({ host, container, notice, parent, storage: null });
  const fake: FakeHost = {
    frame,
    sent,
    events,
    notice,
    container,
    hang,
    send,
    ask(data) {
      sequence += 1;
      const id = `t${sequence}`;
      return new Promise((resolve) => {
        answers.set(id, resolve);
        send({ callpop: 1, id, ...data });
      });
    },
    dispose() {
      frame.dispose();
      iframe.remove();
      notice.remove();
      container.remove();
    },
  };
  hosts.push(fake);
  return fake;
}

const CONFIG = { adapter: { kind: 'host' }, simulate: true, locale: 'en' };
const KNOWN = '+8613800138000';

function partText(root: Element | null | undefined, part: string): string | null {
  const node = root?.shadowRoot?.querySelector(`[part~="${part}"]`);
  return node ? (node.textContent ?? '').replace(/\s+/g, ' ').trim() : null;
}

/** Ring a simulated inbound call and answer it through the frame; resolves with its id once connected. */
async function answeredCall(fake: FakeHost): Promise<string> {
  const callId = (await fake.ask({ kind: 'command', command: 'simulate', args: { action: 'inbound', number: KNOWN } })).result as string;
  expect(await fake.ask({ kind: 'command', command: 'answer', args: { callId } })).to.have.property('result', null);
  await waitUntil(() => fake.events.some((event) => event.type === 'call.state' && event.call.callId === callId && event.call.state === 'connected'), 'the call connects');
  return callId;
}

/** The survey and the ACW extension turned on, as an admin would. */
function backendWithExtras(): MemoryBackend {
  const backend = new MemoryBackend();
  backend.setPhoneSettings({ acwSeconds: 60, acw: { extendStepSeconds: 30, maxSeconds: 90 }, survey: { mode: 'refer', target: '9001', headers: { 'X-Survey': 'csat' } } });
  return backend;
}

describe('startEmbedFrame (the page inside the iframe)', () => {
  const lang = document.documentElement.lang;
  afterEach(() => {
    hosts.forEach((host) => host.dispose());
    hosts = [];
    setDefaultWorkbench(null);
    document.documentElement.lang = lang;
    document.documentElement.removeAttribute('data-theme');
  });

  it('without an exact ?host= origin it says so and talks to nobody', async () => {
    for (const host of [null, '*', 'https://crm.example.com/path']) {
      const fake = await fakeHost(host);
      expect(fake.notice, `notice for ?host=${host}`).to.have.property('hidden', false);
      expect(fake.notice.textContent).to.contain('?host=');
      expect(fake.sent).to.deep.equal([]);
      fake.send({ callpop: 1, kind: 'configure', id: 'x', config: CONFIG });
      // Such a frame does not even listen: nothing can answer later.
      expect(fake.sent).to.deep.equal([]);
    }
  });

  it('says ready to the host, waits for the configuration, then shows the phone bar and the pop', async () => {
    const fake = await fakeHost();
    expect(fake.sent[0]).to.deep.equal({ callpop: 1, kind: 'ready', version: 1 });
    expect(fake.notice.textContent).to.equal('Waiting for the CRM page…');
    expect(fake.container.children).to.have.length(0);
    const answer = await fake.ask({ kind: 'configure', config: { ...CONFIG, theme: 'light' } });
    expect(answer).to.deep.equal({ callpop: 1, kind: 'response', id: `t${sequence}`, result: null });
    expect([...fake.container.children].map((el) => el.localName)).to.deep.equal(['phone-bar', 'call-pop']);
    expect(fake.container.querySelector('call-pop')!.getAttribute('theme')).to.equal('light');
    expect(document.documentElement.dataset['theme']).to.equal('light');
    expect(fake.notice, 'the "Waiting for the CRM page…" notice once configured').to.have.property('hidden', true);
    const ready = fake.events.find((event) => event.type === 'ready');
    expect(ready).to.deep.include({ phone: 'simulated' });
    expect(fake.sent.flatMap((m) => (m.kind === 'request' ? [m.method] : [])), 'the methods the frame asked the host for').to.include('agents.me');
    await expect(fake.container.querySelector('call-pop')!).to.be.accessible();
  });

  it('a simulated inbound call pops with the customer the host answered, and the host hears pop and call.state', async () => {
    const fake = await fakeHost();
    await fake.ask({ kind: 'configure', config: CONFIG });
    const rung = await fake.ask({ kind: 'command', command: 'simulate', args: { action: 'inbound', number: KNOWN } });
    expect(rung.result).to.be.a('string');
    const pop = fake.container.querySelector('call-pop')!;
    await waitUntil(() => partText(pop, 'customer-name') === '张伟', 'the pop shows 张伟');
    await waitUntil(() => fake.events.some((event) => event.type === 'pop'), 'the host hears the pop');
    const popEvent = fake.events.find((event) => event.type === 'pop') as Extract<EmbedEvent, { type: 'pop' }>;
    expect(popEvent.lookup).to.equal('found');
    expect(popEvent.customer?.name).to.equal('张伟');
    expect(popEvent.call).to.deep.include({ callId: rung.result, direction: 'inbound', number: KNOWN, state: 'ringing' });
    expect(fake.events.find((event) => event.type === 'call.state')).to.deep.include({ previous: null });
    const answered = await fake.ask({ kind: 'command', command: 'answer', args: {} });
    expect(answered).to.have.property('result', null);
    await waitUntil(() => fake.events.some((event) => event.type === 'call.state' && event.call.state === 'connected' && event.previous === 'ringing'));
    const hungUp = await fake.ask({ kind: 'command', command: 'hangup', args: {} });
    expect(hungUp).to.have.property('result', null);
    await waitUntil(() => fake.events.some((event) => event.type === 'call.state' && event.call.state === 'ended'));
  });

  it('call waiting: a second call pops for the host with shown false while the frame keeps the first; call.shown when it switches', async () => {
    const fake = await fakeHost();
    await fake.ask({ kind: 'configure', config: CONFIG });
    const first = (await fake.ask({ kind: 'command', command: 'simulate', args: { action: 'inbound', number: KNOWN } })).result as string;
    await fake.ask({ kind: 'command', command: 'answer', args: { callId: first } });
    await waitUntil(() => fake.events.some((event) => event.type === 'call.state' && event.call.callId === first && event.call.state === 'connected'), 'the first call connects');
    const second = (await fake.ask({ kind: 'command', command: 'simulate', args: { action: 'inbound', number: '+14155550123' } })).result as string;
    await waitUntil(() => fake.events.some((event) => event.type === 'pop' && event.call.callId === second), 'the host hears the second pop');
    const pops = fake.events.flatMap((event) => (event.type === 'pop' ? [{ callId: event.call.callId, shown: event.shown }] : []));
    expect(pops).to.deep.equal([
      { callId: first, shown: true },
      { callId: second, shown: false },
    ]);
    const pop = fake.container.querySelector('call-pop')!;
    expect(partText(pop, 'customer-name'), 'the frame still shows the first caller').to.equal('张伟');
    expect(fake.events.filter((event) => event.type === 'call.shown')).to.deep.equal([]);
    // The host answers the waiting call: the frame shows it, and says so.
    await fake.ask({ kind: 'command', command: 'answer', args: { callId: second } });
    await waitUntil(() => fake.events.some((event) => event.type === 'call.shown'), 'the host hears call.shown');
    const shownIds = (): string[] => fake.events.flatMap((event) => (event.type === 'call.shown' ? [event.call.callId] : []));
    expect(shownIds()).to.deep.equal([second]);
    await waitUntil(() => partText(pop, 'number') === '+1 415 555 0123', `the frame shows the second call (saw ${partText(pop, 'number')})`);
    // The agent goes back to the first call in the frame ("My calls"): the host is told again.
    fake.frame.workbench!.selectCall(first);
    await waitUntil(() => shownIds().length === 2, 'the host hears the switch back');
    expect(shownIds()).to.deep.equal([second, first]);
  });

  it('a lookup the host never answers times out with a visible error in the pop', async () => {
    const fake = await fakeHost();
    fake.hang.add('customers.findByPhone');
    await fake.ask({ kind: 'configure', config: { ...CONFIG, requestTimeoutMs: 200 } });
    await fake.ask({ kind: 'command', command: 'simulate', args: { action: 'inbound', number: KNOWN } });
    const pop = fake.container.querySelector('call-pop')!;
    await waitUntil(() => partText(pop, 'lookup-error') !== null, 'the pop shows the lookup error', { timeout: 3000 });
    expect(partText(pop, 'lookup-error')).to.contain('The CRM page did not answer customers.findByPhone within 0.2 s.');
    expect(pop.shadowRoot!.querySelector('[part~="lookup-error"]')!.getAttribute('role')).to.equal('alert');
    await waitUntil(() => fake.events.some((event) => event.type === 'pop'));
    expect(fake.events.find((event) => event.type === 'pop')).to.deep.include({ lookup: 'error', customer: null });
    expect(fake.sent.map((m) => m.kind), 'the kinds of message the frame sent').to.include('cancel');
    await expect(pop).to.be.accessible();
  });

  it('click-to-dial opens an outbound pop; a number that cannot be dialled is a validation error', async () => {
    const fake = await fakeHost();
    await fake.ask({ kind: 'configure', config: CONFIG });
    const dialled = await fake.ask({ kind: 'command', command: 'dial', args: { number: '+86 138 0013 8000' } });
    expect(dialled.result).to.be.a('string');
    const pop = fake.container.querySelector('call-pop')!;
    await waitUntil(() => partText(pop, 'direction') === 'Outbound', 'an outbound pop');
    const refused = await fake.ask({ kind: 'command', command: 'dial', args: { number: 'abc' } });
    expect(refused.error?.code).to.equal('validation');
  });

  it('dials through the same rules as the phone bar: the caller-ID rules pick the number, no permission no call', async () => {
    const seed = createDefaultSeed(new Date('2026-11-25T02:00:00.000Z'));
    const fixed = { ...seed.phoneSettings, callerId: { mode: 'fixed' as const, numbers: [{ number: '+862161234567', label: '上海' }], header: null } };
    const backend = new MemoryBackend({ now: () => new Date('2026-11-25T02:00:00.000Z'), seed: { ...seed, phoneSettings: fixed } });
    const fake = await fakeHost(ORIGIN, backend);
    await fake.ask({ kind: 'configure', config: CONFIG });
    const dialled = await fake.ask({ kind: 'command', command: 'dial', args: { number: '+86 139 1234 5678' } });
    const callId = dialled.result as string;
    await waitUntil(async () => (await backend.calls.get(callId).catch(() => null)) !== null, 'the call was never reported');
    expect((await backend.calls.get(callId)).displayNumber).to.equal('+862161234567');

    const denied = new MemoryBackend({ seed: { ...seed, phoneSettings: { ...seed.phoneSettings, callPermission: false } } });
    const other = await fakeHost(ORIGIN, denied);
    await other.ask({ kind: 'configure', config: CONFIG });
    const refused = await other.ask({ kind: 'command', command: 'dial', args: { number: '+86 139 1234 5678' } });
    expect(refused.error).to.deep.equal({ code: 'validation', message: 'This agent may not make outbound calls.' });
    expect(other.events.filter((event) => event.type === 'call.state')).to.deep.equal([]);
  });

  it('ignores messages from another origin, of an unknown kind or too large, with one warning each; other windows silently', async () => {
    const fake = await fakeHost();
    const original = console.warn;
    const warnings: string[] = [];
    console.warn = (text: string) => warnings.push(String(text));
    try {
      for (let i = 0; i < 2; i += 1) {
        fake.send({ callpop: 1, kind: 'configure', id: `a${i}`, config: CONFIG }, { origin: 'https://evil.example' });
        fake.send({ callpop: 1, kind: 'exec', id: `b${i}` });
        fake.send({ callpop: 1, kind: 'command', id: `c${i}`, command: 'dial', args: { number: '1'.repeat(300_000) } });
        fake.send({ callpop: 1, kind: 'configure', id: `d${i}`, config: CONFIG }, { source: window });
      }
      // A good message after them: by its answer, the frame has dealt with everything before it.
      expect((await fake.ask({ kind: 'command', command: 'answer', args: {} })).error?.code).to.equal('conflict');
    } finally {
      console.warn = original;
    }
    expect(warnings).to.have.length(3);
    expect(warnings.join('\n')).to.contain('https://evil.example (origin').and.to.contain('unknown-type').and.to.contain('too-large');
    expect(fake.sent.filter((m) => m.kind !== 'ready' && !(m.kind === 'response' && m.error?.code === 'conflict'))).to.deep.equal([]);
    expect(fake.container.children).to.have.length(0);
  });

  it('refuses commands before the configuration, a configuration without a phone, and later changes other than locale, theme, density and token', async () => {
    const fake = await fakeHost();
    expect((await fake.ask({ kind: 'command', command: 'answer', args: {} })).error?.code).to.equal('conflict');
    const noPhone = await fake.ask({ kind: 'configure', config: { adapter: { kind: 'host' } } });
    expect(noPhone.error?.code).to.equal('validation');
    expect(noPhone.error?.message).to.contain('simulate');
    await fake.ask({ kind: 'configure', config: CONFIG });
    const newSip = await fake.ask({ kind: 'configure', config: { sip: { server: 'wss://sip.example.com', uri: 'sip:1@example.com' } } });
    expect(newSip.error?.code).to.equal('validation');
    const themed = await fake.ask({ kind: 'configure', config: { theme: 'light', locale: 'zh-CN' } });
    expect(themed).to.have.property('result', null);
    expect(document.documentElement.lang).to.equal('zh-CN');
    expect(fake.container.querySelector('phone-bar')!.getAttribute('theme')).to.equal('light');
    await fake.ask({ kind: 'configure', config: { theme: 'auto' } });
    expect(fake.container.querySelector('phone-bar')!.getAttribute('theme')).to.equal(null);
    // Density for a narrow side panel: on the phone bar and the pop (the elements inside inherit it).
    expect(await fake.ask({ kind: 'configure', config: { density: 'compact' } })).to.have.property('result', null);
    expect([...fake.container.children].map((el) => `${el.localName}:${el.getAttribute('density')}`)).to.deep.equal(['phone-bar:compact', 'call-pop:compact']);
    const ring = await fake.ask({ kind: 'command', command: 'simulate', args: { action: 'remote-hangup', callId: 'no-such-call' } });
    expect(ring.error?.code).to.equal('not-found');
  });

  it('hold and resume, mute and unmute change the call the phone bar shows, and the host hears the state', async () => {
    const fake = await fakeHost();
    await fake.ask({ kind: 'configure', config: CONFIG });
    const noCall = await fake.ask({ kind: 'command', command: 'hold', args: {} });
    expect(noCall.error).to.deep.equal({ code: 'not-found', message: 'There is no call to put on hold.' });
    const callId = await answeredCall(fake);
    const bar = fake.container.querySelector('phone-bar')!;
    const calls = (): NonNullable<typeof fake.frame.workbench>['stores']['$calls'] => fake.frame.workbench!.stores.$calls;

    expect(await fake.ask({ kind: 'command', command: 'hold', args: {} }), 'hold on the current call').to.have.property('result', null);
    expect(calls().get()[callId]?.state).to.equal('held');
    await waitUntil(() => partText(bar, 'call-state') === 'On hold', `the phone bar says On hold (saw ${partText(bar, 'call-state')})`);
    expect(bar.shadowRoot!.querySelector('[part~="hold"]')!.getAttribute('aria-pressed')).to.equal('true');
    await waitUntil(() => fake.events.some((event) => event.type === 'call.state' && event.call.state === 'held' && event.previous === 'connected'), 'the host hears held');

    expect(await fake.ask({ kind: 'command', command: 'resume', args: { callId } })).to.have.property('result', null);
    expect(calls().get()[callId]?.state).to.equal('connected');
    await waitUntil(() => fake.events.some((event) => event.type === 'call.state' && event.call.state === 'connected' && event.previous === 'held'), 'the host hears connected');

    expect(await fake.ask({ kind: 'command', command: 'mute', args: { callId } })).to.have.property('result', null);
    expect(calls().get()[callId]?.muted).to.equal(true);
    await waitUntil(() => partText(bar, 'call-state') === 'Connected · Muted', `the phone bar says Muted (saw ${partText(bar, 'call-state')})`);
    expect(bar.shadowRoot!.querySelector('[part~="mute"]')!.getAttribute('aria-pressed')).to.equal('true');
    expect(await fake.ask({ kind: 'command', command: 'unmute', args: {} })).to.have.property('result', null);
    expect(calls().get()[callId]?.muted).to.equal(false);
    await waitUntil(() => partText(bar, 'call-state') === 'Connected', `the phone bar no longer says Muted (saw ${partText(bar, 'call-state')})`);

    const unknown = await fake.ask({ kind: 'command', command: 'hold', args: { callId: 'no-such-call' } });
    expect(unknown.error?.code).to.equal('not-found');
  });

  it('transfer hands the call to the number as the phone bar does; a target that cannot be dialled is a validation error', async () => {
    const fake = await fakeHost();
    await fake.ask({ kind: 'configure', config: CONFIG });
    const callId = await answeredCall(fake);
    const refused = await fake.ask({ kind: 'command', command: 'transfer', args: { target: 'abc' } });
    expect(refused.error).to.deep.equal({ code: 'validation', message: 'That is not a number that can be dialled.' });
    expect(fake.frame.workbench!.stores.$calls.get()[callId]?.live, 'the call stays after a refused transfer').to.equal(true);

    expect(await fake.ask({ kind: 'command', command: 'transfer', args: { target: '1002', callId } })).to.have.property('result', null);
    await waitUntil(() => fake.events.some((event) => event.type === 'call.state' && event.call.callId === callId && event.call.state === 'ended'), 'the host hears the call end');
    expect(fake.frame.workbench!.stores.$calls.get()[callId]).to.deep.include({ live: false, endReason: 'transferred' });
    const bar = fake.container.querySelector('phone-bar')!;
    await waitUntil(() => bar.shadowRoot!.querySelector('[part~="hold"]') === null, 'the phone bar no longer offers the transferred call');

    const none = await fake.ask({ kind: 'command', command: 'transfer', args: { target: '1002' } });
    expect(none.error).to.deep.equal({ code: 'not-found', message: 'There is no call to transfer.' });
  });

  it('transferToSurvey hands the customer to the configured survey; without one it is forbidden', async () => {
    const fake = await fakeHost(ORIGIN, backendWithExtras());
    await fake.ask({ kind: 'configure', config: CONFIG });
    const callId = await answeredCall(fake);
    expect(await fake.ask({ kind: 'command', command: 'transferToSurvey', args: {} })).to.have.property('result', null);
    await waitUntil(() => fake.frame.workbench!.stores.$calls.get()[callId]?.survey?.status === 'offered', 'the survey is offered');
    expect(fake.frame.workbench!.stores.$calls.get()[callId]).to.deep.include({ live: false, endReason: 'transferred' });
    await waitUntil(() => fake.events.some((event) => event.type === 'call.state' && event.call.callId === callId && event.call.state === 'ended'), 'the host hears the call end');

    const plain = await fakeHost();
    await plain.ask({ kind: 'configure', config: CONFIG });
    const other = await answeredCall(plain);
    const refused = await plain.ask({ kind: 'command', command: 'transferToSurvey', args: { callId: other } });
    expect(refused.error).to.deep.equal({ code: 'forbidden', message: 'No satisfaction survey is configured.' });
    expect(plain.frame.workbench!.stores.$calls.get()[other]?.live, 'the call stays with the agent').to.equal(true);
  });

  it('extendAcw extends after-call work by the settings step up to their limit, as the phone bar shows', async () => {
    const fake = await fakeHost(ORIGIN, backendWithExtras());
    await fake.ask({ kind: 'configure', config: CONFIG });
    const early = await fake.ask({ kind: 'command', command: 'extendAcw', args: {} });
    expect(early.error).to.deep.equal({ code: 'conflict', message: 'The agent is not in after-call work with a countdown.' });
    await fake.ask({ kind: 'command', command: 'setStatus', args: { status: 'acw' } });
    const status = fake.frame.workbench!.stores.$agentStatus;
    const before = status.get().acwEndsAt!;
    const bar = fake.container.querySelector('phone-bar')!;
    await waitUntil(() => /^After-call work: (1:00|0:59) left/.test(partText(bar, 'acw') ?? ''), `the phone bar counts 1:00 down (saw ${partText(bar, 'acw')})`);

    expect(await fake.ask({ kind: 'command', command: 'extendAcw', args: {} })).to.have.property('result', null);
    expect(status.get()).to.deep.include({ status: 'acw', acwEndsAt: before + 30_000 });
    await waitUntil(() => /^After-call work: 1:(30|29) left/.test(partText(bar, 'acw') ?? ''), `the phone bar counts 1:30 down (saw ${partText(bar, 'acw')})`);

    const atLimit = await fake.ask({ kind: 'command', command: 'extendAcw', args: {} });
    expect(atLimit.error).to.deep.equal({ code: 'conflict', message: 'After-call work is at its limit of 90 seconds.' });
    expect(status.get().acwEndsAt).to.equal(before + 30_000);
  });

  it('runs each per-call command through the workbench method the phone bar calls', async () => {
    const fake = await fakeHost();
    await fake.ask({ kind: 'configure', config: CONFIG });
    const wb = fake.frame.workbench! as unknown as Record<string, unknown>;
    const seen: unknown[][] = [];
    for (const method of ['hold', 'mute', 'transfer', 'transferToSurvey', 'extendAcw']) {
      wb[method] = (...args: unknown[]) => {
        seen.push([method, ...args]);
        return method === 'extendAcw' ? undefined : Promise.resolve();
      };
    }
    const commands: Array<[string, Record<string, unknown>]> = [
      ['hold', { callId: 'c1' }],
      ['resume', { callId: 'c1' }],
      ['mute', { callId: 'c1' }],
      ['unmute', { callId: 'c1' }],
      ['transfer', { callId: 'c1', target: '1002' }],
      ['transferToSurvey', { callId: 'c1' }],
      ['extendAcw', {}],
    ];
    for (const [command, args] of commands) {
      expect(await fake.ask({ kind: 'command', command, args }), command).to.have.property('result', null);
    }
    expect(seen).to.deep.equal([
      ['hold', 'c1', true],
      ['hold', 'c1', false],
      ['mute', 'c1', true],
      ['mute', 'c1', false],
      ['transfer', 'c1', '1002'],
      ['transferToSurvey', 'c1'],
      ['extendAcw'],
    ]);
  });

  it('tells the host when the agent status changes', async () => {
    const fake = await fakeHost();
    await fake.ask({ kind: 'configure', config: CONFIG });
    const answer = await fake.ask({ kind: 'command', command: 'setStatus', args: { status: 'busy' } });
    expect(answer).to.have.property('result', null);
    await waitUntil(() => fake.events.some((event) => event.type === 'agent.status' && event.status === 'busy'));
  });
});
