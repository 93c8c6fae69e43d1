/**
 * Amounts of money and their currency: `¥199`, `199元`, `一百九十九块`,
 * `两千五百元`, `三块五`, `$12.50`, `12 dollars`, `twelve dollars`, `USD 30`,
 * `30美元`, `A$89`, `S$20`, `forty quid`, `一笔一万二的消费`. A bare dollar
 * ("$", "dollars", "bucks") is the dollar of the call's region (Australian in
 * Sydney), else the US dollar. The amount the matter is about (a refund, a
 * disputed or duplicate charge, a waived fee, a price difference) counts more
 * than prices said along the way. Internal to `src/smart-fill/`.
 */
import type { Candidate } from './candidates.js';
import type { CallContext } from './context.js';
import { CN_NUMBER_CLASS, CN_DIGIT_CLASS, digitOf, parseAnyNumber, parseChineseNumber, parseEnglishNumber, EN_NUMBER_WORD } from './numbers.js';
import type { Utterance } from './text.js';

export interface Amount {
  readonly amount: number;
  /** ISO 4217 code: CNY, USD, EUR, GBP, HKD, JPY, AUD, CAD, SGD, TWD, … */
  readonly currency: string;
}

const NUM = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d{1,2})?|\\d+(?:\\.\\d{1,2})?';
const CN_NUM = `[${CN_NUMBER_CLASS}]+(?:点[${CN_DIGIT_CLASS}]+)?`;

/** Symbol or code before the number. */
const PREFIX = new RegExp(
  `(US\\$|HK\\$|A\\$|AU\\$|S\\$|SG\\$|C\\$|CA\\$|NZ\\$|NT\\$|\\$|¥|€|£|\\b(?:RMB|CNY|USD|EUR|GBP|HKD|JPY|AUD|CAD|SGD|TWD|NZD|MYR|RM)\\s?)\\s?(${NUM})(?!\\d|[.,]\\d)`,
  'gi',
);
/** Word or code after the number (digits or Chinese numerals). */
const SUFFIX = new RegExp(
  `(?<![\\d.])(?<!\\d,)(${NUM}|${CN_NUM})\\s*(元|块钱?|人民币|rmb|cny|美元|美金|欧元|英镑|港币|港元|日元|澳元|加元|新币|新加坡元|台币|新台币|dollars?|bucks|quid|usd|euros?|eur|pounds?|gbp|hkd|aud|cad|sgd|yuan)(?:([${CN_DIGIT_CLASS}])(?![${CN_NUMBER_CLASS}]|点))?(?:([${CN_DIGIT_CLASS}])毛)?(?![a-z])`,
  'gi',
);
/**
 * The minor unit said after the currency word: "eighty-nine pounds fifty", "twelve dollars and forty
 * cents", "six pounds 20". Not a count of something else ("fifty pounds two weeks ago"): a lone digit
 * word needs "cents" or "pence" after it.
 */
const MINOR = `(?:\\s+(?:and\\s+)?((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|\\d{2}|(?:one|two|three|four|five|six|seven|eight|nine|\\d)(?=\\s+(?:cents?|pence|p)\\b))(?:\\s+(?:cents?|pence|p)\\b)?(?!\\s*(?:weeks?|days?|minutes?|hours?|months?|years?|times?|items?|of|percent|%|pm|am|o'?clock|[.:]\\d)))?`;
/** English words before a currency word: `twelve dollars`. */
const EN_WORDS = new RegExp(
  `(?<![a-z])(${EN_NUMBER_WORD}(?:[\\s-]+${EN_NUMBER_WORD})*)\\s+(dollars?|bucks|quid|euros?|pounds?|yuan)(?![a-z])${MINOR}`,
  'g',
);
const CURRENCY_WORDS: { readonly [word: string]: string } = {
  '¥': 'CNY', rmb: 'CNY', cny: 'CNY', 元: 'CNY', 块: 'CNY', 块钱: 'CNY', 人民币: 'CNY', yuan: 'CNY',
  '$': '$', 'us$': 'USD', usd: 'USD', 美元: 'USD', 美金: 'USD', dollar: '$', dollars: '$', bucks: '$',
  'a$': 'AUD', 'au$': 'AUD', aud: 'AUD', 澳元: 'AUD', 'c$': 'CAD', 'ca$': 'CAD', cad: 'CAD', 加元: 'CAD',
  's$': 'SGD', 'sg$': 'SGD', sgd: 'SGD', 新币: 'SGD', 新加坡元: 'SGD', 'nz$': 'NZD', nzd: 'NZD',
  'nt$': 'TWD', twd: 'TWD', 台币: 'TWD', 新台币: 'TWD', myr: 'MYR', rm: 'MYR', quid: 'GBP',
  '€': 'EUR', eur: 'EUR', euro: 'EUR', euros: 'EUR', 欧元: 'EUR',
  '£': 'GBP', gbp: 'GBP', pound: 'GBP', pounds: 'GBP', 英镑: 'GBP',
  'hk$': 'HKD', hkd: 'HKD', 港币: 'HKD', 港元: 'HKD',
  jpy: 'JPY', 日元: 'JPY',
};
const MONEY_CUE = /金额|价格|价钱|退款|付了|花了|扣了|扣款|多扣|费用|收费|price|cost|paid|charged|refund|amount|total|fee/;
const FAST = /[\d$¥€£]|元|块|美|欧|英镑|港|澳元|加元|新币|台币|笔|dollar|buck|euro|pound|quid|yuan/;
/** Words next to the amount the matter is about. */
const MATTER = /退款|退回|退到|退给|退了|退还|差价|补偿|重复|多扣|多收|扣了两次|争议|盗刷|赔|refund|reversed|reverse|waived?|credited|credit|dispute|disputed|duplicate|twice|difference|taken (?:it )?off|back on your card|back to your card|compensat/;
/** A Chinese amount said without a unit after a money word: `一笔一万二的消费`. */
const UNITLESS_CN = new RegExp(
  `(?:一笔|消费了?|刷了|扣了|付了|花了)([${CN_DIGIT_CLASS}]*[十拾百佰千仟万萬][${CN_NUMBER_CLASS}]*)(?=的(?:消费|交易|扣款|款|账)|[，,。]|$)`,
  'g',
);
const DOLLAR_OF: { readonly [region: string]: string } = { US: 'USD', CA: 'CAD', AU: 'AUD', SG: 'SGD', HK: 'HKD', TW: 'TWD' };
const CURRENCY_OF: { readonly [region: string]: string } = {
  CN: 'CNY', HK: 'HKD', MO: 'MOP', TW: 'TWD', US: 'USD', CA: 'CAD', GB: 'GBP', SG: 'SGD', JP: 'JPY', KR: 'KRW', AU: 'AUD', MY: 'MYR',
};

/** The dollar of the call's most likely region (US dollars when it is not a dollar region). */
function dollarOf(context: CallContext | undefined): string {
  const region = context?.regions[0];
  return (region && DOLLAR_OF[region]) || 'USD';
}

/** Amount mentions; the key is `amount currency`. */
export function amountCandidates(utterances: readonly Utterance[], context?: CallContext): Candidate<Amount>[] {
  const out: Candidate<Amount>[] = [];
  let u: Utterance;
  const push = (at: number, amount: number | null, currencyWord: string, confidence: number): void => {
    let currency = CURRENCY_WORDS[currencyWord.toLowerCase().trim()];
    if (currency === '$') currency = dollarOf(context);
    if (amount === null || !Number.isFinite(amount) || amount <= 0 || currency === undefined) return;
    const value = { amount: Math.round(amount * 100) / 100, currency };
    // The amount the matter is about: a refund, a disputed charge… said right next to it.
    const near = u.lower.slice(Math.max(0, at - 24), at + 30);
    const matter = MATTER.test(near) ? 0.12 : 0;
    out.push({ key: `${value.amount} ${currency}`, value, confidence: confidence + matter, utterance: u });
  };
  for (const each of utterances) {
    u = each;
    if (!FAST.test(u.lower)) continue;
    const bonus = (MONEY_CUE.test(u.lower) ? 0.1 : 0) + (u.speaker === 'bot' ? -0.1 : 0);
    // A symbol or code before the number: written digits.
    PREFIX.lastIndex = 0;
    for (let m = u.digits > 0 ? PREFIX.exec(u.text) : null; m; m = PREFIX.exec(u.text)) {
      push(m.index, parseAnyNumber(m[2] ?? ''), m[1] ?? '', 0.8 + bonus);
    }
    if (u.text.includes('笔') || /消费|刷了|扣了|付了|花了/.test(u.text)) {
      UNITLESS_CN.lastIndex = 0;
      for (let m = UNITLESS_CN.exec(u.text); m; m = UNITLESS_CN.exec(u.text)) {
        const currency = CURRENCY_OF[context?.regions[0] ?? 'CN'] ?? 'CNY';
        const amount = parseChineseNumber(m[1] ?? '');
        if (amount === null || amount <= 0) continue;
        const value = { amount, currency };
        out.push({ key: `${amount} ${currency}`, value, confidence: 0.65 + bonus, utterance: u });
      }
    }
    // A word after the number: written digits or Chinese numerals (a number of 〇 alone is not one).
    SUFFIX.lastIndex = 0;
    for (let m = u.digits > 0 || u.cjk ? SUFFIX.exec(u.text) : null; m; m = SUFFIX.exec(u.text)) {
      const number = m[1] ?? '';
      // 一块儿 (together) is not money.
      if (u.text[m.index + m[0].length] === '儿') continue;
      let amount = parseAnyNumber(number);
      // 三块五 → 3.5, 三块五毛 → 3.5
      const tenths = m[3] ?? m[4];
      if (amount !== null && tenths !== undefined) amount += digitOf(tenths) / 10;
      const written = /\d/.test(number);
      // A bare Chinese digit run (一二三元) is not an amount of this form.
      if (!written && parseChineseNumber(number) === null) continue;
      push(m.index, amount, m[2] ?? '', (written ? 0.8 : 0.75) + bonus);
    }
    EN_WORDS.lastIndex = 0;
    for (let m = u.latin ? EN_WORDS.exec(u.lower) : null; m; m = EN_WORDS.exec(u.lower)) {
      const whole = parseEnglishNumber(m[1] ?? '');
      const minor = m[3] === undefined ? 0 : parseEnglishNumber(m[3]);
      push(m.index, whole === null || minor === null || minor >= 100 ? whole : whole + minor / 100, m[2] ?? '', 0.7 + bonus);
    }
  }
  return out;
}

const CURRENCY_ONLY = /人民币|美元|美金|欧元|英镑|港币|港元|日元|澳元|加元|新币|台币|\b(?:rmb|cny|usd|eur|gbp|hkd|jpy|aud|cad|sgd|dollars?|euros?|pounds?|yuan)\b/g;

/** Currency mentions without an amount (`退美元`, `in euros`), weaker evidence. */
export function currencyMentions(utterances: readonly Utterance[], context?: CallContext): Candidate<string>[] {
  const out: Candidate<string>[] = [];
  for (const u of utterances) {
    // An IVR prompt is not about this customer's money ("followed by the pound key").
    if (u.speaker === 'bot') continue;
    CURRENCY_ONLY.lastIndex = 0;
    for (let m = CURRENCY_ONLY.exec(u.lower); m; m = CURRENCY_ONLY.exec(u.lower)) {
      // The phone's # key ("press pound", "the pound sign") is not money.
      if (/^pounds?$/.test(m[0]) && /^\s*(?:key|sign|button)/.test(u.lower.slice(m.index + m[0].length))) continue;
      const word = CURRENCY_WORDS[m[0]];
      const currency = word === '$' ? dollarOf(context) : word;
      if (currency) out.push({ key: currency, value: currency, confidence: 0.5, utterance: u });
    }
  }
  return out;
}
