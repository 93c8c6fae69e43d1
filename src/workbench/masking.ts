/**
 * Number masking: the one boundary between what the softphone and the backend
 * say and what the workbench keeps (stores), shows (elements) and tells the
 * host page (events, `workbench.adapter`). An agent without the
 * `viewFullNumbers` permission of their phone settings — or whose settings
 * cannot be read — sees customers' numbers masked (`138****8000`), in number
 * fields and in free text alike (transcript, records, tickets, smart-fill
 * values). The mask is also the number's reference: whatever the workbench
 * sends back (a dial, a call report, a search, a saved ticket) has every known
 * mask replaced by the real number on its way out, from a map private to this
 * module. The real numbers never reach a store, the DOM or a host-page event.
 *
 * Phone settings (company display numbers, the agent's extension) are not
 * customer data and pass unmasked.
 *
 * @packageDocumentation
 */
import type { BackendAdapter } from '../adapter/backend-adapter.js';
import type { Softphone } from '../telephony/softphone.js';
import { parsePhone } from '../phone/index.js';

/** The workbench's number boundary (internal to the workbench). */
export interface NumberBoundary {
  /** Whether numbers are masked (until the permission is read: yes). */
  masked(): boolean;
  /** Decide from the agent's phone settings; settings that cannot be read keep numbers masked. Once per workbench. */
  decide(viewFullNumbers: boolean): void;
  /** A copy of `value` with every number in it masked (nothing changes when not masking). */
  hide<T>(value: T): T;
  /** A copy of `value` with every mask this boundary made replaced by the real number. */
  reveal<T>(value: T): T;
}

/** `138****8000`, `0755****1234`, `+1415****2671`, `#2` when two numbers share a mask. */
const MASK = /\+?\d{3,4}\*{4}\d{4}(?:#\d+)?/g;
// Chinese digits map one to one onto ASCII, so positions in the text stay the same.
const HAN: { readonly [c: string]: string } = { 零: '0', 〇: '0', 一: '1', 幺: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
/** Phone-shaped runs: CN mobile, CN landline with area code, any `+` number. */
const PHONE = /(?<![\d*])(?:\+\d(?:[ -]?\d){7,14}|1[3-9]\d(?:[ -]?\d){8}|0[1-9]\d{1,2}[ -]?\d{7,8})(?![\d*])/g;

export function createNumberBoundary(defaultCountry: string): NumberBoundary {
  let masking = true;
  let decided = false;
  const real = new Map<string, string>();
  const masks = new Map<string, string>();

  /** The mask of one number (its E.164 form is kept); short numbers (extensions) stay as they are. */
  function maskOne(text: string): string {
    const e164 = parsePhone(text, defaultCountry)?.e164 ?? text.replace(/[^\d+]/g, '');
    const known = masks.get(e164);
    if (known) return known;
    let body = e164;
    let keep = 3;
    if (e164.startsWith('+86')) {
      body = e164.slice(3);
      if (!/^1\d{10}$/.test(body)) {
        body = `0${body}`;
        keep = /^0[12]/.test(body) ? 3 : 4; // 010 / 02x area codes, else 0xxx
      }
    } else if (!e164.startsWith('+')) {
      keep = body.startsWith('0') ? 4 : 3;
    } else keep = 4;
    if (body.replace(/\D/g, '').length < 7) return text;
    let mask = `${body.slice(0, keep)}****${body.slice(-4)}`;
    for (let n = 2; real.has(mask); n += 1) mask = `${body.slice(0, keep)}****${body.slice(-4)}#${n}`;
    real.set(mask, e164);
    masks.set(e164, mask);
    return mask;
  }

  function maskText(text: string): string {
    const view = text.replace(/[零〇一幺二两三四五六七八九]/g, (c) => HAN[c] ?? c);
    let out = '';
    let at = 0;
    for (const match of view.matchAll(PHONE)) {
      out += text.slice(at, match.index) + maskOne(match[0]);
      at = match.index + match[0].length;
    }
    return at === 0 ? text : out + text.slice(at);
  }

  const deep = (value: unknown, change: (text: string) => string): unknown => {
    if (typeof value === 'string') return change(value);
    if (Array.isArray(value)) return value.map((item) => deep(item, change));
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = deep(item, change);
    return copy;
  };

  return {
    masked: () => masking,
    decide(viewFullNumbers) {
      if (decided) return;
      decided = true;
      masking = !viewFullNumbers;
    },
    hide: <T>(value: T) => (masking ? (deep(value, maskText) as T) : value),
    reveal: <T>(value: T) => (real.size ? (deep(value, (text) => text.replace(MASK, (mask) => real.get(mask) ?? mask)) as T) : value),
  };
}

/** Every method of `target`: arguments revealed, answers (and listeners' events) hidden. */
function guard<T extends object>(target: T, numbers: NumberBoundary, skip: ReadonlySet<string> = new Set()): T {
  const domains = new Map<string, object>();
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key);
      if (typeof key !== 'string' || skip.has(key) || (typeof value !== 'function' && (value === null || typeof value !== 'object'))) return value;
      if (typeof value === 'object') {
        if (!domains.has(key)) domains.set(key, guard(value, numbers));
        return domains.get(key);
      }
      return (...args: unknown[]) => {
        const answer: unknown = Reflect.apply(
          value as (...a: unknown[]) => unknown,
          object,
          args.map((arg) => (typeof arg === 'function' ? (event: unknown) => (arg as (e: unknown) => unknown)(numbers.hide(event)) : numbers.reveal(arg))),
        );
        return answer instanceof Promise ? answer.then((result) => numbers.hide(result)) : numbers.hide(answer);
      };
    },
  });
}

/** The backend as the workbench sees it: customer numbers masked (the agents domain passes). */
export function maskedAdapter(adapter: BackendAdapter, numbers: NumberBoundary): BackendAdapter {
  return guard(adapter, numbers, new Set(['agents']));
}

/** The softphone as the workbench sees it: the other party's number masked, dialled numbers revealed. */
export function maskedSoftphone(softphone: Softphone, numbers: NumberBoundary): Softphone {
  return guard(softphone, numbers);
}
