/**
 * An extractive remark: the customer's problem and the agent's resolution in
 * a sentence or two, taken from the conversation's own sentences, in the
 * conversation's language, at most 200 characters. Internal to `src/smart-fill/`.
 */
import { round } from './candidates.js';
import { hasChinese, isMostlyChinese, visibleText, type Utterance } from './text.js';

export const MAX_REMARK_LENGTH = 200;

const PROBLEM_CUES =
  /问题|不能|不了|无法|没有?收到|收不到|还没到|没到|坏了|破损|裂了|投诉|退货|退款|错了|发错|多扣|重复扣|故障|失败|登不上|打不开|用不了|延迟|丢了|refund|broken|damaged|didn'?t arrive|did not arrive|hasn'?t arrived|never arrive[sd]?|hasn'?t (?:turned up|come|shown up)|still hasn'?t|keeps? (?:dropping|crashing|failing)|dropping|charged|rude|can'?t|cannot|can not|doesn'?t work|not working|isn'?t working|issue|problem|wrong|charged twice|overcharged|late|missing|lost|error|never got/g;
const RESOLUTION_CUES =
  /已经?为您|帮您|给您|为您|已经|已(?=[\u4e00-\u9fff])|安排|登记|提交|加急|退款|到账|回电|处理|补发|重新发|will\b|i'?ve\b|i have\b|we'?ve\b|we have\b|refund has been|has been|sent|arranged|scheduled|processed|issued|resolved|fixed|reset/g;
/** Sentence ends: Chinese punctuation, or `.`/`!`/`?` before a space or the end. */
const SENTENCE = /[^。！？!?；;\n]+?(?:[。！？；;！？]+|[.!?]+(?=\s|$)|$)/g;
const MIN_SENTENCE = 4;
/** A sentence end followed by more text. */
const INNER_BREAK = /[。！？!?；;\n]\s*\S|[.!?]\s+\S/;

interface Sentence {
  readonly text: string;
  readonly score: number;
  readonly utterance: Utterance;
}

function bestSentence(
  utterances: readonly Utterance[],
  speakers: ReadonlySet<string>,
  cues: RegExp,
  chinese: boolean,
  preferLatest: boolean,
): Sentence | null {
  let best: Sentence | null = null;
  for (const u of utterances) {
    if (!speakers.has(u.speaker)) continue;
    const said = countMatches(u.lower, cues);
    if (said === 0) continue;
    const count = hypothetical(u.lower, said);
    if (!INNER_BREAK.test(u.raw)) {
      // One sentence (the usual case): no need to split.
      const text = u.raw.trim();
      if (text.length < MIN_SENTENCE || hasChinese(text) !== chinese || readOut(text, chinese)) continue;
      if (!best || count > best.score || (preferLatest && count === best.score)) best = { text, score: count, utterance: u };
      continue;
    }
    SENTENCE.lastIndex = 0;
    for (let m = SENTENCE.exec(u.raw); m; m = SENTENCE.exec(u.raw)) {
      if (m[0] === '') {
        SENTENCE.lastIndex += 1;
        continue;
      }
      const text = m[0].trim();
      if (text.length < MIN_SENTENCE || hasChinese(text) !== chinese || readOut(text, chinese)) continue;
      const lower = text.toLowerCase();
      const score = hypothetical(lower, countMatches(lower, cues));
      if (score === 0) continue;
      if (!best || score > best.score || (preferLatest && score === best.score)) {
        best = { text, score, utterance: u };
      }
    }
  }
  return best;
}

/**
 * How many times a global pattern matches (what `text.match(re)?.length` says, without the array):
 * `test` moves `lastIndex` past each match as `exec` does, without building a match array per hit.
 * The cues never match the empty string; the guard only keeps the loop finite if one did.
 */
function countMatches(text: string, re: RegExp): number {
  let n = 0;
  re.lastIndex = 0;
  for (let from = 0; re.test(text); from = re.lastIndex) {
    n += 1;
    if (re.lastIndex === from) re.lastIndex += 1;
  }
  re.lastIndex = 0;
  return n;
}

const CONDITIONAL = /如果|要是|假如|万一|\bif\b|\bunless\b/;

/** A hypothetical sentence (如果明天还到不了我就要退货了) tells less about the problem: half the score. */
function hypothetical(lower: string, score: number): number {
  return CONDITIONAL.test(lower) ? score / 2 : score;
}

const CUSTOMER = new Set(['customer']);
const AGENT = new Set(['agent']);

export interface RemarkChoice {
  readonly text: string;
  readonly confidence: number;
  readonly segmentIds: readonly string[];
}

/** How many of the customer's turns count as the opening of the call. */
const OPENING_TURNS = 3;
const GREETING_ONLY = /^(?:(?:hi|hello|hiya|hey|yes|yeah|yep|ok(?:ay)?|sure|thanks|thank you|good (?:morning|afternoon|evening)|你好|您好|喂|嗯|好的?|对|是的?|谢谢)[\s,，.。!！]*)+$/i;

/** The customer's first turns (up to {@link OPENING_TURNS}), with what the others said between them. */
function openingTurns(utterances: readonly Utterance[]): Utterance[] {
  const out: Utterance[] = [];
  let customer = 0;
  for (const u of utterances) {
    if (u.speaker === 'customer' && ++customer > OPENING_TURNS) break;
    out.push(u);
  }
  return out;
}

/** An agent or bot asking for a detail (a number, an email, a name, an address). */
const ASKED_FOR_DETAILS =
  /(?:号码?|单号|邮箱|地址|姓名|名字|身份证|后[四六]位)(?:是多少|多少|方便|提供|报一下|吗|呢|[?？])|(?:提供|报一下|告诉我)[^。！？]{0,8}(?:号|邮箱|地址|姓名|名字)|(?:number|email|address|name|date of birth|postcode|zip|last four|digits)\b[^.!?]{0,30}(?:\?|please)|(?:can|could|may) i (?:get|have|take)|enter|key in|spell/;
/** English digit words and letters said alone, Chinese digits: what a number read out is made of. */
const NUMBER_WORDS = /\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple|dash|dot|at)\b|\b[a-z]\b|[零〇一二两三四五六七八九幺]/gi;

/** The letters of a sentence that are words: no digits, digit words or letters said alone. */
function wordsOf(text: string): string {
  return text.replace(NUMBER_WORDS, '').replace(/[^A-Za-z\u4e00-\u9fff]/g, '');
}

/** A sentence that is a number or an address read out, with hardly a word besides ("Oh-four-three-eight, two-two-seven."). */
function readOut(text: string, chinese: boolean): boolean {
  return wordsOf(text).length < (chinese ? 3 : 8);
}

/** The customer's first sentence that says something (not a greeting), as a problem without a cue. */
function firstStatement(utterances: readonly Utterance[], chinese: boolean): Sentence | null {
  for (let i = 0; i < utterances.length; i += 1) {
    const u = utterances[i] as Utterance;
    if (u.speaker !== 'customer' || u.raw.includes('?') || u.raw.includes('？')) continue;
    // The answer to "your order number / email / name, please?" is not why they called.
    const asked = utterances[i - 1];
    if (asked && asked.speaker !== 'customer' && ASKED_FOR_DETAILS.test(asked.lower)) continue;
    SENTENCE.lastIndex = 0;
    for (let m = SENTENCE.exec(u.raw); m && m[0] !== ''; m = SENTENCE.exec(u.raw)) {
      const bare = m[0].trim().replace(/^(?:(?:hi|hello|hiya|hey)(?: there)?|你好|您好|喂)[\s,，!！]*/i, '');
      const text = bare.charAt(0).toUpperCase() + bare.slice(1);
      if (text.length < (chinese ? 6 : 16) || hasChinese(text) !== chinese || GREETING_ONLY.test(text)) continue;
      // A number, a name or an address read out (`It's US 2 2 0 4…`, `七三零，五五幺…`, "H X four four
      // seven…", "d kowalski at lakeshoremail dot net") is not the problem.
      if (wordsOf(text).length < (chinese ? 4 : 12)) continue;
      return { text, score: 0.5, utterance: u };
    }
  }
  return null;
}

/** The remark, or null when neither a problem nor a resolution was said. */
export function extractRemark(utterances: readonly Utterance[]): RemarkChoice | null {
  const chinese = isMostlyChinese(utterances);
  // The reason for the call is nearly always in the customer's first turns; else their first real sentence.
  const opening = openingTurns(utterances);
  const problem =
    bestSentence(opening, CUSTOMER, PROBLEM_CUES, chinese, false) ??
    bestSentence(utterances, CUSTOMER, PROBLEM_CUES, chinese, false) ??
    firstStatement(opening, chinese);
  const resolution = bestSentence(utterances, AGENT, RESOLUTION_CUES, chinese, true);
  if (!problem && !resolution) return null;
  const parts = [problem, resolution].filter((s): s is Sentence => s !== null).map((s) => finish(s.text, chinese));
  let text = chinese ? parts.join('') : parts.join(' ');
  if (text.length > MAX_REMARK_LENGTH) {
    const first = parts[0] ?? '';
    if (parts.length === 2 && first.length < MAX_REMARK_LENGTH - (chinese ? 10 : 11)) {
      const room = MAX_REMARK_LENGTH - first.length - (chinese ? 0 : 1);
      text = (chinese ? first : `${first} `) + cut(parts[1] ?? '', room);
    } else {
      text = cut(first, MAX_REMARK_LENGTH);
    }
  }
  const segments = [problem, resolution]
    .filter((s): s is Sentence => s !== null)
    .map((s) => s.utterance)
    .sort((a, b) => a.index - b.index);
  return {
    // What was said, as text: no control or bidi-override characters (the element shows it as text, never as markup).
    text: visibleText(text),
    confidence: round(problem && resolution ? 0.55 : 0.4),
    segmentIds: [...new Set(segments.map((u) => u.id))],
  };
}

/** Ends a sentence with punctuation of its language. */
function finish(text: string, chinese: boolean): string {
  if (chinese) return /[。！？；]$/.test(text) ? text : `${text.replace(/[，,;；.!?]+$/, '')}。`;
  return /[.!?]$/.test(text) ? text : `${text.replace(/[,;]+$/, '')}.`;
}

/** At most `length` UTF-16 units (surrogate pairs kept whole), with `…` when cut. */
function cut(text: string, length: number): string {
  if (text.length <= length) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > length - 1) break;
    out += ch;
  }
  return `${out}…`;
}
