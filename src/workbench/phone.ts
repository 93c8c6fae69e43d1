/**
 * The phone commands: the one path every dial, answer, hold and resume,
 * transfer and status change takes, whoever asks — `<phone-bar>`, "My calls",
 * `<contact-plans>`, the iframe mode, or the host page's click-to-dial
 * (`workbench.dial`). The rules live here once:
 *
 * - Dialling: the input is cleaned and classified (`parseDialInput`); the
 *   agent needs the call permission of their phone settings (loaded on first
 *   need); the display number is chosen by the caller-ID rules
 *   (`chooseDisplayNumber`) and sent in the rules' header; the call the agent
 *   is talking on is held first.
 * - Call waiting: answering, resuming or consulting holds the call the agent
 *   is talking on first.
 * - Agent status: ready, busy, break (with one of the settings' reasons),
 *   after-call work (ACW, with a countdown), offline (follows registration).
 *   An agent who is busy, on a break or in ACW is not offered new calls: a
 *   ringing inbound call is refused before it pops and answered "486 Busy
 *   Here" (`busyWhenNotReady`, default on). After an answered call ends, a
 *   ready agent goes to ACW for the settings' `acwSeconds`.
 *
 * The softphone's events reach the pop module through here, so the decision
 * to offer a call is taken before anything shows it. The softphone itself is
 * internal: nothing else drives it.
 *
 * @packageDocumentation
 */
import type { AgentPhoneSettings, AgentStatus } from '../adapter/types.js';
import {
  chooseDisplayNumber,
  displayNumberHeader,
  isAllowedDisplayNumber,
  type CallerIdChoice,
} from '../telephony/caller-id.js';
import { parseDialInput, type DialInput, type DialInputProblem } from '../telephony/dial-input.js';
import { SoftphoneError, type SoftphoneCall } from '../telephony/softphone.js';
import { messageOf, type ModuleContext } from './context.js';
import { AdapterError } from '../adapter/errors.js';
import { newKey } from './ids.js';
import type { AgentStatusState } from '../state/phone-state.js';
import type { PopModule } from './pop.js';

export type { AgentStatusState, ConsultState, PhoneSettingsState } from '../state/phone-state.js';

export type { AgentStatus } from '../adapter/types.js';

/** The phone window's browsing-context name: opening it again brings the same window forward. */
export const PHONE_WINDOW_NAME = 'callpop-phone-window';

/** The phone window must be of this page's origin: only then do they share the phone. */
function checkPhoneWindowUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url, typeof location === 'undefined' ? 'http://localhost/' : location.href);
  } catch {
    throw new TypeError(`callpop: phoneWindowUrl "${String(url).slice(0, 80)}" is not a URL.`);
  }
  if (typeof location !== 'undefined' && parsed.origin !== location.origin) {
    throw new TypeError(`callpop: the phone window must be on this page's origin (${location.origin}), not ${parsed.origin}.`);
  }
}

export interface PhoneOptions {
  /** Refuse ringing inbound calls with 486 Busy Here while the agent is not ready (default true). */
  readonly busyWhenNotReady: boolean;
  /**
   * The page that is the phone window (same origin as the CRM; it creates the
   * shared softphone with `role: 'phone-window'`). Null: no phone window.
   */
  readonly phoneWindowUrl: string | null;
}

/** Why `dial`, `consult` or `transfer` refused the input. */
export type DialErrorCode = DialInputProblem | 'no-permission' | 'settings';

export class DialError extends Error {
  override readonly name = 'DialError';
  constructor(
    readonly code: DialErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A number to dial that the agent may not see (number masking): the masked
 * number callpop shows (`138****8000`, as in the stores and events), or a
 * reference the backend gave (resolved by its optional `numbers.resolve`).
 * The softphone receives the real number; nothing shows it.
 */
export interface DialTarget {
  readonly ref: string;
}

export interface DialCommandOptions {
  /** Call variables sent with the call (SIP `X-Call-Var-*` headers). */
  readonly variables?: { readonly [name: string]: string };
}

export interface PhoneModule {
  /**
   * Dial what the agent typed, pasted or clicked (any common format): checked
   * against the call permission, presented with the caller-ID rules' number,
   * the current call held first. The outbound pop opens as soon as the call
   * exists. Resolves with the call id; rejects with a {@link DialError} for
   * unusable input, no permission or missing settings. A masked number or a
   * {@link DialTarget} dials the real number behind it.
   */
  dial(input: string | DialTarget, options?: DialCommandOptions): Promise<string>;
  /** Answer a ringing call; the call the agent is talking on is held first (call waiting). */
  answer(callId: string): Promise<void>;
  /** Decline a ringing call (603). */
  reject(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  /** Hold (`true`) or resume (`false`) a call; resuming holds the other call the agent is talking on first. */
  hold(callId: string, on: boolean): Promise<void>;
  mute(callId: string, on: boolean): Promise<void>;
  sendDtmf(callId: string, digits: string): Promise<void>;
  /** Blind transfer (REFER) to what the agent typed. */
  transfer(callId: string, target: string): Promise<void>;
  /** Attended transfer, step one: hold the caller and dial the target. Resolves with the consultation call's id. */
  consult(callId: string, target: string): Promise<string>;
  /** Attended transfer, step two: join the caller to the target. */
  completeTransfer(): Promise<void>;
  /** Attended transfer abandoned: end the consultation and return to the caller. */
  cancelConsult(): Promise<void>;
  register(): Promise<void>;
  unregister(): Promise<void>;
  /** Set the agent's status; a break takes one of the settings' reasons. */
  setStatus(status: AgentStatus, breakReasonId?: string | null): void;
  /** End after-call work now: the agent is ready again. */
  endAcw(): void;
  /** Load (or retry loading) the agent's phone settings. */
  loadPhoneSettings(): Promise<void>;
  /** Clean and classify dial input without dialling (for inline validation). */
  checkDial(input: string): DialInput;
  /** The display number a call to `input` would present, or null when none applies. */
  previewDisplayNumber(input: string): CallerIdChoice | null;
  /** Choice mode: present this number from now on (remembered in the workbench's storage). */
  chooseDisplayNumber(number: string): void;
  /** Change the phone's rules (`busyWhenNotReady`). */
  configurePhone(changes: Partial<PhoneOptions>): void;
  /**
   * Whether this page can open the phone window: one is configured, the phone
   * is shared by the tabs, and the phone window is not already the phone.
   */
  canOpenPhoneWindow(): boolean;
  /**
   * Open (or bring forward) the phone window, from a click: it takes the phone
   * — registration and the calls' media — so the CRM's pages can change freely
   * during a call. Returns false when the browser blocked the window.
   */
  openPhoneWindow(): boolean;
}

/**
 * The calls as the phone module decided about them: each softphone call event,
 * with whether the call is offered to the agent (false for one refused because
 * the agent is not ready). Capabilities that react to calls (ringing,
 * notifications) listen here, never to the softphone, so they never ring for
 * a call the agent is not offered.
 */
export interface CallFeed {
  on(listener: (call: SoftphoneCall, offered: boolean) => void): () => void;
  /** The live calls, oldest first, with whether each is offered. */
  live(): readonly { readonly call: SoftphoneCall; readonly offered: boolean }[];
}

/** The phone module and what the workbench needs to run it. Internal. */
export interface PhoneInternals extends PhoneModule {
  /** Wire the softphone to the pop; returns the function that unwires it. */
  connect(): () => void;
  readonly feed: CallFeed;
}

const DISPLAY_NUMBER_KEY = 'callpop:phone:display-number';

const dialMessages: { readonly [code in DialErrorCode]: string } = {
  empty: 'Type a number to dial.',
  'too-long': 'That is too long for a phone number.',
  'invalid-characters': 'That is not a number that can be dialled.',
  'too-short': 'That number is too short.',
  'no-permission': 'This agent may not make outbound calls.',
  settings: 'The phone settings could not be loaded.',
};

/**
 * The phone settings of a backend that has none (`agents.phoneSettings` answers `not-supported`):
 * the agent may call, with no caller-ID rules, break reasons or after-call work.
 */
const NO_PHONE_SETTINGS: AgentPhoneSettings = {
  callPermission: true,
  extension: null,
  callerId: { mode: 'fixed', numbers: [], header: null },
  breakReasons: [],
  acwSeconds: 0,
  autoAnswer: false,
};

export function createPhoneModule(ctx: ModuleContext, pop: PopModule): PhoneInternals {
  const { softphone, timers } = ctx;
  const { $agentStatus, $phoneSettings, $displayNumber, $consult, $refused, $registration } = ctx.stores;
  let options: PhoneOptions = { busyWhenNotReady: true, phoneWindowUrl: null };
  /** The live calls as the softphone last reported them. */
  const live = new Map<string, SoftphoneCall>();
  const refused = new Set<string>();
  let acwTimer: unknown;
  let settingsLoad: { controller: AbortController; done: Promise<void> } | null = null;
  const feedListeners = new Set<(call: SoftphoneCall, offered: boolean) => void>();

  // ------------------------------------------------------------ status

  /**
   * Tell the backend (once per change, from the tab where it was made: an
   * agent's action here, or what follows the phone — registration, after-call
   * work — in the tab that holds it). A backend without it keeps quiet.
   */
  function report(next: AgentStatusState, byAgent: boolean): void {
    if (!byAgent && ctx.stores.$phoneLocation.get() !== 'here') return;
    const input = { status: next.status, breakReasonId: next.breakReasonId };
    ctx.adapter.agents.setStatus(input, { idempotencyKey: newKey(), signal: ctx.signal }).catch((error: unknown) => {
      if (error instanceof AdapterError && (error.code === 'not-supported' || error.code === 'aborted')) return;
      console.warn('callpop: the backend did not take the agent status', error);
    });
  }

  function setStatusState(next: AgentStatusState, byAgent = false): void {
    if (next.status !== 'acw' && acwTimer !== undefined) {
      timers.clearTimeout(acwTimer);
      acwTimer = undefined;
    }
    const previous = $agentStatus.get();
    $agentStatus.set(next);
    if (previous.status !== next.status || previous.breakReasonId !== next.breakReasonId) report(next, byAgent);
  }

  function startAcw(seconds: number, byAgent = false): void {
    timers.clearTimeout(acwTimer);
    acwTimer = undefined;
    const endsAt = seconds > 0 ? ctx.now() + seconds * 1000 : null;
    if (seconds > 0) acwTimer = timers.setTimeout(endAcw, seconds * 1000);
    const wasAcw = $agentStatus.get().status === 'acw';
    const next: AgentStatusState = { status: 'acw', breakReasonId: null, acwEndsAt: endsAt };
    $agentStatus.set(next);
    if (!wasAcw) report(next, byAgent);
  }

  function endAcw(byAgent = false): void {
    if ($agentStatus.get().status !== 'acw') return;
    setStatusState({ status: 'ready', breakReasonId: null, acwEndsAt: null }, byAgent);
  }

  function setStatus(status: AgentStatus, breakReasonId: string | null = null): void {
    const reasons = $phoneSettings.get().settings?.breakReasons ?? [];
    if (status === 'break') {
      if (breakReasonId !== null && reasons.length > 0 && !reasons.some((reason) => reason.id === breakReasonId)) {
        throw new RangeError(`"${String(breakReasonId).slice(0, 40)}" is not one of the break reasons.`);
      }
      if (breakReasonId === null && reasons.length > 0) throw new RangeError('A break needs one of the break reasons.');
    }
    if (status === 'acw') {
      startAcw($phoneSettings.get().settings?.acwSeconds ?? 0, true);
      return;
    }
    setStatusState({ status, breakReasonId: status === 'break' ? breakReasonId : null, acwEndsAt: null }, true);
  }

  // ------------------------------------------------------------ settings

  function refreshDisplayNumber(): void {
    const settings = $phoneSettings.get().settings;
    if (!settings) return;
    const rules = settings.callerId;
    if (rules.mode === 'pool') {
      $displayNumber.set(null);
      return;
    }
    let remembered: string | null = null;
    try {
      remembered = ctx.storage?.getItem(DISPLAY_NUMBER_KEY) ?? null;
    } catch {
      remembered = null;
    }
    $displayNumber.set(chooseDisplayNumber(rules, { e164: null, country: null }, remembered).number);
  }

  function loadPhoneSettings(): Promise<void> {
    settingsLoad?.controller.abort();
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, ctx.signal]);
    $phoneSettings.set({ status: 'loading', settings: $phoneSettings.get().settings, error: null });
    const done = (async () => {
      try {
        const settings = await ctx.adapter.agents.phoneSettings({ signal });
        if (settingsLoad?.controller !== controller) return;
        $phoneSettings.set({ status: 'ready', settings, error: null });
        refreshDisplayNumber();
      } catch (error) {
        if (settingsLoad?.controller !== controller || ctx.signal.aborted) return;
        if (error instanceof AdapterError && error.code === 'not-supported') {
          // A backend without phone settings (no `agents` domain): the defaults, not an error.
          $phoneSettings.set({ status: 'ready', settings: NO_PHONE_SETTINGS, error: null });
          return;
        }
        $phoneSettings.set({ status: 'error', settings: $phoneSettings.get().settings, error: messageOf(error) });
      } finally {
        if (settingsLoad?.controller === controller) settingsLoad = null;
      }
    })();
    settingsLoad = { controller, done };
    return done;
  }

  /** The settings, loading them on first need (a dial before the phone bar loaded them). */
  async function requireSettings(): Promise<AgentPhoneSettings> {
    const state = $phoneSettings.get();
    if (state.settings && state.status !== 'loading') return state.settings;
    await (settingsLoad?.done ?? loadPhoneSettings());
    const settings = $phoneSettings.get().settings;
    if (!settings) {
      const reason = $phoneSettings.get().error;
      throw new DialError('settings', reason ? `${dialMessages.settings} ${reason}` : dialMessages.settings);
    }
    return settings;
  }

  // ------------------------------------------------------------ calls

  function talking(exceptId?: string): SoftphoneCall[] {
    return [...live.values()].filter((call) => call.id !== exceptId && call.state !== 'ringing' && !refused.has(call.id));
  }

  function ringing(): SoftphoneCall[] {
    return [...live.values()].filter((call) => call.state === 'ringing' && call.direction === 'inbound' && !refused.has(call.id));
  }

  /** Whether a new ringing call is offered to the agent, or refused (486) because they are not ready. */
  function refusal(call: SoftphoneCall): string | null {
    if (call.direction !== 'inbound' || call.state !== 'ringing' || !options.busyWhenNotReady) return null;
    const { status } = $agentStatus.get();
    return status === 'ready' || status === 'offline' ? null : `agent-${status}`;
  }

  function refuse(call: SoftphoneCall): void {
    softphone.reject(call.id, { busy: true }).catch((error: unknown) => {
      // Already gone (the caller gave up, or another tab's phone answered first): nothing to refuse.
      if (error instanceof SoftphoneError && (error.code === 'not-found' || error.code === 'illegal-state')) return;
      console.warn(`callpop: could not refuse call ${call.id}`, error);
    });
  }

  function onEnded(call: SoftphoneCall): void {
    const consult = $consult.get();
    if (consult && (consult.callId === call.id || consult.consultCallId === call.id)) $consult.set(null);
    if (refused.delete(call.id)) return;
    const acwSeconds = $phoneSettings.get().settings?.acwSeconds ?? 0;
    if (call.answeredAt !== null && acwSeconds > 0 && talking().length === 0 && ringing().length === 0) {
      if ($agentStatus.get().status === 'ready') startAcw(acwSeconds);
    }
  }

  function onCall(call: SoftphoneCall): void {
    const previous = live.get(call.id);
    const known = previous !== undefined || refused.has(call.id);
    if (call.state === 'ended') live.delete(call.id);
    else live.set(call.id, call);
    const refusedNow = !known && refusal(call) !== null;
    if (refusedNow) {
      refused.add(call.id);
      $refused.set([...$refused.get(), call.id]);
    }
    const offered = !refused.has(call.id);
    pop.onCall(call, { offered });
    for (const listener of [...feedListeners]) {
      try {
        listener(call, offered);
      } catch (error) {
        console.error('callpop: a call listener failed', error);
      }
    }
    // Where the phone is shared, the tab that holds it answers 486 (every tab agrees it is refused).
    if (refusedNow && ctx.stores.$phoneLocation.get() === 'here') refuse(call);
    if (call.state === 'ended' && known) onEnded(call);
  }

  /**
   * The status follows the registration's changes (not its first reading: a
   * tab that opens while the phone is elsewhere must not set every tab offline).
   */
  function onRegistration(state: string, previous: string | null): void {
    const { status } = $agentStatus.get();
    if (state === 'registered' && status === 'offline') setStatusState({ status: 'ready', breakReasonId: null, acwEndsAt: null });
    else if ((state === 'unregistered' || state === 'failed') && previous !== null && previous !== state && status !== 'offline') {
      setStatusState({ status: 'offline', breakReasonId: null, acwEndsAt: null });
    }
  }

  /** After-call work set in another tab, or before a reload: end it on time here too (ending twice is harmless). */
  function followAcw(state: AgentStatusState): void {
    if (state.status !== 'acw' || state.acwEndsAt === null || acwTimer !== undefined) return;
    const left = state.acwEndsAt - ctx.now();
    if (left <= 0) {
      endAcw();
      return;
    }
    acwTimer = timers.setTimeout(() => {
      acwTimer = undefined;
      endAcw();
    }, left);
  }

  async function holdOthers(exceptId?: string): Promise<void> {
    for (const call of talking(exceptId)) {
      if (call.state === 'connected') await softphone.hold(call.id, true);
    }
  }

  function requireDialable(input: string): Extract<DialInput, { ok: true }> {
    const parsed = parseDialInput(input, ctx.defaultCountry);
    if (!parsed.ok) throw new DialError(parsed.problem, dialMessages[parsed.problem]);
    return parsed;
  }

  function displayNumberFor(parsed: Extract<DialInput, { ok: true }>, settings: AgentPhoneSettings | null): CallerIdChoice | null {
    if (!settings || parsed.kind !== 'phone') return null;
    return chooseDisplayNumber(
      settings.callerId,
      { e164: parsed.target.startsWith('+') ? parsed.target : null, country: parsed.country },
      $displayNumber.get(),
    );
  }

  async function dialTarget(parsed: Extract<DialInput, { ok: true }>, dialOptions: DialCommandOptions = {}): Promise<string> {
    const settings = await requireSettings();
    if (!settings.callPermission) throw new DialError('no-permission', dialMessages['no-permission']);
    await holdOthers();
    const choice = displayNumberFor(parsed, settings);
    return softphone.dial(parsed.target, {
      displayNumber: choice?.number ?? null,
      displayNumberHeader: displayNumberHeader(settings.callerId),
      ...(dialOptions.variables ? { variables: dialOptions.variables } : {}),
    });
  }

  ctx.signal.addEventListener(
    'abort',
    () => {
      settingsLoad?.controller.abort();
      timers.clearTimeout(acwTimer);
    },
    { once: true },
  );

  return {
    feed: {
      on(listener) {
        feedListeners.add(listener);
        return () => void feedListeners.delete(listener);
      },
      live: () => [...live.values()].map((call) => ({ call, offered: !refused.has(call.id) })),
    },
    connect() {
      const off = softphone.on((event) => {
        if (event.type === 'call') onCall(event.call);
        else if (event.type === 'registration') {
          const previous = $registration.get().state;
          $registration.set(event.registration);
          onRegistration(event.registration.state, previous);
        } else if (event.type === 'location') ctx.stores.$phoneLocation.set(event.location);
      });
      ctx.stores.$phoneLocation.set(softphone.location?.() ?? 'here');
      for (const call of softphone.calls()) onCall(call);
      $registration.set(softphone.registration());
      onRegistration(softphone.registration().state, null);
      followAcw($agentStatus.get());
      const offStatus = $agentStatus.listen(followAcw);
      return () => {
        off();
        offStatus();
      };
    },
    dial(input, dialOptions) {
      // ---- number masking: a reference is resolved (a mask here, else by the backend)
      if (typeof input === 'object' && input !== null) {
        const known = ctx.numbers.reveal(input.ref);
        const number = known !== input.ref ? Promise.resolve(known) : ctx.adapter.numbers ? ctx.adapter.numbers.resolve(input.ref, { signal: ctx.signal }).then((r) => r.number) : Promise.reject(new DialError('invalid-characters', dialMessages['invalid-characters']));
        return number.then((text) => dialTarget(requireDialable(ctx.numbers.reveal(text)), dialOptions));
      }
      let parsed: Extract<DialInput, { ok: true }>;
      try {
        parsed = requireDialable(ctx.numbers.reveal(input));
      } catch (error) {
        return Promise.reject(error);
      }
      return dialTarget(parsed, dialOptions);
    },
    async answer(callId) {
      await holdOthers(callId);
      await softphone.answer(callId);
    },
    reject: (callId) => softphone.reject(callId),
    hangup: (callId) => softphone.hangup(callId),
    async hold(callId, on) {
      if (!on) await holdOthers(callId);
      await softphone.hold(callId, on);
    },
    mute: (callId, on) => softphone.mute(callId, on),
    sendDtmf: (callId, digits) => softphone.sendDtmf(callId, digits),
    async transfer(callId, target) {
      const parsed = requireDialable(ctx.numbers.reveal(target));
      await softphone.transfer(callId, parsed.target);
    },
    async consult(callId, target) {
      const parsed = requireDialable(ctx.numbers.reveal(target));
      const consultCallId = await dialTarget(parsed);
      // ---- number masking: the store keeps the mask; the softphone boundary reveals it on transfer
      $consult.set({ callId, consultCallId, target: ctx.numbers.hide(parsed.target) });
      return consultCallId;
    },
    async completeTransfer() {
      const consult = $consult.get();
      if (!consult) return;
      await softphone.transfer(consult.callId, consult.target, { consultCallId: consult.consultCallId });
      $consult.set(null);
    },
    async cancelConsult() {
      const consult = $consult.get();
      if (!consult) return;
      $consult.set(null);
      if (live.has(consult.consultCallId)) await softphone.hangup(consult.consultCallId);
      if (live.get(consult.callId)?.state === 'held') await softphone.hold(consult.callId, false);
    },
    register: () => softphone.register(),
    unregister: () => softphone.unregister(),
    setStatus,
    endAcw: () => endAcw(true),
    loadPhoneSettings,
    checkDial: (input) => ctx.numbers.hide(parseDialInput(ctx.numbers.reveal(input), ctx.defaultCountry)),
    previewDisplayNumber(input) {
      const parsed = parseDialInput(ctx.numbers.reveal(input), ctx.defaultCountry);
      return parsed.ok ? displayNumberFor(parsed, $phoneSettings.get().settings) : null;
    },
    chooseDisplayNumber(number) {
      const settings = $phoneSettings.get().settings;
      if (!settings || settings.callerId.mode !== 'choice') return;
      if (!isAllowedDisplayNumber(settings.callerId, number)) {
        throw new RangeError(`${String(number).slice(0, 40)} is not one of the allowed display numbers.`);
      }
      $displayNumber.set(number);
      try {
        ctx.storage?.setItem(DISPLAY_NUMBER_KEY, number);
      } catch {
        // Not remembered; it still applies on this page.
      }
    },
    configurePhone(changes) {
      if (changes.phoneWindowUrl !== undefined && changes.phoneWindowUrl !== null) checkPhoneWindowUrl(changes.phoneWindowUrl);
      options = { ...options, ...changes };
    },
    canOpenPhoneWindow() {
      return options.phoneWindowUrl !== null && softphone.kind === 'shared' && ctx.stores.$phoneLocation.get() !== 'phone-window' && typeof window !== 'undefined';
    },
    openPhoneWindow() {
      if (options.phoneWindowUrl === null) throw new Error('callpop: no phone window is configured (the workbench option phoneWindowUrl).');
      const opened = window.open(options.phoneWindowUrl, PHONE_WINDOW_NAME, 'popup,width=420,height=720');
      if (!opened) return false;
      opened.focus();
      return true;
    },
  };
}
