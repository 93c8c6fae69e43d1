/**
 * Order, tracking and ID numbers: by the field's own pattern when it has one,
 * else by their shape and what they were called. Numbers said in pieces
 * (`K J 二零二五 零八 幺幺 四零`, "N Z dash four four seven…", `TB 2026 1124
 * 5566`) are joined first; a number the agent read back and the customer
 * confirmed is the best evidence; a correction (`不对，是…`, "sorry, I mean…")
 * replaces what the speaker said before. Internal to `src/smart-fill/`.
 */
import type { Candidate } from './candidates.js';
import { digitOfCode } from './numbers.js';
import { isSafePattern, type Utterance } from './text.js';

export type IdentifierKind = 'orderNumber' | 'trackingNumber' | 'idNumber';

interface Rule {
  /** Searches the text (global). */
  readonly search: RegExp;
  /** The capture group holding the value (0 = the whole match). */
  readonly group: number;
  readonly confidence: number;
  /** A further check of the value (e.g. the ID checksum). */
  readonly check?: (value: string) => boolean;
}

const B = '(?<![A-Za-z0-9])';
const E = '(?![A-Za-z0-9])';

const ORDER_CUE = /订单|单号|order/;
const TRACKING_CUE = /快递|运单|物流|包裹|tracking|parcel|shipment|waybill/;

/** What a number is called, nearest before it wins. */
const NAMED: readonly [RegExp, 'orderNumber' | 'trackingNumber' | 'other'][] = [
  [/运单号?|快递单号?|物流单号?|tracking(?:\s+(?:number|no\.?|#|id|code))?|waybill|consignment/g, 'trackingNumber'],
  [/订单号?|order(?:\s+(?:number|no\.?|#|id|reference|ref))?|reference(?:\s+number)?|confirmation number/g, 'orderNumber'],
  [/电话|手机|号码|联系方式|phone|mobile|cell|(?<!order |tracking )number (?:is|to reach)|call me|卡号|后四位|尾号|账号|身份证|证件|工号|card|account|ending|\bid\b|\bpin\b/g, 'other'],
];
/** Carriers' tracking shapes: a tracking number whatever it was called. */
const CARRIER = /^(?:SF\d{12,13}|YT\d{13}|JT\d{13}|JD[A-Z]?\d{11,13}|ZTO\d{12}|1Z[0-9A-Z]{16}|9[2-5]\d{20}|[A-Z]{2}\d{9}[A-Z]{2})$/;
const ORDER_SHAPE = /^[A-Z]{0,4}(?:-?\d+){1,4}$/;
const TRACKING_SHAPE = /^[A-Z0-9]{10,30}$/;
const CONFIRM = /^(?:[^a-z\u4e00-\u9fff]*)(?:对的?|是的|是|没错|嗯|对对|正确|yes|yeah|yep|correct|right|that'?s (?:it|right|correct)|exactly)/;
const READ_BACK = /核对|确认|重复|是这个吗|对吗|是吗|对吧|对不对|right\??|correct\??|confirm|so that'?s|just to confirm|[?？]$/;
const CORRECTION = /不对|不是|说错|错了|看错|更正|sorry,? i mean|\bi mean\b|\bactually\b|correction/;
const NOT_FOUND = /没有?查到|查不到|找不到|没找到|查无|不存在|can'?t find|couldn'?t find|cannot find|unable to find|not finding|not seeing|(?:can'?t|don'?t) see (?:it|that|one|an? order)|no record|nothing (?:under|on) (?:that|this)|no (?:such )?order|doesn'?t exist/;
const EN_DIGIT: ReadonlyMap<string, string> = new Map([
  ['zero', '0'], ['oh', '0'], ['one', '1'], ['two', '2'], ['three', '3'], ['four', '4'], ['five', '5'], ['six', '6'], ['seven', '7'], ['eight', '8'], ['nine', '9'],
]);

/** One number as said, joined from its pieces. */
interface Run {
  readonly value: string;
  readonly start: number;
  readonly digits: number;
}

/**
 * The utterance's letter-and-digit runs: Chinese and English digit words to
 * digits, "dash" to `-`, then tokens separated only by spaces joined while they
 * look like one identifier (at most four capital letters first, then digits,
 * hyphens, or words of letters and digits).
 */
export function identifierRuns(text: string): Run[] {
  const out: Run[] = [];
  let parts = '';
  let start = -1;
  let sawDigit = false;
  let letters = 0;
  let repeat = 1;
  /** A comma or 、 after a piece: the run goes on only if a group of digits follows (`2026，1109，7788`). */
  let comma = false;
  const flush = (): void => {
    const value = parts.endsWith('-') ? parts.replace(/-+$/, '') : parts;
    const digits = start >= 0 ? countDigits(value) : 0;
    if (digits >= 5) out.push({ value, start, digits });
    parts = '';
    start = -1;
    sawDigit = false;
    letters = 0;
    repeat = 1;
    comma = false;
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 0xa0 || code === 0x3000) {
      i += 1;
      continue;
    }
    let j = i;
    let piece: string | null;
    if (isAsciiAlnum(code)) {
      // The token's digits and capitals, counted while finding its end: most tokens are words that
      // cannot be part of a number, and those are neither sliced nor lower-cased.
      let digitCount = 0;
      let capitals = 0;
      for (let c = code; j < n && isAsciiAlnum(c); j += 1, c = text.charCodeAt(j)) {
        if (c <= 57) digitCount += 1;
        else if (c <= 90) capitals += 1;
      }
      const length = j - i;
      if (digitCount === length) {
        const d = text.slice(i, j);
        piece = repeat > 1 && length === 1 ? d.repeat(repeat) : d;
      } else if (digitCount > 0) piece = parts === '' ? text.slice(i, j).toUpperCase() : null;
      else {
        // Letters only. The words that mean something here (digit words, double, triple, dash,
        // hyphen) are two to six letters long.
        const lower = length >= 2 && length <= 6 ? text.slice(i, j).toLowerCase() : '';
        if (lower === 'double' || lower === 'triple') {
          repeat = lower === 'double' ? 2 : 3;
          i = j;
          continue;
        }
        const digit = length <= 5 && lower !== '' ? EN_DIGIT.get(lower) : undefined;
        if (lower === 'dash' || lower === 'hyphen') piece = parts !== '' ? '-' : null;
        else if (digit !== undefined) piece = repeat > 1 ? digit.repeat(repeat) : digit;
        else if (capitals === length && length <= 4) piece = !sawDigit && letters + length <= 4 ? text.slice(i, j) : null;
        else piece = null;
      }
    } else if (digitOfCode(code) >= 0) {
      let digits = '';
      while (j < n && text.charCodeAt(j) > 127) {
        const d = digitOfCode(text.charCodeAt(j));
        if (d < 0) break;
        digits += String(d);
        j += 1;
      }
      piece = digits;
    } else if ((code === 44 || code === 0xff0c || code === 0x3001) && parts !== '' && !comma) {
      comma = true;
      i += 1;
      continue;
    } else if (code === 45 || text[i] === '横') {
      j = text[i] === '横' && text[i + 1] === '杠' ? i + 2 : i + 1;
      piece = text[i] === '横' && j === i + 1 ? null : parts !== '' ? '-' : null;
    } else {
      flush();
      i += 1;
      continue;
    }
    repeat = 1;
    if (comma) {
      comma = false;
      // After a pause only a group of digits (or a dash) goes on with the number, and only when it is
      // not a quantity (`ABC123，456元`): what follows it is a pause, the end, or more of the number.
      const next = j < n ? text.charCodeAt(j) : 32;
      const grouped = piece !== null && (piece === '-' || (isDigits(piece) && !isUnitAfter(next)));
      if (!grouped && !(sawDigit && capitalsAt(text, i, j) && isS10Suffix(parts, text.slice(i, j)))) {
        flush();
        continue;
      }
    }
    if (piece === null && sawDigit && capitalsAt(text, i, j) && isS10Suffix(parts, text.slice(i, j))) piece = text.slice(i, j);
    if (piece === null) {
      // The token ends the run; it may start the next one.
      const hadRun = parts !== '';
      flush();
      if (!hadRun) i = j;
      continue;
    }
    if (start < 0) start = i;
    if (/\d/.test(piece)) sawDigit = true;
    else if (piece !== '-') letters += piece.length;
    parts += piece;
    i = j;
  }
  flush();
  return out;
}

function isDigits(piece: string): boolean {
  return piece !== '' && countDigits(piece) === piece.length;
}

/** Whether the character after a digit group makes it a quantity (`456元`, `3 pm`'s letters excepted: a space). */
function isUnitAfter(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 37;
}

function capitalsAt(text: string, i: number, j: number): boolean {
  for (let k = i; k < j; k += 1) {
    const c = text.charCodeAt(k);
    if (c < 65 || c > 90) return false;
  }
  return j > i;
}

/**
 * The UPU S10 shape of international mail (`HX447109236GB`): two letters, nine digits, and the two
 * letters of the country that closes it, which may be said after the digits (`… two three six, G B`).
 */
function isS10Suffix(parts: string, piece: string): boolean {
  const joined = parts.replace(/-/g, '') + piece;
  return /^[A-Z]{2}\d{9}[A-Z]{1,2}$/.test(joined);
}

function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function countDigits(value: string): number {
  let n = 0;
  for (let k = 0; k < value.length; k += 1) {
    const code = value.charCodeAt(k);
    if (code >= 48 && code <= 57) n += 1;
  }
  return n;
}

/** `YX2026111805` → `YX` + 10 digits: numbers of one system share it. */
function shapeOf(value: string): string {
  return `${/^[A-Z]*/.exec(value)?.[0] ?? ''}${value.replace(/\D/g, '').length}`;
}

type Named = 'orderNumber' | 'trackingNumber' | 'other';
/** Where each segment names a kind of number, by its text: one fill's, dropped with it (no module state). */
type NamesMemo = Map<string, readonly { at: number; kind: Named }[]>;

/** Where the segment names a kind of number, in order. */
function namesIn(text: string, memo: NamesMemo): readonly { at: number; kind: Named }[] {
  let names = memo.get(text);
  if (names) return names;
  const found: { at: number; kind: Named }[] = [];
  for (const [re, kind] of NAMED) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) found.push({ at: m.index, kind });
  }
  names = found.sort((x, y) => x.at - y.at);
  memo.set(text, names);
  return names;
}

/** The kind a run was called: by the nearest name before it in its segment. */
function nameBefore(text: string, at: number, memo: NamesMemo): Named | null {
  let best: Named | null = null;
  for (const n of namesIn(text, memo)) {
    if (n.at >= at) break;
    best = n.kind;
  }
  return best;
}

function lastName(text: string, memo: NamesMemo): Named | null {
  return nameBefore(text, text.length, memo);
}

interface Mention {
  readonly value: string;
  /** `value` without hyphens: one number however it was grouped (computed once, compared often). */
  readonly key: string;
  readonly kind: 'orderNumber' | 'trackingNumber' | 'other' | null;
  readonly utterance: Utterance;
  /** Adjusted once, when the run's mentions are computed (read-back, correction, not found). */
  confidence: number;
  readonly correction: boolean;
}

/**
 * Order and tracking numbers by shape and by what they were called, with the
 * agent's read-back confirmed by the customer as the strongest evidence.
 */
const EN_DIGIT_WORDS = /\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b|\d/g;

/**
 * Whether a segment has at least five digits of any kind (ASCII and Chinese
 * digits, or English digit words): an identifier has more.
 */
function digitRich(u: Utterance): boolean {
  if (u.digits + u.cnDigits >= 5) return true;
  // Fewer than five digit characters: five needs English digit words (which need a letter).
  if (!u.latin) return false;
  let n = 0;
  EN_DIGIT_WORDS.lastIndex = 0;
  while (EN_DIGIT_WORDS.exec(u.lower)) if (++n >= 5) return true;
  return false;
}

/** One run's identifier mentions (shared by the order and tracking fields). */
const mentionCache = new WeakMap<readonly Utterance[], Mention[]>();

function identifierMentions(utterances: readonly Utterance[]): Mention[] {
  const cached = mentionCache.get(utterances);
  if (cached) return cached;
  const mentions: Mention[] = [];
  const known = new Map<string, Mention['kind']>();
  const shapes = new Map<string, Mention['kind']>();
  const byUtterance = new Map<Utterance, Mention[]>();
  const names: NamesMemo = new Map();
  for (let i = 0; i < utterances.length; i += 1) {
    const u = utterances[i] as Utterance;
    if (u.speaker === 'bot' || !digitRich(u)) continue;
    const runs = identifierRuns(u.text);
    if (runs.length === 0) continue;
    const correction = CORRECTION.test(u.lower);
    for (const run of runs) {
      if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(run.value)) continue;
      const key = run.value.replace(/-/g, '');
      const own = nameBefore(u.lower, run.start, names);
      let named = own;
      if (named === null) {
        // The question it answers, or the number it reads back.
        for (let k = i - 1; k >= Math.max(0, i - 3) && named === null; k -= 1) {
          const prev = utterances[k] as Utterance;
          const same = byUtterance.get(prev)?.find((m) => m.key === key);
          named = same?.kind ?? (prev.speaker !== u.speaker ? lastName(prev.lower, names) : null);
        }
      }
      if (named === null) named = known.get(key) ?? null;
      // The same shape as a number named before (a corrected order number): the same kind.
      if (named === null) named = shapes.get(shapeOf(run.value)) ?? null;
      if (CARRIER.test(key) && named !== 'orderNumber') named = 'trackingNumber';
      if (named === 'other') continue;
      if (named === null && !/[A-Z]/.test(run.value)) continue;
      let confidence = named === null ? 0.5 : 0.7;
      if (own !== null) confidence += 0.1;
      if (u.speaker === 'customer') confidence += 0.05;
      if (correction) confidence += 0.1;
      const mention: Mention = { value: run.value, key, kind: named, utterance: u, confidence, correction };
      mentions.push(mention);
      const list = byUtterance.get(u);
      if (list) list.push(mention);
      else byUtterance.set(u, [mention]);
      known.set(key, named);
      if (named !== null) shapes.set(shapeOf(run.value), named);
    }
  }
  const byValue = new Map<string, Mention[]>();
  for (const m of mentions) {
    const list = byValue.get(m.key);
    if (list) list.push(m);
    else byValue.set(m.key, [m]);
  }
  // Read back and confirmed; corrected; not found.
  for (let i = 0; i < mentions.length; i += 1) {
    const m = mentions[i] as Mention;
    const u = m.utterance;
    const next = utterances[u.index + 1];
    const same = byValue.get(m.key) ?? [];
    if (u.speaker === 'agent') {
      if (next && next.speaker === 'customer' && READ_BACK.test(u.lower) && CONFIRM.test(next.lower) && !CORRECTION.test(next.lower)) {
        for (const other of same) other.confidence += 0.2;
      }
      if (NOT_FOUND.test(u.lower)) for (const other of same) other.confidence -= 0.3;
    }
    if (m.correction) {
      for (let k = i - 1; k >= 0; k -= 1) {
        const earlier = mentions[k] as Mention;
        if (u.index - earlier.utterance.index > 6) break;
        const sameKind = earlier.kind === m.kind || earlier.kind === null || m.kind === null;
        if (earlier.utterance.speaker === u.speaker && sameKind && earlier.value !== m.value) earlier.confidence -= 0.4;
      }
    }
  }
  // "I'm not finding that one" with no number in it: the number said just before was not found.
  for (let i = 0; i < utterances.length; i += 1) {
    const u = utterances[i] as Utterance;
    if (u.speaker !== 'agent' || byUtterance.has(u) || !NOT_FOUND.test(u.lower)) continue;
    for (let k = i - 1; k >= Math.max(0, i - 2); k -= 1) {
      const said = byUtterance.get(utterances[k] as Utterance);
      if (!said) continue;
      for (const m of said) for (const other of byValue.get(m.key) ?? []) if (other.utterance.index < i) other.confidence -= 0.3;
      break;
    }
  }
  mentionCache.set(utterances, mentions);
  return mentions;
}

/**
 * Digits-only numbers called an order or tracking number (or answering a
 * question about one), by utterance: such a number is not also a phone number.
 */
export function namedNumbers(utterances: readonly Utterance[]): Map<Utterance, string[]> {
  const out = new Map<Utterance, string[]>();
  for (const m of identifierMentions(utterances)) {
    if ((m.kind !== 'orderNumber' && m.kind !== 'trackingNumber') || m.confidence < 0.6) continue;
    const digits = m.key;
    if (!/^\d{7,}$/.test(digits)) continue;
    const list = out.get(m.utterance);
    if (list) list.push(digits);
    else out.set(m.utterance, [digits]);
  }
  return out;
}

function spokenIdentifiers(
  utterances: readonly Utterance[],
  kind: 'orderNumber' | 'trackingNumber',
  anyShape = false,
): Candidate<string>[] {
  const mentions = identifierMentions(utterances);
  const out: Candidate<string>[] = [];
  for (const m of mentions) {
    const key = m.key;
    const want = m.kind === kind || (m.kind === null && kind === 'orderNumber');
    if (!want) continue;
    const shape = anyShape || (kind === 'orderNumber' ? ORDER_SHAPE.test(m.value) : TRACKING_SHAPE.test(key) || CARRIER.test(key));
    if (!shape) continue;
    if (m.kind === null && !ORDER_SHAPE.test(m.value)) continue;
    out.push({ key, value: m.value, confidence: Math.min(0.98, m.confidence), utterance: m.utterance });
  }
  // Mentions of one number with and without hyphens: the hyphenated form as written.
  const hyphenated = new Map<string, string>();
  for (const c of out) if (c.value.includes('-')) hyphenated.set(c.key, c.value);
  return out.map((c) => (hyphenated.has(c.key) ? { ...c, value: hyphenated.get(c.key) as string } : c));
}
const ID_CUE = /身份证|证件|id number|identity|\bid\b/;

const DEFAULT_RULES: { readonly [K in IdentifierKind]: readonly Rule[] } = {
  orderNumber: [
    { search: new RegExp(`${B}[A-Z]{2}\\d{8}${E}`, 'g'), group: 0, confidence: 0.7 },
    {
      search: /(?:订单号?|单号|order(?:\s+(?:number|no\.?|#|id))?)\s*(?:是|为|:|#|is)?\s*(\d{10,20})(?!\d)/gi,
      group: 1,
      confidence: 0.8,
    },
  ],
  trackingNumber: [
    {
      search: new RegExp(`${B}(?:SF\\d{12}|YT\\d{13}|JT\\d{13}|JD[A-Z]?\\d{11,13}|ZTO\\d{12}|1Z[0-9A-Z]{16})${E}`, 'g'),
      group: 0,
      confidence: 0.8,
    },
    {
      search: /(?:快递单号|运单号|物流单号|tracking\s+(?:number|no\.?|#|id)?)\s*(?:是|为|:|#|is)?\s*([A-Z0-9]{10,22})(?![A-Za-z0-9])/gi,
      group: 1,
      confidence: 0.75,
    },
  ],
  idNumber: [
    {
      search: new RegExp(`${B}\\d{17}[\\dXx]${E}`, 'g'),
      group: 0,
      confidence: 0.85,
      check: isResidentId,
    },
  ],
};

const CUES: { readonly [K in IdentifierKind]: RegExp } = {
  orderNumber: ORDER_CUE,
  trackingNumber: TRACKING_CUE,
  idNumber: ID_CUE,
};

const patternCache = new Map<string, { search: RegExp; whole: RegExp } | null>();

/**
 * The field's pattern made searchable: anchors dropped, the value bounded by
 * non-alphanumerics; and the whole-value form to verify. Null when invalid.
 */
function compilePattern(pattern: string): { search: RegExp; whole: RegExp } | null {
  if (patternCache.has(pattern)) return patternCache.get(pattern) ?? null;
  let compiled: { search: RegExp; whole: RegExp } | null = null;
  if (!isSafePattern(pattern)) {
    patternCache.set(pattern, null);
    return null;
  }
  try {
    const inner = pattern.replace(/^\^/, '').replace(/(?<!\\)\$$/, '');
    compiled = {
      search: new RegExp(`${B}(?:${inner})${E}`, 'g'),
      whole: new RegExp(`^(?:${inner})$`),
    };
    // A pattern that matches the empty string would match everywhere.
    if (compiled.whole.test('')) compiled = null;
  } catch {
    compiled = null;
  }
  if (patternCache.size > 100) patternCache.clear();
  patternCache.set(pattern, compiled);
  return compiled;
}

/**
 * Mentions of an order, tracking or ID number. With `pattern` (a JavaScript
 * regular expression the whole value must match), only values matching it.
 */
export function identifierCandidates(
  utterances: readonly Utterance[],
  kind: IdentifierKind,
  pattern?: string,
): Candidate<string>[] {
  let rules: readonly Rule[] = DEFAULT_RULES[kind];
  const patterned = typeof pattern === 'string' && pattern !== '';
  if (!patterned && kind !== 'idNumber') return spokenIdentifiers(utterances, kind);
  if (patterned) {
    const compiled = compilePattern(pattern);
    if (!compiled) return [];
    rules = [
      {
        search: compiled.search,
        group: 0,
        confidence: 0.8,
        check: (value) =>
          compiled.whole.test(value) &&
          (kind !== 'idNumber' || !/^\d{17}[\dX]$/i.test(value) || isResidentId(value)),
      },
    ];
  }
  const cue = CUES[kind];
  const out: Candidate<string>[] = [];
  for (const u of utterances) {
    // Every identifier has a digit.
    if (u.digits === 0) continue;
    const bonus = (cue.test(u.lower) ? 0.1 : 0) + (u.speaker === 'bot' ? -0.1 : 0);
    for (const rule of rules) {
      rule.search.lastIndex = 0;
      for (let m = rule.search.exec(u.text); m; m = rule.search.exec(u.text)) {
        if (m[0] === '') {
          rule.search.lastIndex += 1;
          continue;
        }
        const value = (m[rule.group] ?? '').toUpperCase();
        if (value === '' || (rule.check && !rule.check(value))) continue;
        out.push({ key: value, value, confidence: rule.confidence + bonus, utterance: u });
      }
    }
  }
  // A value of the field's shape said in pieces (`Y T 二零二六 幺幺 幺八`), or read back and confirmed.
  if (patterned && kind !== 'idNumber') {
    const check = rules[0]?.check;
    const seen = new Set(out.map((c) => `${c.utterance.index} ${c.key}`));
    for (const c of spokenIdentifiers(utterances, kind, true)) {
      const value = c.value.toUpperCase();
      if (check && !check(value)) continue;
      if (seen.has(`${c.utterance.index} ${value}`)) continue;
      out.push({ ...c, key: value, value });
    }
  }
  return out;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Whether an 18-character Chinese resident ID has a valid checksum and birth date. */
export function isResidentId(value: string): boolean {
  if (!/^\d{17}[\dX]$/i.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * (ID_WEIGHTS[i] ?? 0);
  if (ID_CHECK[sum % 11] !== value[17]?.toUpperCase()) return false;
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
