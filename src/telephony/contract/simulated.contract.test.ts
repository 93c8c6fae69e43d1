import { SimulatedSoftphone } from '../simulated-softphone.js';
import { FakeBrowser } from '../shared/fakes.js';
import { SharedSoftphone } from '../shared/shared-softphone.js';
import { describeSoftphoneContract, type HarnessOptions, type SoftphoneHarness } from './softphone-contract.js';

/** A simulated softphone whose network side moves only when the test says. */
function scripted(options: HarnessOptions): SimulatedSoftphone {
  return new SimulatedSoftphone({
    outboundRingAfterMs: null,
    outboundAnswerAfterMs: null,
    inboundTimeoutMs: options.noAnswerTimeoutMs ?? null,
    transferConfirmAfterMs: null,
    connectionLossTimeoutMs: options.connectionLossTimeoutMs ?? null,
  });
}

const REFUSALS = { 401: 'Wrong user name or password (401 Unauthorized).', 403: 'The server refused this account (403 Forbidden).' };

/** The far end of a simulated softphone (`sim()` is the one that holds the calls). */
function network(sim: () => SimulatedSoftphone): Omit<SoftphoneHarness, 'phone' | 'inbound' | 'settle' | 'dispose' | 'refuseRegistration'> {
  return {
    remoteRinging: async (id) => sim().simulateRemoteRinging(id),
    remoteAnswer: async (id) => sim().simulateRemoteAnswer(id),
    remoteHangup: async (id) => {
      // After dispose() the call is gone: the far end's BYE reaches nobody.
      if (sim().calls().some((call) => call.id === id)) sim().simulateRemoteHangup(id);
    },
    rejection: (id) => sim().rejections.get(id) ?? null,
    dtmf: (id) => sim().dtmfSent.get(id) ?? '',
    referTarget: (id) => sim().transfers.get(id) ?? null,
    confirmTransfer: async (id, status = 200) => sim().simulateTransferResult(id, status),
    referHeader: (id, name) => sim().transferHeaders.get(id)?.[name] ?? null,
    infoReceived: (id) => sim().infoSent.get(id) ?? [],
    measureQuality: async (id) => sim().simulateQuality(id, { rttMs: 42, jitterMs: 3, lossPercent: 0.5 }),
    dropTransport: async () => sim().simulateTransportLost(),
    restoreTransport: async () => sim().simulateTransportBack(),
  };
}

describeSoftphoneContract('SimulatedSoftphone', async (options) => {
  const sim = scripted(options);
  if (options.registered) await sim.register();
  return {
    phone: sim,
    ...network(() => sim),
    refuseRegistration: (status) => sim.refuseRegistration(REFUSALS[status]),
    inbound: async (number, options) => sim.simulateInbound(number, { name: options?.name ?? null }),
    settle: async () => undefined,
    dispose: () => sim.dispose(),
  };
});

describeSoftphoneContract('SharedSoftphone (a follower tab driving a SimulatedSoftphone in the leader tab)', async (options) => {
  const { registered } = options;
  const browser = new FakeBrowser();
  const account = 'sip:1001@callpop.test';
  let real: SimulatedSoftphone | null = null;
  const open = (tabId: string): SharedSoftphone => {
    const tab = browser.tab();
    return new SharedSoftphone({
      account,
      tabId,
      locks: tab.locks,
      createChannel: (name) => tab.createChannel(name),
      lifecycle: new EventTarget(),
      create: () => (real = scripted(options)),
    });
  };
  const leader = open('leader');
  const follower = open('follower');
  const until = async (predicate: () => boolean, what: string): Promise<void> => {
    const deadline = performance.now() + 3000;
    while (!predicate()) {
      if (performance.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  await until(() => leader.location() === 'here' && follower.location() === 'tab' && real !== null, 'the leader tab holds the phone and the follower knows it');
  if (registered) {
    await follower.register();
    await until(() => follower.registration().state === 'registered', 'the follower shows registered');
  }
  const sim = (): SimulatedSoftphone => {
    if (!real) throw new Error('the leader tab has no softphone');
    return real;
  };
  // A message from the leader's tab sent now reaches the follower after every one sent before it.
  const probeTab = browser.tab();
  const settle = async (): Promise<void> => {
    const name = `probe-${Math.random()}`;
    const send = probeTab.createChannel(name);
    const hear = probeTab.createChannel(name);
    await new Promise<void>((resolve) => {
      hear.addEventListener('message', () => resolve());
      send.postMessage('flush');
    });
    send.close();
    hear.close();
  };
  return {
    phone: follower,
    ...network(sim),
    refuseRegistration: (status) => sim().refuseRegistration(REFUSALS[status]),
    inbound: async (number, options) => {
      const id = sim().simulateInbound(number, { name: options?.name ?? null });
      await until(() => follower.calls().some((call) => call.id === id && call.state === 'ringing'), `the follower shows call ${id} ringing`);
      return id;
    },
    settle: async () => {
      // Two hops: leader → follower events, follower → leader commands and back.
      await settle();
      await settle();
    },
    dispose: () => {
      follower.dispose();
      leader.dispose();
    },
  };
});
