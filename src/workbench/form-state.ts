import { atom, type ReadableAtom } from 'nanostores';
import type { ConversationSegment, FieldValue, SmartFillValue } from '../adapter/types.js';
import { applyFill, isEmptyValue, undoFill, type FillSource, type FillSuggestion } from './fill.js';

/**
 * The one set of rules for a form that smart fill (or a template, or a docking
 * page) can fill: what it holds, which keys were filled and from where, which
 * the agent typed into, and what is offered beside a field. Headless and pure:
 * the summary module keeps one {@link FormState} per call, `ticketForm()` (tickets.ts) one
 * {@link FormModel} per call's create-ticket form (what `<ticket-form>` renders);
 * both go through these functions, so the rules are the same everywhere:
 *
 * - a value the agent typed is never overwritten (a prefill skips it, a fill
 *   offers a suggestion instead);
 * - a prefill only fills keys that are empty and untouched;
 * - "Undo fill" puts back, in one step, only the filled keys that still hold
 *   the filled value;
 * - accepting a suggestion makes the value the agent's own (typed).
 *
 * Keys are flat: built-in keys (`title`, `remark`, `categoryId`…) and custom
 * fields as `fields.<key>`.
 */

/** What "Undo fill" puts back: the values before the last fill, what it wrote, and the keys it filled. */
export interface FormUndoStep {
  readonly before: Readonly<Record<string, FieldValue>>;
  readonly applied: Readonly<Record<string, FieldValue>>;
  readonly keys: readonly string[];
}

/** A fillable form: its values and where each came from. */
export interface FormState {
  /** What the form holds, by flat key. */
  readonly values: Readonly<Record<string, FieldValue>>;
  /** Keys the agent typed into (or took a suggestion for): nothing fills them. */
  readonly typed: readonly string[];
  /** Keys a fill wrote, key → where the value came from. */
  readonly filled: Readonly<Record<string, FillSource>>;
  /** Values offered beside a field, key → the offer. */
  readonly suggestions: Readonly<Record<string, FillSuggestion>>;
  /** The last fill, while it can be undone. */
  readonly undo: FormUndoStep | null;
}

/** A form holding `values`, nothing typed or filled yet (or with the parts given). */
export function formState(values: Readonly<Record<string, FieldValue>>, parts: Partial<Omit<FormState, 'values'>> = {}): FormState {
  return { typed: [], filled: {}, suggestions: {}, undo: null, ...parts, values };
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
}

function withTyped(typed: readonly string[], key: string): readonly string[] {
  return typed.includes(key) ? typed : [...typed, key];
}

/** Whether the last fill wrote something "Undo fill" can put back. */
export function canUndoFill(state: FormState): boolean {
  return state.undo !== null && state.undo.keys.length > 0;
}

/**
 * The agent set a key: it is theirs from now on (typed), no longer shown as
 * filled, and the suggestion beside it goes away.
 */
export function editForm(state: FormState, key: string, value: FieldValue): FormState {
  return {
    ...state,
    values: { ...state.values, [key]: value },
    typed: withTyped(state.typed, key),
    filled: without(state.filled, key),
    suggestions: without(state.suggestions, key),
  };
}

/**
 * Starting values (a docking page's `ticket.open`): each goes only into a key
 * that is empty (`isEmpty`, {@link isEmptyValue} by default) and that the agent
 * has not touched. Neither typed nor filled: they are where the form starts.
 */
export function prefillForm(
  state: FormState,
  prefill: Readonly<Record<string, FieldValue>>,
  isEmpty: (key: string, value: FieldValue | undefined) => boolean = (_key, value) => isEmptyValue(value),
): FormState {
  const values: Record<string, FieldValue> = { ...state.values };
  let changed = false;
  for (const [key, value] of Object.entries(prefill)) {
    if (state.typed.includes(key) || !isEmpty(key, state.values[key])) continue;
    values[key] = value;
    changed = true;
  }
  return changed ? { ...state, values } : state;
}

/**
 * Apply a fill (smart fill, a template's presets, a docking page's values) with
 * {@link applyFill}: a typed key keeps its value and gets a suggestion, an unsure
 * value is only offered, every other key takes the value and is marked filled
 * with its source. The step can be undone with {@link undoFormFill}.
 */
export function fillForm(
  state: FormState,
  items: readonly SmartFillValue[],
  segments: readonly ConversationSegment[] = [],
  source: FillSource['source'] = 'smart-fill',
): FormState {
  const result = applyFill(state.values, state.typed, items, segments, source);
  const keys = Object.keys(result.filled);
  const filled: Record<string, FillSource> = { ...state.filled };
  for (const key of keys) delete filled[key];
  return {
    ...state,
    values: result.values,
    filled: { ...filled, ...result.filled },
    suggestions: { ...state.suggestions, ...result.suggestions },
    undo: { before: state.values, applied: result.values, keys },
  };
}

/**
 * Undo the last fill in one step: every key it filled that still holds the
 * filled value gets back what it had before; a key the agent changed since is
 * left alone. The fill's highlights go; a template's suggestions stay while
 * other filled keys remain.
 */
export function undoFormFill(state: FormState): FormState {
  const step = state.undo;
  if (!step) return state;
  const filled: Record<string, FillSource> = { ...state.filled };
  for (const key of step.keys) delete filled[key];
  const suggestions: Record<string, FillSuggestion> = {};
  if (Object.keys(filled).length > 0) {
    for (const [key, suggestion] of Object.entries(state.suggestions)) if (suggestion.source === 'template') suggestions[key] = suggestion;
  }
  return { ...state, values: undoFill(state.values, step.before, step.applied, step.keys), filled, suggestions, undo: null };
}

/** Take the value offered beside a key: it becomes the agent's own (typed). Unchanged when nothing is offered. */
export function acceptFormSuggestion(state: FormState, key: string): FormState {
  const suggestion = state.suggestions[key];
  return suggestion ? editForm(state, key, suggestion.value) : state;
}

/** Drop the value offered beside a key. */
export function dismissFormSuggestion(state: FormState, key: string): FormState {
  const suggestions = without(state.suggestions, key);
  return suggestions === state.suggestions ? state : { ...state, suggestions };
}

/** A form's state in a store: read `$state`, change it only through the actions (the rules above). */
export interface FormModel {
  readonly $state: ReadableAtom<FormState>;
  /** Start over with these values (another call, a draft, after a create). */
  reset(values: Readonly<Record<string, FieldValue>>, parts?: Partial<Omit<FormState, 'values'>>): void;
  /** The agent set a key ({@link editForm}). */
  edit(key: string, value: FieldValue): void;
  /** Fill empty, untouched keys ({@link prefillForm}). */
  prefill(values: Readonly<Record<string, FieldValue>>, isEmpty?: (key: string, value: FieldValue | undefined) => boolean): void;
  /** Apply a fill ({@link fillForm}); returns the keys it filled. */
  fill(items: readonly SmartFillValue[], segments?: readonly ConversationSegment[], source?: FillSource['source']): readonly string[];
  /** Undo the last fill ({@link undoFormFill}). */
  undoFill(): void;
  acceptSuggestion(key: string): void;
  dismissSuggestion(key: string): void;
}

/** A {@link FormModel} starting with `values`. */
export function createFormModel(values: Readonly<Record<string, FieldValue>> = {}): FormModel {
  const $state = atom<FormState>(formState(values));
  const set = (next: FormState): void => {
    if (next !== $state.get()) $state.set(next);
  };
  return {
    $state,
    reset: (start, parts) => $state.set(formState(start, parts)),
    edit: (key, value) => set(editForm($state.get(), key, value)),
    prefill: (prefill, isEmpty) => set(prefillForm($state.get(), prefill, isEmpty)),
    fill(items, segments, source) {
      const next = fillForm($state.get(), items, segments, source);
      set(next);
      return next.undo?.keys ?? [];
    },
    undoFill: () => set(undoFormFill($state.get())),
    acceptSuggestion: (key) => set(acceptFormSuggestion($state.get(), key)),
    dismissSuggestion: (key) => set(dismissFormSuggestion($state.get(), key)),
  };
}
