/**
 * The docking-page postMessage protocol (see `docs/docking-pages.md`). Pure,
 * no DOM: shapes, and the check every incoming message goes through.
 *
 * Every message is `{ callpop: 1, type, id?, payload }`.
 *
 * Page → callpop:
 * - `hello` (payload `{}` or none): the page is there (optional).
 * - `context.request` (payload `{}` or none): answered with `context.response`
 *   (same `id`) carrying the call's {@link DockingContext}.
 * - `summary.fill` (payload `{ values }`): ask to fill service-summary fields.
 * - `ticket.open` (payload `{ values }`): ask to open the create-ticket form with values.
 *
 * callpop → page:
 * - `context.response` (payload {@link DockingContext}).
 * - `call.event` (payload {@link DockingCallEvent}): the call's state changed.
 *
 * `values` is an object of at most {@link MAX_FIELDS} fields; keys are
 * 1–100 characters of letters, digits, `_ . : -`; values are strings,
 * finite numbers, booleans or arrays of strings. A whole message is at most
 * {@link MAX_MESSAGE_BYTES} bytes of JSON.
 *
 * @packageDocumentation
 */
import type { CallDirection } from '../adapter/types.js';
import type { CallState } from '../telephony/softphone.js';

export const PROTOCOL_VERSION = 1;
/** The largest message accepted, in bytes of its JSON (UTF-8). */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_FIELDS = 200;
const KEY = /^[A-Za-z0-9_.:-]{1,100}$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A value a page may send for a field. */
export type DockingFieldValue = string | number | boolean | readonly string[];
export type DockingValues = { readonly [key: string]: DockingFieldValue };

/** What a page learns about the call it is shown for. */
export interface DockingContext {
  readonly callId: string;
  readonly direction: CallDirection;
  readonly phone: string;
  readonly displayNumber: string | null;
  readonly customerId: string | null;
  readonly customerName: string | null;
  readonly agentId: string | null;
  readonly state: CallState;
}

/** A change of the call, sent to every docking page of the call. */
export interface DockingCallEvent {
  readonly callId: string;
  readonly state: CallState;
  /** The state before, or null for the first event a page gets. */
  readonly previous: CallState | null;
  /** Epoch ms. */
  readonly at: number;
}

export type PageMessageType = 'hello' | 'context.request' | 'summary.fill' | 'ticket.open';
export const PAGE_MESSAGE_TYPES: readonly PageMessageType[] = ['hello', 'context.request', 'summary.fill', 'ticket.open'];

export type PageMessage =
  | { readonly callpop: 1; readonly type: 'hello' | 'context.request'; readonly id?: string }
  | { readonly callpop: 1; readonly type: 'summary.fill' | 'ticket.open'; readonly id?: string; readonly payload: { readonly values: DockingValues } };

export type CallpopMessage =
  | { readonly callpop: 1; readonly type: 'context.response'; readonly id?: string; readonly payload: DockingContext }
  | { readonly callpop: 1; readonly type: 'call.event'; readonly payload: DockingCallEvent };

/** Why a message was ignored. */
export type IgnoredReason =
  /** Not from the page's configured origin (it navigated away, or an opaque sandbox origin). */
  | 'origin'
  /** From a window that is none of the docking pages. */
  | 'source'
  /** Not `{ callpop: 1, type, … }`, or extra top-level keys, or a bad `id`. */
  | 'malformed'
  /** A `type` the protocol does not have. */
  | 'unknown-type'
  /** A payload that is not the documented shape for its type. */
  | 'payload'
  /** Larger than {@link MAX_MESSAGE_BYTES}. */
  | 'too-large';

export type ParsedMessage =
  | { readonly ok: true; readonly message: PageMessage }
  | { readonly ok: false; readonly reason: IgnoredReason; readonly detail: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether data looks like it is meant for callpop (so a wrong one is worth reporting). */
export function isCallpopShaped(data: unknown): boolean {
  return isPlainObject(data) && 'callpop' in data;
}

/**
 * Whether a message looks meant for the docking-page protocol (`{ callpop, type }`), not for
 * the iframe mode's embed channel, whose messages are `{ callpop: 1, kind }` without a `type`:
 * in the frame, the host page's messages reach the same window and are not a docking page's.
 */
export function isDockingShaped(data: unknown): boolean {
  return isCallpopShaped(data) && !('kind' in (data as object) && !('type' in (data as object)));
}

function byteLength(data: unknown): number | null {
  try {
    const json = JSON.stringify(data);
    return json === undefined ? null : new TextEncoder().encode(json).length;
  } catch {
    return null;
  }
}

function fail(reason: IgnoredReason, detail: string): ParsedMessage {
  return { ok: false, reason, detail };
}

/** Validate field values from a page; returns a fresh object or the problem. */
export function parseValues(raw: unknown): { ok: true; values: DockingValues } | { ok: false; detail: string } {
  if (!isPlainObject(raw)) return { ok: false, detail: 'payload.values must be an object' };
  const entries = Object.entries(raw);
  if (entries.length > MAX_FIELDS) return { ok: false, detail: `payload.values has more than ${MAX_FIELDS} fields` };
  const values: Record<string, DockingFieldValue> = {};
  for (const [key, value] of entries) {
    if (!KEY.test(key) || FORBIDDEN_KEYS.has(key)) return { ok: false, detail: `field key "${key.slice(0, 40)}" is not allowed` };
    if (typeof value === 'string' || typeof value === 'boolean') values[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) values[key] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) values[key] = [...(value as string[])];
    else return { ok: false, detail: `field "${key}" must be a string, a number, a boolean or a list of strings` };
  }
  return { ok: true, values };
}

/** Check that data is one of the documented page → callpop messages. */
export function parsePageMessage(data: unknown): ParsedMessage {
  if (!isPlainObject(data) || data['callpop'] !== PROTOCOL_VERSION) return fail('malformed', 'not { callpop: 1, type, payload }');
  const size = byteLength(data);
  if (size === null) return fail('malformed', 'not plain JSON data');
  if (size > MAX_MESSAGE_BYTES) return fail('too-large', `${size} bytes, more than ${MAX_MESSAGE_BYTES}`);
  const extra = Object.keys(data).filter((key) => key !== 'callpop' && key !== 'type' && key !== 'id' && key !== 'payload');
  if (extra.length > 0) return fail('malformed', `unexpected key "${extra[0]!.slice(0, 40)}"`);
  const { type, id, payload } = data;
  if (typeof type !== 'string') return fail('malformed', 'type must be a string');
  if (id !== undefined && (typeof id !== 'string' || id.length > 128)) return fail('malformed', 'id must be a string of at most 128 characters');
  if (!(PAGE_MESSAGE_TYPES as readonly string[]).includes(type)) return fail('unknown-type', `unknown type "${type.slice(0, 40)}"`);
  const base = id === undefined ? {} : { id };
  if (type === 'hello' || type === 'context.request') {
    if (payload !== undefined && !(isPlainObject(payload) && Object.keys(payload).length === 0)) {
      return fail('payload', `${type} takes no payload`);
    }
    return { ok: true, message: { callpop: 1, type, ...base } };
  }
  if (!isPlainObject(payload) || Object.keys(payload).some((key) => key !== 'values')) {
    return fail('payload', `${type} takes { values }`);
  }
  const values = parseValues(payload['values']);
  if (!values.ok) return fail('payload', values.detail);
  return { ok: true, message: { callpop: 1, type: type as 'summary.fill' | 'ticket.open', ...base, payload: { values: values.values } } };
}
