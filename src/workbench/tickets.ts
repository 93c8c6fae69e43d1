import { atom, type ReadableAtom } from 'nanostores';
import type { Agent, CallOptions, FieldValue, Ticket, TicketSchema } from '../adapter/types.js';
import { checkCategories, checkSchema, type SchemaProblem } from '../forms/schema.js';
import {
  ticketFormFromDraft,
  validateTicketForm,
  type TicketFormValues,
} from '../forms/ticket-form.js';
import type { FieldProblem } from '../forms/values.js';
import type { ModuleContext, ModuleLifecycle } from './context.js';
import { messageOf } from './context.js';
import { defineModule, type CoreModules } from './modules.js';
import { createPagedList, lruCache, type PagedList } from './records.js';
import { CallpopTicketCreatedEvent } from './ticket-created-event.js';
import { callStartOf, onRealNumbers, transcriptOf } from './call-transcript.js';
import { applyFill, type FillSource, type FillSuggestion } from './fill.js';
import { listAllAgents } from './agents.js';

/** The ticket schema as loaded: checked with `checkSchema`, its problems alongside. */
export interface TicketSchemaState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly schema: TicketSchema | null;
  /** Problems of the custom fields and the category tree. */
  readonly problems: readonly SchemaProblem[];
  readonly error: string | null;
}

export interface AgentsState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** By id. */
  readonly byId: { readonly [id: string]: Agent | undefined };
  readonly list: readonly Agent[];
  readonly error: string | null;
}

/** The form is not complete: nothing was sent. `problems` by field key. */
export class TicketFormError extends Error {
  override readonly name = 'TicketFormError';
  readonly problems: { readonly [key: string]: FieldProblem };
  constructor(problems: { readonly [key: string]: FieldProblem }) {
    super('The ticket form has problems.');
    this.problems = problems;
  }
}

/** Ticket page size. */
export const TICKETS_PAGE_SIZE = 50;

/** The tickets capability (`workbench.use(ticketsModule)`). */
export interface TicketsModule extends ModuleLifecycle {
  readonly $schema: ReadableAtom<TicketSchemaState>;
  readonly $agents: ReadableAtom<AgentsState>;
  /** Load (once) and check the ticket schema. Rejects when the backend fails; a later call tries again. */
  loadSchema(): Promise<TicketSchema>;
  /** Load (once) the agents, for assignee names and the assignee list. */
  loadAgents(): Promise<void>;
  /** Tickets created from this call ("downstream"), newest first. */
  byCall(callId: string): PagedList<Ticket>;
  /** All of the customer's tickets, newest first. */
  byCustomer(customerId: string): PagedList<Ticket>;
  get(id: string, options?: CallOptions): Promise<Ticket>;
  /** The draft key of the create-ticket form of a call. */
  draftKey(callId: string): string;
  /** The create-ticket form the agent left for this call, or null. */
  getDraft(callId: string): TicketFormValues | null;
  /** Keep what the agent typed (call on every change; survives reloads). */
  saveDraft(callId: string, values: TicketFormValues): void;
  /** Throw the draft away. */
  discardDraft(callId: string): void;
  /** Check the form against the schema (loaded first); the problems by key, empty when it can be sent. */
  check(values: TicketFormValues): Promise<{ readonly [key: string]: FieldProblem }>;
  /**
   * Create a ticket from the call's form: linked to the call and its customer.
   * The same values sent again (a retry, a double click, after a reload) reuse
   * the same idempotency key, so the backend creates one ticket. The draft is
   * cleared only when the backend confirms. Rejects with `TicketFormError`
   * when the form is incomplete (nothing sent), else with an `AdapterError`.
   */
  create(callId: string, values: TicketFormValues): Promise<Ticket>;
  /**
   * One-click smart fill of the create-ticket form from the call's conversation
   * (the same engine as the summary: the backend's extractor when the adapter has
   * one, else the local rules). Fields in `typed` that hold a value are never
   * changed: a different value is offered as a suggestion. Keys of `filled` and
   * `suggestions` are `title`, `description`, `categoryId` and `fields.<key>`.
   */
  smartFill(callId: string, values: TicketFormValues, typed: readonly string[], signal?: AbortSignal): Promise<TicketFill>;
}

/** The outcome of a ticket smart fill. */
export interface TicketFill {
  /** Nothing final was said yet: nothing to fill. */
  readonly empty: boolean;
  readonly values: TicketFormValues;
  readonly filled: Readonly<Record<string, FillSource>>;
  readonly suggestions: Readonly<Record<string, FillSuggestion>>;
}

/** The form as one flat record, as the fill helpers take it. */
function flatTicket(values: TicketFormValues): Record<string, FieldValue> {
  const flat: Record<string, FieldValue> = { title: values.title, description: values.description, categoryId: values.categoryId };
  for (const [key, value] of Object.entries(values.fields)) if (value !== undefined) flat[`fields.${key}`] = value;
  return flat;
}

function unflatTicket(base: TicketFormValues, flat: Readonly<Record<string, FieldValue>>): TicketFormValues {
  const fields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(flat)) if (key.startsWith('fields.')) fields[key.slice(7)] = value;
  return {
    ...base,
    title: typeof flat['title'] === 'string' ? flat['title'] : base.title,
    description: typeof flat['description'] === 'string' ? flat['description'] : base.description,
    categoryId: typeof flat['categoryId'] === 'string' ? flat['categoryId'] : base.categoryId,
    fields,
  };
}

/** A title from the extracted remark: its first sentence, at most 80 characters. */
function titleFrom(remark: string): string {
  const first = remark.split(/(?<=[。！？.!?])\s*/)[0] ?? remark;
  return first.length > 80 ? `${first.slice(0, 79)}…` : first;
}

export function createTicketsModule(ctx: ModuleContext, { drafts, transcripts }: CoreModules): TicketsModule {
  const { adapter } = ctx;
  const $schema = atom<TicketSchemaState>({ status: 'idle', schema: null, problems: [], error: null });
  const $agents = atom<AgentsState>({ status: 'idle', byId: {}, list: [], error: null });
  const lists = lruCache<PagedList<Ticket>>(40);
  let schemaPromise: Promise<TicketSchema> | null = null;
  let agentsPromise: Promise<void> | null = null;

  const draftKey = (callId: string): string => `ticket:${callId}`;

  function loadSchema(): Promise<TicketSchema> {
    if (schemaPromise) return schemaPromise;
    $schema.set({ ...$schema.get(), status: 'loading', error: null });
    schemaPromise = adapter.tickets.schema({ signal: ctx.signal }).then(
      (schema) => {
        const problems = [...checkSchema(schema.fields), ...checkCategories(schema.categories)];
        for (const found of problems.filter((p) => p.severity === 'error')) {
          console.warn(`callpop: ticket schema: ${found.message}`);
        }
        $schema.set({ status: 'ready', schema, problems, error: null });
        return schema;
      },
      (error: unknown) => {
        schemaPromise = null;
        $schema.set({ status: 'error', schema: null, problems: [], error: messageOf(error) });
        throw error;
      },
    );
    return schemaPromise;
  }

  function loadAgents(): Promise<void> {
    if (agentsPromise) return agentsPromise;
    $agents.set({ ...$agents.get(), status: 'loading', error: null });
    agentsPromise = (async () => {
      const list = await listAllAgents(ctx);
      $agents.set({ status: 'ready', list, byId: Object.fromEntries(list.map((a) => [a.id, a])), error: null });
    })().catch((error: unknown) => {
      agentsPromise = null;
      $agents.set({ ...$agents.get(), status: 'error', error: messageOf(error) });
      throw error;
    });
    return agentsPromise;
  }

  function byCall(callId: string): PagedList<Ticket> {
    return lists.get(`call:${callId}`, () =>
      createPagedList(
        async (cursor, signal) => {
          await ctx.reports.whenKnown(callId, signal);
          return adapter.tickets.listByCall(callId, { cursor, limit: TICKETS_PAGE_SIZE }, { signal });
        },
        (ticket) => ticket.id,
        ctx.signal,
      ),
    );
  }

  function byCustomer(customerId: string): PagedList<Ticket> {
    return lists.get(`customer:${customerId}`, () =>
      createPagedList(
        (cursor, signal) => adapter.tickets.listByCustomer(customerId, { cursor, limit: TICKETS_PAGE_SIZE }, { signal }),
        (ticket) => ticket.id,
        ctx.signal,
      ),
    );
  }

  async function customerOf(callId: string): Promise<string | null> {
    const pop = ctx.stores.$calls.get()[callId];
    const known = pop?.lookup.customer?.id ?? pop?.record?.customerId;
    if (known) return known;
    await ctx.reports.whenKnown(callId, ctx.signal);
    const record = await adapter.calls.get(callId, { signal: ctx.signal });
    return record.customerId;
  }

  return {
    $schema,
    $agents,
    loadSchema,
    loadAgents,
    byCall,
    byCustomer,
    get(id, options) {
      return adapter.tickets.get(id, { signal: options?.signal ?? ctx.signal });
    },
    draftKey,
    getDraft(callId) {
      const stored = drafts.getDraft<{ form?: unknown }>(draftKey(callId));
      return stored ? ticketFormFromDraft(stored.form) : null;
    },
    saveDraft(callId, values) {
      const current = drafts.getDraft<{ form?: unknown; customerId?: unknown }>(draftKey(callId));
      drafts.setDraft(draftKey(callId), { ...current, form: values });
    },
    discardDraft(callId) {
      drafts.clearDraft(draftKey(callId));
    },
    async check(values) {
      const schema = await loadSchema();
      // Number masking: a masked phone field is checked as the real number it stands for.
      return validateTicketForm(ctx.numbers.reveal(values), schema, { callId: null, customerId: null }).problems;
    },
    async smartFill(callId, values, typed, signal) {
      const abort = signal ? AbortSignal.any([signal, ctx.signal]) : ctx.signal;
      const [engine, schema, segments, callTime] = await Promise.all([
        // The engine is its own chunk: pages load it on the first fill.
        import('../smart-fill/index.js'),
        loadSchema(),
        transcriptOf(ctx, transcripts, callId, abort),
        callStartOf(ctx, callId, abort),
      ]);
      const fields = [
        { key: 'title', kind: 'remark', type: 'text' },
        { key: 'description', kind: 'remark', type: 'textarea' },
        { key: 'categoryId', kind: 'category', type: 'cascade' },
        ...engine.fieldsFromForm(schema.fields).map((field) => ({ ...field, key: `fields.${field.key}` })),
      ] as const;
      // Number masking: the engine reads real numbers, its values come back masked (call-transcript.ts).
      const output = await onRealNumbers(ctx, { callId, segments, fields, categories: schema.categories, callTime }, (input) =>
        engine.runSmartFill(input, { adapter: ctx.adapter, signal: abort }),
      );
      if (output.empty || output.values.length === 0) return { empty: true, values, filled: {}, suggestions: {} };
      const found = output.values.map((item) =>
        item.key === 'title' && typeof item.value === 'string' ? { ...item, value: titleFrom(item.value) } : item,
      );
      const result = applyFill(flatTicket(values), typed, found, segments, 'smart-fill');
      return { empty: false, values: unflatTicket(values, result.values), filled: result.filled, suggestions: result.suggestions };
    },
    async create(callId, values) {
      const schema = await loadSchema();
      const customerId = await customerOf(callId);
      // Number masking: checked on the real numbers, kept masked here (the backend boundary reveals them when sent).
      const checked = validateTicketForm(ctx.numbers.reveal(values), schema, { callId, customerId });
      const { problems } = checked;
      const input = checked.input && ctx.numbers.hide(checked.input);
      if (!input) throw new TicketFormError(problems);
      // The draft holds the form as typed; the fingerprint covers what is sent.
      const ticket = await drafts.submitDraft(draftKey(callId), { form: values, customerId }, (idempotencyKey) =>
        adapter.tickets.create(input, { idempotencyKey, signal: ctx.signal }),
      );
      for (const list of [byCall(callId), ticket.customerId ? byCustomer(ticket.customerId) : null]) {
        if (list && list.$state.get().status !== 'idle') list.prepend(ticket);
      }
      ctx.events.dispatchEvent(new CallpopTicketCreatedEvent({ ticket, callId }));
      return ticket;
    },
  };
}


/** Attach with `workbench.use(ticketsModule)`; `<ticket-tab>`, `<ticket-form>` and `<business-records>` do. */
export const ticketsModule = defineModule('tickets', createTicketsModule);
