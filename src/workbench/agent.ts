/**
 * The phone bar's capability (`workbench.use(agentModule)`): what the page
 * that shows `<phone-bar>` does for the agent beyond the phone commands (those
 * are the workbench's own: `workbench.dial`, `answer`, `setStatus`…, with
 * their rules in one place, see `./phone.ts`).
 *
 * - Ringing: the ringtone on the chosen output device, a quieter "call
 *   waiting" cadence when a second call rings during a call, a desktop
 *   notification when the page is hidden, auto-answer when the settings ask
 *   for it (through `workbench.answer`, so call waiting applies).
 * - Notification permission is asked when the agent registers or sets ready,
 *   never on load.
 * - Audio devices: microphone, speaker and ringer, remembered in this browser.
 * - A warning before the page unloads while a call is live.
 *
 * @packageDocumentation
 */
import { atom, type ReadableAtom } from 'nanostores';
import { resolveLocale, translateFrom } from '../i18n/locale.js';
import { formatPhone } from '../phone/index.js';
import {
  canListDevices,
  listAudioDevices,
  loadDeviceChoices,
  reconcileDeviceChoices,
  saveDeviceChoices,
  type AudioDeviceOption,
  type DeviceChoices,
} from '../telephony/devices.js';
import { CallNotifier, type NotificationApi } from '../telephony/notifier.js';
import { Ringer, type RingerOptions, type RingerState } from '../telephony/ringer.js';
import type { SoftphoneCall } from '../telephony/softphone.js';
import { createUnloadGuard, type UnloadGuard } from '../telephony/unload-guard.js';
import { agentMessages } from './agent.messages.js';
import { messageOf, type ModuleContext, type ModuleLifecycle } from './context.js';
import { defineModule, type CoreModules } from './modules.js';

export interface DevicesState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error' | 'unsupported';
  readonly microphones: readonly AudioDeviceOption[];
  readonly speakers: readonly AudioDeviceOption[];
  /** The agent's choices (remembered in this browser); null is the system default. */
  readonly choices: DeviceChoices;
  readonly error: string | null;
}

export interface AgentOptions {
  /** How long a call rings before auto-answer picks it up, when the settings ask for it (default 1500). */
  readonly autoAnswerDelayMs: number;
}

/** Browser hooks, replaceable for tests and non-browser hosts. */
export interface AgentEnvironment {
  /** Where device choices and the caller-ID pick are remembered (default `localStorage`). */
  readonly storage?: Storage | null;
  readonly ringer?: RingerOptions;
  readonly notifications?: NotificationApi | null;
}

/** The phone bar's capability of the workbench (`workbench.use(agentModule)`). */
export interface AgentModule extends ModuleLifecycle {
  readonly $devices: ReadableAtom<DevicesState>;
  readonly $ringer: ReadableAtom<RingerState>;
  readonly options: AgentOptions;
  configure(options: Partial<AgentOptions>): void;
  /** List the microphones and speakers again. */
  refreshDevices(): Promise<void>;
  /** Use and remember a device (`null`: the system default). */
  setDevice(kind: keyof DeviceChoices, deviceId: string | null): Promise<void>;
  /** From a click on "enable sound": let the ringtone play. */
  enableSound(): Promise<void>;
  /** Replace browser hooks (storage, ringer audio, notifications). For tests and special hosts; call before `start()`. */
  useEnvironment(environment: AgentEnvironment): void;
}

export function createAgentModule(ctx: ModuleContext, { phone, calls }: CoreModules): AgentModule {
  const { softphone, timers } = ctx;
  const { $agentStatus, $phoneSettings, $registration } = ctx.stores;
  let options: AgentOptions = { autoAnswerDelayMs: 1500 };
  let storage: Storage | null = ctx.storage;
  let ringer = new Ringer();
  let notifier = new CallNotifier();
  const guard: UnloadGuard = typeof window === 'undefined' ? createUnloadGuard({ addEventListener() {}, removeEventListener() {} }) : createUnloadGuard();

  const $devices = atom<DevicesState>({
    status: 'idle',
    microphones: [],
    speakers: [],
    choices: loadDeviceChoices(storage),
    error: null,
  });
  const $ringer = atom<RingerState>(ringer.$state.get());

  /** The live calls the agent is offered (refused ones never ring), as last reported. */
  const live = new Map<string, SoftphoneCall>();
  const autoAnswers = new Map<string, unknown>();
  let unlistenRinger = ringer.$state.subscribe((state) => $ringer.set(state));

  function talking(): SoftphoneCall[] {
    return [...live.values()].filter((call) => call.state !== 'ringing');
  }

  function ringingCalls(): SoftphoneCall[] {
    return [...live.values()].filter((call) => call.state === 'ringing' && call.direction === 'inbound');
  }

  /** Ringing, notifications, auto-answer and the close warning belong to the page that holds the phone. */
  const here = (): boolean => ctx.stores.$phoneLocation.get() === 'here';

  function updateRinger(): void {
    if (ringingCalls().length === 0 || !here()) ringer.stop();
    else void ringer.start(talking().length > 0 ? 'waiting' : 'ring');
  }

  function updateGuard(): void {
    guard.set(here() && live.size > 0);
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
    if (!here()) return;
    notify(call);
    if ($phoneSettings.get().settings?.autoAnswer && talking().length === 0) {
      autoAnswers.set(
        call.id,
        timers.setTimeout(() => {
          autoAnswers.delete(call.id);
          if (live.get(call.id)?.state === 'ringing' && talking().length === 0) {
            phone.answer(call.id).catch((error: unknown) => console.warn('callpop: auto-answer failed', error));
          }
        }, Math.max(0, options.autoAnswerDelayMs)),
      );
    }
  }

  function onCall(call: SoftphoneCall, offered: boolean): void {
    const previous = live.get(call.id);
    if (call.state === 'ended' || !offered) live.delete(call.id);
    else live.set(call.id, call);
    if (call.state !== 'ringing') {
      cancelAutoAnswer(call.id);
      notifier.close(call.id);
    }
    if (offered && !previous && call.state === 'ringing' && call.direction === 'inbound') onRinging(call);
    updateRinger();
    updateGuard();
  }

  for (const { call, offered } of calls.live()) if (offered) live.set(call.id, call);
  const unlisten = calls.on(onCall);
  // Permission is asked when the agent acts (registers, sets ready), within their click.
  const unlistenStatus = $agentStatus.listen((status, previous) => {
    if (status.status === 'ready' && previous?.status !== 'ready') void notifier.requestPermission();
  });
  const unlistenLocation = ctx.stores.$phoneLocation.listen(() => {
    updateRinger();
    updateGuard();
  });
  const unlistenRegistration = $registration.listen((registration, previous) => {
    if (registration.state === 'registering' && previous?.state !== 'registering') void notifier.requestPermission();
  });

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
      unlistenStatus();
      unlistenRegistration();
      unlistenLocation();
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
    $devices,
    $ringer,
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
      if ($phoneSettings.get().status === 'idle') await phone.loadPhoneSettings();
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
