import type { FieldOption } from '../adapter/types.js';

/**
 * The options chosen along `path` (one per level), or null when a value of
 * the path is not among its level's options.
 */
export function cascadeOptions(options: readonly FieldOption[], path: readonly string[]): FieldOption[] | null {
  const chosen: FieldOption[] = [];
  let level: readonly FieldOption[] = options;
  for (const value of path) {
    const option = level.find((candidate) => candidate.value === value);
    if (!option) return null;
    chosen.push(option);
    level = option.children ?? [];
  }
  return chosen;
}

/**
 * The options one level below `path` (the top level for an empty path); an
 * empty list when the path ends on a leaf; null when the path is not valid.
 */
export function cascadeChildren(options: readonly FieldOption[], path: readonly string[]): readonly FieldOption[] | null {
  if (path.length === 0) return options;
  const chosen = cascadeOptions(options, path);
  if (!chosen) return null;
  return chosen[chosen.length - 1]?.children ?? [];
}

/**
 * The full path (values from the top) to the first option whose value is
 * `value`, searching depth-first; null when no option has it. Smart fill
 * uses it to turn a leaf ("pudong") into a cascade value.
 */
export function cascadePathOf(options: readonly FieldOption[], value: string, maxDepth = 10): string[] | null {
  const visit = (level: readonly FieldOption[], prefix: readonly string[]): string[] | null => {
    if (prefix.length >= maxDepth) return null;
    for (const option of level) {
      const path = [...prefix, option.value];
      if (option.value === value) return path;
      const found = option.children ? visit(option.children, path) : null;
      if (found) return found;
    }
    return null;
  };
  return visit(options, []);
}

/** Whether `path` ends on a leaf of the cascade (a complete value). */
export function isCompleteCascade(options: readonly FieldOption[], path: readonly string[]): boolean {
  const next = cascadeChildren(options, path);
  return next !== null && next.length === 0 && path.length > 0;
}
