/**
 * A real softphone on sip.js (`UserAgent`, `Registerer`, `Inviter`, `Invitation`):
 * SIP over WebSocket, WebRTC audio. Load it through `loadSipSoftphone()` from
 * `./index.js`, which keeps sip.js in its own chunk.
 *
 * ## Per-call state machine
 * Every move goes through {@link nextCallState} (see `../softphone.ts`):
 * ```text
 *   inbound:  INVITE ─▶ ringing ──answer(): 200 OK sent──▶ connected ──ACK──▶ (confirmed)
 *                        │  └─reject(): 603 / 486 busy ─┐      ▲ │ re-INVITE
 *                        │  └─CANCEL from caller ───────┤      │ ▼ sendonly
 *                        │  └─no answer (480) ──────────┤      held
 *                        ▼                              ▼      │
 *                      ended ◀──BYE (either side) / REFER done─┘
 *   outbound: dial() ─▶ dialing ──18x──▶ early ──200 OK, ACK sent──▶ connected (confirmed) …
 *                        └────────┴──4xx-6xx / CANCEL (hangup())───────────────▶ ended
 * ```
 * The registration state machine is in `./registration.ts`.
 *
 * ## Media
 * Remote audio of every connected, unheld call plays through one audio element.
 * The microphone is opened ahead of time (`prewarmMedia`) and every call gets a
 * clone of its track, so answering does not wait for `getUserMedia`; with no ICE
 * servers only host candidates are gathered, which ends in a few milliseconds.
 */
import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  SIPExtension,
  UserAgent,
  type Info,
  type Notification,
  type Emitter,
  type Referral,
  type Session,
  type UserAgentOptions,
} from 'sip.js';
import {
  SessionDescriptionHandler,
  defaultPeerConnectionConfiguration,
  type MediaStreamFactory,
  type SessionDescriptionHandlerConfiguration,
  type SessionDescriptionHandlerOptions as WebSdhOptions,
} from 'sip.js/lib/platform/web/session-description-handler/index.js';
import type { SessionDescriptionHandlerFactory } from 'sip.js/lib/platform/web/session-description-handler/session-description-handler-factory.js';
import {
  nextCallState,
  SoftphoneError,
  type AudioDevices,
  type CallEndReason,
  type DialOptions,
  type RegistrationSnapshot,
  type RegistrationState,
  type RejectOptions,
  type Softphone,
  type SoftphoneCall,
  type SoftphoneEvent,
  type TransferOptions,
} from '../softphone.js';
import { resolveSipConfig, type ResolvedSipConfig, type SipConfig } from './config.js';
import { backoffDelay, classifyRegisterFailure, nextRegistrationState, type RegisterFailure } from './registration.js';
import {
  buildTarget,
  callVariablesFrom,
  checkDtmf,
  cleanDisplayName,
  cleanNumber,
  cleanText,
  dialHeaders,
  dtmfFromInfo,
  sipfragStatus,
} from './sip-text.js';

/** What the SIP peer did on one call, for diagnostics and end-to-end tests. */
export interface SipCallDebug {
  /** The SIP Call-ID. */
  readonly sipCallId: string;
  /** DTMF digits received as SIP INFO. */
  readonly dtmfReceived: string;
  /** re-INVITEs received from the peer (its hold and resume). */
  readonly reinvitesReceived: number;
  /** Direction of the peer's last offer (`sendonly` when it put us on hold). */
  readonly remoteDirection: string | null;
  /** Whether the ACK of our 200 OK (inbound) arrived. */
  readonly ackReceived: boolean;
  /** Status code of the final answer to our INVITE (outbound), or that we sent (inbound). */
  readonly finalStatus: number | null;
  /** The `X-*` headers of an inbound INVITE (cleaned, at most 20), e.g. `X-Display-Number`. */
  readonly xHeaders: { readonly [name: string]: string };
}

/** RTP counters of one call, from `getStats()`. */
export interface SipCallStats {
  readonly packetsSent: number;
  readonly packetsReceived: number;
}

/** A moment in the answer path, for the answer-latency benchmark (epoch ms). */
export interface SipAnswerTiming {
  readonly answerCalledAt: number;
  /** When the 200 OK went to the WebSocket. */
  readonly okSentAt: number | null;
}

interface Entry {
  readonly id: string;
  readonly session: Session;
  snapshot: SoftphoneCall;
  /** Why it ends, decided before sip.js says Terminated. */
  ending: { reason: CallEndReason; by: SoftphoneCall['hangupBy'] } | null;
  held: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  debug: { -readonly [K in keyof SipCallDebug]: SipCallDebug[K] };
}

type Pending = { resolve: () => void; reject: (error: Error) => void };

/** @internal What tests give a `SipSoftphone` besides its config (not public API). */
export interface SipSoftphoneInternals {
  readonly now?: () => number;
  readonly random?: () => number;
  /** The SIP transport sip.js constructs instead of its WebSocket one (the contract suite's in-memory network). */
  readonly transportConstructor?: UserAgentOptions['transportConstructor'];
}

const MAX_DEBUG = 50;

export class SipSoftphone implements Softphone {
  readonly kind = 'sip';
  readonly config: ResolvedSipConfig;
  readonly #listeners = new Set<(event: SoftphoneEvent) => void>();
  readonly #calls = new Map<string, Entry>();
  readonly #debug = new Map<string, Entry['debug']>();
  readonly #answerTimings = new Map<string, { answerCalledAt: number; okSentAt: number | null }>();
  #registration: RegistrationSnapshot = { state: 'unregistered', reason: null };
  #ua: UserAgent | null = null;
  #registerer: Registerer | null = null;
  /** The agent wants to be registered (register() called, unregister() not). */
  #wanted = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #trying: Promise<void> | null = null;
  #firstOutcome: Pending | null = null;
  #disposed = false;
  #seq = 0;
  #devices: AudioDevices = {};
  #mic: Promise<MediaStream> | null = null;
  #audio: HTMLAudioElement | null = null;
  #ownAudio = false;
  readonly #now: () => number;
  readonly #random: () => number;

  readonly #transportConstructor: SipSoftphoneInternals['transportConstructor'];

  /**
   * @param options - Internal, for tests: the clock, the jitter, and the SIP
   * transport (an in-memory one instead of the WebSocket; not public API).
   */
  constructor(config: SipConfig, options: SipSoftphoneInternals = {}) {
    this.config = resolveSipConfig(config);
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#transportConstructor = options.transportConstructor;
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.#wake);
      document.addEventListener('visibilitychange', this.#onVisibility);
    }
  }

  // ================================================================== registration

  /**
   * Connect and REGISTER. Resolves once registered, or once the first attempt
   * failed in a way that is retried (the state is then `reconnecting` and the
   * softphone keeps trying); rejects with `SoftphoneError('not-registered')` when
   * the account is refused (wrong password, 403, 404): the state is `failed`.
   */
  register(): Promise<void> {
    this.#assertAlive();
    const state = this.#registration.state;
    if (this.#wanted && state === 'registered') return Promise.resolve();
    this.#wanted = true;
    if (state === 'reconnecting') {
      void this.#tryNow();
      return Promise.resolve();
    }
    if (state === 'registering') return this.#waitFirstOutcome();
    this.#attempt = 0;
    this.#setRegistration({ state: 'registering', reason: null });
    const outcome = this.#waitFirstOutcome();
    void this.#tryNow();
    if (this.config.prewarmMedia === 'register') void this.#microphone().catch(() => undefined);
    return outcome;
  }

  async unregister(): Promise<void> {
    this.#wanted = false;
    this.#clearRetry();
    this.#settleFirst(null);
    const registerer = this.#registerer;
    if (registerer) {
      await this.#notWaiting(registerer).catch(() => undefined);
      if (registerer.state === RegistererState.Registered && this.#ua?.isConnected()) {
        await withTimeout(
          new Promise<void>((resolve) => {
            registerer
              .unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } })
              .catch(() => resolve());
          }),
          this.config.requestTimeoutMs,
        ).catch(() => undefined);
      }
    }
    if (this.config.prewarmMedia === 'register' && this.#calls.size === 0) this.#releaseMicrophone();
    if (!this.#disposed) this.#setRegistration({ state: 'unregistered', reason: null });
  }

  registration(): RegistrationSnapshot {
    return this.#registration;
  }

  #waitFirstOutcome(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const previous = this.#firstOutcome;
      this.#firstOutcome = {
        resolve: () => {
          previous?.resolve();
          resolve();
        },
        reject: (error) => {
          previous?.reject(error);
          reject(error);
        },
      };
    });
  }

  #settleFirst(error: Error | null): void {
    const pending = this.#firstOutcome;
    this.#firstOutcome = null;
    if (!pending) return;
    if (error) pending.reject(error);
    else pending.resolve();
  }

  #userAgent(): UserAgent {
    if (this.#ua) return this.#ua;
    const uri = UserAgent.makeURI(this.config.uri);
    if (!uri) throw new SoftphoneError('failed', `"${cleanText(this.config.uri, 80)}" is not a SIP URI.`);
    const ua = new UserAgent({
      uri,
      transportOptions: {
        server: this.config.server,
        connectionTimeout: Math.max(1, Math.ceil(this.config.requestTimeoutMs / 1000)),
        keepAliveInterval: 0,
      },
      ...(this.#transportConstructor ? { transportConstructor: this.#transportConstructor } : {}),
      authorizationUsername: this.config.authorizationUsername,
      ...(this.config.password !== null ? { authorizationPassword: this.config.password } : {}),
      ...(this.config.displayName !== null ? { displayName: this.config.displayName } : {}),
      userAgentString: this.config.userAgentString,
      // Reconnecting is ours (backoff + jitter); sip.js must not retry on its own.
      reconnectionAttempts: 0,
      // Our own no-answer timer ends the call first; this is a backstop.
      noAnswerTimeout: Math.ceil(this.config.noAnswerTimeoutMs / 1000) + 30,
      sipExtensionReplaces: SIPExtension.Supported,
      // One identity for every page of a shared phone: a new page's REGISTER replaces the binding.
      ...(this.config.instanceId !== null ? { instanceId: this.config.instanceId, instanceIdAlwaysAdded: true } : {}),
      ...(this.config.contactName !== null ? { contactName: this.config.contactName, viaHost: `${this.config.contactName}.invalid` } : {}),
      logLevel: 'error',
      logBuiltinEnabled: false,
      logConnector: (level, category, _label, content) => {
        if (level === 'error') console.warn(`callpop sip: ${category}: ${content.slice(0, 300)}`);
      },
      sessionDescriptionHandlerFactory: this.#sdhFactory(),
      delegate: {
        onDisconnect: (error) => this.#onDisconnect(error),
        onInvite: (invitation) => this.#onInvite(invitation),
      },
    });
    this.#ua = ua;
    this.#watchSends(ua);
    return ua;
  }

  /** The one Registerer of this softphone (created once, never two). */
  #theRegisterer(ua: UserAgent): Registerer {
    if (this.#registerer) return this.#registerer;
    const registerer = new Registerer(ua, { expires: this.config.registerExpires, logConfiguration: false });
    registerer.stateChange.addListener((state) => {
      // A refresh that failed (sip.js refreshes on its own): find out why by trying again.
      if (state === RegistererState.Unregistered && this.#wanted && this.#registration.state === 'registered' && !this.#trying) {
        this.#scheduleRetry('The registration was lost.', 0);
      }
    });
    this.#registerer = registerer;
    return registerer;
  }

  /** One attempt: connect if needed, then REGISTER. Never two at once. */
  #tryNow(): Promise<void> {
    if (this.#trying) return this.#trying;
    this.#clearRetry();
    const run = (async () => {
      try {
        const ua = this.#userAgent();
        if (!ua.isConnected()) {
          try {
            // sip.js may never settle a connection the browser blocked (CSP): bound it ourselves.
            await withTimeout(ua.state === 'Stopped' ? ua.start() : ua.reconnect(), this.config.requestTimeoutMs);
          } catch (error) {
            throw { retry: true, reason: `Cannot reach ${cleanText(this.config.server, 80)}${error instanceof Error && error.message ? `: ${cleanText(error.message, 80)}` : ''}.` } satisfies RegisterFailure;
          }
        }
        if (!this.#wanted) return;
        await this.#registerOnce(this.#theRegisterer(ua));
        if (!this.#wanted || this.#disposed) return;
        this.#attempt = 0;
        this.#setRegistration({ state: 'registered', reason: null });
        this.#settleFirst(null);
      } catch (caught) {
        if (!this.#wanted || this.#disposed) return;
        const failure: RegisterFailure = isFailure(caught)
          ? caught
          : { retry: true, reason: caught instanceof Error ? cleanText(caught.message, 200) : 'Registration failed.' };
        if (failure.retry) {
          this.#scheduleRetry(failure.reason);
          this.#settleFirst(null);
        } else {
          this.#setRegistration({ state: 'failed', reason: failure.reason });
          this.#settleFirst(new SoftphoneError('not-registered', failure.reason));
        }
      }
    })();
    this.#trying = run.finally(() => {
      this.#trying = null;
    });
    return this.#trying;
  }

  /** Send one REGISTER; resolves on 200, throws a {@link RegisterFailure} otherwise (also on no answer). */
  async #registerOnce(registerer: Registerer): Promise<void> {
    await this.#notWaiting(registerer);
    await new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (failure: RegisterFailure | null): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (failure) reject(failure);
        else resolve();
      };
      const seconds = Math.round(this.config.requestTimeoutMs / 1000);
      const timer = setTimeout(() => {
        finish({ retry: true, reason: `The SIP server did not answer within ${seconds} s.` });
        // The socket is of no use if the server does not answer on it: start over on a new one.
        void this.#ua?.transport.disconnect().catch(() => undefined);
      }, this.config.requestTimeoutMs);
      registerer
        .register({
          requestDelegate: {
            onAccept: () => finish(null),
            onReject: (response) => finish(classifyRegisterFailure(response.message.statusCode ?? 0, response.message.reasonPhrase ?? '')),
          },
        })
        .catch((error: unknown) => finish({ retry: true, reason: error instanceof Error ? cleanText(error.message, 200) : 'REGISTER failed.' }));
    });
  }

  /** Wait until the Registerer has no REGISTER in flight (RFC 3261: one at a time). */
  #notWaiting(target: Registerer): Promise<void> {
    // `waiting` is public in sip.js's JavaScript but marked private in its typings.
    const registerer = target as unknown as { waiting: boolean; waitingChange: Emitter<boolean> };
    if (!registerer.waiting) return Promise.resolve();
    return withTimeout(
      new Promise<void>((resolve) => {
        const listener = (waiting: boolean): void => {
          if (waiting) return;
          registerer.waitingChange.removeListener(listener);
          resolve();
        };
        registerer.waitingChange.addListener(listener);
      }),
      40_000,
    ).catch(() => {
      throw { retry: true, reason: 'The previous REGISTER is still unanswered.' } satisfies RegisterFailure;
    });
  }

  #scheduleRetry(reason: string, delayOverride?: number): void {
    if (!this.#wanted || this.#disposed) return;
    this.#clearRetry();
    this.#attempt += 1;
    const delay = delayOverride ?? backoffDelay(this.#attempt, this.config.reconnect, this.#random);
    this.#setRegistration({ state: 'reconnecting', reason, attempt: this.#attempt, nextAttemptAt: this.#now() + delay });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#tryNow();
    }, delay);
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #onDisconnect(error: Error | undefined): void {
    if (!error || !this.#wanted || this.#disposed || this.#trying) return;
    this.#scheduleRetry(`Lost the connection to ${cleanText(this.config.server, 80)}.`);
  }

  /** Back online or back in view: retry at once instead of waiting out the backoff. */
  readonly #wake = (): void => {
    if (this.#wanted && !this.#disposed && this.#registration.state === 'reconnecting') void this.#tryNow();
  };

  readonly #onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.#wake();
  };

  #setRegistration(registration: RegistrationSnapshot): void {
    const state: RegistrationState = nextRegistrationState(this.#registration.state, registration.state);
    this.#registration = { ...registration, state };
    this.#emit({ type: 'registration', registration: this.#registration });
  }

  // ================================================================== calls

  async dial(target: string, options: DialOptions = {}): Promise<string> {
    this.#assertAlive();
    const ua = this.#ua;
    // One rule for every softphone (see the contract suite): no call without a registration.
    if (this.#registration.state !== 'registered') throw new SoftphoneError('not-registered', 'The phone is not registered.');
    if (!ua || !ua.isConnected()) throw new SoftphoneError('not-registered', 'The phone is not connected to the SIP server.');
    const uri = UserAgent.makeURI(buildTarget(target, this.config.uri));
    if (!uri) throw new SoftphoneError('failed', `"${cleanText(target, 40)}" cannot be called.`);
    const extraHeaders = dialHeaders({ ...options, defaultHeader: this.config.displayNumberHeader });
    const inviter = new Inviter(ua, uri, {
      extraHeaders,
      sessionDescriptionHandlerOptions: { constraints: this.#constraints() },
    });
    const entry = this.#track(inviter, {
      direction: 'outbound',
      remoteNumber: cleanNumber(uri.user ?? target) || cleanNumber(target),
      remoteName: null,
      displayNumber: options.displayNumber ? cleanText(options.displayNumber, 32) : null,
      state: 'dialing',
      variables: { ...(options.variables ?? {}) },
    });
    this.#invite(entry, inviter);
    return entry.id;
  }

  #invite(entry: Entry, inviter: Inviter): void {
    if (this.config.prewarmMedia !== 'none') void this.#microphone().catch(() => undefined);
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) => {
            const code = response.message.statusCode;
            if ((code === 180 || code === 183) && entry.snapshot.state === 'dialing') this.#move(entry, 'early');
          },
          onReject: (response) => {
            const code = response.message.statusCode ?? 0;
            entry.debug.finalStatus = code;
            entry.ending ??= outboundEnding(code);
          },
          onAccept: (response) => {
            entry.debug.finalStatus = response.message.statusCode ?? 200;
          },
        },
      })
      .catch((error: unknown) => {
        entry.ending ??= { reason: 'failed', by: 'system' };
        console.warn('callpop sip: the call could not start', error);
        this.#end(entry);
      });
  }

  async answer(callId: string): Promise<void> {
    const entry = this.#get(callId);
    if (!(entry.session instanceof Invitation)) throw new SoftphoneError('illegal-state', 'Only an inbound call can be answered.');
    if (entry.snapshot.state !== 'ringing') throw new SoftphoneError('illegal-state', `A ${entry.snapshot.state} call cannot be answered.`);
    this.#answerTimings.set(callId, { answerCalledAt: this.#now(), okSentAt: null });
    this.#clearTimer(entry);
    try {
      await entry.session.accept({ sessionDescriptionHandlerOptions: { constraints: this.#constraints() } });
    } catch (error) {
      throw new SoftphoneError('failed', `The call could not be answered: ${error instanceof Error ? cleanText(error.message, 120) : 'unknown error'}.`);
    }
  }

  async reject(callId: string, options: RejectOptions = {}): Promise<void> {
    const entry = this.#get(callId);
    if (!(entry.session instanceof Invitation) || entry.snapshot.state !== 'ringing') {
      throw new SoftphoneError('illegal-state', 'Only a ringing call can be rejected.');
    }
    const statusCode = options.busy ? 486 : 603;
    entry.ending = { reason: options.busy ? 'busy' : 'rejected', by: 'agent' };
    entry.debug.finalStatus = statusCode;
    await this.#rejectInvitation(entry, entry.session, statusCode);
  }

  async #rejectInvitation(entry: Entry, invitation: Invitation, statusCode: number): Promise<void> {
    try {
      await invitation.reject({ statusCode });
    } catch (error) {
      // The caller may have cancelled at the same moment: the call ends either way.
      console.warn('callpop sip: reject failed', error);
    }
    this.#end(entry);
  }

  async hangup(callId: string): Promise<void> {
    const entry = this.#get(callId);
    const { session } = entry;
    const state = entry.snapshot.state;
    if (session instanceof Invitation && state === 'ringing') {
      entry.ending = { reason: 'rejected', by: 'agent' };
      entry.debug.finalStatus = 603;
      await this.#rejectInvitation(entry, session, 603);
      return;
    }
    if (session instanceof Inviter && (state === 'dialing' || state === 'early') && session.state !== SessionState.Established) {
      entry.ending = { reason: 'cancelled', by: 'agent' };
      try {
        await session.cancel();
      } catch (error) {
        console.warn('callpop sip: CANCEL failed', error);
        this.#end(entry);
      }
      return;
    }
    entry.ending = { reason: 'hangup', by: 'agent' };
    if (session.state === SessionState.Established) {
      try {
        await session.bye();
      } catch (error) {
        console.warn('callpop sip: BYE failed', error);
        this.#end(entry);
      }
    } else {
      this.#end(entry);
      void session.dispose().catch(() => undefined);
    }
  }

  async hold(callId: string, on: boolean): Promise<void> {
    const entry = this.#get(callId);
    const state = entry.snapshot.state;
    if (on && state === 'held') return;
    if (!on && state === 'connected') return;
    if (state !== 'connected' && state !== 'held') throw new SoftphoneError('illegal-state', `A ${state} call cannot be held.`);
    const { session } = entry;
    const previous = session.sessionDescriptionHandlerOptionsReInvite as WebSdhOptions;
    const withHold = (hold: boolean): WebSdhOptions => ({ ...previous, hold });
    // Kept on the session so the answer to a re-INVITE from the peer keeps our hold.
    session.sessionDescriptionHandlerOptionsReInvite = withHold(on);
    await new Promise<void>((resolve, reject) => {
      session
        .invite({
          requestDelegate: {
            onAccept: () => {
              entry.held = on;
              this.#applyTracks(entry);
              if (entry.snapshot.state !== 'ended') this.#move(entry, on ? 'held' : 'connected');
              this.#updateAudio();
              resolve();
            },
            onReject: (response) => {
              session.sessionDescriptionHandlerOptionsReInvite = withHold(!on);
              reject(new SoftphoneError('failed', `The other side refused ${on ? 'hold' : 'resume'} (${response.message.statusCode}).`));
            },
          },
        })
        .catch((error: unknown) => {
          session.sessionDescriptionHandlerOptionsReInvite = withHold(!on);
          reject(new SoftphoneError('failed', `Could not ${on ? 'hold' : 'resume'}: ${error instanceof Error ? cleanText(error.message, 120) : 'unknown error'}.`));
        });
    });
  }

  async mute(callId: string, on: boolean): Promise<void> {
    const entry = this.#get(callId);
    if (entry.snapshot.state === 'ended') throw new SoftphoneError('illegal-state', 'The call has ended.');
    this.#put(entry, { muted: on });
    this.#applyTracks(entry);
  }

  async sendDtmf(callId: string, digits: string): Promise<void> {
    const entry = this.#get(callId);
    if (entry.snapshot.state !== 'connected') throw new SoftphoneError('illegal-state', 'DTMF needs a connected call.');
    const tones = checkDtmf(digits);
    if (this.config.dtmfMode === 'rfc4733') {
      const sdh = entry.session.sessionDescriptionHandler;
      if (sdh instanceof SessionDescriptionHandler && sdh.sendDtmf(tones, { duration: 100, interToneGap: 70 })) return;
    }
    for (const tone of tones) {
      await entry.session.info({
        requestOptions: {
          body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=100` },
        },
      });
    }
  }

  /**
   * Blind transfer: REFER to `target`. Attended: REFER with Replaces to the
   * consultation call (`options.consultCallId`, made with `dial()` and answered).
   * Resolves when the peer accepted the REFER (202); the call ends as
   * `transferred` when the transfer succeeded (NOTIFY 2xx) — or stays when it failed.
   */
  async transfer(callId: string, target: string, options: TransferOptions = {}): Promise<void> {
    const entry = this.#get(callId);
    if (entry.snapshot.state !== 'connected' && entry.snapshot.state !== 'held') {
      throw new SoftphoneError('illegal-state', 'Only an answered call can be transferred.');
    }
    let referTo: Session | ReturnType<typeof UserAgent.makeURI>;
    let consult: Entry | null = null;
    if (options.consultCallId !== undefined) {
      consult = this.#get(options.consultCallId);
      if (consult.session.state !== SessionState.Established) {
        throw new SoftphoneError('illegal-state', 'The consultation call is not answered yet.');
      }
      referTo = consult.session;
    } else {
      referTo = UserAgent.makeURI(buildTarget(target, this.config.uri));
      if (!referTo) throw new SoftphoneError('failed', `"${cleanText(target, 40)}" cannot be called.`);
    }
    // The target ends the consultation leg (BYE) as soon as the caller's INVITE with Replaces
    // arrives, possibly before the NOTIFY reaches us: that BYE means "transferred".
    if (consult) consult.ending = { reason: 'transferred', by: 'agent' };
    const undo = (): void => {
      if (consult && consult.snapshot.state !== 'ended') consult.ending = null;
    };
    const done = (): void => {
      entry.ending = { reason: 'transferred', by: 'agent' };
      if (entry.session.state === SessionState.Established) void entry.session.bye().catch(() => this.#end(entry));
      else this.#end(entry);
      if (consult && consult.snapshot.state !== 'ended') {
        // The transferee's INVITE with Replaces ends the consultation leg at the target; end ours if it lingers.
        const leftover = consult;
        setTimeout(() => {
          if (leftover.snapshot.state !== 'ended' && leftover.session.state === SessionState.Established) {
            void leftover.session.bye().catch(() => this.#end(leftover));
          }
        }, 2000);
      }
    };
    await new Promise<void>((resolve, reject) => {
      entry.session
        .refer(referTo as never, {
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => {
              undo();
              reject(new SoftphoneError('failed', `The transfer was refused (${response.message.statusCode ?? 0}).`));
            },
          },
          onNotify: (notification: Notification) => {
            notification.accept().catch(() => undefined);
            const status = sipfragStatus(notification.request.body ?? '');
            if (status !== null && status >= 200 && status < 300) done();
            else if (status !== null && status >= 300) undo();
          },
        })
        .catch((error: unknown) => {
          undo();
          reject(new SoftphoneError('failed', `The transfer could not start: ${error instanceof Error ? cleanText(error.message, 120) : 'unknown error'}.`));
        });
    });
  }

  async setAudioDevices(devices: AudioDevices): Promise<void> {
    const micChanged = devices.microphone !== undefined && devices.microphone !== this.#devices.microphone;
    this.#devices = { ...this.#devices, ...devices };
    if (devices.speaker !== undefined && this.#audio) await this.#applySink(this.#audio);
    if (micChanged) {
      const hadMic = this.#mic !== null;
      this.#releaseMicrophone();
      const live = [...this.#calls.values()].filter((e) => e.snapshot.state === 'connected' || e.snapshot.state === 'held');
      if (hadMic || live.length > 0) {
        const stream = await this.#microphone();
        // Calls in progress switch to the new microphone now.
        await Promise.all(
          live.map(async (entry) => {
            const sdh = entry.session.sessionDescriptionHandler;
            if (!(sdh instanceof FastIceSessionDescriptionHandler)) return;
            await sdh.replaceLocalStream(new MediaStream(stream.getAudioTracks().map((t) => t.clone())));
            this.#applyTracks(entry);
          }),
        );
      }
    }
  }

  calls(): readonly SoftphoneCall[] {
    return [...this.#calls.values()].map((entry) => entry.snapshot);
  }

  on(listener: (event: SoftphoneEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#wanted = false;
    this.#clearRetry();
    this.#settleFirst(null);
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.#wake);
      document.removeEventListener('visibilitychange', this.#onVisibility);
    }
    for (const entry of this.#calls.values()) this.#clearTimer(entry);
    this.#disposed = true;
    const ua = this.#ua;
    this.#ua = null;
    this.#registerer = null;
    if (ua) void ua.stop().catch(() => undefined);
    this.#calls.clear();
    this.#listeners.clear();
    this.#releaseMicrophone();
    if (this.#audio) {
      this.#audio.srcObject = null;
      if (this.#ownAudio) this.#audio.remove();
      this.#audio = null;
    }
  }

  // ================================================================== diagnostics

  /** What the peer did on a call (kept for the last 50 calls, also after they end). */
  debug(callId: string): SipCallDebug | null {
    const debug = this.#debug.get(callId);
    return debug ? { ...debug } : null;
  }

  /** RTP packets sent and received on a call so far (audio, from `getStats()`). */
  async stats(callId: string): Promise<SipCallStats> {
    const sdh = this.#get(callId).session.sessionDescriptionHandler;
    const pc = sdh instanceof SessionDescriptionHandler ? sdh.peerConnection : undefined;
    if (!pc) return { packetsSent: 0, packetsReceived: 0 };
    let packetsSent = 0;
    let packetsReceived = 0;
    (await pc.getStats()).forEach((report: { type?: string; kind?: string; packetsSent?: number; packetsReceived?: number }) => {
      if (report.kind !== undefined && report.kind !== 'audio') return;
      if (report.type === 'outbound-rtp') packetsSent += report.packetsSent ?? 0;
      if (report.type === 'inbound-rtp') packetsReceived += report.packetsReceived ?? 0;
    });
    return { packetsSent, packetsReceived };
  }

  /** When `answer()` was called and when its 200 OK was handed to the WebSocket. */
  answerTiming(callId: string): SipAnswerTiming | null {
    const timing = this.#answerTimings.get(callId);
    return timing ? { ...timing } : null;
  }

  // ================================================================== internals: sessions

  #onInvite(invitation: Invitation): void {
    const request = invitation.request;
    const headers: Array<[string, string]> = [];
    for (const [name, values] of Object.entries(request.headers)) {
      for (const value of values) headers.push([name, value.raw]);
    }
    const replacee = invitation.replacee;
    const entry = this.#track(invitation, {
      direction: 'inbound',
      remoteNumber: cleanNumber(invitation.remoteIdentity.uri.user),
      remoteName: cleanDisplayName(invitation.remoteIdentity.displayName),
      displayNumber: cleanNumber(request.getHeader('X-Called-Number')) || null,
      state: 'ringing',
      variables: callVariablesFrom(headers),
    });
    const xHeaders: Record<string, string> = {};
    for (const [name, value] of headers.filter(([n]) => /^x-/i.test(n)).slice(0, 20)) xHeaders[cleanText(name, 64)] = cleanText(value, 200);
    entry.debug.xHeaders = xHeaders;
    if (replacee) {
      // An attended transfer arriving: this call takes over the consultation call at once.
      const replaced = [...this.#calls.values()].find((e) => e.session === replacee);
      if (replaced) replaced.ending = { reason: 'transferred', by: 'customer' };
      void this.answer(entry.id).catch((error: unknown) => console.warn('callpop sip: could not take the transferred call', error));
      return;
    }
    if (this.config.prewarmMedia !== 'none') void this.#microphone().catch(() => undefined);
    entry.timer = setTimeout(() => {
      entry.timer = null;
      if (entry.snapshot.state !== 'ringing') return;
      entry.ending = { reason: 'missed', by: 'system' };
      entry.debug.finalStatus = 480;
      void this.#rejectInvitation(entry, invitation, 480);
    }, this.config.noAnswerTimeoutMs);
  }

  #track(
    session: Session,
    initial: Pick<SoftphoneCall, 'direction' | 'remoteNumber' | 'remoteName' | 'displayNumber' | 'state' | 'variables'>,
  ): Entry {
    this.#seq += 1;
    const id = `sip-${this.#now().toString(36)}-${this.#seq}`;
    const debug: Entry['debug'] = {
      sipCallId: cleanText(session instanceof Invitation ? session.request.callId : (session as Inviter).request.callId, 120),
      dtmfReceived: '',
      reinvitesReceived: 0,
      remoteDirection: null,
      ackReceived: false,
      finalStatus: null,
      xHeaders: {},
    };
    this.#debug.set(id, debug);
    if (this.#debug.size > MAX_DEBUG) this.#debug.delete(this.#debug.keys().next().value as string);
    const entry: Entry = {
      id,
      session,
      ending: null,
      held: false,
      timer: null,
      debug,
      snapshot: {
        id,
        ...initial,
        startedAt: this.#now(),
        answeredAt: null,
        endedAt: null,
        muted: false,
        endReason: null,
        hangupBy: null,
        confirmed: false,
      },
    };
    this.#calls.set(id, entry);
    session.delegate = {
      onAck: () => {
        debug.ackReceived = true;
        if (!entry.snapshot.confirmed && entry.snapshot.state !== 'ended') this.#put(entry, { confirmed: true });
      },
      onBye: (bye) => {
        entry.ending ??= { reason: 'hangup', by: 'customer' };
        bye.accept().catch(() => undefined);
      },
      onCancel: () => {
        entry.ending ??= { reason: 'cancelled', by: 'customer' };
      },
      onInfo: (info: Info) => {
        const digit = dtmfFromInfo(info.request.getHeader('content-type'), info.request.body ?? '');
        if (digit) debug.dtmfReceived = (debug.dtmfReceived + digit).slice(-256);
        info.accept().catch(() => undefined);
      },
      onInvite: (request) => {
        debug.reinvitesReceived += 1;
        debug.remoteDirection = /a=(sendrecv|sendonly|recvonly|inactive)/.exec(request.body ?? '')?.[1] ?? null;
      },
      onRefer: (referral: Referral) => this.#onRefer(entry, referral),
    };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.#established(entry);
      else if (state === SessionState.Terminated) this.#end(entry);
    });
    this.#emit({ type: 'call', call: entry.snapshot });
    return entry;
  }

  /** We are the transferee: the agent referred us elsewhere. Call the target; the agent hangs up our call. */
  #onRefer(entry: Entry, referral: Referral): void {
    const ua = this.#ua;
    if (!ua) {
      void referral.reject().catch(() => undefined);
      return;
    }
    referral
      .accept()
      .then(() => {
        const inviter = referral.makeInviter({ sessionDescriptionHandlerOptions: { constraints: this.#constraints() } });
        const next = this.#track(inviter, {
          direction: 'outbound',
          remoteNumber: cleanNumber(inviter.remoteIdentity.uri.user) || entry.snapshot.remoteNumber,
          remoteName: null,
          displayNumber: null,
          state: 'dialing',
          variables: { ...entry.snapshot.variables },
        });
        this.#invite(next, inviter);
      })
      .catch((error: unknown) => console.warn('callpop sip: could not follow the transfer', error));
  }

  #established(entry: Entry): void {
    if (entry.snapshot.state === 'ended') return;
    const sdh = entry.session.sessionDescriptionHandler;
    if (sdh instanceof SessionDescriptionHandler) {
      sdh.remoteMediaStream.addEventListener('addtrack', () => this.#updateAudio());
    }
    const inbound = entry.snapshot.direction === 'inbound';
    if (inbound) entry.debug.finalStatus = 200;
    this.#move(entry, 'connected', { answeredAt: this.#now(), confirmed: inbound ? entry.snapshot.confirmed : true });
    this.#applyTracks(entry);
    this.#updateAudio();
  }

  #end(entry: Entry): void {
    if (entry.snapshot.state === 'ended') return;
    this.#clearTimer(entry);
    const answered = entry.snapshot.answeredAt !== null;
    const ending =
      entry.ending ??
      (answered
        ? { reason: 'hangup' as const, by: 'customer' as const }
        : entry.snapshot.direction === 'inbound'
          ? { reason: 'cancelled' as const, by: 'customer' as const }
          : { reason: 'failed' as const, by: 'system' as const });
    this.#move(entry, 'ended', { endedAt: this.#now(), endReason: ending.reason, hangupBy: ending.by });
    this.#calls.delete(entry.id);
    this.#updateAudio();
    if (this.#calls.size === 0 && this.config.prewarmMedia !== 'register') this.#releaseMicrophone();
  }

  #move(entry: Entry, to: SoftphoneCall['state'], patch: Partial<SoftphoneCall> = {}): void {
    this.#put(entry, { ...patch, state: nextCallState(entry.snapshot.state, to) });
  }

  #put(entry: Entry, patch: Partial<SoftphoneCall>): void {
    entry.snapshot = { ...entry.snapshot, ...patch };
    this.#emit({ type: 'call', call: entry.snapshot });
  }

  #get(callId: string): Entry {
    const entry = this.#calls.get(callId);
    if (!entry) throw new SoftphoneError('not-found', `No call ${String(callId).slice(0, 60)}.`);
    return entry;
  }

  #clearTimer(entry: Entry): void {
    if (entry.timer !== null) clearTimeout(entry.timer);
    entry.timer = null;
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

  #assertAlive(): void {
    if (this.#disposed) throw new SoftphoneError('illegal-state', 'This softphone has been disposed.');
  }

  /** Records when each 200 OK to an INVITE leaves, for {@link answerTiming}. */
  #watchSends(ua: UserAgent): void {
    const transport = ua.transport;
    const send = transport.send.bind(transport);
    transport.send = (message: string): Promise<void> => {
      if (message.startsWith('SIP/2.0 200') && /^CSeq:\s*\d+\s+INVITE\s*$/im.test(message)) {
        const callId = /^(?:Call-ID|i):\s*(.+?)\s*$/im.exec(message)?.[1];
        for (const [id, timing] of this.#answerTimings) {
          if (timing.okSentAt === null && this.#debug.get(id)?.sipCallId === callId) timing.okSentAt = this.#now();
        }
      }
      return send(message);
    };
  }

  // ================================================================== internals: media

  /** Session description handlers with our ICE servers (never sip.js's public STUN default) and fast host-only gathering. */
  #sdhFactory(): SessionDescriptionHandlerFactory {
    const mediaStreamFactory: MediaStreamFactory = (constraints) => this.#localStream(constraints);
    const hostOnly = this.config.iceServers.length === 0;
    return (session) => {
      const configuration: SessionDescriptionHandlerConfiguration = {
        iceGatheringTimeout: this.config.iceGatheringTimeoutMs,
        peerConnectionConfiguration: { ...defaultPeerConnectionConfiguration(), iceServers: [...this.config.iceServers] },
      };
      return new FastIceSessionDescriptionHandler(
        session.userAgent.getLogger('sip.SessionDescriptionHandler'),
        mediaStreamFactory,
        configuration,
        hostOnly,
      );
    };
  }

  #constraints(): MediaStreamConstraints {
    const microphone = this.#devices.microphone;
    return { audio: microphone ? { deviceId: { exact: microphone } } : true, video: false };
  }

  /** The shared microphone stream, opened once and reused (each call gets clones of its track). */
  #microphone(): Promise<MediaStream> {
    if (this.#mic) return this.#mic;
    if (typeof navigator === 'undefined' || !navigator.mediaDevices) {
      return Promise.reject(new SoftphoneError('failed', 'No microphone access in this page (it needs https or localhost).'));
    }
    const opened = navigator.mediaDevices.getUserMedia(this.#constraints());
    this.#mic = opened;
    opened.catch(() => {
      if (this.#mic === opened) this.#mic = null;
    });
    return opened;
  }

  #releaseMicrophone(): void {
    const mic = this.#mic;
    this.#mic = null;
    void mic?.then((stream) => stream.getTracks().forEach((track) => track.stop())).catch(() => undefined);
  }

  async #localStream(constraints: MediaStreamConstraints): Promise<MediaStream> {
    if (!constraints.audio) return new MediaStream();
    let stream = await this.#microphone();
    if (stream.getAudioTracks().every((track) => track.readyState === 'ended')) {
      this.#mic = null;
      stream = await this.#microphone();
    }
    // Clones: closing a call stops its tracks, never the shared one.
    return new MediaStream(stream.getAudioTracks().map((track) => track.clone()));
  }

  #applyTracks(entry: Entry): void {
    const sdh = entry.session.sessionDescriptionHandler;
    if (!(sdh instanceof SessionDescriptionHandler) || !sdh.peerConnection) return;
    sdh.enableSenderTracks(!entry.held && !entry.snapshot.muted);
    sdh.enableReceiverTracks(!entry.held);
  }

  /** Play the remote audio of every connected, unheld call. */
  #updateAudio(): void {
    if (typeof document === 'undefined' || this.#disposed) return;
    const tracks: MediaStreamTrack[] = [];
    for (const entry of this.#calls.values()) {
      if (entry.snapshot.state !== 'connected') continue;
      const sdh = entry.session.sessionDescriptionHandler;
      if (sdh instanceof SessionDescriptionHandler) tracks.push(...sdh.remoteMediaStream.getAudioTracks());
    }
    if (tracks.length === 0 && !this.#audio) return;
    const audio = this.#audioElement();
    const current = audio.srcObject instanceof MediaStream ? audio.srcObject.getAudioTracks() : [];
    if (current.length === tracks.length && current.every((t, i) => t === tracks[i])) return;
    audio.srcObject = tracks.length > 0 ? new MediaStream(tracks) : null;
    if (tracks.length > 0) {
      audio.play().catch((error: unknown) => console.warn('callpop sip: the browser did not let remote audio play', error));
    }
  }

  #audioElement(): HTMLAudioElement {
    if (this.#audio) return this.#audio;
    let audio = this.config.audioElement;
    if (!audio) {
      audio = document.createElement('audio');
      audio.hidden = true;
      audio.setAttribute('data-callpop', 'sip-remote-audio');
      document.body.append(audio);
      this.#ownAudio = true;
    }
    audio.autoplay = true;
    this.#audio = audio;
    void this.#applySink(audio);
    return audio;
  }

  async #applySink(audio: HTMLAudioElement): Promise<void> {
    const speaker = this.#devices.speaker ?? '';
    const sinkable = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string };
    if (typeof sinkable.setSinkId !== 'function' || sinkable.sinkId === speaker) return;
    try {
      await sinkable.setSinkId(speaker);
    } catch (error) {
      console.warn('callpop sip: could not switch the speaker', error);
    }
  }
}

/** Host candidates settle this long after the last UDP one before the offer/answer goes out. */
const HOST_SETTLE_MS = 15;

/**
 * With no ICE servers, the UDP host candidates come within a few milliseconds of
 * `setLocalDescription`, but Chromium adds TCP host candidates (useless without a
 * TURN server) only ~120 ms later and completes gathering after them. This
 * handler sends the description once the UDP host candidates stopped coming
 * ({@link HOST_SETTLE_MS}), which takes the answer from ~130 ms to ~20 ms.
 * With ICE servers it waits for gathering as sip.js does (bounded by the timeout).
 */
class FastIceSessionDescriptionHandler extends SessionDescriptionHandler {
  readonly #hostOnly: boolean;

  constructor(
    logger: ConstructorParameters<typeof SessionDescriptionHandler>[0],
    mediaStreamFactory: MediaStreamFactory,
    configuration: SessionDescriptionHandlerConfiguration,
    hostOnly: boolean,
  ) {
    super(logger, mediaStreamFactory, configuration);
    this.#hostOnly = hostOnly;
  }

  /** Send this stream's audio from now on (another microphone during a call). */
  replaceLocalStream(stream: MediaStream): Promise<void> {
    return this.setLocalMediaStream(stream);
  }

  protected override waitForIceGatheringComplete(restart = false, timeout = 0): Promise<void> {
    const base = super.waitForIceGatheringComplete(restart, timeout);
    const pc = this.peerConnection;
    if (!this.#hostOnly || !pc || pc.iceGatheringState === 'complete') return base;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => this.iceGatheringComplete(), HOST_SETTLE_MS);
    };
    const onCandidate = (event: RTCPeerConnectionIceEvent): void => {
      if (event.candidate && / udp /i.test(` ${event.candidate.candidate} `)) arm();
    };
    pc.addEventListener('icecandidate', onCandidate);
    if (/\r\na=candidate:\S+ \d+ udp /i.test(pc.localDescription?.sdp ?? '')) arm();
    return base.finally(() => {
      clearTimeout(timer);
      pc.removeEventListener('icecandidate', onCandidate);
    });
  }
}

function outboundEnding(code: number): { reason: CallEndReason; by: SoftphoneCall['hangupBy'] } {
  if (code === 486 || code === 600) return { reason: 'busy', by: 'customer' };
  if (code === 603) return { reason: 'rejected', by: 'customer' };
  if (code === 487) return { reason: 'cancelled', by: 'agent' };
  if (code === 408 || code === 480) return { reason: 'missed', by: 'system' };
  return { reason: 'failed', by: 'system' };
}

function isFailure(value: unknown): value is RegisterFailure {
  return typeof value === 'object' && value !== null && 'retry' in value && 'reason' in value;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
