/**
 * The data model shared by every backend adapter (REST, in-memory, or one a
 * CRM writes itself). Everything here is plain JSON-serialisable data: it
 * crosses HTTP, postMessage and BroadcastChannel unchanged.
 *
 * Conventions:
 * - ids are opaque strings;
 * - instants are ISO 8601 strings in UTC (`2026-11-25T08:00:00.000Z`);
 * - phone numbers are E.164 (`+8613800138000`);
 * - every record a write returns carries a `version` that goes up by one on
 *   each change.
 *
 * @packageDocumentation
 */

/** An ISO 8601 instant in UTC. */
export type Instant = string;

/** Text an admin configured, either one string or one per locale (`en`, `zh-CN`). */
export type LocalizedText = string | { readonly [locale: string]: string };

/** One page of a cursor-paged list. `nextCursor` is `null` on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** Which page to read: no cursor reads the first one. */
export interface PageRequest {
  readonly cursor?: string | null;
  /** Page size; the backend may cap it. Default 20. */
  readonly limit?: number;
}

/** Options every adapter call takes. */
export interface CallOptions {
  /** Aborts the request; the promise then rejects with an `AdapterError` of code `aborted`. */
  readonly signal?: AbortSignal;
}

/** Options every write takes. */
export interface WriteOptions extends CallOptions {
  /**
   * The same key sent twice means the same write: the backend performs it once
   * and answers the second request with the first result.
   */
  readonly idempotencyKey: string;
}

// ---------------------------------------------------------------- customers

export type CustomerLevel = 'normal' | 'vip';

export interface Customer {
  readonly id: string;
  readonly name: string;
  /** E.164 numbers, the first is the primary one. */
  readonly phones: readonly string[];
  readonly email: string | null;
  readonly company: string | null;
  readonly address: string | null;
  readonly level: CustomerLevel;
  readonly tags: readonly string[];
  readonly notes: string | null;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
  readonly version: number;
}

/** What a create or an edit sends. */
export interface CustomerInput {
  readonly name: string;
  readonly phones: readonly string[];
  readonly email?: string | null;
  readonly company?: string | null;
  readonly address?: string | null;
  readonly level?: CustomerLevel;
  readonly tags?: readonly string[];
  readonly notes?: string | null;
}

// ----------------------------------------------------------- business records

export type RecordKind = 'chat' | 'call' | 'ticket';

/** One entry of the customer's timeline. `refId` points at the chat, call or ticket. */
export interface BusinessRecord {
  readonly id: string;
  readonly kind: RecordKind;
  readonly customerId: string;
  readonly at: Instant;
  readonly title: string;
  readonly summary: string | null;
  readonly refId: string;
  /** For chats: web, app, wechat…; for calls: inbound or outbound. */
  readonly channel: string | null;
}

export interface RecordQuery extends PageRequest {
  readonly kinds?: readonly RecordKind[];
}

export type Speaker = 'customer' | 'agent' | 'bot';

export interface ChatMessage {
  readonly id: string;
  readonly from: Speaker;
  readonly text: string;
  readonly at: Instant;
}

export interface ChatSession {
  readonly id: string;
  readonly customerId: string;
  readonly channel: string;
  readonly startedAt: Instant;
  readonly endedAt: Instant | null;
  readonly messages: readonly ChatMessage[];
}

// ------------------------------------------------------------------- forms

export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'datetime'
  | 'select'
  | 'multiselect'
  | 'cascade'
  | 'checkbox';

export interface FieldOption {
  readonly value: string;
  readonly label: LocalizedText;
  /** Only for `cascade` fields. */
  readonly children?: readonly FieldOption[];
}

/** One custom field of a ticket or service-summary form. */
export interface FormField {
  readonly key: string;
  readonly label: LocalizedText;
  /** An unknown type is rendered read-only as text, never a crash. */
  readonly type: FieldType | (string & {});
  readonly required?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
  /** A JavaScript regular expression the whole value must match. */
  readonly pattern?: string;
  readonly options?: readonly FieldOption[];
  readonly placeholder?: LocalizedText;
  /** Smart fill: what kind of value this field takes (phone, email, order number…). */
  readonly extract?: string;
  /**
   * A `text` field that takes several values (every order number, amount or
   * phone number said): its value is a list of strings, each checked against
   * `pattern`, `minLength` and `maxLength`; typed text is split at `,` `;` `/`
   * or new lines. Smart fill gives it every value found, each with its source.
   */
  readonly multiple?: boolean;
}

export type FieldValue = string | number | boolean | readonly string[] | null;

/** A node of a category tree (ticket types, service categories). */
export interface CategoryNode {
  readonly id: string;
  readonly name: LocalizedText;
  /** Extra words that point at this category, for smart fill. */
  readonly keywords?: readonly string[];
  readonly children?: readonly CategoryNode[];
}

// ------------------------------------------------------------------- tickets

export type TicketStatus = 'open' | 'pending' | 'resolved' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface Ticket {
  readonly id: string;
  /** The human-facing number, e.g. `T-20261125-0042`. */
  readonly number: string;
  readonly title: string;
  readonly description: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  readonly categoryId: string | null;
  readonly assigneeId: string | null;
  readonly customerId: string | null;
  /** The call it was created from, if any ("downstream ticket"). */
  readonly callId: string | null;
  readonly fields: { readonly [key: string]: FieldValue };
  readonly createdBy: string;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
  readonly version: number;
}

export interface TicketInput {
  readonly title: string;
  readonly description: string;
  readonly priority: TicketPriority;
  readonly categoryId: string | null;
  readonly assigneeId: string | null;
  readonly customerId: string | null;
  readonly callId: string | null;
  readonly fields: { readonly [key: string]: FieldValue };
}

/** The admin-configured shape of the create-ticket form. */
export interface TicketSchema {
  readonly categories: readonly CategoryNode[];
  readonly fields: readonly FormField[];
}

// --------------------------------------------------------------------- calls

export type CallDirection = 'inbound' | 'outbound';
export type CallOutcome = 'answered' | 'missed' | 'rejected' | 'abandoned' | 'busy' | 'failed';
export type HangupBy = 'customer' | 'agent' | 'system';
export type LegKind = 'normal' | 'transfer' | 'consult';

/** One agent's part of a call. */
export interface CallLeg {
  readonly id: string;
  readonly agentId: string;
  readonly agentName: string;
  readonly kind: LegKind;
  readonly startedAt: Instant;
  readonly answeredAt: Instant | null;
  readonly endedAt: Instant | null;
  readonly ringSeconds: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
}

/** A call as the backend records it. */
export interface CallRecord {
  readonly id: string;
  readonly direction: CallDirection;
  /** The customer's number, E.164 where it could be parsed. */
  readonly customerNumber: string;
  /** The number the customer saw (outbound) or dialled (inbound). */
  readonly displayNumber: string | null;
  readonly agentId: string;
  readonly customerId: string | null;
  readonly queue: string | null;
  readonly startedAt: Instant;
  readonly answeredAt: Instant | null;
  readonly endedAt: Instant | null;
  readonly ringSeconds: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly acwSeconds: number;
  readonly hangupBy: HangupBy | null;
  readonly outcome: CallOutcome | null;
  readonly recordingUrl: string | null;
  readonly legs: readonly CallLeg[];
  /** Custom call variables (IVR input, campaign…), usable in docking-page URLs. */
  readonly variables: { readonly [name: string]: string };
  readonly version: number;
  /** Why the call ended as the workbench reported it (e.g. `connection-lost`); absent when not reported. */
  readonly endReason?: CallEndCause | null;
  /** The satisfaction survey of this call: offered, and the score once the IVR reports it. */
  readonly survey?: CallSurvey | null;
  /** The call's media-quality summary, for later diagnosis. */
  readonly quality?: CallQualitySummary | null;
}

/** What the workbench reports when the softphone sees a call start or change. */
export interface CallReport {
  /** The softphone's call id; reporting the same id again updates the record. */
  readonly id: string;
  readonly direction: CallDirection;
  readonly customerNumber: string;
  readonly displayNumber: string | null;
  readonly agentId: string;
  readonly startedAt: Instant;
  readonly answeredAt: Instant | null;
  readonly endedAt: Instant | null;
  readonly hangupBy: HangupBy | null;
  readonly outcome: CallOutcome | null;
  readonly holdSeconds?: number;
  readonly variables?: { readonly [name: string]: string };
  /** Phone bar extras (see "phone bar extras" below): why the call ended, as the softphone saw it. */
  readonly endReason?: CallEndCause | null;
  /** The satisfaction survey was offered at the end of the call. */
  readonly survey?: SurveyReport | null;
  /** The call's media quality, summarised over its samples. */
  readonly quality?: CallQualitySummary | null;
}

// ------------------------------------------------------------------- summary

export interface SummaryStatus {
  readonly value: string;
  readonly label: LocalizedText;
  /** Whether this status closes the matter (used by smart fill). */
  readonly resolved?: boolean;
}

export interface SummaryTemplate {
  readonly id: string;
  readonly name: LocalizedText;
  readonly categoryId: string | null;
  readonly status: string | null;
  readonly remark: string;
  readonly fields: { readonly [key: string]: FieldValue };
  readonly keywords?: readonly string[];
}

export interface SummarySchema {
  readonly statuses: readonly SummaryStatus[];
  readonly categories: readonly CategoryNode[];
  readonly templates: readonly SummaryTemplate[];
  readonly fields: readonly FormField[];
}

export interface ServiceSummaryInput {
  readonly status: string | null;
  readonly categoryId: string | null;
  readonly templateId: string | null;
  readonly remark: string;
  readonly fields: { readonly [key: string]: FieldValue };
}

export interface ServiceSummary extends ServiceSummaryInput {
  readonly callId: string;
  readonly updatedAt: Instant;
  readonly updatedBy: string;
  readonly version: number;
}

/** One line of a saved call's transcript, as history for smart fill: who spoke and what was said. */
export interface SummaryExampleLine {
  readonly speaker: Speaker;
  readonly text: string;
}

/**
 * A summary an agent saved, as history for smart fill's category: the leaf of
 * the summary's category tree the agent chose and what was said in the call.
 * Smart fill learns from these how this call center files its calls.
 */
export interface SummaryExample {
  readonly callId: string;
  readonly categoryId: string;
  readonly savedAt: Instant;
  /** The call's final transcript lines in order (interim text left out). */
  readonly lines: readonly SummaryExampleLine[];
}

// ----------------------------------------------------------------------- sms

export interface SmsTemplate {
  readonly id: string;
  readonly name: string;
  /** Body with `{{variable}}` placeholders. */
  readonly body: string;
  readonly variables: readonly string[];
  readonly signature: string | null;
}

export interface SmsSendRequest {
  readonly to: string;
  readonly templateId: string;
  readonly variables: { readonly [name: string]: string };
  readonly callId: string | null;
  readonly customerId: string | null;
}

export type SmsStatus = 'queued' | 'sent' | 'failed';

export interface SmsResult {
  readonly id: string;
  readonly status: SmsStatus;
  readonly reason: string | null;
  readonly segments: number;
  readonly at: Instant;
}

// ------------------------------------------------------------- contact plans

export type ContactPlanStatus = 'pending' | 'done' | 'cancelled';

export interface ContactPlan {
  readonly id: string;
  readonly customerId: string | null;
  readonly phone: string;
  readonly callId: string | null;
  readonly startAt: Instant;
  readonly dueAt: Instant;
  readonly assigneeId: string;
  readonly remark: string;
  readonly status: ContactPlanStatus;
  readonly snoozedUntil: Instant | null;
  readonly createdBy: string;
  readonly createdAt: Instant;
  readonly completedAt: Instant | null;
  readonly version: number;
}

export interface ContactPlanInput {
  readonly customerId: string | null;
  readonly phone: string;
  readonly callId: string | null;
  readonly startAt: Instant;
  readonly dueAt: Instant;
  readonly assigneeId: string;
  readonly remark: string;
}

export interface ContactPlanPatch {
  readonly status?: ContactPlanStatus;
  readonly snoozedUntil?: Instant | null;
  readonly dueAt?: Instant;
  readonly remark?: string;
}

export interface ContactPlanQuery extends PageRequest {
  readonly assigneeId: string;
  readonly statuses?: readonly ContactPlanStatus[];
}

// -------------------------------------------------------------------- agents

export type AgentStatus = 'ready' | 'busy' | 'break' | 'acw' | 'offline';

export interface Agent {
  readonly id: string;
  readonly name: string;
  readonly extension: string | null;
  readonly email: string | null;
}

/** What the agent set their status to, as the backend keeps it (`PUT /agents/me/status`). */
export interface AgentStatusInput {
  readonly status: AgentStatus;
  /** One of the phone settings' break reasons while on a break, else null. */
  readonly breakReasonId: string | null;
  /** In after-call work: when it ends (after an extension, the new end); absent or null for no limit. */
  readonly acwEndsAt?: Instant | null;
}

export interface AgentStatusRecord extends AgentStatusInput {
  /** When the backend took this status (ISO 8601). */
  readonly since: string;
}

export interface BreakReason {
  readonly id: string;
  readonly label: LocalizedText;
}

/** One outbound display number an agent may present. */
export interface DisplayNumber {
  readonly number: string;
  readonly label: string | null;
  /** ISO region codes (CN, US…) this number is preferred for in pool mode. */
  readonly regions?: readonly string[];
  /** Callee number prefixes (E.164, e.g. `+86138`) this number is preferred for. */
  readonly prefixes?: readonly string[];
}

/**
 * Caller-ID ("display number") rules: one fixed number, a pool matched by the
 * callee's region or prefix, or the agent's choice among allowed numbers.
 */
export interface CallerIdRules {
  readonly mode: 'fixed' | 'pool' | 'choice';
  readonly numbers: readonly DisplayNumber[];
  /** The SIP header the chosen number is sent in. Default `X-Display-Number`. */
  readonly header: string | null;
}

/** What the phone bar needs about the agent's telephony set-up. */
export interface AgentPhoneSettings {
  readonly callPermission: boolean;
  readonly extension: string | null;
  readonly callerId: CallerIdRules;
  readonly breakReasons: readonly BreakReason[];
  /** Seconds of after-call work once a call ends; 0 for none. */
  readonly acwSeconds: number;
  readonly autoAnswer: boolean;
  // ---- number masking (issue 15)
  /**
   * The agent may see customers' full numbers. Absent, false, or settings that
   * cannot be read: callpop shows them masked (`138****8000`) everywhere, and
   * keeps the real ones out of the DOM and the host page's events (see
   * docs/security.md, "Number masking"). Calling back still works.
   */
  readonly viewFullNumbers?: boolean;
  /** Transfer to the satisfaction survey at the end of a call; absent or null hides the feature. */
  readonly survey?: SurveySettings | null;
  /** Extending after-call work; absent or null: ACW can only be ended early. */
  readonly acw?: AcwSettings | null;
  /** The queue indicator's warning thresholds; absent or null hides the indicator. */
  readonly queue?: QueueSettings | null;
}

// ------------------------------------------------------------- docking pages

export interface DockingPage {
  readonly id: string;
  readonly name: LocalizedText;
  /** `https://crm.example/orders?phone={{phone}}&call={{callId}}` */
  readonly urlTemplate: string;
  readonly order: number;
  readonly directions: readonly CallDirection[];
  readonly height: number | null;
  /** The iframe `sandbox` tokens; `null` for the safe default. */
  readonly sandbox: string | null;
}

// -------------------------------------------------------------- conversation

/** One utterance of the transcript, from the bot, the customer or the agent. */
export interface ConversationSegment {
  readonly id: string;
  readonly callId: string;
  readonly speaker: Speaker;
  readonly text: string;
  /** Interim text is replaced by the final text of the same id. */
  readonly final: boolean;
  /** Order within the call; later segments have larger numbers. */
  readonly seq: number;
  readonly at: Instant;
}

// ---------------------------------------------------------------- smart fill

export interface SmartFillRequest {
  readonly callId: string;
  readonly segments: readonly ConversationSegment[];
  readonly fields: readonly FormField[];
  readonly categories: readonly CategoryNode[];
  readonly templates: readonly SummaryTemplate[];
  readonly statuses: readonly SummaryStatus[];
  readonly callTime: Instant;
}

export interface SmartFillValue {
  readonly key: string;
  readonly value: FieldValue;
  /** 0…1 */
  readonly confidence: number;
  /** Ids of the segments the value came from. */
  readonly segmentIds: readonly string[];
  /** For a field that takes several values (`FormField.multiple`): each value of `value` with its own source. */
  readonly items?: readonly SmartFillItem[];
}

/** One of the values of a multi-value field, with where it came from. */
export interface SmartFillItem {
  readonly value: string;
  /** 0…1 */
  readonly confidence: number;
  readonly segmentIds: readonly string[];
}

export interface SmartFillResult {
  readonly values: readonly SmartFillValue[];
}

// ------------------------------------------------------------------ numbers
// ---- number masking and number regions (issue 15)

/** The real number behind a reference the backend gave (`numbers.resolve`). */
export interface ResolvedNumber {
  /** E.164. The workbench gives it to the softphone only. */
  readonly number: string;
}

/**
 * Where a number is from. `country` is an ISO region code (`CN`); for Chinese
 * numbers the province and city (a landline's area code; a mobile's 7-digit
 * segment, which only a backend knows) and the carrier where known.
 * Names are in the agent's language where the source has them.
 */
export interface NumberRegion {
  readonly country: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly carrier: string | null;
}

// --------------------------------------------------------- phone bar extras
// Satisfaction survey, after-call work extension, queue indicator, call quality (issue 15).

/** Why a call ended, as the workbench reports it with the call record. */
export type CallEndCause =
  | 'hangup'
  | 'rejected'
  | 'missed'
  | 'cancelled'
  | 'busy'
  | 'failed'
  | 'transferred'
  | 'connection-lost';

/**
 * How the agent hands the customer to the IVR satisfaction survey: a blind
 * transfer (REFER) to `target` with optional extra `headers`, or a SIP INFO
 * in the call's dialog (`info`) that tells the SIP server to take the call there.
 */
export interface SurveySettings {
  readonly mode: 'refer' | 'info';
  /** The survey's number or SIP URI (`refer`); shown to nobody but sent as the REFER target. */
  readonly target: string;
  /** Extra headers on the REFER (e.g. `X-Survey: 1`). */
  readonly headers?: { readonly [name: string]: string };
  /** The INFO to send (`info` mode). */
  readonly info?: { readonly contentType: string; readonly body: string } | null;
}

/** After-call work extension: each extension adds `extendStepSeconds`, up to `maxSeconds` of ACW in all. */
export interface AcwSettings {
  readonly extendStepSeconds: number;
  readonly maxSeconds: number;
}

/** When the queue indicator turns to its warning colour. */
export interface QueueSettings {
  /** Warn when at least this many callers wait (over the agent's skill groups). */
  readonly warnWaiting: number;
  /** Warn when the longest wait is at least this many seconds. */
  readonly warnLongestWaitSeconds: number;
}

/** One skill group's queue. */
export interface QueueStat {
  readonly id: string;
  readonly name: LocalizedText;
  /** Callers waiting now. */
  readonly waiting: number;
  /** The longest current wait, in seconds (0 when nobody waits). */
  readonly longestWaitSeconds: number;
}

/** The queues of the agent's skill groups at one instant (`GET /agents/me/queues`, push `queue.stats`). */
export interface QueueStats {
  readonly at: Instant;
  readonly queues: readonly QueueStat[];
}

/** What the workbench reports when it offered the survey. */
export interface SurveyReport {
  readonly offeredAt: Instant;
  readonly mode: 'refer' | 'info';
}

/** The survey of a call as the backend records it. */
export interface CallSurvey {
  readonly offeredAt: Instant;
  readonly mode: 'refer' | 'info';
  /** The customer's score when the IVR reported one, else null. */
  readonly score: number | null;
  /** The top of the score's scale (e.g. 5), when known. */
  readonly maxScore?: number | null;
}

/** A call's media quality over its samples (WebRTC getStats), kept with its record. */
export interface CallQualitySummary {
  readonly samples: number;
  /** The worst level seen. */
  readonly worst: 'good' | 'fair' | 'poor';
  readonly avgRttMs: number | null;
  readonly maxRttMs: number | null;
  readonly avgJitterMs: number | null;
  readonly maxJitterMs: number | null;
  readonly avgLossPercent: number | null;
  readonly maxLossPercent: number | null;
  /** How many times the connection to the SIP server was lost during the call. */
  readonly linkLost: number;
}

// ---------------------------------------------------------------------- push

/** What a backend pushes through `subscribe`. */
export type PushEvent =
  | { readonly type: 'conversation.segment'; readonly segment: ConversationSegment }
  | { readonly type: 'call.updated'; readonly call: CallRecord }
  | { readonly type: 'customer.updated'; readonly customer: Customer }
  | { readonly type: 'contactPlan.changed'; readonly plan: ContactPlan }
  | { readonly type: 'contactPlan.due'; readonly plan: ContactPlan }
  /** The queues of the agent's skill groups changed (phone bar extras). */
  | { readonly type: 'queue.stats'; readonly stats: QueueStats };

export type PushType = PushEvent['type'];
