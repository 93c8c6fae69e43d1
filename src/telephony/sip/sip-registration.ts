/**
 * The SIP softphone's registration layer (sip.js's `Registerer`): connect,
 * REGISTER, keep registered, and reconnect with backoff when the transport is
 * lost. The state machine itself (pure) is in `./registration.ts`.
 */
import { Registerer, RegistererState, type Emitter, type UserAgent } from 'sip.js';
import { SoftphoneError, type RegistrationSnapshot, type RegistrationState } from '../softphone.js';
import type { ResolvedSipConfig } from './config.js';
import { backoffDelay, classifyRegisterFailure, nextRegistrationState, type RegisterFailure } from './registration.js';
import { cleanText } from './sip-text.js';

type Pending = { resolve: () => void; reject: (error: Error) => void };

export interface SipRegistrationHost {
  /** The user agent (made on first use). */
  userAgent(): UserAgent;
  /** The user agent if there is one already. */
  currentUserAgent(): UserAgent | null;
  now(): number;
  random(): number;
  /** A new registration snapshot, to emit. */
  changed(registration: RegistrationSnapshot): void;
}

export class SipRegistration {
  #registration: RegistrationSnapshot = { state: 'unregistered', reason: null };
  #registerer: Registerer | null = null;
  /** The agent wants to be registered (register() called, unregister() not). */
  #wanted = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #trying: Promise<void> | null = null;
  #firstOutcome: Pending | null = null;
  #disposed = false;

  constructor(
    private readonly config: ResolvedSipConfig,
    private readonly host: SipRegistrationHost,
  ) {}

  get snapshot(): RegistrationSnapshot {
    return this.#registration;
  }

  get wanted(): boolean {
    return this.#wanted;
  }

  /**
   * Connect and REGISTER. Resolves once registered, or once the first attempt
   * failed in a way that is retried (the state is then `reconnecting` and it
   * keeps trying); rejects with `SoftphoneError('not-registered')` when the
   * account is refused (wrong password, 403, 404): the state is `failed`.
   */
  register(): Promise<void> {
    const state = this.#registration.state;
    if (this.#wanted && state === 'registered') return Promise.resolve();
    this.#wanted = true;
    if (state === 'reconnecting') {
      void this.#tryNow();
      return Promise.resolve();
    }
    if (state === 'registering') return this.#waitFirstOutcome();
    this.#attempt = 0;
    this.#set({ state: 'registering', reason: null });
    const outcome = this.#waitFirstOutcome();
    void this.#tryNow();
    return outcome;
  }

  async unregister(): Promise<void> {
    this.#wanted = false;
    this.#clearRetry();
    this.#settleFirst(null);
    const registerer = this.#registerer;
    if (registerer) {
      await this.#notWaiting(registerer).catch(() => undefined);
      if (registerer.state === RegistererState.Registered && this.host.currentUserAgent()?.isConnected()) {
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
    if (!this.#disposed) this.#set({ state: 'unregistered', reason: null });
  }

  /** The transport dropped (`error`) or was closed. */
  transportLost(error: Error | undefined): void {
    if (!error || !this.#wanted || this.#disposed || this.#trying) return;
    this.#scheduleRetry(`Lost the connection to ${cleanText(this.config.server, 80)}.`);
  }

  /** Back online or back in view: retry at once instead of waiting out the backoff. */
  wake(): void {
    if (this.#wanted && !this.#disposed && this.#registration.state === 'reconnecting') void this.#tryNow();
  }

  dispose(): void {
    this.#wanted = false;
    this.#clearRetry();
    this.#settleFirst(null);
    this.#disposed = true;
    this.#registerer = null;
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
        const ua = this.host.userAgent();
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
        this.#set({ state: 'registered', reason: null });
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
          this.#set({ state: 'failed', reason: failure.reason });
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
        void this.host.currentUserAgent()?.transport.disconnect().catch(() => undefined);
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
    const delay = delayOverride ?? backoffDelay(this.#attempt, this.config.reconnect, () => this.host.random());
    this.#set({ state: 'reconnecting', reason, attempt: this.#attempt, nextAttemptAt: this.host.now() + delay });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#tryNow();
    }, delay);
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #set(registration: RegistrationSnapshot): void {
    const state: RegistrationState = nextRegistrationState(this.#registration.state, registration.state);
    this.#registration = { ...registration, state };
    this.host.changed(this.#registration);
  }
}

function isFailure(value: unknown): value is RegisterFailure {
  return typeof value === 'object' && value !== null && 'retry' in value && 'reason' in value;
}

/** Rejects when `promise` has not settled after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
