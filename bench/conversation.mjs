#!/usr/bin/env node
// Streaming-transcript benchmark: 20 segments a second for 10 minutes (12,000 segments) into
// <conversation-view>, in headless Chromium, production build of lit and callpop
// (bench/conversation.html + bench/conversation.ts, served like bench/run.mjs serves its page).
//
// Time is compressed by default (document it when you quote the figures):
//   1. real rate   — 20 lines/s (each line first interim, then final: 40 pushes/s) for --real-seconds
//                    (default 30 s): long tasks measured here;
//   2. fast-forward to the middle (6,000 lines) at --ff-per-tick lines per 50 ms tick (default 100,
//                    5× real rate), then 10 s at the real rate again (long tasks measured);
//   3. fast-forward to 12,000 lines, then --real-seconds at the real rate at the end (long tasks measured).
// `--full` streams all 12,000 lines at the real rate (10 minutes) instead.
// After each fast-forward the page idles 2 s (its garbage collected) before the next real-rate window.
// At the start, middle and end it reads the DOM node count inside the view, how many line elements
// are still alive anywhere (CDP Runtime.queryObjects on <time>: attached or detached), the JS heap after a
// forced garbage collection (CDP HeapProfiler.collectGarbage + Performance.getMetrics) and whether
// the newest line is on screen. Targets: no long task over 50 ms at the real rate; DOM bounded (view's
// elements at the end ≤ middle + 50%, live line elements ≤ 4× the rendered ones + 100); heap growth per
// stored line under 1 KiB (the lines' data, no DOM kept per line).
// It reports; it exits 1 only when the benchmark itself cannot run.
//
//   node bench/conversation.mjs [--real-seconds N] [--ff-per-tick N] [--total N] [--full] [--json]
import { assertProductionBuild, openBenchPage, waitForBenchPage } from './harness.mjs';
import os from 'node:os';

const RATE = 20; // lines a second
const TICK_MS = 50;
const LONG_TASK_TARGET_MS = 50;

const options = parseArgs(process.argv.slice(2));
const say = (line = '') => {
  if (!options.json) console.log(line);
};

let close = async () => undefined;

const result = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    node: process.version,
  },
  mode: options.full ? 'full (real rate throughout)' : 'compressed (real-rate windows + fast-forward)',
  phases: [],
  samples: {},
  targets: { longTaskMs: LONG_TASK_TARGET_MS },
};

try {
  const opened = await openBenchPage('/bench/conversation.html', {
    // The virtualizer's ResizeObserver notice is not an error of the page.
    ignoreErrors: (text) => /ResizeObserver loop/.test(text),
    protocolTimeout: 1_800_000,
  });
  close = opened.close;
  const { page, browser, errors: pageErrors } = opened;
  result.browser = await browser.version();
  await waitForBenchPage(page, pageErrors);
  assertProductionBuild(
    await page.evaluate(() => ({ nodeEnv: window.callpopConversationBench.nodeEnv, litDevMode: window.callpopConversationBench.litDevMode })),
  );
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');

  const sample = async (name) => {
    await cdp.send('HeapProfiler.collectGarbage');
    await new Promise((r) => setTimeout(r, 300));
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (key) => metrics.find((m) => m.name === key)?.value ?? null;
    const page_ = await page.evaluate(() => window.callpopConversationBench.metrics());
    // Elements alive in the JS heap (attached or not): rendered lines that were dropped must be gone.
    const proto = await cdp.send('Runtime.evaluate', { expression: 'HTMLTimeElement.prototype' });
    const found = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
    const count = await cdp.send('Runtime.callFunctionOn', {
      objectId: found.objects.objectId,
      functionDeclaration: 'function () { return this.length; }',
      returnByValue: true,
    });
    page_.liveTimeElements = count.result.value;
    const s = { ...page_, jsHeapUsedMiB: mib(metric('JSHeapUsedSize')), documentNodes: metric('Nodes') };
    result.samples[name] = s;
    say(
      `  ${name.padEnd(6)} lines ${String(s.segments).padStart(6)} · DOM in view ${String(s.domNodesInView).padStart(4)} (${s.renderedLines} lines rendered, ${s.liveTimeElements} <time> elements alive) · document nodes ${s.documentNodes} · JS heap ${s.jsHeapUsedMiB} MiB · newest line on screen: ${s.newestLineShown && s.atBottom ? 'yes' : 'no'}`,
    );
    return s;
  };
  let sent = 0;
  const phase = async (name, count, perTick, real) => {
    const run = await page.evaluate((a) => window.callpopConversationBench.stream(a.from, a.count, a.perTick, a.tick), {
      from: sent,
      count,
      perTick,
      tick: TICK_MS,
    });
    sent += count;
    // After a fast-forward burst, let the page settle (its garbage collected) before timing the real rate.
    if (!real) await new Promise((resolve) => setTimeout(resolve, 2000));
    const worst = run.longTasks.reduce((max, t) => Math.max(max, t.duration), 0);
    const work = [...run.tickWorkMs].sort((a, b) => a - b);
    const q = (p) => (work.length ? Math.round(work[Math.min(work.length - 1, Math.floor(p * work.length))] * 10) / 10 : null);
    const over = run.longTasks.filter((t) => t.duration > LONG_TASK_TARGET_MS).length;
    const entry = {
      name,
      real,
      lines: count,
      linesPerSecond: Math.round((count / run.elapsedMs) * 1000 * 10) / 10,
      seconds: Math.round(run.elapsedMs / 100) / 10,
      longTasks: run.longTasks.length,
      longTasksOver50ms: over,
      worstLongTaskMs: Math.round(worst),
      tickWorkMs: { median: q(0.5), p95: q(0.95), max: q(1) },
    };
    result.phases.push(entry);
    const verdict = real ? (over === 0 ? 'PASS' : 'MISS') : 'info';
    say(
      `  ${name.padEnd(34)} ${String(count).padStart(6)} lines in ${String(entry.seconds).padStart(6)} s (${entry.linesPerSecond}/s): ${run.longTasks.length} long task(s), worst ${entry.worstLongTaskMs} ms, ${over} over ${LONG_TASK_TARGET_MS} ms; script per tick median ${entry.tickWorkMs.median} / p95 ${entry.tickWorkMs.p95} / max ${entry.tickWorkMs.max} ms  ${verdict}`,
    );
  };

  const realTick = (RATE * TICK_MS) / 1000; // lines per tick at the real rate
  say(`callpop conversation benchmark — ${result.date}`);
  say(`machine: ${result.machine.cpu}, ${result.machine.cores} cores, load ${result.machine.loadAverage1m}; ${result.browser}`);
  say(`mode: ${result.mode}; ${options.total} lines at ${RATE}/s is ${options.total / RATE / 60} minutes of talk`);
  say();
  say('Memory (after a forced GC):');
  await sample('start');
  say();
  say('Streaming:');
  if (options.full) {
    await phase('real rate, whole call', options.total / 2, realTick, true);
    say();
    await sample('middle');
    say();
    await phase('real rate, whole call (2nd half)', options.total / 2, realTick, true);
  } else {
    const realLines = options.realSeconds * RATE;
    const middle = options.total / 2;
    await phase(`real rate, first ${options.realSeconds} s`, realLines, realTick, true);
    await phase(`fast-forward to ${middle}`, middle - sent, options.ffPerTick, false);
    await phase('real rate, 10 s at the middle', 10 * RATE, realTick, true);
    say();
    await sample('middle');
    say();
    await phase(`fast-forward to ${options.total - realLines}`, options.total - realLines - sent, options.ffPerTick, false);
    await phase(`real rate, last ${options.realSeconds} s`, options.total - sent, realTick, true);
  }
  say();
  const end = await sample('end');
  const start = result.samples.start;
  const middle = result.samples.middle;

  const realPhases = result.phases.filter((p) => p.real);
  const longTasksOk = realPhases.every((p) => p.longTasksOver50ms === 0);
  const domBounded =
    end.domNodesInView <= Math.max(middle.domNodesInView, 1) * 1.5 + 50 && end.liveTimeElements <= end.renderedLines * 4 + 100;
  const perLineKiB = ((end.jsHeapUsedMiB - middle.jsHeapUsedMiB) * 1024) / Math.max(1, end.segments - middle.segments);
  const heapOk = perLineKiB < 1;
  result.verdict = {
    longTasks: longTasksOk ? 'PASS' : 'MISS',
    domBounded: domBounded ? 'PASS' : 'MISS',
    heapPerLineKiB: Math.round(perLineKiB * 1000) / 1000,
    heap: heapOk ? 'PASS' : 'MISS',
    followsNewest: end.atBottom && end.newestLineShown ? 'PASS' : 'MISS',
  };
  result.pageErrors = pageErrors;
  say('Summary:');
  say(`  no long task over ${LONG_TASK_TARGET_MS} ms while streaming at ${RATE} lines/s: ${result.verdict.longTasks}`);
  say(
    `  DOM bounded: elements in the view start ${start.domNodesInView}, middle ${middle.domNodesInView}, end ${end.domNodesInView}; line elements alive (attached or not) middle ${middle.liveTimeElements}, end ${end.liveTimeElements} for ${end.segments} lines: ${result.verdict.domBounded}`,
  );
  say('  ("document nodes" is Blink\'s node counter, which drops only when collected nodes are swept; the live-element count is exact.)');
  say(`  JS heap ${start.jsHeapUsedMiB} → ${middle.jsHeapUsedMiB} → ${end.jsHeapUsedMiB} MiB; ${result.verdict.heapPerLineKiB} KiB per stored line from middle to end (target < 1 KiB: the lines' data, no DOM): ${result.verdict.heap}`);
  say(`  still following the newest line at the end: ${result.verdict.followsNewest}`);
  if (pageErrors.length) say(`  page errors: ${pageErrors.join(' | ')}`);
  if (options.json) console.log(JSON.stringify(result, null, 2));
  process.exitCode = 0;
} catch (error) {
  console.error(`bench: ${error?.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await close();
}

function mib(bytes) {
  return bytes === null ? null : Math.round((bytes / 2 ** 20) * 10) / 10;
}

function parseArgs(argv) {
  const parsed = { realSeconds: 30, ffPerTick: 100, total: 12_000, full: false, json: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined) fail(`${arg} needs a value`);
      i += 1;
      return Number(next);
    };
    if (arg === '--real-seconds') parsed.realSeconds = value();
    else if (arg === '--ff-per-tick') parsed.ffPerTick = value();
    else if (arg === '--total') parsed.total = value();
    else if (arg === '--full') parsed.full = true;
    else if (arg === '--json') parsed.json = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/conversation.mjs [--real-seconds N] [--ff-per-tick N] [--total N] [--full] [--json]');
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  for (const key of ['realSeconds', 'ffPerTick', 'total']) {
    if (!Number.isInteger(parsed[key]) || parsed[key] < 1) fail(`--${key} must be a positive whole number`);
  }
  if (parsed.total % 2 !== 0 || parsed.realSeconds * RATE * 2 + 200 > parsed.total) fail('--total must be even and leave room for the real-rate windows');
  return parsed;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}
