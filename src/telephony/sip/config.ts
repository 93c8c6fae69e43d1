/**
 * Configuration of the SIP softphone. This file does not import sip.js, so a
 * page can type and build its settings without downloading the SIP stack.
 */

/** How DTMF digits are sent. */
export type DtmfMode = 'rfc4733' | 'info';

/** When the microphone is opened ahead of the answer click (answer latency). */
export type MediaPrewarm = 'register' | 'ring' | 'none';

export interface SipReconnectOptions {
  /** The first retry waits about this long (default 1000 ms). */
  readonly baseMs: number;
  /** Retries never wait longer than this (default 30000 ms). */
  readonly maxMs: number;
}

export interface SipConfig {
  /** The SIP-over-WebSocket server, e.g. `ws://127.0.0.1:8080` or `wss://sip.example.com`. */
  readonly server: string;
  /** The account's address of record, e.g. `sip:1001@127.0.0.1`. */
  readonly uri: string;
  /** The digest user name (default: the user part of `uri`). */
  readonly authorizationUsername?: string;
  readonly password?: string;
  /** Sent as the display name in From. */
  readonly displayName?: string;
  /**
   * STUN/TURN servers. Default `[]`: host candidates only. There is no public
   * STUN default: an address leaves the page only towards servers configured here.
   */
  readonly iceServers?: readonly RTCIceServer[];
  /**
   * The longest wait for ICE candidates before an offer or answer is sent
   * (default 150 ms with no ICE servers, 1000 ms with some).
   */
  readonly iceGatheringTimeoutMs?: number;
  /** REGISTER expiry in seconds (default 600). */
  readonly registerExpires?: number;
  /** An unanswered inbound call is missed after this long (default 60000 ms). */
  readonly noAnswerTimeoutMs?: number;
  /** A REGISTER without a final answer after this long counts as a lost server (default 10000 ms). */
  readonly requestTimeoutMs?: number;
  /** Retries after a lost connection (default 1 s doubling to 30 s, with jitter). */
  readonly reconnect?: SipReconnectOptions;
  /** Where remote audio plays (default: a hidden `<audio autoplay>` added to `document.body`). */
  readonly audioElement?: HTMLAudioElement;
  readonly userAgentString?: string;
  /** DTMF through RTP (RFC 4733, default; falls back to SIP INFO) or always SIP INFO. */
  readonly dtmfMode?: DtmfMode;
  /**
   * Open the microphone before the agent answers, so answering does not wait for
   * it: at `register` (kept open all shift), at the first `ring` (default; closed
   * when no call is left), or `none`.
   */
  readonly prewarmMedia?: MediaPrewarm;
  /** The SIP header carrying the caller ID when `dial()` is not told one (default `X-Display-Number`). */
  readonly displayNumberHeader?: string;
  /**
   * This phone's stable identity (RFC 5626 `+sip.instance`, a UUID): every page
   * that registers with the same one replaces the binding instead of adding
   * one. `loadSipSoftphone` with `sharing: 'tabs'` (the default) keeps one per
   * browser profile and account. Default: a new one per page.
   */
  readonly instanceId?: string;
  /** The user part of the Contact (letters and digits, e.g. `k3x9a7`); stable with `instanceId`. Default random. */
  readonly contactName?: string;
  /**
   * How long a call whose connection to the SIP server dropped may wait for it
   * to come back (then it is recovered by a re-INVITE with an ICE restart);
   * after this long it ends as `connection-lost` (default 30000 ms).
   */
  readonly connectionLossTimeoutMs?: number;
  /** How often a connected call's media quality is sampled (`quality` events; default 2000 ms, at least 200; 0: never). */
  readonly qualityIntervalMs?: number;
}

/** A config with every default filled in. */
export interface ResolvedSipConfig {
  readonly server: string;
  readonly uri: string;
  readonly authorizationUsername: string;
  readonly password: string | null;
  readonly displayName: string | null;
  readonly iceServers: readonly RTCIceServer[];
  readonly iceGatheringTimeoutMs: number;
  readonly registerExpires: number;
  readonly noAnswerTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly reconnect: SipReconnectOptions;
  readonly audioElement: HTMLAudioElement | null;
  readonly userAgentString: string;
  readonly dtmfMode: DtmfMode;
  readonly prewarmMedia: MediaPrewarm;
  readonly displayNumberHeader: string;
  readonly instanceId: string | null;
  readonly contactName: string | null;
  readonly connectionLossTimeoutMs: number;
  readonly qualityIntervalMs: number;
}

const SIP_URI = /^sips?:([^@\s;?>]+)@([^\s;?>]+)/i;

/** Fill in the defaults and check what cannot work; throws a `TypeError` naming the bad setting. */
export function resolveSipConfig(config: SipConfig): ResolvedSipConfig {
  if (!/^wss?:\/\/[^\s/]+/i.test(config.server ?? '')) {
    throw new TypeError(`SIP server "${String(config.server).slice(0, 80)}" is not a ws:// or wss:// URL.`);
  }
  const match = SIP_URI.exec(config.uri ?? '');
  if (!match) throw new TypeError(`SIP URI "${String(config.uri).slice(0, 80)}" is not like sip:user@domain.`);
  const iceServers = [...(config.iceServers ?? [])];
  const positive = (value: number | undefined, fallback: number, name: string): number => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a positive number.`);
    return value;
  };
  const header = config.displayNumberHeader ?? 'X-Display-Number';
  if (!isHeaderName(header)) throw new TypeError(`"${header.slice(0, 40)}" is not a SIP header name.`);
  const baseMs = positive(config.reconnect?.baseMs, 1000, 'reconnect.baseMs');
  return {
    server: config.server,
    uri: config.uri,
    authorizationUsername: config.authorizationUsername ?? decodeURIComponent(match[1] ?? ''),
    password: config.password ?? null,
    displayName: config.displayName ?? null,
    iceServers,
    iceGatheringTimeoutMs: positive(config.iceGatheringTimeoutMs, iceServers.length === 0 ? 150 : 1000, 'iceGatheringTimeoutMs'),
    registerExpires: Math.max(60, Math.round(positive(config.registerExpires, 600, 'registerExpires'))),
    noAnswerTimeoutMs: positive(config.noAnswerTimeoutMs, 60_000, 'noAnswerTimeoutMs'),
    requestTimeoutMs: Math.max(500, positive(config.requestTimeoutMs, 10_000, 'requestTimeoutMs')),
    reconnect: { baseMs: Math.max(50, baseMs), maxMs: Math.max(baseMs, positive(config.reconnect?.maxMs, 30_000, 'reconnect.maxMs')) },
    audioElement: config.audioElement ?? null,
    userAgentString: config.userAgentString ?? 'callpop',
    dtmfMode: config.dtmfMode ?? 'rfc4733',
    prewarmMedia: config.prewarmMedia ?? 'ring',
    displayNumberHeader: header,
    instanceId: checkInstanceId(config.instanceId),
    contactName: checkContactName(config.contactName),
    connectionLossTimeoutMs: positive(config.connectionLossTimeoutMs, 30_000, 'connectionLossTimeoutMs'),
    qualityIntervalMs: qualityInterval(positive(config.qualityIntervalMs, 2000, 'qualityIntervalMs')),
  };
}

/** 0 (never), or at least every 200 ms (getStats is not free). */
function qualityInterval(ms: number): number {
  return ms === 0 ? 0 : Math.max(200, ms);
}

/** A token a SIP header name may be (RFC 3261 token, kept short). */
export function isHeaderName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9!%*_+`'~.-]{0,63}$/.test(name);
}

/** The host (and port) part of a SIP URI: `sip:1001@127.0.0.1:5060;transport=ws` → `127.0.0.1:5060`. */
export function domainOf(uri: string): string {
  const match = SIP_URI.exec(uri);
  if (!match?.[2]) throw new TypeError(`SIP URI "${uri.slice(0, 80)}" has no domain.`);
  return match[2];
}

const UUID = /^(?:urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

function checkInstanceId(value: string | undefined): string | null {
  if (value === undefined) return null;
  const match = UUID.exec(value);
  if (!match) throw new TypeError(`instanceId "${String(value).slice(0, 60)}" is not a UUID.`);
  return match[1]!.toLowerCase();
}

function checkContactName(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!/^[a-z0-9]{1,32}$/i.test(value)) throw new TypeError(`contactName "${String(value).slice(0, 40)}" must be 1-32 letters or digits.`);
  return value;
}
