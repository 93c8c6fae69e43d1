/**
 * The softphone contract suite: one set of cases that every `Softphone` must
 * pass with the same assertions — the simulated one, the shared one driven
 * from a follower tab, and the SIP one on an in-memory SIP network. What
 * differs between them is only "the network side", which a
 * {@link SoftphoneHarness} plays: a customer calling in, answering, hanging up,
 * and what the far end saw.
 *
 * Rules every softphone keeps (see `../softphone.ts` for the diagrams):
 * - call states move only as the per-call diagram allows; registration as its diagram;
 * - a command the call's state does not allow raises `SoftphoneError('illegal-state')`,
 *   an unknown call id `SoftphoneError('not-found')`;
 * - no dialling while unregistered: `SoftphoneError('not-registered')`;
 * - a transfer ends the call (`transferred`) only once it is confirmed (SIP: the NOTIFY 200);
 * - hold is idempotent; every event carries the call's full snapshot; `calls()` and
 *   `registration()` agree with the last events; after `dispose()` no event comes.
 */
import { expect, waitUntil as openWcWaitUntil } from '@open-wc/testing';
import {
  qualityLevel,
  SoftphoneError,
  type CallQuality,
  type CallState,
  type RegistrationSnapshot,
  type RegistrationState,
  type Softphone,
  type SoftphoneCall,
  type SoftphoneEvent,
} from '../softphone.js';

/** The network side of one softphone under test. */
export interface SoftphoneHarness {
  readonly phone: Softphone;
  /** A customer calls in; resolves with the call's id once the phone shows it ringing. */
  inbound(number: string, options?: { readonly name?: string }): Promise<string>;
  /** The far end of an outbound call rings (180). */
  remoteRinging(callId: string): Promise<void>;
  /** The far end answers an outbound call (200). */
  remoteAnswer(callId: string): Promise<void>;
  /** The customer hangs up (BYE), or cancels a call still ringing (CANCEL). */
  remoteHangup(callId: string): Promise<void>;
  /** The final answer the far end got to a call it made (486, 603…), or null. */
  rejection(callId: string): number | null;
  /** The DTMF digits the far end received on a call. */
  dtmf(callId: string): string;
  /** Where the far end was asked to transfer the call (the REFER's target), or null. */
  referTarget(callId: string): string | null;
  /**
   * The transfer target says how the transfer went (NOTIFY with `SIP/2.0 <status>`; default 200).
   * In an attended transfer the target also ends the consultation call, as a real one does.
   */
  confirmTransfer(callId: string, status?: number): Promise<void>;
  /** The value of an extra header the REFER of a call carried, or null. */
  referHeader(callId: string, name: string): string | null;
  /** The SIP INFO messages (other than DTMF) the far end received in a call. */
  infoReceived(callId: string): readonly { readonly contentType: string; readonly body: string }[];
  /** From now on the registrar refuses the account with this status (401 wrong password, 403). */
  refuseRegistration(status: 401 | 403): void;
  /** The media of a connected call gets measured (a simulation reports figures; a real phone samples getStats on its own). */
  measureQuality(callId: string): Promise<void>;
  /** The connection to the SIP server drops, and stays down until {@link restoreTransport}. */
  dropTransport(): Promise<void>;
  /** The SIP server can be reached again. */
  restoreTransport(): Promise<void>;
  /** Resolves once everything the far end sent so far has reached the phone (or been dropped by it). */
  settle(): Promise<void>;
  dispose(): Promise<void> | void;
}

/** How the harness builds the phone for one case. */
export interface HarnessOptions {
  readonly registered: boolean;
  /** An unanswered inbound call is missed after this long (default: never during a case). */
  readonly noAnswerTimeoutMs?: number;
  /** A call whose connection dropped ends as connection-lost after this long (default: longer than a case). */
  readonly connectionLossTimeoutMs?: number;
}

export interface ContractOptions {
  /** Per-test timeout (a real SIP stack with WebRTC takes longer than a simulation). */
  readonly timeout?: number;
}

const CALL_KEYS: readonly (keyof SoftphoneCall)[] = [
  'id',
  'direction',
  'remoteNumber',
  'remoteName',
  'displayNumber',
  'state',
  'startedAt',
  'answeredAt',
  'endedAt',
  'muted',
  'endReason',
  'hangupBy',
  'variables',
  'confirmed',
];

const CALL_MOVES: { readonly [from in CallState]: readonly CallState[] } = {
  ringing: ['connected', 'ended'],
  dialing: ['early', 'connected', 'ended'],
  early: ['connected', 'ended'],
  connected: ['held', 'ended'],
  held: ['connected', 'ended'],
  ended: [],
};

const REGISTRATION_MOVES: { readonly [from in RegistrationState]: readonly RegistrationState[] } = {
  unregistered: ['registering'],
  registering: ['registered', 'reconnecting', 'failed', 'unregistered'],
  registered: ['reconnecting', 'failed', 'unregistered'],
  reconnecting: ['registered', 'failed', 'unregistered'],
  failed: ['registering', 'unregistered'],
};

/** What one softphone said, in order. */
class Recorder {
  readonly events: SoftphoneEvent[] = [];
  readonly #off: () => void;
  constructor(phone: Softphone) {
    this.#off = phone.on((event) => this.events.push(event));
  }
  calls(id: string): SoftphoneCall[] {
    return this.events.flatMap((e) => (e.type === 'call' && e.call.id === id ? [e.call] : []));
  }
  last(id: string): SoftphoneCall | undefined {
    return this.calls(id).at(-1);
  }
  /** The call's states, each once per stay (a snapshot that changed something else repeats none). */
  states(id: string): CallState[] {
    const out: CallState[] = [];
    for (const call of this.calls(id)) if (out.at(-1) !== call.state) out.push(call.state);
    return out;
  }
  registrations(): RegistrationSnapshot[] {
    return this.events.flatMap((e) => (e.type === 'registration' ? [e.registration] : []));
  }
  registrationStates(): RegistrationState[] {
    const out: RegistrationState[] = [];
    for (const r of this.registrations()) if (out.at(-1) !== r.state) out.push(r.state);
    return out;
  }
  stop(): void {
    this.#off();
  }
}

async function waitFor(predicate: () => boolean, what: () => string, timeout = 5000): Promise<void> {
  try {
    await openWcWaitUntil(predicate, '', { timeout, interval: 5 });
  } catch {
    throw new Error(`Timed out waiting: ${what()}`);
  }
}

/** The code of the SoftphoneError a command raised (or what else happened). */
async function errorCode(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'resolved';
  } catch (error) {
    return error instanceof SoftphoneError ? error.code : `not a SoftphoneError: ${String(error)}`;
  }
}

function expectMovesAllowed(states: readonly CallState[], what: string): void {
  for (let i = 1; i < states.length; i += 1) {
    const from = states[i - 1]!;
    const to = states[i]!;
    expect(CALL_MOVES[from], `${what}: ${states.join(' → ')} has ${from} → ${to}`).to.include(to);
  }
}

/**
 * Declares the contract's cases for one softphone. `makeHarness` makes a fresh
 * phone and its network for every case, registered unless `registered: false`.
 */
export function describeSoftphoneContract(
  name: string,
  makeHarness: (options: HarnessOptions) => Promise<SoftphoneHarness>,
  options: ContractOptions = {},
): void {
  describe(`Softphone contract: ${name}`, function () {
    if (options.timeout !== undefined) this.timeout(options.timeout);
    let h: SoftphoneHarness | null = null;
    let rec: Recorder | null = null;

    afterEach(async () => {
      rec?.stop();
      rec = null;
      const harness = h;
      h = null;
      await harness?.dispose();
    });

    async function start(
      registered = true,
      more: Omit<HarnessOptions, 'registered'> = {},
    ): Promise<{ h: SoftphoneHarness; rec: Recorder; phone: Softphone }> {
      h = await makeHarness({ registered, ...more });
      rec = new Recorder(h.phone);
      return { h, rec, phone: h.phone };
    }

    /** An inbound call answered and connected. */
    async function connectedInbound(harness: SoftphoneHarness, r: Recorder, phone: Softphone): Promise<string> {
      const id = await harness.inbound('+15550100');
      await phone.answer(id);
      await waitFor(() => r.last(id)?.state === 'connected', () => `call ${id} connected; states ${r.states(id).join(' → ')}`);
      return id;
    }

    it('registers through registering to registered and back to unregistered, as registration() says', async () => {
      const { h: harness, phone } = await start(false);
      const r = new Recorder(phone);
      try {
        expect(phone.registration().state, 'before register()').to.equal('unregistered');
        await phone.register();
        await waitFor(() => phone.registration().state === 'registered', () => `registered; seen ${r.registrationStates().join(' → ')}`);
        expect(r.registrationStates(), 'registration states').to.deep.equal(['registering', 'registered']);
        await phone.unregister();
        await waitFor(() => phone.registration().state === 'unregistered', () => `unregistered; seen ${r.registrationStates().join(' → ')}`);
        await harness.settle();
        const states = r.registrationStates();
        expect(states, 'registration states').to.deep.equal(['registering', 'registered', 'unregistered']);
        for (let i = 1; i < states.length; i += 1) {
          expect(REGISTRATION_MOVES[states[i - 1]!], `${states.join(' → ')}`).to.include(states[i]);
        }
        expect(phone.registration(), 'registration() is the last event').to.deep.equal(r.registrations().at(-1));
      } finally {
        r.stop();
      }
    });

    it('refuses to dial while unregistered with not-registered, and makes no call', async () => {
      const { h: harness, rec: r, phone } = await start(false);
      expect(await errorCode(() => phone.dial('+15550199')), 'dial() while unregistered').to.equal('not-registered');
      await harness.settle();
      expect(phone.calls(), 'calls()').to.deep.equal([]);
      expect(r.events.filter((e) => e.type === 'call'), 'call events').to.deep.equal([]);
    });

    it('inbound: ringing → answer → connected → hold → held → resume → connected, DTMF reaches the far end, hangup ends it', async () => {
      const { h: harness, rec: r, phone } = await start();
      const id = await harness.inbound('+15550100', { name: 'Ada' });
      const ringing = r.last(id)!;
      expect({ state: ringing.state, direction: ringing.direction, remoteNumber: ringing.remoteNumber }).to.deep.equal({
        state: 'ringing',
        direction: 'inbound',
        remoteNumber: '+15550100',
      });
      await phone.answer(id);
      await waitFor(() => r.last(id)?.state === 'connected', () => `connected; states ${r.states(id).join(' → ')}`);
      expect(r.last(id)!.answeredAt, 'answeredAt once connected').to.be.a('number');
      await phone.hold(id, true);
      await waitFor(() => r.last(id)?.state === 'held', () => `held; states ${r.states(id).join(' → ')}`);
      await phone.hold(id, false);
      await waitFor(() => r.last(id)?.state === 'connected' && r.states(id).length === 4, () => `resumed; states ${r.states(id).join(' → ')}`);
      await phone.sendDtmf(id, '12#');
      await waitFor(() => harness.dtmf(id) === '12#', () => `the far end received DTMF 12#, got "${harness.dtmf(id)}"`);
      await phone.hangup(id);
      await waitFor(() => r.last(id)?.state === 'ended', () => `ended; states ${r.states(id).join(' → ')}`);
      const ended = r.last(id)!;
      expect({ reason: ended.endReason, by: ended.hangupBy }).to.deep.equal({ reason: 'hangup', by: 'agent' });
      expect(r.states(id), 'states').to.deep.equal(['ringing', 'connected', 'held', 'connected', 'ended']);
      expectMovesAllowed(r.states(id), 'inbound');
      expect(phone.calls().map((c) => c.id), 'calls() after the end').to.not.include(id);
    });

    it('outbound: dialing → early (180) → connected (200); the customer hangs up', async () => {
      const { h: harness, rec: r, phone } = await start();
      const id = await phone.dial('+15550123');
      await waitFor(() => r.last(id)?.state === 'dialing', () => `dialing; states ${r.states(id).join(' → ')}`);
      expect(r.last(id)!.direction, 'direction').to.equal('outbound');
      expect(r.last(id)!.remoteNumber, 'remoteNumber').to.equal('+15550123');
      await harness.remoteRinging(id);
      await waitFor(() => r.last(id)?.state === 'early', () => `early; states ${r.states(id).join(' → ')}`);
      await harness.remoteAnswer(id);
      await waitFor(() => r.last(id)?.state === 'connected', () => `connected; states ${r.states(id).join(' → ')}`);
      expect(r.last(id)!.confirmed, 'an answered outbound call is confirmed').to.equal(true);
      await harness.remoteHangup(id);
      await waitFor(() => r.last(id)?.state === 'ended', () => `ended; states ${r.states(id).join(' → ')}`);
      const ended = r.last(id)!;
      expect({ reason: ended.endReason, by: ended.hangupBy }).to.deep.equal({ reason: 'hangup', by: 'customer' });
      expect(r.states(id), 'states').to.deep.equal(['dialing', 'early', 'connected', 'ended']);
    });

    it('reject answers 486 when busy and 603 otherwise', async () => {
      const { h: harness, rec: r, phone } = await start();
      const busy = await harness.inbound('+15550101');
      await phone.reject(busy, { busy: true });
      await waitFor(() => r.last(busy)?.state === 'ended' && harness.rejection(busy) !== null, () => `busy call ended and answered; states ${r.states(busy).join(' → ')}, answer ${harness.rejection(busy)}`);
      const declined = await harness.inbound('+15550102');
      await phone.reject(declined);
      await waitFor(() => r.last(declined)?.state === 'ended' && harness.rejection(declined) !== null, () => `declined call ended and answered; states ${r.states(declined).join(' → ')}, answer ${harness.rejection(declined)}`);
      expect({
        busy: [harness.rejection(busy), r.last(busy)!.endReason, r.last(busy)!.hangupBy],
        declined: [harness.rejection(declined), r.last(declined)!.endReason, r.last(declined)!.hangupBy],
      }).to.deep.equal({ busy: [486, 'busy', 'agent'], declined: [603, 'rejected', 'agent'] });
      expect(r.states(busy), 'busy states').to.deep.equal(['ringing', 'ended']);
    });

    it('a caller who hangs up while it rings cancels the call', async () => {
      const { h: harness, rec: r } = await start();
      const id = await harness.inbound('+15550103');
      await harness.remoteHangup(id);
      await waitFor(() => r.last(id)?.state === 'ended', () => `ended; states ${r.states(id).join(' → ')}`);
      expect({ reason: r.last(id)!.endReason, by: r.last(id)!.hangupBy }).to.deep.equal({ reason: 'cancelled', by: 'customer' });
    });

    it('a blind transfer asks the far end to go to the target and ends the call only once confirmed', async () => {
      const { h: harness, rec: r, phone } = await start();
      const id = await connectedInbound(harness, r, phone);
      await phone.transfer(id, '2002');
      expect(harness.referTarget(id), 'REFER target').to.be.a('string').and.contain('2002');
      await harness.settle();
      expect(phone.calls().find((c) => c.id === id)?.state, 'the call before the confirmation').to.equal('connected');
      await harness.confirmTransfer(id);
      await waitFor(() => r.last(id)?.state === 'ended', () => `ended; states ${r.states(id).join(' → ')}`);
      expect({ reason: r.last(id)!.endReason, by: r.last(id)!.hangupBy }).to.deep.equal({ reason: 'transferred', by: 'agent' });
    });

    it('an attended transfer joins the caller to the consultation call and ends both once confirmed', async () => {
      const { h: harness, rec: r, phone } = await start();
      const caller = await connectedInbound(harness, r, phone);
      await phone.hold(caller, true);
      await waitFor(() => r.last(caller)?.state === 'held', () => `held; states ${r.states(caller).join(' → ')}`);
      const consult = await phone.dial('2002');
      await harness.remoteAnswer(consult);
      await waitFor(() => r.last(consult)?.state === 'connected', () => `consultation connected; states ${r.states(consult).join(' → ')}`);
      await phone.transfer(caller, '2002', { consultCallId: consult });
      expect(harness.referTarget(caller), 'REFER target').to.be.a('string');
      await harness.settle();
      expect(phone.calls().map((c) => [c.id, c.state]), 'both calls before the confirmation').to.deep.equal([
        [caller, 'held'],
        [consult, 'connected'],
      ]);
      await harness.confirmTransfer(caller);
      await waitFor(
        () => r.last(caller)?.state === 'ended' && r.last(consult)?.state === 'ended',
        () => `both ended; caller ${r.states(caller).join(' → ')}, consultation ${r.states(consult).join(' → ')}`,
      );
      expect({
        caller: [r.last(caller)!.endReason, r.last(caller)!.hangupBy],
        consult: [r.last(consult)!.endReason, r.last(consult)!.hangupBy],
      }).to.deep.equal({ caller: ['transferred', 'agent'], consult: ['transferred', 'agent'] });
      expect(phone.calls(), 'calls() after the transfer').to.deep.equal([]);
    });

    it('a failed transfer (NOTIFY 503) leaves the call with the agent, who can still hang up', async () => {
      const { h: harness, rec: r, phone } = await start();
      const id = await connectedInbound(harness, r, phone);
      await phone.transfer(id, '2002');
      await harness.confirmTransfer(id, 503);
      await harness.settle();
      expect(phone.calls().find((c) => c.id === id)?.state, 'the call after the failed transfer').to.equal('connected');
      expect(r.states(id), 'states').to.deep.equal(['ringing', 'connected']);
      expect(r.last(id)?.transferFailed, 'the failed status on the call').to.equal(503);
      // The next transfer starts clean: the old failure is gone from the call.
      await phone.transfer(id, '2003');
      await waitFor(() => r.last(id)?.transferFailed === undefined, () => `transferFailed still ${String(r.last(id)?.transferFailed)}`);
      await harness.confirmTransfer(id, 486);
      await harness.settle();
      expect(r.last(id)?.transferFailed, 'the second failure').to.equal(486);
      await phone.hangup(id);
      await waitFor(() => r.last(id)?.state === 'ended', () => `ended; states ${r.states(id).join(' → ')}`);
      expect({ reason: r.last(id)!.endReason, by: r.last(id)!.hangupBy }).to.deep.equal({ reason: 'hangup', by: 'agent' });
    });

    it('a blind transfer carries the extra REFER headers, and sendInfo reaches the far end in the dialog', async () => {
      const { h: harness, rec: r, phone } = await start();
      const id = await connectedInbound(harness, r, phone);
      expect(phone.sendInfo, 'sendInfo').to.be.a('function');
      await phone.sendInfo!(id, { contentType: 'application/x-survey', body: 'survey=csat' });
      await waitFor(() => harness.infoReceived(id).length === 1, () => `the far end got the INFO; it has ${JSON.stringify(harness.infoReceived(id))}`);
      expect(harness.infoReceived(id), 'INFO').to.deep.equal([{ contentType: 'application/x-survey', body: 'survey=csat' }]);
      await phone.transfer(id, '9001', { headers: { 'X-Survey': 'csat-1' } });
      expect(harness.referTarget(id), 'REFER target').to.be.a('string').and.contain('9001');
      expect(harness.referHeader(id, 'X-Survey'), 'the REFER header').to.equal('csat-1');
      await harness.confirmTransfer(id);
      await waitFor(() => r.last(id)?.state === 'ended', () => `ended; states ${r.states(id).join(' → ')}`);
      expect(r.last(id)!.endReason, 'end reason').to.equal('transferred');
    });

    it('sendInfo on a call still ringing raises illegal-state', async () => {
      const { h: harness, phone } = await start();
      const id = await harness.inbound('+15550107');
      expect(await errorCode(() => phone.sendInfo!(id, { contentType: 'application/x-survey', body: 'x' }))).to.equal('illegal-state');
      await harness.settle();
      expect(harness.infoReceived(id), 'INFO').to.deep.equal([]);
    });

    it('the agent cancels an outbound call while it rings: cancelled by the agent', async () => {
      const { h: harness, rec: r, phone } = await start();
      const id = await phone.dial('+15550125');
      await harness.remoteRinging(id);
      await waitFor(() => r.last(id)?.state === 'early', () => `early; states ${r.states(id).join(' → ')}`);
      await phone.hangup(id);
      await waitFor(() => r.last(id)?.state === 'ended', () => `ended; states ${r.states(id).join(' → ')}`);
      expect({ reason: r.last(id)!.endReason, by: r.last(id)!.hangupBy, answeredAt: r.last(id)!.answeredAt }).to.deep.equal({
        reason: 'cancelled',
        by: 'agent',
        answeredAt: null,
      });
      expect(r.states(id), 'states').to.deep.equal(['dialing', 'early', 'ended']);
    });

    for (const status of [401, 403] as const) {
      it(`a registration refused with ${status} is failed with a reason, and register() rejects with not-registered`, async () => {
        const { h: harness, phone } = await start(false);
        const r = new Recorder(phone);
        try {
          harness.refuseRegistration(status);
          expect(await errorCode(() => phone.register()), 'register()').to.equal('not-registered');
          await harness.settle();
          expect(r.registrationStates(), 'registration states').to.deep.equal(['registering', 'failed']);
          const failed = phone.registration();
          expect(failed.state, 'state').to.equal('failed');
          expect(failed.reason, 'reason').to.be.a('string').and.match(status === 401 ? /password/i : /refused/i);
          expect(await errorCode(() => phone.dial('+15550199')), 'dial() while failed').to.equal('not-registered');
        } finally {
          r.stop();
        }
      });
    }

    it('a lost connection to the SIP server shows reconnecting, then registered again once it is back', async () => {
      const { h: harness, rec: r, phone } = await start();
      await harness.dropTransport();
      await waitFor(() => phone.registration().state === 'reconnecting', () => `reconnecting; seen ${r.registrationStates().join(' → ')}`);
      expect(phone.registration().reason, 'reason while reconnecting').to.be.a('string').and.not.equal('');
      expect(phone.registration().attempt, 'attempt').to.be.a('number').and.at.least(1);
      await harness.restoreTransport();
      await waitFor(() => phone.registration().state === 'registered', () => `registered again; seen ${r.registrationStates().join(' → ')}`);
      expect(r.registrationStates(), 'registration states').to.deep.equal(['reconnecting', 'registered']);
      const id = await harness.inbound('+15550108');
      expect(r.last(id)!.state, 'a call after the reconnect').to.equal('ringing');
    });

    it('the connection drops during a call: link lost, then recovering and ok once registered again; the call stays connected', async () => {
      const { h: harness, rec: r, phone } = await start();
      const id = await connectedInbound(harness, r, phone);
      await harness.dropTransport();
      await waitFor(() => r.last(id)?.link === 'lost', () => `link lost; last ${JSON.stringify(r.last(id))}`);
      expect(r.last(id)!.state, 'state while lost').to.equal('connected');
      await harness.restoreTransport();
      await waitFor(() => r.last(id)?.link === 'ok', () => `link ok; links ${r.calls(id).map((c) => c.link ?? 'ok').join(' → ')}`);
      const links: string[] = [];
      for (const c of r.calls(id)) if (links.at(-1) !== (c.link ?? 'ok')) links.push(c.link ?? 'ok');
      expect(links, 'links').to.deep.equal(['ok', 'lost', 'recovering', 'ok']);
      expect(r.states(id), 'states').to.deep.equal(['ringing', 'connected']);
      await phone.hangup(id);
      await waitFor(() => r.last(id)?.state === 'ended', () => `ended; states ${r.states(id).join(' → ')}`);
      expect(r.last(id)!.endReason, 'end reason').to.equal('hangup');
    });

    it('a call whose connection does not come back in time ends as connection-lost by the system', async () => {
      const { h: harness, rec: r, phone } = await start(true, { connectionLossTimeoutMs: 300 });
      const id = await connectedInbound(harness, r, phone);
      await harness.dropTransport();
      await waitFor(() => r.last(id)?.state === 'ended', () => `ended; last ${JSON.stringify(r.last(id))}`);
      expect({ reason: r.last(id)!.endReason, by: r.last(id)!.hangupBy, link: r.calls(id).some((c) => c.link === 'lost') }).to.deep.equal({
        reason: 'connection-lost',
        by: 'system',
        link: true,
      });
      expect(phone.calls(), 'calls()').to.deep.equal([]);
      await harness.restoreTransport();
    });

    it('a connected call reports media-quality samples whose level follows their figures', async () => {
      const { h: harness, rec: r, phone } = await start();
      const id = await connectedInbound(harness, r, phone);
      const samples = (): CallQuality[] => r.events.flatMap((e) => (e.type === 'quality' && e.callId === id ? [e.quality] : []));
      await harness.measureQuality(id);
      await waitFor(() => samples().length > 0, () => `a quality sample for ${id}; events ${r.events.map((e) => e.type).join(', ')}`);
      const sample = samples()[0]!;
      for (const name of ['rttMs', 'jitterMs', 'lossPercent'] as const) {
        const value = sample[name];
        if (value !== null) expect(value, name).to.be.a('number').and.at.least(0);
      }
      expect(sample.rttMs !== null || sample.jitterMs !== null || sample.lossPercent !== null, 'a sample has a figure').to.equal(true);
      expect(sample.level, 'level').to.equal(qualityLevel(sample));
      expect(sample.at, 'at').to.be.a('number');
      expect(r.events.filter((e) => e.type === 'quality').every((e) => e.type === 'quality' && e.callId === id), 'samples only for the call').to.equal(true);
    });

    it('an inbound call nobody answers is missed after the no-answer timeout; the caller hears 480', async () => {
      const { h: harness, rec: r } = await start(true, { noAnswerTimeoutMs: 300 });
      const id = await harness.inbound('+15550109');
      await waitFor(() => r.last(id)?.state === 'ended' && harness.rejection(id) !== null, () => `missed; states ${r.states(id).join(' → ')}, answer ${harness.rejection(id)}`);
      expect({ reason: r.last(id)!.endReason, by: r.last(id)!.hangupBy, answer: harness.rejection(id) }).to.deep.equal({
        reason: 'missed',
        by: 'system',
        answer: 480,
      });
      expect(r.states(id), 'states').to.deep.equal(['ringing', 'ended']);
    });

    it('a command the state does not allow raises illegal-state and changes nothing', async () => {
      const { h: harness, rec: r, phone } = await start();
      const ringing = await harness.inbound('+15550104');
      const before = r.events.length;
      const codes = {
        holdRinging: await errorCode(() => phone.hold(ringing, true)),
        dtmfRinging: await errorCode(() => phone.sendDtmf(ringing, '1')),
        transferRinging: await errorCode(() => phone.transfer(ringing, '2002')),
      };
      await phone.answer(ringing);
      await waitFor(() => r.last(ringing)?.state === 'connected', () => `connected; states ${r.states(ringing).join(' → ')}`);
      const afterAnswer = r.events.length;
      Object.assign(codes, {
        answerConnected: await errorCode(() => phone.answer(ringing)),
        rejectConnected: await errorCode(() => phone.reject(ringing)),
      });
      const outbound = await phone.dial('+15550124');
      await waitFor(() => r.last(outbound)?.state === 'dialing', () => `dialing; states ${r.states(outbound).join(' → ')}`);
      Object.assign(codes, {
        answerOutbound: await errorCode(() => phone.answer(outbound)),
        holdDialing: await errorCode(() => phone.hold(outbound, true)),
      });
      expect(codes).to.deep.equal({
        holdRinging: 'illegal-state',
        dtmfRinging: 'illegal-state',
        transferRinging: 'illegal-state',
        answerConnected: 'illegal-state',
        rejectConnected: 'illegal-state',
        answerOutbound: 'illegal-state',
        holdDialing: 'illegal-state',
      });
      await harness.settle();
      expect(r.states(ringing), 'the inbound call').to.deep.equal(['ringing', 'connected']);
      expect(r.states(outbound), 'the outbound call').to.deep.equal(['dialing']);
      expect(afterAnswer - before, 'events between the refused commands and the answer').to.be.greaterThan(0);
    });

    it('an unknown call id raises not-found for every call command', async () => {
      const { phone } = await start();
      const id = 'no-such-call';
      const codes = {
        answer: await errorCode(() => phone.answer(id)),
        reject: await errorCode(() => phone.reject(id)),
        hangup: await errorCode(() => phone.hangup(id)),
        hold: await errorCode(() => phone.hold(id, true)),
        mute: await errorCode(() => phone.mute(id, true)),
        sendDtmf: await errorCode(() => phone.sendDtmf(id, '1')),
        transfer: await errorCode(() => phone.transfer(id, '2002')),
      };
      expect(codes).to.deep.equal({
        answer: 'not-found',
        reject: 'not-found',
        hangup: 'not-found',
        hold: 'not-found',
        mute: 'not-found',
        sendDtmf: 'not-found',
        transfer: 'not-found',
      });
    });

    it('mute changes muted only, and back', async () => {
      const { h: harness, rec: r, phone } = await start();
      const id = await connectedInbound(harness, r, phone);
      await phone.mute(id, true);
      await waitFor(() => r.last(id)?.muted === true, () => `muted; last ${JSON.stringify(r.last(id))}`);
      expect(r.last(id)!.state, 'state while muted').to.equal('connected');
      await phone.mute(id, false);
      await waitFor(() => r.last(id)?.muted === false, () => `unmuted; last ${JSON.stringify(r.last(id))}`);
      expect(phone.calls().find((c) => c.id === id)?.muted, 'calls() after unmute').to.equal(false);
    });

    it('hold is idempotent: holding a held call or resuming a connected one does nothing', async () => {
      const { h: harness, rec: r, phone } = await start();
      const id = await connectedInbound(harness, r, phone);
      await phone.hold(id, false);
      await phone.hold(id, true);
      await waitFor(() => r.last(id)?.state === 'held', () => `held; states ${r.states(id).join(' → ')}`);
      await phone.hold(id, true);
      await harness.settle();
      expect(r.states(id), 'states').to.deep.equal(['ringing', 'connected', 'held']);
      expect(r.calls(id).filter((c) => c.state === 'held').length, 'held snapshots').to.equal(1);
    });

    it('every event is a full snapshot, and calls() and registration() agree with the last ones', async () => {
      const { h: harness, rec: r, phone } = await start();
      const a = await connectedInbound(harness, r, phone);
      const b = await harness.inbound('+15550105');
      await phone.hold(a, true);
      await waitFor(() => r.last(a)?.state === 'held', () => `held; states ${r.states(a).join(' → ')}`);
      await harness.settle();
      for (const event of r.events) {
        if (event.type !== 'call') continue;
        expect(Object.keys(event.call).sort(), `keys of a ${event.call.state} snapshot`).to.include.members([...CALL_KEYS].sort());
      }
      const live = phone.calls();
      expect(live.map((c) => c.id), 'calls(), oldest first').to.deep.equal([a, b]);
      expect(live, 'calls() are the last snapshots').to.deep.equal([r.last(a), r.last(b)]);
      expect(phone.registration(), 'registration()').to.deep.equal(r.registrations().at(-1) ?? phone.registration());
      expect(phone.registration().state, 'registration state').to.equal('registered');
    });

    it('after dispose() no event comes', async () => {
      const { h: harness, rec: r, phone } = await start();
      const id = await harness.inbound('+15550106');
      const count = r.events.length;
      phone.dispose();
      await harness.remoteHangup(id);
      await harness.settle();
      expect(r.events.slice(count), 'events after dispose').to.deep.equal([]);
    });
  });
}
