import { expect, waitUntil as openWcWaitUntil } from '@open-wc/testing';
import { createDefaultSeed, MemoryBackend } from '../adapter/memory/index.js';
import type { NotificationApi } from '../telephony/notifier.js';
import { FakeRingerAudio } from '../telephony/fake-ringer-audio.js';
import { FakeBrowser } from '../telephony/shared/fakes.js';
import { SharedSoftphone } from '../telephony/shared/shared-softphone.js';
import { SimulatedSoftphone } from '../telephony/simulated-softphone.js';
import { agentModule } from './agent.js';
import { createWorkbench, type Workbench } from './workbench.js';

async function waitUntil(predicate: () => boolean, what: string | (() => string)): Promise<void> {
  try {
    await openWcWaitUntil(predicate, '', { timeout: 2000 });
  } catch {
    throw new Error(`Timed out waiting until ${typeof what === 'function' ? what() : what}`);
  }
}

const START = new Date('2026-11-25T02:00:00.000Z');

/** One CRM tab: its own workbench, ringer and notifications, sharing the profile's phone and storage. */
interface CrmTab {
  readonly workbench: Workbench;
  readonly phone: SharedSoftphone;
  readonly ringtone: FakeRingerAudio[];
}

describe('one phone shared by the workbenches of several tabs', () => {
  const opened: CrmTab[] = [];
  let storage: Storage;
  afterEach(() => {
    for (const tab of opened.splice(0)) {
      tab.workbench.dispose();
      tab.phone.dispose();
    }
    storage.clear();
  });

  async function openTab(browser: FakeBrowser, backend: MemoryBackend): Promise<CrmTab> {
    const fake = browser.tab();
    const phone = new SharedSoftphone({
      account: 'sip:1001@callpop.test',
      locks: fake.locks,
      createChannel: (name) => fake.createChannel(name),
      lifecycle: new EventTarget(),
      create: () => new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null }),
    });
    const ringtone: FakeRingerAudio[] = [];
    const notifications = class {
      static permission: NotificationPermission = 'granted';
      static async requestPermission(): Promise<NotificationPermission> {
        return 'granted';
      }
      onclick = null;
      close(): void {}
    } as unknown as NotificationApi;
    const workbench = createWorkbench({ adapter: backend, softphone: phone, storage, namespace: 'shared-test', timeZone: 'Asia/Shanghai' });
    workbench.use(agentModule).useEnvironment({
      storage: null,
      notifications,
      ringer: {
        createAudio: () => {
          const audio = new FakeRingerAudio();
          ringtone.push(audio);
          return audio;
        },
      },
    });
    await workbench.start();
    const tab = { workbench, phone, ringtone };
    opened.push(tab);
    return tab;
  }

  it('rings once, pops in every tab, and is answered from a tab that does not hold the phone', async () => {
    storage = window.sessionStorage;
    const browser = new FakeBrowser();
    const backend = new MemoryBackend({ now: () => START, seed: createDefaultSeed(START) });
    const a = await openTab(browser, backend);
    const b = await openTab(browser, backend);
    await waitUntil(() => a.phone.location() === 'here' && b.phone.location() === 'tab', 'a holds the phone, b follows');
    await b.workbench.register();
    await waitUntil(() => a.workbench.stores.$registration.get().state === 'registered', 'registered');
    const real = a.phone.local as SimulatedSoftphone;
    const callId = real.simulateInbound('13800138000');
    await waitUntil(
      () => a.workbench.stores.$activeCall.get()?.state === 'ringing' && b.workbench.stores.$activeCall.get()?.state === 'ringing',
      () => `both tabs pop the ringing call (a: ${a.workbench.stores.$activeCall.get()?.state}, b: ${b.workbench.stores.$activeCall.get()?.state})`,
    );
    await waitUntil(() => a.ringtone.some((audio) => audio.playing), 'the tab with the phone rings');
    expect(b.ringtone.map((audio) => audio.plays), 'ringtone plays in the tab without the phone').to.deep.equal(b.ringtone.map(() => 0));
    expect(b.workbench.stores.$phoneLocation.get()).to.equal('tab');

    await b.workbench.answer(callId);
    await waitUntil(() => a.workbench.stores.$activeCall.get()?.state === 'connected', 'a shows the call connected');
    expect(b.workbench.stores.$activeCall.get()?.state).to.equal('connected');
    expect(a.ringtone.map((audio) => (audio.playing ? 'playing' : 'silent')), 'ringtone after the answer').to.not.include('playing');
  });

  it('keeps the agent status the same in every tab and after a reload', async () => {
    storage = window.sessionStorage;
    const browser = new FakeBrowser();
    const backend = new MemoryBackend({ now: () => START, seed: createDefaultSeed(START) });
    const a = await openTab(browser, backend);
    const b = await openTab(browser, backend);
    await a.workbench.register();
    await waitUntil(() => b.workbench.stores.$registration.get().state === 'registered', 'b shows registered');
    expect(a.workbench.stores.$agentStatus.get().status).to.equal('ready');
    a.workbench.setStatus('busy');
    // The browser tells the other tabs of a localStorage change with a storage event.
    window.dispatchEvent(
      new StorageEvent('storage', {
        key: 'callpop:shared-test:agent-status',
        newValue: storage.getItem('callpop:shared-test:agent-status'),
        storageArea: storage,
      }),
    );
    expect(b.workbench.stores.$agentStatus.get().status, 'status in the other tab').to.equal('busy');
    await waitUntil(() => backend.agentStatus?.status === 'busy', () => `the backend hears busy, has ${JSON.stringify(backend.agentStatus)}`);
    // ready (registered, from the tab with the phone) and busy (the agent, here): once each, whatever the number of tabs.
    expect(backend.writeCount('agents.setStatus'), 'status reports').to.equal(2);
    const reloaded = await openTab(browser, backend);
    expect(reloaded.workbench.stores.$agentStatus.get().status, 'status in a tab opened later').to.equal('busy');
    await waitUntil(() => reloaded.workbench.stores.$registration.get().state === 'registered', 'the new tab shows registered');
    expect(a.workbench.stores.$agentStatus.get().status, 'opening a tab does not set the agent offline').to.equal('busy');
  });
});
