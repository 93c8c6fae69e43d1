import type { FieldOption, FieldValue, FormField } from '../adapter/types.js';
import { isKnownFieldType, isValidPattern } from './schema.js';
import { cascadeChildren } from './cascade.js';

/** The message of a field problem; `<schema-form>` translates it. */
export type FieldProblemCode =
  | 'required'
  | 'tooShort'
  | 'tooLong'
  | 'belowMin'
  | 'aboveMax'
  | 'notNumber'
  | 'pattern'
  | 'notOption'
  | 'cascadeIncomplete'
  | 'invalidDate'
  | 'invalidDateTime'
  /** The backend refused the value; `params.message` says why (shown as text). */
  | 'server';

/** One field's validation problem: a message code and its parameters. */
export interface FieldProblem {
  readonly code: FieldProblemCode;
  readonly params: { readonly [name: string]: string | number };
}

export type FieldValues = { readonly [key: string]: FieldValue | undefined };
export type FieldProblems = { readonly [key: string]: FieldProblem | undefined };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date written `YYYY-MM-DD` that exists (no 2026-02-30). */
export function isValidDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** An ISO 8601 instant with a zone (`Z` or `+08:00`). */
export function isValidInstant(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** Whether a value counts as "not filled in" for this field. */
export function isEmptyValue(field: FormField, value: FieldValue | undefined): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0) ||
    (field.type === 'checkbox' && value === false)
  );
}

function options(field: FormField): readonly FieldOption[] {
  return field.options ?? [];
}

/** Where typed text of a multi-value field is split (`a, b`, `a / b` as the form shows a list, one per line). */
const MULTIPLE_SEPARATOR = /\s*(?:[,，;；\n]|\s\/\s)\s*/u;

/** The first problem of one value, or null when it is acceptable. */
export function validateField(field: FormField, value: FieldValue | undefined): FieldProblem | null {
  if (isEmptyValue(field, value)) return field.required ? { code: 'required', params: {} } : null;
  if (!isKnownFieldType(field.type)) return null; // read-only: whatever the backend gave is kept
  switch (field.type) {
    case 'text':
    case 'textarea': {
      if (field.multiple === true && field.type === 'text' && Array.isArray(value)) {
        // Each value of a multi-value field on its own.
        for (const item of value) {
          const problem = validateField({ ...field, multiple: false, required: false }, item);
          if (problem) return problem;
        }
        return null;
      }
      const text = typeof value === 'string' ? (field.type === 'text' ? value.trim() : value) : String(value);
      const length = [...text].length;
      if (field.minLength !== undefined && length < field.minLength) {
        return { code: 'tooShort', params: { min: field.minLength, length } };
      }
      if (field.maxLength !== undefined && length > field.maxLength) {
        return { code: 'tooLong', params: { max: field.maxLength, length } };
      }
      if (field.pattern !== undefined && isValidPattern(field.pattern)) {
        if (!new RegExp(`^(?:${field.pattern})$`, 'u').test(text)) return { code: 'pattern', params: {} };
      }
      return null;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { code: 'notNumber', params: {} };
      if (field.min !== undefined && value < field.min) return { code: 'belowMin', params: { min: field.min } };
      if (field.max !== undefined && value > field.max) return { code: 'aboveMax', params: { max: field.max } };
      return null;
    }
    case 'date':
      return typeof value === 'string' && isValidDate(value) ? null : { code: 'invalidDate', params: {} };
    case 'datetime':
      return typeof value === 'string' && isValidInstant(value) ? null : { code: 'invalidDateTime', params: {} };
    case 'select':
      return typeof value === 'string' && options(field).some((o) => o.value === value) ? null : { code: 'notOption', params: {} };
    case 'multiselect': {
      const allowed = new Set(options(field).map((o) => o.value));
      return Array.isArray(value) && value.every((item) => allowed.has(item)) ? null : { code: 'notOption', params: {} };
    }
    case 'cascade': {
      if (!Array.isArray(value)) return { code: 'notOption', params: {} };
      const next = cascadeChildren(options(field), value);
      if (next === null) return { code: 'notOption', params: {} };
      return next.length > 0 ? { code: 'cascadeIncomplete', params: {} } : null;
    }
    case 'checkbox':
      return typeof value === 'boolean' ? null : { code: 'notOption', params: {} };
  }
}

/** Every field's first problem, by key (fields without a problem are absent). */
export function validateValues(fields: readonly FormField[], values: FieldValues): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  for (const field of fields) {
    const found = validateField(field, values[field.key]);
    if (found) problems[field.key] = found;
  }
  return problems;
}

/**
 * What a field holds once cleaned: text trimmed (a textarea keeps its inner
 * spacing), numbers from text, a blank becomes `null`, lists de-duplicated.
 * A value of the wrong shape is kept as is, for validation to refuse.
 */
export function normalizeValue(field: FormField, value: FieldValue | undefined): FieldValue {
  if (value === undefined || value === null) return null;
  if (field.type === 'text' && field.multiple === true && (typeof value === 'string' || Array.isArray(value))) {
    const items = (typeof value === 'string' ? value.split(MULTIPLE_SEPARATOR) : value).map((item) => item.trim()).filter((item) => item !== '');
    return items.length === 0 ? null : [...new Set(items)];
  }
  switch (field.type) {
    case 'text':
    case 'date':
    case 'datetime':
    case 'select':
      if (typeof value !== 'string') return value;
      return value.trim() === '' ? null : value.trim();
    case 'textarea':
      if (typeof value !== 'string') return value;
      return value.trim() === '' ? null : value.replace(/\s+$/u, '');
    case 'number': {
      if (typeof value === 'number') return value;
      if (typeof value !== 'string') return value;
      const text = value.trim().replace(/,/g, '');
      if (text === '') return null;
      const number = Number(text);
      return Number.isFinite(number) ? number : value;
    }
    case 'multiselect':
    case 'cascade':
      if (!Array.isArray(value)) return value;
      return value.length === 0 ? null : field.type === 'multiselect' ? [...new Set(value)] : [...value];
    case 'checkbox':
      return value === true;
    default:
      return value;
  }
}

/** The values to send: each schema field normalised, empty optional values dropped, unknown keys dropped. */
export function normalizeValues(fields: readonly FormField[], values: FieldValues): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const field of fields) {
    const value = normalizeValue(field, values[field.key]);
    if (!isEmptyValue(field, value)) out[field.key] = value;
  }
  return out;
}

// ------------------------------------------------------------- date-time

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * An ISO instant as a `datetime-local` input value (`2026-11-25T16:00`) in the
 * agent's time zone (the browser's). `''` for no or an unreadable instant.
 */
export function instantToLocalInput(instant: FieldValue | undefined): string {
  if (typeof instant !== 'string' || !isValidInstant(instant)) return '';
  const date = new Date(instant);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value read in the agent's time zone, as an ISO instant in UTC; null when blank or unreadable. */
export function localInputToInstant(local: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map((part) => (part === undefined ? 0 : Number(part))) as number[];
  const date = new Date(y!, mo! - 1, d!, h!, mi!, s ?? 0);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
