import type { ConversationSegment, FieldValue, SmartFillValue } from '../adapter/types.js';

/**
 * Applying a smart fill (or a template's presets) to a form without ever
 * overwriting what the agent typed. Pure: the summary uses it, and so can any
 * other form (the ticket form).
 */

/** Where a filled value came from: the conversation's segment(s) and their text. */
export interface FillSource {
  /** `smart-fill` (the conversation) or `template` (a template's presets). */
  readonly source: 'smart-fill' | 'template' | 'docking-page';
  readonly segmentIds: readonly string[];
  /** The conversation line(s) it came from (empty for a template). */
  readonly text: string;
  /** 0…1 */
  readonly confidence: number;
}

/**
 * A value offered beside a field, accepted with one click: the field was typed
 * into by the agent (`typed`), or the engine was unsure of the value (`unsure`:
 * its confidence is below {@link SUGGEST_BELOW}), which is then never written.
 */
export interface FillSuggestion extends FillSource {
  readonly value: FieldValue;
  /** Why it is offered rather than filled (absent in drafts saved before 0.1: `typed`). */
  readonly reason?: 'typed' | 'unsure';
}

/**
 * Smart-fill values less sure than this (0…1) are offered as suggestions,
 * never written into the field, whatever the field's kind.
 */
export const SUGGEST_BELOW = 0.5;

export interface AppliedFill {
  /** The form's values with the fill applied to the fields the agent did not type into. */
  readonly values: Readonly<Record<string, FieldValue>>;
  /** Fields that were filled, key → where the value came from. */
  readonly filled: Readonly<Record<string, FillSource>>;
  /** Fields the agent typed into whose filled value differs, key → the offered value. */
  readonly suggestions: Readonly<Record<string, FillSuggestion>>;
}

/** Whether a form value counts as empty (nothing typed). */
export function isEmptyValue(value: FieldValue | undefined): boolean {
  return (
    value === undefined ||
    value === null ||
    value === false ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Whether two form values are the same (arrays compared item by item). */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b || (isEmptyValue(a) && isEmptyValue(b));
}

/** The text of the segments a value came from, in the conversation's order, joined by " … ". */
export function sourceText(segmentIds: readonly string[], segments: readonly ConversationSegment[]): string {
  if (segmentIds.length === 0) return '';
  const wanted = new Set(segmentIds);
  return segments
    .filter((segment) => wanted.has(segment.id))
    .map((segment) => segment.text)
    .join(' … ');
}

/**
 * Apply filled values to a form.
 *
 * - A field the agent typed into (listed in `typedKeys`) that holds a value is
 *   never changed: a different filled value becomes a suggestion beside it.
 * - A value less sure than `suggestBelow` (smart fill: {@link SUGGEST_BELOW})
 *   is only offered as a suggestion, for every kind of field.
 * - Every other field takes the filled value (and is reported in `filled`).
 * - A value equal to what the field already holds changes nothing.
 *
 * @param values the form's current values, by key
 * @param typedKeys keys of the fields the agent typed into
 * @param output the engine's output (or a plain list of values)
 * @param segments the conversation, to show the line each value came from
 * @param source where the values come from
 * @param suggestBelow confidence under which a value is offered, not filled (0 for templates)
 */
export function applyFill(
  values: Readonly<Record<string, FieldValue>>,
  typedKeys: Iterable<string>,
  output: { readonly values: readonly SmartFillValue[] } | readonly SmartFillValue[],
  segments: readonly ConversationSegment[] = [],
  source: FillSource['source'] = 'smart-fill',
  suggestBelow: number = source === 'smart-fill' ? SUGGEST_BELOW : 0,
): AppliedFill {
  const typed = new Set(typedKeys);
  const list: readonly SmartFillValue[] = Array.isArray(output)
    ? (output as readonly SmartFillValue[])
    : (output as { readonly values: readonly SmartFillValue[] }).values;
  const next: Record<string, FieldValue> = { ...values };
  const filled: Record<string, FillSource> = {};
  const suggestions: Record<string, FillSuggestion> = {};
  for (const item of list) {
    if (isEmptyValue(item.value)) continue;
    const current = values[item.key];
    const from: FillSource = {
      source,
      segmentIds: [...item.segmentIds],
      text: sourceText(item.segmentIds, segments),
      confidence: item.confidence,
    };
    if (sameValue(current, item.value)) continue;
    if (typed.has(item.key) && !isEmptyValue(current)) {
      suggestions[item.key] = { ...from, value: item.value, reason: 'typed' };
    } else if (item.confidence < suggestBelow) {
      // Unsure: offered beside the field, the field keeps what it holds.
      suggestions[item.key] = { ...from, value: item.value, reason: 'unsure' };
    } else {
      next[item.key] = item.value;
      filled[item.key] = from;
    }
  }
  return { values: next, filled, suggestions };
}

/**
 * Undo a fill in one step: every filled field that still holds the filled
 * value gets back the value it had before; a field the agent changed since is
 * left alone.
 */
export function undoFill(
  values: Readonly<Record<string, FieldValue>>,
  before: Readonly<Record<string, FieldValue>>,
  applied: Readonly<Record<string, FieldValue>>,
  filledKeys: Iterable<string>,
): Record<string, FieldValue> {
  const next: Record<string, FieldValue> = { ...values };
  for (const key of filledKeys) {
    if (!sameValue(values[key], applied[key])) continue;
    if (key in before) next[key] = before[key] ?? null;
    else delete next[key];
  }
  return next;
}
