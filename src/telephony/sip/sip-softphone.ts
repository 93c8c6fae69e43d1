/**
 * A real softphone on sip.js: SIP over WebSocket, WebRTC audio. Load it
 * through `loadSipSoftphone()` from `./index.js`, which keeps sip.js in its own
 * chunk.
 *
 * Layered the way SIP.js is: this class is the composition root (the
 * `UserAgent` and the `Softphone` API); registration is `./sip-registration.ts`
 * (`Registerer`, backoff, states in `./registration.ts`), calls are
 * `./sip-calls.ts` (`Inviter` / `Invitation` sessions, hold, DTMF, transfer,
 * INFO, the link to the server, quality samples), media is `./sip-media.ts`
 * (session description handlers, microphone, remote audio, devices).
 * Diagnostics for tests (SIP Call-ID, what the peer did, RTP counters, answer
 * timing) are not API: `sipDiagnostics(phone)` from `callpop/testing`.
 */
import { SIPExtension, UserAgent, type UserAgentOptions } from 'sip.js';
import {
  SoftphoneError,
  type AudioDevices,
  type DialOptions,
  type InfoMessage,
  type RegistrationSnapshot,
  type RejectOptions,
  type Softphone,
  type SoftphoneCall,
  type SoftphoneEvent,
  type TransferOptions,
} from '../softphone.js';
import { resolveSipConfig, type ResolvedSipConfig, type SipConfig } from './config.js';
import { provideSipDiagnostics } from './diagnostics.js';
import { SipCalls } from './sip-calls.js';
import { SipMedia } from './sip-media.js';
import { SipRegistration } from './sip-registration.js';
import { cleanText } from './sip-text.js';

/** @internal What tests give a `SipSoftphone` besides its config (not public API). */
export interface SipSoftphoneInternals {
  readonly now?: () => number;
  readonly random?: () => number;
  /** The SIP transport sip.js constructs instead of its WebSocket one (the contract suite's in-memory network). */
  readonly transportConstructor?: UserAgentOptions['transportConstructor'];
}

export class SipSoftphone implements Softphone {
  readonly kind = 'sip';
  readonly config: ResolvedSipConfig;
  readonly #listeners = new Set<(event: SoftphoneEvent) => void>();
  readonly #media: SipMedia;
  readonly #registration: SipRegistration;
  readonly #calls: SipCalls;
  #ua: UserAgent | null = null;
  #disposed = false;
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
    this.#media = new SipMedia(this.config);
    this.#registration = new SipRegistration(this.config, {
      userAgent: () => this.#userAgent(),
      currentUserAgent: () => this.#ua,
      now: () => this.#now(),
      random: () => this.#random(),
      changed: (registration) => {
        this.#emit({ type: 'registration', registration });
        // Registered again on a new connection: the calls that lost theirs can be recovered.
        if (registration.state === 'registered') this.#calls.transportBack();
      },
    });
    this.#calls = new SipCalls({
      config: this.config,
      media: this.#media,
      userAgent: () => this.#ua,
      registration: () => this.#registration.snapshot,
      now: () => this.#now(),
      emit: (event) => this.#emit(event),
      disposed: () => this.#disposed,
    });
    provideSipDiagnostics(this, this.#calls.diagnostics());
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
    const first = this.#registration.snapshot.state !== 'registered' && this.#registration.snapshot.state !== 'reconnecting';
    const outcome = this.#registration.register();
    if (first && this.config.prewarmMedia === 'register') this.#media.prewarm();
    return outcome;
  }

  async unregister(): Promise<void> {
    await this.#registration.unregister();
    if (this.config.prewarmMedia === 'register' && this.#calls.size === 0) this.#media.releaseMicrophone();
  }

  registration(): RegistrationSnapshot {
    return this.#registration.snapshot;
  }

  // ================================================================== calls

  async dial(target: string, options: DialOptions = {}): Promise<string> {
    this.#assertAlive();
    const ua = this.#ua;
    // One rule for every softphone (see the contract suite): no call without a registration.
    if (this.#registration.snapshot.state !== 'registered') throw new SoftphoneError('not-registered', 'The phone is not registered.');
    if (!ua || !ua.isConnected()) throw new SoftphoneError('not-registered', 'The phone is not connected to the SIP server.');
    return this.#calls.dial(ua, target, options);
  }

  answer(callId: string): Promise<void> {
    return this.#calls.answer(callId);
  }

  reject(callId: string, options: RejectOptions = {}): Promise<void> {
    return this.#calls.reject(callId, options);
  }

  hangup(callId: string): Promise<void> {
    return this.#calls.hangup(callId);
  }

  hold(callId: string, on: boolean): Promise<void> {
    return this.#calls.hold(callId, on);
  }

  mute(callId: string, on: boolean): Promise<void> {
    return this.#calls.mute(callId, on);
  }

  /** RFC 4733 telephone-events in the RTP stream (default), or SIP INFO with `dtmfMode: 'info'`. */
  sendDtmf(callId: string, digits: string): Promise<void> {
    return this.#calls.sendDtmf(callId, digits);
  }

  /**
   * Blind transfer: REFER to `target` (with `options.headers` on it). Attended:
   * REFER with Replaces to the consultation call (`options.consultCallId`, made
   * with `dial()` and answered). Resolves when the peer accepted the REFER
   * (202); the call ends as `transferred` when the transfer succeeded (NOTIFY
   * 2xx) — or stays with the agent when it failed.
   */
  transfer(callId: string, target: string, options: TransferOptions = {}): Promise<void> {
    return this.#calls.transfer(callId, target, options);
  }

  /** A SIP INFO in the call's dialog (an answered call); resolves on the peer's 2xx. */
  sendInfo(callId: string, info: InfoMessage): Promise<void> {
    return this.#calls.sendInfo(callId, info);
  }

  setAudioDevices(devices: AudioDevices): Promise<void> {
    return this.#calls.setAudioDevices(devices);
  }

  calls(): readonly SoftphoneCall[] {
    return this.#calls.snapshots();
  }

  on(listener: (event: SoftphoneEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#registration.dispose();
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.#wake);
      document.removeEventListener('visibilitychange', this.#onVisibility);
    }
    this.#disposed = true;
    this.#calls.dispose();
    const ua = this.#ua;
    this.#ua = null;
    if (ua) void ua.stop().catch(() => undefined);
    this.#listeners.clear();
    this.#media.dispose();
  }

  // ================================================================== the user agent

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
      sessionDescriptionHandlerFactory: this.#media.sdhFactory(),
      delegate: {
        onDisconnect: (error) => {
          if (this.#disposed) return;
          this.#calls.transportLost();
          this.#registration.transportLost(error);
        },
        onInvite: (invitation) => this.#calls.onInvite(invitation),
      },
    });
    this.#ua = ua;
    const transport = ua.transport;
    const send = transport.send.bind(transport);
    transport.send = (message: string): Promise<void> => {
      this.#calls.sent(message);
      return send(message);
    };
    return ua;
  }

  /** Back online or back in view: retry at once instead of waiting out the backoff. */
  readonly #wake = (): void => {
    if (!this.#disposed) this.#registration.wake();
  };

  readonly #onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.#wake();
  };

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
}
