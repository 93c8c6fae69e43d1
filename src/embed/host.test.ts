import { expect, nextFrame, waitUntil } from '@open-wc/testing';
import { MemoryBackend } from '../adapter/memory/index.js';
import { createCallpopFrame, CallpopFrameError, FRAME_ALLOW, type CallpopFrame, type EmbedEvent } from './host.js';
import { parseHostMessage, type FrameMessage, type HostMessage } from './protocol.js';

/**
 * A stand-in for callpop's frame: the iframe loads a plain same-origin file, its
 * `postMessage` is replaced to record what the host sends, and the test plays the
 * frame by dispatching `message` events whose source is the iframe's window.
 */
interface FakeFrame {
  readonly callpop: CallpopFrame;
  readonly sent: HostMessage[];
  readonly container: HTMLElement;
  /** Post as the frame (or, with `from`, as another origin / window). */
  fromFrame(data: unknown, from?: { origin?: string; source?: Window | null }): void;
  next<K extends HostMessage['kind']>(kind: K): Promise<Extract<HostMessage, { kind: K }>>;
  /** Resolves once the iframe loaded its page again (after a retry). */
  reloaded(): Promise<void>;
}

const SRC = '/embed/embed.css';
let open: FakeFrame[] = [];

async function fakeFrame(options: Partial<Parameters<typeof createCallpopFrame>[0]> = {}): Promise<FakeFrame> {
  const container = document.createElement('div');
  document.body.append(container);
  const callpop = createCallpopFrame({
    container,
    src: SRC,
    config: { adapter: { kind: 'rest', baseUrl: 'https://crm.example.com/callpop/v1', token: 'secret-token' }, simulate: true },
    ...options,
  });
  await new Promise((resolve) => callpop.iframe.addEventListener('load', resolve, { once: true }));
  const sent: HostMessage[] = [];
  const waiters: Array<() => void> = [];
  const record = (): void => {
    (callpop.iframe.contentWindow as unknown as { postMessage: (m: HostMessage, origin: string) => void }).postMessage = (message, origin) => {
      expect(origin).to.equal(location.origin);
      sent.push(structuredClone(message));
      waiters.splice(0).forEach((wake) => wake());
    };
  };
  record();
  const frame: FakeFrame = {
    callpop,
    sent,
    container,
    async reloaded() {
      await new Promise((resolve) => callpop.iframe.addEventListener('load', resolve, { once: true }));
      record();
    },
    fromFrame(data, from = {}) {
      window.dispatchEvent(
        new MessageEvent('message', { data, origin: from.origin ?? location.origin, source: from.source === undefined ? callpop.iframe.contentWindow : from.source }),
      );
    },
    async next(kind) {
      for (;;) {
        const found = sent.find((m) => m.kind === kind);
        if (found) {
          sent.splice(sent.indexOf(found), 1);
          return found as never;
        }
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
  open.push(frame);
  return frame;
}

async function configured(frame: FakeFrame): Promise<void> {
  frame.fromFrame({ callpop: 1, kind: 'ready', version: 1 });
  const configure = await frame.next('configure');
  frame.fromFrame({ callpop: 1, kind: 'response', id: configure.id, result: null });
  await frame.callpop.ready;
}

function captureWarnings(): { readonly seen: string[]; restore(): void } {
  const original = console.warn;
  const seen: string[] = [];
  console.warn = (text: string) => seen.push(String(text));
  return { seen, restore: () => (console.warn = original) };
}

describe('createCallpopFrame (the host script)', () => {
  afterEach(() => {
    open.forEach((frame) => {
      frame.callpop.destroy();
      frame.container.remove();
    });
    open = [];
  });

  it('creates the iframe with a title, the allow list and only ?host=<this origin> in its URL', async () => {
    const { callpop } = await fakeFrame();
    expect(callpop.iframe.title).to.equal('callpop softphone');
    expect(callpop.iframe.getAttribute('allow')).to.equal(FRAME_ALLOW);
    expect(FRAME_ALLOW).to.contain('microphone').and.to.contain('autoplay');
    const url = new URL(callpop.iframe.src);
    expect([...url.searchParams]).to.deep.equal([['host', location.origin]]);
    expect(callpop.iframe.src).not.to.contain('secret-token');
  });

  it('sends the configuration, token included, only after the frame says ready', async () => {
    const frame = await fakeFrame();
    // The frame's page has loaded: still nothing is sent until it says ready.
    expect(frame.sent).to.deep.equal([]);
    frame.fromFrame({ callpop: 1, kind: 'ready', version: 1 });
    const configure = await frame.next('configure');
    expect(configure.config).to.deep.include({ simulate: true, adapter: { kind: 'rest', baseUrl: 'https://crm.example.com/callpop/v1', token: 'secret-token' } });
    frame.fromFrame({ callpop: 1, kind: 'response', id: configure.id, result: null });
    await frame.callpop.ready;
  });

  it('refuses a src that names another host origin, and a host adapter kind without an adapter', () => {
    const container = document.createElement('div');
    expect(() => createCallpopFrame({ container, src: `${SRC}?host=https://evil.example`, config: { adapter: { kind: 'host' }, simulate: true }, adapter: new MemoryBackend() })).to.throw(TypeError, /host=/);
    expect(() => createCallpopFrame({ container, src: SRC, config: { adapter: { kind: 'host' }, simulate: true } })).to.throw(TypeError, /adapter/);
    expect(container.children).to.have.length(0);
  });

  it('commands wait for the configuration, then resolve or reject with the frame answer', async () => {
    const frame = await fakeFrame();
    const dialled = frame.callpop.dial('+86 138 0013 8000');
    await configured(frame);
    const dial = await frame.next('command');
    expect(dial).to.deep.include({ command: 'dial', args: { number: '+86 138 0013 8000' } });
    frame.fromFrame({ callpop: 1, kind: 'response', id: dial.id, result: 'call-1' });
    expect(await dialled).to.equal('call-1');

    const status = frame.callpop.setStatus('busy').catch((error: unknown) => error);
    const command = await frame.next('command');
    expect(command).to.deep.include({ command: 'setStatus', args: { status: 'busy' } });
    frame.fromFrame({ callpop: 1, kind: 'response', id: command.id, error: { code: 'validation', message: 'No such reason', fields: { breakReasonId: 'Unknown.' } } });
    const error = (await status) as CallpopFrameError;
    expect(error).to.be.instanceOf(CallpopFrameError);
    expect(error.code).to.equal('validation');
    expect(error.fields).to.deep.equal({ breakReasonId: 'Unknown.' });
  });

  it('sends the per-call commands as the protocol has them, each a message the frame accepts', async () => {
    const frame = await fakeFrame();
    await configured(frame);
    const { callpop } = frame;
    const calls: Array<[() => Promise<void>, string, Record<string, unknown>]> = [
      [() => callpop.hold(), 'hold', {}],
      [() => callpop.hold('c1'), 'hold', { callId: 'c1' }],
      [() => callpop.resume('c1'), 'resume', { callId: 'c1' }],
      [() => callpop.mute(), 'mute', {}],
      [() => callpop.unmute('c1'), 'unmute', { callId: 'c1' }],
      [() => callpop.transfer('1002'), 'transfer', { target: '1002' }],
      [() => callpop.transfer('+86 138 0013 8000', 'c1'), 'transfer', { target: '+86 138 0013 8000', callId: 'c1' }],
      [() => callpop.transferToSurvey(), 'transferToSurvey', {}],
      [() => callpop.transferToSurvey('c1'), 'transferToSurvey', { callId: 'c1' }],
      [() => callpop.extendAcw(), 'extendAcw', {}],
    ];
    for (const [call, command, args] of calls) {
      const done = call();
      const sent = await frame.next('command');
      expect(sent, command).to.deep.include({ command, args });
      expect(parseHostMessage(sent), `${command} is a message the frame accepts`).to.include({ ok: true });
      frame.fromFrame({ callpop: 1, kind: 'response', id: sent.id, result: null });
      expect(await done).to.equal(undefined);
    }
    // A refusal comes back as the frame said it.
    const refused = callpop.extendAcw().catch((error: unknown) => error);
    const command = await frame.next('command');
    frame.fromFrame({ callpop: 1, kind: 'response', id: command.id, error: { code: 'conflict', message: 'After-call work is at its limit of 90 seconds.' } });
    const error = (await refused) as CallpopFrameError;
    expect(error).to.be.instanceOf(CallpopFrameError);
    expect({ code: error.code, message: error.message }).to.deep.equal({ code: 'conflict', message: 'After-call work is at its limit of 90 seconds.' });
  });

  it('a command the frame never answers rejects with a timeout', async () => {
    const frame = await fakeFrame({ requestTimeoutMs: 60 });
    await configured(frame);
    const error = (await frame.callpop.hangup().catch((e: unknown) => e)) as CallpopFrameError;
    expect(error.code).to.equal('timeout');
    expect(error.message).to.contain('did not answer hangup');
  });

  it('hands the frame events to the listeners of their type', async () => {
    const frame = await fakeFrame();
    const pops: EmbedEvent[] = [];
    const states: EmbedEvent[] = [];
    const stop = frame.callpop.on('pop', (event) => pops.push(event));
    frame.callpop.on('call.state', (event) => states.push(event));
    const call = { callId: 'c1', direction: 'inbound', number: '+8613800138000', state: 'ringing', startedAt: 1, answeredAt: null, endedAt: null };
    frame.fromFrame({ callpop: 1, kind: 'event', event: { type: 'pop', call, customer: { id: 'cu1', name: '张伟' }, lookup: 'found', error: null } });
    frame.fromFrame({ callpop: 1, kind: 'event', event: { type: 'call.state', call, previous: null } });
    stop();
    frame.fromFrame({ callpop: 1, kind: 'event', event: { type: 'pop', call, customer: null, lookup: 'unknown', error: null } });
    expect(pops).to.have.length(1);
    expect(pops[0]).to.deep.include({ type: 'pop', lookup: 'found' });
    expect(states).to.have.length(1);
  });

  it('ignores messages from another origin, another window or in the wrong shape, with one warning each', async () => {
    const frame = await fakeFrame();
    const heard: EmbedEvent[] = [];
    frame.callpop.on('error', (event) => heard.push(event));
    const forged = { callpop: 1, kind: 'event', event: { type: 'error', code: 'x', message: 'forged' } };
    const warnings = captureWarnings();
    try {
      for (let i = 0; i < 2; i += 1) {
        frame.fromFrame(forged, { origin: 'https://evil.example' });
        frame.fromFrame(forged, { source: window });
        frame.fromFrame({ callpop: 1, kind: 'event', event: { type: 'navigate', url: 'https://evil.example' } });
        frame.fromFrame({ callpop: 1, kind: 'event', event: { type: 'error', code: 'x', message: 'x'.repeat(300_000) } });
      }
      frame.fromFrame({ unrelated: 'widget message' }, { source: window });
    } finally {
      warnings.restore();
    }
    expect(heard).to.deep.equal([]);
    expect(warnings.seen).to.have.length(4);
    expect(warnings.seen.join('\n')).to.contain('https://evil.example (origin').and.to.contain('not from the callpop frame').and.to.contain('unknown-type').and.to.contain('too-large');
  });

  it('answers the frame backend requests from the host adapter, errors included, and stops on cancel', async () => {
    const backend = new MemoryBackend();
    let aborted = false;
    const adapter = Object.assign(Object.create(backend) as MemoryBackend, {
      agents: {
        ...backend.agents,
        me: (options?: { signal?: AbortSignal }) =>
          new Promise((_, reject) => options?.signal?.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted'))))),
      },
    });
    const frame = await fakeFrame({ config: { adapter: { kind: 'host' }, simulate: true }, adapter });
    await configured(frame);

    frame.fromFrame({ callpop: 1, kind: 'request', id: 'r1', method: 'customers.findByPhone', args: ['+8613800138000'] } satisfies FrameMessage);
    const found = await frame.next('response');
    expect(found.id).to.equal('r1');
    expect((found.result as Array<{ name: string }>)[0]?.name).to.equal('张伟');

    frame.fromFrame({ callpop: 1, kind: 'request', id: 'r2', method: 'customers.get', args: ['no-such-customer'] } satisfies FrameMessage);
    const missing = await frame.next('response');
    expect(missing.error?.code).to.equal('not-found');

    frame.fromFrame({ callpop: 1, kind: 'request', id: 'r3', method: 'agents.me', args: [] } satisfies FrameMessage);
    frame.fromFrame({ callpop: 1, kind: 'cancel', id: 'r3' } satisfies FrameMessage);
    await waitUntil(() => aborted, 'the host adapter call was not aborted');
    await nextFrame();
    expect(frame.sent.filter((m) => m.kind === 'response')).to.deep.equal([]);
  });

  it('forwards the host adapter pushes to the frame subscription', async () => {
    const backend = new MemoryBackend();
    const frame = await fakeFrame({ config: { adapter: { kind: 'host' }, simulate: true }, adapter: backend });
    await configured(frame);
    frame.fromFrame({ callpop: 1, kind: 'subscribe', id: 's1', types: ['conversation.segment'] } satisfies FrameMessage);
    backend.appendSegment({ id: 'g1', callId: 'c1', speaker: 'customer', text: '你好', final: true, seq: 1, at: '2026-11-25T08:00:00.000Z' });
    const push = await frame.next('push');
    expect(push.id).to.equal('s1');
    expect(push.event).to.deep.include({ type: 'conversation.segment' });
  });

  it('sends the configuration again when the frame reloads', async () => {
    const frame = await fakeFrame();
    await configured(frame);
    frame.fromFrame({ callpop: 1, kind: 'ready', version: 1 });
    const again = await frame.next('configure');
    expect(again.config).to.deep.include({ simulate: true });
  });

  it('gives a frame that is slow to start the handshake time, not a request timeout', async () => {
    const frame = await fakeFrame({ requestTimeoutMs: 1, handshakeTimeoutMs: 60_000 });
    frame.fromFrame({ callpop: 1, kind: 'ready', version: 1 });
    const configure = await frame.next('configure');
    // Far longer than a request may take: the frame is still starting (its code, the agent, the phone).
    await nextFrame();
    await nextFrame();
    frame.fromFrame({ callpop: 1, kind: 'response', id: configure.id, result: null });
    await frame.callpop.ready;
    expect(frame.container.querySelector('[role="alert"]')).to.equal(null);
  });

  it('shows a visible error with a retry when a loaded frame never says ready, and the retry connects', async () => {
    const errors: EmbedEvent[] = [];
    const frame = await fakeFrame({ handshakeTimeoutMs: 50, config: { adapter: { kind: 'rest', baseUrl: 'https://crm.example.com/callpop/v1' }, simulate: true, locale: 'en' } });
    frame.callpop.on('error', (event) => errors.push(event));
    const failed = await frame.callpop.ready.then(
      () => null,
      (error: unknown) => error as CallpopFrameError,
    );
    expect(failed?.code).to.equal('timeout');
    expect(failed?.message).to.match(/did not say it was ready within 50 ms/);
    expect(errors).to.have.length(1);
    const alert = frame.container.querySelector<HTMLElement>('[role="alert"]')!;
    expect(alert.textContent).to.contain('callpop did not start');
    const retry = alert.querySelector('button')!;
    expect(retry.textContent).to.equal('Retry');
    const reloaded = frame.reloaded();
    retry.click();
    expect(frame.container.querySelector('[role="alert"]')).to.equal(null);
    await reloaded;
    frame.fromFrame({ callpop: 1, kind: 'ready', version: 1 });
    const configure = await frame.next('configure');
    frame.fromFrame({ callpop: 1, kind: 'response', id: configure.id, result: null });
    await frame.callpop.ready;
    expect(frame.container.querySelector('[role="alert"]')).to.equal(null);
  });

  it('destroy removes the iframe, stops listening and rejects what waits', async () => {
    const frame = await fakeFrame();
    const dialled = frame.callpop.dial('1001').catch((error: unknown) => error);
    frame.callpop.destroy();
    expect(frame.container.querySelector('iframe')).to.equal(null);
    expect(((await dialled) as CallpopFrameError).code).to.equal('destroyed');
  });
});
