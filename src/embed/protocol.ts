/**
 * The iframe-mode postMessage protocol (see `docs/iframe-mode.md`), used by
 * both sides: the host script (`callpop/embed`, the CRM page) and the frame
 * (`embed.html`, the callpop page inside the iframe). Pure and self-contained:
 * no DOM rendering, no other callpop code at run time (types only), so the
 * host script stays a few KB.
 *
 * Every message is a plain object `{ callpop: 1, kind, … }`. A message is
 * accepted only when it comes from the configured exact origin and the
 * expected window, is at most {@link MAX_MESSAGE_BYTES} bytes of JSON, and has
 * exactly the documented shape for its `kind`; anything else is ignored with
 * one `console.warn` per (origin, reason).
 *
 * @packageDocumentation
 */
import type { BackendAdapter } from '../adapter/backend-adapter.js';
import type { AdapterErrorCode } from '../adapter/errors.js';
import type { Agent, AgentStatus, CallDirection, Customer, PushEvent, PushType, ServiceSummary, Ticket } from '../adapter/types.js';
import type { SipConfig } from '../telephony/sip/config.js';
import type { CallState } from '../telephony/softphone.js';

export const PROTOCOL_VERSION = 1;
/** The largest message accepted, in bytes of its JSON (UTF-8). */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** How long the frame waits for the host adapter, and the host for a command, by default. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const MAX_ID = 64;
const MAX_TEXT = 2048;

// ------------------------------------------------------------------ config

/** Where the frame's backend is: the REST API (called from the frame) or the host page. */
export type EmbedAdapterConfig =
  | {
      readonly kind: 'rest';
      /** e.g. `https://crm.example.com/callpop/v1` (absolute: the frame has its own origin). */
      readonly baseUrl: string;
      /** Bearer token; sent by postMessage only, never in a URL. A later `configure` may replace it. */
      readonly token?: string;
      /** Whether the backend serves `POST /smart-fill`. */
      readonly smartFill?: boolean;
    }
  | {
      /** The host page answers every backend call (its `adapter` option). */
      readonly kind: 'host';
      /** Whether the host's adapter has `smartFill` (set by the host script). */
      readonly smartFill?: boolean;
    };

/** A SIP account as the frame takes it: plain data (no `audioElement`). */
export type EmbedSipConfig = Omit<SipConfig, 'audioElement'>;

export type EmbedTheme = 'light' | 'dark' | 'auto';
/** `compact` fits a 360–400 px side panel (docs/theming.md); `comfortable` is the default. */
export type EmbedDensity = 'comfortable' | 'compact';

export interface EmbedConfig {
  readonly adapter: EmbedAdapterConfig;
  /** A SIP account: the frame registers it (sip.js, loaded on demand). */
  readonly sip?: EmbedSipConfig;
  /** No SIP: a simulated phone for demos (calls rung with the `simulate` command). One of `sip` or `simulate` is needed. */
  readonly simulate?: boolean;
  /** `en` or `zh-CN` (any BCP 47 tag; callpop speaks English or Simplified Chinese). */
  readonly locale?: string;
  readonly theme?: EmbedTheme;
  /** The elements' density: `compact` for a 360–400 px side panel (default `comfortable`). */
  readonly density?: EmbedDensity;
  /** ISO region for numbers written without a country code (default `CN`). */
  readonly defaultCountry?: string;
  /** How long the frame waits for the host adapter (default 10000 ms). */
  readonly requestTimeoutMs?: number;
}

/**
 * What a `configure` message carries: the whole config the first time; later,
 * only `locale`, `theme`, `density` and a REST `adapter.token` may change.
 */
export type EmbedConfigUpdate = Partial<EmbedConfig>;

// ------------------------------------------------------------------ commands

export type SimulateArgs =
  | { readonly action: 'inbound'; readonly number: string; readonly name?: string }
  | { readonly action: 'remote-answer' | 'remote-hangup'; readonly callId: string };

/** A command's name → its arguments and what it resolves with. */
export interface EmbedCommands {
  /** Click-to-dial: resolves with the new call's id. */
  dial: { args: { readonly number: string }; result: string };
  setStatus: { args: { readonly status: AgentStatus; readonly breakReasonId?: string | null }; result: null };
  /** Without `callId`: the ringing call. */
  answer: { args: { readonly callId?: string }; result: null };
  /** Without `callId`: the current call. */
  hangup: { args: { readonly callId?: string }; result: null };
  /** Put a call on hold. Without `callId`: the current call. */
  hold: { args: { readonly callId?: string }; result: null };
  /** Take a call off hold; the other call the agent talks on is held first. Without `callId`: the current call. */
  resume: { args: { readonly callId?: string }; result: null };
  /** Without `callId`: the current call. */
  mute: { args: { readonly callId?: string }; result: null };
  /** Without `callId`: the current call. */
  unmute: { args: { readonly callId?: string }; result: null };
  /** Blind transfer (REFER) to `target`, any common way of writing a number. Without `callId`: the current call. */
  transfer: { args: { readonly target: string; readonly callId?: string }; result: null };
  /** Hand the customer to the satisfaction survey the phone settings configure. Without `callId`: the current call. */
  transferToSurvey: { args: { readonly callId?: string }; result: null };
  /** Extend after-call work by the phone settings' step, up to their limit. */
  extendAcw: { args: { readonly [key: string]: never }; result: null };
  /** Only when the frame runs the simulated phone: `inbound` resolves with the call's id. */
  simulate: { args: SimulateArgs; result: string | null };
}
export type EmbedCommandName = keyof EmbedCommands;
const COMMANDS: readonly string[] = ['dial', 'setStatus', 'answer', 'hangup', 'hold', 'resume', 'mute', 'unmute', 'transfer', 'transferToSurvey', 'extendAcw', 'simulate'];
const AGENT_STATUSES: readonly string[] = ['ready', 'busy', 'break', 'acw', 'offline'];

// ------------------------------------------------------------------ adapter requests

/**
 * Every adapter method the frame may ask the host for, with how many
 * positional arguments it takes before its options.
 */
export const ADAPTER_METHODS = {
  'customers.get': 1,
  'customers.findByPhone': 1,
  'customers.search': 2,
  'customers.create': 1,
  'customers.update': 2,
  'records.list': 2,
  'records.getChat': 1,
  'tickets.schema': 0,
  'tickets.get': 1,
  'tickets.listByCustomer': 2,
  'tickets.listByCall': 2,
  'tickets.create': 1,
  'calls.get': 1,
  'calls.listByAgent': 2,
  'calls.report': 1,
  'calls.linkCustomer': 2,
  'summary.schema': 0,
  'summary.get': 1,
  'summary.save': 2,
  'sms.templates': 0,
  'sms.send': 1,
  'contactPlans.list': 1,
  'contactPlans.create': 1,
  'contactPlans.update': 2,
  'agents.me': 0,
  'agents.list': 1,
  'agents.phoneSettings': 0,
  'dockingPages.list': 0,
  'conversation.history': 1,
  'smartFill.extract': 1,
} as const satisfies { readonly [method: string]: 0 | 1 | 2 };
export type AdapterMethod = keyof typeof ADAPTER_METHODS;

/** The serialisable part of an adapter call's options (the signal becomes `cancel`). */
export interface WireOptions {
  readonly idempotencyKey?: string;
  readonly expectedVersion?: number;
}

/** An error as it crosses the frame boundary. */
export interface WireError {
  readonly code: AdapterErrorCode;
  readonly message: string;
  readonly status?: number;
  readonly fields?: { readonly [key: string]: string };
}

export const ERROR_CODES: readonly AdapterErrorCode[] = [
  'network', 'offline', 'timeout', 'aborted', 'not-found', 'validation', 'conflict', 'unauthorized', 'forbidden', 'server', 'invalid-response', 'not-supported',
];

// ------------------------------------------------------------------ events

/** A call as the host hears of it. */
export interface EmbedCall {
  readonly callId: string;
  readonly direction: CallDirection;
  /** E.164 where it could be parsed. */
  readonly number: string;
  readonly state: CallState;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
}

/** What the frame tells the host (`frame.on(type, listener)`). */
export type EmbedEvent =
  /** The frame is configured and started (again after the frame reloaded). */
  | { readonly type: 'ready'; readonly agent: Agent | null; readonly phone: 'sip' | 'simulated' }
  /** A call's pop opened and its customer lookup settled (`customer` null when unknown or failed). */
  | {
      readonly type: 'pop';
      readonly call: EmbedCall;
      readonly customer: Customer | null;
      readonly lookup: 'found' | 'unknown' | 'error';
      readonly error: string | null;
      /**
       * Whether the frame shows this call now. `false` for a call that rings while the agent
       * talks on another (call waiting): the frame keeps showing the call in progress and lists
       * the new one under "My calls"; a `call.shown` follows when the frame switches to it.
       */
      readonly shown: boolean;
    }
  /** The frame now shows another call (one whose `pop` was sent): the agent picked it, or the host's `answer` answered it. */
  | { readonly type: 'call.shown'; readonly call: EmbedCall }
  | { readonly type: 'call.state'; readonly call: EmbedCall; readonly previous: CallState | null }
  | { readonly type: 'agent.status'; readonly status: AgentStatus; readonly breakReasonId: string | null }
  | { readonly type: 'summary.saved'; readonly callId: string; readonly summary: ServiceSummary }
  | { readonly type: 'ticket.created'; readonly callId: string; readonly ticket: Ticket }
  /** Something the host should know failed (registration, a bad `configure`). */
  | { readonly type: 'error'; readonly code: string; readonly message: string };
export type EmbedEventType = EmbedEvent['type'];
const EVENT_TYPES: readonly string[] = ['ready', 'pop', 'call.shown', 'call.state', 'agent.status', 'summary.saved', 'ticket.created', 'error'];

// ------------------------------------------------------------------ messages

/** What marks a message as callpop's: every message of the protocol carries `callpop: 1`. */
export type Envelope = { readonly callpop: 1 };
/** A response to a request or command: its `id`, and a `result` or an `error`. */
export type Answer = { readonly id: string; readonly result?: unknown; readonly error?: WireError };

/** Host page → frame. */
export type HostMessage = Envelope &
  (
    | { readonly kind: 'configure'; readonly id: string; readonly config: EmbedConfigUpdate }
    | { readonly kind: 'command'; readonly id: string; readonly command: EmbedCommandName; readonly args: EmbedCommands[EmbedCommandName]['args'] }
    /** The answer to the frame's `request`. */
    | ({ readonly kind: 'response' } & Answer)
    /** A push of the subscription `id`. */
    | { readonly kind: 'push'; readonly id: string; readonly event: PushEvent }
  );

/** Frame → host page. */
export type FrameMessage = Envelope &
  (
    /** The frame listens; the host may now send `configure` (with secrets). */
    | { readonly kind: 'ready'; readonly version: number }
    /** The answer to the host's `configure` or `command`. */
    | ({ readonly kind: 'response' } & Answer)
    | { readonly kind: 'request'; readonly id: string; readonly method: AdapterMethod; readonly args: readonly unknown[]; readonly options?: WireOptions }
    /** The frame no longer needs the answer to `request` `id` (aborted). */
    | { readonly kind: 'cancel'; readonly id: string }
    | { readonly kind: 'subscribe'; readonly id: string; readonly types: readonly PushType[] }
    | { readonly kind: 'unsubscribe'; readonly id: string }
    | { readonly kind: 'event'; readonly event: EmbedEvent }
  );

/** Why a message was ignored. */
export type IgnoredReason =
  /** Not from the configured origin. */
  | 'origin'
  /** Not `{ callpop: 1, kind, … }` with the documented keys. */
  | 'malformed'
  /** A `kind`, command, method or event type the protocol does not have. */
  | 'unknown-type'
  /** The right kind with the wrong contents. */
  | 'payload'
  /** Larger than {@link MAX_MESSAGE_BYTES}. */
  | 'too-large';

export type Parsed<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly reason: IgnoredReason; readonly detail: string };

// ------------------------------------------------------------------ checks

type Obj = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** JSON size in bytes, or null when the data is not plain JSON (cycles, BigInt…). */
export function byteLength(data: unknown): number | null {
  try {
    const json = JSON.stringify(data);
    if (json === undefined) return null;
    return json.length * 3 <= MAX_MESSAGE_BYTES ? json.length : new TextEncoder().encode(json).length;
  } catch {
    return null;
  }
}

class Bad extends Error {
  constructor(
    readonly reason: IgnoredReason,
    detail: string,
  ) {
    super(detail);
  }
}
const bad = (reason: IgnoredReason, detail: string): never => {
  throw new Bad(reason, detail);
};

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID;
const isText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const orNull = (v: unknown, check: (x: unknown) => boolean): boolean => v === null || check(v);

/** Only these keys (`required` must be present). */
function keys(o: Obj, required: readonly string[], optional: readonly string[], where: string, reason: IgnoredReason = 'payload'): void {
  for (const key of required) if (!(key in o)) bad(reason, `${where}: missing "${key}"`);
  for (const key of Object.keys(o)) {
    if (!required.includes(key) && !optional.includes(key)) bad(reason, `${where}: unexpected key "${key.slice(0, 40)}"`);
  }
}

function object(v: unknown, where: string): Obj {
  return isPlainObject(v) ? v : bad('payload', `${where} must be an object`);
}

function envelope(data: unknown, kinds: readonly string[]): Obj {
  if (!isPlainObject(data) || data['callpop'] !== PROTOCOL_VERSION) bad('malformed', 'not { callpop: 1, kind, … }');
  const o = data as Obj;
  const size = byteLength(o);
  if (size === null) bad('malformed', 'not plain JSON data');
  if (size! > MAX_MESSAGE_BYTES) bad('too-large', `${size} bytes, more than ${MAX_MESSAGE_BYTES}`);
  if (typeof o['kind'] !== 'string') bad('malformed', 'kind must be a string');
  if (!kinds.includes(o['kind'] as string)) bad('unknown-type', `unknown kind "${(o['kind'] as string).slice(0, 40)}"`);
  if ('id' in o && !isId(o['id'])) bad('malformed', `id must be a string of 1–${MAX_ID} characters`);
  return o;
}

function answer(o: Obj): void {
  keys(o, ['callpop', 'kind', 'id'], ['result', 'error'], 'response', 'malformed');
  if ('result' in o === 'error' in o) bad('payload', 'response needs exactly one of result or error');
  if ('error' in o) {
    const e = object(o['error'], 'response.error');
    keys(e, ['code', 'message'], ['status', 'fields'], 'response.error');
    if (!ERROR_CODES.includes(e['code'] as AdapterErrorCode)) bad('payload', 'response.error.code is not an error code');
    if (!isText(e['message'])) bad('payload', 'response.error.message must be text');
    if ('status' in e && !isCount(e['status'])) bad('payload', 'response.error.status must be a number');
    if ('fields' in e && !Object.values(object(e['fields'], 'response.error.fields')).every((m) => isText(m, 500))) {
      bad('payload', 'response.error.fields must map keys to messages');
    }
  }
}

function run<T>(check: () => T): Parsed<T> {
  try {
    return { ok: true, message: check() };
  } catch (error) {
    if (error instanceof Bad) return { ok: false, reason: error.reason, detail: error.message };
    throw error;
  }
}

// ------------------------------------------------------------------ host → frame (checked by the frame)

const SIP_TEXT = ['authorizationUsername', 'password', 'displayName', 'userAgentString', 'displayNumberHeader'];
const SIP_NUMBERS = ['iceGatheringTimeoutMs', 'registerExpires', 'noAnswerTimeoutMs', 'requestTimeoutMs'];

function checkSip(v: unknown): void {
  const sip = object(v, 'config.sip');
  keys(sip, ['server', 'uri'], [...SIP_TEXT, ...SIP_NUMBERS, 'iceServers', 'reconnect', 'dtmfMode', 'prewarmMedia'], 'config.sip');
  for (const key of ['server', 'uri', ...SIP_TEXT]) {
    if (key in sip && !isText(sip[key], 512)) bad('payload', `config.sip.${key} must be text`);
  }
  for (const key of SIP_NUMBERS) if (key in sip && !isCount(sip[key])) bad('payload', `config.sip.${key} must be a number`);
  if ('reconnect' in sip) {
    const r = object(sip['reconnect'], 'config.sip.reconnect');
    keys(r, ['baseMs', 'maxMs'], [], 'config.sip.reconnect');
    if (!isCount(r['baseMs']) || !isCount(r['maxMs'])) bad('payload', 'config.sip.reconnect takes numbers');
  }
  if ('dtmfMode' in sip && sip['dtmfMode'] !== 'rfc4733' && sip['dtmfMode'] !== 'info') bad('payload', 'config.sip.dtmfMode is rfc4733 or info');
  if ('prewarmMedia' in sip && !['register', 'ring', 'none'].includes(sip['prewarmMedia'] as string)) {
    bad('payload', 'config.sip.prewarmMedia is register, ring or none');
  }
  if ('iceServers' in sip) {
    const list = sip['iceServers'];
    if (!Array.isArray(list) || list.length > 10) bad('payload', 'config.sip.iceServers must be a list of at most 10');
    for (const item of list as unknown[]) {
      const server = object(item, 'config.sip.iceServers[]');
      keys(server, ['urls'], ['username', 'credential'], 'config.sip.iceServers[]');
      const urls = server['urls'];
      if (!isText(urls, 512) && !(Array.isArray(urls) && urls.length <= 10 && urls.every((u) => isText(u, 512)))) {
        bad('payload', 'config.sip.iceServers[].urls must be a URL or a list of them');
      }
      if (('username' in server && !isText(server['username'], 512)) || ('credential' in server && !isText(server['credential'], 512))) {
        bad('payload', 'config.sip.iceServers[] username and credential must be text');
      }
    }
  }
}

function checkConfig(v: unknown): EmbedConfigUpdate {
  const config = object(v, 'config');
  keys(config, [], ['adapter', 'sip', 'simulate', 'locale', 'theme', 'density', 'defaultCountry', 'requestTimeoutMs'], 'config');
  if ('adapter' in config) {
    const a = object(config['adapter'], 'config.adapter');
    if (a['kind'] === 'rest') {
      keys(a, ['kind', 'baseUrl'], ['token', 'smartFill'], 'config.adapter');
      if (!isText(a['baseUrl']) || !/^https?:\/\//i.test(a['baseUrl'])) bad('payload', 'config.adapter.baseUrl must be an absolute http(s) URL');
      if ('token' in a && !isText(a['token'], 8192)) bad('payload', 'config.adapter.token must be text of at most 8192 characters');
    } else if (a['kind'] === 'host') {
      keys(a, ['kind'], ['smartFill'], 'config.adapter');
    } else {
      bad('payload', 'config.adapter.kind is rest or host');
    }
    if ('smartFill' in a && typeof a['smartFill'] !== 'boolean') bad('payload', 'config.adapter.smartFill must be true or false');
  }
  if ('sip' in config) checkSip(config['sip']);
  if ('simulate' in config && typeof config['simulate'] !== 'boolean') bad('payload', 'config.simulate must be true or false');
  if ('locale' in config && !(isText(config['locale'], 35) && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(config['locale']))) {
    bad('payload', 'config.locale must be a language tag like en or zh-CN');
  }
  if ('theme' in config && !['light', 'dark', 'auto'].includes(config['theme'] as string)) bad('payload', 'config.theme is light, dark or auto');
  if ('density' in config && !['comfortable', 'compact'].includes(config['density'] as string)) bad('payload', 'config.density');
  if ('defaultCountry' in config && !(typeof config['defaultCountry'] === 'string' && /^[A-Z]{2}$/.test(config['defaultCountry']))) {
    bad('payload', 'config.defaultCountry must be an ISO region like CN');
  }
  if ('requestTimeoutMs' in config && !(isCount(config['requestTimeoutMs']) && (config['requestTimeoutMs'] as number) >= 100 && (config['requestTimeoutMs'] as number) <= 600_000)) {
    bad('payload', 'config.requestTimeoutMs must be 100–600000');
  }
  return config as EmbedConfigUpdate;
}

function checkCommandArgs(command: string, v: unknown): void {
  const args = object(v, `${command} args`);
  switch (command) {
    case 'dial':
      keys(args, ['number'], [], 'dial args');
      if (!isText(args['number'], 64)) bad('payload', 'dial needs a number of at most 64 characters');
      return;
    case 'setStatus':
      keys(args, ['status'], ['breakReasonId'], 'setStatus args');
      if (!AGENT_STATUSES.includes(args['status'] as string)) bad('payload', 'setStatus needs one of ready, busy, break, acw, offline');
      if ('breakReasonId' in args && !orNull(args['breakReasonId'], isId)) bad('payload', 'setStatus breakReasonId must be an id or null');
      return;
    case 'answer':
    case 'hangup':
    case 'hold':
    case 'resume':
    case 'mute':
    case 'unmute':
    case 'transferToSurvey':
      keys(args, [], ['callId'], `${command} args`);
      if ('callId' in args && !isId(args['callId'])) bad('payload', `${command} callId must be an id`);
      return;
    case 'transfer':
      keys(args, ['target'], ['callId'], 'transfer args');
      if (!isText(args['target'], 64)) bad('payload', 'transfer needs a target number of at most 64 characters');
      if ('callId' in args && !isId(args['callId'])) bad('payload', 'transfer callId must be an id');
      return;
    case 'extendAcw':
      keys(args, [], [], 'extendAcw args');
      return;
    default: {
      // simulate
      if (args['action'] === 'inbound') {
        keys(args, ['action', 'number'], ['name'], 'simulate args');
        if (!isText(args['number'], 64) || ('name' in args && !isText(args['name'], 200))) bad('payload', 'simulate inbound needs a number (and an optional name)');
      } else if (args['action'] === 'remote-answer' || args['action'] === 'remote-hangup') {
        keys(args, ['action', 'callId'], [], 'simulate args');
        if (!isId(args['callId'])) bad('payload', 'simulate needs a callId');
      } else {
        bad('payload', 'simulate action is inbound, remote-answer or remote-hangup');
      }
    }
  }
}

/** Check that data is one of the documented host → frame messages. */
export function parseHostMessage(data: unknown): Parsed<HostMessage> {
  return run(() => {
    const o = envelope(data, ['configure', 'command', 'response', 'push']);
    switch (o['kind']) {
      case 'configure':
        keys(o, ['callpop', 'kind', 'id', 'config'], [], 'configure', 'malformed');
        checkConfig(o['config']);
        break;
      case 'command':
        keys(o, ['callpop', 'kind', 'id', 'command', 'args'], [], 'command', 'malformed');
        if (!COMMANDS.includes(o['command'] as string)) bad('unknown-type', `unknown command "${String(o['command']).slice(0, 40)}"`);
        checkCommandArgs(o['command'] as string, o['args']);
        break;
      case 'response':
        answer(o);
        break;
      default: {
        keys(o, ['callpop', 'kind', 'id', 'event'], [], 'push', 'malformed');
        // The push's own shape is checked by the workbench's validating adapter.
        if (typeof object(o['event'], 'push.event')['type'] !== 'string') bad('payload', 'push.event needs a type');
      }
    }
    return o as HostMessage;
  });
}

// ------------------------------------------------------------------ frame → host (checked by the host)

const CALL_STATES: readonly string[] = ['ringing', 'dialing', 'early', 'connected', 'held', 'ended'];

function checkCall(v: unknown, where: string): void {
  const call = object(v, where);
  keys(call, ['callId', 'direction', 'number', 'state', 'startedAt', 'answeredAt', 'endedAt'], [], where);
  if (!isId(call['callId']) || !isText(call['number'], 64)) bad('payload', `${where} needs a callId and a number`);
  if (call['direction'] !== 'inbound' && call['direction'] !== 'outbound') bad('payload', `${where}.direction is inbound or outbound`);
  if (!CALL_STATES.includes(call['state'] as string)) bad('payload', `${where}.state is not a call state`);
  if (!isCount(call['startedAt']) || !orNull(call['answeredAt'], isCount) || !orNull(call['endedAt'], isCount)) bad('payload', `${where} times must be epoch ms`);
}

function checkEvent(v: unknown): void {
  const event = object(v, 'event');
  const type = event['type'];
  if (!EVENT_TYPES.includes(type as string)) bad('unknown-type', `unknown event "${String(type).slice(0, 40)}"`);
  const where = `event ${type as string}`;
  switch (type) {
    case 'ready':
      keys(event, ['type', 'agent', 'phone'], [], where);
      if (!orNull(event['agent'], isPlainObject) || (event['phone'] !== 'sip' && event['phone'] !== 'simulated')) bad('payload', `${where}: agent or phone`);
      return;
    case 'pop':
      // `shown` is optional, so a host script older than the frame still takes its pops.
      keys(event, ['type', 'call', 'customer', 'lookup', 'error'], ['shown'], where);
      checkCall(event['call'], 'event pop.call');
      if ('shown' in event && typeof event['shown'] !== 'boolean') bad('payload', `${where}: shown`);
      if (!orNull(event['customer'], isPlainObject) || !['found', 'unknown', 'error'].includes(event['lookup'] as string) || !orNull(event['error'], isText)) {
        bad('payload', `${where}: customer, lookup or error`);
      }
      return;
    case 'call.shown':
      keys(event, ['type', 'call'], [], where);
      checkCall(event['call'], where);
      return;
    case 'call.state':
      keys(event, ['type', 'call', 'previous'], [], where);
      checkCall(event['call'], 'event call.state.call');
      if (!orNull(event['previous'], (s) => CALL_STATES.includes(s as string))) bad('payload', `${where}: previous`);
      return;
    case 'agent.status':
      keys(event, ['type', 'status', 'breakReasonId'], [], where);
      if (!AGENT_STATUSES.includes(event['status'] as string) || !orNull(event['breakReasonId'], isId)) bad('payload', `${where}: status`);
      return;
    case 'summary.saved':
    case 'ticket.created': {
      const item = type === 'summary.saved' ? 'summary' : 'ticket';
      keys(event, ['type', 'callId', item], [], where);
      if (!isId(event['callId']) || !isPlainObject(event[item])) bad('payload', `${where}: callId or ${item}`);
      return;
    }
    default:
      keys(event, ['type', 'code', 'message'], [], where);
      if (!isText(event['code'], 64) || !isText(event['message'])) bad('payload', `${where}: code and message`);
  }
}

/** Check that data is one of the documented frame → host messages. */
export function parseFrameMessage(data: unknown): Parsed<FrameMessage> {
  return run(() => {
    const o = envelope(data, ['ready', 'response', 'request', 'cancel', 'subscribe', 'unsubscribe', 'event']);
    switch (o['kind']) {
      case 'ready':
        keys(o, ['callpop', 'kind', 'version'], [], 'ready', 'malformed');
        if (o['version'] !== PROTOCOL_VERSION) bad('payload', `protocol version ${String(o['version']).slice(0, 20)} is not ${PROTOCOL_VERSION}`);
        break;
      case 'response':
        answer(o);
        break;
      case 'request': {
        keys(o, ['callpop', 'kind', 'id', 'method', 'args'], ['options'], 'request', 'malformed');
        const method = o['method'];
        if (typeof method !== 'string' || !Object.hasOwn(ADAPTER_METHODS, method)) bad('unknown-type', `unknown method "${String(method).slice(0, 60)}"`);
        const args = o['args'];
        if (!Array.isArray(args) || args.length > ADAPTER_METHODS[method as AdapterMethod]) bad('payload', `${method as string} takes ${ADAPTER_METHODS[method as AdapterMethod]} arguments`);
        if ('options' in o) {
          const options = object(o['options'], 'request.options');
          keys(options, [], ['idempotencyKey', 'expectedVersion'], 'request.options');
          if ('idempotencyKey' in options && !isText(options['idempotencyKey'], 200)) bad('payload', 'request.options.idempotencyKey must be text');
          if ('expectedVersion' in options && !isCount(options['expectedVersion'])) bad('payload', 'request.options.expectedVersion must be a number');
        }
        break;
      }
      case 'subscribe': {
        keys(o, ['callpop', 'kind', 'id', 'types'], [], 'subscribe', 'malformed');
        const types = o['types'];
        if (!Array.isArray(types) || types.length > 20 || !types.every((t) => isText(t, 64))) bad('payload', 'subscribe.types must be a list of push types');
        break;
      }
      case 'event':
        keys(o, ['callpop', 'kind', 'event'], [], 'event', 'malformed');
        checkEvent(o['event']);
        break;
      default:
        // cancel, unsubscribe
        keys(o, ['callpop', 'kind', 'id'], [], o['kind'] as string, 'malformed');
    }
    return o as FrameMessage;
  });
}

// ------------------------------------------------------------------ helpers for both sides

/** Whether data looks meant for callpop (so a wrong one is worth a warning). */
export function isCallpopShaped(data: unknown): boolean {
  return isPlainObject(data) && 'callpop' in data;
}

/**
 * One `console.warn` per (origin, reason); later ones are dropped silently.
 * Remembers at most 100 pairs, so a flood of origins cannot grow it.
 */
export function createWarner(side: string): (origin: string, reason: IgnoredReason, detail: string) => void {
  const seen = new Set<string>();
  return (origin, reason, detail) => {
    const key = `${origin} ${reason}`;
    if (seen.has(key) || seen.size >= 100) return;
    seen.add(key);
    console.warn(`callpop ${side}: ignored a message from ${origin.slice(0, 100)} (${reason}: ${detail}); further ones like it are ignored silently`);
  };
}

/**
 * The exact origin a URL parameter names (`https://crm.example.com`), or null
 * when it is not exactly an http(s) origin (no path, query, user or `*`).
 */
export function exactOrigin(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin === value.replace(/\/$/, '') ? url.origin : null;
  } catch {
    return null;
  }
}

/** Turn anything thrown into a {@link WireError}. */
export function toWireError(error: unknown): WireError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown; status?: unknown; fields?: unknown };
  const code = ERROR_CODES.includes(e.code as AdapterErrorCode) ? (e.code as AdapterErrorCode) : 'server';
  const message = String(typeof e.message === 'string' && e.message ? e.message : error).slice(0, 500);
  const fields: Record<string, string> = {};
  if (isPlainObject(e.fields)) {
    for (const [key, value] of Object.entries(e.fields).slice(0, 50)) if (typeof value === 'string') fields[key.slice(0, 100)] = value.slice(0, 500);
  }
  return {
    code,
    message,
    ...(isCount(e.status) ? { status: e.status } : {}),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
}

/** Resolve an adapter method name to the function on `adapter` (bound), or null. */
export function adapterMethod(adapter: BackendAdapter, method: AdapterMethod): ((...args: unknown[]) => unknown) | null {
  const [group, name] = method.split('.') as [string, string];
  const api = (adapter as unknown as Record<string, Record<string, unknown> | undefined>)[group];
  const fn = api?.[name];
  return typeof fn === 'function' ? (fn as (...args: unknown[]) => unknown).bind(api) : null;
}
