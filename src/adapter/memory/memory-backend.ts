import type {
  AgentsApi,
  BackendAdapter,
  CallsApi,
  ContactPlansApi,
  ConversationApi,
  CustomersApi,
  DockingPagesApi,
  NumbersApi,
  RecordsApi,
  SmsApi,
  SummaryApi,
  TicketsApi,
} from '../backend-adapter.js';
import { AdapterError } from '../errors.js';
import { CALL_END_CAUSES } from '../end-causes.js';
import type {
  Agent,
  AgentPhoneSettings,
  AgentStatusInput,
  AgentStatusRecord,
  BusinessRecord,
  CallLeg,
  CallOptions,
  CallRecord,
  CallReport,
  ChatSession,
  ContactPlan,
  ContactPlanInput,
  ContactPlanPatch,
  ContactPlanQuery,
  ContactPlanStatus,
  ConversationSegment,
  Customer,
  CustomerInput,
  CustomerLevel,
  DockingPage,
  Page,
  PageRequest,
  PushEvent,
  PushType,
  RecordKind,
  RecordQuery,
  ServiceSummary,
  ServiceSummaryInput,
  SmsResult,
  SmsSendRequest,
  SmsTemplate,
  SummarySchema,
  Ticket,
  TicketInput,
  TicketPriority,
  TicketSchema,
  WriteOptions,
} from '../types.js';
import type { CallEndCause, CallQualitySummary, QueueStats, SummaryExample } from '../types.js';
import { paginate } from './cursor.js';
import { createDefaultSeed, createEmptySeed, ymd, type Seed } from './seed.js';
import { smsLength } from '../../sms/encoding.js';
import { renderTemplate, templateVariables, withSignature } from '../../sms/template.js';
import {
  E164,
  Problems,
  categoryIds,
  e164,
  email,
  formValues,
  isInstant,
  isRecord,
  oneOf,
  optionalText,
  plainText,
  requiredText,
} from './validation.js';

export interface MemoryBackendOptions {
  /** 'default' = the realistic seed (default), 'empty' = no data but the agent, schemas and config, or your own Seed object */
  seed?: 'default' | 'empty' | Seed;
  /** Simulated latency in ms for every call (default 0). */
  latencyMs?: number;
  /** Clock (default () => new Date()). */
  now?: () => Date;
  /** The signed-in agent's id (default 'agent-1001'). */
  agentId?: string;
  /**
   * The language of the texts the backend writes itself, such as the titles of call records
   * ("Inbound call (answered, 9m 41s)" / "呼入电话（已接听，9分41秒）"): a locale, or a function
   * asked on every read (e.g. `() => document.documentElement.lang`). Default `en`; any `zh`
   * locale gives Chinese.
   */
  locale?: string | (() => string);
  /**
   * Idempotency keys remembered, the newest (default 1,000): a retry with an older key is a new
   * write, as on a server that expires its keys. Keeps a backend that runs in the page all day small.
   */
  idempotencyKeys?: number;
}

/** Options of {@link MemoryBackend.failNext}. */
export interface FailNextOptions {
  /**
   * Perform the write, then reject: a timeout whose request did reach the
   * backend. A retry with the same idempotency key then gets the stored result.
   */
  readonly afterWrite?: boolean;
}

/** The reads of the adapter, as `'domain.method'`. */
export const MEMORY_READ_METHODS = [
  'customers.get',
  'customers.findByPhone',
  'customers.search',
  'records.list',
  'records.getChat',
  'tickets.schema',
  'tickets.get',
  'tickets.listByCustomer',
  'tickets.listByCall',
  'calls.get',
  'calls.listByAgent',
  'summary.schema',
  'summary.get',
  'summary.examples',
  'sms.templates',
  'contactPlans.list',
  'agents.me',
  'agents.list',
  'agents.phoneSettings',
  'agents.queueStats',
  'dockingPages.list',
  'conversation.history',
  'numbers.resolve',
  'numbers.region',
] as const;

/** The writes of the adapter, as `'domain.method'`. */
export const MEMORY_WRITE_METHODS = [
  'customers.create',
  'customers.update',
  'tickets.create',
  'calls.report',
  'calls.linkCustomer',
  'summary.save',
  'sms.send',
  'contactPlans.create',
  'contactPlans.update',
  'agents.setStatus',
] as const;

export type MemoryReadMethod = (typeof MEMORY_READ_METHODS)[number];
export type MemoryWriteMethod = (typeof MEMORY_WRITE_METHODS)[number];
export type MemoryMethod = MemoryReadMethod | MemoryWriteMethod;

const ALL_METHODS: ReadonlySet<string> = new Set<string>([...MEMORY_READ_METHODS, ...MEMORY_WRITE_METHODS]);

interface PlannedFailure {
  readonly error: AdapterError | undefined;
  remaining: number;
  readonly afterWrite: boolean;
}

interface StoredWrite {
  readonly fingerprint: string;
  readonly result: unknown;
}

interface Subscription {
  readonly types: ReadonlySet<PushType>;
  readonly listener: (event: PushEvent) => void;
}

/** A sent (or carrier-rejected) text message, as {@link MemoryBackend.sentSms} lists it. */
export interface SentSms {
  readonly result: SmsResult;
  readonly request: SmsSendRequest;
  readonly body: string;
}

const LEVELS: readonly CustomerLevel[] = ['normal', 'vip'];
const PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
const DIRECTIONS = ['inbound', 'outbound'] as const;
const OUTCOMES = ['answered', 'missed', 'rejected', 'abandoned', 'busy', 'failed'] as const;
const HANGUP_BY = ['customer', 'agent', 'system'] as const;
const PLAN_STATUSES: readonly ContactPlanStatus[] = ['pending', 'done', 'cancelled'];
const RECORD_KINDS: readonly RecordKind[] = ['chat', 'call', 'ticket'];
const PUSH_TYPES: readonly PushType[] = [
  'conversation.segment',
  'call.updated',
  'customer.updated',
  'contactPlan.changed',
  'contactPlan.due',
  'queue.stats',
];

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Sample 7-digit mobile segments → [province, city] (number masking and regions, issue 15). */
const SAMPLE_SEGMENTS: { readonly [segment: string]: readonly [string, string] } = {
  '1380013': ['北京', '北京'],
  '1390013': ['北京', '北京'],
  '1391234': ['上海', '上海'],
  '1371111': ['广东', '深圳'],
  '1501234': ['广东', '广州'],
};

function aborted(): AdapterError {
  return new AdapterError('aborted', 'The request was cancelled.');
}

function notFound(what: string, id: unknown): AdapterError {
  return new AdapterError('not-found', `${what} ${String(id)} does not exist`, { status: 404 });
}

function badRequest(message: string, fields: Record<string, string> = {}): AdapterError {
  return new AdapterError('validation', message, { status: 422, fields });
}

/** JSON with sorted keys, so the same request always has the same fingerprint. */
/** A short digest of a request (two FNV-1a passes, 64 bits): a reused key with other data is told apart without keeping the request. */
function fingerprint(value: unknown): string {
  const text = canonical(value);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}.${text.length}`;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (isRecord(inner)) {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(inner).sort()) sorted[key] = inner[key];
      return sorted;
    }
    return inner;
  });
}

function requireId(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '' || value.length > 200) {
    throw badRequest(`The ${what} id is not valid`, { id: 'Must be a non-empty id' });
  }
  return value;
}

function secondsBetween(from: string | null, to: string | null): number {
  if (from === null || to === null) return 0;
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

function byNewest<T>(instant: (item: T) => string, id: (item: T) => string) {
  return (a: T, b: T): number => instant(b).localeCompare(instant(a)) || id(b).localeCompare(id(a));
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function formatDuration(seconds: number, zh = false): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (zh) return minutes > 0 ? `${minutes}分${pad2(rest)}秒` : `${rest}秒`;
  return minutes > 0 ? `${minutes}m ${pad2(rest)}s` : `${rest}s`;
}

const OUTCOME_ZH: Readonly<Record<string, string>> = {
  answered: '已接听',
  missed: '未接',
  rejected: '已拒接',
  abandoned: '已放弃',
  busy: '忙线',
  failed: '失败',
};

/** The title of a call in the customer's timeline, in English or Chinese. */
function callTitle(call: CallRecord, zh: boolean): string {
  if (zh) {
    const direction = call.direction === 'inbound' ? '呼入电话' : '呼出电话';
    const detail =
      call.outcome === 'answered' ? `已接听，${formatDuration(call.talkSeconds, true)}` : call.outcome ? OUTCOME_ZH[call.outcome] ?? call.outcome : '进行中';
    return `${direction}（${detail}）`;
  }
  const direction = call.direction === 'inbound' ? 'Inbound call' : 'Outbound call';
  const detail = call.outcome === 'answered' ? `answered, ${formatDuration(call.talkSeconds)}` : (call.outcome ?? 'in progress');
  return `${direction} (${detail})`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * The in-memory backend: a complete {@link BackendAdapter} that behaves like a
 * real server (validation, idempotency keys, optimistic versions, cursor
 * paging, pushes), for the demo, for element tests and behind msw handlers.
 *
 * Every answer is a copy; nothing returned shares state with the backend.
 * Writes push what a server would: `customer.updated` (create and update),
 * `call.updated` (report, linkCustomer), `contactPlan.changed` (create,
 * update); {@link appendSegment} pushes `conversation.segment`. Pushes are
 * delivered synchronously, before the write's promise settles.
 *
 * Like a server, references must exist: a ticket's `callId`/`customerId`, a
 * summary's call (else `not-found`), a plan's assignee. Report a call with
 * `calls.report` first, or use the seeded ids in {@link SEED_IDS}.
 *
 * Besides the adapter it has a small test-control API: {@link failNext},
 * {@link setLatency}, {@link writeCount}, {@link emit}, {@link appendSegment}.
 *
 * @example
 * ```ts
 * const backend = new MemoryBackend({ latencyMs: 300 });
 * const [customer] = await backend.customers.findByPhone('+8613800138000'); // 张伟
 * ```
 */
export class MemoryBackend implements BackendAdapter {
  readonly customers: CustomersApi;
  readonly records: RecordsApi;
  readonly tickets: TicketsApi;
  readonly calls: CallsApi;
  readonly summary: SummaryApi;
  readonly sms: SmsApi;
  readonly contactPlans: ContactPlansApi;
  readonly agents: AgentsApi;
  readonly dockingPages: DockingPagesApi;
  readonly conversation: ConversationApi;
  /** The in-memory backend has no smart-fill model. */
  readonly smartFill = undefined;
  /**
   * Number masking and regions (issue 15). References are `customer:<id>:<n>`
   * (the customer's n-th number, from 0); regions come from a few sample
   * 7-digit mobile segments (a real backend uses its segment database).
   */
  readonly numbers: NumbersApi;

  readonly #now: () => Date;
  readonly #agentId: string;
  readonly #locale: string | (() => string);
  #latency: number;
  readonly #methodLatency = new Map<string, number>();
  readonly #failures = new Map<string, PlannedFailure[]>();
  readonly #writes = new Map<string, number>();
  readonly #idempotency = new Map<string, StoredWrite>();
  readonly #idempotencyKeys: number;
  readonly #subscriptions = new Set<Subscription>();
  #sequence = 0;

  readonly #agents: Agent[];
  readonly #customers = new Map<string, Customer>();
  readonly #tickets = new Map<string, Ticket>();
  readonly #calls = new Map<string, CallRecord>();
  readonly #chats = new Map<string, ChatSession>();
  readonly #summaries = new Map<string, ServiceSummary>();
  readonly #plans = new Map<string, ContactPlan>();
  readonly #segments = new Map<string, Map<string, ConversationSegment>>();
  readonly #smsTemplates: SmsTemplate[];
  readonly #dockingPages: DockingPage[];
  readonly #ticketSchema: TicketSchema;
  readonly #summarySchema: SummarySchema;
  #phoneSettings: AgentPhoneSettings;
  readonly #sent: SentSms[] = [];
  #ticketNumber = 0;

  constructor(options: MemoryBackendOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#agentId = options.agentId ?? 'agent-1001';
    this.#locale = options.locale ?? 'en';
    this.#latency = Math.max(0, options.latencyMs ?? 0);
    this.#idempotencyKeys = Math.max(1, Math.floor(options.idempotencyKeys ?? 1_000));
    const seedOption = options.seed ?? 'default';
    const seed: Seed = clone(
      seedOption === 'default'
        ? createDefaultSeed(this.#now())
        : seedOption === 'empty'
          ? createEmptySeed(this.#now())
          : seedOption,
    );
    this.#agents = [...seed.agents];
    for (const customer of seed.customers) this.#customers.set(customer.id, customer);
    for (const ticket of seed.tickets) {
      this.#tickets.set(ticket.id, ticket);
      const match = /-(\d+)$/.exec(ticket.number);
      if (match?.[1]) this.#ticketNumber = Math.max(this.#ticketNumber, Number(match[1]));
    }
    for (const call of seed.calls) this.#calls.set(call.id, call);
    for (const chat of seed.chats) this.#chats.set(chat.id, chat);
    for (const summary of seed.summaries) this.#summaries.set(summary.callId, summary);
    for (const plan of seed.contactPlans) this.#plans.set(plan.id, plan);
    for (const segment of seed.conversations) this.#storeSegment(segment);
    this.#smsTemplates = [...seed.smsTemplates];
    this.#dockingPages = [...seed.dockingPages];
    this.#ticketSchema = seed.ticketSchema;
    this.#summarySchema = seed.summarySchema;
    const me = this.#agents.find((agent) => agent.id === this.#agentId);
    this.#phoneSettings = me ? { ...seed.phoneSettings, extension: me.extension } : seed.phoneSettings;

    this.customers = {
      get: (id, opts) => this.#read('customers.get', opts, () => this.#customer(id)),
      findByPhone: (phone, opts) => this.#read('customers.findByPhone', opts, () => this.#findByPhone(phone)),
      search: (text, page, opts) => this.#read('customers.search', opts, () => this.#search(text, page)),
      create: (input, opts) =>
        this.#write('customers.create', opts, { input }, () => this.#createCustomer(input)),
      update: (id, input, opts) =>
        this.#write('customers.update', opts, { id, input, expectedVersion: opts?.expectedVersion }, () =>
          this.#updateCustomer(id, input, opts.expectedVersion),
        ),
    };
    this.records = {
      list: (customerId, query, opts) => this.#read('records.list', opts, () => this.#records(customerId, query)),
      getChat: (chatId, opts) =>
        this.#read('records.getChat', opts, () => {
          const chat = this.#chats.get(requireId(chatId, 'chat'));
          if (!chat) throw notFound('Chat', chatId);
          return chat;
        }),
    };
    this.tickets = {
      schema: (opts) => this.#read('tickets.schema', opts, () => this.#ticketSchema),
      get: (id, opts) =>
        this.#read('tickets.get', opts, () => {
          const ticket = this.#tickets.get(requireId(id, 'ticket'));
          if (!ticket) throw notFound('Ticket', id);
          return ticket;
        }),
      listByCustomer: (customerId, page, opts) =>
        this.#read('tickets.listByCustomer', opts, () => {
          const id = this.#customer(customerId).id;
          return this.#ticketPage((ticket) => ticket.customerId === id, page);
        }),
      listByCall: (callId, page, opts) =>
        this.#read('tickets.listByCall', opts, () => {
          const id = this.#call(callId).id;
          return this.#ticketPage((ticket) => ticket.callId === id, page);
        }),
      create: (input, opts) => this.#write('tickets.create', opts, { input }, () => this.#createTicket(input)),
    };
    this.calls = {
      get: (id, opts) => this.#read('calls.get', opts, () => this.#call(id)),
      listByAgent: (agentId, page, opts) =>
        this.#read('calls.listByAgent', opts, () => {
          const id = requireId(agentId, 'agent');
          if (!this.#agents.some((agent) => agent.id === id)) throw notFound('Agent', agentId);
          const calls = [...this.#calls.values()]
            .filter((call) => call.agentId === id)
            .sort(byNewest((call) => call.startedAt, (call) => call.id));
          return paginate(calls, page);
        }),
      report: (report, opts) => this.#write('calls.report', opts, { report }, () => this.#report(report)),
      linkCustomer: (callId, customerId, opts) =>
        this.#write('calls.linkCustomer', opts, { callId, customerId }, () => this.#link(callId, customerId)),
    };
    this.summary = {
      schema: (opts) => this.#read('summary.schema', opts, () => this.#summarySchema),
      get: (callId, opts) =>
        // An unknown call is `not-found` (404), not "no summary yet": report the call first.
        this.#read('summary.get', opts, () => this.#summaries.get(this.#call(callId).id) ?? null),
      save: (callId, input, opts) =>
        this.#write('summary.save', opts, { callId, input, expectedVersion: opts?.expectedVersion }, () =>
          this.#saveSummary(callId, input, opts.expectedVersion),
        ),
      examples: (page, opts) => this.#read('summary.examples', opts, () => paginate(this.#summaryExamples(), page)),
    };
    this.sms = {
      templates: (opts) => this.#read('sms.templates', opts, () => this.#smsTemplates),
      send: (request, opts) => this.#write('sms.send', opts, { request }, () => this.#sendSms(request)),
    };
    this.contactPlans = {
      list: (query, opts) => this.#read('contactPlans.list', opts, () => this.#listPlans(query)),
      create: (input, opts) =>
        this.#write('contactPlans.create', opts, { input }, () => this.#createPlan(input)),
      update: (id, patch, opts) =>
        this.#write('contactPlans.update', opts, { id, patch }, () => this.#updatePlan(id, patch)),
    };
    this.agents = {
      me: (opts) =>
        this.#read('agents.me', opts, () => {
          const me = this.#agents.find((agent) => agent.id === this.#agentId);
          if (!me) throw new AdapterError('unauthorized', 'The signed-in agent is unknown', { status: 401 });
          return me;
        }),
      list: (page, opts) => this.#read('agents.list', opts, () => paginate(this.#agents, page)),
      phoneSettings: (opts) => this.#read('agents.phoneSettings', opts, () => this.#phoneSettings),
      setStatus: (input, opts) => this.#write('agents.setStatus', opts, { input }, () => this.#setStatus(input)),
      queueStats: (opts) => this.#read('agents.queueStats', opts, () => this.#queueStats),
    };
    this.dockingPages = {
      list: (opts) =>
        this.#read('dockingPages.list', opts, () =>
          [...this.#dockingPages].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)),
        ),
    };
    this.conversation = {
      history: (callId, opts) =>
        this.#read('conversation.history', opts, () =>
          [...(this.#segments.get(this.#call(callId).id)?.values() ?? [])].sort((a, b) => a.seq - b.seq),
        ),
    };
    // ---- number masking and regions (issue 15)
    this.numbers = {
      resolve: (ref, opts) =>
        this.#read('numbers.resolve', opts, () => {
          const [, id, n] = /^customer:(.+):(\d+)$/.exec(String(ref)) ?? [];
          const number = id === undefined ? undefined : this.#customers.get(id)?.phones[Number(n)];
          if (number === undefined) throw notFound('number reference', ref);
          return { number };
        }),
      region: (number, opts) =>
        this.#read('numbers.region', opts, () => {
          const segment = SAMPLE_SEGMENTS[String(number).slice(3, 10)];
          if (!String(number).startsWith('+86') || !segment) return { country: String(number).startsWith('+86') ? 'CN' : null, province: null, city: null, carrier: null };
          return { country: 'CN', province: segment[0], city: segment[1], carrier: null };
        }),
    };
  }

  // ------------------------------------------------------------ test control

  /**
   * Makes the next `times` calls of `method` (`'domain.method'`, e.g.
   * `'customers.findByPhone'`) reject with `error` (default: a 503 `server`
   * error). A failing write is not performed, unless `afterWrite` is set: then
   * the write happens and the call still rejects, like a timeout whose request
   * reached the server; a retry with the same idempotency key gets the stored
   * result.
   *
   * @throws TypeError for an unknown method name.
   */
  failNext(method: string, error?: AdapterError, times = 1, options: FailNextOptions = {}): void {
    this.#assertMethod(method);
    if (!Number.isInteger(times) || times < 1) throw new TypeError('times must be a positive whole number');
    const queue = this.#failures.get(method) ?? [];
    queue.push({ error, remaining: times, afterWrite: options.afterWrite === true });
    this.#failures.set(method, queue);
  }

  /**
   * Sets the simulated latency in milliseconds: of every call, or of one
   * `'domain.method'` (which then wins over the global one).
   */
  setLatency(ms: number, method?: string): void {
    if (!Number.isFinite(ms) || ms < 0) throw new TypeError('Latency must be a number of milliseconds ≥ 0');
    if (method === undefined) {
      this.#latency = ms;
    } else {
      this.#assertMethod(method);
      this.#methodLatency.set(method, ms);
    }
  }

  /** How many times a write (`'domain.method'`) was really performed; idempotent replays do not count. */
  writeCount(method: string): number {
    this.#assertMethod(method);
    return this.#writes.get(method) ?? 0;
  }

  /** Delivers a push to every subscriber of its type, as the server would. */
  emit(event: PushEvent): void {
    for (const subscription of [...this.#subscriptions]) {
      if (!this.#subscriptions.has(subscription) || !subscription.types.has(event.type)) continue;
      try {
        subscription.listener(clone(event));
      } catch (error) {
        // One broken listener must not keep the event from the others.
        console.error('A MemoryBackend subscriber threw', error);
      }
    }
  }

  /**
   * Stores a transcript segment in its call's conversation (replacing the one
   * with the same id, e.g. interim → final) and pushes `conversation.segment`.
   */
  appendSegment(segment: ConversationSegment): void {
    const stored = clone(segment);
    this.#storeSegment(stored);
    this.emit({ type: 'conversation.segment', segment: stored });
  }

  /** The text messages sent so far (carrier-rejected ones included), oldest first, with the rendered body. */
  sentSms(): readonly SentSms[] {
    return clone(this.#sent);
  }

  // ------------------------------------------------------- phone bar extras

  #queueStats: QueueStats = { at: new Date(0).toISOString(), queues: [] };

  /** Change the agent's phone settings (e.g. turn on the survey, ACW extension or queue indicator). */
  setPhoneSettings(changes: Partial<AgentPhoneSettings>): void {
    this.#phoneSettings = { ...this.#phoneSettings, ...changes };
  }

  /** Saved summaries with a category, newest first, each with its call's final transcript lines. */
  #summaryExamples(): SummaryExample[] {
    return [...this.#summaries.values()]
      .filter((summary) => summary.categoryId !== null && summary.categoryId !== '')
      .sort(byNewest((summary) => summary.updatedAt, (summary) => summary.callId))
      .map((summary) => ({
        callId: summary.callId,
        categoryId: summary.categoryId!,
        savedAt: summary.updatedAt,
        lines: [...(this.#segments.get(summary.callId)?.values() ?? [])]
          .filter((segment) => segment.final)
          .sort((a, b) => a.seq - b.seq)
          .map(({ speaker, text }) => ({ speaker, text })),
      }));
  }

  /** The queues of the agent's skill groups change: answers `agents.queueStats` and pushes `queue.stats`. */
  setQueueStats(stats: QueueStats): void {
    this.#queueStats = clone(stats);
    this.emit({ type: 'queue.stats', stats: clone(stats) });
  }

  /** The IVR reports the customer's survey score for a call: updates its record and pushes `call.updated`. */
  recordSurveyScore(callId: string, score: number, maxScore: number | null = null): CallRecord {
    const current = this.#call(callId);
    const survey = current.survey ?? { offeredAt: this.#nowIso(), mode: 'refer' as const, score: null };
    const call: CallRecord = { ...current, survey: { ...survey, score, maxScore }, version: current.version + 1 };
    this.#calls.set(callId, call);
    this.emit({ type: 'call.updated', call: clone(call) });
    return clone(call);
  }

  subscribe(
    types: readonly PushType[],
    listener: (event: PushEvent) => void,
    options: CallOptions = {},
  ): () => void {
    if (!Array.isArray(types) || types.some((type) => !PUSH_TYPES.includes(type))) {
      throw badRequest('Unknown push type', { types: `Must be among: ${PUSH_TYPES.join(', ')}` });
    }
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const { signal } = options;
    if (signal?.aborted) return () => {};
    const subscription: Subscription = { types: new Set(types), listener };
    this.#subscriptions.add(subscription);
    const onAbort = (): void => {
      unsubscribe();
    };
    const unsubscribe = (): void => {
      this.#subscriptions.delete(subscription);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    return unsubscribe;
  }

  // --------------------------------------------------------------- plumbing

  #assertMethod(method: string): void {
    if (!ALL_METHODS.has(method)) throw new TypeError(`Unknown adapter method "${method}"`);
  }

  #nextId(prefix: string): string {
    this.#sequence += 1;
    return `${prefix}-${this.#now().getTime().toString(36)}-${this.#sequence.toString(36).padStart(4, '0')}`;
  }

  #nowIso(): string {
    return this.#now().toISOString();
  }

  #delay(method: string, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(aborted());
    const ms = this.#methodLatency.get(method) ?? this.#latency;
    if (ms <= 0) {
      return Promise.resolve().then(() => {
        if (signal?.aborted) throw aborted();
      });
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(aborted());
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #takeFailure(method: string): { error: AdapterError; afterWrite: boolean } | null {
    const queue = this.#failures.get(method);
    const next = queue?.[0];
    if (!queue || !next) return null;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    return {
      error: next.error ?? new AdapterError('server', 'Simulated backend failure', { status: 503 }),
      afterWrite: next.afterWrite,
    };
  }

  async #read<T>(method: MemoryReadMethod, options: CallOptions | undefined, answer: () => T): Promise<T> {
    await this.#delay(method, options?.signal);
    const failure = this.#takeFailure(method);
    if (failure) throw failure.error;
    return clone(answer());
  }

  async #write<T>(
    method: MemoryWriteMethod,
    options: WriteOptions | undefined,
    request: unknown,
    perform: () => T,
  ): Promise<T> {
    await this.#delay(method, options?.signal);
    const failure = this.#takeFailure(method);
    if (failure && !failure.afterWrite) throw failure.error;
    const key: unknown = options?.idempotencyKey;
    if (typeof key !== 'string' || key.trim() === '' || key.length > 255) {
      throw new AdapterError('validation', 'Every write needs an idempotency key', {
        status: 400,
        fields: { idempotencyKey: 'Required, at most 255 characters' },
      });
    }
    const print = fingerprint({ method, request });
    const stored = this.#idempotency.get(key);
    let result: unknown;
    if (stored) {
      if (stored.fingerprint !== print) {
        throw new AdapterError('conflict', 'This idempotency key was already used for a different request', {
          status: 409,
        });
      }
      result = stored.result;
    } else {
      const performed = perform();
      result = clone(performed);
      this.#idempotency.set(key, { fingerprint: print, result });
      // Oldest first (a Map keeps insertion order).
      while (this.#idempotency.size > this.#idempotencyKeys) this.#idempotency.delete(this.#idempotency.keys().next().value!);
      this.#writes.set(method, (this.#writes.get(method) ?? 0) + 1);
    }
    if (failure) throw failure.error;
    return clone(result as T);
  }

  /** The signed-in agent's status as last reported (null until the first report). */
  agentStatus: AgentStatusRecord | null = null;

  #setStatus(input: AgentStatusInput): AgentStatusRecord {
    const statuses = ['ready', 'busy', 'break', 'acw', 'offline'];
    if (!input || !statuses.includes(input.status)) {
      throw new AdapterError('validation', 'Not an agent status', { status: 422, fields: { status: `One of ${statuses.join(', ')}` } });
    }
    const reasonId = input.breakReasonId ?? null;
    if (input.status === 'break' && this.#phoneSettings.breakReasons.length > 0 && !this.#phoneSettings.breakReasons.some((r) => r.id === reasonId)) {
      throw new AdapterError('validation', 'A break needs one of the break reasons', { status: 422, fields: { breakReasonId: 'One of the break reasons' } });
    }
    if (input.status !== 'break' && reasonId !== null) {
      throw new AdapterError('validation', 'Only a break has a reason', { status: 422, fields: { breakReasonId: 'null unless on a break' } });
    }
    const acwEndsAt = input.acwEndsAt ?? null;
    if (acwEndsAt !== null && (input.status !== 'acw' || !isInstant(acwEndsAt))) {
      throw new AdapterError('validation', 'acwEndsAt is an instant, only in after-call work', { status: 422, fields: { acwEndsAt: 'An ISO 8601 instant while in acw, else null' } });
    }
    this.agentStatus = {
      status: input.status,
      breakReasonId: reasonId,
      since: this.#now().toISOString(),
      ...(acwEndsAt !== null ? { acwEndsAt: new Date(acwEndsAt).toISOString() } : {}),
    };
    return this.agentStatus;
  }

  #storeSegment(segment: ConversationSegment): void {
    let segments = this.#segments.get(segment.callId);
    if (!segments) {
      segments = new Map();
      this.#segments.set(segment.callId, segments);
    }
    segments.set(segment.id, segment);
  }

  /** Whether the texts the backend writes are in Chinese (the `locale` option). */
  #zh(): boolean {
    const locale = typeof this.#locale === 'function' ? this.#locale() : this.#locale;
    return typeof locale === 'string' && locale.toLowerCase().startsWith('zh');
  }

  #agentName(id: string): string {
    return this.#agents.find((agent) => agent.id === id)?.name ?? id;
  }

  // -------------------------------------------------------------- customers

  #customer(id: string): Customer {
    const customer = this.#customers.get(requireId(id, 'customer'));
    if (!customer) throw notFound('Customer', id);
    return customer;
  }

  #findByPhone(phone: string): Customer[] {
    if (typeof phone !== 'string' || phone.trim() === '' || phone.length > 32) {
      throw badRequest('The phone number is not valid', { phone: 'Must be a phone number' });
    }
    const wanted = phone.trim();
    return [...this.#customers.values()]
      .filter((customer) => customer.phones.includes(wanted))
      .sort(
        (a, b) =>
          Number(b.phones[0] === wanted) - Number(a.phones[0] === wanted) ||
          b.updatedAt.localeCompare(a.updatedAt) ||
          a.id.localeCompare(b.id),
      );
  }

  #bestCustomerFor(phone: string): Customer | undefined {
    return E164.test(phone) ? this.#findByPhone(phone)[0] : undefined;
  }

  #search(text: string, page: PageRequest | undefined): Page<Customer> {
    if (typeof text !== 'string' || text.length > 200) {
      throw badRequest('The search text is not valid', { text: 'Must be at most 200 characters' });
    }
    const needle = text.trim().toLowerCase();
    const compact = needle.replace(/[\s\-().+]/g, '');
    const digits = /^\d+$/.test(compact) ? compact : null;
    const matches = [...this.#customers.values()].filter((customer) => {
      if (needle === '') return true;
      if (customer.name.toLowerCase().includes(needle)) return true;
      if (customer.company?.toLowerCase().includes(needle)) return true;
      if (customer.email?.toLowerCase().includes(needle)) return true;
      return digits !== null && customer.phones.some((phone) => phone.replace(/\D/g, '').includes(digits));
    });
    matches.sort(byNewest((customer) => customer.updatedAt, (customer) => customer.id));
    return paginate(matches, page);
  }

  #customerFields(input: CustomerInput): Omit<Customer, 'id' | 'createdAt' | 'updatedAt' | 'version'> {
    if (!isRecord(input)) throw badRequest('The customer is not valid', { name: 'This field is required' });
    const problems = new Problems();
    const name = requiredText(problems, 'name', input.name, 100);
    const phones: string[] = [];
    if (!Array.isArray(input.phones) || input.phones.length === 0) {
      problems.add('phones', 'At least one phone number is required');
    } else if (input.phones.length > 10) {
      problems.add('phones', 'At most 10 phone numbers');
    } else {
      input.phones.forEach((raw: unknown) => {
        const phone = e164(problems, 'phones', raw);
        if (phone && !phones.includes(phone)) phones.push(phone);
      });
    }
    const mail = email(problems, 'email', input.email);
    const company = optionalText(problems, 'company', input.company, 200);
    const address = optionalText(problems, 'address', input.address, 300);
    const notes = optionalText(problems, 'notes', input.notes, 2000);
    const level = input.level === undefined ? 'normal' : (oneOf(problems, 'level', input.level, LEVELS) ?? 'normal');
    const tags: string[] = [];
    if (input.tags !== undefined && input.tags !== null) {
      if (!Array.isArray(input.tags) || input.tags.length > 20) {
        problems.add('tags', 'Must be a list of at most 20 tags');
      } else {
        for (const raw of input.tags as unknown[]) {
          if (typeof raw !== 'string' || raw.trim() === '' || raw.trim().length > 50) {
            problems.add('tags', 'Each tag must be 1 to 50 characters');
          } else if (!tags.includes(raw.trim())) {
            tags.push(raw.trim());
          }
        }
      }
    }
    problems.throwIfAny('The customer could not be saved');
    return { name, phones, email: mail, company, address, notes, level, tags };
  }

  #createCustomer(input: CustomerInput): Customer {
    const fields = this.#customerFields(input);
    const now = this.#nowIso();
    const customer: Customer = { id: this.#nextId('cust'), ...fields, createdAt: now, updatedAt: now, version: 1 };
    this.#customers.set(customer.id, customer);
    this.emit({ type: 'customer.updated', customer });
    return customer;
  }

  #updateCustomer(id: string, input: CustomerInput, expectedVersion: number | undefined): Customer {
    const current = this.#customer(id);
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new AdapterError('conflict', 'Someone else changed this customer first; reload and try again', {
        status: 409,
      });
    }
    const fields = this.#customerFields(input);
    const customer: Customer = { ...current, ...fields, updatedAt: this.#nowIso(), version: current.version + 1 };
    this.#customers.set(customer.id, customer);
    this.emit({ type: 'customer.updated', customer });
    return customer;
  }

  // ---------------------------------------------------------------- records

  #records(customerId: string, query: RecordQuery | undefined): Page<BusinessRecord> {
    const id = this.#customer(customerId).id;
    let kinds: readonly RecordKind[] = RECORD_KINDS;
    if (query?.kinds !== undefined) {
      if (!Array.isArray(query.kinds) || query.kinds.some((kind) => !RECORD_KINDS.includes(kind))) {
        throw badRequest('Unknown record kind', { kinds: `Must be among: ${RECORD_KINDS.join(', ')}` });
      }
      kinds = query.kinds;
    }
    const records: BusinessRecord[] = [];
    const zh = this.#zh();
    if (kinds.includes('chat')) {
      for (const chat of this.#chats.values()) {
        if (chat.customerId !== id) continue;
        const first = chat.messages.find((message) => message.from === 'customer') ?? chat.messages[0];
        const last = chat.messages[chat.messages.length - 1];
        records.push({
          id: `chat:${chat.id}`,
          kind: 'chat',
          customerId: id,
          at: chat.startedAt,
          title: first ? truncate(first.text, 60) : zh ? `在线会话（${chat.channel}）` : `Chat (${chat.channel})`,
          summary: last && last !== first ? truncate(last.text, 140) : null,
          refId: chat.id,
          channel: chat.channel,
        });
      }
    }
    if (kinds.includes('call')) {
      for (const call of this.#calls.values()) {
        if (call.customerId !== id) continue;
        records.push({
          id: `call:${call.id}`,
          kind: 'call',
          customerId: id,
          at: call.startedAt,
          title: callTitle(call, zh),
          summary: this.#summaries.get(call.id)?.remark || null,
          refId: call.id,
          channel: call.direction,
        });
      }
    }
    if (kinds.includes('ticket')) {
      for (const ticket of this.#tickets.values()) {
        if (ticket.customerId !== id) continue;
        records.push({
          id: `ticket:${ticket.id}`,
          kind: 'ticket',
          customerId: id,
          at: ticket.createdAt,
          title: `${ticket.number} ${ticket.title}`,
          summary: ticket.description ? truncate(ticket.description, 140) : null,
          refId: ticket.id,
          channel: null,
        });
      }
    }
    records.sort(byNewest((record) => record.at, (record) => record.id));
    return paginate(records, query);
  }

  // ---------------------------------------------------------------- tickets

  #ticketPage(match: (ticket: Ticket) => boolean, page: PageRequest | undefined): Page<Ticket> {
    const tickets = [...this.#tickets.values()]
      .filter(match)
      .sort(byNewest((ticket) => ticket.createdAt, (ticket) => ticket.number));
    return paginate(tickets, page);
  }

  #createTicket(input: TicketInput): Ticket {
    if (!isRecord(input)) throw badRequest('The ticket is not valid', { title: 'This field is required' });
    const problems = new Problems();
    const title = requiredText(problems, 'title', input.title, 200);
    const description = plainText(problems, 'description', input.description, 5000);
    const priority =
      input.priority === undefined ? 'normal' : (oneOf(problems, 'priority', input.priority, PRIORITIES) ?? 'normal');
    const categoryId = this.#optionalRef(problems, 'categoryId', input.categoryId, (id) =>
      categoryIds(this.#ticketSchema.categories).has(id),
    );
    const assigneeId = this.#optionalRef(problems, 'assigneeId', input.assigneeId, (id) =>
      this.#agents.some((agent) => agent.id === id),
    );
    const customerId = this.#optionalRef(problems, 'customerId', input.customerId, (id) => this.#customers.has(id));
    const callId = this.#optionalRef(problems, 'callId', input.callId, (id) => this.#calls.has(id));
    const fields = formValues(problems, this.#ticketSchema.fields, input.fields);
    problems.throwIfAny('The ticket could not be created');
    const now = this.#now();
    this.#ticketNumber += 1;
    const ticket: Ticket = {
      id: this.#nextId('ticket'),
      number: `T-${ymd(now)}-${String(this.#ticketNumber).padStart(4, '0')}`,
      title,
      description,
      status: 'open',
      priority,
      categoryId,
      assigneeId,
      customerId,
      callId,
      fields,
      createdBy: this.#agentId,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    };
    this.#tickets.set(ticket.id, ticket);
    return ticket;
  }

  /** An optional reference: null/absent is fine, else it must exist. */
  #optionalRef(problems: Problems, key: string, value: unknown, exists: (id: string) => boolean): string | null {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string' || !exists(value)) {
      problems.add(key, 'Does not exist');
      return null;
    }
    return value;
  }

  // ------------------------------------------------------------------ calls

  #call(id: string): CallRecord {
    const call = this.#calls.get(requireId(id, 'call'));
    if (!call) throw notFound('Call', id);
    return call;
  }

  #report(report: CallReport): CallRecord {
    if (!isRecord(report)) throw badRequest('The call report is not valid', { id: 'This field is required' });
    const problems = new Problems();
    const id = requiredText(problems, 'id', report.id, 128);
    const direction = oneOf(problems, 'direction', report.direction, DIRECTIONS) ?? 'inbound';
    const customerNumber = requiredText(problems, 'customerNumber', report.customerNumber, 64);
    const displayNumber = optionalText(problems, 'displayNumber', report.displayNumber, 64);
    const agentId = requiredText(problems, 'agentId', report.agentId, 200);
    if (agentId && !this.#agents.some((agent) => agent.id === agentId)) problems.add('agentId', 'Unknown agent');
    if (!isInstant(report.startedAt)) problems.add('startedAt', 'Must be an ISO 8601 instant');
    const startedAt = isInstant(report.startedAt) ? new Date(report.startedAt).toISOString() : '';
    const later = (key: 'answeredAt' | 'endedAt'): string | null => {
      const value = report[key];
      if (value === null || value === undefined) return null;
      if (!isInstant(value)) {
        problems.add(key, 'Must be an ISO 8601 instant or null');
        return null;
      }
      const instant = new Date(value).toISOString();
      if (startedAt && instant < startedAt) problems.add(key, 'Must not be before startedAt');
      return instant;
    };
    const answeredAt = later('answeredAt');
    const endedAt = later('endedAt');
    if (answeredAt && endedAt && endedAt < answeredAt) problems.add('endedAt', 'Must not be before answeredAt');
    const hangupBy =
      report.hangupBy === null || report.hangupBy === undefined
        ? null
        : oneOf(problems, 'hangupBy', report.hangupBy, HANGUP_BY);
    const outcome =
      report.outcome === null || report.outcome === undefined
        ? null
        : oneOf(problems, 'outcome', report.outcome, OUTCOMES);
    let holdSeconds = 0;
    if (report.holdSeconds !== undefined) {
      if (typeof report.holdSeconds !== 'number' || !Number.isFinite(report.holdSeconds) || report.holdSeconds < 0) {
        problems.add('holdSeconds', 'Must be a number of seconds ≥ 0');
      } else {
        holdSeconds = Math.round(report.holdSeconds);
      }
    }
    const variables: Record<string, string> = {};
    if (report.variables !== undefined) {
      if (!isRecord(report.variables) || Object.values(report.variables).some((value) => typeof value !== 'string')) {
        problems.add('variables', 'Must map names to text');
      } else {
        Object.assign(variables, report.variables);
      }
    }
    const extras = reportExtras(problems, report);
    problems.throwIfAny('The call could not be recorded');

    const existing = this.#calls.get(id);
    const ringSeconds = answeredAt ? secondsBetween(startedAt, answeredAt) : secondsBetween(startedAt, endedAt);
    const talkSeconds = secondsBetween(answeredAt, endedAt);
    const leg: CallLeg = {
      id: `${id}-leg-${agentId}`,
      agentId,
      agentName: this.#agentName(agentId),
      kind: 'normal',
      startedAt,
      answeredAt,
      endedAt,
      ringSeconds,
      talkSeconds,
      holdSeconds,
    };
    let legs: CallLeg[];
    if (!existing) {
      legs = [leg];
    } else {
      const index = existing.legs.findIndex((candidate) => candidate.agentId === agentId);
      legs = [...existing.legs];
      if (index >= 0) {
        const previous = legs[index] as CallLeg;
        legs[index] = { ...leg, id: previous.id, kind: previous.kind };
      } else {
        legs.push({ ...leg, kind: 'transfer' });
      }
    }
    const customerId =
      existing?.customerId ?? this.#bestCustomerFor(customerNumber)?.id ?? null;
    const callStartedAt = existing?.startedAt ?? startedAt;
    const callAnsweredAt = existing?.answeredAt ?? answeredAt;
    const call: CallRecord = {
      id,
      direction,
      customerNumber,
      displayNumber,
      agentId: existing?.agentId ?? agentId,
      customerId,
      queue: existing?.queue ?? null,
      startedAt: callStartedAt,
      answeredAt: callAnsweredAt,
      endedAt,
      ringSeconds: callAnsweredAt
        ? secondsBetween(callStartedAt, callAnsweredAt)
        : secondsBetween(callStartedAt, endedAt),
      talkSeconds: legs.reduce((sum, item) => sum + item.talkSeconds, 0),
      holdSeconds: legs.reduce((sum, item) => sum + item.holdSeconds, 0),
      acwSeconds: existing?.acwSeconds ?? 0,
      hangupBy,
      outcome,
      recordingUrl: existing?.recordingUrl ?? null,
      legs,
      variables: { ...(existing?.variables ?? {}), ...variables },
      version: (existing?.version ?? 0) + 1,
      ...mergeExtras(existing, extras),
    };
    this.#calls.set(id, call);
    this.emit({ type: 'call.updated', call });
    return call;
  }

  #link(callId: string, customerId: string | null): CallRecord {
    const current = this.#call(callId);
    if (customerId !== null && (typeof customerId !== 'string' || !this.#customers.has(customerId))) {
      throw badRequest('The customer does not exist', { customerId: 'Does not exist' });
    }
    const call: CallRecord = { ...current, customerId, version: current.version + 1 };
    this.#calls.set(call.id, call);
    this.emit({ type: 'call.updated', call });
    return call;
  }

  // ---------------------------------------------------------------- summary

  #saveSummary(callId: string, input: ServiceSummaryInput, expectedVersion: number | undefined): ServiceSummary {
    const call = this.#call(callId);
    const current = this.#summaries.get(call.id);
    if (expectedVersion !== undefined && expectedVersion !== (current?.version ?? 0)) {
      throw new AdapterError('conflict', 'Someone else saved this summary first; reload and try again', {
        status: 409,
      });
    }
    if (!isRecord(input)) throw badRequest('The summary is not valid', { remark: 'Must be text' });
    const problems = new Problems();
    const schema = this.#summarySchema;
    const status =
      input.status === null || input.status === undefined
        ? null
        : oneOf(
            problems,
            'status',
            input.status,
            schema.statuses.map((item) => item.value),
          );
    const categoryId = this.#optionalRef(problems, 'categoryId', input.categoryId, (id) =>
      categoryIds(schema.categories).has(id),
    );
    const templateId = this.#optionalRef(problems, 'templateId', input.templateId, (id) =>
      schema.templates.some((template) => template.id === id),
    );
    const remark = plainText(problems, 'remark', input.remark, 2000);
    const fields = formValues(problems, schema.fields, input.fields);
    problems.throwIfAny('The summary could not be saved');
    const summary: ServiceSummary = {
      callId: call.id,
      status,
      categoryId,
      templateId,
      remark,
      fields,
      updatedAt: this.#nowIso(),
      updatedBy: this.#agentId,
      version: (current?.version ?? 0) + 1,
    };
    this.#summaries.set(call.id, summary);
    return summary;
  }

  // -------------------------------------------------------------------- sms

  #sendSms(request: SmsSendRequest): SmsResult {
    if (!isRecord(request)) throw badRequest('The message is not valid', { to: 'This field is required' });
    const problems = new Problems();
    const to = e164(problems, 'to', request.to);
    const template = this.#smsTemplates.find((item) => item.id === request.templateId);
    if (!template) problems.add('templateId', 'No such template');
    const variables: Record<string, string> = {};
    if (!isRecord(request.variables)) {
      problems.add('variables', 'Must map names to text');
    } else {
      for (const [name, value] of Object.entries(request.variables)) {
        if (typeof value !== 'string') problems.add(`variables.${name}`, 'Must be text');
        else if (value.length > 500) problems.add(`variables.${name}`, 'Must be at most 500 characters');
        else variables[name] = value;
      }
    }
    if (template) {
      for (const name of templateVariables(template)) {
        if ((variables[name] ?? '').trim() === '') problems.add(`variables.${name}`, 'This field is required');
      }
    }
    this.#optionalRef(problems, 'customerId', request.customerId, (id) => this.#customers.has(id));
    this.#optionalRef(problems, 'callId', request.callId, (id) => this.#calls.has(id));
    problems.throwIfAny('The message could not be sent');
    const chosen = template as SmsTemplate;
    const body = withSignature(renderTemplate(chosen, variables).text, chosen.signature ?? null);
    const carrierRejects = to.startsWith('+86170');
    const result: SmsResult = {
      id: this.#nextId('sms'),
      status: carrierRejects ? 'failed' : 'queued',
      reason: carrierRejects ? 'Carrier rejected the number' : null,
      segments: smsLength(body).segments,
      at: this.#nowIso(),
    };
    this.#sent.push({
      result,
      request: {
        to,
        templateId: chosen.id,
        variables,
        callId: typeof request.callId === 'string' ? request.callId : null,
        customerId: typeof request.customerId === 'string' ? request.customerId : null,
      },
      body,
    });
    return result;
  }

  // ---------------------------------------------------------- contact plans

  #listPlans(query: ContactPlanQuery): Page<ContactPlan> {
    if (!isRecord(query)) throw badRequest('The query is not valid', { assigneeId: 'This field is required' });
    const assigneeId = requireId(query.assigneeId, 'assignee');
    let statuses: readonly ContactPlanStatus[] = PLAN_STATUSES;
    if (query.statuses !== undefined) {
      if (!Array.isArray(query.statuses) || query.statuses.some((status) => !PLAN_STATUSES.includes(status))) {
        throw badRequest('Unknown plan status', { statuses: `Must be among: ${PLAN_STATUSES.join(', ')}` });
      }
      statuses = query.statuses;
    }
    const plans = [...this.#plans.values()]
      .filter((plan) => plan.assigneeId === assigneeId && statuses.includes(plan.status))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
    return paginate(plans, query);
  }

  #createPlan(input: ContactPlanInput): ContactPlan {
    if (!isRecord(input)) throw badRequest('The contact plan is not valid', { phone: 'This field is required' });
    const problems = new Problems();
    const phone = e164(problems, 'phone', input.phone);
    const startAt = this.#instant(problems, 'startAt', input.startAt);
    const dueAt = this.#instant(problems, 'dueAt', input.dueAt);
    if (startAt && dueAt && dueAt <= startAt) problems.add('dueAt', 'Must be after the start time');
    const assigneeId = requiredText(problems, 'assigneeId', input.assigneeId, 200);
    if (assigneeId && !this.#agents.some((agent) => agent.id === assigneeId)) problems.add('assigneeId', 'Unknown agent');
    const customerId = this.#optionalRef(problems, 'customerId', input.customerId, (id) => this.#customers.has(id));
    const callId = this.#optionalRef(problems, 'callId', input.callId, (id) => this.#calls.has(id));
    const remark = plainText(problems, 'remark', input.remark, 2000);
    problems.throwIfAny('The contact plan could not be created');
    const plan: ContactPlan = {
      id: this.#nextId('plan'),
      customerId,
      phone,
      callId,
      startAt,
      dueAt,
      assigneeId,
      remark,
      status: 'pending',
      snoozedUntil: null,
      createdBy: this.#agentId,
      createdAt: this.#nowIso(),
      completedAt: null,
      version: 1,
    };
    this.#plans.set(plan.id, plan);
    this.emit({ type: 'contactPlan.changed', plan });
    return plan;
  }

  #updatePlan(id: string, patch: ContactPlanPatch): ContactPlan {
    const current = this.#plans.get(requireId(id, 'contact plan'));
    if (!current) throw notFound('Contact plan', id);
    if (!isRecord(patch)) throw badRequest('The change is not valid');
    const problems = new Problems();
    let next: ContactPlan = current;
    if (patch.status !== undefined) {
      const status = oneOf(problems, 'status', patch.status, PLAN_STATUSES);
      if (status && status !== current.status) {
        next = { ...next, status, completedAt: status === 'done' ? this.#nowIso() : null };
      }
    }
    if (patch.snoozedUntil !== undefined) {
      next = {
        ...next,
        snoozedUntil: patch.snoozedUntil === null ? null : this.#instant(problems, 'snoozedUntil', patch.snoozedUntil) || null,
      };
    }
    if (patch.dueAt !== undefined) {
      const dueAt = this.#instant(problems, 'dueAt', patch.dueAt);
      if (dueAt && dueAt <= current.startAt) problems.add('dueAt', 'Must be after the start time');
      next = { ...next, dueAt: dueAt || current.dueAt };
    }
    if (patch.remark !== undefined) {
      next = { ...next, remark: plainText(problems, 'remark', patch.remark, 2000) };
    }
    if (
      patch.status === undefined &&
      patch.snoozedUntil === undefined &&
      patch.dueAt === undefined &&
      patch.remark === undefined
    ) {
      problems.add('status', 'Nothing to change');
    }
    problems.throwIfAny('The contact plan could not be changed');
    const plan: ContactPlan = { ...next, version: current.version + 1 };
    this.#plans.set(plan.id, plan);
    this.emit({ type: 'contactPlan.changed', plan });
    return plan;
  }

  #instant(problems: Problems, key: string, value: unknown): string {
    if (!isInstant(value)) {
      problems.add(key, 'Must be an ISO 8601 instant');
      return '';
    }
    return new Date(value).toISOString();
  }
}

// --------------------------------------------------------- phone bar extras


interface ReportExtras {
  readonly endReason?: CallEndCause | null;
  readonly survey?: { readonly offeredAt: string; readonly mode: 'refer' | 'info' } | null;
  readonly quality?: CallQualitySummary | null;
}

function isFigure(value: unknown, max: number): boolean {
  return value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max);
}

/** The report's optional end reason, survey and quality summary, checked. */
function reportExtras(problems: Problems, report: CallReport): ReportExtras {
  const extras: { endReason?: CallEndCause | null; survey?: ReportExtras['survey']; quality?: CallQualitySummary | null } = {};
  if (report.endReason !== undefined) {
    if (report.endReason !== null && !CALL_END_CAUSES.includes(report.endReason)) problems.add('endReason', `One of ${CALL_END_CAUSES.join(', ')}`);
    else extras.endReason = report.endReason;
  }
  if (report.survey !== undefined && report.survey !== null) {
    const survey = report.survey as unknown;
    if (!isRecord(survey) || !isInstant(survey['offeredAt']) || (survey['mode'] !== 'refer' && survey['mode'] !== 'info')) {
      problems.add('survey', 'offeredAt (an instant) and mode (refer or info)');
    } else {
      extras.survey = { offeredAt: new Date(survey['offeredAt'] as string).toISOString(), mode: survey['mode'] };
    }
  }
  if (report.quality !== undefined && report.quality !== null) {
    const q = report.quality as unknown;
    const ok =
      isRecord(q) &&
      Number.isInteger(q['samples']) && (q['samples'] as number) >= 0 &&
      ['good', 'fair', 'poor'].includes(q['worst'] as string) &&
      Number.isInteger(q['linkLost']) && (q['linkLost'] as number) >= 0 &&
      isFigure(q['avgRttMs'], 60_000) && isFigure(q['maxRttMs'], 60_000) &&
      isFigure(q['avgJitterMs'], 60_000) && isFigure(q['maxJitterMs'], 60_000) &&
      isFigure(q['avgLossPercent'], 100) && isFigure(q['maxLossPercent'], 100);
    if (!ok) problems.add('quality', 'A quality summary: samples, worst, averages and maxima (ms, %), linkLost');
    else extras.quality = { ...(q as unknown as CallQualitySummary) };
  }
  return extras;
}

/** A report's extras onto the record: the survey keeps a score the IVR already reported. */
function mergeExtras(existing: CallRecord | undefined, extras: ReportExtras): Partial<CallRecord> {
  const merged: { endReason?: CallEndCause | null; survey?: CallRecord['survey']; quality?: CallQualitySummary | null } = {};
  const endReason = extras.endReason !== undefined ? extras.endReason : existing?.endReason;
  if (endReason !== undefined) merged.endReason = endReason;
  const survey = extras.survey ? { ...extras.survey, score: existing?.survey?.score ?? null, maxScore: existing?.survey?.maxScore ?? null } : existing?.survey;
  if (survey !== undefined) merged.survey = survey;
  const quality = extras.quality !== undefined ? extras.quality : existing?.quality;
  if (quality !== undefined) merged.quality = quality;
  return merged;
}
