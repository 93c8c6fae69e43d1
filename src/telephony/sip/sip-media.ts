/**
 * The SIP softphone's media layer (sip.js's `SessionDescriptionHandler` side):
 * the microphone, the session description handlers, the remote audio element,
 * the audio devices, RFC 4733 DTMF and `getStats()`.
 *
 * Remote audio of every connected, unheld call plays through one audio element.
 * The microphone is opened ahead of time (`prewarmMedia`) and every call gets a
 * clone of its track, so answering does not wait for `getUserMedia`; with no ICE
 * servers only host candidates are gathered, which ends in a few milliseconds.
 */
import type { Session } from 'sip.js';
import {
  SessionDescriptionHandler,
  defaultPeerConnectionConfiguration,
  type MediaStreamFactory,
  type SessionDescriptionHandlerConfiguration,
} from 'sip.js/lib/platform/web/session-description-handler/index.js';
import type { SessionDescriptionHandlerFactory } from 'sip.js/lib/platform/web/session-description-handler/session-description-handler-factory.js';
import { SoftphoneError, type AudioDevices } from '../softphone.js';
import type { ResolvedSipConfig } from './config.js';

export class SipMedia {
  #devices: AudioDevices = {};
  #mic: Promise<MediaStream> | null = null;
  #audio: HTMLAudioElement | null = null;
  #ownAudio = false;
  #disposed = false;

  constructor(private readonly config: ResolvedSipConfig) {}

  /** Session description handlers with our ICE servers (never sip.js's public STUN default) and fast host-only gathering. */
  sdhFactory(): SessionDescriptionHandlerFactory {
    const mediaStreamFactory: MediaStreamFactory = (constraints) => this.#localStream(constraints);
    const hostOnly = this.config.iceServers.length === 0;
    return (session) => {
      const configuration: SessionDescriptionHandlerConfiguration = {
        iceGatheringTimeout: this.config.iceGatheringTimeoutMs,
        peerConnectionConfiguration: { ...defaultPeerConnectionConfiguration(), iceServers: [...this.config.iceServers] },
      };
      return new FastIceSessionDescriptionHandler(
        session.userAgent.getLogger('sip.SessionDescriptionHandler'),
        mediaStreamFactory,
        configuration,
        hostOnly,
      );
    };
  }

  constraints(): MediaStreamConstraints {
    const microphone = this.#devices.microphone;
    return { audio: microphone ? { deviceId: { exact: microphone } } : true, video: false };
  }

  /** The shared microphone stream, opened once and reused (each call gets clones of its track). */
  microphone(): Promise<MediaStream> {
    if (this.#mic) return this.#mic;
    if (typeof navigator === 'undefined' || !navigator.mediaDevices) {
      return Promise.reject(new SoftphoneError('failed', 'No microphone access in this page (it needs https or localhost).'));
    }
    const opened = navigator.mediaDevices.getUserMedia(this.constraints());
    this.#mic = opened;
    opened.catch(() => {
      if (this.#mic === opened) this.#mic = null;
    });
    return opened;
  }

  /** Open the microphone now if it is not (prewarming); failures show when a call needs it. */
  prewarm(): void {
    void this.microphone().catch(() => undefined);
  }

  releaseMicrophone(): void {
    const mic = this.#mic;
    this.#mic = null;
    void mic?.then((stream) => stream.getTracks().forEach((track) => track.stop())).catch(() => undefined);
  }

  async #localStream(constraints: MediaStreamConstraints): Promise<MediaStream> {
    if (!constraints.audio) return new MediaStream();
    let stream = await this.microphone();
    if (stream.getAudioTracks().every((track) => track.readyState === 'ended')) {
      this.#mic = null;
      stream = await this.microphone();
    }
    // Clones: closing a call stops its tracks, never the shared one.
    return new MediaStream(stream.getAudioTracks().map((track) => track.clone()));
  }

  /** The call's peer connection, once it has one. */
  peerConnection(session: Session): RTCPeerConnection | undefined {
    const sdh = session.sessionDescriptionHandler;
    return sdh instanceof SessionDescriptionHandler ? sdh.peerConnection : undefined;
  }

  /** Calls `onTrack` whenever the call's remote stream gains a track. */
  watchRemote(session: Session, onTrack: () => void): void {
    const sdh = session.sessionDescriptionHandler;
    if (sdh instanceof SessionDescriptionHandler) sdh.remoteMediaStream.addEventListener('addtrack', onTrack);
  }

  /** Send and play the call's audio, or not (hold, mute). */
  applyTracks(session: Session, held: boolean, muted: boolean): void {
    const sdh = session.sessionDescriptionHandler;
    if (!(sdh instanceof SessionDescriptionHandler) || !sdh.peerConnection) return;
    sdh.enableSenderTracks(!held && !muted);
    sdh.enableReceiverTracks(!held);
  }

  /** RFC 4733 tones in the RTP stream; false when the call's media cannot send them (yet). */
  sendDtmfRtp(session: Session, tones: string): boolean {
    const sdh = session.sessionDescriptionHandler;
    return sdh instanceof SessionDescriptionHandler && sdh.sendDtmf(tones, { duration: 100, interToneGap: 70 });
  }

  /** Play the remote audio of these calls (the connected, unheld ones). */
  updateAudio(sessions: Iterable<Session>): void {
    if (typeof document === 'undefined' || this.#disposed) return;
    const tracks: MediaStreamTrack[] = [];
    for (const session of sessions) {
      const sdh = session.sessionDescriptionHandler;
      if (sdh instanceof SessionDescriptionHandler) tracks.push(...sdh.remoteMediaStream.getAudioTracks());
    }
    if (tracks.length === 0 && !this.#audio) return;
    const audio = this.#audioElement();
    const current = audio.srcObject instanceof MediaStream ? audio.srcObject.getAudioTracks() : [];
    if (current.length === tracks.length && current.every((t, i) => t === tracks[i])) return;
    audio.srcObject = tracks.length > 0 ? new MediaStream(tracks) : null;
    if (tracks.length > 0) {
      audio.play().catch((error: unknown) => console.warn('callpop sip: the browser did not let remote audio play', error));
    }
  }

  /** Use these devices; the microphone of calls in progress (`live`) switches at once. */
  async setDevices(devices: AudioDevices, live: readonly Session[]): Promise<void> {
    const micChanged = devices.microphone !== undefined && devices.microphone !== this.#devices.microphone;
    this.#devices = { ...this.#devices, ...devices };
    if (devices.speaker !== undefined && this.#audio) await this.#applySink(this.#audio);
    if (!micChanged) return;
    const hadMic = this.#mic !== null;
    this.releaseMicrophone();
    if (!hadMic && live.length === 0) return;
    const stream = await this.microphone();
    await Promise.all(
      live.map(async (session) => {
        const sdh = session.sessionDescriptionHandler;
        if (!(sdh instanceof FastIceSessionDescriptionHandler)) return;
        await sdh.replaceLocalStream(new MediaStream(stream.getAudioTracks().map((t) => t.clone())));
      }),
    );
  }

  dispose(): void {
    this.#disposed = true;
    this.releaseMicrophone();
    if (this.#audio) {
      this.#audio.srcObject = null;
      if (this.#ownAudio) this.#audio.remove();
      this.#audio = null;
    }
  }

  #audioElement(): HTMLAudioElement {
    if (this.#audio) return this.#audio;
    let audio = this.config.audioElement;
    if (!audio) {
      audio = document.createElement('audio');
      audio.hidden = true;
      audio.setAttribute('data-callpop', 'sip-remote-audio');
      document.body.append(audio);
      this.#ownAudio = true;
    }
    audio.autoplay = true;
    this.#audio = audio;
    void this.#applySink(audio);
    return audio;
  }

  async #applySink(audio: HTMLAudioElement): Promise<void> {
    const speaker = this.#devices.speaker ?? '';
    const sinkable = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string };
    if (typeof sinkable.setSinkId !== 'function' || sinkable.sinkId === speaker) return;
    try {
      await sinkable.setSinkId(speaker);
    } catch (error) {
      console.warn('callpop sip: could not switch the speaker', error);
    }
  }
}

/** Host candidates settle this long after the last UDP one before the offer/answer goes out. */
const HOST_SETTLE_MS = 15;

/**
 * With no ICE servers, the UDP host candidates come within a few milliseconds of
 * `setLocalDescription`, but Chromium adds TCP host candidates (useless without a
 * TURN server) only ~120 ms later and completes gathering after them. This
 * handler sends the description once the UDP host candidates stopped coming
 * ({@link HOST_SETTLE_MS}), which takes the answer from ~130 ms to ~20 ms.
 * With ICE servers it waits for gathering as sip.js does (bounded by the timeout).
 */
class FastIceSessionDescriptionHandler extends SessionDescriptionHandler {
  readonly #hostOnly: boolean;

  constructor(
    logger: ConstructorParameters<typeof SessionDescriptionHandler>[0],
    mediaStreamFactory: MediaStreamFactory,
    configuration: SessionDescriptionHandlerConfiguration,
    hostOnly: boolean,
  ) {
    super(logger, mediaStreamFactory, configuration);
    this.#hostOnly = hostOnly;
  }

  /** Send this stream's audio from now on (another microphone during a call). */
  replaceLocalStream(stream: MediaStream): Promise<void> {
    return this.setLocalMediaStream(stream);
  }

  protected override waitForIceGatheringComplete(restart = false, timeout = 0): Promise<void> {
    const base = super.waitForIceGatheringComplete(restart, timeout);
    const pc = this.peerConnection;
    if (!this.#hostOnly || !pc || pc.iceGatheringState === 'complete') return base;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => this.iceGatheringComplete(), HOST_SETTLE_MS);
    };
    const onCandidate = (event: RTCPeerConnectionIceEvent): void => {
      if (event.candidate && / udp /i.test(` ${event.candidate.candidate} `)) arm();
    };
    pc.addEventListener('icecandidate', onCandidate);
    if (/\r\na=candidate:\S+ \d+ udp /i.test(pc.localDescription?.sdp ?? '')) arm();
    return base.finally(() => {
      clearTimeout(timer);
      pc.removeEventListener('icecandidate', onCandidate);
    });
  }
}
