import { atom, type ReadableAtom } from 'nanostores';
import { AdapterError } from '../adapter/errors.js';
import type { Agent, CallOptions, ConversationSegment, FieldValue, SmartFillValue, Ticket, TicketPriority, TicketSchema } from '../adapter/types.js';
import { checkCategories, checkSchema, type SchemaProblem } from '../forms/schema.js';
import {
  emptyTicketForm,
  problemsFromBackend,
  TICKET_PRIORITIES,
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
import type { FillSource, FillSuggestion } from './fill.js';
import { canUndoFill, createFormModel, fillForm, formState } from './form-state.js';
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
  /**
   * What smart fill finds in the call's conversation, not applied to any form: the values
   * by flat key (`title`, `description`, `categoryId`, `fields.<key>`) and the lines they
   * came from. {@link TicketsModule.smartFill} and {@link ticketForm} apply it.
   */
  extractFill(callId: string, signal?: AbortSignal): Promise<ExtractedTicketFill>;
}

/** What smart fill found for a ticket ({@link TicketsModule.extractFill}). */
export interface ExtractedTicketFill {
  /** Nothing final was said yet: nothing to fill. */
  readonly empty: boolean;
  readonly values: readonly SmartFillValue[];
  /** The conversation the values were read from. */
  readonly segments: readonly ConversationSegment[];
}

/** The outcome of a ticket smart fill. */
export interface TicketFill {
  /** Nothing final was said yet: nothing to fill. */
  readonly empty: boolean;
  readonly values: TicketFormValues;
  readonly filled: Readonly<Record<string, FillSource>>;
  readonly suggestions: Readonly<Record<string, FillSuggestion>>;
}

/**
 * The create-ticket form as one flat record, as the rules of form-state.ts take it:
 * `title`, `description`, `priority`, `categoryId`, `assigneeId`, and each custom
 * field as `fields.<key>` (fields without a value are left out). Pure.
 */
export function flattenTicketForm(values: TicketFormValues): Record<string, FieldValue> {
  const flat: Record<string, FieldValue> = {
    title: values.title,
    description: values.description,
    priority: values.priority,
    categoryId: values.categoryId,
    assigneeId: values.assigneeId,
  };
  for (const [key, value] of Object.entries(values.fields)) if (value !== undefined) flat[`fields.${key}`] = value;
  return flat;
}

/**
 * The create-ticket form from its flat record ({@link flattenTicketForm}); a key
 * missing or of the wrong type takes the empty form's value. Pure.
 */
export function unflattenTicketForm(flat: Readonly<Record<string, FieldValue | undefined>>): TicketFormValues {
  const base = emptyTicketForm();
  const text = (value: FieldValue | undefined, fallback: string): string => (typeof value === 'string' ? value : fallback);
  const id = (value: FieldValue | undefined): string | null => (typeof value === 'string' ? value : null);
  const fields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(flat)) if (key.startsWith('fields.') && value !== undefined) fields[key.slice(7)] = value;
  const priority = flat['priority'];
  return {
    title: text(flat['title'], base.title),
    description: text(flat['description'], base.description),
    priority: (TICKET_PRIORITIES as readonly unknown[]).includes(priority) ? (priority as TicketPriority) : base.priority,
    categoryId: id(flat['categoryId']),
    assigneeId: id(flat['assigneeId']),
    fields,
  };
}

/** Whether a flat key of the ticket form counts as empty: a prefill may fill it (`priority`: still `normal`). */
function isEmptyTicketValue(key: string, value: FieldValue | undefined): boolean {
  if (key === 'priority') return value === undefined || value === null || value === 'normal';
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * The flat record of a prefill (a docking page's `ticket.open`): `title`, `description`,
 * `categoryId` and `assigneeId` when text, `priority` when one of {@link TICKET_PRIORITIES},
 * any other key as a custom field. Pure.
 */
export function ticketPrefillValues(prefill: Readonly<Record<string, FieldValue>>): Record<string, FieldValue> {
  const flat: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(prefill)) {
    if (key === 'title' || key === 'description' || key === 'categoryId' || key === 'assigneeId') {
      if (typeof value === 'string') flat[key] = value;
    } else if (key === 'priority') {
      if (typeof value === 'string' && (TICKET_PRIORITIES as readonly string[]).includes(value)) flat[key] = value;
    } else {
      flat[`fields.${key}`] = value;
    }
  }
  return flat;
}

/** One call's create-ticket form as `<ticket-form>` shows it (`ticketForm(tickets, callId).$state`). */
export interface TicketFormState {
  /** What the form holds. */
  readonly values: TicketFormValues;
  /** Flat keys (`title`, `fields.<key>`…) the agent typed into: smart fill and prefills never overwrite them. */
  readonly typed: readonly string[];
  /** Flat keys smart fill wrote, key → the conversation line it came from. */
  readonly filled: Readonly<Record<string, FillSource>>;
  /** Values offered beside a field (it was typed into, or smart fill was unsure), by flat key. */
  readonly suggestions: Readonly<Record<string, FillSuggestion>>;
  /** Whether "Undo fill" has something to put back. */
  readonly canUndo: boolean;
  /** The form came back from the call's unsaved draft. */
  readonly restored: boolean;
  /** Problems by key (`title`, `categoryId`…, a custom field by its schema key): the checks before a create, or the backend's refusal. */
  readonly problems: { readonly [key: string]: FieldProblem };
  /** A create is in flight. */
  readonly saving: boolean;
  /** Why the last create failed (the form is kept), or null. */
  readonly failure: string | null;
  /** Smart fill: its state, and how many of the fields its last run wrote still hold that value. */
  readonly fill: {
    readonly status: 'idle' | 'running' | 'filled' | 'empty' | 'error';
    readonly error: string | null;
    readonly filledCount: number;
  };
}

/**
 * The create-ticket form of one call ({@link ticketForm}):
 * read `$state`, change it only through these actions. The rules are those of
 * the summary form (form-state.ts): what the agent typed is never overwritten,
 * a prefill fills only empty untouched fields, "Undo fill" puts back in one step
 * what the last fill wrote. Every change is kept as the call's draft until the
 * backend confirms the ticket.
 */
export interface TicketFormModel {
  readonly callId: string;
  readonly $state: ReadableAtom<TicketFormState>;
  /**
   * The form is shown (again): it holds the call's draft (or starts empty, when the
   * draft changed elsewhere or is gone), says whether it was restored, and forgets
   * the last problems and notices.
   */
  open(): void;
  /** The agent set a field (flat key: `title`, `priority`, `fields.<key>`…): it is theirs from now on. */
  edit(key: string, value: FieldValue): void;
  /** Starting values (see {@link ticketPrefillValues} for the keys): only into fields that are empty and untouched. */
  prefill(values: Readonly<Record<string, FieldValue>>): void;
  /**
   * Smart fill from the call's conversation ({@link TicketsModule.smartFill}'s engine): fills
   * the fields the agent has not typed into, offers the others as suggestions. Never rejects;
   * a second call while one runs does nothing.
   */
  fill(signal?: AbortSignal): Promise<void>;
  /** Put back what the last fill wrote, in one step (fields changed since are left alone). */
  undoFill(): void;
  /** Take the value offered beside a field: it becomes the agent's own. */
  acceptSuggestion(key: string): void;
  dismissSuggestion(key: string): void;
  /**
   * Create the ticket ({@link TicketsModule.create}): the draft is kept until the backend
   * confirms, a retry of the same values sends the same idempotency key, and a second call
   * while one is in flight returns the first one's promise. On success the form starts
   * over; on failure it is kept, with `problems` and `failure` set. Rejects like `create`.
   */
  submit(): Promise<Ticket>;
  /** Cancel: the draft is kept; the problems and the failure notice go. */
  cancel(): void;
  /** Throw the draft away and start over. */
  discard(): void;
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

  function getDraft(callId: string): TicketFormValues | null {
    const stored = drafts.getDraft<{ form?: unknown }>(draftKey(callId));
    return stored ? ticketFormFromDraft(stored.form) : null;
  }

  function saveDraft(callId: string, values: TicketFormValues): void {
    const current = drafts.getDraft<{ form?: unknown; customerId?: unknown }>(draftKey(callId));
    drafts.setDraft(draftKey(callId), { ...current, form: values });
  }

  function discardDraft(callId: string): void {
    drafts.clearDraft(draftKey(callId));
  }

async function create(callId: string, values: TicketFormValues): Promise<Ticket> {
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
  }

  /** Run the smart-fill engine on the call's conversation: the values found (flat keys) and the lines they came from. */
  async function runFill(
    callId: string,
    signal?: AbortSignal,
  ): Promise<ExtractedTicketFill> {
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
    if (output.empty || output.values.length === 0) return { empty: true, values: [], segments };
    const values = output.values.map((item) =>
      item.key === 'title' && typeof item.value === 'string' ? { ...item, value: titleFrom(item.value) } : item,
    );
    return { empty: false, values, segments };
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
    getDraft,
    saveDraft,
    discardDraft,
    async check(values) {
      const schema = await loadSchema();
      // Number masking: a masked phone field is checked as the real number it stands for.
      return validateTicketForm(ctx.numbers.reveal(values), schema, { callId: null, customerId: null }).problems;
    },
    async smartFill(callId, values, typed, signal) {
      const run = await runFill(callId, signal);
      if (run.empty) return { empty: true, values, filled: {}, suggestions: {} };
      const result = fillForm(formState(flattenTicketForm(values), { typed }), run.values, run.segments, 'smart-fill');
      return { empty: false, values: unflattenTicketForm(result.values), filled: result.filled, suggestions: result.suggestions };
    },
    extractFill: runFill,
    create,
  };
}


/** The forms of each tickets module, by call (at most 40 kept; a forgotten one comes back from its draft). */
const ticketForms = new WeakMap<TicketsModule, { get(key: string, create: () => TicketFormModel): TicketFormModel }>();

/**
 * The create-ticket form of a call, with its rules and its draft: what `<ticket-form>`
 * renders and changes. The same model for every element showing that call:
 * `ticketForm(workbench.use(ticketsModule), callId)`.
 */
export function ticketForm(tickets: TicketsModule, callId: string): TicketFormModel {
  let forms = ticketForms.get(tickets);
  if (!forms) {
    forms = lruCache<TicketFormModel>(40);
    ticketForms.set(tickets, forms);
  }
  return forms.get(callId, () => createTicketForm(tickets, callId));
}

function createTicketForm(tickets: TicketsModule, callId: string): TicketFormModel {
  const form = createFormModel();
  const idleFill: TicketFormState['fill'] = { status: 'idle', error: null, filledCount: 0 };
  let extra: Pick<TicketFormState, 'restored' | 'problems' | 'saving' | 'failure'> & {
    readonly fill: Omit<TicketFormState['fill'], 'filledCount'>;
    /** The keys the last fill wrote. */
    readonly fillKeys: readonly string[];
  } = { restored: false, problems: {}, saving: false, failure: null, fill: idleFill, fillKeys: [] };
  /** Bumped when the form starts over: a fill or a create started before does not touch the new form. */
  let generation = 0;
  let submitting: Promise<Ticket> | null = null;

  const build = (): TicketFormState => {
    const current = form.$state.get();
    return {
      values: unflattenTicketForm(current.values),
      typed: current.typed,
      filled: current.filled,
      suggestions: current.suggestions,
      canUndo: canUndoFill(current),
      restored: extra.restored,
      problems: extra.problems,
      saving: extra.saving,
      failure: extra.failure,
      fill: { ...extra.fill, filledCount: extra.fillKeys.filter((key) => key in current.filled).length },
    };
  };
  const $state = atom<TicketFormState>(build());
  const publish = (): void => $state.set(build());
  const setExtra = (changes: Partial<typeof extra>): void => {
    extra = { ...extra, ...changes };
    publish();
  };

  /** Start over from the call's draft (or an empty form): what came back from a draft was the agent's. */
  function startOver(): void {
    generation += 1;
    const draft = tickets.getDraft(callId);
    const values = flattenTicketForm(draft ?? emptyTicketForm());
    const typed = draft ? Object.keys(values).filter((key) => !isEmptyTicketValue(key, values[key])) : [];
    form.reset(values, { typed });
    extra = { restored: draft !== null, problems: {}, saving: extra.saving, failure: null, fill: idleFill, fillKeys: [] };
    publish();
  }

  /** Forget the problems of the keys just changed (a custom field's are under its schema key). */
  function withoutProblems(keys: readonly string[]): TicketFormState['problems'] {
    const names = keys.flatMap((key) => (key.startsWith('fields.') ? [key, key.slice(7)] : [key]));
    if (!names.some((name) => name in extra.problems)) return extra.problems;
    const problems = { ...extra.problems };
    for (const name of names) delete problems[name];
    return problems;
  }

  /** Keys changed: their problems go, the draft keeps the new values. */
  function changed(keys: readonly string[]): void {
    extra = { ...extra, problems: withoutProblems(keys) };
    publish();
    tickets.saveDraft(callId, unflattenTicketForm(form.$state.get().values));
  }

  startOver();

  return {
    callId,
    $state,
    open() {
      const draft = tickets.getDraft(callId);
      const live = unflattenTicketForm(form.$state.get().values);
      if (JSON.stringify(live) !== JSON.stringify(draft ?? emptyTicketForm())) {
        startOver();
        return;
      }
      const fill = extra.fill.status === 'running' ? extra.fill : idleFill;
      setExtra({ restored: draft !== null, problems: {}, failure: null, fill, fillKeys: fill === idleFill ? [] : extra.fillKeys });
    },
    edit(key, value) {
      form.edit(key, value);
      changed([key]);
    },
    prefill(values) {
      const before = form.$state.get();
      const flat = ticketPrefillValues(values);
      form.prefill(flat, isEmptyTicketValue);
      if (form.$state.get() !== before) changed(Object.keys(flat));
    },
    async fill(signal) {
      if (extra.fill.status === 'running') return;
      const started = generation;
      setExtra({ fill: { status: 'running', error: null } });
      try {
        const run = await tickets.extractFill(callId, signal);
        if (started !== generation) return;
        if (run.empty) {
          setExtra({ fill: { status: 'empty', error: null }, fillKeys: [] });
          return;
        }
        const keys = form.fill(run.values, run.segments, 'smart-fill');
        extra = { ...extra, fill: { status: 'filled', error: null }, fillKeys: keys };
        changed([]);
      } catch (error) {
        if (started === generation) setExtra({ fill: { status: 'error', error: messageOf(error) } });
      }
    },
    undoFill() {
      if (!form.$state.get().undo) return;
      form.undoFill();
      extra = { ...extra, fill: idleFill, fillKeys: [] };
      changed([]);
    },
    acceptSuggestion(key) {
      const before = form.$state.get();
      form.acceptSuggestion(key);
      if (form.$state.get() !== before) changed([key]);
    },
    dismissSuggestion(key) {
      form.dismissSuggestion(key);
      publish();
    },
    submit() {
      if (submitting) return submitting;
      const started = generation;
      const values = unflattenTicketForm(form.$state.get().values);
      setExtra({ saving: true, failure: null });
      const promise = tickets.create(callId, values).then(
        (ticket) => {
          submitting = null;
          extra = { ...extra, saving: false };
          // The backend confirmed: the form starts over from what the draft holds now (nothing,
          // unless the agent typed while the create was in flight: those edits stay).
          if (started === generation) startOver();
          setExtra({ restored: false });
          return ticket;
        },
        (error: unknown) => {
          submitting = null;
          const incomplete = error instanceof TicketFormError;
          const refused = error instanceof AdapterError && error.code === 'validation' ? problemsFromBackend(error.fields) : extra.problems;
          // A form that started over meanwhile keeps its own problems.
          setExtra(
            started !== generation
              ? { saving: false }
              : { saving: false, problems: incomplete ? error.problems : refused, failure: incomplete ? null : messageOf(error) },
          );
          throw error;
        },
      );
      submitting = promise;
      return promise;
    },
    cancel() {
      setExtra({ problems: {}, failure: null });
    },
    discard() {
      tickets.discardDraft(callId);
      startOver();
    },
  };
}

/** Attach with `workbench.use(ticketsModule)`; `<ticket-tab>`, `<ticket-form>` and `<business-records>` do. */
export const ticketsModule = defineModule('tickets', createTicketsModule);
