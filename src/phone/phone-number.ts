/**
 * Phone number parsing and display, built on `libphonenumber-js/core` with
 * metadata trimmed to the regions callpop's first paint supports (CN HK MO TW
 * US CA GB GG JE IM SG JP KR AU MY, see `scripts/trim-phone-metadata.mjs`).
 * {@link loadFullPhoneMetadata} lazily loads every other region.
 *
 * @packageDocumentation
 */
import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type MetadataJson,
  type PhoneNumberType,
} from 'libphonenumber-js/core';
import trimmedMetadata from './metadata.generated.js';

export interface ParsedPhone {
  /** `+8613800138000` */
  readonly e164: string;
  /** As dialled within the country: `138 0013 8000`. */
  readonly national: string;
  /** `+86 138 0013 8000` */
  readonly international: string;
  /** ISO region (`CN`), or null when the metadata does not tell. */
  readonly country: string | null;
  /** Whether the number matches its region's numbering plan. */
  readonly valid: boolean;
  readonly type?: PhoneNumberType;
}

/** Longer input is not a phone number. */
const MAX_INPUT_LENGTH = 30;
/** What `formatPhone` shows of unparseable input, at most. */
const MAX_DISPLAY_LENGTH = 32;

/*
 * The full metadata once loadFullPhoneMetadata() has resolved. A module-level
 * variable on purpose: it is a cache of static, immutable library data (the
 * same for every instance and every caller), not application state.
 */
let fullMetadata: MetadataJson | null = null;
let fullMetadataLoad: Promise<void> | null = null;

function metadata(): MetadataJson {
  return fullMetadata ?? trimmedMetadata;
}

/**
 * Loads the metadata of every region (a separate chunk, ~19 KB gzipped); from
 * then on parsing and formatting know every region. Idempotent; a failed load
 * may be retried.
 */
export function loadFullPhoneMetadata(): Promise<void> {
  fullMetadataLoad ??= import('libphonenumber-js/metadata.min.json').then(
    (module) => {
      fullMetadata = module.default;
    },
    (error: unknown) => {
      fullMetadataLoad = null;
      throw error;
    },
  );
  return fullMetadataLoad;
}

/** Full-width and other compatibility forms to ASCII (`１３８` → `138`, `＋` → `+`). */
function fold(text: string): string {
  return text.normalize('NFKC');
}

/** The digits of `text`, full-width digits included, for searching. */
export function digitsOnly(text: string): string {
  return typeof text === 'string' ? fold(text).replace(/\D+/g, '') : '';
}

/**
 * `+8613800138000`, `8613800138000`… from what a person or a softphone wrote,
 * or null when it cannot be a number.
 */
function clean(input: string): string | null {
  if (typeof input !== 'string' || input.length > 256) return null;
  let text = fold(input).trim();
  const uri = /^(?:tel|sips?):/i.exec(text);
  if (uri) {
    // sip:+8613800138000@pbx.example;user=phone → +8613800138000
    text = text.slice(uri[0].length).split(/[@;?]/, 1)[0] ?? '';
  }
  if (text.length === 0 || text.length > MAX_INPUT_LENGTH) return null;
  text = text.replace(/[\s\-.()/\u2010-\u2015\u2212]/g, '');
  if (!/^\+?\d+$/.test(text)) return null;
  // 00 is the international prefix in most of the world (CN, HK, GB, MY…).
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  return text;
}

/**
 * Parses what a person typed, a softphone reported or a backend stored:
 * `+86 138-0013-8000`, `13800138000` (with `defaultCountry` `CN`),
 * `00861380013800`, full-width digits, a `tel:` or `sip:` URI. Returns null
 * for anything that is not a phone number. A `+` number of a region the
 * loaded metadata does not know still parses (`valid: false`, `country: null`)
 * so it can be shown.
 */
export function parsePhone(input: string, defaultCountry?: string): ParsedPhone | null {
  const text = clean(input);
  if (text === null) return null;
  const meta = metadata();
  const country =
    typeof defaultCountry === 'string' &&
    /^[A-Z]{2}$/.test(defaultCountry) &&
    isSupportedCountry(defaultCountry as CountryCode, meta)
      ? (defaultCountry as CountryCode)
      : undefined;
  try {
    const phone = country
      ? parsePhoneNumberFromString(text, country, meta)
      : parsePhoneNumberFromString(text, meta);
    if (phone) {
      const type = phone.getType();
      return {
        e164: phone.number,
        national: phone.formatNational(),
        international: phone.formatInternational(),
        country: phone.country ?? null,
        valid: phone.isValid(),
        ...(type ? { type } : {}),
      };
    }
  } catch {
    // An unknown calling code with the trimmed metadata: fall through.
  }
  if (/^\+\d{8,15}$/.test(text)) {
    return { e164: text, national: text, international: text, country: null, valid: false };
  }
  return null;
}

/**
 * The E.164 form and region of `input` when it is a valid number (read as
 * {@link parsePhone} reads it), else null. Cheaper than `parsePhone`: it does
 * not format the number, for callers that test many candidates (smart fill).
 */
export function validPhone(input: string, defaultCountry?: string): { readonly e164: string; readonly country: string | null } | null {
  const text = clean(input);
  if (text === null) return null;
  const meta = metadata();
  const country =
    typeof defaultCountry === 'string' && /^[A-Z]{2}$/.test(defaultCountry) && isSupportedCountry(defaultCountry as CountryCode, meta)
      ? (defaultCountry as CountryCode)
      : undefined;
  try {
    const phone = country ? parsePhoneNumberFromString(text, country, meta) : parsePhoneNumberFromString(text, meta);
    return phone?.isValid() ? { e164: phone.number, country: phone.country ?? null } : null;
  } catch {
    return null;
  }
}

/**
 * The E.164 form of `input` read as a national number of `country` when it has that country's
 * possible length (not necessarily an assigned range: the UK's 07700 900xxx, kept for drama, is
 * possible and not valid), else null. For a reader that already knows the number is the caller's
 * and the call is in `country` (smart fill).
 */
export function possiblePhone(input: string, country: string): string | null {
  const text = clean(input);
  const meta = metadata();
  if (text === null || !/^[A-Z]{2}$/.test(country) || !isSupportedCountry(country as CountryCode, meta)) return null;
  try {
    const phone = parsePhoneNumberFromString(text, country as CountryCode, meta);
    return phone?.isPossible() && phone.country === country ? phone.number : null;
  } catch {
    return null;
  }
}

/**
 * Whether `region` (ISO 3166, `IE`) is one the loaded metadata can read national numbers of: the
 * first-paint regions, every region once {@link loadFullPhoneMetadata} has resolved.
 */
export function isPhoneRegion(region: string): boolean {
  return /^[A-Z]{2}$/.test(region) && isSupportedCountry(region as CountryCode, metadata());
}

/** Whether `input` is a valid number of a region the loaded metadata knows. */
export function isValidPhone(input: string, defaultCountry?: string): boolean {
  return parsePhone(input, defaultCountry)?.valid === true;
}

/**
 * How to show a number: `+86 138 0013 8000` (or `138 0013 8000` for
 * `national`). Unparseable input is shown as text, without control
 * characters and cut to 32 characters with `…`.
 */
export function formatPhone(
  e164: string,
  style: 'international' | 'national' = 'international',
): string {
  const parsed = parsePhone(e164);
  if (parsed) return style === 'national' ? parsed.national : parsed.international;
  const text = (typeof e164 === 'string' ? e164 : String(e164 ?? ''))
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
    .trim();
  const chars = Array.from(text);
  return chars.length > MAX_DISPLAY_LENGTH
    ? `${chars.slice(0, MAX_DISPLAY_LENGTH - 1).join('')}…`
    : text;
}
