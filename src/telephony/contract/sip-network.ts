/**
 * A SIP network in the test page, the way SIP.js tests itself: an in-memory
 * transport handed to the `UserAgent` (its `transportConstructor`) and, at the
 * other end, a scripted registrar and peer that speak real SIP text to it. The
 * peer's media is a real `RTCPeerConnection` in the same page, so offers,
 * answers, hold re-INVITEs and RFC 4733 DTMF go through the softphone's own
 * session description handler. For tests only.
 */
import { EmitterImpl, TransportState, type Emitter, type Transport } from 'sip.js';

/** One SIP message as the far end reads it. */
interface Message {
  readonly startLine: string;
  readonly method: string | null;
  readonly status: number | null;
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: string;
  header(name: string): string;
}

function parse(text: string): Message {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split + 4);
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const status = /^SIP\/2\.0 (\d{3})/.exec(startLine);
  const compact: { [name: string]: string } = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', c: 'content-type', l: 'content-length' };
  return {
    startLine,
    method: status ? null : (startLine.split(' ')[0] ?? null),
    status: status ? Number(status[1]) : null,
    headers,
    body,
    header: (name) => {
      const key = name.toLowerCase();
      const short = Object.keys(compact).find((k) => compact[k] === key);
      return headers.get(key)?.[0] ?? (short ? headers.get(short)?.[0] : undefined) ?? '';
    },
  };
}

const tagOf = (value: string): string | null => /;\s*tag=([^;>\s]+)/i.exec(value)?.[1] ?? null;
const uriOf = (value: string): string => /<([^>]+)>/.exec(value)?.[1] ?? value.split(';')[0]!.trim();
const random = (): string => Math.random().toString(36).slice(2, 12);

/** The far end of one call. */
export interface FarCall {
  readonly sipCallId: string;
  readonly direction: 'to-phone' | 'from-phone';
  /** Our tag (the customer's side of the dialog). */
  readonly tag: string;
  /** The phone's tag, once it answered or sent its INVITE. */
  phoneTag: string | null;
  /** Where in-dialog requests go (the phone's Contact). */
  phoneUri: string;
  /** Our From/To addresses of the dialog (without tags). */
  readonly ours: string;
  readonly theirs: string;
  cseq: number;
  /** The INVITE that opened the dialog (its Via, CSeq), to answer or CANCEL it. */
  invite: Message | null;
  inviteBranch: string | null;
  readonly pc: RTCPeerConnection;
  /** The final status of the INVITE that opened the call. */
  finalStatus: number | null;
  acked: boolean;
  infoDigits: string;
  reinvites: number;
  /** Direction in the phone's last re-INVITE offer (`sendonly` on hold). */
  lastOfferDirection: string | null;
  referTo: string | null;
  /** Every header of the last REFER (lower-case names). */
  referHeaders: ReadonlyMap<string, readonly string[]>;
  /** INFO requests other than DTMF (`application/dtmf-relay`). */
  infos: { contentType: string; body: string }[];
  /** re-INVITEs whose offer restarted ICE (new ICE credentials). */
  iceRestarts: number;
  ended: boolean;
}

/** The in-memory transport the `UserAgent` constructs; it hands every message to its network. */
export function memoryTransport(network: SipNetwork): new (logger: unknown, options: unknown) => Transport {
  return class MemoryTransport implements Transport {
    readonly protocol = 'WSS';
    #state: TransportState = TransportState.Disconnected;
    readonly #stateChange = new EmitterImpl<TransportState>();
    onConnect: (() => void) | undefined;
    onDisconnect: ((error?: Error) => void) | undefined;
    onMessage: ((message: string) => void) | undefined;

    get state(): TransportState {
      return this.#state;
    }
    get stateChange(): Emitter<TransportState> {
      return this.#stateChange;
    }
    async connect(): Promise<void> {
      this.#move(TransportState.Connecting);
      if (network.down) {
        this.#move(TransportState.Disconnected);
        throw new Error('The in-memory SIP server is down.');
      }
      network.attach(this);
      this.#move(TransportState.Connected);
      this.onConnect?.();
    }
    async disconnect(): Promise<void> {
      if (this.#state === TransportState.Disconnected) return;
      this.#move(TransportState.Disconnecting);
      network.detach(this);
      this.#move(TransportState.Disconnected);
      this.onDisconnect?.();
    }
    async dispose(): Promise<void> {
      await this.disconnect();
      this.#stateChange.removeAllListeners();
    }
    isConnected(): boolean {
      return this.#state === TransportState.Connected;
    }
    async send(message: string): Promise<void> {
      if (!this.isConnected()) throw new Error('The in-memory transport is not connected.');
      network.fromPhone(message);
    }
    /** The server went away: the connection drops with an error, as a WebSocket closing on us. */
    drop(): void {
      if (this.#state !== TransportState.Connected) return;
      network.detach(this);
      this.#move(TransportState.Disconnected);
      this.onDisconnect?.(new Error('The connection to the in-memory SIP server dropped.'));
    }
    /** A message from the network, a task later (as a WebSocket delivers). */
    deliver(message: string): void {
      if (this.isConnected()) this.onMessage?.(message);
    }
    #move(state: TransportState): void {
      this.#state = state;
      this.#stateChange.emit(state);
    }
  };
}

type AttachedTransport = { deliver(message: string): void; drop(): void };

export interface SipNetworkOptions {
  /** The phone's address of record (the REGISTER's To), e.g. `sip:1001@callpop.test`. */
  readonly aor: string;
}

/** A registrar and a peer: what the softphone talks to. */
export class SipNetwork {
  readonly calls = new Map<string, FarCall>();
  /** Every message the phone sent, in order (start lines), for failure messages. */
  readonly log: string[] = [];
  /** Where the phone is registered (its Contact), or null. */
  contact: string | null = null;
  registers = 0;
  /** DTMF tones the phone's RTP sender played out, by SIP Call-ID (RFC 4733). */
  readonly rtpDigits = new Map<string, string>();
  /** The server is down: connections are refused (see {@link drop}). */
  down = false;
  /** REGISTERs are refused with this status (401 with a challenge, or 403), or accepted (null). */
  refuseRegisterWith: 401 | 403 | null = null;
  #transport: AttachedTransport | null = null;
  #inFlight = 0;
  readonly #idle = new Set<() => void>();
  readonly #restore: (() => void)[] = [];

  constructor(readonly options: SipNetworkOptions) {
    this.#watchDtmf();
  }

  attach(transport: AttachedTransport): void {
    this.#transport = transport;
  }

  detach(transport: AttachedTransport): void {
    if (this.#transport === transport) this.#transport = null;
  }

  /** The server goes away: the phone's connection drops and new ones are refused until {@link restore}. */
  drop(): void {
    this.down = true;
    this.contact = null;
    this.#transport?.drop();
    this.#transport = null;
  }

  /** The server is back: connections are accepted again. */
  restore(): void {
    this.down = false;
  }

  /** Resolves once no message is on its way and no SDP is being worked out. */
  settle(): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.#inFlight === 0) {
          // One more task: what the phone does with the last message it got.
          setTimeout(() => (this.#inFlight === 0 ? resolve() : this.#idle.add(check)), 0);
        } else this.#idle.add(check);
      };
      check();
    });
  }

  dispose(): void {
    for (const call of this.calls.values()) call.pc.close();
    for (const undo of this.#restore) undo();
    this.#transport = null;
  }

  // ------------------------------------------------------------ the customer's side

  /** A customer calls the phone: an INVITE with a real offer to its Contact. Returns the SIP Call-ID. */
  async invite(number: string, name: string | null): Promise<string> {
    const contact = this.contact;
    if (!contact) throw new Error('The phone is not registered: nobody to call.');
    const sipCallId = `${random()}@far.invalid`;
    const pc = new RTCPeerConnection();
    const call = this.#newCall(sipCallId, 'to-phone', pc, contact, `<sip:${number}@far.invalid>`, `<${this.options.aor}>`, name);
    await this.#work(async () => {
      pc.addTransceiver(await toneTrack(), { direction: 'sendrecv' });
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
    });
    call.inviteBranch = `z9hG4bK${random()}`;
    call.cseq = 1;
    this.#send(
      [
        `INVITE ${contact} SIP/2.0`,
        `Via: SIP/2.0/WSS far.invalid;branch=${call.inviteBranch}`,
        'Max-Forwards: 70',
        `From: ${this.#ourAddress(call)}`,
        `To: ${call.theirs}`,
        `Call-ID: ${sipCallId}`,
        'CSeq: 1 INVITE',
        `Contact: <sip:${number}@far.invalid;transport=ws>`,
        'Allow: INVITE, ACK, CANCEL, BYE, INFO, REFER, NOTIFY',
        'Content-Type: application/sdp',
      ],
      pc.localDescription!.sdp,
    );
    return sipCallId;
  }

  /** The customer's phone rings (180) on a call the phone made. */
  ringing(sipCallId: string): void {
    const call = this.#call(sipCallId);
    this.#respond(call.invite!, 180, 'Ringing', call, '', ['Contact: <sip:peer@far.invalid;transport=ws>']);
  }

  /** The customer answers a call the phone made (200 with a real answer). */
  async answer(sipCallId: string): Promise<void> {
    const call = this.#call(sipCallId);
    await this.#work(async () => {
      await call.pc.setRemoteDescription({ type: 'offer', sdp: call.invite!.body });
      call.pc.getTransceivers().forEach((t) => (t.direction = 'sendrecv'));
      const track = await toneTrack();
      await call.pc.getTransceivers()[0]?.sender.replaceTrack(track);
      await call.pc.setLocalDescription(await call.pc.createAnswer());
      await gathered(call.pc);
    });
    call.finalStatus = 200;
    this.#respond(call.invite!, 200, 'OK', call, call.pc.localDescription!.sdp, [`Contact: <sip:peer@far.invalid;transport=ws>`]);
  }

  /** The customer hangs up: CANCEL while the phone rings, BYE once answered. */
  hangup(sipCallId: string): void {
    const call = this.#call(sipCallId);
    if (call.ended) return;
    if (call.direction === 'to-phone' && call.finalStatus === null) {
      this.#send([
        `CANCEL ${call.phoneUri} SIP/2.0`,
        `Via: SIP/2.0/WSS far.invalid;branch=${call.inviteBranch}`,
        'Max-Forwards: 70',
        `From: ${this.#ourAddress(call)}`,
        `To: ${call.theirs}`,
        `Call-ID: ${call.sipCallId}`,
        'CSeq: 1 CANCEL',
      ]);
      return;
    }
    call.ended = true;
    this.#request(call, 'BYE', []);
  }

  /** The transfer target picked up: NOTIFY with the sipfrag's status; the REFER's subscription ends. */
  notifyTransfer(sipCallId: string, status = 200, reason = 'OK'): void {
    const call = this.#call(sipCallId);
    // An attended transfer that worked: the target ends the consultation call the caller replaced.
    const replaces = /[?&]Replaces=([^&>]+)/i.exec(call.referTo ?? '')?.[1];
    if (replaces && status >= 200 && status < 300) {
      const replaced = decodeURIComponent(replaces).split(';')[0]!;
      if (this.calls.has(replaced)) this.hangup(replaced);
    }
    this.#request(
      call,
      'NOTIFY',
      ['Event: refer', 'Subscription-State: terminated;reason=noresource', 'Content-Type: message/sipfrag;version=2.0'],
      `SIP/2.0 ${status} ${reason}\r\n`,
    );
  }

  // ------------------------------------------------------------ what the phone sends

  /** Every message the phone's transport sends arrives here. */
  fromPhone(text: string): void {
    const message = parse(text);
    this.log.push(message.startLine);
    if (message.status !== null) {
      this.#onResponse(message);
      return;
    }
    const sipCallId = message.header('call-id');
    switch (message.method) {
      case 'REGISTER': {
        this.registers += 1;
        if (this.refuseRegisterWith === 403) {
          this.#respond(message, 403, 'Forbidden', null);
          return;
        }
        if (this.refuseRegisterWith === 401) {
          this.#respond(message, 401, 'Unauthorized', null, '', [`WWW-Authenticate: Digest realm="callpop.test", nonce="${random()}", algorithm=MD5, qop="auth"`]);
          return;
        }
        const contact = message.header('contact');
        const expires = /expires=(\d+)/i.exec(contact)?.[1] ?? message.header('expires');
        this.contact = expires === '0' ? null : uriOf(contact);
        this.#respond(message, 200, 'OK', null, '', expires === '0' ? [] : [`Contact: ${contact}`, 'Expires: 600']);
        return;
      }
      case 'INVITE': {
        const known = this.calls.get(sipCallId);
        if (known) {
          void this.#reinvite(known, message);
          return;
        }
        const pc = new RTCPeerConnection();
        const call = this.#newCall(sipCallId, 'from-phone', pc, uriOf(message.header('contact')), message.header('to'), message.header('from'), null);
        call.phoneTag = tagOf(message.header('from'));
        call.invite = message;
        this.#respond(message, 100, 'Trying', null);
        return;
      }
      case 'ACK': {
        const call = this.calls.get(sipCallId);
        if (call) call.acked = true;
        return;
      }
      case 'CANCEL': {
        const call = this.calls.get(sipCallId);
        this.#respond(message, 200, 'OK', null);
        if (call?.invite && call.finalStatus === null) {
          call.finalStatus = 487;
          call.ended = true;
          this.#respond(call.invite, 487, 'Request Terminated', call);
        }
        return;
      }
      case 'BYE': {
        const call = this.calls.get(sipCallId);
        if (call) call.ended = true;
        this.#respond(message, call ? 200 : 481, call ? 'OK' : 'Call Does Not Exist', call ?? null);
        return;
      }
      case 'INFO': {
        const call = this.calls.get(sipCallId);
        const contentType = message.header('content-type');
        const signal = /dtmf-relay/i.test(contentType) ? /^Signal\s*=\s*(\S)/im.exec(message.body)?.[1] : undefined;
        if (call && signal) call.infoDigits += signal;
        else if (call) call.infos.push({ contentType, body: message.body });
        this.#respond(message, 200, 'OK', call ?? null);
        return;
      }
      case 'REFER': {
        const call = this.calls.get(sipCallId);
        if (call) {
          call.referTo = uriOf(message.header('refer-to'));
          call.referHeaders = message.headers;
        }
        this.#respond(message, 202, 'Accepted', call ?? null);
        return;
      }
      default:
        this.#respond(message, 405, 'Method Not Allowed', null);
    }
  }

  #onResponse(message: Message): void {
    const call = this.calls.get(message.header('call-id'));
    const [, method = ''] = message.header('cseq').split(/\s+/);
    if (!call || method !== 'INVITE' || message.status === null || message.status < 200) return;
    if (call.direction !== 'to-phone') return;
    call.phoneTag ??= tagOf(message.header('to'));
    call.finalStatus ??= message.status;
    if (message.status >= 300) {
      call.ended = true;
      // The ACK of a refusal is part of the INVITE's transaction: same branch.
      this.#send([
        `ACK ${call.phoneUri} SIP/2.0`,
        `Via: SIP/2.0/WSS far.invalid;branch=${call.inviteBranch}`,
        'Max-Forwards: 70',
        `From: ${this.#ourAddress(call)}`,
        `To: ${message.header('to')}`,
        `Call-ID: ${call.sipCallId}`,
        `CSeq: ${message.header('cseq').split(/\s+/)[0]} ACK`,
      ]);
      return;
    }
    if (message.header('contact')) call.phoneUri = uriOf(message.header('contact'));
    // A retransmitted 200 OK (its ACK crossed it) is ACKed again; its answer is already applied.
    if (call.pc.signalingState === 'have-local-offer') void this.#work(() => call.pc.setRemoteDescription({ type: 'answer', sdp: message.body }));
    this.#send(
      [
        `ACK ${call.phoneUri} SIP/2.0`,
        `Via: SIP/2.0/WSS far.invalid;branch=z9hG4bK${random()}`,
        'Max-Forwards: 70',
        `From: ${this.#ourAddress(call)}`,
        `To: ${this.#theirAddress(call)}`,
        `Call-ID: ${call.sipCallId}`,
        `CSeq: ${message.header('cseq').split(/\s+/)[0]} ACK`,
      ],
    );
  }

  async #reinvite(call: FarCall, message: Message): Promise<void> {
    call.reinvites += 1;
    const ufrag = /a=ice-ufrag:(\S+)/.exec(message.body)?.[1];
    if (ufrag && !(call.pc.remoteDescription?.sdp ?? '').includes(`a=ice-ufrag:${ufrag}`)) call.iceRestarts += 1;
    call.lastOfferDirection = /a=(sendrecv|sendonly|recvonly|inactive)/.exec(message.body)?.[1] ?? null;
    await this.#work(async () => {
      await call.pc.setRemoteDescription({ type: 'offer', sdp: message.body });
      await call.pc.setLocalDescription(await call.pc.createAnswer());
      await gathered(call.pc);
    });
    this.#respond(message, 200, 'OK', call, call.pc.localDescription!.sdp, ['Contact: <sip:peer@far.invalid;transport=ws>']);
  }

  // ------------------------------------------------------------ SIP text

  #newCall(sipCallId: string, direction: FarCall['direction'], pc: RTCPeerConnection, phoneUri: string, ours: string, theirs: string, name: string | null): FarCall {
    const call: FarCall = {
      sipCallId,
      direction,
      tag: random(),
      phoneTag: null,
      phoneUri,
      ours: name ? `"${name}" ${ours}` : ours,
      theirs: theirs.replace(/;\s*tag=[^;>\s]+/i, ''),
      cseq: 0,
      invite: null,
      inviteBranch: null,
      pc,
      finalStatus: null,
      acked: false,
      infoDigits: '',
      reinvites: 0,
      lastOfferDirection: null,
      referTo: null,
      referHeaders: new Map(),
      infos: [],
      iceRestarts: 0,
      ended: false,
    };
    this.calls.set(sipCallId, call);
    return call;
  }

  #ourAddress(call: FarCall): string {
    return `${call.ours.replace(/;\s*tag=[^;>\s]+/i, '')};tag=${call.tag}`;
  }

  #theirAddress(call: FarCall): string {
    return call.phoneTag ? `${call.theirs};tag=${call.phoneTag}` : call.theirs;
  }

  #call(sipCallId: string): FarCall {
    const call = this.calls.get(sipCallId);
    if (!call) throw new Error(`The far end has no call ${sipCallId}; it saw: ${this.log.join(' | ')}`);
    return call;
  }

  /** An in-dialog request from the customer's side. */
  #request(call: FarCall, method: string, headers: readonly string[], body = ''): void {
    call.cseq += 1;
    this.#send(
      [
        `${method} ${call.phoneUri} SIP/2.0`,
        `Via: SIP/2.0/WSS far.invalid;branch=z9hG4bK${random()}`,
        'Max-Forwards: 70',
        `From: ${this.#ourAddress(call)}`,
        `To: ${this.#theirAddress(call)}`,
        `Call-ID: ${call.sipCallId}`,
        `CSeq: ${call.cseq} ${method}`,
        ...headers,
      ],
      body,
    );
  }

  /** Answer a request of the phone's; `call` adds our tag to To. */
  #respond(request: Message, status: number, reason: string, call: FarCall | null, body = '', extra: readonly string[] = []): void {
    const to = request.header('to');
    const lines = [
      `SIP/2.0 ${status} ${reason}`,
      ...(request.headers.get('via') ?? request.headers.get('v') ?? []).map((via) => `Via: ${via}`),
      `From: ${request.header('from')}`,
      `To: ${call && status > 100 && !tagOf(to) ? `${to};tag=${call.tag}` : to}`,
      `Call-ID: ${request.header('call-id')}`,
      `CSeq: ${request.header('cseq')}`,
      ...extra,
      ...(body ? ['Content-Type: application/sdp'] : []),
    ];
    this.#send(lines, body);
  }

  #send(lines: readonly string[], body = ''): void {
    const text = `${[...lines, `Content-Length: ${new TextEncoder().encode(body).length}`].join('\r\n')}\r\n\r\n${body}`;
    this.#inFlight += 1;
    setTimeout(() => {
      this.#inFlight -= 1;
      this.#transport?.deliver(text);
      this.#wakeIdle();
    }, 0);
  }

  async #work<T>(run: () => Promise<T>): Promise<T> {
    this.#inFlight += 1;
    try {
      return await run();
    } finally {
      this.#inFlight -= 1;
      this.#wakeIdle();
    }
  }

  #wakeIdle(): void {
    if (this.#inFlight !== 0) return;
    const waiting = [...this.#idle];
    this.#idle.clear();
    waiting.forEach((check) => check());
  }

  /**
   * RFC 4733 DTMF leaves the page as RTP, which no page API reads on the far
   * side: count the tones the phone's `RTCDTMFSender` actually played out
   * (`tonechange`), and find the call by the ICE credentials both ends share.
   */
  #watchDtmf(): void {
    const senders = new WeakMap<RTCDTMFSender, RTCPeerConnection>();
    const proto = RTCPeerConnection.prototype;
    const getSenders = proto.getSenders;
    const network = this;
    proto.getSenders = function (this: RTCPeerConnection) {
      const list = getSenders.call(this);
      for (const sender of list) {
        const dtmf = sender.dtmf;
        if (!dtmf || senders.has(dtmf)) continue;
        senders.set(dtmf, this);
        const pc = this;
        dtmf.addEventListener('tonechange', (event) => {
          const tone = (event as RTCDTMFToneChangeEvent).tone;
          if (!tone) return;
          const ufrag = /a=ice-ufrag:(\S+)/.exec(pc.remoteDescription?.sdp ?? '')?.[1];
          const call = [...network.calls.values()].find((c) => ufrag && c.pc.localDescription?.sdp.includes(`a=ice-ufrag:${ufrag}`));
          if (call) network.rtpDigits.set(call.sipCallId, (network.rtpDigits.get(call.sipCallId) ?? '') + tone);
        });
      }
      return list;
    };
    this.#restore.push(() => {
      proto.getSenders = getSenders;
    });
  }
}

/** Resolves once the candidates are in the description (host candidates only: milliseconds). */
function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onState);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve();
    };
    const onState = (): void => {
      if (pc.iceGatheringState === 'complete') done();
    };
    // The UDP host candidates come first; the TCP ones only ~120 ms later add nothing on one machine.
    const onCandidate = (event: RTCPeerConnectionIceEvent): void => {
      if (event.candidate && / udp /i.test(` ${event.candidate.candidate} `)) {
        clearTimeout(timer);
        timer = setTimeout(done, 15);
      }
    };
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
  });
}

let tones: AudioContext | null = null;

/** A voice for either end: a tone (no microphone needed). */
export async function toneTrack(): Promise<MediaStreamTrack> {
  const context = (tones ??= new AudioContext());
  const oscillator = context.createOscillator();
  const destination = context.createMediaStreamDestination();
  oscillator.connect(destination);
  oscillator.start();
  return destination.stream.getAudioTracks()[0]!;
}
