/**
 * Phone numbers: written (`138 0013 8000`, `+86 13800138000`,
 * `(415) 555-0123`), said digit by digit in Chinese (`幺三八零零幺三八零零零`)
 * or in English words (`one three eight…`, `double eight`), split over
 * several segments, corrected (`不对，最后是五六七八`), or referred to ("call
 * me on this number": the caller's own number). A national number is read in
 * the call's regions (see `context.ts`: places and currencies said, the
 * caller's number, the time zone, the default country) and must be valid in
 * one; returned as E.164. Service numbers (hotlines, toll-free, the company's
 * own lines read out by the agent or the bot) are not the customer's number.
 * Internal to `src/smart-fill/`.
 */
import { possiblePhone, validPhone } from '../phone/phone-number.js';
import type { Candidate } from './candidates.js';
import type { CallContext } from './context.js';
import { CN_DIGIT_CLASS, spokenDigits } from './numbers.js';
import type { Utterance } from './text.js';

/** Written numbers: digits with spaces, dashes, dots or brackets, optionally `+`. */
const WRITTEN =
  /(?<![\w+.\-/])(?:\+\s?\d{1,3}[\s-]?)?(?:\(\d{2,4}\)\s?)?\d[\d\s\-.]{5,16}\d(?![\w\-/]|\.\d)/g;
/** Chinese digit-by-digit runs (ASCII digits may be mixed in). */
const SPOKEN_CN = new RegExp(`[${CN_DIGIT_CLASS}0-9][${CN_DIGIT_CLASS}0-9 \\-,，、]{5,24}[${CN_DIGIT_CLASS}0-9]`, 'g');
/** Characters that make a run of digits a quantity rather than a phone number. */
const UNIT_NEAR = /[十拾百佰千仟万萬亿点块元毛角分秒号日月年天个岁斤米度%]/;
const EN_DIGIT_WORDS: { readonly [word: string]: string } = {
  zero: '0', oh: '0', o: '0', one: '1', two: '2', three: '3', four: '4', five: '5',
  six: '6', seven: '7', eight: '8', nine: '9',
};
/** English digit words, with `double`/`triple`, and an optional leading `plus`. */
const SPOKEN_EN =
  /(?<![a-z])(?:plus\s+)?(?:(?:double|triple)[\s-]+)?(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\d)(?:[\s,-]+(?:(?:double|triple)[\s-]+)?(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|hundred|thousand|\d))+(?![a-z])/g;
/** Words near a number that say it is a phone number. */
const PHONE_CUE = /电话|手机|(?<![订单运])号码|联系方式|回电|打给我|打我|致电|phone|(?<!(?:order|tracking|account|card|reference|case)\s)number|mobile|cell|call me|reach me|call back|text/;
/** Words that say the number is something else. */
const OTHER_CUE = /订单|单号|运单|快递|身份证|证件|工号|order|tracking|\bid\b|account|card|卡号|账号/;
/** The agent (or the bot) giving out a number of the company's: not the customer's. */
const SERVICE_CUE = /热线|客服电话|服务电话|售后电话|我们的|拨打|致电我们|打我们|hotline|helpline|fraud line|our (?:number|line|team)|call us|call our|call me|reach me|contact us|ring us|freephone/;
/** A number of someone else's the customer mentions (the branch they rang, the courier's): rarely the callback number. */
const THIRD_PARTY =
  /你们(?:的)?(?:网点|客服|公司|门店|店|售后|快递员?|师傅)?(?:的)?电话|(?:网点|快递员|驿站|物业|门卫|师傅)(?:的)?电话|(?:your|the) (?:office|branch|store|shop|courier|driver|depot|warehouse|engineer|technician)(?:'s)? (?:number|line|phone)/;
/** Service number shapes (toll-free, shared cost, hotlines), as E.164. */
const SERVICE_NUMBER = /^\+(?:86(?:400|800)\d{7}|86(?:95|96|100|12)\d{2,6}|1(?:800|888|877|866|855|844|833)\d{7}|44(?:80[08]|84[2-5]|87[0-3]|90\d)\d{6,7}|61(?:1800|1300|13)\d{4,6}|852800\d{6}|65(?:1800|800)\d{6,7}|8860800\d{6})$/;
/** The customer pointing at the number they call from. */
const SELF_REFERENCE = /(?:这个|现在这个|现在打的这个|打进来的|来电的?|本机)(?:号码?|电话|手机号?)|就打我现在这个|就是我现在打的|this (?:number|phone)(?! is)|the number (?:i'?m|you'?re) calling (?:from|on)|number (?:i'?m|you'?re) calling from/;
/** The agent asking which number an account is on (the answer identifies the account). */
const ACCOUNT_QUESTION = /开通|登记|注册|绑定|账户|账号|会员|机主|名下|办理的|account|registered|on file|linked to|account holder|membership/;
/** The agent asking whether something will do. */
const OFFER = /可以吗|行吗|好吗|对吗|方便吗|是吗|[?？]\s*$|is that (?:ok|okay|alright|fine|the best)|shall i|should i|can i|ok\?/;
/** A short yes, at the start of the answer. */
const YES = /^[\s,.!，。！]*(?:可以|好的?|行|对|嗯|是的|没问题|就打这个|yes|yeah|yep|sure|ok|okay|that'?s fine|fine|please do|go ahead)(?![a-z])/;
/** A speaker correcting what they said. */
const CORRECTION = /不对|不是|说错|错了|更正|sorry,? i mean|\bi mean\b|\bactually\b|correction/;
/** `最后是五六七八`, "the last four digits are 5678": the digits replace the end of the number just said. */
const TAIL_FIX = new RegExp(
  `(?:最后|末尾|后[四三两二]位)(?:几位|四位|一位)?(?:是|为|应该是)?\\s*([${CN_DIGIT_CLASS}0-9 ]{1,6})|last (?:(?:four|three|two|few) )?digits? (?:are|is|should be) ([0-9 ]{1,6})`,
);
/** A segment that is only a piece of a number (`幺八六，`). */
const PIECE = new RegExp(`^[\\s,，。.、-]*[${CN_DIGIT_CLASS}0-9][${CN_DIGIT_CLASS}0-9\\s-]{0,7}[\\s,，。.、-]*$`);
const DATE_LIKE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/;

/** Phone number mentions in the conversation, E.164 as key and value. */
export function phoneCandidates(utterances: readonly Utterance[], context?: CallContext): Candidate<string>[] {
  const out: Candidate<string>[] = [];
  // The same number is often said many times: parse each form once per run.
  const parsed = new Map<string, string | null>();
  /** `cued`: the number was asked for or called a phone number (in its segment or the one before). */
  let cued = false;
  const validate = (raw: string): string | null => {
    const key = cued ? `${raw}\u0000` : raw;
    let e164 = parsed.get(key);
    if (e164 === undefined) {
      e164 = validatePhone(raw, context, cued);
      parsed.set(key, e164);
    }
    return e164;
  };
  /** The digits each speaker's last number was read from, for a correction of its end. */
  const lastDigits = new Map<string, { digits: string; key: string }>();
  const superseded = new Set<string>();
  const push = (u: Utterance, e164: string, confidence: number, digits: string): void => {
    if (SERVICE_NUMBER.test(e164)) return;
    out.push({ key: e164, value: e164, confidence, utterance: u });
    lastDigits.set(u.speaker, { digits, key: e164 });
  };
  for (let i = 0; i < utterances.length; i += 1) {
    const u = utterances[i] as Utterance;
    if (u.speaker === 'bot') continue;
    const text = u.text;
    // Quick reject: no digit of any kind (the counts are taken once, in prepareSegments).
    const hasDigit = u.digits > 0;
    const hasCnDigit = u.cnRun >= 3;
    const hasEnWords = u.latin && EN_FAST.test(u.lower);
    const piece = (hasDigit || u.cnRun > 0) && PIECE.test(text);
    const selfReference = !hasDigit && context?.callerE164 !== undefined && context.callerE164 !== null;
    const tailFix = u.speaker === 'customer' && (hasDigit || u.cnRun > 0) && lastDigits.has(u.speaker) && CORRECTION.test(u.lower);
    if (!hasDigit && !hasCnDigit && !hasEnWords && !piece && !selfReference && !tailFix) continue;
    const cue = PHONE_CUE.test(u.lower);
    // An answer to "what's the order number?" is that number, not a phone number.
    const asked = utterances[i - 1];
    cued = cue || (asked !== undefined && PHONE_CUE.test(asked.lower) && !OTHER_CUE.test(asked.lower));
    const other =
      OTHER_CUE.test(u.lower) ||
      (!cue && asked !== undefined && asked.speaker !== u.speaker && OTHER_CUE.test(asked.lower) && !PHONE_CUE.test(asked.lower));
    const correction = u.speaker === 'customer' && CORRECTION.test(u.lower);
    // The agent reading out the company's own number.
    if (u.speaker === 'agent' && SERVICE_CUE.test(u.lower)) continue;
    const base =
      (u.speaker === 'customer' ? 0.1 : -0.1) + (cue ? 0.05 : 0) + (correction ? 0.08 : 0) - (THIRD_PARTY.test(u.lower) ? 0.3 : 0);
    const before = out.length;

    // A correction of the end of the number just said.
    if (correction) {
      const fix = TAIL_FIX.exec(u.lower);
      // The number said in this segment before the correction (`一五八，二六七三，四四九幺……哦不对，最后是四四九七`),
      // else the speaker's last one.
      const cut = fix ? CORRECTION.exec(u.lower)?.index ?? -1 : -1;
      const inline = cut > 0 ? lastDigitRun(u.lower.slice(0, cut)) : null;
      const previous = inline ? { digits: inline, key: validate(inline) ?? '' } : lastDigits.get(u.speaker);
      const tail = fix ? spokenDigits(fix[1] ?? fix[2] ?? '') : null;
      if (previous && tail && tail.length < previous.digits.length) {
        const digits = previous.digits.slice(0, previous.digits.length - tail.length) + tail;
        const e164 = validate(digits);
        if (e164 && e164 !== previous.key) {
          superseded.add(previous.key);
          push(u, e164, 0.9 + base, digits);
          continue;
        }
      }
    }

    // Pieces of one number over several segments of the same speaker (`幺八六，` `幺二三四，` `五六七八。`).
    if (piece && (i === 0 || !PIECE.test(utterances[i - 1]?.text ?? '') || utterances[i - 1]?.speaker !== u.speaker)) {
      const group: Utterance[] = [u];
      for (let j = i + 1; j < utterances.length && group.length < 5; j += 1) {
        const next = utterances[j] as Utterance;
        if (next.speaker !== u.speaker || !PIECE.test(next.text)) break;
        group.push(next);
      }
      if (group.length > 1) {
        const digits = spokenDigits(group.map((g) => g.text.replace(/[\s,，。.、-]/g, '')).join(''));
        const e164 = digits && digits.length >= 7 ? validate(digits) : null;
        if (e164) {
          for (const g of group) push(g, e164, 0.85 + base, digits ?? '');
          i += group.length - 1;
          continue;
        }
      }
    }

    if (hasDigit) {
      WRITTEN.lastIndex = 0;
      for (let m = WRITTEN.exec(text); m; m = WRITTEN.exec(text)) {
        const raw = m[0].trim();
        if (DATE_LIKE.test(raw)) continue;
        if (other && !cue && !raw.startsWith('+')) continue;
        const e164 = validate(raw);
        if (e164) push(u, e164, 0.8 + base, raw.replace(/\D/g, ''));
      }
    }
    if (hasCnDigit) {
      SPOKEN_CN.lastIndex = 0;
      for (let m = SPOKEN_CN.exec(text); m; m = SPOKEN_CN.exec(text)) {
        const run = m[0];
        // Pure ASCII runs were read as written numbers above.
        if (/^[\d\s,-]+$/.test(run)) continue;
        const prev = text[m.index - 1] ?? '';
        const after = text[m.index + run.length] ?? '';
        if (UNIT_NEAR.test(prev) || UNIT_NEAR.test(after)) continue;
        if (other && !cue) continue;
        const digits = spokenDigits(run.replace(/[,，、]/g, ''));
        if (digits === null || digits.length < 7 || digits.length > 15) continue;
        const e164 = validate(digits);
        if (e164) push(u, e164, 0.75 + base, digits);
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
        if (e164) push(u, e164, 0.75 + base, digits);
      }
    }
    // "Call me on this number": the caller's own number, when no number was said here.
    // Or the customer saying yes to the agent's "shall we call you on the number you are calling from?".
    const offered =
      u.speaker === 'customer' && asked?.speaker === 'agent' && SELF_REFERENCE.test(asked.lower) && OFFER.test(asked.lower) && YES.test(u.lower);
    // Not the agent asking "is this number best?" (the answer says), nor "it's this one" naming the
    // account the call is about ("which number is the membership on?"): that identifies, it is no callback.
    const said =
      SELF_REFERENCE.test(u.lower) &&
      !(u.speaker === 'agent' && /[?？]/.test(u.lower)) &&
      !(asked !== undefined && asked.speaker !== u.speaker && ACCOUNT_QUESTION.test(asked.lower));
    if (out.length === before && context?.callerE164 && !hasDigit && (offered || said)) {
      push(u, context.callerE164, 0.8 + (u.speaker === 'customer' ? 0.05 : 0), '');
    }
    // A correction makes the speaker's previous different number stale.
    if (correction && out.length > before) {
      const key = out[out.length - 1]?.key;
      for (const c of out.slice(0, before)) if (c.utterance.speaker === u.speaker && c.key !== key) superseded.add(c.key);
    }
  }
  return superseded.size === 0 ? out : out.filter((c) => !superseded.has(c.key));
}

/** The digits of the last run of at least seven digits (ASCII or Chinese, with pauses) in `text`. */
function lastDigitRun(text: string): string | null {
  let last: string | null = null;
  SPOKEN_CN.lastIndex = 0;
  for (let m = SPOKEN_CN.exec(text); m; m = SPOKEN_CN.exec(text)) {
    const digits = spokenDigits(m[0].replace(/[,，、]/g, ''));
    if (digits !== null && digits.length >= 7) last = digits;
  }
  return last;
}

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
    // "oh seven seven hundred, nine hundred": the zeros of a digit said as a round number.
    if ((word === 'hundred' || word === 'thousand') && out !== '') {
      out += word === 'hundred' ? '00' : '000';
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
 * E.164 when `raw` is a valid number. A national number is read in the
 * call's regions, most likely first (CN, then US, without a context). A
 * ten-digit number not starting with 0 or 1 (`(415) 555-0123`) is how North
 * American numbers are written, never Chinese ones (landlines start with a
 * 0, mobiles have eleven digits), so it is read as US right after the regions
 * the call itself names.
 */
export function validatePhone(raw: string, context?: CallContext, cued = false): string | null {
  const digits = raw.replace(/\D/g, '');
  if (raw.trim().startsWith('+')) {
    return validPhone(raw)?.e164 ?? null;
  }
  const northAmerican = digits.length === 10 && /^[2-9]/.test(digits);
  const regions = context?.regions ?? ['CN', 'US'];
  const strong = context?.strong ?? [];
  const order = northAmerican ? [...strong, 'US', 'CA', ...regions] : regions;
  const home = strong[0] ?? (context ? regions[0] : undefined);
  let tried = 0;
  let homeTried = false;
  for (const country of new Set(order)) {
    // A number said as a phone number, in the national form of the call's own region (its trunk 0),
    // is that region's even in a range not assigned to a line (the UK's 07700 900xxx, kept for drama):
    // before a far region where the same digits happen to be valid (0770… is a Guangxi landline).
    if (cued && !homeTried && home !== undefined && tried >= strong.length && digits.startsWith('0') && home !== 'CN') {
      homeTried = true;
      const possible = possiblePhone(raw, home);
      if (possible) return possible;
    }
    tried += 1;
    // A Chinese number is a mobile (1…, eleven digits) or has its area code (0…): a bare local
    // landline number is too short to call back and looks like any other number.
    if (country === 'CN' && !/^(?:1\d{10}|0\d{9,11})$/.test(digits)) continue;
    const e164 = validPhone(raw, country)?.e164;
    if (e164) return e164;
  }
  return null;
}
