import { expect } from '@open-wc/testing';
import {
  DEVICE_CHOICES_KEY,
  listAudioDevices,
  loadDeviceChoices,
  reconcileDeviceChoices,
  saveDeviceChoices,
  type DeviceSource,
} from './devices.js';

function source(devices: Array<Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>>): DeviceSource {
  return { enumerateDevices: async () => devices as MediaDeviceInfo[] };
}

class MemoryStorage implements Pick<Storage, 'getItem' | 'setItem'> {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
}

describe('audio devices', () => {
  it('lists microphones and speakers once each, without the default/communications aliases', async () => {
    const list = await listAudioDevices(
      source([
        { deviceId: 'default', kind: 'audioinput', label: 'Default - Headset' },
        { deviceId: 'communications', kind: 'audioinput', label: 'Communications - Headset' },
        { deviceId: 'mic-1', kind: 'audioinput', label: 'Headset' },
        { deviceId: 'mic-2', kind: 'audioinput', label: '' },
        { deviceId: 'spk-1', kind: 'audiooutput', label: 'Speakers' },
        { deviceId: 'cam-1', kind: 'videoinput', label: 'Camera' },
      ]),
    );
    expect(list.microphones.map((d) => d.deviceId)).to.deep.equal(['mic-1', 'mic-2']);
    expect(list.speakers.map((d) => d.deviceId)).to.deep.equal(['spk-1']);
  });

  it('fails clearly where the browser cannot list devices', async () => {
    let error: unknown;
    await listAudioDevices({} as DeviceSource).catch((e: unknown) => (error = e));
    expect(String(error)).to.contain('cannot list audio devices');
  });

  it('remembers the choices, and reads anything malformed as the defaults', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    saveDeviceChoices(storage, { microphone: 'mic-1', speaker: null, ringer: 'spk-1' });
    expect(loadDeviceChoices(storage)).to.deep.equal({ microphone: 'mic-1', speaker: null, ringer: 'spk-1' });
    storage.setItem(DEVICE_CHOICES_KEY, '{not json');
    expect(loadDeviceChoices(storage)).to.deep.equal({ microphone: null, speaker: null, ringer: null });
    storage.setItem(DEVICE_CHOICES_KEY, JSON.stringify({ microphone: 42, speaker: 'x'.repeat(600) }));
    expect(loadDeviceChoices(storage)).to.deep.equal({ microphone: null, speaker: null, ringer: null });
    expect(loadDeviceChoices(null)).to.deep.equal({ microphone: null, speaker: null, ringer: null });
  });

  it('falls back to the default for a device that was unplugged, keeps choices while devices are hidden', () => {
    const choices = { microphone: 'mic-gone', speaker: 'spk-1', ringer: 'spk-gone' };
    const list = {
      microphones: [{ deviceId: 'mic-1', label: 'Headset', kind: 'audioinput' as const }],
      speakers: [{ deviceId: 'spk-1', label: 'Speakers', kind: 'audiooutput' as const }],
    };
    expect(reconcileDeviceChoices(choices, list)).to.deep.equal({ microphone: null, speaker: 'spk-1', ringer: null });
    expect(reconcileDeviceChoices(choices, { microphones: [], speakers: [] })).to.deep.equal(choices);
  });
});
