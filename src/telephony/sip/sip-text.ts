/**
 * What a SIP peer sends is untrusted: these pure helpers turn header values into
 * short, plain text, and turn what the agent dials into a SIP URI. No sip.js here.
 */
import { SoftphoneError } from '../softphone.js';
import { domainOf, isHeaderName } from './config.js';

/** Longest display name kept from a From header. */
export const MAX_NAME = 80;
/** Longest number kept from a From header. */
export const MAX_NUMBER = 32;
/** At most this many `X-Call-Var-*` variables per call … */
export const MAX_VARIABLES = 20;
/** … each name at most this long … */
export const MAX_VARIABLE_NAME = 40;
/** … and each value at most this long. */
export const MAX_VARIABLE_VALUE = 200;

// C0/C1 controls, and the bidirectional overrides/isolates that can reorder what an agent reads.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Control and bidi-override characters removed, whitespace collapsed, cut to `max` characters (not UTF-16 units). */
export function cleanText(value: string | null | undefined, max: number): string {
  if (!value) return '';
  const text = value.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('').trimEnd();
}

/** A caller's display name, or `null` when nothing readable is left. Quotes around it are dropped. */
export function cleanDisplayName(value: string | null | undefined): string | null {
  const text = cleanText(value?.replace(/^"(.*)"$/s, '$1').replace(/\\(.)/g, '$1'), MAX_NAME);
  return text === '' ? null : text;
}

/**
 * The number in a SIP URI's user part: `%2B86138…` decoded, visual separators
 * dropped, anything other than a dialable or a plain user-name character removed, cut.
 */
export function cleanNumber(user: string | null | undefined): string {
  if (!user) return '';
  let text = user;
  try {
    text = decodeURIComponent(user);
  } catch {
    // A malformed escape: keep the raw text, it is cleaned below.
  }
  text = text.replace(UNSAFE, '').replace(/[\s().-]/g, '');
  return Array.from(text.replace(/[^0-9A-Za-z+*#_]/g, '')).slice(0, MAX_NUMBER).join('');
}

/**
 * Custom call variables from headers named `X-Call-Var-<name>`: names are kept
 * to letters, digits, `_` and `-`, values cleaned; the first value of a name wins.
 */
export function callVariablesFrom(headers: Iterable<readonly [name: string, value: string]>): Record<string, string> {
  const variables: Record<string, string> = {};
  let count = 0;
  for (const [header, value] of headers) {
    const match = /^x-call-var-(.+)$/i.exec(header);
    if (!match?.[1]) continue;
    const name = match[1].replace(/[^A-Za-z0-9_-]/g, '').slice(0, MAX_VARIABLE_NAME);
    if (!name || Object.prototype.hasOwnProperty.call(variables, name) || name === '__proto__') continue;
    variables[name] = cleanText(value, MAX_VARIABLE_VALUE);
    count += 1;
    if (count >= MAX_VARIABLES) break;
  }
  return variables;
}

/** A header value that cannot break out of its line. */
export function headerValue(value: string, max = 128): string {
  return cleanText(value, max).replace(/[\r\n]/g, '');
}

/** `Name: value` lines for a dial: the caller ID under its header, and variables as `X-Call-Var-*`. */
export function dialHeaders(options: {
  readonly displayNumber?: string | null;
  readonly displayNumberHeader?: string | null;
  readonly variables?: { readonly [name: string]: string };
  readonly defaultHeader: string;
}): string[] {
  const headers: string[] = [];
  const number = options.displayNumber ? headerValue(options.displayNumber, MAX_NUMBER) : '';
  if (number) {
    const name = options.displayNumberHeader || options.defaultHeader;
    if (!isHeaderName(name)) throw new SoftphoneError('failed', `"${name.slice(0, 40)}" is not a SIP header name.`);
    headers.push(`${name}: ${number}`);
  }
  let count = 0;
  for (const [name, value] of Object.entries(options.variables ?? {})) {
    const clean = name.replace(/[^A-Za-z0-9_-]/g, '').slice(0, MAX_VARIABLE_NAME);
    if (!clean || count >= MAX_VARIABLES) continue;
    headers.push(`X-Call-Var-${clean}: ${headerValue(value, MAX_VARIABLE_VALUE)}`);
    count += 1;
  }
  return headers;
}

/**
 * The SIP URI to call for what the agent dialled: an E.164 number or an
 * extension becomes `sip:<digits>@<domain of the account>`; a `sip:` URI is used
 * as it is. Throws `SoftphoneError('failed')` for anything else.
 */
export function buildTarget(target: string, accountUri: string): string {
  const trimmed = target.trim();
  if (/^sips?:/i.test(trimmed)) {
    if (/^sips?:[^\s<>"@]+@[^\s<>"@]+$/i.test(trimmed) && trimmed.length <= 256) return trimmed;
    throw new SoftphoneError('failed', `"${cleanText(trimmed, 60)}" is not a SIP address that can be called.`);
  }
  const digits = trimmed.replace(/[\s().-]/g, '');
  if (!/^\+?[0-9*#]{1,32}$/.test(digits)) {
    throw new SoftphoneError('failed', `"${cleanText(trimmed, 40)}" is not a number that can be dialled.`);
  }
  // `#` is not allowed bare in a URI user part.
  return `sip:${digits.replace(/#/g, '%23')}@${domainOf(accountUri)}`;
}

/** DTMF digits a softphone may send: 0-9, `*`, `#`, A-D. */
export function checkDtmf(digits: string): string {
  if (!/^[0-9*#A-D]{1,64}$/i.test(digits)) throw new SoftphoneError('failed', 'DTMF digits are 0-9, *, # and A-D.');
  return digits.toUpperCase();
}

/** The digit in an `application/dtmf-relay` INFO body (`Signal=5\r\nDuration=160`), or null. */
export function dtmfFromInfo(contentType: string | undefined, body: string): string | null {
  if (!contentType || !/^application\/dtmf-relay/i.test(contentType.trim())) return null;
  const match = /^\s*Signal\s*=\s*([0-9A-D*#])\s*$/im.exec(body);
  return match?.[1]?.toUpperCase() ?? null;
}

/** The final status in a REFER NOTIFY's `message/sipfrag` body (`SIP/2.0 200 OK`), or null. */
export function sipfragStatus(body: string): number | null {
  const match = /^SIP\/2\.0\s+(\d{3})/.exec(body.trim());
  return match?.[1] ? Number(match[1]) : null;
}
