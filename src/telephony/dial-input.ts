/**
 * What the agent typed or pasted into the dial box, cleaned into something a
 * softphone can dial: a phone number (E.164 when it parses), an internal
 * extension (`1002`) or a feature code (`*97`, `#31#`). Anything else is
 * refused with a reason the phone bar can show.
 *
 * Accepted noise: spaces (also no-break and ideographic), dashes of every
 * kind, dots, slashes, brackets, full-width digits and `＋`, a `tel:`/`sip:`
 * link (`tel:+86-138-0013-8000`, `sip:1002@pbx.example;transport=ws`),
 * invisible direction marks copied from web pages.
 *
 * @packageDocumentation
 */
import { parsePhone } from '../phone/index.js';

/** Why the input cannot be dialled. */
export type DialInputProblem =
  /** Nothing but whitespace. */
  | 'empty'
  /** Longer than any number (more than 64 characters, or more than 15 digits). */
  | 'too-long'
  /** Letters or symbols that are not part of a number. */
  | 'invalid-characters'
  /** One digit, or a `+` with too few digits after it. */
  | 'too-short';

export type DialKind = 'phone' | 'extension' | 'code';

export type DialInput =
  | {
      readonly ok: true;
      /** What to hand to the softphone: E.164 for phone numbers, the digits for extensions and codes. */
      readonly target: string;
      readonly kind: DialKind;
      /** ISO region of a phone number when the parser knows it (for caller-ID pools). */
      readonly country: string | null;
    }
  | { readonly ok: false; readonly problem: DialInputProblem };

const MAX_INPUT = 64;
/** Extensions are short: 2 to 6 digits. */
const EXTENSION = /^\d{2,6}$/;
/** Feature codes start with * or # (voicemail, call forwarding…). */
const CODE = /^[*#][\d*#]{1,15}$/;

function fold(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
}

/** Clean and classify what the agent typed. `defaultCountry` reads numbers without a country code. */
export function parseDialInput(raw: string, defaultCountry: string): DialInput {
  if (typeof raw !== 'string') return { ok: false, problem: 'invalid-characters' };
  let text = fold(raw);
  if (text.length === 0) return { ok: false, problem: 'empty' };
  if (text.length > MAX_INPUT) return { ok: false, problem: 'too-long' };
  const uri = /^(?:tel|sips?|callto):(?:\/\/)?/i.exec(text);
  if (uri) text = (text.slice(uri[0].length).split(/[@;?]/, 1)[0] ?? '').trim();
  // Visual separators people and web pages put inside numbers.
  text = text.replace(/[\s\-.()[\]{}/\u2010-\u2015\u2212\u30fc]/g, '');
  if (text.length === 0) return { ok: false, problem: 'empty' };
  if (!/^\+?[\d*#]+$/.test(text)) return { ok: false, problem: 'invalid-characters' };
  if (text.replace(/\D/g, '').length > 15) return { ok: false, problem: 'too-long' };
  if (CODE.test(text)) return { ok: true, target: text, kind: 'code', country: null };
  if (/[*#]/.test(text)) return { ok: false, problem: 'invalid-characters' };
  if (EXTENSION.test(text)) return { ok: true, target: text, kind: 'extension', country: null };
  if (text.startsWith('+') && text.length < 8) return { ok: false, problem: 'too-short' };
  if (/^\d$/.test(text)) return { ok: false, problem: 'too-short' };
  const parsed = parsePhone(text, defaultCountry);
  if (parsed) return { ok: true, target: parsed.e164, kind: 'phone', country: parsed.country };
  // A plain digit string the parser cannot place (a local number of another plan): dial it as typed.
  if (/^\d{7,15}$/.test(text)) return { ok: true, target: text, kind: 'phone', country: null };
  return { ok: false, problem: 'invalid-characters' };
}
