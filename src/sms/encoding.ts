/**
 * SMS length: which encoding a text needs and how many parts (segments) it is
 * sent in.
 *
 * - GSM-7 (GSM 03.38) when every character is in the GSM alphabet: 160 septets
 *   in one message, 153 per part when split. Characters of the extension table
 *   (`^ { } \ [ ~ ] | €` and form feed) take two septets (escape + character).
 * - UCS-2 otherwise (Chinese text, emoji…): 70 UTF-16 code units in one
 *   message, 67 per part. A character outside the BMP (most emoji) is two code
 *   units.
 *
 * @packageDocumentation
 */

/** GSM 03.38 basic character set (one septet each). */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** GSM 03.38 extension table (an escape plus one septet: two each). */
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsLength {
  readonly encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  readonly units: number;
  /** Characters as a person counts them (code points). */
  readonly characters: number;
  /** How many parts it is sent in (0 for an empty text). */
  readonly segments: number;
  /** Units one part holds: 160/153 (GSM-7) or 70/67 (UCS-2). */
  readonly perSegment: number;
  /** Units left before another part is needed. */
  readonly remaining: number;
}

/** Limits of one encoding: a single message, and each part of a split one. */
export const SMS_LIMITS: { readonly [E in SmsEncoding]: { readonly single: number; readonly part: number } } = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
};

/** Septets of `text` in GSM-7, or null when a character is not in the GSM alphabet. */
export function gsm7Septets(text: string): number | null {
  let septets = 0;
  for (const char of text) {
    if (BASIC.has(char)) septets += 1;
    else if (EXTENSION.has(char)) septets += 2;
    else return null;
  }
  return septets;
}

/** The encoding, length and number of parts of an SMS text. */
export function smsLength(text: string): SmsLength {
  const septets = gsm7Septets(text);
  const encoding: SmsEncoding = septets === null ? 'ucs2' : 'gsm7';
  const units = septets ?? text.length;
  const limits = SMS_LIMITS[encoding];
  const segments = units === 0 ? 0 : units <= limits.single ? 1 : Math.ceil(units / limits.part);
  const perSegment = segments <= 1 ? limits.single : limits.part;
  const capacity = segments <= 1 ? limits.single : segments * limits.part;
  return {
    encoding,
    units,
    characters: [...text].length,
    segments,
    perSegment,
    remaining: capacity - units,
  };
}
