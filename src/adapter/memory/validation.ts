import { AdapterError } from '../errors.js';
import type { CategoryNode, FieldOption, FieldValue, FormField } from '../types.js';

/** E.164: a plus, a non-zero country digit, 7 to 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Collects field errors and throws one `validation` AdapterError at the end. */
export class Problems {
  readonly fields: Record<string, string> = {};

  add(key: string, message: string): void {
    if (!(key in this.fields)) this.fields[key] = message;
  }

  get empty(): boolean {
    return Object.keys(this.fields).length === 0;
  }

  /** Throws when anything was added. */
  throwIfAny(what: string): void {
    const entries = Object.entries(this.fields);
    const first = entries[0];
    if (!first) return;
    const message =
      entries.length === 1 ? `${what}: ${first[0]} — ${first[1]}` : `${what}: ${entries.length} fields are not valid`;
    throw new AdapterError('validation', message, { status: 422, fields: { ...this.fields } });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));
}

/** A required string, trimmed, within `max` characters. */
export function requiredText(problems: Problems, key: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(key, 'This field is required');
    return '';
  }
  const text = value.trim();
  if (text.length > max) problems.add(key, `Must be at most ${max} characters`);
  return text;
}

/** An optional string: absent, null or blank becomes null. */
export function optionalText(problems: Problems, key: string, value: unknown, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    problems.add(key, 'Must be text');
    return null;
  }
  const text = value.trim();
  if (text === '') return null;
  if (text.length > max) problems.add(key, `Must be at most ${max} characters`);
  return text;
}

/** Text that may be empty but must be a string (remarks, descriptions). */
export function plainText(problems: Problems, key: string, value: unknown, max: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') {
    problems.add(key, 'Must be text');
    return '';
  }
  if (value.length > max) problems.add(key, `Must be at most ${max} characters`);
  return value;
}

export function email(problems: Problems, key: string, value: unknown): string | null {
  const text = optionalText(problems, key, value, 254);
  if (text !== null && !EMAIL.test(text)) problems.add(key, 'Must be an email address like name@example.com');
  return text;
}

export function e164(problems: Problems, key: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(key, 'This field is required');
    return '';
  }
  const phone = value.trim();
  if (!E164.test(phone)) problems.add(key, 'Must be a phone number in international format, like +8613800138000');
  return phone;
}

export function oneOf<T extends string>(
  problems: Problems,
  key: string,
  value: unknown,
  allowed: readonly T[],
): T | null {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.add(key, `Must be one of: ${allowed.join(', ')}`);
  return null;
}

/** Every id in a category tree. */
export function categoryIds(nodes: readonly CategoryNode[], into = new Set<string>()): Set<string> {
  for (const node of nodes) {
    into.add(node.id);
    if (node.children) categoryIds(node.children, into);
  }
  return into;
}

function isEmptyValue(field: FormField, value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0) ||
    (field.type === 'checkbox' && value === false)
  );
}

function optionValues(options: readonly FieldOption[] | undefined): string[] {
  return (options ?? []).map((option) => option.value);
}

function wholeMatch(pattern: string, text: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(text);
  } catch {
    return true; // a broken admin pattern must not block every save
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * Checks custom form values against the admin's field definitions, like a
 * server would. Errors are keyed `fields.<key>`. Returns the accepted values
 * (empty optional values are dropped).
 */
export function formValues(
  problems: Problems,
  schema: readonly FormField[],
  values: unknown,
): Record<string, FieldValue> {
  const result: Record<string, FieldValue> = {};
  if (values === undefined || values === null) values = {};
  if (!isRecord(values)) {
    problems.add('fields', 'Must be an object of field values');
    return result;
  }
  const known = new Map(schema.map((field) => [field.key, field]));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) problems.add(`fields.${key}`, 'Unknown field');
  }
  for (const field of schema) {
    const key = `fields.${field.key}`;
    const value = values[field.key];
    if (isEmptyValue(field, value)) {
      if (field.required) problems.add(key, 'This field is required');
      continue;
    }
    switch (field.type) {
      case 'text':
      case 'textarea': {
        if (typeof value !== 'string') {
          problems.add(key, 'Must be text');
          break;
        }
        const text = field.type === 'text' ? value.trim() : value;
        if (field.minLength !== undefined && text.length < field.minLength) {
          problems.add(key, `Must be at least ${field.minLength} characters`);
        } else if (text.length > (field.maxLength ?? 5000)) {
          problems.add(key, `Must be at most ${field.maxLength ?? 5000} characters`);
        } else if (field.pattern !== undefined && !wholeMatch(field.pattern, text)) {
          problems.add(key, 'Does not have the expected format');
        } else {
          result[field.key] = text;
        }
        break;
      }
      case 'number': {
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          problems.add(key, 'Must be a number');
        } else if (field.min !== undefined && value < field.min) {
          problems.add(key, `Must be at least ${field.min}`);
        } else if (field.max !== undefined && value > field.max) {
          problems.add(key, `Must be at most ${field.max}`);
        } else {
          result[field.key] = value;
        }
        break;
      }
      case 'date': {
        if (
          typeof value !== 'string' ||
          !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
          Number.isNaN(Date.parse(`${value}T00:00:00Z`))
        ) {
          problems.add(key, 'Must be a date like 2026-11-25');
        } else {
          result[field.key] = value;
        }
        break;
      }
      case 'datetime': {
        if (!isInstant(value)) problems.add(key, 'Must be a date and time');
        else result[field.key] = value;
        break;
      }
      case 'select': {
        if (typeof value !== 'string' || !optionValues(field.options).includes(value)) {
          problems.add(key, 'Choose one of the options');
        } else {
          result[field.key] = value;
        }
        break;
      }
      case 'multiselect': {
        const allowed = optionValues(field.options);
        if (!isStringArray(value) || !value.every((item) => allowed.includes(item))) {
          problems.add(key, 'Choose among the options');
        } else {
          result[field.key] = [...new Set(value)];
        }
        break;
      }
      case 'cascade': {
        if (!isStringArray(value)) {
          problems.add(key, 'Choose a value at each level');
          break;
        }
        let level: readonly FieldOption[] | undefined = field.options;
        let valid = true;
        for (const item of value) {
          const option: FieldOption | undefined = level?.find((candidate) => candidate.value === item);
          if (!option) {
            valid = false;
            break;
          }
          level = option.children;
        }
        if (!valid) problems.add(key, 'Choose one of the options');
        else if (level && level.length > 0) problems.add(key, 'Choose a value at each level');
        else result[field.key] = [...value];
        break;
      }
      case 'checkbox': {
        if (typeof value !== 'boolean') problems.add(key, 'Must be true or false');
        else result[field.key] = value;
        break;
      }
      default: {
        // An unknown type is kept as long as it is plain data.
        if (
          typeof value === 'string' ||
          typeof value === 'boolean' ||
          (typeof value === 'number' && Number.isFinite(value)) ||
          isStringArray(value)
        ) {
          result[field.key] = Array.isArray(value) ? [...value] : value;
        } else {
          problems.add(key, 'Must be text, a number, true/false or a list of text');
        }
      }
    }
  }
  return result;
}
