/**
 * The smart-fill engine: fills a form from the call's conversation with local
 * rules for Chinese and English. Pure and synchronous: no DOM, no clock, no I/O.
 *
 * @packageDocumentation
 */
import type { FieldOption, FieldValue, FormField, SmartFillValue, SummarySchema, SummaryStatus } from '../adapter/types.js';
import { parsePhone } from '../phone/phone-number.js';
import { amountCandidates, currencyMentions, type Amount } from './amounts.js';
import { clockAt, formatDate, resolveTimeZone, toInstant, type Clock } from './calendar.js';
import { chooseCategory, chooseTemplate, countTerms, termsToCount, type CategoryChoice, type FlatNode, type Hit } from './category.js';
import { guessFromHistory, type CategoryModel } from './history.js';
import { choose, chooseAll, MAX_SEGMENT_IDS, round, type Candidate, type Chosen } from './candidates.js';
import { callContext, type CallContext } from './context.js';
import { dateCandidates, dateTimeCandidates, followUp, scanDates, type DateScan, type FollowUp } from './dates.js';
import { emailCandidates } from './email.js';
import { identifierCandidates, namedNumbers } from './identifiers.js';
import { phoneCandidates } from './phone.js';
import { extractRemark } from './remark.js';
import { chooseStatus, statusMentions } from './status.js';
import { allTexts, isSafePattern, prepareSegments, type Utterance } from './text.js';
import type { ExtractKind, SmartFillField, SmartFillInput, SmartFillOutput } from './types.js';

/** Every kind the engine knows. */
export const EXTRACT_KINDS: readonly ExtractKind[] = [
  'phone',
  'email',
  'orderNumber',
  'trackingNumber',
  'idNumber',
  'amount',
  'currency',
  'date',
  'datetime',
  'category',
  'template',
  'status',
  'remark',
];

const KIND_SET: ReadonlySet<string> = new Set(EXTRACT_KINDS);

/** Whether `kind` is an {@link ExtractKind}. */
export function isExtractKind(kind: unknown): kind is ExtractKind {
  return typeof kind === 'string' && KIND_SET.has(kind);
}

/**
 * Fills `input.fields` from the final segments of the conversation.
 *
 * - Only final segments count (interim text is ignored); segments are
 *   deduplicated by id (the last one wins) and ordered by `seq`.
 * - `empty` is true when there is no final text at all; `values` is then empty.
 * - Each value is shaped for its field's `type`: `select` → one of its option
 *   values, `multiselect` → an array, `number` → a number, `date` →
 *   `YYYY-MM-DD`, `datetime` → an ISO instant (UTC), anything else → a string.
 *   A field with a `pattern` only gets a value matching it.
 * - `confidence` (0…1) follows the evidence: a validated explicit value (a
 *   phone number parsed and valid, an ID with a good checksum) scores higher
 *   than a pattern-only match, which scores higher than a keyword guess
 *   (category, template, status, remark). Repeated mentions add a little.
 * - `segmentIds` lists the segments each value came from, in order.
 * - Fields with nothing found are left out.
 *
 * Relative dates resolve against `callTime` in `timeZone` (default: the
 * browser's); an invalid `callTime` leaves date and time fields unfilled.
 *
 * @example
 * ```ts
 * const { values } = smartFill({
 *   segments: [
 *     { id: 's1', callId: 'c1', speaker: 'customer', final: true, seq: 1,
 *       at: '2026-11-25T02:00:00Z', text: '订单号 YT20261118，打我电话 13800138000' },
 *   ],
 *   fields: [
 *     { key: 'order', kind: 'orderNumber', type: 'text', pattern: '^[A-Z]{2}\\d{8}$' },
 *     { key: 'phone', kind: 'phone', type: 'text' },
 *   ],
 *   callTime: '2026-11-25T02:00:00Z',
 *   timeZone: 'Asia/Shanghai',
 * });
 * // values: [{ key: 'order', value: 'YT20261118', … }, { key: 'phone', value: '+8613800138000', … }]
 * ```
 *
 * @example
 * ```ts
 * // The service summary: status, category, template, remark and custom fields.
 * const output = smartFill({
 *   segments,
 *   fields: summaryFields(schema),
 *   categories: schema.categories,
 *   templates: schema.templates,
 *   statuses: schema.statuses,
 *   callTime: call.startedAt,
 * });
 * if (output.empty) showNothingToFill();
 * ```
 */
export function smartFill(input: SmartFillInput): SmartFillOutput {
  const utterances = prepareSegments(input?.segments ?? []);
  if (utterances.length === 0) return { values: [], empty: true, source: 'local' };
  const engine = new Engine(input, utterances);
  const values: SmartFillValue[] = [];
  const seen = new Set<string>();
  for (const field of Array.isArray(input.fields) ? input.fields : []) {
    if (!field || typeof field.key !== 'string' || seen.has(field.key) || !isExtractKind(field.kind)) continue;
    seen.add(field.key);
    const value = engine.fill(field);
    if (value) values.push(value);
  }
  return { values, empty: false, source: 'local' };
}

/** One run's lazily computed findings, shared by the fields that need them. */
class Engine {
  readonly #input: SmartFillInput;
  readonly #utterances: readonly Utterance[];
  readonly #memo = new Map<string, unknown>();

  constructor(input: SmartFillInput, utterances: readonly Utterance[]) {
    this.#input = input;
    this.#utterances = utterances;
  }

  #once<T>(key: string, compute: () => T): T {
    if (!this.#memo.has(key)) this.#memo.set(key, compute());
    return this.#memo.get(key) as T;
  }

  get #clock(): Clock | null {
    return this.#once('clock', () => {
      const raw = this.#input.callTime;
      const instant = raw instanceof Date ? raw.getTime() : typeof raw === 'string' ? Date.parse(raw) : NaN;
      return Number.isFinite(instant) ? clockAt(instant, resolveTimeZone(this.#input.timeZone)) : null;
    });
  }

  get #dateScan(): DateScan | null {
    return this.#once('dates', () => {
      const clock = this.#clock;
      return clock ? scanDates(this.#utterances, clock) : null;
    });
  }

  get #context(): CallContext {
    return this.#once('context', () =>
      callContext(this.#utterances, {
        timeZone: typeof this.#input.timeZone === 'string' ? this.#input.timeZone : undefined,
        defaultCountry: typeof this.#input.defaultCountry === 'string' ? this.#input.defaultCountry : undefined,
        callerNumber: typeof this.#input.callerNumber === 'string' ? this.#input.callerNumber : undefined,
      }),
    );
  }

  get #followUp(): FollowUp | null {
    return this.#once('followUp', () => {
      const scan = this.#dateScan;
      const clock = this.#clock;
      return scan && clock ? followUp(this.#utterances, scan, clock) : null;
    });
  }

  get #amount(): Chosen<Amount> | null {
    return this.#once('amount', () => choose(amountCandidates(this.#utterances, this.#context)));
  }

  get #terms(): { hits: Map<string, Hit>; plan: ReturnType<typeof termsToCount> } {
    return this.#once('terms', () => {
      const plan = termsToCount(
        Array.isArray(this.#input.categories) ? this.#input.categories : [],
        Array.isArray(this.#input.templates) ? this.#input.templates : [],
      );
      return { plan, hits: countTerms(this.#utterances, plan.all) };
    });
  }

  get #category(): CategoryChoice | null {
    return this.#once('category', () => {
      const rules = chooseCategory(this.#terms.plan.nodes, this.#terms.hits);
      const model = this.#input.categoryModel;
      if (!model || typeof model !== 'object') return rules;
      return withHistory(rules, model, this.#terms.plan.nodes, this.#utterances);
    });
  }

  fill(field: SmartFillField): SmartFillValue | null {
    if (field.multiple === true && field.type === 'text') {
      const all = this.#all(field);
      if (all) return all;
    }
    const found = this.#find(field);
    if (!found) return null;
    const value = shape(field, found.value, this.#clock);
    if (value === undefined) return null;
    return { key: field.key, value, confidence: round(found.confidence), segmentIds: found.segmentIds };
  }

  /** Every value of a multi-value field, each with its source; null for kinds that have one value. */
  #all(field: SmartFillField): SmartFillValue | null {
    const u = this.#utterances;
    let candidates: readonly Candidate<string>[];
    switch (field.kind) {
      case 'phone':
      case 'email':
      case 'orderNumber':
      case 'trackingNumber':
      case 'idNumber':
        candidates = this.#once(`all ${field.kind} ${field.pattern ?? ''}`, () =>
          field.kind === 'phone'
            ? this.#phoneCandidates()
            : field.kind === 'email'
              ? emailCandidates(u)
              : identifierCandidates(u, field.kind as 'orderNumber', field.pattern),
        );
        break;
      case 'amount':
        candidates = amountCandidates(u, this.#context).map((c) => ({ ...c, value: String(c.value.amount) }));
        break;
      default:
        return null;
    }
    const items: { value: string; confidence: number; segmentIds: readonly string[] }[] = [];
    for (const chosen of chooseAll(candidates)) {
      const value = shape({ ...field, multiple: false }, chosen.value, this.#clock);
      if (typeof value !== 'string' || items.some((i) => i.value === value)) continue;
      items.push({ value, confidence: chosen.confidence, segmentIds: chosen.segmentIds });
    }
    if (items.length === 0) return null;
    const ids = [...new Set(items.flatMap((i) => i.segmentIds))].slice(0, MAX_SEGMENT_IDS);
    return {
      key: field.key,
      value: items.map((i) => i.value),
      // The list is as sure as its least sure value.
      confidence: round(Math.min(...items.map((i) => i.confidence))),
      segmentIds: ids,
      items,
    };
  }

  /** Phone mentions, without numbers said as an order or tracking number. */
  #phoneCandidates(): Candidate<string>[] {
    const u = this.#utterances;
    const named = namedNumbers(u);
    return phoneCandidates(u, this.#context).filter(
      (c) => !named.get(c.utterance)?.some((digits) => c.key.replace(/\D/g, '').endsWith(digits)),
    );
  }

  #find(field: SmartFillField): Chosen<string | number | Amount> | null {
    const u = this.#utterances;
    switch (field.kind) {
      // Two fields of one kind (the summary's and the ticket's order number) share one scan.
      case 'phone':
        // A digits-only number said as an order or tracking number is not the phone number too.
        return this.#once('phone', () => choose(this.#phoneCandidates()));
      case 'email':
        return this.#once('email', () => choose(emailCandidates(u)));
      case 'orderNumber':
      case 'trackingNumber':
      case 'idNumber': {
        const kind = field.kind;
        return this.#once(`${kind} ${field.pattern ?? ''}`, () => choose(identifierCandidates(u, kind, field.pattern)));
      }
      case 'amount': {
        const amount = this.#amount;
        return amount ? { ...amount, value: amount.value.amount } : null;
      }
      case 'currency': {
        const amount = this.#amount;
        if (amount) return { ...amount, value: amount.value.currency };
        return choose(currencyMentions(u, this.#context));
      }
      case 'date': {
        if (field.timing === 'follow-up') {
          const next = this.#followUp;
          return next ? { value: formatDate(next.date), confidence: next.confidence, segmentIds: idsOf(next.utterances) } : null;
        }
        const scan = this.#dateScan;
        const today = this.#clock ? formatDate(this.#clock.today) : '';
        const candidates = scan ? dateCandidates(u, scan) : [];
        return choose(field.timing === 'past' ? candidates.filter((c) => c.value <= today) : candidates);
      }
      case 'datetime': {
        const clock = this.#clock;
        if (field.timing === 'follow-up') {
          const next = this.#followUp;
          // A day without a time is a date, not midnight: the datetime field stays empty.
          return next && clock && next.minutes !== null
            ? { value: toInstant(next.date, next.minutes, clock.timeZone), confidence: next.confidence, segmentIds: idsOf(next.utterances) }
            : null;
        }
        const scan = this.#dateScan;
        const candidates = scan && clock ? dateTimeCandidates(u, scan, clock) : [];
        return choose(field.timing === 'past' ? candidates.filter((c) => Date.parse(c.value) <= (clock?.instant ?? 0)) : candidates);
      }
      case 'category':
        return this.#category ? { ...this.#category, value: this.#category.id } : null;
      case 'template': {
        const { plan, hits } = this.#terms;
        const template = chooseTemplate(plan.templateTerms, hits, this.#category);
        return template ? { ...template, value: template.id } : null;
      }
      case 'status': {
        const status = chooseStatus(statusMentions(u), this.#statuses(field));
        return status;
      }
      case 'remark': {
        const remark = extractRemark(u);
        return remark ? { ...remark, value: remark.text } : null;
      }
      default:
        return null;
    }
  }

  #statuses(field: SmartFillField): readonly SummaryStatus[] {
    const statuses = this.#input.statuses;
    if (Array.isArray(statuses) && statuses.length > 0) return statuses;
    return (field.options ?? []).map((o) => ({ value: o.value, label: o.label }));
  }
}

/**
 * How much more the call must resemble another leaf's calls than the names' choice's calls for the
 * history to overrule the names: the gap as a share of the top similarity. Chosen by 5-fold
 * cross-validation over the history set (bench/smart-fill-corpus/history-*.json), not on DEV or TEST.
 */
const HISTORY_OVERRULES = 0.3;
/**
 * Calls a leaf needs in the history before they may overrule the admin's names: with fewer (a new
 * call center, a rarely used leaf) a similarity lead is chance as often as not.
 */
const HISTORY_MIN_CALLS = 5;

/**
 * The category with the call center's history: the names' choice unless the
 * call resembles the calls of another leaf clearly more, both leaves having at
 * least {@link HISTORY_MIN_CALLS} calls in the history;
 * the history's guess when the names found nothing. The history's own guess is
 * as sure as its lead: a narrow one is offered, not filled.
 */
function withHistory(
  rules: CategoryChoice | null,
  model: CategoryModel,
  nodes: readonly FlatNode[],
  utterances: readonly Utterance[],
): CategoryChoice | null {
  const parents = new Set(nodes.map((n) => n.parent?.id).filter((id): id is string => typeof id === 'string'));
  const leaves = new Set(nodes.filter((n) => !parents.has(n.id)).map((n) => n.id));
  const guesses = guessFromHistory(model, utterances, leaves);
  const top = guesses[0];
  if (!top || !(top.similarity > 0)) return rules;
  if (rules && top.id === rules.id) return { ...rules, confidence: round(Math.min(0.95, rules.confidence + 0.15)) };
  const against = rules ? (guesses.find((g) => g.id === rules.id)?.similarity ?? 0) : (guesses[1]?.similarity ?? 0);
  const lead = (top.similarity - against) / top.similarity;
  // Both leaves well known: a leaf with few calls in the history looks unlike any call by sparsity alone.
  if (rules && (lead <= HISTORY_OVERRULES || Math.min(model.calls[top.id] ?? 0, model.calls[rules.id] ?? 0) < HISTORY_MIN_CALLS)) return rules;
  const node = nodes.find((n) => n.id === top.id);
  if (!node) return rules;
  const path: string[] = [];
  for (let n: FlatNode | null = node; n; n = n.parent) path.unshift(n.id);
  const customer = utterances.filter((u) => u.speaker === 'customer').slice(0, 3);
  return {
    id: top.id,
    // A guess from what similar calls were filed as: an offer unless its lead is wide.
    confidence: round(0.3 + 0.4 * lead),
    segmentIds: customer.map((u) => u.id),
    path,
    score: top.similarity,
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function idsOf(utterances: readonly Utterance[]): string[] {
  return utterances.slice(-MAX_SEGMENT_IDS).map((u) => u.id);
}

/** Keys and labels of date fields that want the follow-up time, or a date before the call. */
const FOLLOW_UP_FIELD = /follow|call ?back|回电|回访|跟进|预约|appointment|visit|上门|next.?contact|联系时间|约定|due|remind|提醒/i;
const PAST_FIELD = /purchase|bought|order(?:ed)?.?(?:date|at|on)|下单|购买|购入|incident|发生|occurred|delivered.?(?:date|at|on)|签收/i;

function timingOf(field: FormField): SmartFillField['timing'] {
  if (field.type !== 'date' && field.type !== 'datetime') return undefined;
  const words = [field.key, ...allTexts(field.label)].join(' ');
  if (PAST_FIELD.test(words)) return 'past';
  if (FOLLOW_UP_FIELD.test(words)) return 'follow-up';
  return undefined;
}

/** The value shaped for the field's type, or undefined when it does not fit. */
function shape(field: SmartFillField, raw: string | number | Amount, clock: Clock | null): FieldValue | undefined {
  if (typeof raw === 'object') return undefined;
  switch (field.type) {
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(raw);
      return typeof raw === 'number' || (raw.trim() !== '' && Number.isFinite(n)) ? n : undefined;
    }
    case 'date': {
      if (typeof raw !== 'string') return undefined;
      if (DATE_ONLY.test(raw)) return raw;
      const instant = Date.parse(raw);
      return clock && Number.isFinite(instant) ? formatDate(clockAt(instant, clock.timeZone).today) : undefined;
    }
    case 'datetime': {
      if (typeof raw !== 'string') return undefined;
      if (DATE_ONLY.test(raw)) {
        const [y, m, d] = raw.split('-').map(Number);
        return clock ? toInstant({ year: y ?? 0, month: m ?? 1, day: d ?? 1 }, 0, clock.timeZone) : undefined;
      }
      return Number.isFinite(Date.parse(raw)) ? raw : undefined;
    }
    case 'select':
      return option(field, String(raw));
    case 'multiselect': {
      const value = option(field, String(raw));
      return value === undefined ? undefined : [value];
    }
    case 'checkbox':
      return undefined;
    default: {
      const alternatives = field.kind === 'phone' ? phoneForms(String(raw)) : [String(raw)];
      return alternatives.find((text) => matchesPattern(field.pattern, text));
    }
  }
}

/** An option value of a select field for `value` (by value, then by label); any value when it has no options. */
function option(field: SmartFillField, value: string): string | undefined {
  const options = field.options;
  if (!Array.isArray(options) || options.length === 0) return value;
  const lower = value.toLowerCase();
  return (
    options.find((o) => o.value === value) ??
    options.find((o) => o.value.toLowerCase() === lower) ??
    options.find((o) => typeof o.label === 'string' && o.label.toLowerCase() === lower)
  )?.value;
}

/** E.164 first, then the national digits, for fields whose pattern wants another form. */
function phoneForms(e164: string): string[] {
  const national = parsePhone(e164)?.national.replace(/[^\d]/g, '');
  return national ? [e164, national] : [e164];
}

function matchesPattern(pattern: string | undefined, value: string): boolean {
  if (typeof pattern !== 'string' || pattern === '') return true;
  // A pattern that can backtrack exponentially is not run on what was said.
  if (!isSafePattern(pattern)) return false;
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true;
  }
}

/**
 * The fields of a ticket or summary form that smart fill can fill: those
 * whose `extract` names a known {@link ExtractKind}, with their type,
 * pattern and options (labels flattened to one string).
 *
 * @example
 * ```ts
 * const fields = fieldsFromForm(ticketSchema.fields);
 * // [{ key: 'orderNumber', kind: 'orderNumber', type: 'text', pattern: '^[A-Z]{2}\\d{8}$' }, …]
 * ```
 */
export function fieldsFromForm(fields: readonly FormField[]): SmartFillField[] {
  const out: SmartFillField[] = [];
  for (const field of Array.isArray(fields) ? fields : []) {
    if (!field || typeof field.key !== 'string' || !isExtractKind(field.extract)) continue;
    out.push({
      key: field.key,
      kind: field.extract,
      type: field.type,
      ...(typeof field.pattern === 'string' ? { pattern: field.pattern } : {}),
      ...(timingOf(field) ? { timing: timingOf(field) } : {}),
      ...(field.multiple === true && field.type === 'text' ? { multiple: true } : {}),
      ...(Array.isArray(field.options)
        ? { options: field.options.map((o: FieldOption) => ({ value: o.value, label: allTexts(o.label)[0] ?? o.value })) }
        : {}),
    });
  }
  return out;
}

/**
 * The service summary's fields for smart fill: the built-in `status` (kind
 * status), `categoryId` (category), `templateId` (template) and `remark`
 * (remark), then the schema's custom fields that name an `extract` kind.
 *
 * @example
 * ```ts
 * const schema = await adapter.summary.schema();
 * const output = smartFill({ segments, fields: summaryFields(schema), categories: schema.categories,
 *   templates: schema.templates, statuses: schema.statuses, callTime });
 * ```
 */
export function summaryFields(schema: SummarySchema): SmartFillField[] {
  const statuses = Array.isArray(schema?.statuses) ? schema.statuses : [];
  const templates = Array.isArray(schema?.templates) ? schema.templates : [];
  return [
    {
      key: 'status',
      kind: 'status',
      type: 'select',
      options: statuses.map((s) => ({ value: s.value, label: allTexts(s.label)[0] ?? s.value })),
    },
    { key: 'categoryId', kind: 'category', type: 'cascade' },
    {
      key: 'templateId',
      kind: 'template',
      type: 'select',
      options: templates.map((t) => ({ value: t.id, label: allTexts(t.name)[0] ?? t.id })),
    },
    { key: 'remark', kind: 'remark', type: 'textarea' },
    ...fieldsFromForm(Array.isArray(schema?.fields) ? schema.fields : []),
  ];
}

