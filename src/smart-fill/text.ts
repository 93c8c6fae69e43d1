/**
 * Segment preparation and small text helpers shared by the smart-fill rules.
 * Internal to `src/smart-fill/`.
 */
import type { ConversationSegment, LocalizedText, Speaker } from '../adapter/types.js';
import { CN_DIGIT_CLASS } from './numbers.js';

/** A final segment, ready for the rules: compatibility forms folded, lower-cased once. */
export interface Utterance {
  readonly id: string;
  readonly seq: number;
  readonly speaker: Speaker;
  /** The text with full-width forms folded to ASCII (`１３８` → `138`, `：` → `:`). */
  readonly text: string;
  /** The text as said (for quoting it, e.g. in the remark). */
  readonly raw: string;
  /** `text` lower-cased, for English keyword matching. */
  readonly lower: string;
  /** Position in the prepared list (0 = first said). */
  readonly index: number;
  /** Whether `text` has Chinese characters (rules of Chinese wording run only then). */
  readonly cjk: boolean;
  /** Whether `lower` has a Latin letter (rules of English wording run only then). */
  readonly latin: boolean;
  /** How many ASCII digits `text` has (the digit-based rules skip a segment without any). */
  readonly digits: number;
  /** How many Chinese digits `text` has (`零〇一二两三四五六七八九幺`, the ones said in numbers). */
  readonly cnDigits: number;
  /** The longest run of Chinese digit characters in `text` (financial forms included). */
  readonly cnRun: number;
}

/**
 * Character classes, by char code, for the one pass over each (folded) segment in
 * {@link prepareSegments}: the digits, white space (what `\S` is not), and the characters
 * `toLowerCase` leaves unchanged for sure (ASCII but `A`–`Z`, Latin-1 signs, general punctuation,
 * CJK punctuation and kana, CJK ideographs, half-width forms). A segment with any other character
 * (a capital, a letter of another script, a surrogate) is lower-cased; one without any is its own
 * lower-case form.
 */
const ASCII_DIGIT = 1;
const CN_DIGIT = 2;
const CN_DIGIT_ANY = 4;
const SPACE = 8;
const CASELESS = 16;
const CHAR_CLASS = ((): Uint8Array => {
  const table = new Uint8Array(0x10000);
  const add = (code: number, bit: number): void => {
    table[code] = (table[code] as number) | bit;
  };
  for (let c = 48; c <= 57; c += 1) add(c, ASCII_DIGIT);
  for (const ch of '零〇一二两三四五六七八九幺') add(ch.charCodeAt(0), CN_DIGIT);
  for (const ch of CN_DIGIT_CLASS) add(ch.charCodeAt(0), CN_DIGIT_ANY);
  for (const [from, to] of [[0x00, 0x40], [0x5b, 0x7f], [0x80, 0xbf], [0x2000, 0x206f], [0x3000, 0x30ff], [0x3400, 0x9fff], [0xff5f, 0xffef]] as const) {
    for (let c = from; c <= to; c += 1) add(c, CASELESS);
  }
  // JavaScript's white space and line terminators (`\s`).
  for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]) add(c, SPACE);
  for (let c = 0x2000; c <= 0x200a; c += 1) add(c, SPACE);
  return table;
})();

const NEEDS_FOLD = /[\u3000\uff01-\uff5e\uffe0-\uffe6]/;
const FULL_WIDTH_SIGNS: { readonly [ch: string]: string } = {
  '\u3000': ' ', '\uffe0': '¢', '\uffe1': '£', '\uffe2': '¬', '\uffe3': '¯', '\uffe4': '¦', '\uffe5': '¥', '\uffe6': '₩',
};
const CJK = /[\u3400-\u9fff]/;

/**
 * The final segments, deduplicated by id (the last one in the input wins) and
 * ordered by `seq` (then by first appearance). Interim segments, and segments
 * without an id or with non-string text, are ignored.
 */
export function finalSegments(segments: readonly ConversationSegment[]): ConversationSegment[] {
  if (!Array.isArray(segments)) return [];
  /** Each id's slot, in order of first appearance; the slot holds the id's last segment. */
  const slotOf = new Map<string, number>();
  const slots: ConversationSegment[] = [];
  for (const segment of segments as readonly unknown[]) {
    if (segment === null || typeof segment !== 'object') continue;
    const s = segment as ConversationSegment;
    if (typeof s.id !== 'string' || typeof s.text !== 'string' || s.final !== true) continue;
    const slot = slotOf.get(s.id);
    if (slot === undefined) {
      slotOf.set(s.id, slots.length);
      slots.push(s);
    } else slots[slot] = s;
  }
  // A live transcript is nearly always in seq order already: then the (stable) sort would change nothing.
  let sorted = true;
  for (let i = 1; i < slots.length && sorted; i += 1) {
    sorted = seqOf(slots[i - 1] as ConversationSegment) <= seqOf(slots[i] as ConversationSegment);
  }
  if (sorted) return slots;
  return slots
    .map((segment, order) => ({ segment, order }))
    .sort((a, b) => seqOf(a.segment) - seqOf(b.segment) || a.order - b.order)
    .map((entry) => entry.segment);
}

/**
 * The rules read at most this much of one segment: a recognizer's segment is
 * a sentence or two; this keeps a pathological one from costing much.
 */
export const MAX_SEGMENT_CHARS = 2000;

/**
 * The characters folding changes: full-width letters, digits and punctuation to ASCII (`１３８` →
 * `138`, `：` → `:`, `￥` → `¥`), the ideographic space to a space. One `replace` over a segment that
 * has any; other text unchanged, string length and positions kept.
 */
const TO_FOLD = /[\u3000\uff01-\uff5e\uffe0-\uffe6]/g;

function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : (FULL_WIDTH_SIGNS[ch] ?? ch);
}

/** {@link finalSegments}, folded and lower-cased for the rules; blank ones dropped. */
export function prepareSegments(segments: readonly ConversationSegment[]): Utterance[] {
  const out: Utterance[] = [];
  for (const segment of finalSegments(segments)) {
    const raw = segment.text.length > MAX_SEGMENT_CHARS ? segment.text.slice(0, MAX_SEGMENT_CHARS) : segment.text;
    // Folded in one `replace` (a flat string, no pieces), then one pass for what the rules' quick
    // checks need (lower-casing adds or removes no digit, Chinese character or Latin letter).
    const text = NEEDS_FOLD.test(raw) ? raw.replace(TO_FOLD, foldChar) : raw;
    const n = text.length;
    let blank = true;
    let caseless = true;
    let cjk = false;
    let latin = false;
    let digits = 0;
    let cnDigits = 0;
    let cnRun = 0;
    let run = 0;
    for (let i = 0; i < n; i += 1) {
      const code = text.charCodeAt(i);
      const bits = CHAR_CLASS[code] as number;
      if (!(bits & SPACE)) blank = false;
      if (!(bits & CASELESS)) caseless = false;
      if (code >= 0x3400 && code <= 0x9fff) cjk = true;
      else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) latin = true;
      if (bits & ASCII_DIGIT) digits += 1;
      if (bits & CN_DIGIT) cnDigits += 1;
      if (bits & CN_DIGIT_ANY) {
        run += 1;
        if (run > cnRun) cnRun = run;
      } else run = 0;
    }
    // Blank (what trim() removes is what \S is not).
    if (blank) continue;
    out.push({
      id: segment.id,
      seq: seqOf(segment),
      speaker: segment.speaker,
      text,
      raw,
      lower: caseless ? text : text.toLowerCase(),
      index: out.length,
      cjk,
      latin,
      digits,
      cnDigits,
      cnRun,
    });
  }
  return out;
}

function seqOf(segment: ConversationSegment): number {
  return typeof segment.seq === 'number' && Number.isFinite(segment.seq) ? segment.seq : 0;
}

/**
 * Whether the conversation is mostly Chinese: more of the customer's and the
 * agent's segments contain Chinese characters than not.
 */
export function isMostlyChinese(utterances: readonly Utterance[]): boolean {
  let chinese = 0;
  let other = 0;
  for (const u of utterances) {
    if (u.speaker === 'bot') continue;
    if (u.cjk) chinese += 1;
    else other += 1;
  }
  return chinese > 0 && chinese >= other;
}

/** Whether `text` contains Chinese characters. */
export function hasChinese(text: string): boolean {
  return CJK.test(text);
}

/** Every string of a localized text (all locales). */
export function allTexts(text: LocalizedText | null | undefined): string[] {
  if (typeof text === 'string') return [text];
  if (text && typeof text === 'object') {
    return Object.values(text).filter((value): value is string => typeof value === 'string');
  }
  return [];
}

/** Escapes `text` for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A regular expression whose top-level alternatives are split by script: the
 * alternatives with Chinese characters, and the others (English wording). A
 * segment is searched only with the part its script can match, which halves
 * the work of the long keyword alternations on a one-script call. Flags are kept.
 */
export interface ScriptSplit {
  /** The Chinese alternatives, or null when there are none. */
  readonly cjk: RegExp | null;
  /** The other alternatives, or null when there are none. */
  readonly latin: RegExp | null;
}

export function splitByScript(re: RegExp): ScriptSplit {
  const source = re.source;
  const alternatives: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i];
    if (ch === '\\') {
      i += 1;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') inClass = true;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === '|' && depth === 0) {
      alternatives.push(source.slice(from, i));
      from = i + 1;
    }
  }
  alternatives.push(source.slice(from));
  const cjk = alternatives.filter((a) => CJK.test(a) && !LATIN_WORD.test(a.replace(/\\[a-zA-Z]/g, '')));
  const latin = alternatives.filter((a) => !cjk.includes(a));
  const make = (list: string[]): RegExp | null => (list.length === 0 ? null : new RegExp(list.join('|'), re.flags));
  return { cjk: make(cjk), latin: make(latin) };
}

const LATIN_WORD = /[A-Za-z]/;

/**
 * Part `part` of `split` (0: the Chinese wording, 1: the rest) if it can match `u`, else null: Chinese
 * wording needs Chinese text, the rest a Latin letter (or, with `latinNeedsLetter` false, any text).
 * Asked part by part, so the rules' inner loops build no list per segment.
 */
export function partOf(split: ScriptSplit, u: Utterance, part: 0 | 1, latinNeedsLetter = true): RegExp | null {
  if (part === 0) return u.cjk ? split.cjk : null;
  return u.latin || !latinNeedsLetter ? split.latin : null;
}

/** Control characters (but tab and newline), bidi embeddings/overrides/isolates, zero-width characters. */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** `text` without control, bidi-override and zero-width characters: what a field may show. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Patterns longer than this are not run on the conversation. */
const MAX_PATTERN_LENGTH = 200;

/**
 * Whether an admin's field pattern is safe to run on what was said: short,
 * no backreference, and no quantified group that itself holds a quantifier or
 * an alternation (`(a+)+`, `(a|a)*`, `(\d{2,})*`), the shapes that backtrack
 * exponentially. A pattern that is not safe is not used (the field is not filled
 * from the conversation).
 */
export function isSafePattern(pattern: string): boolean {
  if (pattern.length > MAX_PATTERN_LENGTH || /\\[1-9]|\\k</.test(pattern)) return false;
  /** Per open group: whether it holds a quantifier or an alternation. */
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i];
    if (ch === '\\') {
      i += 1;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') stack.push(false);
    else if (ch === '|') {
      if (stack.length > 0) stack[stack.length - 1] = true;
    } else if (ch === ')') {
      const risky = stack.pop() ?? false;
      const next = pattern[i + 1];
      const quantified = next === '*' || next === '+' || next === '?' || next === '{';
      // A group repeated (not just optional) that holds a quantifier or an alternation.
      const repeated = quantified && !(next === '?' || /^\{0?,?1\}/.test(pattern.slice(i + 1)));
      if (risky && repeated) return false;
      const fixed = next === '{' && /^\{\d+\}/.test(pattern.slice(i + 1));
      if (stack.length > 0 && (risky || (quantified && !fixed))) stack[stack.length - 1] = true;
    } else if (ch === '?' && stack.length > 0 && !/[(*+?}]/.test(pattern[i - 1] ?? '(')) {
      // An optional element (`a?`) makes a repeated group ambiguous too; `(?:`, `(?=` and lazy `+?` are not that.
      stack[stack.length - 1] = true;
    } else if ((ch === '*' || ch === '+' || (ch === '{' && !/^\{\d+\}/.test(pattern.slice(i)))) && stack.length > 0) {
      // A repeat of a fixed count (`\d{4}`) does not make a group ambiguous; `+`, `*`, `{1,5}` do.
      stack[stack.length - 1] = true;
    }
  }
  return true;
}
