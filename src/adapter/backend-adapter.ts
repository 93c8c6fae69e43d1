import type {
  Agent,
  AgentPhoneSettings,
  AgentStatusInput,
  AgentStatusRecord,
  BusinessRecord,
  CallOptions,
  CallRecord,
  CallReport,
  ChatSession,
  ContactPlan,
  ContactPlanInput,
  ContactPlanPatch,
  ContactPlanQuery,
  ConversationSegment,
  Customer,
  CustomerInput,
  DockingPage,
  NumberRegion,
  ResolvedNumber,
  Page,
  PageRequest,
  PushEvent,
  PushType,
  QueueStats,
  RecordQuery,
  ServiceSummary,
  ServiceSummaryInput,
  SummaryExample,
  SmartFillRequest,
  SmartFillResult,
  SmsResult,
  SmsSendRequest,
  SmsTemplate,
  SummarySchema,
  Ticket,
  TicketInput,
  TicketSchema,
  WriteOptions,
} from './types.js';

/**
 * The backend contract: everything callpop asks of a CRM's backend, grouped by
 * domain. Implementations: {@link createRestAdapter} (HTTP + server-sent
 * events, see `docs/openapi.yaml`), {@link "callpop/memory"!MemoryBackend} (in-memory, for the
 * demo and tests), or your own.
 *
 * Rules every implementation follows:
 * - lists are cursor-paged ({@link Page});
 * - every write takes an idempotency key and performs the write once per key;
 * - every call takes an `AbortSignal`;
 * - failures reject with an {@link AdapterError}.
 *
 * The workbench validates every response at the boundary, so a malformed
 * answer becomes an `AdapterError` of code `invalid-response`, never a crash.
 */
export interface BackendAdapter {
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
  /** Optional: a backend model that fills forms from the conversation. */
  readonly smartFill?: SmartFillApi;
  /** Optional: numbers behind references, and numbers' regions (number masking, issue 15). */
  readonly numbers?: NumbersApi;
  /**
   * Server pushes (transcript segments, call and plan changes, due reminders).
   * Returns the function that ends the subscription; aborting `signal` does too.
   */
  subscribe(
    types: readonly PushType[],
    listener: (event: PushEvent) => void,
    options?: CallOptions,
  ): () => void;
}

export interface CustomersApi {
  get(id: string, options?: CallOptions): Promise<Customer>;
  /** Customers having this number (E.164), best match first. Empty when unknown. */
  findByPhone(phone: string, options?: CallOptions): Promise<readonly Customer[]>;
  /** Search by name, number (any part) or company. */
  search(text: string, page?: PageRequest, options?: CallOptions): Promise<Page<Customer>>;
  create(input: CustomerInput, options: WriteOptions): Promise<Customer>;
  /** Replaces the editable fields. Fails with `conflict` if `expectedVersion` is stale. */
  update(
    id: string,
    input: CustomerInput,
    options: WriteOptions & { readonly expectedVersion?: number },
  ): Promise<Customer>;
}

export interface RecordsApi {
  /** The customer's chats, calls and tickets in one timeline, newest first. */
  list(customerId: string, query?: RecordQuery, options?: CallOptions): Promise<Page<BusinessRecord>>;
  getChat(chatId: string, options?: CallOptions): Promise<ChatSession>;
}

export interface TicketsApi {
  schema(options?: CallOptions): Promise<TicketSchema>;
  get(id: string, options?: CallOptions): Promise<Ticket>;
  /** Newest first. */
  listByCustomer(customerId: string, page?: PageRequest, options?: CallOptions): Promise<Page<Ticket>>;
  /** Tickets created from this call ("downstream"), newest first. */
  listByCall(callId: string, page?: PageRequest, options?: CallOptions): Promise<Page<Ticket>>;
  create(input: TicketInput, options: WriteOptions): Promise<Ticket>;
}

export interface CallsApi {
  get(id: string, options?: CallOptions): Promise<CallRecord>;
  /** This agent's calls, newest first. */
  listByAgent(agentId: string, page?: PageRequest, options?: CallOptions): Promise<Page<CallRecord>>;
  /** Create or update the record of a call the softphone saw (same id, same record). */
  report(call: CallReport, options: WriteOptions): Promise<CallRecord>;
  /** Link the call to a customer (or unlink with `null`). */
  linkCustomer(callId: string, customerId: string | null, options: WriteOptions): Promise<CallRecord>;
}

export interface SummaryApi {
  schema(options?: CallOptions): Promise<SummarySchema>;
  /** The saved summary of a call, or `null` when none was saved yet. */
  get(callId: string, options?: CallOptions): Promise<ServiceSummary | null>;
  save(
    callId: string,
    input: ServiceSummaryInput,
    options: WriteOptions & { readonly expectedVersion?: number },
  ): Promise<ServiceSummary>;
  /**
   * Optional: summaries agents already saved that have a category, newest
   * first, each with its call's transcript. Smart fill trains a small local
   * model on them (on the first fill, at most 500 examples) so its category
   * fits how this call center files calls; without it, the category comes from
   * the tree's names and keywords only.
   */
  examples?(page?: PageRequest, options?: CallOptions): Promise<Page<SummaryExample>>;
}

export interface SmsApi {
  templates(options?: CallOptions): Promise<readonly SmsTemplate[]>;
  send(request: SmsSendRequest, options: WriteOptions): Promise<SmsResult>;
}

export interface ContactPlansApi {
  list(query: ContactPlanQuery, options?: CallOptions): Promise<Page<ContactPlan>>;
  create(input: ContactPlanInput, options: WriteOptions): Promise<ContactPlan>;
  update(id: string, patch: ContactPlanPatch, options: WriteOptions): Promise<ContactPlan>;
}

export interface AgentsApi {
  /** The signed-in agent. */
  me(options?: CallOptions): Promise<Agent>;
  list(page?: PageRequest, options?: CallOptions): Promise<Page<Agent>>;
  phoneSettings(options?: CallOptions): Promise<AgentPhoneSettings>;
  /**
   * The agent's status changed (ready, busy, break with its reason, after-call
   * work, offline): the workbench reports each change once, from the tab where
   * it was made. A backend without it answers `not-supported`; the status then
   * stays in the browser.
   */
  setStatus(input: AgentStatusInput, options: WriteOptions): Promise<AgentStatusRecord>;
  /**
   * Phone bar extras: how many callers wait in the agent's skill groups and the
   * longest wait (`GET /agents/me/queues`); changes are pushed as `queue.stats`.
   * Optional: a backend without it answers `not-supported` and the phone bar
   * shows no queue indicator.
   */
  queueStats?(options?: CallOptions): Promise<QueueStats>;
}

export interface DockingPagesApi {
  list(options?: CallOptions): Promise<readonly DockingPage[]>;
}

export interface ConversationApi {
  /** Everything said so far on this call (bot first, then the agent), by `seq`. */
  history(callId: string, options?: CallOptions): Promise<readonly ConversationSegment[]>;
}

/**
 * Optional. Dialling a number the agent may not see, by the reference the
 * backend gave for it (`workbench.dial({ ref })`), and a number's region where
 * the backend knows more than callpop's bundled table (for Chinese mobiles:
 * province and city by the 7-digit segment). Neither is a write.
 */
export interface NumbersApi {
  /** The number behind `ref`; unknown refs reject with `not-found`. */
  resolve(ref: string, options?: CallOptions): Promise<ResolvedNumber>;
  /** The region of `number` (E.164). */
  region(number: string, options?: CallOptions): Promise<NumberRegion>;
}

export interface SmartFillApi {
  extract(request: SmartFillRequest, options?: CallOptions): Promise<SmartFillResult>;
}
