/**
 * Response validation at the adapter boundary: tiny validator combinators and
 * one validator per type of `types.ts` that a response carries.
 *
 * A validator is `(value: unknown, path: string) => T`. It returns a NEW value
 * holding only the keys the contract knows (unknown keys are dropped) and
 * throws `AdapterError('invalid-response', '<path>: expected …')` otherwise.
 *
 * Leniency: a missing (or `null`) optional key is dropped; a missing nullable
 * key becomes `null`. Everything else is strict: a wrong type is an error.
 * Strings are passed through unchanged (markup included: escaping is the
 * renderer's job) but capped at {@link MAX_STRING_LENGTH} characters.
 *
 * Every top-level validator is built by a pure call (marked for bundlers), so
 * unused ones are tree-shaken.
 *
 * @packageDocumentation
 */
import { AdapterError } from './errors.js';
import { CALL_END_CAUSES } from './end-causes.js';
import type {
  AcwSettings,
  CallEndCause,
  CallQualitySummary,
  CallSurvey,
  QueueSettings,
  QueueStat,
  QueueStats,
  SurveySettings,
  Agent,
  AgentPhoneSettings,
  AgentStatusRecord,
  BreakReason,
  BusinessRecord,
  CallerIdRules,
  CallLeg,
  CallRecord,
  CategoryNode,
  ChatMessage,
  ChatSession,
  ContactPlan,
  ConversationSegment,
  Customer,
  DisplayNumber,
  DockingPage,
  FieldOption,
  FieldValue,
  FormField,
  Instant,
  LocalizedText,
  Page,
  PushEvent,
  PushType,
  ServiceSummary,
  SmartFillResult,
  NumberRegion,
  ResolvedNumber,
  SmartFillItem,
  SmartFillValue,
  SmsResult,
  SmsTemplate,
  SummarySchema,
  SummaryExample,
  SummaryExampleLine,
  SummaryStatus,
  SummaryTemplate,
  Ticket,
  TicketSchema,
} from './types.js';

/** Checks an untrusted value and returns a clean copy of it, or throws an `invalid-response` AdapterError. */
export type Validator<T> = (value: unknown, path: string) => T;

/** The longest string a response may carry. */
export const MAX_STRING_LENGTH = 100_000;
/** The deepest a category tree (or cascade option tree) may be. */
export const MAX_TREE_DEPTH = 10;

type Json = { readonly [key: string]: unknown };

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Throws the `invalid-response` error for `path`. */
export function invalid(path: string, expected: string, value?: unknown): never {
  const got = arguments.length > 2 ? `, got ${kind(value)}` : '';
  throw new AdapterError('invalid-response', `${path}: expected ${expected}${got}`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyPath(path: string, key: string): string {
  return `${path}.${key.length > 40 ? `${key.slice(0, 40)}…` : key}`;
}

// ------------------------------------------------------------- combinators

export const str: Validator<string> = (value, path) => {
  if (typeof value !== 'string') return invalid(path, 'a string', value);
  if (value.length > MAX_STRING_LENGTH) {
    return invalid(path, `a string of at most ${MAX_STRING_LENGTH} characters`);
  }
  return value;
};

/** A finite number. */
export const num: Validator<number> = (value, path) =>
  typeof value === 'number' && Number.isFinite(value) ? value : invalid(path, 'a finite number', value);

/** A safe integer. */
export const int: Validator<number> = (value, path) =>
  Number.isSafeInteger(value) ? (value as number) : invalid(path, 'an integer', value);

export const bool: Validator<boolean> = (value, path) =>
  typeof value === 'boolean' ? value : invalid(path, 'a boolean', value);

/** `null`, a missing value (→ `null`), or what `v` accepts. */
export function nullable<T>(v: Validator<T>): Validator<T | null> {
  return (value, path) => (value === null || value === undefined ? null : v(value, path));
}

/** A missing value or `null` (→ `undefined`, the key is dropped), or what `v` accepts. */
export function optional<T>(v: Validator<T>): Validator<T | undefined> {
  return (value, path) => (value === null || value === undefined ? undefined : v(value, path));
}

export function arr<T>(v: Validator<T>): Validator<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return invalid(path, 'an array', value);
    return value.map((item, i) => v(item, `${path}[${i}]`));
  };
}

/** A string-keyed map whose every value `v` accepts. */
export function record<T>(v: Validator<T>): Validator<{ [key: string]: T }> {
  return (value, path) => {
    if (!isObject(value)) return invalid(path, 'an object', value);
    // fromEntries defines own properties, so a `__proto__` key stays plain data.
    return Object.fromEntries(
      Object.keys(value).map((key) => {
        const at = keyPath(path, key);
        if (key.length > MAX_STRING_LENGTH) invalid(at, 'a shorter key');
        return [key, v(value[key], at)];
      }),
    );
  };
}

/** One of the given values (an enum). */
export function literal<const T extends readonly (string | number | boolean)[]>(
  ...values: T
): Validator<T[number]> {
  return (value, path) =>
    values.includes(value as T[number])
      ? (value as T[number])
      : invalid(path, `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, value);
}

/** One validator per key of `T`, optional keys included. */
export type Shape<T> = { readonly [K in keyof Required<T>]: Validator<T[K]> };

/**
 * An object with the keys of `shape`: returns a new object with only those keys
 * (unknown keys are dropped, and so are keys whose validator gave `undefined`).
 */
export function obj<T>(shape: Shape<T>): Validator<T> {
  const keys = Object.keys(shape) as (keyof T & string)[];
  return (value, path) => {
    if (!isObject(value)) return invalid(path, 'an object', value);
    const out: { [key: string]: unknown } = {};
    for (const key of keys) {
      const checked = shape[key](value[key], `${path}.${key}`);
      if (checked !== undefined) out[key] = checked;
    }
    return out as T;
  };
}

/** An ISO 8601 date-time string that `Date` parses; returned unchanged. */
export const instant: Validator<Instant> = (value, path) => {
  const text = str(value, path);
  return /^\d{4}-\d\d-\d\d/.test(text) && !Number.isNaN(Date.parse(text))
    ? text
    : invalid(path, 'an ISO 8601 instant');
};

/** A form value: string, number, boolean, list of strings, or null (also when missing). */
export const fieldValue: Validator<FieldValue> = (value, path) => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return str(value, path);
  if (typeof value === 'number') return num(value, path);
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return arr(str)(value, path);
  return invalid(path, 'a string, number, boolean, list of strings or null', value);
};

/** One string, or one string per locale. */
export const localizedText: Validator<LocalizedText> = (value, path) =>
  typeof value === 'string' ? str(value, path) : record(str)(value, path);

const fields = /* @__PURE__ */ record(fieldValue);
const strings = /* @__PURE__ */ arr(str);
const nullableStr = /* @__PURE__ */ nullable(str);
const nullableInstant = /* @__PURE__ */ nullable(instant);
const speaker = /* @__PURE__ */ literal('customer', 'agent', 'bot');
const direction = /* @__PURE__ */ literal('inbound', 'outbound');

/** A tree whose node at depth > {@link MAX_TREE_DEPTH} is an error. */
function tree<T extends { readonly children?: readonly T[] }>(
  node: (children: Validator<T[] | undefined>) => Validator<T>,
): Validator<T[]> {
  const level = (depth: number): Validator<T[]> => (value, path) => {
    if (depth > MAX_TREE_DEPTH && !(Array.isArray(value) && value.length === 0)) {
      return invalid(path, `a tree at most ${MAX_TREE_DEPTH} levels deep`);
    }
    return arr(node(optional(level(depth + 1))))(value, path);
  };
  return level(1);
}

// ----------------------------------------------------------- contract types

/** One page of `item`s. */
export function page<T>(item: Validator<T>): Validator<Page<T>> {
  return obj<Page<T>>({ items: arr(item), nextCursor: nullableStr });
}

export const customer = /* @__PURE__ */ obj<Customer>({
  id: str,
  name: str,
  phones: strings,
  email: nullableStr,
  company: nullableStr,
  address: nullableStr,
  level: literal('normal', 'vip'),
  tags: strings,
  notes: nullableStr,
  createdAt: instant,
  updatedAt: instant,
  version: int,
});

export const businessRecord = /* @__PURE__ */ obj<BusinessRecord>({
  id: str,
  kind: literal('chat', 'call', 'ticket'),
  customerId: str,
  at: instant,
  title: str,
  summary: nullableStr,
  refId: str,
  channel: nullableStr,
});

export const chatMessage = /* @__PURE__ */ obj<ChatMessage>({
  id: str,
  from: speaker,
  text: str,
  at: instant,
});

export const chatSession = /* @__PURE__ */ obj<ChatSession>({
  id: str,
  customerId: str,
  channel: str,
  startedAt: instant,
  endedAt: nullableInstant,
  messages: arr(chatMessage),
});

/** A list of cascade options, at most {@link MAX_TREE_DEPTH} levels deep. */
export const fieldOptions = /* @__PURE__ */ tree<FieldOption>((children) =>
  obj<FieldOption>({ value: str, label: localizedText, children }),
);

/** A form field; an unknown `type` passes (the elements render it read-only). */
export const formField = /* @__PURE__ */ obj<FormField>({
  key: str,
  label: localizedText,
  type: str,
  required: optional(bool),
  minLength: optional(int),
  maxLength: optional(int),
  min: optional(num),
  max: optional(num),
  pattern: optional(str),
  options: optional(fieldOptions),
  placeholder: optional(localizedText),
  extract: optional(str),
  multiple: optional(bool),
});

/** A list of category nodes, at most {@link MAX_TREE_DEPTH} levels deep. */
export const categoryNodes = /* @__PURE__ */ tree<CategoryNode>((children) =>
  obj<CategoryNode>({ id: str, name: localizedText, keywords: optional(strings), children }),
);

export const ticket = /* @__PURE__ */ obj<Ticket>({
  id: str,
  number: str,
  title: str,
  description: str,
  status: literal('open', 'pending', 'resolved', 'closed'),
  priority: literal('low', 'normal', 'high', 'urgent'),
  categoryId: nullableStr,
  assigneeId: nullableStr,
  customerId: nullableStr,
  callId: nullableStr,
  fields,
  createdBy: str,
  createdAt: instant,
  updatedAt: instant,
  version: int,
});

export const ticketSchema = /* @__PURE__ */ obj<TicketSchema>({
  categories: categoryNodes,
  fields: arr(formField),
});

export const callLeg = /* @__PURE__ */ obj<CallLeg>({
  id: str,
  agentId: str,
  agentName: str,
  kind: literal('normal', 'transfer', 'consult'),
  startedAt: instant,
  answeredAt: nullableInstant,
  endedAt: nullableInstant,
  ringSeconds: num,
  talkSeconds: num,
  holdSeconds: num,
});

export const callRecord = /* @__PURE__ */ obj<CallRecord>({
  id: str,
  direction,
  customerNumber: str,
  displayNumber: nullableStr,
  agentId: str,
  customerId: nullableStr,
  queue: nullableStr,
  startedAt: instant,
  answeredAt: nullableInstant,
  endedAt: nullableInstant,
  ringSeconds: num,
  talkSeconds: num,
  holdSeconds: num,
  acwSeconds: num,
  hangupBy: nullable(literal('customer', 'agent', 'system')),
  outcome: nullable(literal('answered', 'missed', 'rejected', 'abandoned', 'busy', 'failed')),
  recordingUrl: nullableStr,
  legs: arr(callLeg),
  variables: record(str),
  version: int,
  endReason: optional(nullable(callEndCause())),
  survey: optional(nullable(callSurvey())),
  quality: optional(nullable(callQualitySummary())),
});

export const serviceSummary = /* @__PURE__ */ obj<ServiceSummary>({
  status: nullableStr,
  categoryId: nullableStr,
  templateId: nullableStr,
  remark: str,
  fields,
  callId: str,
  updatedAt: instant,
  updatedBy: str,
  version: int,
});

export const summaryExample = /* @__PURE__ */ obj<SummaryExample>({
  callId: str,
  categoryId: str,
  savedAt: instant,
  lines: arr(obj<SummaryExampleLine>({ speaker, text: str })),
});

export const summaryStatus = /* @__PURE__ */ obj<SummaryStatus>({
  value: str,
  label: localizedText,
  resolved: optional(bool),
});

export const summaryTemplate = /* @__PURE__ */ obj<SummaryTemplate>({
  id: str,
  name: localizedText,
  categoryId: nullableStr,
  status: nullableStr,
  remark: str,
  fields,
  keywords: optional(strings),
});

export const summarySchema = /* @__PURE__ */ obj<SummarySchema>({
  statuses: arr(summaryStatus),
  categories: categoryNodes,
  templates: arr(summaryTemplate),
  fields: arr(formField),
});

export const smsTemplate = /* @__PURE__ */ obj<SmsTemplate>({
  id: str,
  name: str,
  body: str,
  variables: strings,
  signature: nullableStr,
});

export const smsResult = /* @__PURE__ */ obj<SmsResult>({
  id: str,
  status: literal('queued', 'sent', 'failed'),
  reason: nullableStr,
  segments: int,
  at: instant,
});

export const contactPlan = /* @__PURE__ */ obj<ContactPlan>({
  id: str,
  customerId: nullableStr,
  phone: str,
  callId: nullableStr,
  startAt: instant,
  dueAt: instant,
  assigneeId: str,
  remark: str,
  status: literal('pending', 'done', 'cancelled'),
  snoozedUntil: nullableInstant,
  createdBy: str,
  createdAt: instant,
  completedAt: nullableInstant,
  version: int,
});

export const agent = /* @__PURE__ */ obj<Agent>({
  id: str,
  name: str,
  extension: nullableStr,
  email: nullableStr,
});

export const agentStatusRecord = /* @__PURE__ */ obj<AgentStatusRecord>({
  status: literal('ready', 'busy', 'break', 'acw', 'offline'),
  breakReasonId: nullableStr,
  since: str,
  acwEndsAt: optional(nullableInstant),
});

export const breakReason = /* @__PURE__ */ obj<BreakReason>({ id: str, label: localizedText });

export const displayNumber = /* @__PURE__ */ obj<DisplayNumber>({
  number: str,
  label: nullableStr,
  regions: optional(strings),
  prefixes: optional(strings),
});

export const callerIdRules = /* @__PURE__ */ obj<CallerIdRules>({
  mode: literal('fixed', 'pool', 'choice'),
  numbers: arr(displayNumber),
  header: nullableStr,
});

export const agentPhoneSettings = /* @__PURE__ */ obj<AgentPhoneSettings>({
  callPermission: bool,
  extension: nullableStr,
  callerId: callerIdRules,
  breakReasons: arr(breakReason),
  acwSeconds: num,
  autoAnswer: bool,
  viewFullNumbers: optional(bool),
  survey: optional(nullable(surveySettings())),
  acw: optional(nullable(acwSettings())),
  queue: optional(nullable(queueSettings())),
});

export const dockingPage = /* @__PURE__ */ obj<DockingPage>({
  id: str,
  name: localizedText,
  urlTemplate: str,
  order: num,
  directions: arr(direction),
  height: nullable(num),
  sandbox: nullableStr,
});

export const conversationSegment = /* @__PURE__ */ obj<ConversationSegment>({
  id: str,
  callId: str,
  speaker,
  text: str,
  final: bool,
  seq: num,
  at: instant,
});

export const smartFillValue = /* @__PURE__ */ obj<SmartFillValue>({
  key: str,
  value: fieldValue,
  confidence: num,
  segmentIds: strings,
  items: optional(arr(obj<SmartFillItem>({ value: str, confidence: num, segmentIds: strings }))),
});

export const smartFillResult = /* @__PURE__ */ obj<SmartFillResult>({ values: arr(smartFillValue) });

// ---- number masking and regions (issue 15)
export const resolvedNumber = /* @__PURE__ */ obj<ResolvedNumber>({ number: str });
export const numberRegion = /* @__PURE__ */ obj<NumberRegion>({
  country: nullableStr,
  province: nullableStr,
  city: nullableStr,
  carrier: nullableStr,
});

// --------------------------------------------------------- phone bar extras
// Functions (hoisted) so the records above can use them; each builds its validator once.

let extras: {
  callEndCause: Validator<CallEndCause>;
  callSurvey: Validator<CallSurvey>;
  callQualitySummary: Validator<CallQualitySummary>;
  surveySettings: Validator<SurveySettings>;
  acwSettings: Validator<AcwSettings>;
  queueSettings: Validator<QueueSettings>;
} | null = null;

function extraValidators(): NonNullable<typeof extras> {
  if (extras) return extras;
  const nullableNum = nullable(num);
  const level = literal('good', 'fair', 'poor');
  extras = {
    callEndCause: literal(...CALL_END_CAUSES),
    callSurvey: obj<CallSurvey>({
      offeredAt: instant,
      mode: literal('refer', 'info'),
      score: nullableNum,
      maxScore: optional(nullableNum),
    }),
    callQualitySummary: obj<CallQualitySummary>({
      samples: int,
      worst: level,
      avgRttMs: nullableNum,
      maxRttMs: nullableNum,
      avgJitterMs: nullableNum,
      maxJitterMs: nullableNum,
      avgLossPercent: nullableNum,
      maxLossPercent: nullableNum,
      linkLost: int,
    }),
    surveySettings: obj<SurveySettings>({
      mode: literal('refer', 'info'),
      target: str,
      headers: optional(record(str)),
      info: optional(nullable(obj<{ readonly contentType: string; readonly body: string }>({ contentType: str, body: str }))),
    }),
    acwSettings: obj<AcwSettings>({ extendStepSeconds: num, maxSeconds: num }),
    queueSettings: obj<QueueSettings>({ warnWaiting: num, warnLongestWaitSeconds: num }),
  };
  return extras;
}

function callEndCause(): Validator<CallEndCause> {
  return (value, path) => extraValidators().callEndCause(value, path);
}
function callSurvey(): Validator<CallSurvey> {
  return (value, path) => extraValidators().callSurvey(value, path);
}
function callQualitySummary(): Validator<CallQualitySummary> {
  return (value, path) => extraValidators().callQualitySummary(value, path);
}
function surveySettings(): Validator<SurveySettings> {
  return (value, path) => extraValidators().surveySettings(value, path);
}
function acwSettings(): Validator<AcwSettings> {
  return (value, path) => extraValidators().acwSettings(value, path);
}
function queueSettings(): Validator<QueueSettings> {
  return (value, path) => extraValidators().queueSettings(value, path);
}

/** One skill group's queue; figures are numbers here, the phone bar drops absurd ones. */
export const queueStat = /* @__PURE__ */ obj<QueueStat>({
  id: str,
  name: localizedText,
  waiting: num,
  longestWaitSeconds: num,
});

export const queueStats = /* @__PURE__ */ obj<QueueStats>({ at: instant, queues: arr(queueStat) });

type PushOf<K extends PushType> = Extract<PushEvent, { readonly type: K }>;

const pushValidators: { readonly [K in PushType]: Validator<PushOf<K>> } = {
  'conversation.segment': /* @__PURE__ */ obj<PushOf<'conversation.segment'>>({
    type: literal('conversation.segment'),
    segment: conversationSegment,
  }),
  'call.updated': /* @__PURE__ */ obj<PushOf<'call.updated'>>({
    type: literal('call.updated'),
    call: callRecord,
  }),
  'customer.updated': /* @__PURE__ */ obj<PushOf<'customer.updated'>>({
    type: literal('customer.updated'),
    customer,
  }),
  'contactPlan.changed': /* @__PURE__ */ obj<PushOf<'contactPlan.changed'>>({
    type: literal('contactPlan.changed'),
    plan: contactPlan,
  }),
  'contactPlan.due': /* @__PURE__ */ obj<PushOf<'contactPlan.due'>>({
    type: literal('contactPlan.due'),
    plan: contactPlan,
  }),
  'queue.stats': /* @__PURE__ */ obj<PushOf<'queue.stats'>>({
    type: literal('queue.stats'),
    stats: queueStats,
  }),
};

/** Whether `type` is one of the push types of the contract. */
export function isPushType(type: unknown): type is PushType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(pushValidators, type);
}

/** A server push; an unknown `type` is an error. */
export const pushEvent: Validator<PushEvent> = (value, path) => {
  if (!isObject(value)) return invalid(path, 'an object', value);
  const type = value['type'];
  if (!isPushType(type)) return invalid(`${path}.type`, 'a known push type');
  return (pushValidators[type] as Validator<PushEvent>)(value, path);
};
