/**
 * Whether a number can receive an SMS (a mobile number).
 *
 * The number parser loads trimmed "min" metadata, which has no number types,
 * so the rule is pragmatic:
 * 1. the number must parse and be valid for its region;
 * 2. when the parser knows the number's type (full metadata with types), it
 *    must be `MOBILE` or `FIXED_LINE_OR_MOBILE`;
 * 3. otherwise a Chinese number (+86) must be a mobile number, `+861[3-9]` and
 *    nine more digits; numbers of other regions are accepted once valid
 *    (their type cannot be told without the mobile metadata).
 *
 * @packageDocumentation
 */
import { parsePhone } from '../phone/index.js';

export type MobileProblem = 'empty' | 'invalid' | 'not-mobile';

export type MobileCheck =
  | { readonly ok: true; readonly e164: string }
  | { readonly ok: false; readonly problem: MobileProblem };

const CN_MOBILE = /^\+861[3-9]\d{9}$/;

/** Check that `input` is a mobile number; `defaultCountry` reads numbers without a country code. */
export function checkMobileNumber(input: string, defaultCountry = 'CN'): MobileCheck {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, problem: 'empty' };
  const parsed = parsePhone(input, defaultCountry);
  if (!parsed || !parsed.valid) return { ok: false, problem: 'invalid' };
  if (parsed.type !== undefined) {
    return parsed.type === 'MOBILE' || parsed.type === 'FIXED_LINE_OR_MOBILE'
      ? { ok: true, e164: parsed.e164 }
      : { ok: false, problem: 'not-mobile' };
  }
  if (parsed.e164.startsWith('+86') && !CN_MOBILE.test(parsed.e164)) return { ok: false, problem: 'not-mobile' };
  return { ok: true, e164: parsed.e164 };
}
