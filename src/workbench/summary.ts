import { atom, map, type MapStore, type ReadableAtom } from 'nanostores';
import { AdapterError } from '../adapter/errors.js';
import type {
  ConversationSegment,
  FieldValue,
  FormField,
  ServiceSummary,
  ServiceSummaryInput,
  SummarySchema,
} from '../adapter/types.js';
import { normalizeValues, validateValues, type FieldProblem } from '../forms/values.js';
import type { SmartFillField, SmartFillOutput } from '../smart-fill/types.js';
import { messageOf, type ModuleContext, type ModuleLifecycle } from './context.js';
import { callStartOf, onRealNumbers, transcriptOf } from './call-transcript.js';
import { defineModule, type CoreModules } from './modules.js';
import { isEmptyValue, type FillSource, type FillSuggestion } from './fill.js';
import {
  acceptFormSuggestion,
  canUndoFill,
  dismissFormSuggestion,
  editForm,
  fillForm,
  formState,
  undoFormFill,
  type FormState,
  type FormUndoStep,
} from './form-state.js';
import type { CategoryHistory } from './fill-history.js';
import { CallpopDockingFillSummaryEvent } from '../docking/fill-summary-event.js';
import { recencyBound } from './recency.js';

/** The caller's number for smart fill, when the call has one. */
function callerOf(number: string | undefined): { callerNumber?: string } {
  return typeof number === 'string' && number.trim() !== '' ? { callerNumber: number } : {};
}

/** At most this many characters of remark (the backend's limit). */
export const REMARK_MAX_LENGTH = 2000;
/**
 * Calls whose summary state is kept in memory, at most: over a shift the oldest
 * go first, but never one with an unsaved draft, one loading, saving or filling,
 * or the active call (a forgotten one loads again from the backend when shown).
 */
export const MAX_SUMMARY_STATES = 30;
/** How long the backend's smart fill may take before the local rules answer instead. */
export const SMART_FILL_TIMEOUT_MS = 3000; // the engine's DEFAULT_SMART_FILL_TIMEOUT_MS; not imported, so the engine stays a lazy chunk

/**
 * The summary form as one flat record: the built-in keys `status`,
 * `categoryId`, `templateId`, `remark`, and each custom field as
 * `fields.<key>`. Suggestions, highlights and "typed" marks use these keys.
 */
export type SummaryFormValues = Readonly<Record<string, FieldValue>>;

/** The flat key of a custom field. */
export function customKey(fieldKey: string): string {
  return `fields.${fieldKey}`;
}

/** The state of the summary schema (loaded once per workbench, cached). */
export interface SummarySchemaState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly schema: SummarySchema | null;
  readonly error: string | null;
}

/** One call's summary as `<service-summary>` shows it. */
export interface CallSummaryState {
  /** Loading the saved summary; `ready` once known (saved or not). */
  readonly status: 'loading' | 'ready' | 'error';
  readonly error: string | null;
  /** The summary as the backend last confirmed it, `null` if never saved. */
  readonly saved: ServiceSummary | null;
  /** What the form holds now (flat keys, see {@link SummaryFormValues}). */
  readonly values: SummaryFormValues;
  /** Keys the agent typed into: smart fill and templates never overwrite them. */
  readonly typed: readonly string[];
  /** The form came back from an unsaved draft. */
  readonly restored: boolean;
  readonly saving: boolean;
  readonly saveError: string | null;
  /** Problems by flat key: from the checks before a save, or the backend's refusal (`server`). */
  readonly problems: Readonly<Record<string, FieldProblem>>;
  /** The last save was confirmed and nothing changed since. */
  readonly justSaved: boolean;
  /** Fields filled by smart fill or a template: key → where the value came from. */
  readonly filled: Readonly<Record<string, FillSource>>;
  /** Values offered beside fields the agent typed into. */
  readonly suggestions: Readonly<Record<string, FillSuggestion>>;
  readonly fill: {
    readonly status: 'idle' | 'running' | 'filled' | 'empty' | 'error';
    readonly error: string | null;
    /** `local` rules or the `backend`'s extractor. */
    readonly source: 'local' | 'backend' | null;
    /** Whether "Undo fill" has something to undo. */
    readonly canUndo: boolean;
  };
}

/** What the `summary:<callId>` draft holds. */
interface SummaryDraft {
  readonly input: ServiceSummaryInput;
  readonly typed: readonly string[];
  /** Smart fill's highlights, offers and undo step: a reload gives them back with the values. */
  readonly filled?: Readonly<Record<string, FillSource>>;
  readonly suggestions?: Readonly<Record<string, FillSuggestion>>;
  readonly undo?: UndoStep | null;
}

const FILL_SOURCES: readonly string[] = ['smart-fill', 'template', 'docking-page'];

function isFillSource(value: unknown): value is FillSource {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    FILL_SOURCES.includes(v['source'] as string) &&
    Array.isArray(v['segmentIds']) &&
    v['segmentIds'].every((id) => typeof id === 'string') &&
    typeof v['text'] === 'string' &&
    typeof v['confidence'] === 'number' &&
    v['confidence'] >= 0 &&
    v['confidence'] <= 1
  );
}

/** Entries of a stored map that still hold (a draft from localStorage is untrusted like any input). */
function storedMap<T>(value: unknown, accept: (entry: unknown) => entry is T): Record<string, T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, T] => accept(entry[1])));
}

function isStoredUndo(value: unknown): value is UndoStep {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const values = (x: unknown): boolean => typeof x === 'object' && x !== null && !Array.isArray(x);
  return values(v['before']) && values(v['applied']) && Array.isArray(v['keys']) && v['keys'].every((key) => typeof key === 'string');
}

/** The summary capability of the workbench (`workbench.use(summaryModule)`). */
export interface SummaryModule extends ModuleLifecycle {
  readonly $schema: ReadableAtom<SummarySchemaState>;
  /** Per call. */
  readonly $summaries: MapStore<Record<string, CallSummaryState | undefined>>;
  /** Load the summary schema (once; again after a failure). */
  loadSchema(): Promise<SummarySchema | null>;
  /** Load the call's saved summary and any unsaved draft (once). Never rejects. */
  load(callId: string): Promise<void>;
  /** Load again (after a failure). */
  reload(callId: string): Promise<void>;
  /** The agent changed a field (flat key). Kept as a draft at once. */
  edit(callId: string, key: string, value: FieldValue): void;
  /**
   * Choose a template: its status, category, remark and preset fields fill the
   * form; fields the agent typed into keep their value and get a suggestion.
   */
  chooseTemplate(callId: string, templateId: string | null): void;
  /** Take the suggested value of a field. */
  acceptSuggestion(callId: string, key: string): void;
  dismissSuggestion(callId: string, key: string): void;
  /**
   * Smart fill from the call's conversation: fills the fields the agent has not
   * typed into, offers the others as suggestions. Says `empty` when there is
   * nothing to fill from. Never rejects.
   */
  fill(callId: string): Promise<void>;
  /** Put back the values from before the last fill (or template), in one step. */
  undoFill(callId: string): void;
  /**
   * Apply values from outside the conversation (a docking page's `summary.fill`): like a
   * smart fill, a field the agent typed into gets a suggestion instead, and one step undoes it.
   * Keys are `status`, `categoryId`, `templateId`, `remark` or a custom field's key; others are ignored.
   */
  applyExternalFill(callId: string, values: Readonly<Record<string, FieldValue>>): Promise<void>;
  /**
   * Save. The draft is kept until the backend confirms; a retry of the same
   * values uses the same idempotency key. Rejects with the adapter's error.
   */
  save(callId: string): Promise<ServiceSummary>;
}

/** The draft key of a call's summary. */
export function summaryDraftKey(callId: string): string {
  return `summary:${callId}`;
}

/** The flat form values of a saved summary (or an empty form). Pure. */
export function summaryValues(summary: ServiceSummaryInput | null): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {
    status: summary?.status ?? null,
    categoryId: summary?.categoryId ?? null,
    templateId: summary?.templateId ?? null,
    remark: summary?.remark ?? '',
  };
  for (const [key, value] of Object.entries(summary?.fields ?? {})) values[customKey(key)] = value;
  return values;
}

/** The custom fields' values (by field key) of the flat form. Pure. */
export function customValues(values: SummaryFormValues): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith('fields.') && value !== undefined) fields[key.slice('fields.'.length)] = value;
  }
  return fields;
}

/**
 * The input a save sends, from the flat form values. With the schema's fields,
 * custom values are normalised (trimmed, numbers from text) and empty ones
 * dropped. Pure.
 */
export function summaryInput(values: SummaryFormValues, schemaFields?: readonly FormField[]): ServiceSummaryInput {
  const text = (value: FieldValue | undefined): string | null =>
    typeof value === 'string' && value !== '' ? value : null;
  const custom = customValues(values);
  let fields: Record<string, FieldValue> = {};
  if (schemaFields) fields = normalizeValues(schemaFields, custom);
  else for (const [key, value] of Object.entries(custom)) if (!isEmptyValue(value) || value === false) fields[key] = value;
  return {
    status: text(values['status']),
    categoryId: text(values['categoryId']),
    templateId: text(values['templateId']),
    remark: typeof values['remark'] === 'string' ? values['remark'] : '',
    fields,
  };
}

/**
 * What keeps a summary from being sent: the custom fields' checks and the
 * remark's length, by flat key. Pure.
 */
export function checkSummary(values: SummaryFormValues, schema: SummarySchema | null): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  const remark = typeof values['remark'] === 'string' ? values['remark'] : '';
  if (remark.length > REMARK_MAX_LENGTH) problems['remark'] = { code: 'tooLong', params: { max: REMARK_MAX_LENGTH, length: remark.length } };
  if (schema) {
    for (const [key, problem] of Object.entries(validateValues(schema.fields, customValues(values)))) problems[customKey(key)] = problem;
  }
  return problems;
}

/** The flat key a smart-fill field's value goes to. */
function flatKeyOf(field: SmartFillField): string {
  switch (field.kind) {
    case 'status':
      return 'status';
    case 'category':
      return 'categoryId';
    case 'template':
      return 'templateId';
    case 'remark':
      return 'remark';
    default:
      return customKey(field.key);
  }
}

const IDLE_FILL: CallSummaryState['fill'] = { status: 'idle', error: null, source: null, canUndo: false };

function blank(): CallSummaryState {
  return {
    status: 'loading',
    error: null,
    saved: null,
    values: summaryValues(null),
    typed: [],
    restored: false,
    saving: false,
    saveError: null,
    problems: {},
    justSaved: false,
    filled: {},
    suggestions: {},
    fill: IDLE_FILL,
  };
}

/** What undo puts back. */
type UndoStep = FormUndoStep;

export function createSummaryModule(ctx: ModuleContext, { drafts, transcripts }: CoreModules): SummaryModule {
  const $schema = atom<SummarySchemaState>({ status: 'idle', schema: null, error: null });
  const $summaries = map<Record<string, CallSummaryState | undefined>>({});
  let schemaLoad: Promise<SummarySchema | null> | null = null;
  const loads = new Map<string, Promise<void>>();
  const undo = new Map<string, UndoStep>();
  const fills = new Map<string, AbortController>();
  /** What this call center's agents filed before: smart fill's category learns from it. */
  /** The saved calls smart fill learns from: loaded with the first fill or save, not with the page. */
  let history: Promise<CategoryHistory> | null = null;
  const loadHistory = (): Promise<CategoryHistory> =>
    (history ??= import('./fill-history.js').then(
      ({ createCategoryHistory }) => createCategoryHistory(ctx.adapter, { now: ctx.now }),
      (error: unknown) => {
        history = null; // A chunk that failed (offline, a deploy) is asked for again next time.
        throw error;
      },
    ));
  /** The transcript the last fill of each call read, to learn from when the summary is saved. */
  const readTranscripts = new Map<string, readonly ConversationSegment[]>();

  function get(callId: string): CallSummaryState {
    return $summaries.get()[callId] ?? blank();
  }

  function patch(callId: string, changes: Partial<CallSummaryState>): CallSummaryState {
    const next = { ...get(callId), ...changes };
    $summaries.setKey(callId, next);
    touch(callId);
    return next;
  }

  /** The summaries of the most recently changed calls are kept; a busy one, the call on screen and an unsaved draft always. */
  const touch = recencyBound(
    MAX_SUMMARY_STATES,
    (callId) => {
      const state = $summaries.get()[callId];
      const busy = !state || state.status === 'loading' || state.saving || state.fill.status === 'running';
      return (
        callId === ctx.stores.$activeCallId.get() ||
        busy ||
        loads.has(callId) ||
        fills.has(callId) ||
        drafts.getDraft(summaryDraftKey(callId)) !== undefined
      );
    },
    (callId) => {
      undo.delete(callId);
      readTranscripts.delete(callId);
      $summaries.setKey(callId, undefined);
    },
  );

  /** The call's form, for the rules of form-state.ts. */
  function formOf(callId: string): FormState {
    const state = get(callId);
    return formState(state.values, { typed: state.typed, filled: state.filled, suggestions: state.suggestions, undo: undo.get(callId) ?? null });
  }

  /** The parts of the call's state a form holds (and its undo step, kept aside). */
  function fromForm(callId: string, form: FormState): Pick<CallSummaryState, 'values' | 'typed' | 'filled' | 'suggestions'> {
    if (form.undo) undo.set(callId, form.undo);
    else undo.delete(callId);
    return { values: form.values, typed: form.typed, filled: form.filled, suggestions: form.suggestions };
  }

  function draftOf(callId: string, state: CallSummaryState, input: ServiceSummaryInput = summaryInput(state.values)): SummaryDraft {
    return { input, typed: [...state.typed], filled: state.filled, suggestions: state.suggestions, undo: undo.get(callId) ?? null };
  }

  function keepDraft(callId: string, state: CallSummaryState): void {
    drafts.setDraft(summaryDraftKey(callId), draftOf(callId, state));
  }

  /** Change values (and what goes with them), keep the draft. */
  function change(callId: string, changes: Partial<CallSummaryState>): void {
    const next = patch(callId, { justSaved: false, restored: false, saveError: null, ...changes });
    keepDraft(callId, next);
  }

  function loadSchema(): Promise<SummarySchema | null> {
    const state = $schema.get();
    if (state.status === 'ready') return Promise.resolve(state.schema);
    if (schemaLoad) return schemaLoad;
    $schema.set({ status: 'loading', schema: null, error: null });
    schemaLoad = ctx.adapter.summary.schema({ signal: ctx.signal }).then(
      (schema) => {
        schemaLoad = null;
        $schema.set({ status: 'ready', schema, error: null });
        return schema;
      },
      (error: unknown) => {
        schemaLoad = null;
        if (!(error instanceof AdapterError && error.code === 'aborted')) {
          $schema.set({ status: 'error', schema: null, error: messageOf(error) });
        }
        return null;
      },
    );
    return schemaLoad;
  }

  function fetch(callId: string): Promise<void> {
    patch(callId, { status: 'loading', error: null });
    // The backend learns of a live call from the workbench's report: read its summary after that.
    const saved = ctx.reports
      .whenKnown(callId, ctx.signal)
      .then(() => ctx.adapter.summary.get(callId, { signal: ctx.signal }));
    const promise = Promise.all([saved, loadSchema()]).then(
      ([saved]) => {
        loads.delete(callId);
        const draft = drafts.getDraft<SummaryDraft>(summaryDraftKey(callId));
        const current = $summaries.get()[callId];
        // Edits made while loading (a template, a fill) win over the saved values.
        const editedMeanwhile = current !== undefined && current.typed.length + Object.keys(current.filled).length > 0;
        if (editedMeanwhile) {
          patch(callId, { status: 'ready', saved });
        } else if (draft?.input) {
          const values = summaryValues(draft.input);
          const filled = storedMap(draft.filled, isFillSource);
          const suggestions = storedMap(draft.suggestions, (entry): entry is FillSuggestion => isFillSource(entry) && 'value' in entry);
          if (isStoredUndo(draft.undo)) undo.set(callId, draft.undo);
          patch(callId, {
            status: 'ready',
            saved,
            values,
            typed: Array.isArray(draft.typed) ? draft.typed.filter((key): key is string => typeof key === 'string') : [],
            restored: true,
            // Highlights only where the value is still the filled one.
            filled: Object.fromEntries(Object.entries(filled).filter(([key]) => key in values)),
            suggestions,
            fill: { ...IDLE_FILL, canUndo: undo.has(callId) },
          });
        } else {
          const values = summaryValues(saved);
          patch(callId, {
            status: 'ready',
            saved,
            values,
            // What was saved was the agent's: smart fill offers, never overwrites.
            typed: Object.keys(values).filter((key) => !isEmptyValue(values[key])),
            restored: false,
          });
        }
      },
      (error: unknown) => {
        loads.delete(callId);
        if (error instanceof AdapterError && error.code === 'aborted') return;
        patch(callId, { status: 'error', error: messageOf(error) });
      },
    );
    loads.set(callId, promise);
    return promise;
  }

  async function applyExternalFill(callId: string, external: Readonly<Record<string, FieldValue>>): Promise<void> {
    const schema = await loadSchema();
    if (!schema || ctx.signal.aborted) return;
    const builtIn = new Set(['status', 'categoryId', 'templateId', 'remark']);
    const custom = new Set(schema.fields.map((field) => field.key));
    const values = Object.entries(external)
      .map(([key, value]) => ({ key: builtIn.has(key) ? key : custom.has(key) ? customKey(key) : null, value }))
      .filter((item): item is { key: string; value: FieldValue } => item.key !== null)
      .map((item) => ({ ...item, confidence: 1, segmentIds: [] as string[] }));
    if (values.length === 0) return;
    const form = fillForm(formOf(callId), values, [], 'docking-page');
    change(callId, { ...fromForm(callId, form), fill: { ...get(callId).fill, canUndo: canUndoFill(form) } });
  }

  // A docking page asked to fill the summary (see src/workbench/docking.ts).
  ctx.events.addEventListener(
    CallpopDockingFillSummaryEvent.eventName,
    (event) => {
      const { callId, values } = (event as CallpopDockingFillSummaryEvent).detail;
      void applyExternalFill(callId, values);
    },
    { signal: ctx.signal },
  );

  return {
    applyExternalFill,
    $schema,
    $summaries,
    loadSchema,
    load(callId) {
      const running = loads.get(callId);
      if (running) return running;
      const current = $summaries.get()[callId];
      if (current && current.status !== 'loading') return Promise.resolve();
      return fetch(callId);
    },
    reload(callId) {
      return loads.get(callId) ?? fetch(callId);
    },
    edit(callId, key, value) {
      const problems = { ...get(callId).problems };
      delete problems[key];
      change(callId, { ...fromForm(callId, editForm(formOf(callId), key, value)), problems });
    },
    chooseTemplate(callId, templateId) {
      const state = get(callId);
      const template = $schema.get().schema?.templates.find((item) => item.id === templateId) ?? null;
      const chosen = editForm(formOf(callId), 'templateId', templateId);
      if (!template) {
        change(callId, fromForm(callId, chosen));
        return;
      }
      const presets = [
        { key: 'status', value: template.status },
        { key: 'categoryId', value: template.categoryId },
        { key: 'remark', value: template.remark },
        ...Object.entries(template.fields).map(([key, value]) => ({ key: customKey(key), value })),
      ].map((item) => ({ ...item, confidence: 1, segmentIds: [] as string[] }));
      const form = fillForm(chosen, presets, [], 'template');
      change(callId, {
        ...fromForm(callId, form),
        fill: { ...state.fill, canUndo: canUndoFill(form), status: state.fill.status === 'running' ? 'running' : 'idle' },
      });
    },
    acceptSuggestion(callId, key) {
      const form = formOf(callId);
      const accepted = acceptFormSuggestion(form, key);
      if (accepted !== form) change(callId, fromForm(callId, accepted));
    },
    dismissSuggestion(callId, key) {
      const form = formOf(callId);
      const dismissed = dismissFormSuggestion(form, key);
      if (dismissed !== form) patch(callId, { suggestions: dismissed.suggestions });
    },
    async fill(callId) {
      fills.get(callId)?.abort();
      const controller = new AbortController();
      fills.set(callId, controller);
      const signal = AbortSignal.any([controller.signal, ctx.signal]);
      const running = get(callId).fill;
      patch(callId, { fill: { ...running, status: 'running', error: null } });
      try {
        const [engine, schema, segments, callTime, categories] = await Promise.all([
          import('../smart-fill/index.js'),
          loadSchema(),
          transcriptOf(ctx, transcripts, callId, signal),
          callStartOf(ctx, callId, signal),
          // Without the history (its chunk did not load) the fill still runs, from the tree's names.
          loadHistory().catch(() => null),
        ]);
        if (!schema) throw new Error($schema.get().error ?? 'The summary form could not be loaded.');
        readTranscripts.set(callId, segments);
        const categoryModel = categories ? await categories.model(engine, signal) : null;
        const fields = engine.summaryFields(schema);
        // Number masking: the engine reads real numbers, its values come back masked (call-transcript.ts).
        const output: SmartFillOutput = await onRealNumbers(ctx, {
            callId,
            segments,
            fields,
            categories: schema.categories,
            templates: schema.templates,
            statuses: schema.statuses,
            callTime,
            // The call's context: relative dates in the agent's zone; national phone numbers read
            // in the caller's region, the zone's or the default country; "call me on this number".
            timeZone: ctx.timeZone,
            defaultCountry: ctx.defaultCountry,
            ...callerOf(ctx.stores.$calls.get()[callId]?.number),
            ...(categoryModel ? { categoryModel } : {}),
          }, (input) => engine.runSmartFill(input, { adapter: ctx.adapter, timeoutMs: SMART_FILL_TIMEOUT_MS, signal }));
        if (signal.aborted) return;
        const state = get(callId);
        if (output.empty || output.values.length === 0) {
          patch(callId, { fill: { ...state.fill, status: 'empty', error: null, source: output.source } });
          return;
        }
        const keyOf = new Map(fields.map((field) => [field.key, flatKeyOf(field)]));
        const values = output.values.map((item) => ({ ...item, key: keyOf.get(item.key) ?? customKey(item.key) }));
        const form = fillForm(formOf(callId), values, segments, 'smart-fill');
        change(callId, {
          ...fromForm(callId, form),
          fill: { status: 'filled', error: null, source: output.source, canUndo: canUndoFill(form) },
        });
      } catch (error) {
        if (signal.aborted) return;
        patch(callId, { fill: { ...get(callId).fill, status: 'error', error: messageOf(error) } });
      } finally {
        if (fills.get(callId) === controller) fills.delete(callId);
      }
    },
    undoFill(callId) {
      const form = formOf(callId);
      if (!form.undo) return;
      change(callId, { ...fromForm(callId, undoFormFill(form)), fill: { ...IDLE_FILL } });
    },
    async save(callId) {
      const state = get(callId);
      const schema = await loadSchema();
      // Number masking: a masked phone field is checked as the real number it stands for.
      const problems = checkSummary(ctx.numbers.reveal(state.values), schema);
      if (Object.keys(problems).length > 0) {
        const error = new AdapterError('validation', 'Please correct the fields marked below.', {
          fields: Object.fromEntries(Object.keys(problems).map((key) => [key, problems[key]!.code])),
        });
        patch(callId, { problems, saveError: error.message });
        throw error;
      }
      const input = summaryInput(state.values, schema?.fields);
      const draft = draftOf(callId, state, input);
      patch(callId, { saving: true, saveError: null, problems: {} });
      // 0: no summary was saved yet, so the backend must not have one (see docs/rest-api.md).
      const expectedVersion = state.saved?.version ?? 0;
      try {
        await ctx.reports.whenKnown(callId, ctx.signal);
        const saved = await drafts.submitDraft(summaryDraftKey(callId), draft, (idempotencyKey) =>
          ctx.adapter.summary.save(callId, input, { idempotencyKey, expectedVersion, signal: ctx.signal }),
        );
        undo.delete(callId);
        const heard = transcripts.current()?.$transcripts.get()[callId];
        const learnt = heard?.status === 'ready' ? heard.segments : (readTranscripts.get(callId) ?? []);
        void loadHistory().then(
          (categories) => categories.learn(callId, saved.categoryId, learnt),
          () => undefined, // Not loaded (offline): the next fill learns from the backend's examples instead.
        );
        readTranscripts.delete(callId);
        const now = get(callId);
        const unchanged = summaryInput(now.values, schema?.fields);
        const same = JSON.stringify(unchanged) === JSON.stringify(input);
        const values = summaryValues(saved);
        patch(callId, {
          saving: false,
          saved,
          justSaved: same,
          restored: false,
          ...(same
            ? {
                values,
                typed: Object.keys(values).filter((key) => !isEmptyValue(values[key])),
                filled: {},
                suggestions: {},
                fill: IDLE_FILL,
              }
            : {}),
        });
        return saved;
      } catch (error) {
        const refused: Record<string, FieldProblem> = {};
        if (error instanceof AdapterError && error.code === 'validation') {
          // The backend names custom fields `fields.<key>`, like the flat form.
          for (const [key, message] of Object.entries(error.fields)) refused[key] = { code: 'server', params: { message } };
        }
        patch(callId, { saving: false, saveError: messageOf(error), problems: refused });
        throw error;
      }
    },
  };
}

/** Attach with `workbench.use(summaryModule)`; `<service-summary>` does. */
export const summaryModule = defineModule('summary', createSummaryModule);
