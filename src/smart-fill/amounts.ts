/**
 * Amounts of money and their currency: `¥199`, `199元`, `一百九十九块`,
 * `两千五百元`, `三块五`, `$12.50`, `12 dollars`, `twelve dollars`, `USD 30`,
 * `30美元`. Internal to `src/smart-fill/`.
 */
import type { Candidate } from './candidates.js';
import { CN_NUMBER_CLASS, CN_DIGIT_CLASS, digitOf, parseAnyNumber, parseChineseNumber, parseEnglishNumber, EN_NUMBER_WORD } from './numbers.js';
import type { Utterance } from './text.js';

export interface Amount {
  readonly amount: number;
  /** ISO 4217 code: CNY, USD, EUR, GBP, HKD, JPY. */
  readonly currency: string;
}

const NUM = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d{1,2})?|\\d+(?:\\.\\d{1,2})?';
const CN_NUM = `[${CN_NUMBER_CLASS}]+(?:点[${CN_DIGIT_CLASS}]+)?`;

/** Symbol or code before the number. */
const PREFIX = new RegExp(
  `(US\\$|HK\\$|\\$|¥|€|£|\\b(?:RMB|CNY|USD|EUR|GBP|HKD|JPY)\\s?)\\s?(${NUM})(?![\\d.])`,
  'gi',
);
/** Word or code after the number (digits or Chinese numerals). */
const SUFFIX = new RegExp(
  `(?<![\\d.,])(${NUM}|${CN_NUM})\\s*(元|块钱?|人民币|rmb|cny|美元|美金|欧元|英镑|港币|港元|日元|dollars?|bucks|usd|euros?|eur|pounds?|gbp|hkd|yuan)(?:([${CN_DIGIT_CLASS}])(?![${CN_NUMBER_CLASS}]|点))?(?:([${CN_DIGIT_CLASS}])毛)?(?![a-z])`,
  'gi',
);
/** English words before a currency word: `twelve dollars`. */
const EN_WORDS = new RegExp(
  `(?<![a-z])(${EN_NUMBER_WORD}(?:[\\s-]+${EN_NUMBER_WORD})*)\\s+(dollars?|bucks|euros?|pounds?|yuan)(?![a-z])`,
  'g',
);
const CURRENCY_WORDS: { readonly [word: string]: string } = {
  '¥': 'CNY', rmb: 'CNY', cny: 'CNY', 元: 'CNY', 块: 'CNY', 块钱: 'CNY', 人民币: 'CNY', yuan: 'CNY',
  '$': 'USD', 'us$': 'USD', usd: 'USD', 美元: 'USD', 美金: 'USD', dollar: 'USD', dollars: 'USD', bucks: 'USD',
  '€': 'EUR', eur: 'EUR', euro: 'EUR', euros: 'EUR', 欧元: 'EUR',
  '£': 'GBP', gbp: 'GBP', pound: 'GBP', pounds: 'GBP', 英镑: 'GBP',
  'hk$': 'HKD', hkd: 'HKD', 港币: 'HKD', 港元: 'HKD',
  jpy: 'JPY', 日元: 'JPY',
};
const MONEY_CUE = /金额|价格|价钱|退款|付了|花了|扣了|扣款|多扣|费用|收费|price|cost|paid|charged|refund|amount|total|fee/;
const FAST = /[\d$¥€£]|元|块|美|欧|英镑|港|dollar|buck|euro|pound|yuan/;

/** Amount mentions; the key is `amount currency`. */
export function amountCandidates(utterances: readonly Utterance[]): Candidate<Amount>[] {
  const out: Candidate<Amount>[] = [];
  const push = (u: Utterance, amount: number | null, currencyWord: string, confidence: number): void => {
    const currency = CURRENCY_WORDS[currencyWord.toLowerCase().trim()];
    if (amount === null || !Number.isFinite(amount) || amount <= 0 || currency === undefined) return;
    const value = { amount: Math.round(amount * 100) / 100, currency };
    out.push({ key: `${value.amount} ${currency}`, value, confidence, utterance: u });
  };
  for (const u of utterances) {
    if (!FAST.test(u.lower)) continue;
    const bonus = (MONEY_CUE.test(u.lower) ? 0.1 : 0) + (u.speaker === 'bot' ? -0.1 : 0);
    PREFIX.lastIndex = 0;
    for (let m = PREFIX.exec(u.text); m; m = PREFIX.exec(u.text)) {
      push(u, parseAnyNumber(m[2] ?? ''), m[1] ?? '', 0.8 + bonus);
    }
    SUFFIX.lastIndex = 0;
    for (let m = SUFFIX.exec(u.text); m; m = SUFFIX.exec(u.text)) {
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
      push(u, amount, m[2] ?? '', (written ? 0.8 : 0.75) + bonus);
    }
    EN_WORDS.lastIndex = 0;
    for (let m = EN_WORDS.exec(u.lower); m; m = EN_WORDS.exec(u.lower)) {
      push(u, parseEnglishNumber(m[1] ?? ''), m[2] ?? '', 0.7 + bonus);
    }
  }
  return out;
}

const CURRENCY_ONLY = /人民币|美元|美金|欧元|英镑|港币|港元|日元|\b(?:rmb|cny|usd|eur|gbp|hkd|jpy|dollars?|euros?|pounds?|yuan)\b/g;

/** Currency mentions without an amount (`退美元`, `in euros`), weaker evidence. */
export function currencyMentions(utterances: readonly Utterance[]): Candidate<string>[] {
  const out: Candidate<string>[] = [];
  for (const u of utterances) {
    CURRENCY_ONLY.lastIndex = 0;
    for (let m = CURRENCY_ONLY.exec(u.lower); m; m = CURRENCY_ONLY.exec(u.lower)) {
      const currency = CURRENCY_WORDS[m[0]];
      if (currency) out.push({ key: currency, value: currency, confidence: 0.5, utterance: u });
    }
  }
  return out;
}
