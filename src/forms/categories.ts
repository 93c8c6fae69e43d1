import type { CategoryNode } from '../adapter/types.js';
import { localizeText, type Locale } from '../i18n/locale.js';

/** A category with the path (from the top) that leads to it. */
export interface CategoryEntry {
  readonly node: CategoryNode;
  /** From the top level down to `node` itself. */
  readonly path: readonly CategoryNode[];
  readonly leaf: boolean;
}

/** Every category, depth first, with its path (cycles and runaway depth are cut). */
export function flattenCategories(nodes: readonly CategoryNode[], maxDepth = 10): CategoryEntry[] {
  const out: CategoryEntry[] = [];
  const visit = (level: readonly CategoryNode[], path: readonly CategoryNode[]): void => {
    if (path.length >= maxDepth) return;
    for (const node of level) {
      if (path.includes(node)) continue;
      const here = [...path, node];
      const leaf = !node.children || node.children.length === 0;
      out.push({ node, path: here, leaf });
      if (!leaf) visit(node.children ?? [], here);
    }
  };
  visit(nodes, []);
  return out;
}

/** The path from the top to the category `id`, or null. */
export function categoryPath(nodes: readonly CategoryNode[], id: string | null | undefined): readonly CategoryNode[] | null {
  if (!id) return null;
  return flattenCategories(nodes).find((entry) => entry.node.id === id)?.path ?? null;
}

/** The category's names joined from the top: "After-sales › Returns › Refund". */
export function categoryPathLabel(path: readonly CategoryNode[], locale: Locale, separator = ' › '): string {
  return path.map((node) => localizeText(node.name, locale)).join(separator);
}

function words(node: CategoryNode): string[] {
  const names = typeof node.name === 'string' ? [node.name] : Object.values(node.name);
  return [...names, ...(node.keywords ?? [])].map((word) => word.toLocaleLowerCase());
}

/**
 * Leaf categories matching `query` anywhere in the tree: every word of the
 * query must appear in the names (any language) or keywords of the leaf or of
 * one of its ancestors. Best first: a leaf matched by its own words before one
 * matched through its ancestors.
 */
export function searchCategories(nodes: readonly CategoryNode[], query: string): CategoryEntry[] {
  const terms = query.toLocaleLowerCase().split(/\s+/u).filter(Boolean);
  if (terms.length === 0) return [];
  const scored: { entry: CategoryEntry; score: number; index: number }[] = [];
  flattenCategories(nodes).forEach((entry, index) => {
    if (!entry.leaf) return;
    const own = words(entry.node);
    const all = entry.path.flatMap(words);
    if (!terms.every((term) => all.some((word) => word.includes(term)))) return;
    const score = terms.filter((term) => own.some((word) => word.includes(term))).length;
    scored.push({ entry, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((item) => item.entry);
}
