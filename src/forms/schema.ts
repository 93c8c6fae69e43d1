import type { CategoryNode, FieldOption, FieldType, FormField } from '../adapter/types.js';

/** The field types `<schema-form>` renders as inputs; any other type is shown read-only. */
export const FIELD_TYPES: readonly FieldType[] = [
  'text',
  'textarea',
  'number',
  'date',
  'datetime',
  'select',
  'multiselect',
  'cascade',
  'checkbox',
];

/** How many levels a cascade (or a category tree) may have before the schema is refused. */
export const MAX_CASCADE_DEPTH = 6;

export function isKnownFieldType(type: string): type is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(type);
}

/** What is wrong with an admin-configured form. */
export type SchemaProblemCode =
  /** A field without a key, or a key used twice. */
  | 'missing-key'
  | 'duplicate-key'
  /** A select, multiselect or cascade without options. */
  | 'no-options'
  /** Two options of one list share a value. */
  | 'duplicate-option'
  /** A cascade option that contains itself (same object, or the same value again on one path). */
  | 'cascade-cycle'
  /** A cascade deeper than {@link MAX_CASCADE_DEPTH}. */
  | 'cascade-too-deep'
  /** `pattern` is not a valid JavaScript regular expression. */
  | 'invalid-pattern'
  /** `min` > `max` or `minLength` > `maxLength`. */
  | 'invalid-range'
  /** A type `<schema-form>` does not know: rendered read-only (a warning, not an error). */
  | 'unknown-type';

/**
 * One problem of a form schema. `error`s make the field unusable (it is shown
 * read-only with the problem); a `warning` only says the field is read-only.
 * `message` is English for developers and logs; elements translate `code`.
 */
export interface SchemaProblem {
  readonly severity: 'error' | 'warning';
  readonly code: SchemaProblemCode;
  /** The field's key (`''` when the field has none). */
  readonly key: string;
  readonly message: string;
  readonly params: { readonly [name: string]: string | number };
}

function problem(
  severity: SchemaProblem['severity'],
  code: SchemaProblemCode,
  key: string,
  message: string,
  params: SchemaProblem['params'] = {},
): SchemaProblem {
  return { severity, code, key, message, params };
}

/** Whether a regular expression source compiles (as the validation uses it: whole match, unicode). */
export function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`, 'u');
    return true;
  } catch {
    return false;
  }
}

function checkOptionTree(field: FormField, options: readonly FieldOption[], out: SchemaProblem[]): void {
  const { key } = field;
  let reported = false;
  const walk = (level: readonly FieldOption[], depth: number, values: readonly string[], objects: ReadonlySet<object>): void => {
    if (reported) return;
    const seen = new Set<string>();
    for (const option of level) {
      if (reported) return;
      if (objects.has(option) || values.includes(option.value)) {
        out.push(
          problem('error', 'cascade-cycle', key, `Field "${key}": the cascade option "${option.value}" contains itself.`, {
            value: option.value,
          }),
        );
        reported = true;
        return;
      }
      if (seen.has(option.value)) {
        out.push(
          problem('error', 'duplicate-option', key, `Field "${key}": the option value "${option.value}" is used twice.`, {
            value: option.value,
          }),
        );
        reported = true;
        return;
      }
      seen.add(option.value);
      const children = option.children;
      if (field.type !== 'cascade' || !children || children.length === 0) continue;
      if (depth + 1 > MAX_CASCADE_DEPTH) {
        out.push(
          problem('error', 'cascade-too-deep', key, `Field "${key}": the cascade is deeper than ${MAX_CASCADE_DEPTH} levels.`, {
            max: MAX_CASCADE_DEPTH,
          }),
        );
        reported = true;
        return;
      }
      walk(children, depth + 1, [...values, option.value], new Set([...objects, option]));
    }
  };
  walk(options, 1, [], new Set());
}

/**
 * Checks an admin-configured form before it is rendered: every problem that
 * would make a field unusable is an `error` (the field is shown read-only with
 * the reason), an unknown field type is a `warning` (read-only text).
 */
export function checkSchema(fields: readonly FormField[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const keys = new Set<string>();
  for (const field of fields) {
    const key = typeof field.key === 'string' ? field.key : '';
    if (!key) {
      out.push(problem('error', 'missing-key', '', 'A field has no key.'));
      continue;
    }
    if (keys.has(key)) {
      out.push(problem('error', 'duplicate-key', key, `The field key "${key}" is used twice.`));
      continue;
    }
    keys.add(key);
    if (!isKnownFieldType(field.type)) {
      out.push(
        problem('warning', 'unknown-type', key, `Field "${key}" has the unknown type "${field.type}"; it is shown read-only.`, {
          type: field.type,
        }),
      );
      continue;
    }
    if (field.type === 'select' || field.type === 'multiselect' || field.type === 'cascade') {
      if (!field.options || field.options.length === 0) {
        out.push(problem('error', 'no-options', key, `Field "${key}" (${field.type}) has no options.`, { type: field.type }));
      } else {
        checkOptionTree(field, field.options, out);
      }
    }
    if (field.pattern !== undefined && !isValidPattern(field.pattern)) {
      out.push(
        problem('error', 'invalid-pattern', key, `Field "${key}": the pattern ${field.pattern} is not a valid regular expression.`, {
          pattern: field.pattern,
        }),
      );
    }
    if (
      (field.min !== undefined && field.max !== undefined && field.min > field.max) ||
      (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength)
    ) {
      out.push(problem('error', 'invalid-range', key, `Field "${key}": its minimum is above its maximum.`));
    }
  }
  return out;
}

/** Problems of a category tree: a node inside itself, a repeated id, or too many levels. */
export function checkCategories(nodes: readonly CategoryNode[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const ids = new Set<string>();
  const walk = (level: readonly CategoryNode[], depth: number, path: ReadonlySet<CategoryNode>): boolean => {
    for (const node of level) {
      if (path.has(node)) {
        out.push(problem('error', 'cascade-cycle', node.id, `The category "${node.id}" contains itself.`, { value: node.id }));
        return false;
      }
      if (ids.has(node.id)) {
        out.push(problem('error', 'duplicate-key', node.id, `The category id "${node.id}" is used twice.`));
        return false;
      }
      ids.add(node.id);
      if (node.children && node.children.length > 0) {
        if (depth + 1 > MAX_CASCADE_DEPTH) {
          out.push(
            problem('error', 'cascade-too-deep', node.id, `The category tree is deeper than ${MAX_CASCADE_DEPTH} levels.`, {
              max: MAX_CASCADE_DEPTH,
            }),
          );
          return false;
        }
        if (!walk(node.children, depth + 1, new Set([...path, node]))) return false;
      }
    }
    return true;
  };
  walk(nodes, 1, new Set());
  return out;
}
