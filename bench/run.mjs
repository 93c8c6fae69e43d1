#!/usr/bin/env node
// `npm run bench`: callpop's benchmark.
//
//  1. Sizes: what each public entry costs a page (minified + gzipped), from scripts/size.mjs --json.
//  2. Screen-pop latency in headless Chromium, production mode: ring → number painted, and the
//     backend's answer → customer name painted (bench/pop-latency.html + bench/pop-latency.ts).
//
// It reports; it never fails on a missed target (exit 1 only if the benchmark itself could not run).
//
//   node bench/run.mjs [--iterations N] [--warmup N] [--json] [--out FILE]
//     --iterations N  measured pops (default 300, at least 200)
//     --warmup N      pops before measuring, not counted (default 20; the first one is reported as "cold")
//     --json          print the machine-readable result on stdout instead of the report
//     --out FILE      also write the machine-readable result to FILE
//
// Environment: CHROME_PATH (default /usr/bin/chromium).
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const TARGET_MS = 16;

const options = parseArgs(process.argv.slice(2));
const lines = [];
const say = (line = '') => {
  lines.push(line);
  if (!options.json) console.log(line);
};

const result = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
  },
  sizes: null,
  latency: null,
};

say(`callpop benchmark — ${result.date}`);
say(`machine: ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.memoryGiB} GiB, ${result.machine.platform}, Node ${result.machine.node}`);
say(`load average (1 min) at start: ${result.machine.loadAverage1m} — other work on the machine skews the latency figures`);

// ------------------------------------------------------------------ 1. sizes

say();
say('1. Bundle sizes (scripts/size.mjs: esbuild bundle + minify, production; gzip level 9; eager chunks only)');
result.sizes = await sizes();
if (result.sizes.error) {
  say(`  ERROR: ${result.sizes.error}`);
} else {
  const rows = [['entry', 'import', 'minified', 'gzipped', 'budget', 'of budget', 'status']];
  for (const e of result.sizes.entries) {
    const measured = typeof e.gzipped === 'number';
    rows.push([
      e.name,
      e.import,
      measured ? kib(e.minified) : '-',
      measured ? kib(e.gzipped) : '-',
      kib(e.budget),
      measured ? `${Math.round((e.gzipped / e.budget) * 100)}%` : '-',
      { ok: 'OK', over: 'OVER', missing: 'MISSING', error: 'ERROR' }[e.status] ?? e.status,
    ]);
  }
  table(rows, [false, false, true, true, true, true, false]);
  for (const e of result.sizes.entries.filter((x) => x.message)) say(`  ${e.name}: ${e.message}`);
}

// ------------------------------------------------------------------ 2. latency

say();
say(`2. Screen-pop latency (headless Chromium, production build of lit and callpop; ${options.iterations} pops after ${options.warmup} warm-up)`);
try {
  result.latency = await latency();
  reportLatency(result.latency);
} catch (error) {
  result.latency = { error: String(error?.stack ?? error) };
  say(`  ERROR: ${result.latency.error}`);
}

// ------------------------------------------------------------------ 3. the other benchmarks

// Each feature's benchmark is a script of its own (runnable alone, e.g. `npm run bench:sip`);
// `npm run bench` runs them all after the two sections above and prints their reports.
const featureBenches = [
  ['smart fill over a one-hour conversation', 'smart-fill.mjs'],
  ['the business-records timeline at 10,000 records', 'records.mjs'],
  ['streaming into <conversation-view>', 'conversation.mjs'],
  ['SIP: INVITE to pop, answer to 200 OK, lazy chunk', 'sip.mjs'],
  ['One phone across tabs: hand-off, ring to pop in a tab without the phone', 'tabs.mjs'],
  ['A shift in one page: 1,000 calls, heap, DOM, listeners, timers, ring to paint', 'shift.mjs'],
];
if (!options.json) {
  for (const [index, [title, script]] of featureBenches.entries()) {
    const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
    if (!existsSync(path)) continue;
    say();
    say(`${index + 3}. ${title} (node bench/${script})`);
    const run = spawnSync(process.execPath, [path], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 900_000 });
    if (run.status !== 0) {
      say(`  bench/${script} exited with ${run.status ?? run.signal}`);
      result.failedBenches = [...(result.failedBenches ?? []), script];
    }
  }
}

const json = JSON.stringify(result, null, 2);
if (options.out) {
  writeFileSync(resolve(process.cwd(), options.out), `${json}\n`);
  say();
  say(`wrote ${options.out}`);
}
if (options.json) console.log(json);
process.exitCode = result.latency?.error || result.failedBenches ? 1 : 0;

// ================================================================== helpers

function parseArgs(argv) {
  const parsed = { iterations: 300, warmup: 20, json: false, out: null };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined) fail(`${arg} needs a value`);
      i += 1;
      return next;
    };
    if (arg === '--json') parsed.json = true;
    else if (arg === '--out') parsed.out = value();
    else if (arg === '--iterations') parsed.iterations = Number(value());
    else if (arg === '--warmup') parsed.warmup = Number(value());
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/run.mjs [--iterations N (>=200)] [--warmup N] [--json] [--out FILE]');
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(parsed.iterations) || parsed.iterations < 200) fail('--iterations must be an integer of at least 200');
  if (!Number.isInteger(parsed.warmup) || parsed.warmup < 1) fail('--warmup must be a positive integer');
  return parsed;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

async function sizes() {
  let stdout;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, ['scripts/size.mjs', '--json'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (error) {
    // size.mjs exits 1 when an entry fails to bundle but still prints its JSON.
    stdout = error.stdout;
    if (!stdout) return { error: `node scripts/size.mjs --json failed: ${(error.stderr || error.message || String(error)).trim()}` };
  }
  try {
    const parsed = JSON.parse(stdout);
    return {
      entries: parsed.entries.map((e) => ({
        name: e.name,
        import: e.import,
        minified: e.minified,
        gzipped: e.gzipped,
        budget: e.budget,
        status: e.status,
        ...(e.message ? { message: e.message } : {}),
      })),
    };
  } catch (error) {
    return { error: `could not read the output of scripts/size.mjs --json: ${error.message}` };
  }
}

async function latency() {
  const { assertProductionBuild, openBenchPage, waitForBenchPage } = await import('./harness.mjs');
  const { page, browser, errors: pageErrors, close } = await openBenchPage('/bench/pop-latency.html');
  try {
    const browserVersion = await browser.version();
    await waitForBenchPage(page, pageErrors, 30_000);
    const run = await page.evaluate(
      (o) => window.callpopBench.run(o),
      { iterations: options.iterations, warmup: options.warmup },
    );
    assertProductionBuild(run);
    const pick = (key) => run.samples.map((s) => s[key]);
    // The timed work of a pop without the idle wait for the display's next frame:
    // the SDK's script + Lit's render, plus the style/layout/paint of the frame that shows it.
    const ringWork = run.samples.map((s) => s.ringToDom + s.ringFrame);
    const answerWork = run.samples.map((s) => s.answerToDom + s.answerFrame);
    return {
      browser: browserVersion,
      userAgent: run.userAgent,
      viewport: run.viewport,
      devicePixelRatio: run.devicePixelRatio,
      frameIntervalMs: round(run.frameIntervalMs),
      iterations: run.samples.length,
      warmup: run.warmup.length,
      numbers: [...new Set(run.samples.map((s) => s.number))],
      targetMs: TARGET_MS,
      ringToPaint: stats(pick('ringToPaint')),
      ringToDom: stats(pick('ringToDom')),
      answerToPaint: stats(pick('answerToPaint')),
      answerToDom: stats(pick('answerToDom')),
      ringFrame: stats(pick('ringFrame')),
      answerFrame: stats(pick('answerFrame')),
      ringWork: stats(ringWork),
      answerWork: stats(answerWork),
      byMyCalls: blocks(run.samples, 50),
      cold: run.warmup[0] ? roundAll(run.warmup[0]) : null,
      pageErrors,
      samples: run.samples.map(roundAll),
    };
  } finally {
    await close();
  }
}

function reportLatency(l) {
  say(`  browser: ${l.browser} (${l.userAgent})`);
  say(`  viewport ${l.viewport.width}×${l.viewport.height} @${l.devicePixelRatio}x; frame interval ${l.frameIntervalMs} ms (median)`);
  say(`  numbers: ${l.numbers.join(', ')} (in turn)`);
  say();
  const rows = [['measure', 'median', 'p95', 'min', 'max', `target (p95)`, 'result']];
  const line = (label, s, target) => [
    label,
    ms(s.median),
    ms(s.p95),
    ms(s.min),
    ms(s.max),
    target ? `≤ ${TARGET_MS} ms` : '',
    target ? (s.p95 <= TARGET_MS ? 'PASS' : 'MISS') : '',
  ];
  rows.push(line('ring → number painted', l.ringToPaint, true));
  rows.push(line('  ring → number in DOM', l.ringToDom, false));
  rows.push(line('  frame: rAF → painted', l.ringFrame, false));
  rows.push(line('  in DOM + frame*', l.ringWork, false));
  rows.push(line('answer → name painted', l.answerToPaint, true));
  rows.push(line('  answer → name in DOM', l.answerToDom, false));
  rows.push(line('  frame: rAF → painted', l.answerFrame, false));
  rows.push(line('  in DOM + frame*', l.answerWork, false));
  table(rows, [false, true, true, true, true, false, false]);
  say();
  say('  "painted": the text is in the DOM and the next frame has been rendered (requestAnimationFrame + postMessage).');
  say('  It includes the idle wait for the display\'s next frame (0 to one frame interval: events arrive at random');
  say('  points of the frame), so at 60 Hz that wait alone is ~15.9 ms at p95.');
  say('  "in DOM": the moment Lit committed the text (MutationObserver). "frame": from the painted frame\'s rAF');
  say('  callback to just after it was painted (style, layout, paint). *in DOM + frame: the timed work of the pop');
  say('  without the idle wait for the next frame (other script between the two, such as the call report, is not');
  say('  in it); it is the part the SDK controls, and it has to stay well under one frame for the pop to be on');
  say('  screen within ~16 ms.');
  say(`  in DOM + frame at p95 vs one ${TARGET_MS} ms frame: ring ${l.ringWork.p95 <= TARGET_MS ? 'fits' : 'DOES NOT fit'} (${ms(l.ringWork.p95)}), answer ${l.answerWork.p95 <= TARGET_MS ? 'fits' : 'DOES NOT fit'} (${ms(l.answerWork.p95)})`);
  say();
  say('  By the length of "My calls" (every pop adds a call to the list the pop re-renders); median / p95 per block:');
  const blockRows = [['pops', 'My calls', 'ring→painted', 'ring frame', 'answer→painted', 'answer frame']];
  const pair = (x) => `${x.median.toFixed(1)} / ${x.p95.toFixed(1)} ms`;
  for (const b of l.byMyCalls) {
    blockRows.push([b.pops, b.myCalls, pair(b.ringToPaint), pair(b.ringFrame), pair(b.answerToPaint), pair(b.answerFrame)]);
  }
  table(blockRows, [false, false, true, true, true, true]);
  if (l.cold) {
    say(`  cold first pop (warm-up #1): ring → number painted ${ms(l.cold.ringToPaint)}, answer → name painted ${ms(l.cold.answerToPaint)}`);
  }
  if (l.pageErrors.length > 0) say(`  page errors: ${l.pageErrors.join(' | ')}`);
}

function blocks(samples, size) {
  const pick = (block, key) => {
    const { median, p95 } = stats(block.map((s) => s[key]));
    return { median, p95 };
  };
  const out = [];
  for (let i = 0; i < samples.length; i += size) {
    const block = samples.slice(i, i + size);
    out.push({
      pops: `${i + 1}–${i + block.length}`,
      myCalls: `${block[0].myCalls}–${block[block.length - 1].myCalls}`,
      ringToPaint: pick(block, 'ringToPaint'),
      ringFrame: pick(block, 'ringFrame'),
      answerToPaint: pick(block, 'answerToPaint'),
      answerFrame: pick(block, 'answerFrame'),
    });
  }
  return out;
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => {
    // Nearest-rank percentile.
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[index];
  };
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return {
    n: sorted.length,
    median: round(at(0.5)),
    p95: round(at(0.95)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
    mean: round(mean),
  };
}

function roundAll(sample) {
  return Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v]));
}

function round(value) {
  return Math.round(value * 100) / 100;
}

function ms(value) {
  return `${value.toFixed(1)} ms`;
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function table(rows, rightAlign) {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => String(row[col]).length)));
  for (const [index, row] of rows.entries()) {
    const text = row
      .map((cell, col) => (rightAlign[col] ? String(cell).padStart(widths[col]) : String(cell).padEnd(widths[col])))
      .join('  ');
    say(`  ${text.trimEnd()}`);
    if (index === 0) say(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  }
}
