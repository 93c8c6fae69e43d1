import { expect, waitUntil as openWcWaitUntil } from '@open-wc/testing';

/** Wait for a condition; on timeout say what was awaited and what was seen. */
async function waitUntil(predicate: () => boolean, what: string | (() => string)): Promise<void> {
  try {
    await openWcWaitUntil(predicate, '', { timeout: 2000 });
  } catch {
    throw new Error(`Timed out waiting until ${typeof what === 'function' ? what() : what}`);
  }
}
import { SimulatedSoftphone } from '../simulated-softphone.js';
import type { SoftphoneCall } from '../softphone.js';
import { FakeBrowser, type FakeTab } from './fakes.js';
import { SharedSoftphone, sharedPhoneName } from './shared-softphone.js';

/** A simulated softphone that records what the server would have seen. */
class CountedPhone extends SimulatedSoftphone {
  constructor(readonly log: string[], readonly tab: string) {
    super({ outboundRingAfterMs: 0, outboundAnswerAfterMs: null, inboundTimeoutMs: null });
  }
  override async register(): Promise<void> {
    this.log.push(`${this.tab}: REGISTER`);
    await super.register();
  }
  override async unregister(): Promise<void> {
    this.log.push(`${this.tab}: unREGISTER`);
    await super.unregister();
  }
  override async hangup(callId: string): Promise<void> {
    this.log.push(`${this.tab}: BYE`);
    await super.hangup(callId);
  }
  override dispose(): void {
    this.log.push(`${this.tab}: stopped`);
    super.dispose();
  }
}

interface Tab {
  readonly name: string;
  readonly fake: FakeTab;
  readonly phone: SharedSoftphone;
  readonly page: EventTarget;
  dead: boolean;
  /** The tab's page goes away (closed, reloaded, navigated): pagehide, then the browser drops its locks. */
  close(): void;
}

function profile(account = 'sip:1001@callpop.test') {
  const browser = new FakeBrowser();
  const log: string[] = [];
  const live = new Set<CountedPhone>();
  let maxAlive = 0;
  const tabs: Tab[] = [];
  function open(name: string, role: 'tab' | 'phone-window' = 'tab', forAccount = account): Tab {
    const fake = browser.tab();
    const page = new EventTarget();
    const phone = new SharedSoftphone({
      account: forAccount,
      role,
      tabId: name,
      locks: fake.locks,
      createChannel: (channel) => fake.createChannel(channel),
      lifecycle: page,
      claimWaitMs: 500,
      create: () => {
        const real = new CountedPhone(log, name);
        live.add(real);
        maxAlive = Math.max(maxAlive, live.size);
        const dispose = real.dispose.bind(real);
        real.dispose = () => {
          live.delete(real);
          dispose();
        };
        return real;
      },
    });
    const tab: Tab = {
      name,
      fake,
      phone,
      page,
      dead: false,
      close() {
        page.dispatchEvent(new Event('pagehide'));
        tab.dead = true;
        fake.kill();
      },
    };
    tabs.push(tab);
    return tab;
  }
  return {
    browser,
    log,
    open,
    tabs,
    get maxAlive() {
      return maxAlive;
    },
    /** The tab whose softphone is the real one now. */
    leader(): Tab | undefined {
      return tabs.find((tab) => !tab.dead && tab.phone.location() === 'here' && tab.phone.local !== null);
    },
    holder: () => browser.holder(sharedPhoneName(account)),
    dispose() {
      for (const tab of tabs) tab.phone.dispose();
    },
  };
}

const states = (tabs: readonly Tab[], callId: string): string =>
  tabs.map((tab) => `${tab.name}=${tab.phone.calls().find((call) => call.id === callId)?.state ?? 'none'}`).join(' ');

const simulated = (tab: Tab | undefined): SimulatedSoftphone => {
  const real = tab?.phone.local;
  if (!(real instanceof SimulatedSoftphone)) throw new Error(`no tab holds the phone (${tab?.name ?? 'none'})`);
  return real;
};

describe('SharedSoftphone: one phone across the tabs of a profile', () => {
  let world: ReturnType<typeof profile>;
  afterEach(() => world?.dispose());

  it('three tabs make one softphone and one REGISTER, asked from any tab', async () => {
    world = profile();
    const [a, b, c] = [world.open('a'), world.open('b'), world.open('c')];
    await waitUntil(() => world.leader() !== undefined, 'a tab takes the phone');
    await waitUntil(() => b.phone.location() === 'tab' && c.phone.location() === 'tab', 'the others hear where the phone is');
    await c.phone.register();
    await waitUntil(() => [a, b, c].every((tab) => tab.phone.registration().state === 'registered'), 'every tab shows registered');
    await b.phone.register();
    expect(world.log).to.deep.equal([`${world.leader()!.name}: REGISTER`, `${world.leader()!.name}: REGISTER`]);
    expect(world.maxAlive, 'softphones alive at once').to.equal(1);
    expect([a, b, c].map((tab) => tab.phone.location())).to.deep.equal(['here', 'tab', 'tab']);
  });

  it('an inbound call shows in every tab, is answered from the third and acts on the one call', async () => {
    world = profile();
    const tabs = [world.open('a'), world.open('b'), world.open('c')];
    await waitUntil(() => tabs.every((tab) => tab.phone.location() !== 'tab' || tab.name !== 'a'), 'a leads');
    await tabs[1]!.phone.register();
    const callId = simulated(world.leader()).simulateInbound('13800138000');
    await waitUntil(() => states(tabs, callId) === 'a=ringing b=ringing c=ringing', () => `ringing everywhere, saw ${states(tabs, callId)}`);
    await tabs[2]!.phone.answer(callId);
    await waitUntil(() => states(tabs, callId) === 'a=connected b=connected c=connected', () => `connected everywhere, saw ${states(tabs, callId)}`);
    await tabs[1]!.phone.sendDtmf(callId, '12#');
    expect(simulated(world.leader()).dtmfSent.get(callId)).to.equal('12#');
    await tabs[1]!.phone.hold(callId, true);
    await waitUntil(() => states(tabs, callId) === 'a=held b=held c=held', () => `held everywhere, saw ${states(tabs, callId)}`);
    await tabs[0]!.phone.hold(callId, false);
    await tabs[2]!.phone.hangup(callId);
    await waitUntil(() => states(tabs, callId) === 'a=none b=none c=none', () => `ended everywhere, saw ${states(tabs, callId)}`);
    expect(world.log.filter((line) => line.endsWith('BYE'))).to.deep.equal(['a: BYE']);
  });

  it('a command that the phone refuses comes back to the tab that asked, with the reason', async () => {
    world = profile();
    const [, b] = [world.open('a'), world.open('b')];
    await waitUntil(() => b.phone.location() === 'tab', 'b follows');
    let error: unknown = null;
    await b.phone.answer('no-such-call').catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/SoftphoneError: .*no-such-call|SoftphoneError: .*not/i);
  });

  it('when the phone tab closes while idle, the next tab is the phone and registers again once', async () => {
    world = profile();
    const [a, b, c] = [world.open('a'), world.open('b'), world.open('c')];
    await waitUntil(() => b.phone.location() === 'tab' && c.phone.location() === 'tab', 'b and c follow a');
    await b.phone.register();
    await waitUntil(() => c.phone.registration().state === 'registered', 'c shows registered');
    a.close();
    await waitUntil(() => world.leader() !== undefined, 'another tab takes over');
    const next = world.leader()!;
    await waitUntil(() => [b, c].every((tab) => tab.phone.registration().state === 'registered'), 'b and c show registered again');
    // a had peers: its binding is replaced by the next REGISTER (same Contact), not removed first.
    expect(world.log).to.deep.equal(['a: REGISTER', 'a: stopped', `${next.name}: REGISTER`]);
    expect(world.maxAlive, 'softphones alive at once').to.equal(1);
    const other = next === b ? c : b;
    const callId = simulated(next).simulateInbound('13800138000');
    await waitUntil(() => other.phone.calls().some((call) => call.id === callId), 'the next call rings in the other tab');
  });

  it('takes over at once when the phone tab says it leaves, however long the browser takes to drop its lock', async () => {
    world = profile();
    const [a, b, c] = [world.open('a'), world.open('b'), world.open('c')];
    await waitUntil(() => b.phone.location() === 'tab' && c.phone.location() === 'tab', 'b and c follow a');
    await b.phone.register();
    a.fake.slowReleases(60_000);
    a.page.dispatchEvent(new Event('pagehide'));
    a.dead = true;
    a.fake.kill({ releaseAfterMs: 60_000 });
    await waitUntil(() => world.leader() !== undefined, 'another tab takes the phone well before the lock is dropped');
    await waitUntil(() => [b, c].every((tab) => tab.phone.registration().state === 'registered'), 'b and c show registered');
    expect(world.log).to.deep.equal(['a: REGISTER', 'a: stopped', `${world.leader()!.name}: REGISTER`]);
    expect(world.maxAlive, 'softphones alive at once').to.equal(1);
    expect([b, c].map((tab) => tab.phone.location()).sort(), 'one leads, the other follows').to.deep.equal(['here', 'tab']);
  });

  it('a crashed phone tab (no pagehide) is replaced when the browser drops its lock', async () => {
    world = profile();
    const [a, b] = [world.open('a'), world.open('b')];
    await waitUntil(() => b.phone.location() === 'tab', 'b follows');
    await a.phone.register();
    const callId = simulated(world.leader()).simulateInbound('13800138000');
    await waitUntil(() => b.phone.calls().length === 1, 'b sees the call');
    const ends: SoftphoneCall[] = [];
    b.phone.on((event) => event.type === 'call' && event.call.state === 'ended' && ends.push(event.call));
    a.dead = true;
    a.fake.kill();
    await waitUntil(() => world.leader()?.name === 'b', 'b takes over');
    await waitUntil(() => b.phone.registration().state === 'registered', 'b registers again');
    await waitUntil(() => ends.length === 1, () => `b ends the crashed tab’s call (live in b: ${b.phone.calls().length})`);
    expect({ id: ends[0]!.id, reason: ends[0]!.endReason, by: ends[0]!.hangupBy }).to.deep.equal({ id: callId, reason: 'failed', by: 'system' });
    expect(world.log).to.deep.equal(['a: REGISTER', 'b: REGISTER']);
  });

  it('closing the phone tab during a call hangs up (BYE) and every other tab shows the call ended', async () => {
    world = profile();
    const [a, b] = [world.open('a'), world.open('b')];
    await waitUntil(() => b.phone.location() === 'tab', 'b follows');
    await a.phone.register();
    const callId = simulated(world.leader()).simulateInbound('13800138000');
    await a.phone.answer(callId);
    const seen: SoftphoneCall[] = [];
    b.phone.on((event) => event.type === 'call' && seen.push(event.call));
    await waitUntil(() => b.phone.calls()[0]?.state === 'connected', 'b shows connected');
    a.close();
    await waitUntil(() => seen.some((call) => call.state === 'ended'), 'b hears the end');
    const end = seen.find((call) => call.state === 'ended')!;
    expect({ reason: end.endReason, by: end.hangupBy }).to.deep.equal({ reason: 'hangup', by: 'agent' });
    expect(world.log.slice(0, 3)).to.deep.equal(['a: REGISTER', 'a: BYE', 'a: stopped']);
  });

  it('the only tab unregisters when it closes', async () => {
    world = profile();
    const a = world.open('a');
    await waitUntil(() => world.leader() !== undefined, 'a leads');
    await a.phone.register();
    a.close();
    await waitUntil(() => world.log.includes('a: stopped'), 'a stops its phone');
    expect(world.log).to.deep.equal(['a: REGISTER', 'a: unREGISTER', 'a: stopped']);
  });

  it('two tabs opening at once elect one phone', async () => {
    world = profile();
    const [a, b] = [world.open('a'), world.open('b')];
    await waitUntil(() => world.leader() !== undefined && [a, b].some((tab) => tab.phone.location() === 'tab'), 'one leads, one follows');
    expect([a, b].map((tab) => tab.phone.location()).sort()).to.deep.equal(['here', 'tab']);
    expect(world.maxAlive).to.equal(1);
  });

  it('a frozen tab catches up when it wakes, without a second registration', async () => {
    world = profile();
    const [a, b] = [world.open('a'), world.open('b')];
    await waitUntil(() => b.phone.location() === 'tab', 'b follows');
    b.fake.freeze();
    await a.phone.register();
    const callId = simulated(world.leader()).simulateInbound('13800138000');
    await a.phone.answer(callId);
    expect(b.phone.calls(), 'nothing reaches a frozen tab').to.deep.equal([]);
    b.fake.thaw();
    b.page.dispatchEvent(new Event('resume'));
    await waitUntil(() => b.phone.calls()[0]?.state === 'connected', () => `b shows the call connected, saw ${b.phone.calls()[0]?.state ?? 'none'}`);
    expect(b.phone.registration().state).to.equal('registered');
    expect(world.log).to.deep.equal(['a: REGISTER']);
  });

  it('refuses messages from another protocol version, malformed or oversized ones, with one warning each', async () => {
    world = profile();
    const [, b] = [world.open('a'), world.open('b')];
    await waitUntil(() => b.phone.location() === 'tab', 'b follows');
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: unknown) => warnings.push(String(message));
    try {
      const name = sharedPhoneName('sip:1001@callpop.test');
      const fakeCall = { id: 'x', direction: 'inbound', remoteNumber: '1', state: 'ringing' };
      world.browser.post(name, { callpop: 'phone', v: 2, from: 'future', t: 'state', leader: 'future', calls: [fakeCall] });
      world.browser.post(name, { callpop: 'phone', v: 2, from: 'future', t: 'hello' });
      world.browser.post(name, { callpop: 'phone', v: 1, from: 'evil', t: 'event', wanted: true, event: { type: 'call', call: fakeCall } });
      world.browser.post(name, { callpop: 'phone', v: 1, from: 'big', t: 'hello', pad: 'x'.repeat(70_000) });
      world.browser.post(name, { app: 'someone else', t: 'hello' });
      await waitUntil(() => warnings.length >= 3 * 2, () => `warnings: ${warnings.join(' | ')}`);
      // Let anything else arrive before counting.
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      console.warn = warn;
    }
    expect(b.phone.calls(), 'no call made up by a message').to.deep.equal([]);
    // Two tabs each warn once per kind: version, malformed, too-large.
    expect(warnings.filter((w) => /protocol version 2/.test(w))).to.have.length(2);
    expect(warnings.filter((w) => /call\.|must be/.test(w))).to.have.length(2);
    expect(warnings.filter((w) => /bytes, more than/.test(w))).to.have.length(2);
  });

  it('answers a foreign tab’s command with bad arguments with an error, not a crash', async () => {
    world = profile();
    const a = world.open('a');
    await waitUntil(() => world.leader() !== undefined, 'a leads');
    const spy = world.browser.tab();
    const channel = spy.createChannel(sharedPhoneName('sip:1001@callpop.test'));
    const heard: unknown[] = [];
    channel.addEventListener('message', (event) => heard.push(event.data));
    channel.postMessage({ callpop: 'phone', v: 1, from: 'spy', t: 'command', to: 'a', id: 'c1', name: 'hold', args: ['call', 'yes'] });
    await waitUntil(() => heard.some((m) => (m as { t?: string }).t === 'result'), 'the phone answers');
    const result = heard.find((m) => (m as { t?: string }).t === 'result') as { ok: boolean; error: { message: string } };
    expect({ ok: result.ok, message: result.error?.message }).to.deep.equal({ ok: false, message: 'hold takes a call id and true or false' });
    expect(a.phone.location()).to.equal('here');
  });

  it('checks sendInfo and transfer options from a foreign tab field by field', async () => {
    world = profile();
    world.open('a');
    await waitUntil(() => world.leader() !== undefined, 'a leads');
    const spy = world.browser.tab();
    const channel = spy.createChannel(sharedPhoneName('sip:1001@callpop.test'));
    const heard: Array<{ t?: string; id?: string; ok?: boolean; error?: { message: string } }> = [];
    channel.addEventListener('message', (event) => heard.push(event.data as (typeof heard)[number]));
    const commands: Array<[string, string, unknown[]]> = [
      ['c1', 'sendInfo', ['call', { contentType: 'application/x-survey', body: 'x', extra: 1 }]],
      ['c2', 'sendInfo', ['call', { contentType: 'application/x-survey', body: 'x'.repeat(5000) }]],
      ['c3', 'transfer', ['call', '9001', { headers: { 'X-Survey': 42 } }]],
      ['c4', 'transfer', ['call', '9001', { headers: { 'X-Survey': '1' }, sneaky: true }]],
      ['c5', 'sendInfo', ['no-such-call', { contentType: 'application/x-survey', body: 'ok' }]],
    ];
    for (const [id, name, args] of commands) channel.postMessage({ callpop: 'phone', v: 1, from: 'spy', t: 'command', to: 'a', id, name, args });
    await waitUntil(() => heard.filter((m) => m.t === 'result').length === commands.length, 'the phone answers every command');
    const results = Object.fromEntries(heard.filter((m) => m.t === 'result').map((m) => [m.id, m.ok ? 'ok' : m.error?.message]));
    expect(results).to.deep.equal({
      c1: 'sendInfo takes a call id and { contentType, body }',
      c2: 'sendInfo takes a call id and { contentType, body }',
      c3: 'transfer takes a call id, a target and options (consultCallId, headers)',
      c4: 'transfer takes a call id, a target and options (consultCallId, headers)',
      // Well-formed: it reaches the softphone, which does not know the call.
      c5: 'No call no-such-call.',
    });
  });

  it('forwards quality samples of a live call to every tab, and sendInfo and REFER headers to the phone', async () => {
    world = profile();
    const [a, b] = [world.open('a'), world.open('b')];
    await waitUntil(() => b.phone.location() === 'tab' && a.phone.location() === 'here', 'a leads, b follows');
    await b.phone.register();
    const sim = simulated(a);
    const id = sim.simulateInbound('+15550100');
    await waitUntil(() => b.phone.calls().some((c) => c.id === id), 'b sees the call');
    await b.phone.answer(id);
    await waitUntil(() => b.phone.calls()[0]?.state === 'connected', 'b sees it connected');
    const samples: unknown[] = [];
    b.phone.on((event) => {
      if (event.type === 'quality') samples.push(event);
    });
    sim.simulateQuality(id, { rttMs: 480, jitterMs: 12, lossPercent: 0 });
    await waitUntil(() => samples.length === 1, 'b hears the sample');
    expect(samples[0]).to.deep.include({ type: 'quality', callId: id });
    expect((samples[0] as { quality: object }).quality).to.deep.include({ rttMs: 480, jitterMs: 12, lossPercent: 0, level: 'poor' });
    await b.phone.sendInfo(id, { contentType: 'application/x-survey', body: 'survey=1' });
    await b.phone.transfer(id, '9001', { headers: { 'X-Survey': 'csat' } });
    expect({ info: sim.infoSent.get(id), headers: sim.transferHeaders.get(id) }).to.deep.equal({
      info: [{ contentType: 'application/x-survey', body: 'survey=1' }],
      headers: { 'X-Survey': 'csat' },
    });
  });

  it('refuses quality events with figures out of range', async () => {
    world = profile();
    const [, b] = [world.open('a'), world.open('b')];
    await waitUntil(() => b.phone.location() === 'tab' && world.leader() !== undefined, 'a leads, b follows');
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: unknown) => warnings.push(String(message));
    const heard: unknown[] = [];
    b.phone.on((event) => {
      if (event.type === 'quality') heard.push(event);
    });
    try {
      const leader = world.leader()!;
      const bad = { rttMs: -5, jitterMs: null, lossPercent: 400, level: 'good', at: 1 };
      world.browser.post(sharedPhoneName('sip:1001@callpop.test'), {
        callpop: 'phone',
        v: 1,
        from: leader.name,
        t: 'event',
        wanted: true,
        event: { type: 'quality', callId: 'x', quality: bad },
      });
      await waitUntil(() => warnings.some((w) => /quality\.rttMs/.test(w)), () => `warnings: ${warnings.join(' | ')}`);
    } finally {
      console.warn = warn;
    }
    expect(heard, 'no sample from a malformed event').to.deep.equal([]);
  });

  it('two SIP accounts in one profile never share a phone', async () => {
    world = profile();
    const a = world.open('a', 'tab', 'sip:1001@callpop.test');
    const b = world.open('b', 'tab', 'sip:1002@callpop.test');
    await waitUntil(() => a.phone.location() === 'here' && b.phone.location() === 'here', 'each account has its own phone');
    expect(world.maxAlive).to.equal(2);
  });

  describe('the phone window', () => {
    it('takes the phone from the idle tab, which unregisters first; the tabs follow it', async () => {
      world = profile();
      const [a, b] = [world.open('a'), world.open('b')];
      await waitUntil(() => b.phone.location() === 'tab', 'b follows');
      await a.phone.register();
      const w = world.open('w', 'phone-window');
      await waitUntil(() => w.phone.location() === 'here' && w.phone.local !== null, 'the window takes the phone');
      await waitUntil(() => w.phone.registration().state === 'registered', () => `the window registers (log: ${world.log.join(', ')}; w ${w.phone.registration().state})`);
      await waitUntil(() => [a, b].every((tab) => tab.phone.location() === 'phone-window'), () => `tabs show the phone window, saw ${[a, b].map((t) => t.phone.location())}`);
      expect(world.log).to.deep.equal(['a: REGISTER', 'a: unREGISTER', 'a: stopped', 'w: REGISTER']);
      expect(world.maxAlive).to.equal(1);
    });

    it('keeps the call while a CRM tab reloads; the reloaded tab shows it at once', async () => {
      world = profile();
      const a = world.open('a');
      await waitUntil(() => a.phone.location() === 'here', 'a leads');
      const w = world.open('w', 'phone-window');
      await waitUntil(() => w.phone.location() === 'here' && a.phone.location() === 'phone-window', 'the window is the phone');
      await a.phone.register();
      const callId = simulated(world.leader()).simulateInbound('13800138000');
      await waitUntil(() => a.phone.calls().length === 1, 'a sees the call');
      await a.phone.answer(callId);
      a.close();
      const again = world.open('a2');
      await waitUntil(() => again.phone.calls()[0]?.state === 'connected', 'the reloaded tab shows the live call');
      expect(simulated(w).calls().map((call) => call.state)).to.deep.equal(['connected']);
      expect(world.log.filter((line) => line.endsWith('BYE'))).to.deep.equal([]);
    });

    it('waits for a live call in the tab to end before taking the phone', async () => {
      world = profile();
      const a = world.open('a');
      await waitUntil(() => a.phone.location() === 'here', 'a leads');
      await a.phone.register();
      const callId = simulated(world.leader()).simulateInbound('13800138000');
      await a.phone.answer(callId);
      const w = world.open('w', 'phone-window');
      await waitUntil(() => w.phone.calls().length === 1, 'the window sees the call in a');
      expect(a.phone.location(), 'a keeps the phone during its call').to.equal('here');
      await w.phone.hangup(callId);
      await waitUntil(() => w.phone.location() === 'here' && w.phone.local !== null, 'the window takes the phone after the call');
      expect(world.log).to.deep.equal(['a: REGISTER', 'a: BYE', 'a: unREGISTER', 'a: stopped', 'w: REGISTER']);
    });
  });
});
