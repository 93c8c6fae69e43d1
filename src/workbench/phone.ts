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
import type { AcwSettings, AgentPhoneSettings, AgentStatus } from '../adapter/types.js';
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

/** Why `transferToSurvey` did not hand the call to the survey. */
export type SurveyErrorCode = 'not-configured' | 'not-answered' | 'not-supported' | 'refused';

/** Raised by `transferToSurvey`; the call stays with the agent. `reason` is the SIP side's, when it gave one. */
export class SurveyError extends Error {
  override readonly name = 'SurveyError';
  constructor(
    readonly code: SurveyErrorCode,
    message: string,
    readonly reason: string | null = null,
  ) {
    super(message);
  }
}

/** Raised by `extendAcw` when after-call work cannot be extended now. */
export class AcwError extends Error {
  override readonly name = 'AcwError';
  constructor(
    readonly code: 'not-in-acw' | 'not-allowed' | 'at-limit',
    message: string,
  ) {
    super(message);
  }
}

/** How long a REFER to the survey may stay accepted without the call leaving before it counts as refused. */
export const SURVEY_CONFIRM_MS = 10_000;

/**
 * Where an extension of after-call work would end it now (epoch ms): the
 * current end plus the settings' step, capped at `maxSeconds` after ACW began;
 * null when it cannot be extended (not in ACW with a countdown, no extension
 * settings, or already at the limit).
 */
export function nextAcwEnd(status: AgentStatusState, acw: AcwSettings | null | undefined): number | null {
  if (status.status !== 'acw' || status.acwEndsAt === null || !acw) return null;
  if (!(acw.extendStepSeconds > 0) || !(acw.maxSeconds > 0)) return null;
  // Without its start (a status kept by an older version) the limit is unknown: no extension.
  const startedAt = status.acwStartedAt ?? null;
  if (startedAt === null) return null;
  const next = Math.min(status.acwEndsAt + acw.extendStepSeconds * 1000, startedAt + acw.maxSeconds * 1000);
  return next > status.acwEndsAt ? next : null;
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
  /**
   * Extend after-call work by the settings' `acw.extendStepSeconds`, up to
   * `acw.maxSeconds` of ACW in all (see {@link nextAcwEnd}); the backend hears
   * the new end (`acwEndsAt`) and every tab counts down to it. Throws an
   * {@link AcwError} when it cannot be extended.
   */
  extendAcw(): void;
  /**
   * Hand the customer to the satisfaction survey as the settings' `survey`
   * says: a blind transfer (REFER, with the settings' headers) to its target,
   * or a SIP INFO in the call's dialog. Resolves when the SIP server took it;
   * rejects with a {@link SurveyError} when it did not (the call stays with
   * the agent). The call report then records the survey as offered.
   */
  transferToSurvey(callId: string): Promise<void>;
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
  /** When the armed ACW timer is due (epoch ms), null when none is armed. */
  let acwTimerAt: number | null = null;
  const surveyTimers = new Map<string, unknown>();
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
    const input = {
      status: next.status,
      breakReasonId: next.breakReasonId,
      acwEndsAt: next.status === 'acw' && next.acwEndsAt !== null ? new Date(next.acwEndsAt).toISOString() : null,
    };
    ctx.adapter.agents.setStatus(input, { idempotencyKey: newKey(), signal: ctx.signal }).catch((error: unknown) => {
      if (error instanceof AdapterError && (error.code === 'not-supported' || error.code === 'aborted')) return;
      console.warn('callpop: the backend did not take the agent status', error);
    });
  }

  /** The one ACW timer of this tab, due at `endsAt` (null: none). Every tab arms its own from the shared status. */
  function armAcw(endsAt: number | null): void {
    if (endsAt === acwTimerAt && (endsAt === null || acwTimer !== undefined)) return;
    timers.clearTimeout(acwTimer);
    acwTimer = undefined;
    acwTimerAt = endsAt;
    if (endsAt === null) return;
    acwTimer = timers.setTimeout(() => {
      acwTimer = undefined;
      acwTimerAt = null;
      const current = $agentStatus.get();
      if (current.status !== 'acw' || current.acwEndsAt === null) return;
      // Extended meanwhile (here or in another tab): wait for the new end.
      if (current.acwEndsAt > ctx.now()) armAcw(current.acwEndsAt);
      else endAcw();
    }, Math.max(0, endsAt - ctx.now()));
  }

  function setStatusState(next: AgentStatusState, byAgent = false): void {
    if (next.status !== 'acw') armAcw(null);
    const previous = $agentStatus.get();
    $agentStatus.set(next);
    if (previous.status !== next.status || previous.breakReasonId !== next.breakReasonId) report(next, byAgent);
  }

  function startAcw(seconds: number, byAgent = false): void {
    const now = ctx.now();
    const endsAt = seconds > 0 ? now + seconds * 1000 : null;
    const wasAcw = $agentStatus.get().status === 'acw';
    const next: AgentStatusState = { status: 'acw', breakReasonId: null, acwEndsAt: endsAt, acwStartedAt: now };
    $agentStatus.set(next);
    armAcw(endsAt);
    if (!wasAcw) report(next, byAgent);
  }

  function extendAcw(): void {
    const current = $agentStatus.get();
    if (current.status !== 'acw' || current.acwEndsAt === null) {
      throw new AcwError('not-in-acw', 'The agent is not in after-call work with a countdown.');
    }
    const acw = $phoneSettings.get().settings?.acw;
    if (!acw || !(acw.extendStepSeconds > 0)) throw new AcwError('not-allowed', 'After-call work cannot be extended.');
    const endsAt = nextAcwEnd(current, acw);
    if (endsAt === null) throw new AcwError('at-limit', `After-call work is at its limit of ${acw.maxSeconds} seconds.`);
    const next: AgentStatusState = { ...current, acwEndsAt: endsAt };
    $agentStatus.set(next);
    armAcw(endsAt);
    // The status stays the same, so the backend hears the new end here, from the agent's click.
    report(next, true);
  }

  async function transferToSurvey(callId: string): Promise<void> {
    const settings = await requireSettings().catch(() => null);
    const survey = settings?.survey;
    if (!survey) throw new SurveyError('not-configured', 'No satisfaction survey is configured.');
    const call = live.get(callId);
    if (!call || (call.state !== 'connected' && call.state !== 'held')) {
      throw new SurveyError('not-answered', 'Only an answered call can go to the survey.');
    }
    const { mode } = survey;
    const info = survey.info;
    if (mode === 'info' && (!info || typeof softphone.sendInfo !== 'function')) {
      throw new SurveyError('not-supported', 'This phone cannot signal the survey by SIP INFO.');
    }
    timers.clearTimeout(surveyTimers.get(callId));
    surveyTimers.delete(callId);
    pop.setSurvey(callId, { status: 'sending', mode, offeredAt: null, error: null });
    try {
      if (mode === 'info') {
        await softphone.sendInfo!(callId, info!);
        pop.setSurvey(callId, { status: 'offered', mode, offeredAt: ctx.now(), error: null });
        return;
      }
      await softphone.transfer(callId, survey.target, survey.headers ? { headers: { ...survey.headers } } : {});
    } catch (error) {
      const reason = messageOf(error);
      pop.setSurvey(callId, { status: 'refused', mode, offeredAt: null, error: reason });
      throw new SurveyError('refused', `The survey transfer was refused: ${reason}`, reason);
    }
    // Accepted (202): offered once the call leaves as transferred; refused when the target's NOTIFY says so,
    // or when the call is still here after a while.
    const failed = live.get(callId)?.transferFailed;
    if (failed !== undefined && ctx.stores.$calls.get()[callId]?.live) {
      pop.setSurvey(callId, { status: 'refused', mode, offeredAt: null, error: `SIP ${failed}` });
    } else if (ctx.stores.$calls.get()[callId]?.live) {
      pop.setSurvey(callId, { status: 'sending', mode, offeredAt: ctx.now(), error: null });
      surveyTimers.set(
        callId,
        timers.setTimeout(() => {
          surveyTimers.delete(callId);
          const pending = ctx.stores.$calls.get()[callId];
          if (pending?.live && pending.survey?.status === 'sending') {
            pop.setSurvey(callId, { status: 'refused', mode, offeredAt: null, error: null });
          }
        }, SURVEY_CONFIRM_MS),
      );
    } else if (ctx.stores.$calls.get()[callId]?.survey?.status !== 'offered') {
      pop.setSurvey(callId, { status: 'offered', mode, offeredAt: ctx.now(), error: null });
    }
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

  /**
   * After-call work set or extended in another tab, or before a reload: end it
   * on time here too, at its current end (ending twice is harmless).
   */
  function followAcw(state: AgentStatusState): void {
    if (state.status !== 'acw' || state.acwEndsAt === null) {
      armAcw(null);
      return;
    }
    if (state.acwEndsAt <= ctx.now()) endAcw();
    else armAcw(state.acwEndsAt);
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
      for (const timer of surveyTimers.values()) timers.clearTimeout(timer);
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
        else if (event.type === 'quality') pop.onQuality(event.callId, event.quality);
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
    extendAcw,
    transferToSurvey,
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
