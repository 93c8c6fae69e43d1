/**
 * The messages the tabs of one browser profile exchange over one
 * `BroadcastChannel` to share one softphone: a small, versioned protocol.
 *
 * Every message is `{ callpop: 'phone', v: 1, from: <tab id>, t: <type>, … }`:
 *
 * | type      | from → to            | what it says |
 * | --------- | -------------------- | ------------ |
 * | `hello`   | a tab → all          | I joined (or woke up): phone, tell me the state |
 * | `state`   | the phone → all      | registration, live calls, whether registration is wanted, where the phone is |
 * | `event`   | the phone → all      | one softphone event (registration, call or quality) |
 * | `command` | a tab → the phone    | run a softphone command for me (`id`, `name`, `args`) |
 * | `result`  | the phone → that tab | the command's answer, or its error |
 * | `leaving` | the phone → all      | this tab stops being the phone (closing); `next` names who takes over at once |
 * | `claim`   | the phone window → all | the phone window wants to be the phone |
 * | `yielded` | the phone → the window | I unregistered and stopped: take the phone |
 * | `bye`     | a tab → all          | this tab is closing |
 *
 * Anything else — another shape, a message over {@link MAX_SHARED_MESSAGE_BYTES},
 * another protocol version — is refused, never half-understood.
 *
 * @packageDocumentation
 */
import { CALL_END_REASONS, isLive, type CallEndReason, type CallLink, type CallQuality, type QualityLevel, type CallState, type RegistrationSnapshot, type RegistrationState, type SoftphoneCall, type SoftphoneEvent } from '../softphone.js';

export const SHARED_PROTOCOL_VERSION = 1;
/** Larger messages are refused (a message carries at most a few calls). */
export const MAX_SHARED_MESSAGE_BYTES = 64 * 1024;
/** The most live calls a state message may carry. */
const MAX_CALLS = 16;


/** The commands a tab may ask the phone to run (the `Softphone` methods). */
export const SHARED_COMMANDS = [
  'register',
  'unregister',
  'dial',
  'answer',
  'reject',
  'hangup',
  'hold',
  'mute',
  'sendDtmf',
  'transfer',
  'sendInfo',
  'setAudioDevices',
] as const;
export type SharedCommand = (typeof SHARED_COMMANDS)[number];

export interface SharedState {
  /** The tab that holds the phone. */
  readonly leader: string;
  /** Whether the phone is the phone window. */
  readonly window: boolean;
  /** Whether the agent wants to be registered (a new phone registers again). */
  readonly wanted: boolean;
  readonly registration: RegistrationSnapshot;
  readonly calls: readonly SoftphoneCall[];
}

export interface WireError {
  readonly code: 'illegal-state' | 'not-found' | 'not-registered' | 'failed';
  readonly message: string;
}

export type SharedMessageBody =
  | { readonly t: 'hello' }
  | ({ readonly t: 'state' } & SharedState)
  | { readonly t: 'event'; readonly wanted: boolean; readonly event: SoftphoneEvent }
  | { readonly t: 'command'; readonly to: string; readonly id: string; readonly name: SharedCommand; readonly args: readonly unknown[] }
  | { readonly t: 'result'; readonly to: string; readonly id: string; readonly ok: true; readonly value: unknown }
  | { readonly t: 'result'; readonly to: string; readonly id: string; readonly ok: false; readonly error: WireError }
  /** `next`: the tab the leaving phone names to take over at once (the one it heard from last). */
  | { readonly t: 'leaving'; readonly next?: string }
  | { readonly t: 'claim' }
  | { readonly t: 'yielded'; readonly to: string; readonly wanted: boolean }
  | { readonly t: 'bye' };

export type SharedMessage = SharedMessageBody & { readonly callpop: 'phone'; readonly v: number; readonly from: string };

export type ParsedShared =
  | { readonly ok: true; readonly message: SharedMessage }
  /** Not meant for us (another app's message on a channel of that name): ignore silently. */
  | { readonly ok: false; readonly reason: 'foreign' }
  | { readonly ok: false; readonly reason: 'version' | 'too-large' | 'malformed'; readonly detail: string };

/** Wrap a body for sending. */
export function envelope(from: string, body: SharedMessageBody): SharedMessage {
  return { callpop: 'phone', v: SHARED_PROTOCOL_VERSION, from, ...body } as SharedMessage;
}

class Malformed extends Error {}

function fail(detail: string): never {
  throw new Malformed(detail);
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function id(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 100) fail(`${what} must be an id`);
  return value;
}

function text(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || value.length > max) fail(`${what} must be a string of at most ${max} characters`);
  return value;
}

function nullableText(value: unknown, what: string, max: number): string | null {
  return value === null ? null : text(value, what, max);
}

function time(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`${what} must be a time`);
  return value;
}

function nullableTime(value: unknown, what: string): number | null {
  return value === null ? null : time(value, what);
}

const CALL_STATES: readonly CallState[] = ['ringing', 'dialing', 'early', 'connected', 'held', 'ended'];
const REGISTRATION_STATES: readonly RegistrationState[] = ['unregistered', 'registering', 'registered', 'reconnecting', 'failed'];

function call(value: unknown): SoftphoneCall {
  if (!isObj(value)) fail('a call must be an object');
  const variables = value['variables'];
  if (!isObj(variables) || Object.keys(variables).length > 50) fail('call.variables must be an object of at most 50 entries');
  const vars: Record<string, string> = {};
  for (const [name, v] of Object.entries(variables)) vars[text(name, 'a call variable name', 100)] = text(v, 'a call variable', 1000);
  const state = value['state'];
  if (!CALL_STATES.includes(state as CallState)) fail('call.state is not a call state');
  const direction = value['direction'];
  if (direction !== 'inbound' && direction !== 'outbound') fail('call.direction must be inbound or outbound');
  const endReason = value['endReason'];
  if (endReason !== null && !CALL_END_REASONS.includes(endReason as CallEndReason)) fail('call.endReason is not a reason');
  const hangupBy = value['hangupBy'];
  if (hangupBy !== null && hangupBy !== 'customer' && hangupBy !== 'agent' && hangupBy !== 'system') fail('call.hangupBy is not a party');
  if (typeof value['muted'] !== 'boolean' || typeof value['confirmed'] !== 'boolean') fail('call.muted and call.confirmed must be booleans');
  return {
    id: id(value['id'], 'call.id'),
    direction,
    remoteNumber: text(value['remoteNumber'], 'call.remoteNumber', 64),
    remoteName: nullableText(value['remoteName'], 'call.remoteName', 200),
    displayNumber: nullableText(value['displayNumber'], 'call.displayNumber', 64),
    state: state as CallState,
    startedAt: time(value['startedAt'], 'call.startedAt'),
    answeredAt: nullableTime(value['answeredAt'], 'call.answeredAt'),
    endedAt: nullableTime(value['endedAt'], 'call.endedAt'),
    muted: value['muted'],
    endReason: endReason as SoftphoneCall['endReason'],
    hangupBy,
    variables: vars,
    confirmed: value['confirmed'],
    ...(value['link'] === undefined ? {} : { link: link(value['link']) }),
    ...(value['transferFailed'] === undefined ? {} : { transferFailed: sipStatus(value['transferFailed']) }),
  };
}

function sipStatus(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 300 || value > 699) fail('call.transferFailed must be a SIP status 300–699');
  return value;
}

function link(value: unknown): CallLink {
  if (value !== 'ok' && value !== 'lost' && value !== 'recovering') fail('call.link must be ok, lost or recovering');
  return value;
}

function registration(value: unknown): RegistrationSnapshot {
  if (!isObj(value)) fail('registration must be an object');
  const state = value['state'];
  if (!REGISTRATION_STATES.includes(state as RegistrationState)) fail('registration.state is not a registration state');
  const snapshot: { -readonly [K in keyof RegistrationSnapshot]: RegistrationSnapshot[K] } = {
    state: state as RegistrationState,
    reason: nullableText(value['reason'] ?? null, 'registration.reason', 300),
  };
  if (value['attempt'] !== undefined) {
    const attempt = value['attempt'];
    if (typeof attempt !== 'number' || !Number.isInteger(attempt) || attempt < 0) fail('registration.attempt must be a count');
    snapshot.attempt = attempt;
  }
  if (value['nextAttemptAt'] !== undefined) snapshot.nextAttemptAt = nullableTime(value['nextAttemptAt'], 'registration.nextAttemptAt');
  return snapshot;
}

/** A figure of a quality sample: null, or a number from 0 to `max`. */
function figure(value: unknown, what: string, max: number): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) fail(`${what} must be null or a number from 0 to ${max}`);
  return value;
}

const QUALITY_LEVELS: readonly QualityLevel[] = ['good', 'fair', 'poor'];

function quality(value: unknown): CallQuality {
  if (!isObj(value)) fail('quality must be an object');
  const level = value['level'];
  if (!QUALITY_LEVELS.includes(level as QualityLevel)) fail('quality.level must be good, fair or poor');
  return {
    rttMs: figure(value['rttMs'], 'quality.rttMs', 60_000),
    jitterMs: figure(value['jitterMs'], 'quality.jitterMs', 60_000),
    lossPercent: figure(value['lossPercent'], 'quality.lossPercent', 100),
    level: level as QualityLevel,
    at: time(value['at'], 'quality.at'),
  };
}

function event(value: unknown): SoftphoneEvent {
  if (!isObj(value)) fail('event must be an object');
  if (value['type'] === 'call') return { type: 'call', call: call(value['call']) };
  if (value['type'] === 'registration') return { type: 'registration', registration: registration(value['registration']) };
  if (value['type'] === 'quality') return { type: 'quality', callId: id(value['callId'], 'event.callId'), quality: quality(value['quality']) };
  return fail('event.type must be call, registration or quality');
}

function wireError(value: unknown): WireError {
  if (!isObj(value)) fail('error must be an object');
  const code = value['code'];
  if (code !== 'illegal-state' && code !== 'not-found' && code !== 'not-registered' && code !== 'failed') fail('error.code is not a softphone error code');
  return { code, message: text(value['message'], 'error.message', 500) };
}

function bool(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') fail(`${what} must be true or false`);
  return value;
}

function byteLength(data: unknown): number | null {
  try {
    const json = JSON.stringify(data);
    return json === undefined ? null : new TextEncoder().encode(json).length;
  } catch {
    return null;
  }
}

/**
 * Check a message heard on the channel. Only what is documented above comes
 * through, rebuilt field by field (so nothing else rides along).
 */
export function parseSharedMessage(data: unknown): ParsedShared {
  if (!isObj(data) || data['callpop'] !== 'phone') return { ok: false, reason: 'foreign' };
  if (data['v'] !== SHARED_PROTOCOL_VERSION) {
    return { ok: false, reason: 'version', detail: `protocol version ${String(data['v']).slice(0, 20)}, this callpop speaks ${SHARED_PROTOCOL_VERSION}` };
  }
  const size = byteLength(data);
  if (size === null) return { ok: false, reason: 'malformed', detail: 'not plain JSON data' };
  if (size > MAX_SHARED_MESSAGE_BYTES) return { ok: false, reason: 'too-large', detail: `${size} bytes, more than ${MAX_SHARED_MESSAGE_BYTES}` };
  try {
    const from = id(data['from'], 'from');
    const base = { callpop: 'phone' as const, v: SHARED_PROTOCOL_VERSION, from };
    const body = ((): SharedMessageBody => {
      switch (data['t']) {
        case 'hello':
        case 'claim':
        case 'bye':
          return { t: data['t'] };
        case 'leaving':
          return data['next'] === undefined ? { t: 'leaving' } : { t: 'leaving', next: id(data['next'], 'next') };
        case 'state': {
          const calls = data['calls'];
          if (!Array.isArray(calls) || calls.length > MAX_CALLS) fail(`calls must be a list of at most ${MAX_CALLS}`);
          return {
            t: 'state',
            leader: id(data['leader'], 'leader'),
            window: bool(data['window'], 'window'),
            wanted: bool(data['wanted'], 'wanted'),
            registration: registration(data['registration']),
            calls: calls.map(call).filter(isLive),
          };
        }
        case 'event':
          return { t: 'event', wanted: bool(data['wanted'], 'wanted'), event: event(data['event']) };
        case 'command': {
          const name = data['name'];
          if (!SHARED_COMMANDS.includes(name as SharedCommand)) fail(`unknown command "${String(name).slice(0, 40)}"`);
          const args = data['args'];
          if (!Array.isArray(args) || args.length > 4) fail('args must be a list of at most 4');
          return { t: 'command', to: id(data['to'], 'to'), id: id(data['id'], 'id'), name: name as SharedCommand, args };
        }
        case 'result': {
          const to = id(data['to'], 'to');
          const resultId = id(data['id'], 'id');
          if (data['ok'] === true) return { t: 'result', to, id: resultId, ok: true, value: data['value'] ?? null };
          if (data['ok'] === false) return { t: 'result', to, id: resultId, ok: false, error: wireError(data['error']) };
          return fail('ok must be true or false');
        }
        case 'yielded':
          return { t: 'yielded', to: id(data['to'], 'to'), wanted: bool(data['wanted'], 'wanted') };
        default:
          return fail(`unknown type "${String(data['t']).slice(0, 40)}"`);
      }
    })();
    return { ok: true, message: { ...base, ...body } as SharedMessage };
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, reason: 'malformed', detail: error.message };
    throw error;
  }
}
