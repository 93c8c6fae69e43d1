/**
 * The SIP softphone's call-session layer (sip.js's `Inviter`, `Invitation`,
 * `Session`): the calls' state machine, hold, DTMF, transfer, INFO, the
 * calls' link to the SIP server (lost → recovering → ok) and their media
 * quality samples.
 *
 * ```text
 *   inbound:  INVITE ─▶ ringing ──answer(): 200 OK sent──▶ connected ──ACK──▶ (confirmed)
 *                        │  └─reject(): 603 / 486 busy ─┐      ▲ │ re-INVITE
 *                        │  └─CANCEL from caller ───────┤      │ ▼ sendonly
 *                        │  └─no answer (480) ──────────┤      held
 *                        ▼                              ▼      │
 *                      ended ◀──BYE (either side) / REFER done─┘
 *   outbound: dial() ─▶ dialing ──18x──▶ early ──200 OK, ACK sent──▶ connected (confirmed) …
 *                        └────────┴──4xx-6xx / CANCEL (hangup())───────────────▶ ended
 *
 *   link (every live call):  ok ──WebSocket lost──▶ lost ──registered again──▶ recovering ──re-INVITE
 *                                                    │                             │   (ICE restart) 2xx──▶ ok
 *                                                    └──connectionLossTimeoutMs────┴──481/408 ──▶ ended (connection-lost)
 * ```
 */
import {
  Invitation,
  Inviter,
  SessionState,
  UserAgent,
  type Info,
  type Notification,
  type Referral,
  type Session,
} from 'sip.js';
import type { SessionDescriptionHandlerOptions as WebSdhOptions } from 'sip.js/lib/platform/web/session-description-handler/index.js';
import {
  nextCallState,
  SoftphoneError,
  type AudioDevices,
  type CallEndReason,
  type DialOptions,
  type InfoMessage,
  type RegistrationSnapshot,
  type RejectOptions,
  type SoftphoneCall,
  type SoftphoneEvent,
  type TransferOptions,
} from '../softphone.js';
import { isHeaderName, type ResolvedSipConfig } from './config.js';
import type { SipAnswerTiming, SipCallDebug, SipCallStats, SipDiagnostics } from './diagnostics.js';
import { QualitySampler, rawQuality } from './quality.js';
import type { SipMedia } from './sip-media.js';
import {
  buildTarget,
  callVariablesFrom,
  checkDtmf,
  cleanDisplayName,
  cleanNumber,
  cleanText,
  dialHeaders,
  dtmfFromInfo,
  headerValue,
  sipfragStatus,
} from './sip-text.js';

interface Entry {
  readonly id: string;
  readonly session: Session;
  snapshot: SoftphoneCall;
  /** Why it ends, decided before sip.js says Terminated. */
  ending: { reason: CallEndReason; by: SoftphoneCall['hangupBy'] } | null;
  held: boolean;
  /** The no-answer timer of a ringing call. */
  timer: ReturnType<typeof setTimeout> | null;
  /** Ends the call as connection-lost when its link does not come back. */
  lossTimer: ReturnType<typeof setTimeout> | null;
  quality: { timer: ReturnType<typeof setInterval>; sampler: QualitySampler } | null;
  debug: { -readonly [K in keyof SipCallDebug]: SipCallDebug[K] };
}

export interface SipCallsHost {
  readonly config: ResolvedSipConfig;
  readonly media: SipMedia;
  /** The user agent if there is one. */
  userAgent(): UserAgent | null;
  registration(): RegistrationSnapshot;
  now(): number;
  emit(event: SoftphoneEvent): void;
  disposed(): boolean;
}

const MAX_DEBUG = 50;
/** The most extra headers a REFER may carry, and the longest INFO body. */
const MAX_EXTRA_HEADERS = 10;
const MAX_INFO_BODY = 4096;

export class SipCalls {
  readonly #calls = new Map<string, Entry>();
  readonly #debug = new Map<string, Entry['debug']>();
  readonly #answerTimings = new Map<string, { answerCalledAt: number; okSentAt: number | null }>();
  #seq = 0;

  constructor(private readonly host: SipCallsHost) {}

  get size(): number {
    return this.#calls.size;
  }

  snapshots(): readonly SoftphoneCall[] {
    return [...this.#calls.values()].map((entry) => entry.snapshot);
  }

  // ================================================================== commands

  dial(ua: UserAgent, target: string, options: DialOptions): string {
    const { config } = this.host;
    const uri = UserAgent.makeURI(buildTarget(target, config.uri));
    if (!uri) throw new SoftphoneError('failed', `"${cleanText(target, 40)}" cannot be called.`);
    const extraHeaders = dialHeaders({ ...options, defaultHeader: config.displayNumberHeader });
    const inviter = new Inviter(ua, uri, {
      extraHeaders,
      sessionDescriptionHandlerOptions: { constraints: this.host.media.constraints() },
    });
    const entry = this.#track(inviter, {
      direction: 'outbound',
      remoteNumber: cleanNumber(uri.user ?? target) || cleanNumber(target),
      remoteName: null,
      displayNumber: options.displayNumber ? cleanText(options.displayNumber, 32) : null,
      state: 'dialing',
      variables: { ...(options.variables ?? {}) },
    });
    this.#invite(entry, inviter);
    return entry.id;
  }

  async answer(callId: string): Promise<void> {
    const entry = this.#get(callId);
    if (!(entry.session instanceof Invitation)) throw new SoftphoneError('illegal-state', 'Only an inbound call can be answered.');
    if (entry.snapshot.state !== 'ringing') throw new SoftphoneError('illegal-state', `A ${entry.snapshot.state} call cannot be answered.`);
    this.#answerTimings.set(callId, { answerCalledAt: this.host.now(), okSentAt: null });
    this.#clearTimer(entry);
    try {
      await entry.session.accept({ sessionDescriptionHandlerOptions: { constraints: this.host.media.constraints() } });
    } catch (error) {
      throw new SoftphoneError('failed', `The call could not be answered: ${error instanceof Error ? cleanText(error.message, 120) : 'unknown error'}.`);
    }
  }

  async reject(callId: string, options: RejectOptions): Promise<void> {
    const entry = this.#get(callId);
    if (!(entry.session instanceof Invitation) || entry.snapshot.state !== 'ringing') {
      throw new SoftphoneError('illegal-state', 'Only a ringing call can be rejected.');
    }
    const statusCode = options.busy ? 486 : 603;
    entry.ending = { reason: options.busy ? 'busy' : 'rejected', by: 'agent' };
    entry.debug.finalStatus = statusCode;
    await this.#rejectInvitation(entry, entry.session, statusCode);
  }

  async hangup(callId: string): Promise<void> {
    const entry = this.#get(callId);
    const { session } = entry;
    const state = entry.snapshot.state;
    if (session instanceof Invitation && state === 'ringing') {
      entry.ending = { reason: 'rejected', by: 'agent' };
      entry.debug.finalStatus = 603;
      await this.#rejectInvitation(entry, session, 603);
      return;
    }
    if (session instanceof Inviter && (state === 'dialing' || state === 'early') && session.state !== SessionState.Established) {
      entry.ending = { reason: 'cancelled', by: 'agent' };
      try {
        await session.cancel();
      } catch (error) {
        console.warn('callpop sip: CANCEL failed', error);
        this.#end(entry);
      }
      return;
    }
    entry.ending = { reason: 'hangup', by: 'agent' };
    if (session.state === SessionState.Established && entry.snapshot.link !== 'lost') {
      try {
        await session.bye();
      } catch (error) {
        console.warn('callpop sip: BYE failed', error);
        this.#end(entry);
      }
    } else {
      // Not established, or no way to the server: the call ends here.
      this.#end(entry);
      void session.dispose().catch(() => undefined);
    }
  }

  async hold(callId: string, on: boolean): Promise<void> {
    const entry = this.#get(callId);
    const state = entry.snapshot.state;
    if (on && state === 'held') return;
    if (!on && state === 'connected') return;
    if (state !== 'connected' && state !== 'held') throw new SoftphoneError('illegal-state', `A ${state} call cannot be held.`);
    const { session } = entry;
    const previous = session.sessionDescriptionHandlerOptionsReInvite as WebSdhOptions;
    const withHold = (hold: boolean): WebSdhOptions => ({ ...previous, hold });
    // Kept on the session so the answer to a re-INVITE from the peer keeps our hold.
    session.sessionDescriptionHandlerOptionsReInvite = withHold(on);
    await new Promise<void>((resolve, reject) => {
      session
        .invite({
          requestDelegate: {
            onAccept: () => {
              entry.held = on;
              this.#applyTracks(entry);
              if (entry.snapshot.state !== 'ended') this.#move(entry, on ? 'held' : 'connected');
              this.#updateAudio();
              resolve();
            },
            onReject: (response) => {
              session.sessionDescriptionHandlerOptionsReInvite = withHold(!on);
              reject(new SoftphoneError('failed', `The other side refused ${on ? 'hold' : 'resume'} (${response.message.statusCode}).`));
            },
          },
        })
        .catch((error: unknown) => {
          session.sessionDescriptionHandlerOptionsReInvite = withHold(!on);
          reject(new SoftphoneError('failed', `Could not ${on ? 'hold' : 'resume'}: ${error instanceof Error ? cleanText(error.message, 120) : 'unknown error'}.`));
        });
    });
  }

  async mute(callId: string, on: boolean): Promise<void> {
    const entry = this.#get(callId);
    if (entry.snapshot.state === 'ended') throw new SoftphoneError('illegal-state', 'The call has ended.');
    this.#put(entry, { muted: on });
    this.#applyTracks(entry);
  }

  /**
   * RFC 4733 telephone-events in the RTP stream (`dtmfMode: 'rfc4733'`, the
   * default; SIP INFO while the media path is not up yet), or SIP INFO
   * (`application/dtmf-relay`) with `dtmfMode: 'info'`.
   */
  async sendDtmf(callId: string, digits: string): Promise<void> {
    const entry = this.#get(callId);
    if (entry.snapshot.state !== 'connected') throw new SoftphoneError('illegal-state', 'DTMF needs a connected call.');
    const tones = checkDtmf(digits);
    if (this.host.config.dtmfMode === 'rfc4733' && this.host.media.sendDtmfRtp(entry.session, tones)) return;
    for (const tone of tones) {
      await this.#info(entry, { contentType: 'application/dtmf-relay', body: `Signal=${tone}\r\nDuration=100` });
    }
  }

  /** A SIP INFO in the call's dialog; resolves on its 2xx. */
  async sendInfo(callId: string, info: InfoMessage): Promise<void> {
    const entry = this.#get(callId);
    if (entry.snapshot.state !== 'connected' && entry.snapshot.state !== 'held') {
      throw new SoftphoneError('illegal-state', 'INFO needs an answered call.');
    }
    const contentType = typeof info?.contentType === 'string' ? info.contentType.trim() : '';
    if (!/^[A-Za-z0-9!#$&^_.+-]{1,64}\/[A-Za-z0-9!#$&^_.+-]{1,64}(\s*;\s*[A-Za-z0-9_.-]{1,32}=[A-Za-z0-9_.\-"]{1,64}){0,4}$/.test(contentType)) {
      throw new SoftphoneError('failed', `"${cleanText(contentType, 40)}" is not a content type.`);
    }
    if (typeof info.body !== 'string' || info.body.length > MAX_INFO_BODY) {
      throw new SoftphoneError('failed', `An INFO body is text of at most ${MAX_INFO_BODY} characters.`);
    }
    await this.#info(entry, { contentType, body: info.body });
  }

  async #info(entry: Entry, info: InfoMessage): Promise<void> {
    if (entry.snapshot.link === 'lost') throw new SoftphoneError('failed', 'The connection to the SIP server is lost.');
    await new Promise<void>((resolve, reject) => {
      entry.session
        .info({
          requestOptions: { body: { contentDisposition: 'render', contentType: info.contentType, content: info.body } },
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new SoftphoneError('failed', `The other side refused the INFO (${response.message.statusCode ?? 0}).`)),
          },
        })
        .catch((error: unknown) => reject(new SoftphoneError('failed', `The INFO could not be sent: ${error instanceof Error ? cleanText(error.message, 120) : 'unknown error'}.`)));
    });
  }

  /**
   * Blind transfer: REFER to `target`. Attended: REFER with Replaces to the
   * consultation call (`options.consultCallId`, made with `dial()` and answered).
   * `options.headers` ride on the REFER. Resolves when the peer accepted the
   * REFER (202); the call ends as `transferred` when the transfer succeeded
   * (NOTIFY 2xx) — or stays with the agent when it failed.
   */
  async transfer(callId: string, target: string, options: TransferOptions): Promise<void> {
    const entry = this.#get(callId);
    if (entry.snapshot.state !== 'connected' && entry.snapshot.state !== 'held') {
      throw new SoftphoneError('illegal-state', 'Only an answered call can be transferred.');
    }
    const extraHeaders = referHeaders(options.headers);
    let referTo: Session | ReturnType<typeof UserAgent.makeURI>;
    let consult: Entry | null = null;
    if (options.consultCallId !== undefined) {
      consult = this.#get(options.consultCallId);
      if (consult.session.state !== SessionState.Established) {
        throw new SoftphoneError('illegal-state', 'The consultation call is not answered yet.');
      }
      referTo = consult.session;
    } else {
      referTo = UserAgent.makeURI(buildTarget(target, this.host.config.uri));
      if (!referTo) throw new SoftphoneError('failed', `"${cleanText(target, 40)}" cannot be called.`);
    }
    // The target ends the consultation leg (BYE) as soon as the caller's INVITE with Replaces
    // arrives, possibly before the NOTIFY reaches us: that BYE means "transferred".
    if (consult) consult.ending = { reason: 'transferred', by: 'agent' };
    const undo = (): void => {
      if (consult && consult.snapshot.state !== 'ended') consult.ending = null;
    };
    if (entry.snapshot.transferFailed !== undefined) {
      const { transferFailed: _cleared, ...rest } = entry.snapshot;
      entry.snapshot = rest;
      this.#put(entry, {});
    }
    const done = (): void => {
      entry.ending = { reason: 'transferred', by: 'agent' };
      if (entry.session.state === SessionState.Established) void entry.session.bye().catch(() => this.#end(entry));
      else this.#end(entry);
      if (consult && consult.snapshot.state !== 'ended') {
        // The transferee's INVITE with Replaces ends the consultation leg at the target; end ours if it lingers.
        const leftover = consult;
        setTimeout(() => {
          if (leftover.snapshot.state !== 'ended' && leftover.session.state === SessionState.Established) {
            void leftover.session.bye().catch(() => this.#end(leftover));
          }
        }, 2000);
      }
    };
    await new Promise<void>((resolve, reject) => {
      entry.session
        .refer(referTo as never, {
          requestOptions: { extraHeaders },
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => {
              undo();
              reject(new SoftphoneError('failed', `The transfer was refused (${response.message.statusCode ?? 0}).`));
            },
          },
          onNotify: (notification: Notification) => {
            notification.accept().catch(() => undefined);
            const status = sipfragStatus(notification.request.body ?? '');
            if (status !== null) entry.debug.transferStatus = status;
            if (status !== null && status >= 200 && status < 300) done();
            else if (status !== null && status >= 300) {
              undo();
              // The far end accepted the REFER, then the target refused: the call stays here, and says so.
              if (entry.snapshot.state !== 'ended') this.#put(entry, { transferFailed: Math.min(status, 699) });
            }
          },
        })
        .catch((error: unknown) => {
          undo();
          reject(new SoftphoneError('failed', `The transfer could not start: ${error instanceof Error ? cleanText(error.message, 120) : 'unknown error'}.`));
        });
    });
  }

  async setAudioDevices(devices: AudioDevices): Promise<void> {
    const live = [...this.#calls.values()].filter((e) => e.snapshot.state === 'connected' || e.snapshot.state === 'held');
    await this.host.media.setDevices(
      devices,
      live.map((entry) => entry.session),
    );
    for (const entry of live) this.#applyTracks(entry);
  }

  // ================================================================== the link to the SIP server

  /** The WebSocket to the SIP server is gone: every live call's link is lost until it comes back. */
  transportLost(): void {
    for (const entry of this.#calls.values()) {
      if (entry.snapshot.state === 'ended' || entry.snapshot.link === 'lost') continue;
      this.#put(entry, { link: 'lost' });
      if (entry.lossTimer === null) {
        entry.lossTimer = setTimeout(() => {
          entry.lossTimer = null;
          if (entry.snapshot.link !== undefined && entry.snapshot.link !== 'ok') this.#connectionLost(entry);
        }, this.host.config.connectionLossTimeoutMs);
      }
    }
  }

  /** Registered again on a new connection: recover the calls that lost theirs (re-INVITE with ICE restart). */
  transportBack(): void {
    for (const entry of [...this.#calls.values()]) {
      if (entry.snapshot.link !== 'lost' || entry.snapshot.state === 'ended') continue;
      if (entry.session.state !== SessionState.Established) {
        // Nothing to renegotiate (still ringing or dialling): the signalling path is back.
        this.#linkOk(entry);
        continue;
      }
      this.#put(entry, { link: 'recovering' });
      entry.debug.iceRestarts += 1;
      const options = {
        ...(entry.session.sessionDescriptionHandlerOptionsReInvite as WebSdhOptions),
        offerOptions: { iceRestart: true },
      } as WebSdhOptions;
      entry.session
        .invite({
          sessionDescriptionHandlerOptions: options,
          requestDelegate: {
            onAccept: () => this.#linkOk(entry),
            onReject: (response) => {
              const code = response.message.statusCode ?? 0;
              // The peer no longer knows the call, or nobody answers: it is gone.
              if (code === 481 || code === 408) this.#connectionLost(entry);
              // Refused the offer (no ICE restart there), yet the dialog is alive: the media kept its own path.
              else this.#linkOk(entry);
            },
          },
        })
        .catch((error: unknown) => {
          console.warn('callpop sip: could not renegotiate the call after the connection came back', error);
          // The loss timer still ends it if the link never comes back.
          if (entry.snapshot.state !== 'ended' && entry.snapshot.link === 'recovering') this.#put(entry, { link: 'lost' });
        });
    }
  }

  #linkOk(entry: Entry): void {
    if (entry.snapshot.state === 'ended') return;
    this.#clearLossTimer(entry);
    if (entry.snapshot.link !== 'ok') this.#put(entry, { link: 'ok' });
  }

  #connectionLost(entry: Entry): void {
    if (entry.snapshot.state === 'ended') return;
    entry.ending = { reason: 'connection-lost', by: 'system' };
    this.#end(entry);
    // No BYE can reach the server: close the media and forget the dialog here.
    void entry.session.dispose().catch(() => undefined);
  }

  // ================================================================== media quality

  #startQuality(entry: Entry): void {
    const interval = this.host.config.qualityIntervalMs;
    if (interval <= 0 || entry.quality) return;
    const sampler = new QualitySampler();
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      const pc = this.host.media.peerConnection(entry.session);
      if (!pc || entry.snapshot.state !== 'connected') return;
      busy = true;
      pc.getStats()
        .then((report) => {
          if (entry.quality === null || entry.snapshot.state !== 'connected') return;
          const sample = sampler.next(rawQuality(report as never), this.host.now());
          if (sample) this.host.emit({ type: 'quality', callId: entry.id, quality: sample });
        })
        .catch(() => undefined)
        .finally(() => {
          busy = false;
        });
    }, interval);
    entry.quality = { timer, sampler };
  }

  #stopQuality(entry: Entry): void {
    if (entry.quality) clearInterval(entry.quality.timer);
    entry.quality = null;
  }

  // ================================================================== incoming

  onInvite(invitation: Invitation): void {
    const request = invitation.request;
    const headers: Array<[string, string]> = [];
    for (const [name, values] of Object.entries(request.headers)) {
      for (const value of values) headers.push([name, value.raw]);
    }
    const replacee = invitation.replacee;
    const entry = this.#track(invitation, {
      direction: 'inbound',
      remoteNumber: cleanNumber(invitation.remoteIdentity.uri.user),
      remoteName: cleanDisplayName(invitation.remoteIdentity.displayName),
      displayNumber: cleanNumber(request.getHeader('X-Called-Number')) || null,
      state: 'ringing',
      variables: callVariablesFrom(headers),
    });
    const xHeaders: Record<string, string> = {};
    for (const [name, value] of headers.filter(([n]) => /^x-/i.test(n)).slice(0, 20)) xHeaders[cleanText(name, 64)] = cleanText(value, 200);
    entry.debug.xHeaders = xHeaders;
    if (replacee) {
      // An attended transfer arriving: this call takes over the consultation call at once.
      const replaced = [...this.#calls.values()].find((e) => e.session === replacee);
      if (replaced) replaced.ending = { reason: 'transferred', by: 'customer' };
      void this.answer(entry.id).catch((error: unknown) => console.warn('callpop sip: could not take the transferred call', error));
      return;
    }
    if (this.host.config.prewarmMedia !== 'none') this.host.media.prewarm();
    entry.timer = setTimeout(() => {
      entry.timer = null;
      if (entry.snapshot.state !== 'ringing') return;
      entry.ending = { reason: 'missed', by: 'system' };
      entry.debug.finalStatus = 480;
      void this.#rejectInvitation(entry, invitation, 480);
    }, this.host.config.noAnswerTimeoutMs);
  }

  /** Records when each 200 OK to an INVITE leaves (answer timing, see the diagnostics). */
  sent(message: string): void {
    if (!message.startsWith('SIP/2.0 200') || !/^CSeq:\s*\d+\s+INVITE\s*$/im.test(message)) return;
    const callId = /^(?:Call-ID|i):\s*(.+?)\s*$/im.exec(message)?.[1];
    for (const [id, timing] of this.#answerTimings) {
      if (timing.okSentAt === null && this.#debug.get(id)?.sipCallId === callId) timing.okSentAt = this.host.now();
    }
  }

  dispose(): void {
    for (const entry of this.#calls.values()) {
      this.#clearTimer(entry);
      this.#clearLossTimer(entry);
      this.#stopQuality(entry);
    }
    this.#calls.clear();
  }

  diagnostics(): SipDiagnostics {
    return {
      debug: (callId: string): SipCallDebug | null => {
        const debug = this.#debug.get(callId);
        return debug ? { ...debug } : null;
      },
      stats: async (callId: string): Promise<SipCallStats> => {
        const pc = this.host.media.peerConnection(this.#get(callId).session);
        if (!pc) return { packetsSent: 0, packetsReceived: 0 };
        let packetsSent = 0;
        let packetsReceived = 0;
        (await pc.getStats()).forEach((report: { type?: string; kind?: string; packetsSent?: number; packetsReceived?: number }) => {
          if (report.kind !== undefined && report.kind !== 'audio') return;
          if (report.type === 'outbound-rtp') packetsSent += report.packetsSent ?? 0;
          if (report.type === 'inbound-rtp') packetsReceived += report.packetsReceived ?? 0;
        });
        return { packetsSent, packetsReceived };
      },
      answerTiming: (callId: string): SipAnswerTiming | null => {
        const timing = this.#answerTimings.get(callId);
        return timing ? { ...timing } : null;
      },
    };
  }

  // ================================================================== internals

  #invite(entry: Entry, inviter: Inviter): void {
    if (this.host.config.prewarmMedia !== 'none') this.host.media.prewarm();
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) => {
            const code = response.message.statusCode;
            if ((code === 180 || code === 183) && entry.snapshot.state === 'dialing') this.#move(entry, 'early');
          },
          onReject: (response) => {
            const code = response.message.statusCode ?? 0;
            entry.debug.finalStatus = code;
            entry.ending ??= outboundEnding(code);
          },
          onAccept: (response) => {
            entry.debug.finalStatus = response.message.statusCode ?? 200;
          },
        },
      })
      .catch((error: unknown) => {
        entry.ending ??= { reason: 'failed', by: 'system' };
        console.warn('callpop sip: the call could not start', error);
        this.#end(entry);
      });
  }

  async #rejectInvitation(entry: Entry, invitation: Invitation, statusCode: number): Promise<void> {
    try {
      await invitation.reject({ statusCode });
    } catch (error) {
      // The caller may have cancelled at the same moment: the call ends either way.
      console.warn('callpop sip: reject failed', error);
    }
    this.#end(entry);
  }

  #track(
    session: Session,
    initial: Pick<SoftphoneCall, 'direction' | 'remoteNumber' | 'remoteName' | 'displayNumber' | 'state' | 'variables'>,
  ): Entry {
    this.#seq += 1;
    const id = `sip-${this.host.now().toString(36)}-${this.#seq}`;
    const debug: Entry['debug'] = {
      sipCallId: cleanText(session instanceof Invitation ? session.request.callId : (session as Inviter).request.callId, 120),
      dtmfReceived: '',
      reinvitesReceived: 0,
      remoteDirection: null,
      ackReceived: false,
      finalStatus: null,
      xHeaders: {},
      iceRestarts: 0,
      transferStatus: null,
    };
    this.#debug.set(id, debug);
    if (this.#debug.size > MAX_DEBUG) this.#debug.delete(this.#debug.keys().next().value as string);
    const entry: Entry = {
      id,
      session,
      ending: null,
      held: false,
      timer: null,
      lossTimer: null,
      quality: null,
      debug,
      snapshot: {
        id,
        ...initial,
        startedAt: this.host.now(),
        answeredAt: null,
        endedAt: null,
        muted: false,
        endReason: null,
        hangupBy: null,
        confirmed: false,
        link: 'ok',
      },
    };
    this.#calls.set(id, entry);
    session.delegate = {
      onAck: () => {
        debug.ackReceived = true;
        if (!entry.snapshot.confirmed && entry.snapshot.state !== 'ended') this.#put(entry, { confirmed: true });
      },
      onBye: (bye) => {
        entry.ending ??= { reason: 'hangup', by: 'customer' };
        bye.accept().catch(() => undefined);
      },
      onCancel: () => {
        entry.ending ??= { reason: 'cancelled', by: 'customer' };
      },
      onInfo: (info: Info) => {
        const digit = dtmfFromInfo(info.request.getHeader('content-type'), info.request.body ?? '');
        if (digit) debug.dtmfReceived = (debug.dtmfReceived + digit).slice(-256);
        info.accept().catch(() => undefined);
      },
      onInvite: (request) => {
        debug.reinvitesReceived += 1;
        debug.remoteDirection = /a=(sendrecv|sendonly|recvonly|inactive)/.exec(request.body ?? '')?.[1] ?? null;
      },
      onRefer: (referral: Referral) => this.#onRefer(entry, referral),
    };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.#established(entry);
      else if (state === SessionState.Terminated) this.#end(entry);
    });
    this.host.emit({ type: 'call', call: entry.snapshot });
    return entry;
  }

  /** We are the transferee: the agent referred us elsewhere. Call the target; the agent hangs up our call. */
  #onRefer(entry: Entry, referral: Referral): void {
    if (!this.host.userAgent()) {
      void referral.reject().catch(() => undefined);
      return;
    }
    referral
      .accept()
      .then(() => {
        const inviter = referral.makeInviter({ sessionDescriptionHandlerOptions: { constraints: this.host.media.constraints() } });
        const next = this.#track(inviter, {
          direction: 'outbound',
          remoteNumber: cleanNumber(inviter.remoteIdentity.uri.user) || entry.snapshot.remoteNumber,
          remoteName: null,
          displayNumber: null,
          state: 'dialing',
          variables: { ...entry.snapshot.variables },
        });
        this.#invite(next, inviter);
      })
      .catch((error: unknown) => console.warn('callpop sip: could not follow the transfer', error));
  }

  #established(entry: Entry): void {
    if (entry.snapshot.state === 'ended') return;
    this.host.media.watchRemote(entry.session, () => this.#updateAudio());
    const inbound = entry.snapshot.direction === 'inbound';
    if (inbound) entry.debug.finalStatus = 200;
    this.#move(entry, 'connected', { answeredAt: this.host.now(), confirmed: inbound ? entry.snapshot.confirmed : true });
    this.#applyTracks(entry);
    this.#updateAudio();
    this.#startQuality(entry);
  }

  #end(entry: Entry): void {
    if (entry.snapshot.state === 'ended') return;
    this.#clearTimer(entry);
    this.#clearLossTimer(entry);
    this.#stopQuality(entry);
    const answered = entry.snapshot.answeredAt !== null;
    const ending =
      entry.ending ??
      (answered
        ? { reason: 'hangup' as const, by: 'customer' as const }
        : entry.snapshot.direction === 'inbound'
          ? { reason: 'cancelled' as const, by: 'customer' as const }
          : { reason: 'failed' as const, by: 'system' as const });
    this.#move(entry, 'ended', { endedAt: this.host.now(), endReason: ending.reason, hangupBy: ending.by });
    this.#calls.delete(entry.id);
    this.#updateAudio();
    if (this.#calls.size === 0 && this.host.config.prewarmMedia !== 'register') this.host.media.releaseMicrophone();
  }

  #applyTracks(entry: Entry): void {
    this.host.media.applyTracks(entry.session, entry.held, entry.snapshot.muted);
  }

  #updateAudio(): void {
    const playing = [...this.#calls.values()].filter((entry) => entry.snapshot.state === 'connected').map((entry) => entry.session);
    this.host.media.updateAudio(playing);
  }

  #move(entry: Entry, to: SoftphoneCall['state'], patch: Partial<SoftphoneCall> = {}): void {
    this.#put(entry, { ...patch, state: nextCallState(entry.snapshot.state, to) });
  }

  #put(entry: Entry, patch: Partial<SoftphoneCall>): void {
    if (this.host.disposed()) return;
    entry.snapshot = { ...entry.snapshot, ...patch };
    this.host.emit({ type: 'call', call: entry.snapshot });
  }

  #get(callId: string): Entry {
    const entry = this.#calls.get(callId);
    if (!entry) throw new SoftphoneError('not-found', `No call ${String(callId).slice(0, 60)}.`);
    return entry;
  }

  #clearTimer(entry: Entry): void {
    if (entry.timer !== null) clearTimeout(entry.timer);
    entry.timer = null;
  }

  #clearLossTimer(entry: Entry): void {
    if (entry.lossTimer !== null) clearTimeout(entry.lossTimer);
    entry.lossTimer = null;
  }
}

/** The extra REFER headers, checked: header names, values on one line, at most {@link MAX_EXTRA_HEADERS}. */
function referHeaders(headers: TransferOptions['headers']): string[] {
  if (headers === undefined) return [];
  if (typeof headers !== 'object' || headers === null) throw new SoftphoneError('failed', 'Transfer headers must be an object.');
  const entries = Object.entries(headers);
  if (entries.length > MAX_EXTRA_HEADERS) throw new SoftphoneError('failed', `A transfer carries at most ${MAX_EXTRA_HEADERS} extra headers.`);
  return entries.map(([name, value]) => {
    if (!isHeaderName(name) || /^(refer-to|referred-by|replaces|via|from|to|call-id|cseq|contact|content-length|content-type|max-forwards|route|record-route)$/i.test(name)) {
      throw new SoftphoneError('failed', `"${cleanText(name, 40)}" cannot be a transfer header.`);
    }
    if (typeof value !== 'string') throw new SoftphoneError('failed', `The transfer header ${name} must be text.`);
    return `${name}: ${headerValue(value, 256)}`;
  });
}

function outboundEnding(code: number): { reason: CallEndReason; by: SoftphoneCall['hangupBy'] } {
  if (code === 486 || code === 600) return { reason: 'busy', by: 'customer' };
  if (code === 603) return { reason: 'rejected', by: 'customer' };
  if (code === 487) return { reason: 'cancelled', by: 'agent' };
  if (code === 408 || code === 480) return { reason: 'missed', by: 'system' };
  return { reason: 'failed', by: 'system' };
}

