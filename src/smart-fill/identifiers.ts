/**
 * Order, tracking and ID numbers: by the field's own pattern when it has one,
 * else by sensible defaults. Internal to `src/smart-fill/`.
 */
import type { Candidate } from './candidates.js';
import type { Utterance } from './text.js';

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
  if (typeof pattern === 'string' && pattern !== '') {
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
    if (!/\d/.test(u.text)) continue;
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
