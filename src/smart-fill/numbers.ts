/**
 * Numbers as people say them: Chinese numerals (`一百九十九`, `两千五`,
 * `十点半`'s `十`), digit-by-digit Chinese (`幺三八零…`) and English number
 * words. Internal to `src/smart-fill/`.
 */

/** Chinese digit characters (incl. 幺 = 1 and 两 = 2, and the financial forms). */
const CN_DIGITS: { readonly [ch: string]: number } = {
  零: 0, 〇: 0, 洞: 0,
  一: 1, 壹: 1, 幺: 1, 么: 1,
  二: 2, 贰: 2, 两: 2,
  三: 3, 叁: 3,
  四: 4, 肆: 4,
  五: 5, 伍: 5,
  六: 6, 陆: 6,
  七: 7, 柒: 7, 拐: 7,
  八: 8, 捌: 8,
  九: 9, 玖: 9, 勾: 9,
};

const CN_SMALL_UNITS: { readonly [ch: string]: number } = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const CN_BIG_UNITS: { readonly [ch: string]: number } = { 万: 10_000, 萬: 10_000, 亿: 100_000_000 };

/** A character class (no brackets) of the Chinese digits, for building patterns. */
export const CN_DIGIT_CLASS = '零〇一二两三四五六七八九幺壹贰叁肆伍陆柒捌玖';
/** Digits and units, for building patterns of Chinese numbers. */
export const CN_NUMBER_CLASS = `${CN_DIGIT_CLASS}十拾百佰千仟万萬亿`;

/** The digit a Chinese or ASCII digit character stands for, or -1. */
export function digitOf(ch: string): number {
  return digitOfCode(ch.charCodeAt(0));
}

/** Chinese digits by char code (a typed lookup: called for every character of a digit-rich segment). */
const CN_DIGIT_BY_CODE = new Map<number, number>(Object.entries(CN_DIGITS).map(([ch, d]) => [ch.charCodeAt(0), d]));

/** {@link digitOf} by char code. */
export function digitOfCode(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code < 0x3007) return -1;
  return CN_DIGIT_BY_CODE.get(code) ?? -1;
}

/**
 * The digits of a number said digit by digit (`幺三八 0013 八千` is not: it
 * has a unit), ignoring spaces and dashes; null when any other character is in it.
 */
export function spokenDigits(text: string): string | null {
  let out = '';
  for (const ch of text) {
    if (ch === ' ' || ch === '-' || ch === '\u00a0') continue;
    const d = digitOf(ch);
    if (d < 0) return null;
    out += String(d);
  }
  return out;
}

/**
 * The value of a Chinese number with units: `一百九十九` → 199, `两千五百` →
 * 2500, `两千五` → 2500 (a trailing digit counts in the next lower unit),
 * `十二` → 12, `三千零五` → 3005, `一万二` → 12000, `十二点五` → 12.5; ASCII
 * digits may stand in for the Chinese ones (`3千` → 3000). Null when it is not one.
 */
export function parseChineseNumber(text: string): number | null {
  if (text.length === 0) return null;
  const point = text.indexOf('点');
  if (point >= 0) {
    const whole = point === 0 ? 0 : parseChineseNumber(text.slice(0, point));
    const fraction = spokenDigits(text.slice(point + 1));
    if (whole === null || fraction === null || fraction === '') return null;
    return Number(`${whole}.${fraction}`);
  }
  let total = 0; // completed 万/亿 groups
  let section = 0; // within the current group
  let digit = -1; // the pending digit
  let lastUnit = 0; // the last small unit used, for 两千五 → 2500
  let sawAnything = false;
  let zeroSeen = false;
  for (const ch of text) {
    const d = digitOf(ch);
    if (d >= 0) {
      if (digit >= 0 && !zeroSeen) {
        // Two digits in a row (一二) inside a unit number: not a number of this form.
        if (section === 0 && total === 0) return null;
      }
      if (d === 0) {
        zeroSeen = true;
        lastUnit = 0;
        digit = -1;
        continue;
      }
      digit = d;
      sawAnything = true;
      continue;
    }
    const small = CN_SMALL_UNITS[ch];
    if (small !== undefined) {
      section += (digit >= 0 ? digit : small === 10 ? 1 : -1) * small;
      if (digit < 0 && small !== 10) return null;
      digit = -1;
      lastUnit = small;
      zeroSeen = false;
      sawAnything = true;
      continue;
    }
    const big = CN_BIG_UNITS[ch];
    if (big !== undefined) {
      if (digit >= 0) section += digit;
      if (section === 0) return null;
      total += section * big;
      section = 0;
      digit = -1;
      lastUnit = big;
      zeroSeen = false;
      continue;
    }
    return null;
  }
  if (!sawAnything) return null;
  if (digit >= 0) {
    // 两千五 → 2500, 一万二 → 12000; after a zero (三千零五) or with no unit, the digit is units.
    section += !zeroSeen && lastUnit >= 10 ? (digit * lastUnit) / 10 : digit;
  }
  return total + section;
}

const EN_UNITS: { readonly [word: string]: number } = {
  zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19, a: 1, an: 1,
};
const EN_TENS: { readonly [word: string]: number } = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

/** A pattern source matching one English number word (for building patterns). */
export const EN_NUMBER_WORD =
  '(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|and)';

/**
 * `twelve` → 12, `two hundred and fifty` → 250, `forty-five` → 45, `3` → 3,
 * `a` → 1. Null when it is not a number.
 */
export function parseEnglishNumber(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const words = trimmed.split(/[\s-]+/).filter((w) => w !== 'and');
  if (words.length === 0) return null;
  let total = 0;
  let current = 0;
  let any = false;
  for (const word of words) {
    const unit = EN_UNITS[word];
    const tens = EN_TENS[word];
    if (unit !== undefined) current += unit;
    else if (tens !== undefined) current += tens;
    else if (word === 'hundred') current = (current || 1) * 100;
    else if (word === 'thousand') {
      total += (current || 1) * 1000;
      current = 0;
    } else return null;
    any = true;
  }
  return any ? total + current : null;
}

/** A number written with digits (`1,299.50`), or in Chinese (`一百九十九`). */
export function parseAnyNumber(text: string): number | null {
  const plain = text.replace(/,/g, '');
  if (/^\d+(?:\.\d+)?$/.test(plain)) return Number(plain);
  return parseChineseNumber(plain);
}
