import {
  nextCallState,
  qualityLevel,
  SoftphoneError,
  type AudioDevices,
  type CallEndReason,
  type CallLink,
  type InfoMessage,
  type CallState,
  type DialOptions,
  type RegistrationSnapshot,
  type RejectOptions,
  type Softphone,
  type SoftphoneCall,
  type SoftphoneEvent,
  type TransferOptions,
} from './softphone.js';
import { systemTimers, type Timers } from '../time/timers.js';

export interface SimulatedSoftphoneOptions {
  /** Milliseconds from dialling to the remote ringing; `null` rings only on {@link SimulatedSoftphone.simulateRemoteRinging} (default 300). */
  readonly outboundRingAfterMs?: number | null;
  /** Milliseconds from dialling to the remote answering; `null` never answers (default 1500). */
  readonly outboundAnswerAfterMs?: number | null;
  /** Milliseconds an unanswered inbound call rings before it is missed; `null` rings forever (default 30000). */
  readonly inboundTimeoutMs?: number | null;
  /**
   * Milliseconds from a transfer's REFER being accepted to its confirmation (the
   * NOTIFY 200 of a SIP peer), which ends the call as `transferred`; `null`
   * waits for {@link SimulatedSoftphone.simulateTransferResult} (default 0: on the next turn).
   */
  readonly transferConfirmAfterMs?: number | null;
  /**
   * Milliseconds a call waits for its lost connection ({@link SimulatedSoftphone.simulateTransportLost})
   * to come back before it ends as `connection-lost`; `null` waits forever (default 30000, as the SIP softphone).
   */
  readonly connectionLossTimeoutMs?: number | null;
  /** Clock, epoch ms (default Date.now). */
  readonly now?: () => number;
  /** Where the simulated delays are scheduled (default the browser's timers); a `ManualClock` makes them run when a test says. */
  readonly timers?: Timers;
}

export interface SimulatedInboundOptions {
  readonly name?: string | null;
  /** The number the customer dialled (the hotline). */
  readonly displayNumber?: string | null;
  readonly variables?: { readonly [name: string]: string };
}

/**
 * A scripted softphone for the demo and for tests: inbound calls ring when
 * {@link simulateInbound} is called, outbound calls ring and are answered on a
 * timer, and the agent's commands follow the same state machine as the real
 * SIP softphone. Events are delivered synchronously, so a test sees the pop
 * state right after the call starts.
 *
 * It keeps the rules of the SIP softphone (the contract suite in
 * `./contract/` holds both to them): it dials only while registered
 * (`SoftphoneError('not-registered')` otherwise), and a transfer ends the call
 * only once the transfer is confirmed, after `transfer()` resolved.
 */
export class SimulatedSoftphone implements Softphone {
  readonly kind = 'simulated';
  readonly #options: Required<Omit<SimulatedSoftphoneOptions, 'now' | 'timers'>>;
  readonly #now: () => number;
  readonly #clock: Timers;
  readonly #calls = new Map<string, SoftphoneCall>();
  readonly #timers = new Map<string, unknown[]>();
  readonly #listeners = new Set<(event: SoftphoneEvent) => void>();
  /** DTMF digits sent per call, for tests and the demo. */
  readonly dtmfSent = new Map<string, string>();
  /** Where each call was transferred to (the REFER's target), for tests. */
  readonly transfers = new Map<string, string>();
  /** The extra REFER headers of each transfer, for tests. */
  readonly transferHeaders = new Map<string, { readonly [name: string]: string }>();
  /** SIP INFO messages sent in each call, for tests. */
  readonly infoSent = new Map<string, InfoMessage[]>();
  /** Transfers accepted and not yet confirmed: call id → the consultation call it joins, if any. */
  readonly #transferring = new Map<string, string | undefined>();
  #registration: RegistrationSnapshot = { state: 'unregistered', reason: null };
  #refusal: string | null = null;
  #seq = 0;

  constructor(options: SimulatedSoftphoneOptions = {}) {
    this.#options = {
      outboundRingAfterMs: options.outboundRingAfterMs === undefined ? 300 : options.outboundRingAfterMs,
      outboundAnswerAfterMs:
        options.outboundAnswerAfterMs === undefined ? 1500 : options.outboundAnswerAfterMs,
      inboundTimeoutMs: options.inboundTimeoutMs === undefined ? 30_000 : options.inboundTimeoutMs,
      transferConfirmAfterMs: options.transferConfirmAfterMs === undefined ? 0 : options.transferConfirmAfterMs,
      connectionLossTimeoutMs: options.connectionLossTimeoutMs === undefined ? 30_000 : options.connectionLossTimeoutMs,
    };
    this.#now = options.now ?? Date.now;
    this.#clock = options.timers ?? systemTimers;
  }

  // ------------------------------------------------------------ simulation

  /** A customer calls in: the call rings now. Returns its id. */
  simulateInbound(number: string, options: SimulatedInboundOptions = {}): string {
    const id = this.#newId();
    this.#put({
      id,
      direction: 'inbound',
      remoteNumber: number,
      remoteName: options.name ?? null,
      displayNumber: options.displayNumber ?? null,
      state: 'ringing',
      startedAt: this.#now(),
      answeredAt: null,
      endedAt: null,
      muted: false,
      endReason: null,
      hangupBy: null,
      variables: { ...(options.variables ?? {}) },
      confirmed: false,
    });
    if (this.#options.inboundTimeoutMs !== null) {
      this.#after(id, this.#options.inboundTimeoutMs, () => {
        // The caller hears 480 Temporarily Unavailable, as from the SIP softphone.
        this.rejections.set(id, 480);
        this.#end(id, 'missed', 'system');
      });
    }
    return id;
  }

  /** The customer's phone rings (180): a dialling call becomes `early`. */
  simulateRemoteRinging(callId: string): void {
    const call = this.#get(callId);
    if (call.state === 'dialing') this.#move(call, 'early');
  }

  /**
   * How a transfer in progress went (the NOTIFY's status): 2xx ends the call as
   * `transferred`; anything else leaves it as it was, for the agent to try again.
   */
  simulateTransferResult(callId: string, status = 200): void {
    if (!this.#transferring.has(callId)) throw new SoftphoneError('not-found', `No transfer in progress on ${callId}.`);
    const consult = this.#transferring.get(callId);
    this.#transferring.delete(callId);
    if (status >= 300) {
      // Accepted, then refused by the target: the call stays with the agent, and says with what.
      this.#put({ ...this.#get(callId), transferFailed: Math.min(Math.trunc(status), 699) });
      return;
    }
    if (status < 200) return;
    if (consult !== undefined) this.#end(consult, 'transferred', 'agent');
    this.#end(callId, 'transferred', 'agent');
  }

  /** A media-quality sample for a connected call, as the SIP softphone reports from `getStats`. */
  simulateQuality(callId: string, figures: { rttMs?: number | null; jitterMs?: number | null; lossPercent?: number | null }): void {
    this.#get(callId);
    const sample = {
      rttMs: figures.rttMs ?? null,
      jitterMs: figures.jitterMs ?? null,
      lossPercent: figures.lossPercent ?? null,
    };
    this.#emit({ type: 'quality', callId, quality: { ...sample, level: qualityLevel(sample), at: this.#now() } });
  }

  /**
   * The WebSocket to the SIP server drops during the call (`lost`), comes back
   * and the call is being recovered (`recovering`), or is back (`ok`).
   */
  simulateLink(callId: string, link: CallLink): void {
    const call = this.#get(callId);
    this.#put({ ...call, link });
  }

  /**
   * From now on registering is refused with this reason (`register()` rejects with
   * `not-registered`, the state is `failed`), as a SIP registrar's 401 or 403; `null` accepts again.
   */
  refuseRegistration(reason: string | null): void {
    this.#refusal = reason;
  }

  /**
   * The connection to the SIP server drops: the registration is `reconnecting`
   * and every live call's link is `lost`; a call still lost after
   * `connectionLossTimeoutMs` ends as `connection-lost`.
   */
  simulateTransportLost(reason = 'Lost the connection to the SIP server.'): void {
    if (this.#registration.state === 'registered' || this.#registration.state === 'reconnecting') {
      this.#setRegistration({ state: 'reconnecting', reason, attempt: 1, nextAttemptAt: this.#now() + 1000 });
    }
    for (const call of [...this.#calls.values()]) {
      if (call.link === 'lost') continue;
      this.#put({ ...call, link: 'lost' });
      const after = this.#options.connectionLossTimeoutMs;
      if (after !== null) {
        this.#after(call.id, after, () => {
          if (this.#calls.get(call.id)?.link !== 'ok') this.#end(call.id, 'connection-lost', 'system');
        });
      }
    }
  }

  /** The connection is back: registered again, and the lost calls recover (`recovering`, then `ok`). */
  simulateTransportBack(): void {
    if (this.#registration.state === 'reconnecting') this.#setRegistration({ state: 'registered', reason: null });
    for (const call of [...this.#calls.values()]) {
      if (call.link !== 'lost') continue;
      this.#put({ ...call, link: 'recovering' });
      this.#put({ ...this.#get(call.id), link: 'ok' });
    }
  }

  /** The call could not be recovered after its connection was lost: it ends as `connection-lost`. */
  simulateConnectionLost(callId: string): void {
    this.#end(callId, 'connection-lost', 'system');
  }

  /** The customer answers an outbound call now. */
  simulateRemoteAnswer(callId: string): void {
    const call = this.#get(callId);
    this.#move(call, 'connected', { answeredAt: this.#now(), confirmed: true });
  }

  /** The customer hangs up (or cancels a ringing inbound call). */
  simulateRemoteHangup(callId: string): void {
    const call = this.#get(callId);
    const reason: CallEndReason =
      call.state === 'ringing' ? 'cancelled' : call.state === 'connected' || call.state === 'held' ? 'hangup' : 'failed';
    this.#end(callId, reason, 'customer');
  }

  // ------------------------------------------------------------ Softphone

  async register(): Promise<void> {
    if (this.#registration.state === 'registered') return;
    // Through `registering`, as the registration diagram (and the SIP softphone) goes.
    this.#setRegistration({ state: 'registering', reason: null });
    if (this.#refusal !== null) {
      this.#setRegistration({ state: 'failed', reason: this.#refusal });
      throw new SoftphoneError('not-registered', this.#refusal);
    }
    this.#setRegistration({ state: 'registered', reason: null });
  }

  async unregister(): Promise<void> {
    if (this.#registration.state === 'unregistered') return;
    this.#setRegistration({ state: 'unregistered', reason: null });
  }

  async dial(target: string, options: DialOptions = {}): Promise<string> {
    if (this.#registration.state !== 'registered') {
      throw new SoftphoneError('not-registered', 'The phone is not registered.');
    }
    const id = this.#newId();
    this.#put({
      id,
      direction: 'outbound',
      remoteNumber: target,
      remoteName: null,
      displayNumber: options.displayNumber ?? null,
      state: 'dialing',
      startedAt: this.#now(),
      answeredAt: null,
      endedAt: null,
      muted: false,
      endReason: null,
      hangupBy: null,
      variables: { ...(options.variables ?? {}) },
      confirmed: false,
    });
    const ringAfter = this.#options.outboundRingAfterMs;
    if (ringAfter !== null) {
      this.#after(id, ringAfter, () => {
        const call = this.#calls.get(id);
        if (call?.state === 'dialing') this.#move(call, 'early');
      });
    }
    const answerAfter = this.#options.outboundAnswerAfterMs;
    if (answerAfter !== null) {
      this.#after(id, Math.max(answerAfter, ringAfter ?? 0), () => {
        const call = this.#calls.get(id);
        if (call && (call.state === 'dialing' || call.state === 'early')) {
          this.#move(call, 'connected', { answeredAt: this.#now(), confirmed: true });
        }
      });
    }
    return id;
  }

  async answer(callId: string): Promise<void> {
    const call = this.#get(callId);
    if (call.direction !== 'inbound') throw new SoftphoneError('illegal-state', 'Only an inbound call can be answered.');
    this.#clearTimers(callId);
    this.#move(call, 'connected', { answeredAt: this.#now(), confirmed: true });
  }

  /** How each rejected call was answered (486 busy, 603 decline, 480 when nobody answered), for tests. */
  readonly rejections = new Map<string, 486 | 603 | 480>();

  async reject(callId: string, options: RejectOptions = {}): Promise<void> {
    const call = this.#get(callId);
    if (call.state !== 'ringing') throw new SoftphoneError('illegal-state', 'Only a ringing call can be rejected.');
    this.rejections.set(callId, options.busy ? 486 : 603);
    this.#end(callId, options.busy ? 'busy' : 'rejected', 'agent');
  }

  /** The devices last chosen, for tests. */
  audioDevices: AudioDevices = {};

  async setAudioDevices(devices: AudioDevices): Promise<void> {
    this.audioDevices = { ...this.audioDevices, ...devices };
  }

  async hangup(callId: string): Promise<void> {
    const call = this.#get(callId);
    const reason: CallEndReason = call.state === 'ringing' ? 'rejected' : call.answeredAt === null ? 'cancelled' : 'hangup';
    this.#end(callId, reason, 'agent');
  }

  async hold(callId: string, on: boolean): Promise<void> {
    const call = this.#get(callId);
    if (on && call.state === 'held') return;
    if (!on && call.state === 'connected') return;
    this.#move(call, on ? 'held' : 'connected');
  }

  async mute(callId: string, on: boolean): Promise<void> {
    const call = this.#get(callId);
    if (call.state === 'ended') throw new SoftphoneError('illegal-state', 'The call has ended.');
    this.#put({ ...call, muted: on });
  }

  async sendDtmf(callId: string, digits: string): Promise<void> {
    const call = this.#get(callId);
    if (call.state !== 'connected') throw new SoftphoneError('illegal-state', 'DTMF needs a connected call.');
    if (!/^[0-9*#A-D]+$/i.test(digits)) throw new SoftphoneError('failed', 'DTMF digits are 0-9, *, # and A-D.');
    this.dtmfSent.set(callId, (this.dtmfSent.get(callId) ?? '') + digits);
  }

  /**
   * Resolves once the transfer is accepted (a SIP peer's 202); the call ends as
   * `transferred` when it is confirmed (after `transferConfirmAfterMs`, or
   * {@link simulateTransferResult}), as the SIP softphone's does on the NOTIFY 200.
   */
  async transfer(callId: string, target: string, options: TransferOptions = {}): Promise<void> {
    const call = this.#get(callId);
    if (call.state !== 'connected' && call.state !== 'held') {
      throw new SoftphoneError('illegal-state', 'Only an answered call can be transferred.');
    }
    if (options.consultCallId !== undefined) {
      const consult = this.#get(options.consultCallId);
      if (consult.state !== 'connected' && consult.state !== 'held') {
        throw new SoftphoneError('illegal-state', 'The consultation call is not answered yet.');
      }
    }
    if (call.transferFailed !== undefined) {
      const { transferFailed: _cleared, ...rest } = call;
      this.#put(rest);
    }
    this.transfers.set(callId, target);
    if (options.headers) this.transferHeaders.set(callId, { ...options.headers });
    this.#transferring.set(callId, options.consultCallId);
    const confirmAfter = this.#options.transferConfirmAfterMs;
    if (confirmAfter !== null) {
      this.#after(callId, confirmAfter, () => {
        if (this.#transferring.has(callId)) this.simulateTransferResult(callId, 200);
      });
    }
  }

  async sendInfo(callId: string, info: InfoMessage): Promise<void> {
    const call = this.#get(callId);
    if (call.state !== 'connected' && call.state !== 'held') {
      throw new SoftphoneError('illegal-state', 'INFO needs an answered call.');
    }
    const list = this.infoSent.get(callId) ?? [];
    list.push({ contentType: info.contentType, body: info.body });
    this.infoSent.set(callId, list);
  }

  calls(): readonly SoftphoneCall[] {
    return [...this.#calls.values()];
  }

  registration(): RegistrationSnapshot {
    return this.#registration;
  }

  on(listener: (event: SoftphoneEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    for (const id of this.#timers.keys()) this.#clearTimers(id);
    this.#listeners.clear();
    this.#calls.clear();
  }

  // ------------------------------------------------------------ internals

  #newId(): string {
    this.#seq += 1;
    return `sim-${this.#now().toString(36)}-${this.#seq}`;
  }

  #get(callId: string): SoftphoneCall {
    const call = this.#calls.get(callId);
    if (!call) throw new SoftphoneError('not-found', `No call ${callId}.`);
    return call;
  }

  #move(call: SoftphoneCall, to: CallState, patch: Partial<SoftphoneCall> = {}): void {
    this.#put({ ...call, ...patch, state: nextCallState(call.state, to) });
  }

  #end(callId: string, reason: CallEndReason, by: SoftphoneCall['hangupBy']): void {
    const call = this.#calls.get(callId);
    if (!call || call.state === 'ended') return;
    this.#clearTimers(callId);
    this.#transferring.delete(callId);
    this.#move(call, 'ended', { endedAt: this.#now(), endReason: reason, hangupBy: by });
    // An ended call is final: keep `calls()` to the calls still going on.
    this.#calls.delete(callId);
  }

  #put(call: SoftphoneCall): void {
    this.#calls.set(call.id, call);
    this.#emit({ type: 'call', call });
  }

  #setRegistration(registration: RegistrationSnapshot): void {
    this.#registration = registration;
    this.#emit({ type: 'registration', registration });
  }

  #emit(event: SoftphoneEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('callpop: a softphone listener failed', error);
      }
    }
  }

  #after(callId: string, ms: number, run: () => void): void {
    const timer = this.#clock.setTimeout(run, ms);
    const list = this.#timers.get(callId) ?? [];
    list.push(timer);
    this.#timers.set(callId, list);
  }

  #clearTimers(callId: string): void {
    for (const timer of this.#timers.get(callId) ?? []) this.#clock.clearTimeout(timer);
    this.#timers.delete(callId);
  }
}
