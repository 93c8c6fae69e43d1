/**
 * Phone numbers for the elements and the workbench, with the parsing library
 * (libphonenumber-js and its trimmed metadata, ~14 KB gzipped) kept off the
 * first-paint path: it loads in its own chunk when the workbench starts, before
 * the softphone is wired, so every pop is formatted by it. Until then (a
 * number shown before `start()`), numbers are only cleaned, never guessed at.
 */
import type { ParsedPhone } from './phone-number.js';

export type { ParsedPhone } from './phone-number.js';

type PhoneLibrary = typeof import('./phone-number.js');

// A cache of static code, not application state: the same for every workbench.
let library: PhoneLibrary | null = null;
let loading: Promise<PhoneLibrary> | null = null;

/** Load the number parser (idempotent). `createWorkbench().start()` calls it. */
export function loadPhoneSupport(): Promise<void> {
  loading ??= import('./phone-number.js').then(
    (module) => (library = module),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading.then(() => undefined);
}

/** Whether the parser is loaded (numbers are parsed and formatted by it). */
export function isPhoneSupportLoaded(): boolean {
  return library !== null;
}

/** Load every country's metadata too (≈19 KB gzipped); numbers of all countries then format. */
export async function loadFullPhoneMetadata(): Promise<void> {
  await loadPhoneSupport();
  await library!.loadFullPhoneMetadata();
}

function cleaned(input: string): string {
  return input.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
}

/**
 * Parse a number written any common way ("+86 138-0013-8000", "13800138000"
 * with default country CN, "tel:…", "sip:…@host", full-width digits).
 * Returns null when it is not a number.
 */
export function parsePhone(input: string, defaultCountry?: string): ParsedPhone | null {
  if (library) return library.parsePhone(input, defaultCountry);
  // Not loaded yet: accept only numbers that carry their country code, as they are.
  const digits = cleaned(input).replace(/^(?:tel|sip):/i, '').replace(/@.*$/, '').replace(/[\s().-]/g, '');
  const e164 = /^\+[1-9]\d{6,14}$/.test(digits) ? digits : /^00[1-9]\d{6,14}$/.test(digits) ? `+${digits.slice(2)}` : null;
  return e164 ? { e164, national: e164, international: e164, country: null, valid: false } : null;
}

/** Show a number in one consistent format ("+86 138 0013 8000"); anything else is shown cleaned and cut. */
export function formatPhone(e164: string, style: 'international' | 'national' = 'international'): string {
  if (library) return library.formatPhone(e164, style);
  const text = cleaned(e164);
  return text.length > 32 ? `${text.slice(0, 31)}…` : text;
}

/** Whether the input is a valid number (false until the parser is loaded). */
export function isValidPhone(input: string, defaultCountry?: string): boolean {
  return library ? library.isValidPhone(input, defaultCountry) : false;
}
