/**
 * Phone numbers: written (`138 0013 8000`, `+86 13800138000`,
 * `(415) 555-0123`), said digit by digit in Chinese (`幺三八零零幺三八零零零`)
 * or in English words (`one three eight…`, `double eight`). Validated with
 * `parsePhone` (default country CN, then US for ten-digit numbers), returned
 * as E.164. Internal to `src/smart-fill/`.
 */
import { parsePhone } from '../phone/phone-number.js';
import type { Candidate } from './candidates.js';
import { CN_DIGIT_CLASS, spokenDigits } from './numbers.js';
import type { Utterance } from './text.js';

/** Written numbers: digits with spaces, dashes, dots or brackets, optionally `+`. */
const WRITTEN =
  /(?<![\w+.\-/])(?:\+\s?\d{1,3}[\s-]?)?(?:\(\d{2,4}\)\s?)?\d[\d\s\-.]{5,16}\d(?![\w\-/]|\.\d)/g;
/** Chinese digit-by-digit runs (ASCII digits may be mixed in). */
const SPOKEN_CN = new RegExp(`[${CN_DIGIT_CLASS}0-9][${CN_DIGIT_CLASS}0-9 \\-]{5,24}[${CN_DIGIT_CLASS}0-9]`, 'g');
/** Characters that make a run of digits a quantity rather than a phone number. */
const UNIT_NEAR = /[十拾百佰千仟万萬亿点块元毛角分秒号日月年天个岁斤米度%]/;
const EN_DIGIT_WORDS: { readonly [word: string]: string } = {
  zero: '0', oh: '0', o: '0', one: '1', two: '2', three: '3', four: '4', five: '5',
  six: '6', seven: '7', eight: '8', nine: '9',
};
/** English digit words, with `double`/`triple`, and an optional leading `plus`. */
const SPOKEN_EN =
  /(?<![a-z])(?:plus\s+)?(?:(?:double|triple)\s+)?(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\d)(?:[\s,-]+(?:(?:double|triple)\s+)?(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\d))+(?![a-z])/g;
/** Words near a number that say it is a phone number. */
const PHONE_CUE = /电话|手机|号码|联系方式|回电|打给我|打我|致电|phone|number|mobile|cell|call me|reach me|call back/;
/** Words that say the number is something else. */
const OTHER_CUE = /订单|单号|运单|快递|身份证|证件|工号|order|tracking|\bid\b|account|card|卡号|账号/;
const DATE_LIKE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/;

/** Phone number mentions in the conversation, E.164 as key and value. */
export function phoneCandidates(utterances: readonly Utterance[]): Candidate<string>[] {
  const out: Candidate<string>[] = [];
  // The same number is often said many times: parse each form once per run.
  const parsed = new Map<string, string | null>();
  const validate = (raw: string): string | null => {
    let e164 = parsed.get(raw);
    if (e164 === undefined) {
      e164 = validatePhone(raw);
      parsed.set(raw, e164);
    }
    return e164;
  };
  for (const u of utterances) {
    const text = u.text;
    // Quick reject: no digit of any kind.
    const hasDigit = /\d/.test(text);
    const hasCnDigit = SPOKEN_CN_FAST.test(text);
    const hasEnWords = EN_FAST.test(u.lower);
    if (!hasDigit && !hasCnDigit && !hasEnWords) continue;
    const cue = PHONE_CUE.test(u.lower);
    const other = OTHER_CUE.test(u.lower);
    const base = (u.speaker === 'customer' ? 0.1 : u.speaker === 'bot' ? -0.1 : 0) + (cue ? 0.05 : 0);
    if (hasDigit) {
      WRITTEN.lastIndex = 0;
      for (let m = WRITTEN.exec(text); m; m = WRITTEN.exec(text)) {
        const raw = m[0].trim();
        if (DATE_LIKE.test(raw)) continue;
        if (other && !cue && !raw.startsWith('+')) continue;
        const e164 = validate(raw);
        if (e164) out.push({ key: e164, value: e164, confidence: 0.8 + base, utterance: u });
      }
    }
    if (hasCnDigit) {
      SPOKEN_CN.lastIndex = 0;
      for (let m = SPOKEN_CN.exec(text); m; m = SPOKEN_CN.exec(text)) {
        const run = m[0];
        // Pure ASCII runs were read as written numbers above.
        if (/^[\d\s-]+$/.test(run)) continue;
        const before = text[m.index - 1] ?? '';
        const after = text[m.index + run.length] ?? '';
        if (UNIT_NEAR.test(before) || UNIT_NEAR.test(after)) continue;
        if (other && !cue) continue;
        const digits = spokenDigits(run);
        if (digits === null || digits.length < 7 || digits.length > 15) continue;
        const e164 = validate(digits);
        if (e164) out.push({ key: e164, value: e164, confidence: 0.75 + base, utterance: u });
      }
    }
    if (hasEnWords) {
      SPOKEN_EN.lastIndex = 0;
      for (let m = SPOKEN_EN.exec(u.lower); m; m = SPOKEN_EN.exec(u.lower)) {
        if (other && !cue) continue;
        const digits = englishDigits(m[0]);
        if (digits === null || digits.length < 7 || digits.length > 15) continue;
        if (/^\d[\d\s,-]*$/.test(m[0])) continue; // written digits: read above
        const e164 = validate(m[0].startsWith('plus') ? `+${digits}` : digits);
        if (e164) out.push({ key: e164, value: e164, confidence: 0.75 + base, utterance: u });
      }
    }
  }
  return out;
}

const SPOKEN_CN_FAST = new RegExp(`[${CN_DIGIT_CLASS}]{3}`);
const EN_FAST = /\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple)[\s,-]+(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple|\d)\b/;

/** `one three eight double zero` → `13800`. */
function englishDigits(text: string): string | null {
  let out = '';
  let repeat = 1;
  for (const word of text.split(/[\s,-]+/)) {
    if (word === '' || word === 'plus') continue;
    if (word === 'double') {
      repeat = 2;
      continue;
    }
    if (word === 'triple') {
      repeat = 3;
      continue;
    }
    const digit = /^\d+$/.test(word) ? word : EN_DIGIT_WORDS[word];
    if (digit === undefined) return null;
    out += repeat > 1 && digit.length === 1 ? digit.repeat(repeat) : digit;
    repeat = 1;
  }
  return out;
}

/**
 * E.164 when `raw` is a valid number. CN by default; a ten-digit number not
 * starting with 0 or 1 (`(415) 555-0123`) is how North American numbers are
 * written, never Chinese ones (landlines start with a 0, mobiles have eleven
 * digits), so it is read as US first.
 */
export function validatePhone(raw: string): string | null {
  const digits = raw.replace(/\D/g, '');
  const northAmerican = !raw.trim().startsWith('+') && digits.length === 10 && /^[2-9]/.test(digits);
  for (const country of northAmerican ? ['US', 'CN'] : ['CN']) {
    const parsed = parsePhone(raw, country);
    if (parsed?.valid) return parsed.e164;
  }
  return null;
}
