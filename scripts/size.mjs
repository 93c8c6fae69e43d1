#!/usr/bin/env node
// Size budget: bundles each entry of scripts/size-budget.json from the TypeScript sources the way a
// consumer's bundler would (esbuild: bundle + minify, browser, production, code splitting) and measures
// what a page pays up front: the entry chunk plus every chunk it imports statically. Chunks reached only
// through dynamic import() are lazy: listed, not counted, except for an entry with "countLazy": true,
// which counts every chunk (a page that has loaded everything: the "all-elements page"). An entry's
// "import" may list several modules a page loads together. Sizes are gzipped with zlib level 9.
//
//   node scripts/size.mjs            table; exit 1 only if an entry fails to bundle
//   node scripts/size.mjs --check    also exit 1 if any entry is over budget, missing, or pulls in a forbidden input
//   node scripts/size.mjs --json     machine-readable result on stdout (same exit rules)
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const check = args.has('--check');
const json = args.has('--json');
const config = JSON.parse(readFileSync(join(root, 'scripts', 'size-budget.json'), 'utf8'));

const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * package.json "sideEffects" names the built files (./dist/components/define.js …), so bundling the
 * sources would drop the side-effect-only `import './call-pop/define.js'`. This plugin gives each
 * source file the side-effect flag its dist/ counterpart has, so the sources bundle as dist/ does.
 */
function sourceSideEffects() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const patterns = (Array.isArray(pkg.sideEffects) ? pkg.sideEffects : [])
    .filter((p) => /^(\.\/)?dist\/.*\.js$/.test(p))
    .map((p) => p.replace(/^(\.\/)?dist\//, '').replace(/\.js$/, '.ts'))
    .map((glob) => new RegExp(`^${glob.split('**').map((part) => part.split('*').map(escapeRegExp).join('[^/]*')).join('.*')}$`));
  return {
    name: 'source-side-effects',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData?.inner || args.importer.includes('node_modules')) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { inner: true },
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const rel = relative(root, resolved.path).split(sep).join('/');
        if (rel.startsWith('node_modules/') || !patterns.some((re) => re.test(rel))) return undefined;
        return { path: resolved.path, sideEffects: true };
      });
    },
  };
}

function escapeRegExp(text) {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** Bundles one entry and splits its output chunks into eager (static closure) and lazy. */
async function measure(entry) {
  // `import` is one module, or several that a page loads together (an "all-elements page").
  const imports = Array.isArray(entry.import) ? entry.import : [entry.import];
  const sources = imports.map((file) => resolve(root, file));
  const base = {
    name: entry.name,
    import: imports.join(' + '),
    budget: entry.gzipBudget,
  };
  // Checks of an entry that could not be measured are 'not run', which --check counts as a failure.
  const notRun = (entry.forbidInputs ?? []).map((needle) => ({
    name: `${entry.name} does not contain ${needle}`,
    forbid: needle,
    status: 'not run',
    eager: [],
    lazy: [],
  }));
  const absent = imports.filter((file, index) => !existsSync(sources[index]));
  if (absent.length > 0) {
    return { ...base, status: 'missing', message: `${absent.join(', ')} does not exist yet`, checks: notRun };
  }

  let result;
  try {
    result = await build({
      absWorkingDir: root,
      entryPoints: sources,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      splitting: true,
      // Nothing is written: outputFiles stay in memory. The folder only names the chunks.
      outdir: join(tmpdir(), `callpop-size-${entry.name}`),
      write: false,
      metafile: true,
      define: { 'process.env.NODE_ENV': '"production"' },
      conditions: ['browser', 'production'],
      tsconfig: join(root, 'tsconfig.json'),
      plugins: [sourceSideEffects()],
      logLevel: 'silent',
    });
  } catch (error) {
    const messages = (error.errors ?? []).map(
      (e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`,
    );
    return { ...base, status: 'error', message: messages.join('\n') || String(error), checks: notRun };
  }

  const outputs = result.metafile.outputs;
  const contents = new Map(result.outputFiles.map((file) => [relative(root, file.path), file.contents]));
  // The entry's own chunk: a module reached through import() is an entry point of esbuild's too.
  const entryPaths = new Set(sources.map((file) => relative(root, file).split(sep).join('/')));
  const entryKeys = Object.keys(outputs).filter((key) => entryPaths.has(outputs[key].entryPoint));

  const eager = new Set();
  const queue = [...entryKeys];
  while (queue.length > 0) {
    const key = queue.shift();
    if (eager.has(key)) continue;
    eager.add(key);
    for (const imported of outputs[key].imports) {
      if (imported.kind === 'import-statement' && !imported.external) queue.push(imported.path);
    }
  }

  const describe = (key) => {
    const bytes = contents.get(key) ?? new Uint8Array();
    const inputs = Object.entries(outputs[key].inputs)
      .map(([path, info]) => ({ path, bytes: info.bytesInOutput }))
      .sort((a, b) => b.bytes - a.bytes);
    return { file: key.split(/[/\\]/).pop(), minified: bytes.length, gzipped: gzipSize(bytes), inputs };
  };
  const chunks = Object.keys(outputs).filter((key) => key.endsWith('.js'));
  // An "everything loaded" entry (countLazy) counts every chunk: the page has loaded them all.
  const counted = (key) => entry.countLazy === true || eager.has(key);
  const eagerChunks = chunks.filter(counted).map(describe);
  const lazyChunks = chunks.filter((key) => !counted(key)).map(describe);

  const minified = eagerChunks.reduce((sum, c) => sum + c.minified, 0);
  const gzipped = eagerChunks.reduce((sum, c) => sum + c.gzipped, 0);
  const eagerInputs = eagerChunks.flatMap((c) => c.inputs);
  // A forbidden input fails the check wherever it is bundled: eagerly or in a lazy chunk.
  const lazyInputs = lazyChunks.flatMap((c) => c.inputs);
  const matching = (inputs, needle) => [...new Set(inputs.filter((i) => i.path.includes(needle)).map((i) => i.path))];
  const forbidden = (entry.forbidInputs ?? []).map((needle) => ({
    name: `${entry.name} does not contain ${needle}`,
    forbid: needle,
    eager: matching(eagerInputs, needle),
    lazy: matching(lazyInputs, needle),
  }));

  return {
    ...base,
    status: gzipped > entry.gzipBudget ? 'over' : 'ok',
    minified,
    gzipped,
    files: eagerChunks.map(({ file, minified: m, gzipped: g }) => ({ file, minified: m, gzipped: g })),
    // The ten inputs that add the most minified (not gzipped) bytes to the eager code.
    topInputs: mergeInputs(eagerInputs).slice(0, 10).map(({ path, bytes }) => ({ path, minifiedBytes: bytes })),
    lazyChunks: lazyChunks.map(({ file, minified: m, gzipped: g, inputs }) => ({
      file,
      minified: m,
      gzipped: g,
      inputs: inputs.slice(0, 3).map((i) => i.path),
    })),
    checks: forbidden.map((c) => ({ ...c, status: c.eager.length + c.lazy.length === 0 ? 'ok' : 'failed' })),
  };
}

function mergeInputs(inputs) {
  const totals = new Map();
  for (const { path, bytes } of inputs) totals.set(path, (totals.get(path) ?? 0) + bytes);
  return [...totals].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes);
}

const results = [];
for (const entry of config.entries) results.push(await measure(entry));

const checks = results.flatMap((r) => (r.checks ?? []).map((c) => ({ entry: r.name, ...c })));

const failures = [
  ...results.filter((r) => r.status === 'error').map((r) => `${r.name}: bundling failed`),
  ...(check ? results.filter((r) => r.status === 'over').map((r) => `${r.name}: over budget`) : []),
  ...(check ? results.filter((r) => r.status === 'missing').map((r) => `${r.name}: missing`) : []),
  ...(check ? checks.filter((c) => c.status !== 'ok').map((c) => `${c.name}: ${c.status}`) : []),
];

if (json) {
  console.log(JSON.stringify({ ok: failures.length === 0, check, entries: results, checks, failures }, null, 2));
} else {
  const rows = [['entry', 'import', 'minified', 'gzipped', 'budget', 'status']];
  for (const r of results) {
    const status = { ok: 'OK', over: 'OVER', missing: 'MISSING', error: 'ERROR' }[r.status];
    rows.push([r.name, r.import, r.minified ?? '-', r.gzipped ?? '-', r.budget, status]);
  }
  printTable(rows, [false, false, true, true, true, false]);
  for (const r of results.filter((x) => x.status === 'missing')) console.log(`  MISSING ${r.name}: ${r.message}`);
  for (const r of results.filter((x) => x.status === 'error')) console.log(`\nERROR ${r.name}: ${r.message}`);

  const lazy = results.flatMap((r) => (r.lazyChunks ?? []).map((c) => [r.name, c.file, c.minified, c.gzipped, c.inputs.join(', ')]));
  console.log('\nLazy chunks (dynamic import, not counted):');
  if (lazy.length === 0) console.log('  (none)');
  else printTable([['entry', 'chunk', 'minified', 'gzipped', 'largest inputs'], ...lazy], [false, false, true, true, false]);

  console.log('\nChecks:');
  for (const c of checks) {
    const where = [
      c.eager.length > 0 ? ` — eagerly bundled: ${c.eager.join(', ')}` : '',
      c.lazy.length > 0 ? ` — in lazy chunks: ${c.lazy.join(', ')}` : '',
    ].join('');
    console.log(`  ${c.status === 'ok' ? 'OK' : c.status.toUpperCase()}  ${c.name}${where}`);
  }
  const count = (status) => results.filter((r) => r.status === status).length;
  const summary = `${count('ok') + count('over')} of ${results.length} entries measured, ${count('over')} over budget, ${count('missing')} missing, ${count('error')} failed to bundle`;
  console.log(
    failures.length === 0
      ? `\nsize: ${summary}${check ? ' — all within budget' : ''}`
      : `\nsize: FAILED (${summary}) — ${failures.join('; ')}`,
  );
}
process.exit(failures.length === 0 ? 0 : 1);

function printTable(rows, rightAlign) {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => String(row[col]).length)));
  for (const [index, row] of rows.entries()) {
    const line = row
      .map((cell, col) => (rightAlign[col] ? String(cell).padStart(widths[col]) : String(cell).padEnd(widths[col])))
      .join('  ');
    console.log(`  ${line.trimEnd()}`);
    if (index === 0) console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  }
}
