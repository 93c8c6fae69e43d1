import { expect } from '@open-wc/testing';
import type { SipConfig } from '../sip/config.js';
import { SipSoftphone } from '../sip/sip-softphone.js';
import { sipDiagnostics } from '../../testing.js';
import { memoryTransport, SipNetwork, toneTrack } from './sip-network.js';
import { describeSoftphoneContract, type HarnessOptions, type SoftphoneHarness } from './softphone-contract.js';

const AOR = 'sip:1001@callpop.test';

async function until(predicate: () => boolean, what: () => string, timeout = 5000): Promise<void> {
  const deadline = performance.now() + timeout;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting until ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A SipSoftphone on an in-memory SIP network, and that network's far end. */
async function sipHarness(
  options: HarnessOptions,
  config: Partial<SipConfig> = {},
): Promise<SoftphoneHarness & { network: SipNetwork; sip: SipSoftphone }> {
  const { registered } = options;
  const network = new SipNetwork({ aor: AOR });
  // The page's microphone: a tone (the test browser has no audio device).
  const media = navigator.mediaDevices;
  const getUserMedia = media.getUserMedia;
  media.getUserMedia = async () => new MediaStream([await toneTrack()]);
  // Remote audio goes to an element of the test's: a test page may not start playback on its own.
  const audioElement = document.createElement('audio');
  audioElement.play = () => Promise.resolve();
  const phone = new SipSoftphone(
    {
      server: 'wss://sip.memory.invalid',
      uri: AOR,
      password: 'secret',
      noAnswerTimeoutMs: options.noAnswerTimeoutMs ?? 600_000,
      connectionLossTimeoutMs: options.connectionLossTimeoutMs ?? 600_000,
      reconnect: { baseMs: 50, maxMs: 100 },
      qualityIntervalMs: 200,
      audioElement,
      ...config,
    },
    { transportConstructor: memoryTransport(network) },
  );
  if (registered) await phone.register();
  const sipId = (id: string): string => {
    const sipCallId = sipDiagnostics(phone)!.debug(id)?.sipCallId;
    if (!sipCallId) throw new Error(`The phone has no call ${id}`);
    return sipCallId;
  };
  /** The far end's side of a call the phone made, once its INVITE arrived. */
  const far = async (id: string) => {
    const sipCallId = sipId(id);
    await until(() => network.calls.has(sipCallId), () => `the far end got the INVITE of ${id}; it saw ${network.log.join(' | ')}`);
    return network.calls.get(sipCallId)!;
  };
  return {
    phone,
    sip: phone,
    network,
    inbound: async (number, options) => {
      const sipCallId = await network.invite(number, options?.name ?? null);
      let id = '';
      await until(
        () => {
          id = phone.calls().find((call) => sipDiagnostics(phone)!.debug(call.id)?.sipCallId === sipCallId && call.state === 'ringing')?.id ?? '';
          return id !== '';
        },
        () => `the phone rings for ${sipCallId}; the far end saw ${network.log.join(' | ')}`,
      );
      return id;
    },
    remoteRinging: async (id) => network.ringing((await far(id)).sipCallId),
    remoteAnswer: async (id) => network.answer((await far(id)).sipCallId),
    remoteHangup: async (id) => network.hangup(sipId(id)),
    rejection: (id) => {
      const call = network.calls.get(sipId(id));
      return call && call.direction === 'to-phone' && (call.finalStatus ?? 0) >= 300 ? call.finalStatus : null;
    },
    dtmf: (id) => (network.rtpDigits.get(sipId(id)) ?? '') + (network.calls.get(sipId(id))?.infoDigits ?? ''),
    referTarget: (id) => network.calls.get(sipId(id))?.referTo ?? null,
    confirmTransfer: async (id, status = 200) => network.notifyTransfer(sipId(id), status, status === 200 ? 'OK' : 'Service Unavailable'),
    referHeader: (id, name) => network.calls.get(sipId(id))?.referHeaders.get(name.toLowerCase())?.[0] ?? null,
    infoReceived: (id) => network.calls.get(sipId(id))?.infos ?? [],
    refuseRegistration: (status) => {
      network.refuseRegisterWith = status;
    },
    // The phone samples getStats every qualityIntervalMs on its own.
    measureQuality: async () => undefined,
    dropTransport: async () => network.drop(),
    restoreTransport: async () => network.restore(),
    settle: () => network.settle(),
    dispose: () => {
      phone.dispose();
      network.dispose();
      media.getUserMedia = getUserMedia;
    },
  };
}

describeSoftphoneContract('SipSoftphone (sip.js on an in-memory SIP network)', (options) => sipHarness(options), { timeout: 20_000 });

describe('SipSoftphone on the in-memory SIP network: what goes on the wire', function () {
  this.timeout(20_000);

  it('registers its Contact, and sends DTMF as RTP (RFC 4733) by default, never as INFO', async () => {
    const h = await sipHarness({ registered: true });
    try {
      expect(h.network.contact, 'the registered Contact').to.be.a('string').and.match(/^sip:/);
      const id = await h.inbound('+15550100');
      await h.phone.answer(id);
      await until(() => h.phone.calls()[0]?.state === 'connected', () => `connected; calls ${JSON.stringify(h.phone.calls())}`);
      // RFC 4733 tones need the media path up (DTLS done); before that the phone falls back to INFO, by design.
      const farEnd = h.network.calls.get(sipDiagnostics(h.sip)!.debug(id)!.sipCallId)!;
      await until(() => farEnd.pc.connectionState === 'connected', () => `the media path is up (far end ${farEnd.pc.connectionState})`);
      await h.phone.sendDtmf(id, '5*');
      await until(() => h.dtmf(id) === '5*', () => `the far end got 5* (RTP "${h.network.rtpDigits.get(sipDiagnostics(h.sip)!.debug(id)!.sipCallId) ?? ''}")`);
      const far = h.network.calls.get(sipDiagnostics(h.sip)!.debug(id)!.sipCallId)!;
      expect({ rtp: h.network.rtpDigits.get(far.sipCallId), info: far.infoDigits, infoRequests: h.network.log.filter((l) => l.startsWith('INFO')).length }).to.deep.equal({
        rtp: '5*',
        info: '',
        infoRequests: 0,
      });
    } finally {
      await h.dispose();
    }
  });

  it('sends DTMF as SIP INFO when dtmfMode is info', async () => {
    const h = await sipHarness({ registered: true }, { dtmfMode: 'info' });
    try {
      const id = await h.inbound('+15550100');
      await h.phone.answer(id);
      await until(() => h.phone.calls()[0]?.state === 'connected', () => `connected; calls ${JSON.stringify(h.phone.calls())}`);
      await h.phone.sendDtmf(id, '9#');
      const far = h.network.calls.get(sipDiagnostics(h.sip)!.debug(id)!.sipCallId)!;
      expect({ info: far.infoDigits, rtp: h.network.rtpDigits.get(far.sipCallId) ?? '' }).to.deep.equal({ info: '9#', rtp: '' });
    } finally {
      await h.dispose();
    }
  });

  it('holds with a sendonly re-INVITE and resumes with sendrecv; the ACK of the answer arrives', async () => {
    const h = await sipHarness({ registered: true });
    try {
      const id = await h.inbound('+15550100');
      await h.phone.answer(id);
      await until(() => h.phone.calls()[0]?.confirmed === true, () => `confirmed by the ACK; calls ${JSON.stringify(h.phone.calls())}`);
      const far = h.network.calls.get(sipDiagnostics(h.sip)!.debug(id)!.sipCallId)!;
      await h.phone.hold(id, true);
      const held = { reinvites: far.reinvites, direction: far.lastOfferDirection };
      await h.phone.hold(id, false);
      expect({ held, resumed: { reinvites: far.reinvites, direction: far.lastOfferDirection } }).to.deep.equal({
        held: { reinvites: 1, direction: 'sendonly' },
        resumed: { reinvites: 2, direction: 'sendrecv' },
      });
    } finally {
      await h.dispose();
    }
  });

  it('samples quality on a timer only while the call is connected: no timer is left once it ended', async () => {
    const setInterval_ = window.setInterval;
    const clearInterval_ = window.clearInterval;
    const live = new Set<number>();
    window.setInterval = ((handler: TimerHandler, ms?: number, ...rest: unknown[]) => {
      const id = setInterval_(handler, ms, ...rest);
      if (ms === 200) live.add(id);
      return id;
    }) as typeof window.setInterval;
    window.clearInterval = ((id?: number) => {
      if (id !== undefined) live.delete(id);
      clearInterval_(id);
    }) as typeof window.clearInterval;
    const h = await sipHarness({ registered: true });
    try {
      const id = await h.inbound('+15550100');
      expect(live.size, 'sampling timers while it rings').to.equal(0);
      await h.phone.answer(id);
      await until(() => h.phone.calls()[0]?.state === 'connected', () => 'connected');
      expect(live.size, 'sampling timers while connected').to.equal(1);
      await h.phone.hangup(id);
      await until(() => h.phone.calls().length === 0, () => 'ended');
      expect(live.size, 'sampling timers after the end').to.equal(0);
    } finally {
      window.setInterval = setInterval_;
      window.clearInterval = clearInterval_;
      await h.dispose();
    }
  });

  it('recovers a call after a dropped connection with one re-INVITE that restarts ICE, over the new connection', async () => {
    const h = await sipHarness({ registered: true });
    try {
      const id = await h.inbound('+15550100');
      await h.phone.answer(id);
      await until(() => h.phone.calls()[0]?.confirmed === true, () => 'confirmed');
      const far = h.network.calls.get(sipDiagnostics(h.sip)!.debug(id)!.sipCallId)!;
      const registers = h.network.registers;
      h.network.drop();
      await until(() => h.phone.calls()[0]?.link === 'lost', () => 'link lost');
      h.network.restore();
      await until(() => h.phone.calls()[0]?.link === 'ok', () => `link ok (${h.phone.calls()[0]?.link})`);
      expect({
        registeredAgain: h.network.registers > registers,
        farIceRestarts: far.iceRestarts,
        phoneIceRestarts: sipDiagnostics(h.sip)!.debug(id)!.iceRestarts,
        state: h.phone.calls()[0]?.state,
      }).to.deep.equal({ registeredAgain: true, farIceRestarts: 1, phoneIceRestarts: 1, state: 'connected' });
    } finally {
      await h.dispose();
    }
  });

  it('a refused transfer (NOTIFY 603) keeps the call connected, and the diagnostics show the 603', async () => {
    const h = await sipHarness({ registered: true });
    try {
      const id = await h.inbound('+15550100');
      await h.phone.answer(id);
      await until(() => h.phone.calls()[0]?.state === 'connected', () => 'connected');
      const before = sipDiagnostics(h.sip)!.debug(id)!.transferStatus;
      await h.phone.transfer(id, '9001', { headers: { 'X-Survey': 'csat-1' } });
      const sipId = sipDiagnostics(h.sip)!.debug(id)!.sipCallId;
      await h.network.notifyTransfer(sipId, 603, 'Decline');
      await until(() => sipDiagnostics(h.sip)!.debug(id)!.transferStatus !== null, () => 'the NOTIFY was not seen');
      expect({
        before,
        after: sipDiagnostics(h.sip)!.debug(id)!.transferStatus,
        state: h.phone.calls()[0]?.state,
        header: h.network.calls.get(sipId)?.referHeaders.get('x-survey')?.[0],
      }).to.deep.equal({ before: null, after: 603, state: 'connected', header: 'csat-1' });
    } finally {
      await h.dispose();
    }
  });

  it('refuses REFER headers that would rewrite the request, and INFO without a content type', async () => {
    const h = await sipHarness({ registered: true });
    try {
      const id = await h.inbound('+15550100');
      await h.phone.answer(id);
      await until(() => h.phone.calls()[0]?.state === 'connected', () => 'connected');
      const code = async (run: () => Promise<unknown>): Promise<string> => {
        try {
          await run();
          return 'resolved';
        } catch (error) {
          return (error as { code?: string }).code ?? String(error);
        }
      };
      expect({
        via: await code(() => h.phone.transfer(id, '9001', { headers: { Via: 'SIP/2.0/WSS evil' } })),
        badName: await code(() => h.phone.transfer(id, '9001', { headers: { 'X Bad': 'x' } })),
        info: await code(() => h.sip.sendInfo(id, { contentType: 'not a type', body: 'x' })),
      }).to.deep.equal({ via: 'failed', badName: 'failed', info: 'failed' });
      await h.network.settle();
      const far = h.network.calls.get(sipDiagnostics(h.sip)!.debug(id)!.sipCallId)!;
      expect({ referTo: far.referTo, infos: far.infos }).to.deep.equal({ referTo: null, infos: [] });
    } finally {
      await h.dispose();
    }
  });
});
