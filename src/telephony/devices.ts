/**
 * Audio devices for the phone bar: list microphones and speakers, remember the
 * agent's choices (microphone, call speaker, ringer speaker) in storage, and
 * fall back to the system default when a remembered device is gone.
 *
 * Browsers hide device labels until the page has had microphone access; an
 * unlabelled device is shown as "Microphone 2" by the phone bar.
 *
 * @packageDocumentation
 */

export interface AudioDeviceOption {
  readonly deviceId: string;
  /** Empty until the page was granted microphone access. */
  readonly label: string;
  readonly kind: 'audioinput' | 'audiooutput';
}

export interface AudioDeviceList {
  readonly microphones: readonly AudioDeviceOption[];
  readonly speakers: readonly AudioDeviceOption[];
}

/** The agent's choices; `null` is the system default. */
export interface DeviceChoices {
  readonly microphone: string | null;
  readonly speaker: string | null;
  readonly ringer: string | null;
}

export const NO_DEVICE_CHOICES: DeviceChoices = { microphone: null, speaker: null, ringer: null };

/** Where choices are kept in storage. */
export const DEVICE_CHOICES_KEY = 'callpop:phone:devices';

/** The part of `navigator.mediaDevices` used here. */
export type DeviceSource = Pick<MediaDevices, 'enumerateDevices'>;

/** Whether the browser can list devices at all (not in insecure contexts, for one). */
export function canListDevices(source: DeviceSource | undefined = globalThis.navigator?.mediaDevices): boolean {
  return typeof source?.enumerateDevices === 'function';
}

/**
 * The microphones and speakers, the system default first and the
 * `default`/`communications` aliases folded into it (Chromium lists them twice).
 */
export async function listAudioDevices(
  source: DeviceSource | undefined = globalThis.navigator?.mediaDevices,
): Promise<AudioDeviceList> {
  if (!canListDevices(source)) throw new Error('This browser cannot list audio devices (a secure https page is needed).');
  const devices = await source!.enumerateDevices();
  const pick = (kind: 'audioinput' | 'audiooutput'): AudioDeviceOption[] => {
    const seen = new Set<string>();
    const out: AudioDeviceOption[] = [];
    for (const device of devices) {
      if (device.kind !== kind) continue;
      if (device.deviceId === '' || device.deviceId === 'default' || device.deviceId === 'communications') continue;
      if (seen.has(device.deviceId)) continue;
      seen.add(device.deviceId);
      out.push({ deviceId: device.deviceId, label: device.label.slice(0, 120), kind });
    }
    return out;
  };
  return { microphones: pick('audioinput'), speakers: pick('audiooutput') };
}

/** Choices remembered in `storage` (anything malformed reads as the defaults). */
export function loadDeviceChoices(storage: Storage | null, key = DEVICE_CHOICES_KEY): DeviceChoices {
  if (!storage) return NO_DEVICE_CHOICES;
  try {
    const raw = storage.getItem(key);
    if (!raw) return NO_DEVICE_CHOICES;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return NO_DEVICE_CHOICES;
    const read = (name: keyof DeviceChoices): string | null => {
      const v = (value as Record<string, unknown>)[name];
      return typeof v === 'string' && v.length > 0 && v.length <= 512 ? v : null;
    };
    return { microphone: read('microphone'), speaker: read('speaker'), ringer: read('ringer') };
  } catch {
    return NO_DEVICE_CHOICES;
  }
}

export function saveDeviceChoices(storage: Storage | null, choices: DeviceChoices, key = DEVICE_CHOICES_KEY): void {
  if (!storage) return;
  try {
    storage.setItem(key, JSON.stringify(choices));
  } catch {
    // Storage full or blocked: the choice still applies to this page.
  }
}

/**
 * The choices with devices that are no longer there replaced by the default.
 * An empty list (the browser hides devices until microphone access) keeps the choice.
 */
export function reconcileDeviceChoices(choices: DeviceChoices, list: AudioDeviceList): DeviceChoices {
  const has = (options: readonly AudioDeviceOption[], id: string | null): string | null =>
    id !== null && (options.length === 0 || options.some((option) => option.deviceId === id)) ? id : null;
  return {
    microphone: has(list.microphones, choices.microphone),
    speaker: has(list.speakers, choices.speaker),
    ringer: has(list.speakers, choices.ringer),
  };
}
