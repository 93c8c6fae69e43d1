/**
 * Dates and times, Chinese and English, absolute and relative, resolved
 * against the call's time in its time zone: 今天/明天/后天/大后天, 三天后,
 * 下周一/这周五/周三, 3月5号, 5号, 下午三点/晚上8点半/上午十点一刻,
 * "tomorrow at 3 pm", "next Monday", "on the 5th", "March 5", "in two days".
 * Internal to `src/smart-fill/`.
 *
 * Conventions: `下周X` / "next X" is X of next (Monday-based) week; `这周X` /
 * "this X" is X of this week; a bare `周X` / "X" is the next X from today
 * (today included). A year-less date is the one nearest the call (last, this
 * or next year), a bare day of month the nearest such day. An hour from 1 to 6
 * said without a part of the day (`三点`, "at 3") is taken as afternoon.
 */
import type { Candidate } from './candidates.js';
import {
  addDays,
  daysBetween,
  formatDate,
  isValidDate,
  nearestMonth,
  nearestYear,
  toInstant,
  type CivilDate,
  type Clock,
} from './calendar.js';
import { parseChineseNumber, parseEnglishNumber } from './numbers.js';
import type { Utterance } from './text.js';

interface DateMention {
  readonly start: number;
  readonly end: number;
  readonly date: CivilDate;
  readonly confidence: number;
  /** 今晚/tonight: a part of the day for a time that follows. */
  readonly evening?: boolean;
}

interface TimeMention {
  readonly start: number;
  readonly end: number;
  /** Hour 0…23 before the afternoon guess; minutes 0…59. */
  readonly hour: number;
  readonly minute: number;
  /** Said with a part of the day (下午, pm). */
  readonly period: 'am' | 'pm' | 'noon' | 'night' | null;
  /** Unmistakably a time (a part of the day, digits, minutes, o'clock). */
  readonly strong: boolean;
}

const CN_SMALL = '[零〇一二两三四五六七八九十]{1,3}';
const REL_DAYS_CN: { readonly [word: string]: number } = {
  大后天: 3, 后天: 2, 明天: 1, 明日: 1, 明: 1, 今天: 0, 今日: 0, 今: 0, 昨天: -1, 前天: -2,
};
const RE_REL_CN = /大后天|后天|明天|明日|今天|今日|昨天|前天|明(?=晚|早)|今(?=晚|早)/g;
const RE_IN_DAYS_CN = new RegExp(`(\\d{1,2}|${CN_SMALL})\\s*(天|个?星期|周)(?:之|以)?后`, 'g');
const RE_WEEKDAY_CN = /(下下个?|下个?|这个?|本|上个?)?(?:周|星期|礼拜)([一二三四五六日天1-7])/g;
const RE_MONTH_DAY_CN = new RegExp(
  `(?:(\\d{4})\\s*年\\s*)?(\\d{1,2}|${CN_SMALL})\\s*月\\s*(\\d{1,2}|${CN_SMALL})\\s*(?:日|号)`,
  'g',
);
const RE_ISO_DATE = /(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])/g;
const RE_DAY_CN = new RegExp(`(?<![月\\d期周拜零〇一二两三四五六七八九十])(\\d{1,2}|${CN_SMALL})\\s*号(?![码线楼院])`, 'g');
const CN_WEEKDAYS: { readonly [ch: string]: number } = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7,
};

const RE_REL_EN = /\b(the day after tomorrow|day after tomorrow|tomorrow|today|tonight|yesterday)\b/gi;
const REL_DAYS_EN: { readonly [word: string]: number } = {
  'the day after tomorrow': 2, 'day after tomorrow': 2, tomorrow: 1, today: 0, tonight: 0, yesterday: -1,
};
const EN_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const RE_WEEKDAY_EN = /\b(?:(next|this|coming|last)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/gi;
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const RE_MONTH_DAY_EN = new RegExp(
  `\\b(${MONTHS})\\.?\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b|\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTHS})\\b\\.?(?:,?\\s+(\\d{4}))?`,
  'gi',
);
const RE_DAY_EN = /\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b)/gi;
const RE_IN_DAYS_EN = /\bin\s+(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(days?|weeks?)\b/gi;

const RE_TIME_CN = new RegExp(
  `(凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜里|夜间|早|晚)?\\s*(\\d{1,2}|${CN_SMALL})\\s*(?:点|时)(钟)?(?:\\s*(半|一刻|三刻|(\\d{1,2}|${CN_SMALL})\\s*分?))?`,
  'g',
);
const RE_TIME_EN = new RegExp(
  [
    // 3 pm, 3:30 p.m., at 10am
    `\\b(\\d{1,2})(?::([0-5]\\d))?\\s*(a\\.?m\\.?|p\\.?m\\.?)(?![a-z])`,
    // 15:30 (24-hour, also in Chinese text)
    `(?<![\\d:])([01]?\\d|2[0-3]):([0-5]\\d)(?![\\d:])(?:\\s*(a\\.?m\\.?|p\\.?m\\.?)(?![a-z]))?`,
    // three pm, ten o'clock, 3 o'clock
    `\\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\d{1,2})(?:\\s+(thirty|fifteen|forty-five|forty five))?\\s*(am|pm|a\\.m\\.|p\\.m\\.|o'clock|o’clock)(?![a-z])`,
    // noon, midnight
    `\\b(noon|midday|midnight)\\b`,
    // at 3 (weak: kept only next to a date)
    `\\b(?:at|around|about)\\s+(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:[\\s-](fifteen|thirty|forty[\\s-]five|forty|fifty|twenty|oh[\\s-]five))?\\b(?!\\s*(?:%|percent|dollars?|pounds?|quid|bucks|euros?|days?|weeks?|months?|years?|hours?|minutes?|items?|times?|people|of|[:.]\\d))`,
    // half nine (half past nine, British)
    `\\bhalf\\s+(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\\b(?!\\s*(?:an?\\s+)?(?:hours?|days?|weeks?|years?|months?|price|of))`,
  ].join('|'),
  'gi',
);
const HOUR_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve';
const HOUR_EN = `(\\d{1,2}|${HOUR_WORDS})`;
/** `between 1 and 5pm`, `8am to 12`, `2-4 pm`: the start of a range, with the period of either end. */
const RE_RANGE_EN =
  /\b(?:between\s+)?(\d{1,2})(?::([0-5]\d))?\s*(a\.?m\.?|p\.?m\.?)?\s*(?:-|–|to|and|till|until)\s*(\d{1,2})(?::[0-5]\d)?\s*(a\.?m\.?|p\.?m\.?)(?![a-z])|\bbetween\s+(\d{1,2})(?::([0-5]\d))?\s*(a\.?m\.?|p\.?m\.?)?\s+and\s+\d{1,2}\b/gi;
/**
 * A slot said with words (`between two and four`, `nine to twelve`, `eight till one`, `between nine
 * and noon`): its start. Not a span of days or a count (`seven to ten business days`).
 */
const RE_RANGE_WORDS_EN = new RegExp(
  `\\b(between\\s+)?${HOUR_EN}(?::([0-5]\\d))?\\s*(a\\.?m\\.?|p\\.?m\\.?)?\\s*(-|–|to|and|till|til|until)\\s*(${HOUR_WORDS}|\\d{1,2}|noon|midday)(?::[0-5]\\d)?(?:\\s*(a\\.?m\\.?|p\\.?m\\.?))?(?![a-z])(?!\\s*(?:business|working|more|or)?\\s*(?:days?|weeks?|months?|years?|hours?|minutes?|items?|times?|percent|%|dollars?|pounds?|quid|bucks|euros?|people|of))`,
  'gi',
);
/** `afternoon at 2`, `morning at ten`, `afternoon, around three`: the part of the day said before the time. */
const RE_PERIOD_AT_EN =
  /\b(morning|afternoon|evening|tonight)[,\s]+(?:at|around|about)\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?::([0-5]\d))?(?!\s*(?:a\.?m|p\.?m))\b/gi;
const RE_EN_PERIOD_AFTER = /^\s+(?:in\s+the\s+)?(morning|afternoon|evening|tonight|at\s+night)\b/i;
/** Words that put a year-less date in the past (买的, "bought") or the future (回电, "will"). */
const PAST_CUE = /买的|买了|下单|下的单|购买|购入|付款|付的|收到了|签收|发货了|寄出|那天|(?<![号日周一二三四五六天点])(?:之前|以前)|上次|\b(?:bought|ordered|purchased|paid|placed|received|delivered|shipped|arrived|ago|last|was|were|did)\b/i;
const FUTURE_CUE = /会|将|要|回电|回复|答复|通知|给您|安排|预约|送达|到时|再|\b(?:will|going to|schedule|call you|expect|by|until|next)\b|'ll\b/i;

type Tense = 'past' | 'future' | null;

function tenseOf(text: string): Tense {
  const past = PAST_CUE.test(text);
  const future = FUTURE_CUE.test(text);
  return past === future ? null : past ? 'past' : 'future';
}

/** A year-less date: by tense, the latest past one or the next one; else the nearest. */
function monthDay(clock: Clock, month: number, day: number, tense: Tense): CivilDate | null {
  const { today } = clock;
  if (tense === null) return nearestYear(today, month, day);
  for (const year of tense === 'past' ? [today.year, today.year - 1] : [today.year, today.year + 1]) {
    if (!isValidDate(year, month, day)) continue;
    const date = { year, month, day };
    const after = daysBetween(today, date);
    if (tense === 'past' ? after <= 0 : after >= 0) return date;
  }
  return null;
}

/** A bare day of month: by tense, the latest past one or the next one; else the nearest. */
function dayOfMonth(clock: Clock, day: number, tense: Tense): CivilDate | null {
  const { today } = clock;
  if (tense === null) return nearestMonth(today, day);
  const shifts = tense === 'past' ? [0, -1, -2] : [0, 1, 2];
  for (const shift of shifts) {
    const d = new Date(Date.UTC(today.year, today.month - 1 + shift, 1));
    const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day };
    if (!isValidDate(date.year, date.month, date.day)) continue;
    const after = daysBetween(today, date);
    if (tense === 'past' ? after <= 0 : after >= 0) return date;
  }
  return null;
}

// Quick gates, each a superset of what its pattern can match (a pattern runs only where its gate passes).
const GATE_REL_CN = /[今明后昨前][天日晚早]/;
const GATE_IN_DAYS_CN = /[天期周][之以]?后/;
const GATE_WEEK_CN = /[周期拜][一二三四五六日天1-7]/;
const GATE_DAY_CN = /[\d零〇一二两三四五六七八九十]\s*号(?![码线楼院])/;
const GATE_ISO = /\d[-/.]\d/;
const GATE_MONTH_EN = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/;
const GATE_REL_EN = /to(?:day|morrow|night)|yesterday/;
const GATE_WEEK_EN = /(?:mon|tues|wednes|thurs|fri|satur|sun)day/;
const GATE_DAY_EN = /the\s+\d/;
const ORDINAL_DAYS: { readonly [word: string]: number } = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};
/**
 * A day of the month in words, where it is one: after a weekday or "on the" (`Monday the thirtieth`,
 * `on the twenty-seventh`), not "the third time".
 */
const RE_DAY_WORDS_EN =
  /\b(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+|on\s+)the\s+((?:twenty|thirty)[\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)\b/gi;
const GATE_DAY_WORDS_EN = /(?:day,?|on)\s+the\s+(?:f|s|t|e|n|tw|th)/;

/** `thirtieth` → 30, `twenty-seventh` → 27. */
function ordinalDay(words: string): number | null {
  const [a, b] = words.toLowerCase().split(/[\s-]+/);
  if (b === undefined) return ORDINAL_DAYS[a ?? ''] ?? null;
  const unit = ORDINAL_DAYS[b];
  return unit === undefined || unit > 9 ? null : (a === 'twenty' ? 20 : 30) + unit;
}
const GATE_TIME_CN = /[\d零〇一二两三四五六七八九十]\s*[点时]/;
/**
 * What RE_TIME_EN needs: a number with am/pm or o'clock (`3 pm`, `three o'clock`, `forty-five
 * pm`), `h:mm`, `at` and a number, or noon, midday, midnight (a superset, over the lower-cased text).
 */
const GATE_TIME_EN =
  /\d\s*(?:a\.?m|p\.?m|o['’]clock)|\d:[0-5]\d|at\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)|noon|midday|midnight|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirty|fifteen)\s*(?:a\.?m|p\.?m|o['’]clock)/;
const GATE_RANGE_WORDS_EN = /(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*(?:-|–|to|and|till|til|until)\s*(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midday)/;
const FAST_CN = /[天周期拜月号点时后]/;
const HAS_LETTERS = /[a-z]{2}/;

/** The first match of a global pattern (from the start). */
function first(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(text);
}

/** The match after `m` (past an empty one): with {@link first}, every match, without a list of them. */
function again(re: RegExp, text: string, m: RegExpExecArray): RegExpExecArray | null {
  if (m[0] === '') re.lastIndex += 1;
  return re.exec(text);
}

/** What one utterance says about dates and times. */
export interface Found {
  readonly dates: DateMention[];
  readonly times: TimeMention[];
}

/** What a segment with no date or time word says (scanDates keeps null for it: never handed out). */
const NOTHING: Found = { dates: [], times: [] };

/** Whether `start`–`end` overlaps a date or time found already (loops, not `some`: no callback per check). */
function overlaps(dates: readonly DateMention[], times: readonly TimeMention[], start: number, end: number): boolean {
  for (const d of dates) if (start < d.end && end > d.start) return true;
  for (const t of times) if (start < t.end && end > t.start) return true;
  return false;
}

function findIn(u: Utterance, clock: Clock, previous: Utterance | undefined): Found {
  const text = u.text;
  const lower = u.lower;
  const cn = FAST_CN.test(text);
  const letters = HAS_LETTERS.test(lower);
  const en = letters || lower.includes(':');
  // Which patterns can match (each gate a quick superset of its pattern); none: nothing to allocate.
  const monthCn = cn && text.includes('月');
  const relCn = cn && GATE_REL_CN.test(text);
  const inDaysCn = cn && text.includes('后') && GATE_IN_DAYS_CN.test(text);
  const weekCn = cn && GATE_WEEK_CN.test(text);
  const dayCn = cn && text.includes('号') && GATE_DAY_CN.test(text);
  const iso = u.digits >= 2 && GATE_ISO.test(text);
  const monthEn = en && letters && GATE_MONTH_EN.test(lower);
  const relEn = en && GATE_REL_EN.test(lower);
  const inDaysEn = en && lower.includes('in ') && (lower.includes('day') || lower.includes('week'));
  const weekEn = en && lower.includes('day') && GATE_WEEK_EN.test(lower);
  const dayEn = en && u.digits > 0 && GATE_DAY_EN.test(lower);
  const dayWordsEn = en && lower.includes('the ') && GATE_DAY_WORDS_EN.test(lower);
  const timeCn = cn && GATE_TIME_CN.test(text);
  const rangeEn = en && u.digits >= 2 && /\d\s*(?:-|–|to|and|till|until)\s*\d|between/.test(lower);
  const periodEn = en && /(?:morning|afternoon|evening|tonight)[,\s]+(?:at|around|about)\s/i.test(lower);
  const rangeWordsEn = en && /\s(?:to|and|till|til|until)\s|-|–/.test(lower) && GATE_RANGE_WORDS_EN.test(lower);
  const timeEn = en && GATE_TIME_EN.test(lower);
  if (!(monthCn || relCn || inDaysCn || weekCn || dayCn || iso || monthEn || relEn || inDaysEn || weekEn || dayEn || dayWordsEn || timeCn || rangeEn || rangeWordsEn || periodEn || timeEn)) {
    return NOTHING;
  }
  const dates: DateMention[] = [];
  const times: TimeMention[] = [];
  const today = clock.today;
  // A date said without a tense word takes the tense of what was said just before (`3月5号的订单`).
  let tenseMemo: Tense | undefined;
  const tense = (): Tense => (tenseMemo ??= tenseOf(text) ?? (previous ? tenseOf(previous.text) : null));
  const covered = (start: number, end: number): boolean => overlaps(dates, times, start, end);
  const addDate = (start: number, end: number, date: CivilDate | null, confidence: number, evening = false): void => {
    if (!date || covered(start, end)) return;
    dates.push(evening ? { start, end, date, confidence, evening } : { start, end, date, confidence });
  };

  if (cn) {
    for (let m = monthCn ? first(RE_MONTH_DAY_CN, text) : null; m; m = again(RE_MONTH_DAY_CN, text, m)) {
      const year = m[1] ? Number(m[1]) : null;
      const month = small(m[2]);
      const day = small(m[3]);
      if (month === null || day === null) continue;
      const date = year !== null ? (isValidDate(year, month, day) ? { year, month, day } : null) : monthDay(clock, month, day, tense());
      addDate(m.index, m.index + m[0].length, date, 0.8);
    }
    for (let m = relCn ? first(RE_REL_CN, text) : null; m; m = again(RE_REL_CN, text, m)) {
      addDate(m.index, m.index + m[0].length, addDays(today, REL_DAYS_CN[m[0]] ?? 0), 0.75, text[m.index + m[0].length] === '晚');
    }
    for (let m = inDaysCn ? first(RE_IN_DAYS_CN, text) : null; m; m = again(RE_IN_DAYS_CN, text, m)) {
      const n = small(m[1]);
      if (n === null) continue;
      addDate(m.index, m.index + m[0].length, addDays(today, m[2] === '天' ? n : n * 7), 0.7);
    }
    for (let m = weekCn ? first(RE_WEEKDAY_CN, text) : null; m; m = again(RE_WEEKDAY_CN, text, m)) {
      const weekday = CN_WEEKDAYS[m[2] ?? ''];
      if (weekday === undefined) continue;
      const prefix = m[1] ?? '';
      const which = prefix.startsWith('下下') ? 'after-next' : prefix.startsWith('下') ? 'next' : prefix.startsWith('上') ? 'last' : prefix === '' ? 'coming' : 'this';
      addDate(m.index, m.index + m[0].length, weekdayDate(clock, weekday, which, tense()), 0.7);
    }
    for (let m = dayCn ? first(RE_DAY_CN, text) : null; m; m = again(RE_DAY_CN, text, m)) {
      const day = small(m[1]);
      if (day === null || day < 1 || day > 31) continue;
      addDate(m.index, m.index + m[0].length, dayOfMonth(clock, day, tense()), 0.6);
    }
  }
  for (let m = iso ? first(RE_ISO_DATE, text) : null; m; m = again(RE_ISO_DATE, text, m)) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    addDate(m.index, m.index + m[0].length, isValidDate(year, month, day) ? { year, month, day } : null, 0.8);
  }
  if (en) {
    for (let m = monthEn ? first(RE_MONTH_DAY_EN, text) : null; m; m = again(RE_MONTH_DAY_EN, text, m)) {
      const monthName = (m[1] ?? m[5] ?? '').toLowerCase();
      const month = monthIndex(monthName);
      const day = Number(m[2] ?? m[4]);
      const yearText = m[3] ?? m[6];
      if (month === 0) continue;
      const date = yearText
        ? isValidDate(Number(yearText), month, day) ? { year: Number(yearText), month, day } : null
        : monthDay(clock, month, day, tense());
      addDate(m.index, m.index + m[0].length, date, 0.8);
    }
    for (let m = relEn ? first(RE_REL_EN, text) : null; m; m = again(RE_REL_EN, text, m)) {
      const word = (m[1] ?? '').toLowerCase();
      addDate(m.index, m.index + m[0].length, addDays(today, REL_DAYS_EN[word] ?? 0), 0.75, word === 'tonight');
    }
    for (let m = inDaysEn ? first(RE_IN_DAYS_EN, text) : null; m; m = again(RE_IN_DAYS_EN, text, m)) {
      const n = parseEnglishNumber(m[1] ?? '');
      if (n === null) continue;
      addDate(m.index, m.index + m[0].length, addDays(today, (m[2] ?? '').toLowerCase().startsWith('week') ? n * 7 : n), 0.7);
    }
    for (let m = weekEn ? first(RE_WEEKDAY_EN, text) : null; m; m = again(RE_WEEKDAY_EN, text, m)) {
      const weekday = EN_WEEKDAYS.indexOf((m[2] ?? '').toLowerCase()) + 1;
      const prefix = (m[1] ?? '').toLowerCase();
      const which = prefix === 'next' ? 'next' : prefix === 'this' ? 'this' : prefix === 'last' ? 'last' : 'coming';
      addDate(m.index, m.index + m[0].length, weekdayDate(clock, weekday, which, tense()), 0.7);
    }
    for (let m = dayEn ? first(RE_DAY_EN, text) : null; m; m = again(RE_DAY_EN, text, m)) {
      const day = Number(m[1]);
      if (day < 1 || day > 31) continue;
      addDate(m.index, m.index + m[0].length, dayOfMonth(clock, day, tense()), 0.6);
    }
    for (let m = dayWordsEn ? first(RE_DAY_WORDS_EN, text) : null; m; m = again(RE_DAY_WORDS_EN, text, m)) {
      const day = ordinalDay(m[1] ?? '');
      if (day === null || day > 31) continue;
      const start = m.index + m[0].toLowerCase().indexOf('the ');
      addDate(start, m.index + m[0].length, dayOfMonth(clock, day, tense()), 0.6);
    }
  }

  // Times.
  if (cn) {
    for (let m = timeCn ? first(RE_TIME_CN, text) : null; m; m = again(RE_TIME_CN, text, m)) {
      const hour = small(m[2]);
      if (hour === null || hour > 24) continue;
      let minute = 0;
      if (m[4] === '半') minute = 30;
      else if (m[4] === '一刻') minute = 15;
      else if (m[4] === '三刻') minute = 45;
      else if (m[5] !== undefined) {
        const value = small(m[5]);
        if (value === null || value > 59) continue;
        minute = value;
      }
      const periodWord = m[1] ?? '';
      const start = m.index + (m[0].length - m[0].trimStart().length);
      if (covered(start, m.index + m[0].length)) continue;
      times.push({
        start,
        end: m.index + m[0].length,
        hour: hour % 24,
        minute,
        period: periodCn(periodWord),
        strong: periodWord !== '' || /\d/.test(m[2] ?? '') || m[3] !== undefined || m[4] !== undefined,
      });
    }
  }
  if (en) {
    for (let m = rangeEn ? first(RE_RANGE_EN, text) : null; m; m = again(RE_RANGE_EN, text, m)) {
      const hour = Number(m[1] ?? m[6]);
      const minute = Number(m[2] ?? m[7] ?? 0);
      const own = (m[3] ?? m[8] ?? '').toLowerCase();
      const endPeriod = (m[5] ?? '').toLowerCase();
      const endHour = Number(m[4] ?? NaN);
      if (hour > 23 || minute > 59) continue;
      let period: TimeMention['period'] = own ? (own.startsWith('p') ? 'pm' : 'am') : null;
      // "1 and 5pm" is 1 pm; "10 to 2pm" is 10 am.
      if (period === null && endPeriod) period = endPeriod.startsWith('p') && hour <= endHour && hour < 12 ? 'pm' : 'am';
      let h = hour;
      if (period === 'am' && h === 12) h = 0;
      times.push({ start: m.index, end: m.index + m[0].length, hour: h, minute, period, strong: true });
    }
    for (let m = rangeWordsEn ? first(RE_RANGE_WORDS_EN, text) : null; m; m = again(RE_RANGE_WORDS_EN, text, m)) {
      if (covered(m.index, m.index + m[0].length)) continue;
      const between = m[1] !== undefined;
      const separator = (m[5] ?? '').toLowerCase();
      // "two and four" is a slot only after "between"; a dash joins digits ("2-4"), not digit words
      // read out one by one ("four-six-one").
      if (separator === 'and' && !between) continue;
      if ((separator === '-' || separator === '–') && !(/^\d/.test(m[2] ?? '') && /^\d/.test(m[6] ?? ''))) continue;
      const hour = parseEnglishNumber(m[2] ?? '');
      const endWord = (m[6] ?? '').toLowerCase();
      const endHour = endWord === 'noon' || endWord === 'midday' ? 12 : parseEnglishNumber(endWord);
      if (hour === null || endHour === null || hour > 23 || endHour > 23) continue;
      const minute = Number(m[3] ?? 0);
      const own = (m[4] ?? '').toLowerCase();
      const endPeriod = (m[7] ?? '').toLowerCase();
      // A slot of one to five hours on a twelve-hour clock (`eight till one`, `nine to twelve`).
      const span = (((endHour % 12) - (hour % 12) + 12) % 12) || 12;
      if (!between && !own && !endPeriod && endWord !== 'noon' && endWord !== 'midday' && (span < 1 || span > 5)) continue;
      let period: TimeMention['period'] = own ? (own.startsWith('p') ? 'pm' : 'am') : null;
      if (period === null && endPeriod) period = endPeriod.startsWith('p') && hour <= endHour && hour < 12 ? 'pm' : 'am';
      // Before noon when the slot ends at or after it (`nine to twelve`, `eight till one`, `nine and noon`).
      if (period === null && hour >= 7 && hour <= 11 && (endHour === 12 || endHour < hour)) period = 'am';
      let h = hour;
      if (period === 'am' && h === 12) h = 0;
      times.push({ start: m.index, end: m.index + m[0].length, hour: h, minute, period, strong: true });
    }
    for (let m = periodEn ? first(RE_PERIOD_AT_EN, text) : null; m; m = again(RE_PERIOD_AT_EN, text, m)) {
      if (covered(m.index, m.index + m[0].length)) continue;
      const hour = parseEnglishNumber(m[2] ?? '');
      if (hour === null || hour > 12) continue;
      const word = (m[1] ?? '').toLowerCase();
      times.push({
        start: m.index,
        end: m.index + m[0].length,
        hour: word === 'morning' && hour === 12 ? 0 : hour,
        minute: Number(m[3] ?? 0),
        period: word === 'morning' ? 'am' : 'pm',
        strong: true,
      });
    }
    for (let m = timeEn ? first(RE_TIME_EN, text) : null; m; m = again(RE_TIME_EN, text, m)) {
      const start = m.index;
      let end = m.index + m[0].length;
      if (covered(start, end)) continue;
      let hour: number | null = null;
      let minute = 0;
      let period: TimeMention['period'] = null;
      let strong = true;
      if (m[1] !== undefined) {
        hour = Number(m[1]);
        minute = m[2] ? Number(m[2]) : 0;
        period = (m[3] ?? '').toLowerCase().startsWith('p') ? 'pm' : 'am';
      } else if (m[4] !== undefined) {
        hour = Number(m[4]);
        minute = Number(m[5]);
        if (m[6]) period = m[6].toLowerCase().startsWith('p') ? 'pm' : 'am';
      } else if (m[7] !== undefined) {
        hour = parseEnglishNumber(m[7]);
        const extra = (m[8] ?? '').toLowerCase();
        minute = extra === 'thirty' ? 30 : extra === 'fifteen' ? 15 : extra ? 45 : 0;
        const suffix = (m[9] ?? '').toLowerCase();
        period = suffix.startsWith('p') ? 'pm' : suffix.startsWith('a') ? 'am' : null;
      } else if (m[10] !== undefined) {
        const word = m[10].toLowerCase();
        hour = word === 'midnight' ? 0 : 12;
        period = word === 'midnight' ? 'am' : 'noon';
      } else if (m[11] !== undefined) {
        hour = parseEnglishNumber(m[11]);
        const words = (m[12] ?? '').toLowerCase();
        minute = words === '' ? 0 : words.startsWith('oh') ? 5 : parseEnglishNumber(words) ?? 0;
        strong = words !== '';
      } else if (m[13] !== undefined) {
        // "half nine": half past nine (British).
        hour = parseEnglishNumber(m[13]);
        minute = 30;
      }
      if (hour === null || hour > 23 || minute > 59) continue;
      const after = RE_EN_PERIOD_AFTER.exec(text.slice(end, end + 24));
      if (after && period === null) {
        const word = (after[1] ?? '').toLowerCase();
        period = word === 'morning' ? 'am' : 'pm';
        strong = true;
        end += after[0].length;
      }
      if (period === 'am' && hour === 12) hour = 0;
      times.push({ start, end, hour, minute, period, strong });
    }
  }
  return { dates, times };
}

function small(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (/^\d+$/.test(text)) return Number(text);
  const value = parseChineseNumber(text);
  return value !== null && Number.isInteger(value) ? value : null;
}

function monthIndex(name: string): number {
  const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  return months.indexOf(name.slice(0, 3)) + 1;
}

function periodCn(word: string): TimeMention['period'] {
  if (word === '') return null;
  if (word === '中午') return 'noon';
  if (word === '下午' || word === '傍晚') return 'pm';
  if (word === '晚上' || word === '晚' || word === '夜里' || word === '夜间') return 'night';
  return 'am';
}

function weekdayDate(
  clock: Clock,
  weekday: number,
  which: 'this' | 'next' | 'after-next' | 'last' | 'coming',
  tense: Tense = null,
): CivilDate | null {
  if (weekday < 1 || weekday > 7) return null;
  const monday = addDays(clock.today, 1 - clock.weekday);
  switch (which) {
    case 'this':
      return addDays(monday, weekday - 1);
    case 'next':
      return addDays(monday, 7 + weekday - 1);
    case 'after-next':
      return addDays(monday, 14 + weekday - 1);
    case 'last':
      return addDays(monday, -7 + weekday - 1);
    case 'coming':
      // 周三买的 / "bought it on Wednesday": the latest one; else the next one.
      return tense === 'past'
        ? addDays(clock.today, -((clock.weekday - weekday + 7) % 7))
        : addDays(clock.today, (weekday - clock.weekday + 7) % 7);
  }
}

/** Minutes since midnight of a time mention (with the part of the day applied). */
function minutesOf(time: TimeMention, evening: boolean): number {
  let hour = time.hour;
  const period = time.period ?? (evening ? 'night' : null);
  if ((period === 'pm' || period === 'night') && hour < 12) hour += 12;
  else if (period === 'noon' && hour < 3) hour += 12;
  else if (period === null && hour >= 1 && hour <= 6) hour += 12;
  return (hour % 24) * 60 + time.minute;
}

/** The date mention a time belongs to: the nearest one before or after it, a few characters away at most. */
function dateFor(time: TimeMention, dates: readonly DateMention[]): DateMention | null {
  let best: DateMention | null = null;
  let bestGap = Infinity;
  for (const d of dates) {
    const gap = d.end <= time.start ? time.start - d.end : d.start >= time.end ? d.start - time.end : 0;
    if (gap < bestGap) {
      best = d;
      bestGap = gap;
    }
  }
  return best !== null && bestGap <= 12 ? best : null;
}

/** What each utterance says about dates and times (null when nothing); scan once, use for both kinds. */
export type DateScan = readonly (Found | null)[];

/** Scans every utterance for date and time mentions. */
export function scanDates(utterances: readonly Utterance[], clock: Clock): DateScan {
  return utterances.map((u, i) => {
    const found = findIn(u, clock, utterances[i - 1]);
    return found.dates.length === 0 && found.times.length === 0 ? null : found;
  });
}

/** Date mentions, as `YYYY-MM-DD`. */
export function dateCandidates(utterances: readonly Utterance[], scan: DateScan): Candidate<string>[] {
  const out: Candidate<string>[] = [];
  for (const u of utterances) {
    const found = scan[u.index];
    if (!found) continue;
    const { dates, times } = found;
    // Each time's date once (not once per date: a segment may hold hundreds of both).
    const timed = times.length === 0 ? null : new Set(times.map((t) => dateFor(t, dates)));
    for (const d of dates) {
      const withTime = timed !== null && timed.has(d);
      const value = formatDate(d.date);
      out.push({ key: value, value, confidence: d.confidence + (withTime ? 0.05 : 0) - (u.speaker === 'bot' ? 0.1 : 0), utterance: u });
    }
  }
  return out;
}

/**
 * Date-and-time mentions, as ISO instants. A time said without a day is
 * today's, or tomorrow's when it has already passed at the call's time.
 */
export function dateTimeCandidates(utterances: readonly Utterance[], scan: DateScan, clock: Clock): Candidate<string>[] {
  const out: Candidate<string>[] = [];
  // The time-zone conversion is the costly part: once per distinct day and time.
  const instants = new Map<string, string>();
  for (const u of utterances) {
    const found = scan[u.index];
    if (!found) continue;
    const { dates, times } = found;
    for (const t of times) {
      const d = dateFor(t, dates);
      // A weak time (`一点`, "at 3") only counts right next to a day.
      if (!t.strong && (d === null || Math.min(Math.abs(t.start - d.end), Math.abs(d.start - t.end)) > 4)) continue;
      const minutes = minutesOf(t, d?.evening === true);
      let date: CivilDate;
      let confidence: number;
      if (d) {
        date = d.date;
        confidence = d.confidence + 0.05;
      } else {
        date = minutes < clock.minutes ? addDays(clock.today, 1) : clock.today;
        confidence = 0.55;
      }
      const key = `${formatDate(date)} ${minutes}`;
      let value = instants.get(key);
      if (value === undefined) {
        value = toInstant(date, minutes, clock.timeZone);
        instants.set(key, value);
      }
      out.push({ key: value, value, confidence: confidence - (u.speaker === 'bot' ? 0.1 : 0), utterance: u });
    }
  }
  return out;
}

// ------------------------------------------------------------ follow-up

/** What a follow-up is bound to: a callback, a reply, a visit, a booking, an agreed slot. */
const PROMISE_CN =
  /回电|回复|答复|回访|给您打|打给您|打电话|联系您|通知您|告诉您|上门|安排|预约|约好|改到|改成|改约|那就|到时候|派送|送货|师傅|跟进|核实|发给您|短信|邮件|可以|有空|方便|等您|等你|吧/;
const PROMISE_EN =
  /\b(?:call|ring|phone|email|text|contact|reply|update|visit|come|book|booked|rebook|rebooked|appointment|schedul\w*|slot|works|fine|ok|okay|please|available|free|get back|let you know|technician|engineer|delivery|deliver|send|we have|make it|how about|what about|can we|can they|could we|it is|is good|will|mov(?:ed|e|ing) you)\b|'ll\b/;
/** The part of a sentence that says a mention was in the past or is an old booking. */
const PAST_CLAUSE =
  /买的|买了|下单|下的单|购买|付款|付的|收到|签收|原来|原先|本来|之前约|上次|以前|取消|原定|\b(?:bought|ordered|purchased|paid|received|delivered|arrived|came|went|tried|happened|stopped|missed|ago|last|was|were|did|originally|used to|cancel(?:led|ed|ling)?|instead of|moved from)\b/;
/** Someone turning a proposed time down (`三点不行`, "nine is too early", "Friday's no good"). */
const REJECTED = /不行|不方便|不在家|没空|没时间|不可以|不太行|不合适|有事|约满|没有号|too early|too late|no good|(?:'s|is|are) (?:gone|taken)|not available|unavailable|fully booked|booked up|doesn'?t work|does not work|won'?t work|can'?t do|cannot do|not good|not possible|i'?m (?:busy|out|away|at work)/;
/** Estimates are not commitments (`预计明天送达`, "should arrive"). */
const ESTIMATE = /预计|预估|大概|大约|估计|expected|estimated?\b|\beta\b|should (?:arrive|see|get|be)|usually|normally/;
const CLAUSE_END = /[。！？!?；;，,]/;

interface FollowUpMention {
  readonly utterance: Utterance;
  readonly at: number;
  readonly date: CivilDate | null;
  readonly minutes: number | null;
}

/** A follow-up: its day, its time when one was said, and the segments that said it. */
export interface FollowUp {
  readonly date: CivilDate;
  readonly minutes: number | null;
  readonly confidence: number;
  readonly utterances: readonly Utterance[];
}

/**
 * Whether a mention at `start`–`end` of `text` may be a follow-up: its clause does not say it was in
 * the past, an estimate, turned down, or the day of an order (`3号的订单`).
 */
function keepMention(text: string, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && !CLAUSE_END.test(text[a - 1] ?? '')) a -= 1;
  let b = end;
  while (b < text.length && !CLAUSE_END.test(text[b] ?? '')) b += 1;
  const before = text.slice(a, start);
  if (PAST_CLAUSE.test(before) || ESTIMATE.test(before)) return false;
  const after = text.slice(end, Math.min(text.length, b + 1 < text.length ? b + 12 : b));
  if (REJECTED.test(after)) return false;
  // A day that says what did not happen on it (`今天没有新的交易`) is not a promise.
  if (/^\s*(?:都|也|还|并)?没/.test(after)) return false;
  return !/^[^。！？!?]{0,6}(?:前|以前|之前)?(?:的(?:订单|单|时候)|下的单|买的|签收)/.test(after);
}

/** The time said with date `d` (`dateOf[k]` is `times[k]`'s date): a strong one first, else a weak one right next to it. */
function timeOf(d: DateMention, times: readonly TimeMention[], dateOf: readonly (DateMention | null)[]): TimeMention | undefined {
  for (let k = 0; k < times.length; k += 1) if (dateOf[k] === d && (times[k] as TimeMention).strong) return times[k];
  for (let k = 0; k < times.length; k += 1) {
    const t = times[k] as TimeMention;
    if (dateOf[k] === d && Math.min(Math.abs(t.start - d.end), Math.abs(d.start - t.end)) <= 4) return t;
  }
  return undefined;
}

/** `dateOf` of a segment without times (shared: most segments have none). */
const NO_DATES: readonly (DateMention | null)[] = [];

/**
 * The follow-up time of the call: a day (and time) in the future of the call,
 * said with a promise or an agreed slot (a callback, a reply, a visit, a
 * booking), not a purchase date, an old booking, a time turned down or an
 * estimate. The last one agreed wins, so corrections win (`三点不行，四点吧`,
 * "actually make it Thursday"); a time said alone takes the day under
 * discussion; a day said alone keeps the time said earlier for that day.
 */
export function followUp(utterances: readonly Utterance[], scan: DateScan, clock: Clock): FollowUp | null {
  const mentions: FollowUpMention[] = [];
  const todayNumber = daysBetween(clock.today, clock.today);
  for (const u of utterances) {
    const found = scan[u.index];
    if (!found || u.speaker === 'bot') continue;
    const text = u.lower;
    const next = utterances[u.index + 1];
    const accepted = next !== undefined && next.speaker !== u.speaker && /好的|可以|没问题|行|sure|ok|okay|works|fine|done|booked|it is|great|^\W*(?:yes|yeah|yep|go on|go ahead|sounds good|perfect|lovely)\b/.test(next.lower);
    const bound = PROMISE_CN.test(text) || PROMISE_EN.test(text) || accepted;
    if (!bound) continue;
    const { dates, times } = found;
    // The times said with a day (made only when one is: most segments have no time).
    let attached: Set<TimeMention> | null = null;
    // Each time's date once (a segment may hold hundreds of both).
    const dateOf = times.length === 0 ? NO_DATES : times.map((t) => dateFor(t, dates));
    for (const d of dates) {
      if (daysBetween(clock.today, d.date) < todayNumber) continue;
      const time = timeOf(d, times, dateOf);
      if (time) (attached ??= new Set()).add(time);
      if (!keepMention(text, d.start, time ? Math.max(d.end, time.end) : d.end)) continue;
      const minutes = time ? minutesOf(time, d.evening === true) : null;
      if (minutes !== null && daysBetween(clock.today, d.date) === 0 && minutes < clock.minutes) continue;
      mentions.push({ utterance: u, at: Math.min(d.start, time?.start ?? d.start), date: d.date, minutes });
    }
    for (const t of times) {
      if (attached?.has(t) || !t.strong || !keepMention(text, t.start, t.end)) continue;
      mentions.push({ utterance: u, at: t.start, date: null, minutes: minutesOf(t, false) });
    }
  }
  if (mentions.length === 0) return null;
  mentions.sort((a, b) => a.utterance.index - b.utterance.index || a.at - b.at);
  // Walk in order: a time alone moves the day under discussion to that time; a new day replaces it.
  type Current = { date: CivilDate; minutes: number | null; utterances: Utterance[] };
  let current = null as Current | null;
  for (const m of mentions) {
    if (m.date) {
      const previous = current;
      const sameDay = previous !== null && daysBetween(previous.date, m.date) === 0;
      const minutes = m.minutes ?? (sameDay && previous ? previous.minutes : null);
      // The list grows in place: the follow-up it belonged to is replaced, nothing else holds it
      // (a copy per mention was quadratic over an hour of "明天").
      let said: Utterance[];
      if (sameDay && previous) {
        said = previous.utterances;
        said.push(m.utterance);
      } else said = [m.utterance];
      current = { date: m.date, minutes, utterances: said };
    } else if (current) {
      current.utterances.push(m.utterance);
      current = { date: current.date, minutes: m.minutes, utterances: current.utterances };
    } else {
      // A time with no day: today's, or tomorrow's when it has passed.
      const minutes = m.minutes ?? 0;
      current = { date: minutes < clock.minutes ? addDays(clock.today, 1) : clock.today, minutes, utterances: [m.utterance] };
    }
  }
  if (!current) return null;
  const unique = [...new Set(current.utterances)].sort((a, b) => a.index - b.index);
  return { date: current.date, minutes: current.minutes, confidence: current.minutes === null ? 0.7 : 0.75, utterances: unique };
}
