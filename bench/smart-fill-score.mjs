#!/usr/bin/env node
// Smart-fill accuracy: the local engine over the labelled corpus in bench/smart-fill-corpus/,
// asked the way <service-summary> asks it (summaryFields of a schema with the corpus's tree,
// statuses and custom fields), with the call's context (time zone, default country, caller number).
//
// Field micro-F1 per language: each field of each conversation is compared with the gold value
// after normalisation (exact match). A filled value that is wrong counts as a false positive and,
// when the gold has a value, also as a false negative; a value where the gold says "no value" is a
// false positive. The remark is free text: it is scored apart, as recall of the gold key terms.
//
//   node bench/smart-fill-score.mjs [--split dev|test|unseen|fresh|holdout|all] [--errors dev|test|unseen|fresh|holdout|all|none] [--json]
//
// By default every split is scored and only the DEV errors are listed: the TEST set is held out; the
// UNSEEN and FRESH sets (a third and a fourth writer's, who read only the corpus README and tree.json)
// were each scored once as written and then read for rule classes (see the corpus README); the
// HOLDOUT set (a fifth writer's) is held out like TEST. Their errors are printed only on request
// (--errors test|unseen|fresh|holdout): reading HOLDOUT's errors ends its use as a held-out set.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpusDir = join(root, 'bench', 'smart-fill-corpus');

/** The fields scored, in print order: gold key → engine field key. */
export const SCORED_FIELDS = [
  'phone',
  'email',
  'orderNumber',
  'trackingNumber',
  'amount',
  'currency',
  'followUpDate',
  'followUpAt',
  'status',
  'category',
];

/** The custom summary fields the corpus's form has (as an admin would configure them). */
const FORM_FIELDS = [
  { key: 'phone', label: { en: 'Callback number', 'zh-CN': '回电号码' }, type: 'text', extract: 'phone' },
  { key: 'email', label: { en: 'Email', 'zh-CN': '邮箱' }, type: 'text', extract: 'email' },
  { key: 'orderNumber', label: { en: 'Order number', 'zh-CN': '订单号' }, type: 'text', extract: 'orderNumber' },
  { key: 'trackingNumber', label: { en: 'Tracking number', 'zh-CN': '运单号' }, type: 'text', extract: 'trackingNumber' },
  { key: 'amount', label: { en: 'Amount', 'zh-CN': '金额' }, type: 'number', extract: 'amount' },
  { key: 'currency', label: { en: 'Currency', 'zh-CN': '币种' }, type: 'text', extract: 'currency' },
  { key: 'followUpDate', label: { en: 'Follow-up date', 'zh-CN': '跟进日期' }, type: 'date', extract: 'date' },
  { key: 'followUpAt', label: { en: 'Follow-up time', 'zh-CN': '跟进时间' }, type: 'datetime', extract: 'datetime' },
];

/** Bundles src/smart-fill/index.ts for node (as bench/smart-fill.mjs does). */
export async function loadEngine() {
  const bundled = await build({
    stdin: { contents: "export * from './src/smart-fill/index.ts';", resolveDir: root, sourcefile: 'score-entry.ts', loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const dir = mkdtempSync(join(os.tmpdir(), 'callpop-smart-fill-score-'));
  const file = join(dir, 'engine.mjs');
  writeFileSync(file, bundled.outputFiles[0].text);
  try {
    const engine = await import(pathToFileURL(file).href);
    // As the workbench does with the engine's chunk: the phone metadata of every region.
    await engine.prepareSmartFill?.();
    return engine;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The splits on disk, in print order: DEV, TEST (held out), UNSEEN (a third writer's), FRESH (a fourth writer's, held out) when present. */
export const SPLITS = ['dev', 'test', 'unseen', 'fresh', 'holdout'].filter((s) => existsSync(join(corpusDir, `${s}-zh.json`)));

/** The splits an `--errors` (or `--split`) value names: one split, 'all' (every split on disk) or 'none'. */
export function splitsNamed(which) {
  return which === 'all' ? SPLITS : which === 'none' ? [] : [which];
}

/** One split's conversations, or 'all' = DEV + TEST (the 64 calls the leave-one-out history score uses). */
export function loadCorpus(split) {
  const read = (name) => JSON.parse(readFileSync(join(corpusDir, name), 'utf8'));
  const tree = read('tree.json');
  const conversations = [];
  for (const s of split === 'all' ? ['dev', 'test'] : [split]) {
    for (const lang of ['zh', 'en']) {
      for (const c of read(`${s}-${lang}.json`)) conversations.push({ ...c, split: s });
    }
  }
  return { tree, conversations };
}

/** The engine's input for one conversation, as <service-summary> builds it. */
export function inputOf(engine, tree, c) {
  const schema = { statuses: tree.statuses, categories: tree.categories, templates: [], fields: FORM_FIELDS };
  const start = Date.parse(c.callTime);
  const segments = c.turns.map(([speaker, text], i) => ({
    id: `${c.id}-s${i + 1}`,
    callId: c.id,
    speaker,
    text,
    final: true,
    seq: i + 1,
    at: new Date(start + i * 8000).toISOString(),
  }));
  return {
    segments,
    fields: engine.summaryFields(schema),
    categories: schema.categories,
    templates: schema.templates,
    statuses: schema.statuses,
    callTime: c.callTime,
    timeZone: c.timeZone,
    ...(c.defaultCountry ? { defaultCountry: c.defaultCountry } : {}),
    ...(c.callerNumber ? { callerNumber: c.callerNumber } : {}),
  };
}

/** `YYYY-MM-DD HH:mm` of an instant in a time zone. */
function localMinute(iso, timeZone) {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return String(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(t))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** A value normalised for comparison (null = no value). */
function normalise(field, value, c) {
  if (value === null || value === undefined || value === '') return null;
  switch (field) {
    case 'phone':
      return `+${String(value).replace(/\D/g, '')}`;
    case 'orderNumber':
    case 'trackingNumber':
      return String(value).toUpperCase().replace(/[\s-]/g, '');
    case 'amount':
      return Number.isFinite(Number(value)) ? Number(value).toFixed(2) : String(value);
    case 'currency':
      return String(value).toUpperCase().trim();
    case 'email':
      return String(value).toLowerCase().trim();
    case 'followUpAt':
      return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(String(value)) ? String(value) : localMinute(String(value), c.timeZone);
    case 'category':
      return Array.isArray(value) ? String(value.at(-1)) : String(value);
    default:
      return Array.isArray(value) ? value.join(',') : String(value);
  }
}

const engineKey = (field) => (field === 'category' ? 'categoryId' : field);

export function score(engine, tree, conversations) {
  const byLang = new Map();
  const errors = [];
  const timings = [];
  for (const c of conversations) {
    const lang = c.lang;
    if (!byLang.has(lang)) {
      byLang.set(lang, {
        conversations: 0,
        fields: Object.fromEntries(SCORED_FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }])),
        remark: { terms: 0, found: 0, filled: 0 },
      });
    }
    const stats = byLang.get(lang);
    stats.conversations += 1;
    const t0 = performance.now();
    let output;
    try {
      output = engine.smartFill(inputOf(engine, tree, c));
    } catch (error) {
      output = { values: [] };
      errors.push({ id: c.id, split: c.split, field: '(engine)', expected: '', got: `threw ${error?.message ?? error}` });
    }
    timings.push(performance.now() - t0);
    const got = new Map(output.values.map((v) => [v.key, v]));
    for (const field of SCORED_FIELDS) {
      if (!(field in c.gold)) throw new Error(`${c.id}: gold has no ${field} (use null for "no value")`);
      const expected = normalise(field, c.gold[field], c);
      const value = got.get(engineKey(field));
      const seen = normalise(field, value?.value, c);
      const cell = stats.fields[field];
      if (seen !== null && seen === expected) cell.tp += 1;
      else {
        if (seen !== null) cell.fp += 1;
        if (expected !== null) cell.fn += 1;
        if (seen !== null || expected !== null) {
          errors.push({ id: c.id, split: c.split, field, expected, got: seen, segments: value?.segmentIds ?? [] });
        }
      }
    }
    const remark = String(got.get('remark')?.value ?? '').toLowerCase();
    if (remark) stats.remark.filled += 1;
    for (const term of c.gold.remarkTerms ?? []) {
      stats.remark.terms += 1;
      if (remark.includes(String(term).toLowerCase())) stats.remark.found += 1;
    }
  }
  const languages = {};
  for (const [lang, stats] of byLang) {
    const total = { tp: 0, fp: 0, fn: 0 };
    const fields = {};
    for (const [field, cell] of Object.entries(stats.fields)) {
      total.tp += cell.tp;
      total.fp += cell.fp;
      total.fn += cell.fn;
      fields[field] = { ...cell, ...prf(cell) };
    }
    languages[lang] = {
      conversations: stats.conversations,
      micro: { ...total, ...prf(total) },
      fields,
      remarkTermRecall: stats.remark.terms ? round(stats.remark.found / stats.remark.terms) : 0,
      remarkFilled: stats.remark.filled,
    };
  }
  timings.sort((a, b) => a - b);
  const p95 = timings.length ? timings[Math.min(timings.length - 1, Math.ceil(0.95 * timings.length) - 1)] : 0;
  return { languages, errors, p95Ms: round(p95) };
}

function prf({ tp, fp, fn }) {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: round(precision), recall: round(recall), f1: round(f1) };
}

function round(x) {
  return Math.round(x * 1000) / 1000;
}

/** Prints one split's report. */
export function printReport(split, result, { errors = false, say = console.log } = {}) {
  const langs = Object.keys(result.languages).sort((a, b) => (a === 'zh-CN' ? -1 : b === 'zh-CN' ? 1 : a.localeCompare(b)));
  const note = {
    test: ' (held out)',
    unseen: ' (a third writer; scored once unread on 2026-12-07, read since)',
    fresh: ' (a fourth writer; scored once unread on 2026-12-07, read since)',
    holdout: ' (a fifth writer; held out: never read to change a rule)',
  }[split] ?? '';
  say(`  ${split.toUpperCase()} set${note}: p95 ${result.p95Ms} ms per conversation`);
  for (const lang of langs) {
    const l = result.languages[lang];
    say(
      `    ${lang.padEnd(5)} ${String(l.conversations).padStart(2)} calls  field micro-F1 ${l.micro.f1.toFixed(3)}  (P ${l.micro.precision.toFixed(3)}, R ${l.micro.recall.toFixed(3)}; tp ${l.micro.tp} fp ${l.micro.fp} fn ${l.micro.fn})  remark term recall ${l.remarkTermRecall.toFixed(2)}`,
    );
  }
  const header = `      ${'field'.padEnd(15)}${langs.map((l) => `| ${l.padEnd(6)} P     R     F1    `).join('')}`;
  say(header);
  for (const field of SCORED_FIELDS) {
    const cells = langs
      .map((lang) => {
        const f = result.languages[lang].fields[field];
        return `|        ${f.precision.toFixed(2)}  ${f.recall.toFixed(2)}  ${f.f1.toFixed(2)}  `;
      })
      .join('');
    say(`      ${field.padEnd(15)}${cells}`);
  }
  if (errors) {
    say(`    errors (${result.errors.length}):`);
    for (const e of result.errors) {
      say(`      ${e.id.padEnd(12)} ${e.field.padEnd(15)} expected ${JSON.stringify(e.expected)}, got ${JSON.stringify(e.got)}${e.segments?.length ? ` [${e.segments.map((s) => s.replace(`${e.id}-`, '')).join(',')}]` : ''}`);
    }
  }
}

/**
 * The corpus tree with every name replaced by a code ("C01", "C01-2"), as some call centers name
 * their categories: the names say nothing, so only the history can file a call.
 */
export function opaqueTree(tree) {
  const rename = (nodes, prefix) =>
    nodes.map((node, i) => {
      const code = prefix ? `${prefix}-${i + 1}` : `C${String(i + 1).padStart(2, '0')}`;
      return { ...node, name: { en: code, 'zh-CN': code }, ...(node.children ? { children: rename(node.children, code) } : {}) };
    });
  return { ...tree, categories: rename(tree.categories, '') };
}

/** The leaf smart fill chose for the category field, or null. */
function categoryOf(output) {
  const v = output.values.find((x) => x.key === 'categoryId')?.value;
  return v === undefined || v === null ? null : Array.isArray(v) ? String(v.at(-1)) : String(v);
}

/**
 * Category cells by key: `add` one call's gold and chosen leaf (null = none); then a key's micro-F1
 * (an abstention is a miss, not a wrong leaf), accuracy (the share filed right) and calls.
 */
function categoryCells() {
  const cells = {};
  return {
    add(key, gold, got) {
      const cell = (cells[key] ??= { tp: 0, fp: 0, fn: 0, n: 0 });
      cell.n += 1;
      if (got !== null && got === gold) cell.tp += 1;
      else {
        if (got !== null) cell.fp += 1;
        if (gold !== null) cell.fn += 1;
      }
    },
    f1(key) {
      const cell = cells[key];
      return round(cell && cell.tp ? (2 * cell.tp) / (2 * cell.tp + cell.fp + cell.fn) : 0);
    },
    accuracy(key) {
      const cell = cells[key];
      return round(cell && cell.n ? cell.tp / cell.n : 0);
    },
    calls: (key) => cells[key]?.n ?? 0,
  };
}

/**
 * Category learned from history, held out: each labelled call (DEV and TEST) is filled with a
 * model trained on every OTHER call's transcript and gold category (leave-one-out), and without
 * one; category micro-F1 per language, over all calls and over the TEST calls alone.
 */
export function historyScore(engine, { opaque = false } = {}) {
  if (typeof engine.trainCategoryModel !== 'function') return null;
  const corpus = loadCorpus('all');
  const tree = opaque ? opaqueTree(corpus.tree) : corpus.tree;
  const { conversations } = corpus;
  const inputs = conversations.map((c) => inputOf(engine, tree, c));
  const examples = conversations.map((c, i) => ({ categoryId: c.gold.category, segments: inputs[i].segments }));
  const cells = categoryCells();
  conversations.forEach((c, i) => {
    const model = engine.trainCategoryModel(examples.filter((_, k) => k !== i));
    const gold = c.gold.category ?? null;
    const without = categoryOf(engine.smartFill(inputs[i]));
    const withModel = categoryOf(engine.smartFill({ ...inputs[i], categoryModel: model }));
    for (const scope of ['all', c.split]) {
      cells.add(`${scope} ${c.lang} without`, gold, without);
      cells.add(`${scope} ${c.lang} with`, gold, withModel);
    }
  });
  const out = {};
  for (const scope of ['all', 'test']) {
    for (const lang of ['zh-CN', 'en']) {
      out[`${scope} ${lang}`] = { without: cells.f1(`${scope} ${lang} without`), with: cells.f1(`${scope} ${lang} with`) };
    }
  }
  return out;
}

/** The call center's saved summaries (bench/smart-fill-corpus/history-*.json): transcript and the category the agent chose. */
export function loadHistory() {
  const read = (name) => JSON.parse(readFileSync(join(corpusDir, name), 'utf8'));
  return [...read('history-zh.json'), ...read('history-en.json')];
}

/** The engine's input for one saved summary (it has no call time of its own). */
function historyInput(engine, tree, saved) {
  return inputOf(engine, tree, { ...saved, callTime: '2026-11-01T02:00:00Z', timeZone: 'UTC' });
}

/**
 * Category with the call center's history, the way a workbench has it: a model trained on the
 * history set (saved summaries written apart from DEV and TEST, never read while writing either),
 * then every DEV and TEST call filed with it and without it. Category accuracy (= micro-F1 when
 * every call has one gold leaf and the engine may abstain) per language, on TEST and on DEV,
 * with the corpus tree (names only) and with the same tree under coded names.
 */
export function historySetScore(engine, { opaque = false } = {}) {
  if (typeof engine.trainCategoryModel !== 'function') return null;
  const corpus = loadCorpus('all');
  const tree = opaque ? opaqueTree(corpus.tree) : corpus.tree;
  const history = loadHistory();
  const model = engine.trainCategoryModel(history.map((h) => ({ categoryId: h.gold.category, segments: historyInput(engine, tree, h).segments })));
  const cells = categoryCells();
  const more = SPLITS.filter((split) => split === 'unseen' || split === 'fresh' || split === 'holdout');
  const extra = more.flatMap((split) => loadCorpus(split).conversations);
  for (const c of [...corpus.conversations, ...extra]) {
    const input = inputOf(engine, tree, c);
    const gold = c.gold.category ?? null;
    cells.add(`${c.split} ${c.lang} without`, gold, categoryOf(engine.smartFill(input)));
    cells.add(`${c.split} ${c.lang} with`, gold, categoryOf(engine.smartFill({ ...input, categoryModel: model })));
  }
  const out = { historyCalls: history.length };
  for (const scope of ['test', 'dev', ...more]) {
    for (const lang of ['zh-CN', 'en']) {
      const key = `${scope} ${lang}`;
      out[key] = { calls: cells.calls(`${key} without`), without: cells.f1(`${key} without`), with: cells.f1(`${key} with`) };
    }
  }
  return out;
}

/**
 * 5-fold cross-validation over the history set itself (train on four fifths, file the fifth, with
 * the corpus tree's names and without the history): how the history model and its thresholds were
 * chosen, without reading DEV or TEST. Category accuracy per language.
 */
export function historyCrossValidation(engine, folds = 5) {
  if (typeof engine.trainCategoryModel !== 'function') return null;
  const { tree } = loadCorpus('dev');
  const history = loadHistory();
  const inputs = history.map((h) => historyInput(engine, tree, h));
  const cells = categoryCells();
  for (let f = 0; f < folds; f += 1) {
    const model = engine.trainCategoryModel(
      history.flatMap((h, i) => (i % folds === f ? [] : [{ categoryId: h.gold.category, segments: inputs[i].segments }])),
    );
    history.forEach((h, i) => {
      if (i % folds !== f) return;
      cells.add(`${h.lang} without`, h.gold.category, categoryOf(engine.smartFill(inputs[i])));
      cells.add(`${h.lang} with`, h.gold.category, categoryOf(engine.smartFill({ ...inputs[i], categoryModel: model })));
    });
  }
  return Object.fromEntries(
    ['zh-CN', 'en'].map((lang) => [lang, { calls: cells.calls(`${lang} without`), without: cells.accuracy(`${lang} without`), with: cells.accuracy(`${lang} with`) }]),
  );
}

function printHistorySet(result, say, title) {
  if (!result) return;
  say(`  category with the history set (a model trained on ${result.historyCalls} saved summaries, bench/smart-fill-corpus/history-*.json), ${title}:`);
  for (const [key, v] of Object.entries(result)) {
    if (key === 'historyCalls') continue;
    say(`    ${key.padEnd(12)} ${String(v.calls).padStart(3)} calls  category F1 without history ${v.without.toFixed(3)}, with history ${v.with.toFixed(3)}`);
  }
}

function printHistory(history, say, title = 'the corpus tree (names only)') {
  if (!history) return;
  say(`  category with the call center's history (leave-one-out over the 64 labelled calls), ${title}:`);
  for (const [key, v] of Object.entries(history)) say(`    ${key.padEnd(12)} category F1 without history ${v.without.toFixed(3)}, with history ${v.with.toFixed(3)}`);
}

export async function runScore({ splits = SPLITS, showErrors = ['dev'], engine = null, say = console.log } = {}) {
  const eng = engine ?? (await loadEngine());
  const out = {};
  for (const split of splits) {
    const { tree, conversations } = loadCorpus(split);
    out[split] = score(eng, tree, conversations);
  }
  const history = historyScore(eng);
  const opaqueHistory = historyScore(eng, { opaque: true });
  const historySet = historySetScore(eng);
  const opaqueHistorySet = historySetScore(eng, { opaque: true });
  const crossValidation = historyCrossValidation(eng);
  return {
    results: out,
    history,
    opaqueHistory,
    historySet,
    opaqueHistorySet,
    crossValidation,
    print: () => {
      splits.forEach((s) => printReport(s, out[s], { errors: showErrors.includes(s), say }));
      printHistory(history, say);
      printHistory(opaqueHistory, say, 'the same tree with coded names ("C01-2"): only the history can file a call');
      printHistorySet(historySet, say, 'the corpus tree (names only)');
      printHistorySet(opaqueHistorySet, say, 'the same tree with coded names: only the history can file a call');
      if (crossValidation) {
        say('  category, 5-fold cross-validation over the history set itself (how the model was chosen; DEV and TEST not read):');
        for (const [lang, v] of Object.entries(crossValidation)) say(`    ${lang.padEnd(6)} ${String(v.calls).padStart(3)} calls  accuracy names alone ${v.without.toFixed(3)}, names + history ${v.with.toFixed(3)}`);
      }
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const split = opt('--split', 'all');
  const errors = opt('--errors', 'dev');
  const splits = splitsNamed(split === 'both' ? 'all' : split);
  const showErrors = splitsNamed(errors);
  const { results, print } = await runScore({ splits, showErrors });
  if (args.includes('--json')) console.log(JSON.stringify(results, null, 2));
  else {
    console.log('smart fill — accuracy on the labelled corpus (bench/smart-fill-corpus), asked as <service-summary> asks it');
    print();
  }
}
