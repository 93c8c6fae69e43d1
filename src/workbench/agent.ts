/**
 * The agent capability (`workbench.use(agentModule)`): what `<phone-bar>` drives beyond
 * the plain softphone commands.
 *
 * - Agent status: ready, busy, break (with a reason), after-call work (ACW,
 *   with a countdown), offline (not registered). An agent who is busy, on a
 *   break or in ACW is not offered new calls: a ringing inbound call is refused
 *   before it pops and answered "486 Busy Here" (`busyWhenNotReady`, default
 *   on). `offline` follows registration: registering makes an offline agent
 *   ready; unregistering or a failed registration makes them offline. Calls a
 *   softphone still delivers while offline (the simulated one) are offered.
 * - After a call the agent answered ends, a ready agent goes to ACW for the
 *   backend's `acwSeconds`, then back to ready (or earlier with `endAcw`).
 * - Dialling: the input is cleaned and parsed (`parseDialInput`), the display
 *   number chosen by the caller-ID rules (`chooseDisplayNumber`) and sent in
 *   the rules' header.
 * - Ringing: the ringtone on the chosen output device, a quieter "call
 *   waiting" cadence when a second call rings during a call, a desktop
 *   notification when the page is hidden, auto-answer when configured.
 * - Call waiting and attended transfer: answering, resuming or consulting puts
 *   the call the agent is talking on on hold first.
 * - A warning before the page unloads while a call is live.
 *
 * @packageDocumentation
 */
import { atom, type ReadableAtom } from 'nanostores';
import type { AgentPhoneSettings, AgentStatus } from '../adapter/types.js';
import { resolveLocale, translateFrom } from '../i18n/locale.js';
import { formatPhone } from '../phone/index.js';
import {
  chooseDisplayNumber,
  displayNumberHeader,
  isAllowedDisplayNumber,
  type CallerIdChoice,
} from '../telephony/caller-id.js';
import {
  canListDevices,
  listAudioDevices,
  loadDeviceChoices,
  reconcileDeviceChoices,
  saveDeviceChoices,
  type AudioDeviceOption,
  type DeviceChoices,
} from '../telephony/devices.js';
import { parseDialInput, type DialInput, type DialInputProblem } from '../telephony/dial-input.js';
import { CallNotifier, type NotificationApi } from '../telephony/notifier.js';
import { Ringer, type RingerOptions, type RingerState } from '../telephony/ringer.js';
import type { SoftphoneCall } from '../telephony/softphone.js';
import { createUnloadGuard, type UnloadGuard } from '../telephony/unload-guard.js';
import { agentMessages } from './agent.messages.js';
import { messageOf, type ModuleContext, type ModuleLifecycle } from './context.js';
import type { DraftsModule } from './drafts.js';
import { defineModule } from './modules.js';

export type { AgentStatus } from '../adapter/types.js';

export interface AgentStatusState {
  readonly status: AgentStatus;
  /** The break's reason (one of the settings' `breakReasons`) while on a break. */
  readonly breakReasonId: string | null;
  /** When after-call work ends by itself (epoch ms); null outside ACW or without a limit. */
  readonly acwEndsAt: number | null;
}

export interface PhoneSettingsState {
  readonly status: 'loading' | 'ready' | 'error';
  readonly settings: AgentPhoneSettings | null;
  /** Why loading failed, for the agent (with a retry). */
  readonly error: string | null;
}

export interface DevicesState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error' | 'unsupported';
  readonly microphones: readonly AudioDeviceOption[];
  readonly speakers: readonly AudioDeviceOption[];
  /** The agent's choices (remembered in this browser); null is the system default. */
  readonly choices: DeviceChoices;
  readonly error: string | null;
}

/** An attended transfer in progress: the caller is held while the agent talks to the target. */
export interface ConsultState {
  /** The call being transferred (held). */
  readonly callId: string;
  /** The consultation call to the target. */
  readonly consultCallId: string;
  readonly target: string;
}

export interface AgentOptions {
  /** Refuse ringing inbound calls with 486 Busy Here while the agent is not ready (default true). */
  readonly busyWhenNotReady: boolean;
  /** How long a call rings before auto-answer picks it up, when the settings ask for it (default 1500). */
  readonly autoAnswerDelayMs: number;
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

/** Browser hooks, replaceable for tests and non-browser hosts. */
export interface AgentEnvironment {
  /** Where device choices and the caller-ID pick are remembered (default `localStorage`). */
  readonly storage?: Storage | null;
  readonly ringer?: RingerOptions;
  readonly notifications?: NotificationApi | null;
}

/** The agent capability of the workbench (`workbench.use(agentModule)`). */
export interface AgentModule extends ModuleLifecycle {
  readonly $status: ReadableAtom<AgentStatusState>;
  readonly $settings: ReadableAtom<PhoneSettingsState>;
  /** The display number chosen for the next call (choice and fixed modes; null in pool mode, where it depends on the callee). */
  readonly $displayNumber: ReadableAtom<string | null>;
  readonly $devices: ReadableAtom<DevicesState>;
  readonly $ringer: ReadableAtom<RingerState>;
  readonly $consult: ReadableAtom<ConsultState | null>;
  /** Calls refused because the agent was not ready (never popped, answered 486). */
  readonly $refused: ReadableAtom<readonly string[]>;
  readonly options: AgentOptions;
  configure(options: Partial<AgentOptions>): void;
  /** Load (or retry loading) the agent's phone settings. */
  loadSettings(): Promise<void>;
  /** Set the agent's status; a break takes one of the settings' reasons. */
  setStatus(status: AgentStatus, breakReasonId?: string | null): void;
  /** End after-call work now: the agent is ready again. */
  endAcw(): void;
  register(): Promise<void>;
  unregister(): Promise<void>;
  /** Clean and classify dial input without dialling (for inline validation). */
  checkDial(input: string): DialInput;
  /** The display number a call to `input` would present, or null when none applies. */
  previewDisplayNumber(input: string): CallerIdChoice | null;
  /** Choice mode: present this number from now on (remembered). */
  chooseDisplayNumber(number: string): void;
  /** Dial what the agent typed or pasted. Rejects with a {@link DialError} for unusable input. */
  dial(input: string): Promise<string>;
  /** Answer a ringing call; the call the agent is talking on is held first (call waiting). */
  answer(callId: string): Promise<void>;
  /** Resume a held call; another call the agent is talking on is held first. */
  resume(callId: string): Promise<void>;
  /** Blind transfer (REFER) to what the agent typed. */
  transfer(callId: string, target: string): Promise<void>;
  /** Attended transfer, step one: hold the caller and dial the target. Resolves with the consultation call's id. */
  consult(callId: string, target: string): Promise<string>;
  /** Attended transfer, step two: join the caller to the target. */
  completeTransfer(): Promise<void>;
  /** Attended transfer abandoned: end the consultation and return to the caller. */
  cancelConsult(): Promise<void>;
  /** List the microphones and speakers again. */
  refreshDevices(): Promise<void>;
  /** Use and remember a device (`null`: the system default). */
  setDevice(kind: keyof DeviceChoices, deviceId: string | null): Promise<void>;
  /** From a click on "enable sound": let the ringtone play. */
  enableSound(): Promise<void>;
  /** Replace browser hooks (storage, ringer audio, notifications). For tests and special hosts; call before `start()`. */
  useEnvironment(environment: AgentEnvironment): void;
}

const DISPLAY_NUMBER_KEY = 'callpop:phone:display-number';


const dialMessages: { readonly [code in DialErrorCode]: string } = {
  empty: 'Type a number to dial.',
  'too-long': 'That is too long for a phone number.',
  'invalid-characters': 'That is not a number that can be dialled.',
  'too-short': 'That number is too short.',
  'no-permission': 'This agent may not make outbound calls.',
  settings: 'The phone settings are not loaded yet.',
};

export function createAgentModule(ctx: ModuleContext, _drafts: DraftsModule): AgentModule {
  const { softphone } = ctx;
  let options: AgentOptions = { busyWhenNotReady: true, autoAnswerDelayMs: 1500 };
  let storage: Storage | null = ctx.storage;
  let ringer = new Ringer();
  let notifier = new CallNotifier();
  const guard: UnloadGuard = typeof window === 'undefined' ? createUnloadGuard({ addEventListener() {}, removeEventListener() {} }) : createUnloadGuard();

  const $status = atom<AgentStatusState>({
    status: softphone.registration().state === 'registered' ? 'ready' : 'offline',
    breakReasonId: null,
    acwEndsAt: null,
  });
  const $settings = atom<PhoneSettingsState>({ status: 'loading', settings: null, error: null });
  const $displayNumber = atom<string | null>(null);
  const $devices = atom<DevicesState>({
    status: 'idle',
    microphones: [],
    speakers: [],
    choices: loadDeviceChoices(storage),
    error: null,
  });
  const $ringer = atom<RingerState>(ringer.$state.get());
  const $consult = atom<ConsultState | null>(null);
  const $refused = atom<readonly string[]>([]);

  /** The live calls as the softphone last reported them. */
  const live = new Map<string, SoftphoneCall>();
  const refused = new Set<string>();
  const { timers } = ctx;
  const autoAnswers = new Map<string, unknown>();
  let acwTimer: unknown;
  let settingsLoad: AbortController | null = null;
  let unlistenRinger = ringer.$state.subscribe((state) => $ringer.set(state));

  // ------------------------------------------------------------ status

  function setStatusState(next: AgentStatusState): void {
    if (next.status !== 'acw' && acwTimer !== undefined) {
      timers.clearTimeout(acwTimer);
      acwTimer = undefined;
    }
    $status.set(next);
  }

  function startAcw(seconds: number): void {
    timers.clearTimeout(acwTimer);
    acwTimer = undefined;
    const endsAt = seconds > 0 ? ctx.now() + seconds * 1000 : null;
    $status.set({ status: 'acw', breakReasonId: null, acwEndsAt: endsAt });
    if (seconds > 0) acwTimer = timers.setTimeout(endAcw, seconds * 1000);
  }

  function endAcw(): void {
    if ($status.get().status !== 'acw') return;
    setStatusState({ status: 'ready', breakReasonId: null, acwEndsAt: null });
  }

  function setStatus(status: AgentStatus, breakReasonId: string | null = null): void {
    const reasons = $settings.get().settings?.breakReasons ?? [];
    if (status === 'break') {
      if (breakReasonId !== null && reasons.length > 0 && !reasons.some((reason) => reason.id === breakReasonId)) {
        throw new RangeError(`"${breakReasonId.slice(0, 40)}" is not one of the break reasons.`);
      }
      if (breakReasonId === null && reasons.length > 0) throw new RangeError('A break needs one of the break reasons.');
    }
    if (status === 'acw') {
      startAcw($settings.get().settings?.acwSeconds ?? 0);
      return;
    }
    setStatusState({ status, breakReasonId: status === 'break' ? breakReasonId : null, acwEndsAt: null });
    if (status === 'ready') void notifier.requestPermission();
  }

  // ------------------------------------------------------------ settings

  function refreshDisplayNumber(): void {
    const settings = $settings.get().settings;
    if (!settings) return;
    const rules = settings.callerId;
    if (rules.mode === 'pool') {
      $displayNumber.set(null);
      return;
    }
    let remembered: string | null = null;
    try {
      remembered = storage?.getItem(DISPLAY_NUMBER_KEY) ?? null;
    } catch {
      remembered = null;
    }
    $displayNumber.set(chooseDisplayNumber(rules, { e164: null, country: null }, remembered).number);
  }

  async function loadSettings(): Promise<void> {
    settingsLoad?.abort();
    const controller = new AbortController();
    settingsLoad = controller;
    const signal = AbortSignal.any([controller.signal, ctx.signal]);
    $settings.set({ status: 'loading', settings: $settings.get().settings, error: null });
    try {
      const settings = await ctx.adapter.agents.phoneSettings({ signal });
      if (settingsLoad !== controller) return;
      $settings.set({ status: 'ready', settings, error: null });
      refreshDisplayNumber();
    } catch (error) {
      if (settingsLoad !== controller || ctx.signal.aborted) return;
      $settings.set({ status: 'error', settings: $settings.get().settings, error: messageOf(error) });
    } finally {
      if (settingsLoad === controller) settingsLoad = null;
    }
  }

  // ------------------------------------------------------------ calls

  function refusalOf(call: SoftphoneCall): string | null {
    if (refused.has(call.id)) return 'agent-not-ready';
    if (call.direction !== 'inbound' || call.state !== 'ringing' || !options.busyWhenNotReady) return null;
    const { status } = $status.get();
    if (status === 'ready' || status === 'offline') return null;
    refused.add(call.id);
    $refused.set([...$refused.get(), call.id]);
    // Later: the pop module is still handling this call's first event.
    queueMicrotask(() => {
      softphone.reject(call.id, { busy: true }).catch((error: unknown) => {
        console.warn(`callpop: could not refuse call ${call.id}`, error);
      });
    });
    return `agent-${status}`;
  }

  function talking(exceptId?: string): SoftphoneCall[] {
    return [...live.values()].filter((call) => call.id !== exceptId && call.state !== 'ringing' && !refused.has(call.id));
  }

  function ringingCalls(): SoftphoneCall[] {
    return [...live.values()].filter((call) => call.state === 'ringing' && call.direction === 'inbound' && !refused.has(call.id));
  }

  function updateRinger(): void {
    if (ringingCalls().length === 0) ringer.stop();
    else void ringer.start(talking().length > 0 ? 'waiting' : 'ring');
  }

  function updateGuard(): void {
    guard.set([...live.values()].some((call) => !refused.has(call.id)));
  }

  function cancelAutoAnswer(callId: string): void {
    const timer = autoAnswers.get(callId);
    if (timer !== undefined) timers.clearTimeout(timer);
    autoAnswers.delete(callId);
  }

  function notify(call: SoftphoneCall): void {
    const locale = resolveLocale(
      (typeof document !== 'undefined' ? document.documentElement.lang : '') ||
        (typeof navigator !== 'undefined' ? navigator.language : 'en'),
    );
    const number = formatPhone(call.remoteNumber);
    const name = call.remoteName?.replace(/\s+/g, ' ').trim().slice(0, 60);
    const caller = name ? `${name} · ${number}` : number;
    notifier.notifyIncoming({
      callId: call.id,
      title: translateFrom(agentMessages, locale, talking().length > 0 ? 'waitingTitle' : 'incomingTitle'),
      body: translateFrom(agentMessages, locale, 'incomingBody', { caller }),
    });
  }

  function onRinging(call: SoftphoneCall): void {
    if (refusalOf(call) !== null) return;
    notify(call);
    const settings = $settings.get().settings;
    if (settings?.autoAnswer && talking().length === 0) {
      autoAnswers.set(
        call.id,
        timers.setTimeout(() => {
          autoAnswers.delete(call.id);
          if (live.get(call.id)?.state === 'ringing' && talking().length === 0) {
            softphone.answer(call.id).catch((error: unknown) => console.warn('callpop: auto-answer failed', error));
          }
        }, Math.max(0, options.autoAnswerDelayMs)),
      );
    }
  }

  function onEnded(call: SoftphoneCall): void {
    const consult = $consult.get();
    if (consult && (consult.callId === call.id || consult.consultCallId === call.id)) $consult.set(null);
    const wasRefused = refused.delete(call.id);
    if (wasRefused) return;
    const acwSeconds = $settings.get().settings?.acwSeconds ?? 0;
    if (call.answeredAt !== null && acwSeconds > 0 && talking().length === 0 && ringingCalls().length === 0) {
      if ($status.get().status === 'ready') startAcw(acwSeconds);
    }
  }

  function onCall(call: SoftphoneCall): void {
    const previous = live.get(call.id);
    if (call.state === 'ended') live.delete(call.id);
    else live.set(call.id, call);
    if (call.state !== 'ringing') {
      cancelAutoAnswer(call.id);
      notifier.close(call.id);
    }
    if (!previous && call.state === 'ringing' && call.direction === 'inbound') onRinging(call);
    if (call.state === 'ended' && (previous || refused.has(call.id))) onEnded(call);
    updateRinger();
    updateGuard();
  }

  for (const call of softphone.calls()) if (call.state !== 'ended') live.set(call.id, call);
  const unlisten = softphone.on((event) => {
    if (event.type === 'call') {
      onCall(event.call);
      return;
    }
    const { state } = event.registration;
    const { status } = $status.get();
    if (state === 'registered' && status === 'offline') setStatusState({ status: 'ready', breakReasonId: null, acwEndsAt: null });
    else if ((state === 'unregistered' || state === 'failed') && status !== 'offline') {
      setStatusState({ status: 'offline', breakReasonId: null, acwEndsAt: null });
    }
  });
  ctx.inboundChecks.push((call) => refusalOf(call));

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

  function displayNumberFor(parsed: Extract<DialInput, { ok: true }>): CallerIdChoice | null {
    const settings = $settings.get().settings;
    if (!settings || parsed.kind !== 'phone') return null;
    return chooseDisplayNumber(
      settings.callerId,
      { e164: parsed.target.startsWith('+') ? parsed.target : null, country: parsed.country },
      $displayNumber.get(),
    );
  }

  async function dialTarget(parsed: Extract<DialInput, { ok: true }>): Promise<string> {
    const state = $settings.get();
    if (!state.settings) throw new DialError('settings', dialMessages.settings);
    if (!state.settings.callPermission) throw new DialError('no-permission', dialMessages['no-permission']);
    const choice = displayNumberFor(parsed);
    return softphone.dial(parsed.target, {
      displayNumber: choice?.number ?? null,
      displayNumberHeader: displayNumberHeader(state.settings.callerId),
    });
  }

  // ------------------------------------------------------------ devices

  async function applyDevices(choices: DeviceChoices): Promise<void> {
    await Promise.all([
      softphone.setAudioDevices({ microphone: choices.microphone, speaker: choices.speaker }),
      ringer.setSinkId(choices.ringer),
    ]);
  }

  async function refreshDevices(): Promise<void> {
    if (!canListDevices()) {
      $devices.set({ ...$devices.get(), status: 'unsupported', error: null });
      return;
    }
    $devices.set({ ...$devices.get(), status: 'loading', error: null });
    try {
      const list = await listAudioDevices();
      const choices = reconcileDeviceChoices($devices.get().choices, list);
      $devices.set({ status: 'ready', ...list, choices, error: null });
    } catch (error) {
      $devices.set({ ...$devices.get(), status: 'error', error: messageOf(error) });
    }
  }

  const onDeviceChange = (): void => {
    if ($devices.get().status === 'ready') void refreshDevices();
  };
  const mediaDevices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  mediaDevices?.addEventListener?.('devicechange', onDeviceChange);

  // ------------------------------------------------------------ cleanup

  ctx.signal.addEventListener(
    'abort',
    () => {
      unlisten();
      settingsLoad?.abort();
      timers.clearTimeout(acwTimer);
      for (const id of [...autoAnswers.keys()]) cancelAutoAnswer(id);
      ringer.dispose();
      unlistenRinger();
      notifier.dispose();
      guard.dispose();
      mediaDevices?.removeEventListener?.('devicechange', onDeviceChange);
    },
    { once: true },
  );

  return {
    $status,
    $settings,
    $displayNumber,
    $devices,
    $ringer,
    $consult,
    $refused,
    get options() {
      return options;
    },
    configure(changes) {
      options = { ...options, ...changes };
    },
    useEnvironment(environment) {
      if (environment.storage !== undefined) {
        storage = environment.storage;
        $devices.set({ ...$devices.get(), choices: loadDeviceChoices(storage) });
        refreshDisplayNumber();
      }
      if (environment.ringer) {
        unlistenRinger();
        ringer.dispose();
        ringer = new Ringer(environment.ringer);
        unlistenRinger = ringer.$state.subscribe((state) => $ringer.set(state));
      }
      if (environment.notifications !== undefined) {
        notifier.dispose();
        notifier = new CallNotifier({ api: environment.notifications });
      }
    },
    async start() {
      const choices = $devices.get().choices;
      if (choices.microphone !== null || choices.speaker !== null || choices.ringer !== null) {
        await applyDevices(choices).catch((error: unknown) => console.warn('callpop: could not use the remembered audio devices', error));
      }
      await loadSettings();
    },
    loadSettings,
    setStatus,
    endAcw,
    async register() {
      void notifier.requestPermission();
      await softphone.register();
    },
    async unregister() {
      await softphone.unregister();
    },
    checkDial(input) {
      return parseDialInput(input, ctx.defaultCountry);
    },
    previewDisplayNumber(input) {
      const parsed = parseDialInput(input, ctx.defaultCountry);
      return parsed.ok ? displayNumberFor(parsed) : null;
    },
    chooseDisplayNumber(number) {
      const settings = $settings.get().settings;
      if (!settings || settings.callerId.mode !== 'choice') return;
      if (!isAllowedDisplayNumber(settings.callerId, number)) {
        throw new RangeError(`${number.slice(0, 40)} is not one of the allowed display numbers.`);
      }
      $displayNumber.set(number);
      try {
        storage?.setItem(DISPLAY_NUMBER_KEY, number);
      } catch {
        // Not remembered; it still applies on this page.
      }
    },
    async dial(input) {
      const parsed = requireDialable(input);
      await holdOthers();
      return dialTarget(parsed);
    },
    async answer(callId) {
      cancelAutoAnswer(callId);
      await holdOthers(callId);
      await softphone.answer(callId);
    },
    async resume(callId) {
      await holdOthers(callId);
      await softphone.hold(callId, false);
    },
    async transfer(callId, target) {
      const parsed = requireDialable(target);
      await softphone.transfer(callId, parsed.target);
    },
    async consult(callId, target) {
      const parsed = requireDialable(target);
      await holdOthers();
      const consultCallId = await dialTarget(parsed);
      $consult.set({ callId, consultCallId, target: parsed.target });
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
    refreshDevices,
    async setDevice(kind, deviceId) {
      const choices = { ...$devices.get().choices, [kind]: deviceId };
      $devices.set({ ...$devices.get(), choices });
      saveDeviceChoices(storage, choices);
      await applyDevices(choices);
    },
    async enableSound() {
      await ringer.unlock();
    },
  };
}

/** Attach with `workbench.use(agentModule)`; `<phone-bar>` does. */
export const agentModule = defineModule('agent', createAgentModule);
