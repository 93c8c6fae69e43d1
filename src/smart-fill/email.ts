/**
 * Email addresses, written (`emily.carter@example.com`) or spoken
 * (`emily dot carter at example dot com`, `zhangwei 艾特 example 点 com`).
 * Internal to `src/smart-fill/`.
 */
import type { Candidate } from './candidates.js';
import { parseEnglishNumber } from './numbers.js';
import type { Utterance } from './text.js';

const WRITTEN = /(?<![\w.%+-])[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_])?@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24}(?![a-z0-9-])/g;
/** A label of a domain, its pieces joined by a spoken hyphen (`okafor hyphen build`). */
const WORD = '[a-z0-9]+(?:[\\s,，、]*(?:hyphen|dash|横杠|中划线|-)[\\s,，、]*[a-z0-9]+)*';
/** A spoken dot, with the pauses a recognizer writes around it (`一六三，点，com`). */
const DOT = '[\\s,，、]*(?:dot|点|\\.)[\\s,，、]*';
/** "at" (or 艾特 / 圈a) and the domain after it, which says its dots: `at outlook dot com`. */
const SPOKEN_AT = new RegExp(
  `(?:\\bat\\b|艾特|圈a)[\\s,，、]*(${WORD}(?:${DOT}${WORD}){0,3}${DOT}(?:com|cn|net|org|io|co|edu|gov|info|biz|uk|us|hk|sg|au|ca|ie|nz|in|za|de|jp))(?![a-z0-9])`,
  'g',
);
/** "All one word": the words said before "at" are one local part (`g whitfield plumbing`). */
const ONE_WORD = /all one word|one word|连在一起|连着写|中间没有(?:空格|符号)/;
/** Chinese digits, said inside an address (`八六五三二幺零九九 艾特 qq 点 com`). */
const CN_DIGITS = /[零〇一二两三四五六七八九幺]/g;
const CN_DIGIT_VALUE: { readonly [ch: string]: string } = { 零: '0', 〇: '0', 一: '1', 幺: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
/** The words that join a spoken local part's pieces, and what they stand for. */
const JOINERS: { readonly [word: string]: string } = { dot: '.', 点: '.', underscore: '_', 下划线: '_', dash: '-', hyphen: '-', 横杠: '-', 中划线: '-' };
/** A piece glued to its neighbour without a joiner: a letter said alone (`d kowalski`, `s g`) or a number (`eighty-eight`). */
const LETTER = /^[a-z]$/;
/** Letters or digits spelled one by one with hyphens, as an agent reads an address back (`j-e-s-s`). */
const SPELLED = /^[a-z0-9](?:-[a-z0-9])+$/;
/** Words that end a spoken local part read backwards (`email me at…`, `send it to you at…`). */
const NOT_LOCAL = new Set(['is', 'it', 'its', 'to', 'me', 'you', 'us', 'my', 'the', 'and', 'or', 'on', 'in', 'was', 'email', 'mail', 'e-mail', 'address', 'that', 'so', 'yes', 'yeah', 'use', 'send', 'please', 'of', 'for', 'from', 'reach', 'contact', 'them', 'him', 'her']);
const DIGIT_WORDS: { readonly [word: string]: string } = {
  zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
};
const EMAIL_CUE = /邮箱|邮件|email|e-mail|mail/;
const FAST = /@|\bat\b|艾特|圈a/;

/** Email address mentions, lower-cased. */
export function emailCandidates(utterances: readonly Utterance[]): Candidate<string>[] {
  const out: Candidate<string>[] = [];
  for (const u of utterances) {
    const text = u.lower;
    if (!FAST.test(text)) continue;
    const base = (u.speaker === 'customer' ? 0.05 : 0) + (EMAIL_CUE.test(text) ? 0.05 : 0);
    if (text.includes('@')) {
      WRITTEN.lastIndex = 0;
      for (let m = WRITTEN.exec(text); m; m = WRITTEN.exec(text)) {
        out.push({ key: m[0], value: m[0], confidence: 0.85 + base, utterance: u });
      }
    } else if (text.includes('dot') || text.includes('点')) {
      // A spoken address says its domain's dot. Chinese digits in it are the address's digits (one
      // character for one: positions kept).
      const said = u.cjk ? text.replace(CN_DIGITS, (d) => CN_DIGIT_VALUE[d] ?? d) : text;
      const next = utterances[u.index + 1];
      const oneWord = ONE_WORD.test(said) || (next !== undefined && ONE_WORD.test(next.lower)) || ONE_WORD.test(utterances[u.index + 2]?.lower ?? '');
      // The cue may be in the question it answers ("发到您邮箱？" "八六五…艾特qq点com").
      const cued = EMAIL_CUE.test(text) || EMAIL_CUE.test(utterances[u.index - 1]?.lower ?? '');
      SPOKEN_AT.lastIndex = 0;
      for (let m = SPOKEN_AT.exec(said); m; m = SPOKEN_AT.exec(said)) {
        const local = spokenLocal(said.slice(0, m.index), oneWord);
        if (!local) continue;
        // A spoken address needs an email cue or a dotted/underscored local part.
        if (!cued && !/[._-]/.test(local)) continue;
        const address = `${local}@${spokenPart(m[1] ?? '')}`;
        out.push({ key: address, value: address, confidence: 0.7 + base, utterance: u });
      }
    }
  }
  return out;
}

/**
 * The local part said before "at", read backwards from it: pieces joined by "dot", "underscore" or
 * "dash", a letter or a number said beside a word (`d kowalski`, `nguyen eighty-eight`, `tan dot s g`),
 * and letters spelled with hyphens (`j-e-s-s`). Two plain words side by side end it (`use jess…`).
 * Null when there is no piece.
 */
function spokenLocal(before: string, oneWord = false): string | null {
  const tokens = joinerText(before).split(/[\s,，、]+/).filter(Boolean);
  const pieces: string[] = [];
  let glued: 'word' | 'glue' | null = null;
  for (let i = tokens.length - 1; i >= 0; i -= 1) {
    const token = tokens[i]!;
    const joiner = JOINERS[token];
    if (joiner !== undefined) {
      if (glued === null) return null;
      pieces.push(joiner);
      glued = null;
      continue;
    }
    const piece = pieceOf(token);
    if (piece === null) break;
    const kind = piece.glue ? 'glue' : 'word';
    // Two words side by side: the first is not part of the address (unless it was said to be "all one
    // word"); nor is a lone "a" or "i" before it.
    if (glued === 'word' && kind === 'word' && !oneWord) break;
    if (glued !== null && (token === 'a' || token === 'i') && JOINERS[tokens[i - 1] ?? ''] === undefined) break;
    pieces.push(piece.text);
    glued = kind;
  }
  while (pieces.length > 0 && /^[._-]$/.test(pieces[pieces.length - 1]!)) pieces.pop();
  const local = pieces.reverse().join('');
  return /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/.test(local) ? local : null;
}

/** The text before "at" with the Chinese joiners spaced out as words, only its Latin tail. */
function joinerText(before: string): string {
  const spaced = before.slice(-200).replace(/下划线|横杠|中划线|点/g, (w) => ` ${w} `);
  return /(?:[a-z0-9'_.-]|\s|[,，、]|下划线|横杠|中划线|点)*$/.exec(spaced)?.[0] ?? '';
}

/** One token of a spoken local part: its text, and whether it glues to a neighbour without a joiner. */
function pieceOf(token: string): { text: string; glue: boolean } | null {
  const clean = token.replace(/^['.]+|['.]+$/g, '');
  if (clean === '' || clean.includes("'") || NOT_LOCAL.has(clean)) return null;
  if (LETTER.test(clean)) return { text: clean, glue: true };
  if (/^\d+$/.test(clean)) return { text: clean, glue: true };
  const digits = clean.split('-');
  if (digits.every((d) => DIGIT_WORDS[d] !== undefined)) return { text: digits.map((d) => DIGIT_WORDS[d]).join(''), glue: true };
  const number = parseEnglishNumber(clean);
  if (number !== null && clean !== 'a' && clean !== 'an') return { text: String(number), glue: true };
  if (SPELLED.test(clean)) return { text: clean.replace(/-/g, ''), glue: false };
  if (/^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/.test(clean)) return { text: clean, glue: false };
  return null;
}

function spokenPart(text: string): string {
  return text
    .replace(/\s*(?:dot|点)\s*/g, '.')
    .replace(/\s*(?:underscore|下划线)\s*/g, '_')
    .replace(/\s*(?:dash|hyphen|横杠|中划线)\s*/g, '-')
    .replace(/[\s,，、]+/g, '');
}
