/**
 * Caller-ID ("display number") rules: which of the agent's allowed numbers the
 * customer sees on an outbound call.
 *
 * - `fixed`: always the first number.
 * - `pool`: the number whose `prefixes` match the callee's E.164 number with
 *   the longest prefix; else the first whose `regions` contain the callee's
 *   region; else the first number.
 * - `choice`: the agent picks among the numbers; the pick is remembered (the
 *   caller passes it back in), the first number until they pick one.
 *
 * @packageDocumentation
 */
import type { CallerIdRules, DisplayNumber } from '../adapter/types.js';

/** The header the chosen number travels in when the rules do not name one. */
export const DEFAULT_DISPLAY_NUMBER_HEADER = 'X-Display-Number';

/** Why this number was chosen. */
export type CallerIdReason = 'fixed' | 'prefix' | 'region' | 'default' | 'chosen' | 'none';

export interface CallerIdChoice {
  /** The number to present, or null when the rules hold none. */
  readonly number: string | null;
  /** The admin's label of that number. */
  readonly label: string | null;
  readonly reason: CallerIdReason;
}

/** The callee, as far as it is known. */
export interface Callee {
  /** E.164 (`+8613800138000`) or null for extensions and unparsed input. */
  readonly e164: string | null;
  /** ISO region (`CN`) or null. */
  readonly country: string | null;
}

const none: CallerIdChoice = { number: null, label: null, reason: 'none' };

function pick(entry: DisplayNumber | undefined, reason: CallerIdReason): CallerIdChoice {
  return entry ? { number: entry.number, label: entry.label, reason } : none;
}

/** The header to send the number in. */
export function displayNumberHeader(rules: CallerIdRules): string {
  const header = rules.header?.trim();
  return header && /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(header) ? header : DEFAULT_DISPLAY_NUMBER_HEADER;
}

/** The display number for a call to `callee` under `rules`; `remembered` is the agent's earlier pick (choice mode). */
export function chooseDisplayNumber(rules: CallerIdRules, callee: Callee, remembered: string | null = null): CallerIdChoice {
  const { numbers } = rules;
  switch (rules.mode) {
    case 'fixed':
      return pick(numbers[0], 'fixed');
    case 'choice': {
      const chosen = remembered === null ? undefined : numbers.find((entry) => entry.number === remembered);
      return chosen ? pick(chosen, 'chosen') : pick(numbers[0], 'default');
    }
    case 'pool': {
      if (callee.e164) {
        let best: DisplayNumber | undefined;
        let bestLength = 0;
        for (const entry of numbers) {
          for (const prefix of entry.prefixes ?? []) {
            if (prefix.length > bestLength && callee.e164.startsWith(prefix)) {
              best = entry;
              bestLength = prefix.length;
            }
          }
        }
        if (best) return pick(best, 'prefix');
      }
      if (callee.country) {
        const country = callee.country.toUpperCase();
        const byRegion = numbers.find((entry) => entry.regions?.some((region) => region.toUpperCase() === country));
        if (byRegion) return pick(byRegion, 'region');
      }
      return pick(numbers[0], 'default');
    }
    default:
      return none;
  }
}

/** Whether the agent may present `number` under `rules` (choice mode: one of the allowed numbers). */
export function isAllowedDisplayNumber(rules: CallerIdRules, number: string): boolean {
  return rules.numbers.some((entry) => entry.number === number);
}
