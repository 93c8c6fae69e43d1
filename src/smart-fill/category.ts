/**
 * Category by keyword scoring against the category tree (node names in every
 * language plus `keywords`; deeper, more specific matches win), and template
 * choice (template names plus keywords, and consistency with the category).
 * Internal to `src/smart-fill/`.
 */
import type { CategoryNode, LocalizedText, SummaryTemplate } from '../adapter/types.js';
import { round } from './candidates.js';
import { conceptTerms } from './lexicon.js';
import { allTexts, escapeRegExp, type Utterance } from './text.js';

/** How many times (weighted by speaker) a term was said, where first, and in which segments. */
export interface Hit {
  weight: number;
  first: number;
  readonly utterances: Utterance[];
}

const SPEAKER_WEIGHT = { customer: 1, agent: 0.8, bot: 0.5 } as const;
const CONDITIONAL = /如果|要是|假如|万一|\bif\b|\bunless\b/;
const NON_ASCII = /[^\x00-\x7f]/;
/** CONDITIONAL's words without its word boundaries. */
const ANY_CONDITIONAL = /如果|要是|假如|万一|if|unless/;
const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '.', ';', '；', '\n']);
/** The tree is walked at most this deep (the adapter boundary caps it too). */
const MAX_DEPTH = 16;

/** Counts, once per segment, every term of `terms` said in the conversation. */
export function countTerms(utterances: readonly Utterance[], terms: Iterable<string>): Map<string, Hit> {
  const ascii: string[] = [];
  const other: string[] = [];
  for (const term of new Set(terms)) {
    if (term.length === 0) continue;
    if (/^[\x20-\x7e]+$/.test(term)) ascii.push(term);
    else other.push(term);
  }
  const hits = new Map<string, Hit>();
  if (ascii.length + other.length === 0) return hits;
  const byLength = (a: string, b: string): number => b.length - a.length;
  // English terms and the others in two searches: a segment is searched only with those its script can match.
  const asciiRe = ascii.length
    ? // Whole words, with a plural or past-tense ending: `late` is not `later`.
      new RegExp(`(?<![a-z0-9])(${ascii.sort(byLength).map(escapeRegExp).join('|')})(?:s|es|ed|d|ing)?(?![a-z0-9])`, 'g')
    : null;
  const otherRe = other.length ? new RegExp(`(${other.sort(byLength).map(escapeRegExp).join('|')})`, 'g') : null;
  /** The segment each term was last counted in (a term counts once per segment). */
  const countedIn = new Map<string, number>();
  const weightOf = (u: Utterance, at: number, mayBeConditional: boolean): number => {
    const base = SPEAKER_WEIGHT[u.speaker] ?? 0.5;
    if (!mayBeConditional) return base;
    // A term in a hypothetical clause (如果…就要退货了, "if it doesn't come I'll return it") counts less.
    let start = at;
    while (start > 0 && at - start < 80 && !SENTENCE_END.has(u.lower[start - 1] ?? '')) start -= 1;
    return CONDITIONAL.test(u.lower.slice(start, at)) ? base * 0.3 : base;
  };
  const search = (re: RegExp, u: Utterance): void => {
    // No conditional word anywhere in the segment (without word boundaries: a superset): none before a term.
    let mayBeConditional: boolean | undefined;
    re.lastIndex = 0;
    for (let m = re.exec(u.lower); m; m = re.exec(u.lower)) {
      const term = m[1];
      if (term === undefined || countedIn.get(term) === u.index) continue;
      countedIn.set(term, u.index);
      let hit = hits.get(term);
      if (!hit) {
        hit = { weight: 0, first: u.index, utterances: [] };
        hits.set(term, hit);
      }
      mayBeConditional ??= ANY_CONDITIONAL.test(u.lower);
      hit.weight += weightOf(u, m.index, mayBeConditional);
      if (hit.utterances.length < 8) hit.utterances.push(u);
    }
  };
  for (const u of utterances) {
    if (asciiRe !== null && u.latin) search(asciiRe, u);
    if (otherRe !== null && (u.cjk || NON_ASCII.test(u.lower))) search(otherRe, u);
  }
  return hits;
}

export interface Term {
  readonly term: string;
  /** Names count more than keywords. */
  readonly factor: number;
}

export interface FlatNode {
  readonly id: string;
  readonly parent: FlatNode | null;
  readonly depth: number;
  readonly leaf: boolean;
  readonly terms: readonly Term[];
}

function termsOf(name: LocalizedText | undefined, keywords: unknown): Term[] {
  const out: Term[] = [];
  const seen = new Set<string>();
  for (const text of allTexts(name)) {
    const term = text.trim().toLowerCase();
    if (term && !seen.has(term)) {
      seen.add(term);
      out.push({ term, factor: 1.5 });
    }
  }
  if (Array.isArray(keywords)) {
    for (const keyword of keywords) {
      if (typeof keyword !== 'string') continue;
      const term = keyword.trim().toLowerCase();
      if (term && !seen.has(term)) {
        seen.add(term);
        out.push({ term, factor: 1 });
      }
    }
  }
  return out;
}

/**
 * What tells a node from its siblings: its names without the words (or, in
 * Chinese, the ending) it shares with a sibling — "Staff" of "Staff
 * complaint" beside "Service complaint", 人员 of 人员投诉 beside 服务投诉.
 */
function distinctNames(node: CategoryNode, siblings: readonly CategoryNode[]): string[] {
  const out: string[] = [];
  const others = siblings.filter((s) => s !== node).flatMap((s) => allTexts(s?.name).map((t) => t.toLowerCase()));
  for (const text of allTexts(node.name)) {
    const name = text.trim().toLowerCase();
    if (/^[\x20-\x7e]+$/.test(name)) {
      const shared = new Set(others.flatMap((o) => o.split(/[^a-z0-9]+/)));
      const rest = name.split(/[^a-z0-9]+/).filter((w) => w && !shared.has(w) && !/^(?:and|or|of|the|a|an|my)$/.test(w));
      out.push(rest.length > 0 ? rest.join(' ') : name);
    } else {
      let cut = 0;
      for (const o of others) {
        let k = 0;
        while (k < name.length - 1 && k < o.length && name[name.length - 1 - k] === o[o.length - 1 - k]) k += 1;
        if (k >= 2) cut = Math.max(cut, k);
      }
      out.push(cut > 0 ? name.slice(0, name.length - cut) : name);
    }
  }
  return out;
}

/** The lexicon's words for a node the admin gave no keywords: what is said about what its name names. */
function lexiconTerms(node: CategoryNode, siblings: readonly CategoryNode[], taken: ReadonlySet<string>): Term[] {
  if (Array.isArray(node.keywords) && node.keywords.length > 0) return [];
  const out: Term[] = [];
  const seen = new Set(taken);
  for (const name of distinctNames(node, siblings)) {
    for (const term of conceptTerms(name)) {
      if (seen.has(term)) continue;
      seen.add(term);
      out.push({ term, factor: 0.6 });
    }
  }
  return out;
}

function flatten(nodes: readonly CategoryNode[]): FlatNode[] {
  const out: FlatNode[] = [];
  const walk = (list: readonly CategoryNode[] | undefined, parent: FlatNode | null, depth: number): void => {
    if (!Array.isArray(list) || depth > MAX_DEPTH) return;
    for (const node of list) {
      if (!node || typeof node.id !== 'string') continue;
      const children = Array.isArray(node.children) ? node.children : [];
      const own = termsOf(node.name, node.keywords);
      const terms = [...own, ...lexiconTerms(node, list, new Set(own.map((t) => t.term)))];
      const flat: FlatNode = { id: node.id, parent, depth, leaf: children.length === 0, terms };
      out.push(flat);
      walk(children, flat, depth + 1);
    }
  };
  walk(nodes, null, 0);
  return out;
}

/** The terms of every category and template, to count in one pass. */
export function termsToCount(
  categories: readonly CategoryNode[],
  templates: readonly SummaryTemplate[],
): { nodes: FlatNode[]; templateTerms: Map<SummaryTemplate, Term[]>; all: string[] } {
  const nodes = flatten(categories);
  const templateTerms = new Map<SummaryTemplate, Term[]>();
  for (const template of templates) {
    if (template && typeof template.id === 'string') {
      templateTerms.set(template, termsOf(template.name, template.keywords));
    }
  }
  const all: string[] = [];
  for (const node of nodes) for (const t of node.terms) all.push(t.term);
  for (const terms of templateTerms.values()) for (const t of terms) all.push(t.term);
  return { nodes, templateTerms, all };
}

export interface CategoryChoice {
  readonly id: string;
  readonly confidence: number;
  readonly segmentIds: readonly string[];
  /** The ids of the chosen node and its ancestors. */
  readonly path: readonly string[];
  readonly score: number;
}

function scoreTerms(terms: readonly Term[], hits: Map<string, Hit>): { score: number; first: number; utterances: Utterance[] } {
  let score = 0;
  let first = Infinity;
  const utterances: Utterance[] = [];
  for (const t of terms) {
    const hit = hits.get(t.term);
    if (!hit) continue;
    score += hit.weight * t.factor;
    first = Math.min(first, hit.first);
    utterances.push(...hit.utterances);
  }
  return { score, first, utterances };
}

function idsOf(utterances: readonly Utterance[]): string[] {
  const unique = [...new Set(utterances)].sort((a, b) => a.index - b.index);
  return unique.slice(0, 8).map((u) => u.id);
}

/**
 * The best-matching category: the node whose own terms were said and whose
 * path (itself plus its ancestors) scores highest; ties go to the deeper
 * node, then to the one mentioned first. A leaf whenever a leaf's terms were said.
 */
export function chooseCategory(nodes: readonly FlatNode[], hits: Map<string, Hit>): CategoryChoice | null {
  const own = new Map<FlatNode, ReturnType<typeof scoreTerms>>();
  let total = 0;
  for (const node of nodes) {
    const s = scoreTerms(node.terms, hits);
    own.set(node, s);
    total += s.score;
  }
  let best: { node: FlatNode; cum: number; first: number } | null = null;
  for (const node of nodes) {
    const s = own.get(node);
    if (!s || s.score <= 0) continue;
    let cum = 0;
    for (let n: FlatNode | null = node; n; n = n.parent) cum += own.get(n)?.score ?? 0;
    if (
      !best ||
      cum > best.cum + 1e-9 ||
      (Math.abs(cum - best.cum) <= 1e-9 && (node.depth > best.node.depth || (node.depth === best.node.depth && s.first < best.first)))
    ) {
      best = { node, cum, first: s.first };
    }
  }
  if (!best || total <= 0) return null;
  const path: string[] = [];
  const utterances: Utterance[] = [];
  for (let n: FlatNode | null = best.node; n; n = n.parent) {
    path.push(n.id);
    utterances.push(...(own.get(n)?.utterances ?? []));
  }
  const share = best.cum / total;
  return {
    id: best.node.id,
    confidence: round(Math.min(0.7, 0.3 + 0.3 * share + (best.node.leaf ? 0.1 : 0))),
    segmentIds: idsOf(utterances),
    path,
    score: best.cum,
  };
}

export interface TemplateChoice {
  readonly id: string;
  readonly confidence: number;
  readonly segmentIds: readonly string[];
}

/**
 * The best-matching template: its own names and keywords said, plus a bonus
 * when its category is the chosen category (or one of its ancestors).
 */
export function chooseTemplate(
  templateTerms: Map<SummaryTemplate, Term[]>,
  hits: Map<string, Hit>,
  category: CategoryChoice | null,
): TemplateChoice | null {
  let best: { template: SummaryTemplate; score: number; own: number; utterances: Utterance[]; consistent: boolean } | null = null;
  let totalOwn = 0;
  for (const [template, terms] of templateTerms) {
    const s = scoreTerms(terms, hits);
    totalOwn += s.score;
    let bonus = 0;
    let consistent = false;
    if (category && template.categoryId) {
      if (template.categoryId === category.id) {
        bonus = 1 + category.score * 0.5;
        consistent = true;
      } else if (category.path.includes(template.categoryId)) {
        bonus = 0.5;
        consistent = true;
      }
    }
    const score = s.score + bonus;
    if (score <= 0) continue;
    if (!best || score > best.score + 1e-9) {
      best = { template, score, own: s.score, utterances: consistent ? [...s.utterances] : s.utterances, consistent };
    }
  }
  if (!best) return null;
  const utterances = best.utterances.length > 0 ? best.utterances : [];
  const share = totalOwn > 0 ? best.own / totalOwn : 0;
  return {
    id: best.template.id,
    confidence: round(Math.min(0.7, 0.3 + 0.25 * share + (best.consistent ? 0.15 : 0))),
    segmentIds: utterances.length > 0 ? idsOf(utterances) : (category?.segmentIds ?? []),
  };
}
