/**
 * One phone for every tab of one browser profile: the tab that holds the Web
 * Lock `callpop-phone:<account>` (the leader) runs the real softphone — one SIP
 * registration, the calls' media, the ringtone — and every other tab speaks to
 * it over the `BroadcastChannel` of the same name ({@link parseSharedMessage}).
 * To the workbench both are the same `Softphone`: commands from a follower go
 * to the leader and come back as its answer; calls and registration come back
 * as the same events, in every tab.
 *
 * Hand-off, in the order the browser gives it:
 * - The leader's page goes away (closed, reloaded, navigated, crashed): its lock
 *   is released, the next tab in line is elected at once, creates its softphone
 *   and registers again if the agent wanted to be registered. The real
 *   softphones of one profile share one Contact and `+sip.instance` (see
 *   `loadSipSoftphone({ sharing: 'tabs' })`), so the new REGISTER replaces the
 *   binding the old tab left: the server never holds two. A leader that closes
 *   while it is the only tab unregisters first.
 * - A call lives where its media is: when the leader's page goes away during a
 *   call, the call ends (BYE sent) and every tab shows it ended. The
 *   phone window (`role: 'phone-window'`) is the way to keep calls across page
 *   changes: it asks for the phone (`claim`), the tab that has it unregisters
 *   and stands down when idle (`yielded`), and the window takes the lock.
 * - A tab that slept or was frozen says `hello` when it wakes and gets the
 *   state again; only the lock holder ever registers, so waking never makes a
 *   second registration.
 *
 * Without Web Locks or BroadcastChannel (an old browser, a worker-less test
 * page) it is the plain softphone of this tab, with one warning.
 *
 * @packageDocumentation
 */
import {
  SoftphoneError,
  isLive,
  type AudioDevices,
  type DialOptions,
  type InfoMessage,
  type PhoneLocation,
  type RegistrationSnapshot,
  type RejectOptions,
  type Softphone,
  type SoftphoneCall,
  type SoftphoneEvent,
  type TransferOptions,
} from '../softphone.js';
import { systemTimers, type Timers } from '../../time/timers.js';
import { LeaderElection, type LockManagerLike } from './election.js';
import type { ChannelLike } from './fakes.js';
import { envelope, parseSharedMessage, type SharedCommand, type SharedMessage, type SharedMessageBody, type WireError } from './protocol.js';

/** Page lifecycle events the shared phone follows (`window` by default). */
export interface LifecycleTarget {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

export interface SharedSoftphoneOptions {
  /**
   * Whose phone this is, e.g. the SIP URI `sip:1001@example.com`. Tabs share
   * only with tabs of the same account: two accounts in one profile never do.
   */
  readonly account: string;
  /** Make the real softphone, when this tab becomes the phone. */
  readonly create: () => Softphone | Promise<Softphone>;
  /**
   * Get ready to take the phone over quickly, once this tab follows another
   * (e.g. fetch the sip.js chunk while idle, so a hand-off does not wait for it).
   */
  readonly prepare?: () => unknown;
  /** `'tab'` (default), or `'phone-window'`: the window that is always the phone while it is open. */
  readonly role?: 'tab' | 'phone-window';
  /** Default `navigator.locks`; `null` turns sharing off. */
  readonly locks?: LockManagerLike | null;
  /** Default a `BroadcastChannel`; `null` turns sharing off. */
  readonly createChannel?: ((name: string) => ChannelLike) | null;
  /** Default `window`: `pagehide`, `pageshow`, `freeze`, `resume`, `visibilitychange`. */
  readonly lifecycle?: LifecycleTarget | null;
  /** Default the page's timers. */
  readonly timers?: Timers;
  /** How long a command waits for the phone's answer (default 10 s). */
  readonly commandTimeoutMs?: number;
  /** How long a tab that gave the phone to the phone window waits for the window to take it (default 3 s). */
  readonly claimWaitMs?: number;
  /** This tab's id on the channel (default random). */
  readonly tabId?: string;
  /** Clock for the end time of calls that ended with a tab (default `Date.now`). */
  readonly now?: () => number;
}

interface Pending {
  readonly id: string;
  readonly name: SharedCommand;
  readonly args: readonly unknown[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  timer: unknown;
  /** The leader it was sent to, or null while it waits for one. */
  sentTo: string | null;
}

type Role = 'follower' | 'creating' | 'leader' | 'yielding';

/** How long the tab named to take over waits for the lock to pass on its own before it steals it. */
const TAKE_OVER_GRACE_MS = 250;

/** How long a new phone waits for the old one's last word about its calls. */
const STALE_GRACE_MS = 250;

const UNREGISTERED: RegistrationSnapshot = { state: 'unregistered', reason: null };

function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function toWireError(error: unknown): WireError {
  if (error instanceof SoftphoneError) return { code: error.code, message: error.message.slice(0, 500) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'failed', message: message.slice(0, 500) };
}

function defaultLocks(): LockManagerLike | null {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? (locks as unknown as LockManagerLike) : null;
}

function defaultChannel(): ((name: string) => ChannelLike) | null {
  return typeof BroadcastChannel === 'function' ? (name) => new BroadcastChannel(name) : null;
}

/** The key lock and channel names share for an account. */
export function sharedPhoneName(account: string): string {
  return `callpop-phone:${account.trim().toLowerCase().slice(0, 200)}`;
}

export class SharedSoftphone implements Softphone {
  readonly kind = 'shared';
  readonly tabId: string;
  readonly role: 'tab' | 'phone-window';
  readonly #options: SharedSoftphoneOptions;
  readonly #timers: Timers;
  readonly #commandTimeoutMs: number;
  readonly #claimWaitMs: number;
  readonly #listeners = new Set<(event: SoftphoneEvent) => void>();
  readonly #calls = new Map<string, SoftphoneCall>();
  readonly #pending = new Map<string, Pending>();
  /** Tabs that said hello and not yet bye (the leader's count of who else is open). */
  readonly #peers = new Set<string>();
  readonly #election: LeaderElection | null;
  readonly #channel: ChannelLike | null;
  readonly #lifecycle: LifecycleTarget | null;
  #role: Role = 'follower';
  #real: Softphone | null = null;
  #realOff: (() => void) | null = null;
  #ready: Promise<Softphone> | null = null;
  #leader: string | null = null;
  /** The phone before the current one: its last words (calls it ended, leaving) still count. */
  #former: string | null = null;
  #window = false;
  #wanted = false;
  #registration: RegistrationSnapshot = UNREGISTERED;
  #location: PhoneLocation = 'tab';
  /** A phone window that asked for the phone, and since when. */
  #claim: { readonly from: string; readonly at: number } | null = null;
  #claimTimer: unknown = null;
  #warned = new Set<string>();
  #gone = false;
  #seq = 0;
  #askedWhileCreating = false;
  #prepared = false;

  constructor(options: SharedSoftphoneOptions) {
    this.#options = options;
    this.tabId = options.tabId ?? randomId();
    this.role = options.role ?? 'tab';
    this.#timers = options.timers ?? systemTimers;
    this.#commandTimeoutMs = options.commandTimeoutMs ?? 10_000;
    this.#claimWaitMs = options.claimWaitMs ?? 3_000;
    const locks = options.locks === undefined ? defaultLocks() : options.locks;
    const createChannel = options.createChannel === undefined ? defaultChannel() : options.createChannel;
    const name = sharedPhoneName(options.account);
    this.#lifecycle = options.lifecycle === undefined ? (typeof window === 'undefined' ? null : window) : options.lifecycle;
    if (!locks || !createChannel) {
      if (options.locks !== null && options.createChannel !== null) {
        console.warn('callpop: this browser has no Web Locks or BroadcastChannel; each tab has its own phone.');
      }
      this.#election = null;
      this.#channel = null;
      this.#becomeLeader();
    } else {
      this.#channel = createChannel(name);
      this.#channel.addEventListener('message', this.#onMessage);
      this.#election = new LeaderElection(name, locks, {
        elected: () => this.#elected(),
        deposed: () => this.#deposed(),
      });
      this.#election.join();
      this.#post({ t: this.role === 'phone-window' ? 'claim' : 'hello' });
    }
    this.#lifecycle?.addEventListener('pagehide', this.#onPageHide);
    this.#lifecycle?.addEventListener('pageshow', this.#onPageShow);
    this.#lifecycle?.addEventListener('resume', this.#onWake);
    this.#lifecycle?.addEventListener('visibilitychange', this.#onWake);
  }

  // ------------------------------------------------------------ Softphone

  register(): Promise<void> {
    this.#wanted = true;
    return this.#command('register', []).then(() => undefined);
  }

  unregister(): Promise<void> {
    this.#wanted = false;
    return this.#command('unregister', []).then(() => undefined);
  }

  dial(target: string, options?: DialOptions): Promise<string> {
    return this.#command('dial', options === undefined ? [target] : [target, options]).then((id) => {
      if (typeof id !== 'string') throw new SoftphoneError('failed', 'The phone did not say which call it dialled.');
      return id;
    });
  }

  answer(callId: string): Promise<void> {
    return this.#void('answer', [callId]);
  }

  reject(callId: string, options?: RejectOptions): Promise<void> {
    return this.#void('reject', options === undefined ? [callId] : [callId, options]);
  }

  hangup(callId: string): Promise<void> {
    return this.#void('hangup', [callId]);
  }

  hold(callId: string, on: boolean): Promise<void> {
    return this.#void('hold', [callId, on]);
  }

  mute(callId: string, on: boolean): Promise<void> {
    return this.#void('mute', [callId, on]);
  }

  sendDtmf(callId: string, digits: string): Promise<void> {
    return this.#void('sendDtmf', [callId, digits]);
  }

  transfer(callId: string, target: string, options?: TransferOptions): Promise<void> {
    return this.#void('transfer', options === undefined ? [callId, target] : [callId, target, options]);
  }

  /** A SIP INFO in the call's dialog, sent by the phone (refused with `failed` by a phone that cannot). */
  sendInfo(callId: string, info: InfoMessage): Promise<void> {
    return this.#void('sendInfo', [callId, info]);
  }

  setAudioDevices(devices: AudioDevices): Promise<void> {
    return this.#void('setAudioDevices', [devices]);
  }

  calls(): readonly SoftphoneCall[] {
    return [...this.#calls.values()];
  }

  registration(): RegistrationSnapshot {
    return this.#registration;
  }

  /** Where the phone is: `here` (this tab), `tab` (another tab) or `phone-window`. */
  location(): PhoneLocation {
    return this.#location;
  }

  /** The real softphone while this tab holds the phone (for diagnostics), else null. */
  get local(): Softphone | null {
    return this.#role === 'leader' ? this.#real : null;
  }

  on(listener: (event: SoftphoneEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#leave();
    this.#lifecycle?.removeEventListener('pagehide', this.#onPageHide);
    this.#lifecycle?.removeEventListener('pageshow', this.#onPageShow);
    this.#lifecycle?.removeEventListener('resume', this.#onWake);
    this.#lifecycle?.removeEventListener('visibilitychange', this.#onWake);
    this.#election?.dispose();
    this.#channel?.removeEventListener('message', this.#onMessage);
    this.#channel?.close();
    this.#listeners.clear();
  }

  // ------------------------------------------------------------ commands

  #void(name: SharedCommand, args: readonly unknown[]): Promise<void> {
    return this.#command(name, args).then(() => undefined);
  }

  #command(name: SharedCommand, args: readonly unknown[]): Promise<unknown> {
    if (this.#gone) return Promise.reject(new SoftphoneError('failed', 'This page has closed its phone.'));
    if (this.#role === 'leader' || this.#role === 'creating') return this.#runLocal(name, args);
    return new Promise((resolve, reject) => {
      this.#seq += 1;
      const pending: Pending = { id: `${this.tabId}:${this.#seq}`, name, args, resolve, reject, timer: null, sentTo: null };
      pending.timer = this.#timers.setTimeout(() => {
        this.#pending.delete(pending.id);
        reject(
          new SoftphoneError(
            'failed',
            pending.sentTo === null ? 'No tab holds the phone yet; try again in a moment.' : 'The phone (in another tab) did not answer in time.',
          ),
        );
      }, this.#commandTimeoutMs);
      this.#pending.set(pending.id, pending);
      this.#send(pending);
    });
  }

  #send(pending: Pending): void {
    const leader = this.#leader;
    if (leader === null || leader === this.tabId || pending.sentTo !== null) return;
    pending.sentTo = leader;
    this.#post({ t: 'command', to: leader, id: pending.id, name: pending.name, args: pending.args });
  }

  async #runLocal(name: SharedCommand, args: readonly unknown[]): Promise<unknown> {
    if (name === 'register' || name === 'unregister') {
      this.#wanted = name === 'register';
      // Asked here before the softphone was ready: it registers (or not) as asked, not twice.
      if (this.#role === 'creating') this.#askedWhileCreating = true;
    }
    const real = await (this.#ready ?? Promise.reject(new SoftphoneError('failed', 'This tab no longer holds the phone.')));
    const a = args as [never, never, never];
    switch (name) {
      case 'register':
        return real.register();
      case 'unregister':
        return real.unregister();
      case 'dial':
        return real.dial(a[0], a[1]);
      case 'answer':
        return real.answer(a[0]);
      case 'reject':
        return real.reject(a[0], a[1]);
      case 'hangup':
        return real.hangup(a[0]);
      case 'hold':
        return real.hold(a[0], a[1]);
      case 'mute':
        return real.mute(a[0], a[1]);
      case 'sendDtmf':
        return real.sendDtmf(a[0], a[1]);
      case 'transfer':
        return real.transfer(a[0], a[1], a[2]);
      case 'sendInfo':
        if (!real.sendInfo) throw new SoftphoneError('failed', 'This phone cannot send SIP INFO.');
        return real.sendInfo(a[0], a[1]);
      case 'setAudioDevices':
        return real.setAudioDevices(a[0]);
    }
  }

  /** A command from another tab: check its arguments' shapes, run it, answer. */
  #serve(message: Extract<SharedMessage, { t: 'command' }>): void {
    const reply = (body: { ok: true; value: unknown } | { ok: false; error: WireError }): void =>
      this.#post({ t: 'result', to: message.from, id: message.id, ...body } as SharedMessageBody);
    const bad = badArguments(message.name, message.args);
    if (bad) {
      reply({ ok: false, error: { code: 'failed', message: bad } });
      return;
    }
    this.#runLocal(message.name, message.args).then(
      (value) => reply({ ok: true, value: value ?? null }),
      (error: unknown) => reply({ ok: false, error: toWireError(error) }),
    );
  }

  #settle(message: Extract<SharedMessage, { t: 'result' }>): void {
    const pending = this.#pending.get(message.id);
    if (!pending || pending.sentTo !== message.from) return;
    this.#pending.delete(message.id);
    this.#timers.clearTimeout(pending.timer);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new SoftphoneError(message.error.code, message.error.message));
  }

  /** Commands sent to a phone that went away before answering: the agent tries again (never run twice). */
  #failSentTo(leader: string): void {
    for (const pending of [...this.#pending.values()]) {
      if (pending.sentTo !== leader) continue;
      this.#pending.delete(pending.id);
      this.#timers.clearTimeout(pending.timer);
      pending.reject(new SoftphoneError('failed', 'The phone moved to another tab before it answered; try again.'));
    }
  }

  #flush(): void {
    for (const pending of this.#pending.values()) {
      if (pending.sentTo !== null) continue;
      if (this.#role === 'leader') {
        this.#pending.delete(pending.id);
        this.#timers.clearTimeout(pending.timer);
        this.#runLocal(pending.name, pending.args).then(pending.resolve, pending.reject);
      } else this.#send(pending);
    }
  }

  // ------------------------------------------------------------ leading

  #elected(): void {
    if (this.#gone) return;
    this.#becomeLeader();
  }

  #becomeLeader(): void {
    this.#timers.clearTimeout(this.#claimTimer);
    this.#claimTimer = null;
    this.#role = 'creating';
    const previous = this.#leader;
    this.#leader = this.tabId;
    this.#window = this.role === 'phone-window';
    if (previous !== null && previous !== this.tabId) {
      this.#former = previous;
      this.#failSentTo(previous);
    }
    const ready = (async () => Promise.resolve(this.#options.create()))();
    this.#ready = ready;
    // Say at once who the phone is now (the softphone may take a moment to load).
    this.#broadcastState();
    ready.then(
      (real) => {
        if (this.#ready !== ready || this.#gone) {
          real.dispose();
          return;
        }
        this.#real = real;
        this.#role = 'leader';
        this.#realOff = real.on((event) => this.#fromReal(event));
        // Calls the previous phone held went with its page. Its own word on how they ended
        // (sent as it left) may still be on its way: give it a moment, then end what is left.
        const mine = new Set(real.calls().map((call) => call.id));
        const stale = [...this.#calls.values()].filter((call) => !mine.has(call.id));
        if (stale.length > 0) {
          this.#timers.setTimeout(() => {
            for (const call of stale) {
              const now = this.#calls.get(call.id);
              if (now && isLive(now)) this.#endLocally(now, 'failed', 'system');
            }
            this.#broadcastState();
          }, STALE_GRACE_MS);
        }
        for (const call of real.calls()) this.#apply(call);
        this.#setRegistration(real.registration());
        this.#setLocation('here');
        this.#broadcastState();
        const asked = this.#askedWhileCreating;
        this.#askedWhileCreating = false;
        if (this.#wanted && !asked && real.registration().state === 'unregistered') {
          real.register().catch((error: unknown) => console.warn('callpop: the phone could not register again', error));
        }
        this.#flush();
      },
      (error: unknown) => {
        console.error('callpop: could not start the phone in this tab', error);
        if (this.#ready === ready) this.#ready = null;
        this.#role = 'follower';
        this.#leader = null;
        // Let another tab try.
        this.#election?.release(true);
      },
    );
  }

  #fromReal(event: SoftphoneEvent): void {
    if (event.type === 'call') {
      this.#apply(event.call);
      if (event.call.state === 'ended') this.#yieldIfClaimed();
    } else if (event.type === 'registration') this.#setRegistration(event.registration);
    else if (event.type === 'quality') this.#quality(event);
    if (event.type === 'call' || event.type === 'registration' || event.type === 'quality') this.#post({ t: 'event', wanted: this.#wanted, event });
  }

  #broadcastState(): void {
    if (this.#role !== 'leader' && this.#role !== 'creating') return;
    this.#post({
      t: 'state',
      leader: this.tabId,
      window: this.#window,
      wanted: this.#wanted,
      registration: this.#registration,
      calls: [...this.#calls.values()].filter(isLive),
    });
  }

  /** Stop being the phone: the real softphone goes (without unregistering unless asked). */
  #standDown(unregister: boolean): Promise<void> {
    const real = this.#real;
    this.#realOff?.();
    this.#realOff = null;
    this.#real = null;
    this.#ready = null;
    this.#role = 'follower';
    if (!real) return Promise.resolve();
    const done = unregister && real.registration().state !== 'unregistered' ? real.unregister().catch(() => undefined) : Promise.resolve();
    return done.then(() => real.dispose());
  }

  /**
   * The phone window asked for the phone: once no call is live here, unregister,
   * stop, and hold the lock until the window takes it (so no other tab registers
   * in between); if it never does, be the phone again.
   */
  #yieldIfClaimed(): void {
    const claim = this.#claim;
    if (!claim || this.#role !== 'leader' || this.role === 'phone-window') return;
    if ([...this.#calls.values()].some(isLive)) return;
    this.#claim = null;
    const wanted = this.#wanted;
    void this.#standDown(true).then(() => {
      if (this.#gone) return;
      this.#role = 'yielding';
      this.#post({ t: 'yielded', to: claim.from, wanted });
      this.#claimTimer = this.#timers.setTimeout(() => {
        this.#claimTimer = null;
        if (this.#role === 'yielding' && !this.#gone) this.#becomeLeader();
      }, this.#claimWaitMs);
    });
  }

  #deposed(): void {
    // The phone window took the lock: it registers now; we follow.
    this.#timers.clearTimeout(this.#claimTimer);
    this.#claimTimer = null;
    void this.#standDown(false);
    this.#former = this.tabId;
    this.#leader = null;
    this.#setLocation(this.#window ? 'phone-window' : 'tab');
  }

  // ------------------------------------------------------------ following

  #onMessage = (event: MessageEvent): void => {
    const parsed = parseSharedMessage(event.data);
    if (!parsed.ok) {
      if (parsed.reason !== 'foreign') this.#warnOnce(parsed.reason, `callpop: ignored a phone message from another tab (${parsed.detail}).`);
      return;
    }
    const message = parsed.message;
    if (message.from === this.tabId || this.#gone) return;
    switch (message.t) {
      case 'hello':
        // Most recently heard from last: the one named to take over when this phone leaves.
        this.#peers.delete(message.from);
        this.#peers.add(message.from);
        this.#broadcastState();
        return;
      case 'bye':
        this.#peers.delete(message.from);
        return;
      case 'claim':
        this.#peers.add(message.from);
        if (this.role === 'phone-window' && this.#role === 'leader') {
          this.#broadcastState();
          return;
        }
        this.#claim = { from: message.from, at: this.#now() };
        this.#broadcastState();
        this.#yieldIfClaimed();
        return;
      case 'yielded':
        if (message.to !== this.tabId) return;
        if (message.wanted) this.#wanted = true;
        if (this.role === 'phone-window' && this.#role === 'follower') this.#election?.steal();
        return;
      case 'state':
        this.#fromState(message);
        return;
      case 'event':
        if (message.from !== this.#leader) {
          // The phone before: only its word that a call ended still counts.
          if (message.from === this.#former && message.event.type === 'call' && message.event.call.state === 'ended') {
            this.#apply(message.event.call);
          } else if (this.#role === 'follower') this.#post({ t: 'hello' });
          return;
        }
        this.#wanted = message.wanted;
        if (message.event.type === 'call') this.#apply(message.event.call);
        else if (message.event.type === 'registration') this.#setRegistration(message.event.registration);
        else if (message.event.type === 'quality') this.#quality(message.event);
        return;
      case 'command':
        if (message.to === this.tabId && this.#role !== 'follower' && this.#role !== 'yielding') this.#serve(message);
        else if (message.to === this.tabId) {
          this.#post({ t: 'result', to: message.from, id: message.id, ok: false, error: { code: 'failed', message: 'This tab no longer holds the phone; try again.' } });
        }
        return;
      case 'result':
        if (message.to === this.tabId) this.#settle(message);
        return;
      case 'leaving':
        if (message.from !== this.#leader) return;
        this.#failSentTo(message.from);
        this.#former = message.from;
        this.#leader = null;
        // Its calls went with it (it hung them up).
        for (const call of [...this.#calls.values()]) if (isLive(call)) this.#endLocally(call, 'hangup', 'agent');
        this.#setRegistration(this.#wanted ? { state: 'registering', reason: null } : UNREGISTERED);
        // The tab it named takes the phone at once, not when the browser gets round to dropping the
        // closing page's lock (seconds, on a busy machine); the others keep their place in line.
        if (message.next === this.tabId) {
          this.#timers.setTimeout(() => {
            // Nobody was elected meanwhile (the lock is still held by the closing page): take it.
            if (!this.#gone && this.#role === 'follower' && this.#leader === null) this.#election?.steal();
          }, TAKE_OVER_GRACE_MS);
        }
        return;
    }
  };

  #fromState(state: Extract<SharedMessage, { t: 'state' }>): void {
    if (this.#role === 'leader' || this.#role === 'creating') {
      // Two phones must not be: only the lock holder leads, so this is a stale state from the one we replaced.
      return;
    }
    if (this.#claim?.from === state.leader) this.#claim = null;
    const previous = this.#leader;
    this.#leader = state.leader;
    this.#window = state.window;
    this.#wanted = state.wanted;
    if (previous !== null && previous !== state.leader) {
      this.#former = previous;
      this.#failSentTo(previous);
    }
    // The phone window is always the phone: a tab that took the phone meanwhile is asked again.
    if (this.role === 'phone-window' && !state.window && previous !== state.leader) this.#post({ t: 'claim' });
    const live = new Set(state.calls.map((call) => call.id));
    for (const call of [...this.#calls.values()]) if (isLive(call) && !live.has(call.id)) this.#endLocally(call, 'failed', 'system');
    for (const call of state.calls) this.#apply(call);
    this.#setRegistration(state.registration);
    this.#setLocation(state.window ? 'phone-window' : 'tab');
    this.#flush();
    if (!this.#prepared && this.#options.prepare) {
      this.#prepared = true;
      // Soon, not at once: the page is still starting up.
      this.#timers.setTimeout(() => {
        try {
          void Promise.resolve(this.#options.prepare?.()).catch(() => undefined);
        } catch {
          // Only a head start: taking the phone over still works without it.
        }
      }, 200);
    }
  }

  // ------------------------------------------------------------ page lifecycle

  #onPageHide = (): void => {
    this.#leave();
  };

  #onPageShow = (event: Event): void => {
    if (!(event as PageTransitionEvent).persisted) return;
    // Back from the back/forward cache: line up again and ask for the state.
    this.#gone = false;
    this.#election?.join();
    this.#post({ t: this.role === 'phone-window' ? 'claim' : 'hello' });
  };

  #onWake = (): void => {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    if (this.#role === 'follower') this.#post({ t: 'hello' });
  };

  /** This page goes: hang up what lives here, tell the others, let the lock go. */
  #leave(): void {
    if (this.#gone) return;
    if (this.#role === 'leader' && this.#real) {
      const real = this.#real;
      for (const call of real.calls()) {
        if (!isLive(call)) continue;
        // Every tab hears the end now: this page will not be here to pass on the BYE's answer.
        const ended: SoftphoneCall = { ...call, state: 'ended', endedAt: this.#now(), endReason: call.answeredAt === null ? 'rejected' : 'hangup', hangupBy: 'agent' };
        this.#apply(ended);
        this.#post({ t: 'event', wanted: this.#wanted, event: { type: 'call', call: ended } });
        void real.hangup(call.id).catch(() => undefined);
      }
      const next = [...this.#peers].at(-1);
      this.#post(next === undefined ? { t: 'leaving' } : { t: 'leaving', next });
      // The only tab: the registration goes with it. Otherwise the next phone's REGISTER replaces it.
      void this.#standDown(this.#peers.size === 0);
      this.#election?.release(false);
    } else {
      this.#post({ t: 'bye' });
      this.#election?.release(false);
      if (this.#role !== 'follower') void this.#standDown(false);
    }
    for (const pending of [...this.#pending.values()]) {
      this.#timers.clearTimeout(pending.timer);
      pending.reject(new SoftphoneError('failed', 'This page has closed its phone.'));
    }
    this.#pending.clear();
    this.#gone = true;
  }

  // ------------------------------------------------------------ local state

  #apply(call: SoftphoneCall): void {
    const known = this.#calls.get(call.id);
    if (known && known.state === 'ended') return;
    if (call.state === 'ended') this.#calls.delete(call.id);
    else this.#calls.set(call.id, call);
    this.#emit({ type: 'call', call });
  }

  /** A quality sample of a call this tab knows and that is still going on. */
  #quality(event: Extract<SoftphoneEvent, { type: 'quality' }>): void {
    const known = this.#calls.get(event.callId);
    if (known && isLive(known)) this.#emit(event);
  }

  #endLocally(call: SoftphoneCall, endReason: 'failed' | 'hangup', hangupBy: 'system' | 'agent'): void {
    this.#apply({ ...call, state: 'ended', endedAt: this.#now(), endReason, hangupBy });
  }

  #setRegistration(registration: RegistrationSnapshot): void {
    const current = this.#registration;
    if (current.state === registration.state && current.reason === registration.reason && current.attempt === registration.attempt) return;
    this.#registration = registration;
    this.#emit({ type: 'registration', registration });
  }

  #setLocation(location: PhoneLocation): void {
    if (this.#location === location) return;
    this.#location = location;
    this.#emit({ type: 'location', location });
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

  #post(body: SharedMessageBody): void {
    if (!this.#channel) return;
    try {
      this.#channel.postMessage(envelope(this.tabId, body));
    } catch (error) {
      this.#warnOnce('post', `callpop: could not tell the other tabs (${error instanceof Error ? error.message : String(error)}).`);
    }
  }

  #warnOnce(key: string, message: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    console.warn(message);
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}

/** The shapes each command's arguments must have (a command is untrusted input like any message). */
function badArguments(name: SharedCommand, args: readonly unknown[]): string | null {
  const str = (v: unknown, max = 200): boolean => typeof v === 'string' && v.length > 0 && v.length <= max;
  const obj = (v: unknown): boolean => v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v));
  switch (name) {
    case 'register':
    case 'unregister':
      return args.length === 0 ? null : `${name} takes no arguments`;
    case 'dial':
      return str(args[0]) && obj(args[1]) ? null : 'dial takes a target and options';
    case 'answer':
    case 'hangup':
      return str(args[0]) ? null : `${name} takes a call id`;
    case 'reject':
      return str(args[0]) && obj(args[1]) ? null : 'reject takes a call id and options';
    case 'hold':
    case 'mute':
      return str(args[0]) && typeof args[1] === 'boolean' ? null : `${name} takes a call id and true or false`;
    case 'sendDtmf':
      return str(args[0]) && str(args[1], 64) ? null : 'sendDtmf takes a call id and digits';
    case 'transfer':
      return str(args[0]) && str(args[1]) && transferOptions(args[2]) ? null : 'transfer takes a call id, a target and options (consultCallId, headers)';
    case 'sendInfo':
      return str(args[0]) && infoMessage(args[1]) ? null : 'sendInfo takes a call id and { contentType, body }';
    case 'setAudioDevices':
      return obj(args[0]) && args[0] !== undefined ? null : 'setAudioDevices takes the devices';
  }
}

/** Transfer options, field by field: an optional consultation call id, and at most 10 headers of text. */
function transferOptions(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const options = value as Record<string, unknown>;
  if (Object.keys(options).some((key) => key !== 'consultCallId' && key !== 'headers')) return false;
  const consult = options['consultCallId'];
  if (consult !== undefined && (typeof consult !== 'string' || consult.length === 0 || consult.length > 100)) return false;
  const headers = options['headers'];
  if (headers === undefined) return true;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return false;
  const entries = Object.entries(headers);
  return (
    entries.length <= 10 &&
    entries.every(([name, v]) => name.length > 0 && name.length <= 64 && typeof v === 'string' && v.length <= 256)
  );
}

/** An INFO to send: exactly a content type and a body of text. */
function infoMessage(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const info = value as Record<string, unknown>;
  if (Object.keys(info).some((key) => key !== 'contentType' && key !== 'body')) return false;
  const { contentType, body } = info;
  return typeof contentType === 'string' && contentType.length > 0 && contentType.length <= 128 && typeof body === 'string' && body.length <= 4096;
}
