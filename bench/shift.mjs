#!/usr/bin/env node
// A shift in one page (issue 16): --calls simulated calls (default 1,000) in one workbench in headless
// Chromium, production builds (bench/shift.html + bench/shift.ts): ring, answer, a transcript of 50
// lines, smart fill, summary saved, hang up. At call --baseline (default 100) and at the end it forces
// garbage collection (CDP HeapProfiler.collectGarbage, twice) and reads the JS heap
// (Performance.getMetrics JSHeapUsedSize), the DOM counters (Memory.getDOMCounters: nodes, documents,
// JS event listeners), the live timers (the page wraps setTimeout/setInterval) and the elements in the
// page and its shadow roots; ring → number painted over the 10 calls before each point.
// Targets: heap growth ≤ 5 MB from the baseline to the end, DOM nodes and elements flat (≤ +5 %),
// no listener or timer growth (≤ +5 and ≤ +2), ring → painted p95 at the end ≤ 1.5 × at the baseline.
// It reports; it exits 1 only when the benchmark itself cannot run.
//
//   node bench/shift.mjs [--calls N] [--baseline N] [--json]
import os from 'node:os';
import { assertProductionBuild, openBenchPage, waitForBenchPage } from './harness.mjs';
import { stats } from './stats.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const total = flag('--calls', 1000);
const baseline = Math.min(flag('--baseline', Math.max(10, Math.round(total / 10))), total);
const json = args.includes('--json');
const say = (line = '') => {
  if (!json) console.log(line);
};
const HEAP_GROWTH_MB = 5;
const WINDOW = 10;

const result = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100, node: process.version },
  calls: total,
  baseline,
  points: {},
};

let close = async () => undefined;
try {
  const opened = await openBenchPage('/bench/shift.html', { protocolTimeout: 3_600_000 });
  close = opened.close;
  const { page, browser, errors } = opened;
  result.browser = await browser.version();
  await waitForBenchPage(page, errors);
  assertProductionBuild(await page.evaluate(() => ({ nodeEnv: window.callpopShift.nodeEnv, litDevMode: window.callpopShift.litDevMode })));
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');

  const ring = [];
  const run = async (n) => {
    for (let left = n; left > 0; ) {
      const chunk = Math.min(50, left);
      ring.push(...(await page.evaluate((c) => window.callpopShift.calls(c), chunk)));
      left -= chunk;
      if (errors.length) throw new Error(`the page failed: ${errors.join('\n')}`);
    }
  };
  const point = async (name) => {
    // Let the last call's timers (lookup cache, pop removal) run out, then collect.
    await new Promise((r) => setTimeout(r, 1500));
    await cdp.send('HeapProfiler.collectGarbage');
    await new Promise((r) => setTimeout(r, 300));
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    const dom = await cdp.send('Memory.getDOMCounters');
    const own = await page.evaluate(() => window.callpopShift.metrics());
    const p = {
      calls: own.calls,
      heapMB: Math.round((heap / 1e6) * 100) / 100,
      nodes: dom.nodes,
      documents: dom.documents,
      listeners: dom.jsEventListeners,
      liveTimers: own.liveTimers,
      elements: own.elements,
      kept: own.kept,
      ringToPaint: stats(ring.slice(-WINDOW)),
    };
    result.points[name] = p;
    say(
      `  after call ${String(p.calls).padStart(5)}: JS heap ${p.heapMB} MB · DOM nodes ${p.nodes} · elements ${p.elements} · listeners ${p.listeners} · live timers ${p.liveTimers} · state kept ${Object.entries(p.kept).map(([k, n]) => `${k} ${n}`).join(', ')} · ring → painted (last ${WINDOW}) median ${p.ringToPaint.median} / p95 ${p.ringToPaint.p95} ms`,
    );
    return p;
  };

  say(`callpop shift benchmark — ${result.date}`);
  say(`machine: ${result.machine.cpu}, ${result.machine.cores} cores, load ${result.machine.loadAverage1m}; ${result.browser}`);
  say(`${total} calls in one page: ring, answer, 50 transcript lines, smart fill, summary saved, hang up`);
  const started = Date.now();
  await run(baseline);
  const a = await point('baseline');
  await run(total - baseline);
  const b = await point('end');
  result.seconds = Math.round((Date.now() - started) / 100) / 10;
  result.ringToPaintAll = stats(ring);
  const growth = Math.round((b.heapMB - a.heapMB) * 100) / 100;
  const verdicts = {
    heap: growth <= HEAP_GROWTH_MB,
    nodes: b.nodes <= a.nodes * 1.05,
    elements: b.elements <= a.elements * 1.05,
    listeners: b.listeners <= a.listeners + 5,
    timers: b.liveTimers <= a.liveTimers + 2,
    ringToPaint: b.ringToPaint.p95 <= a.ringToPaint.p95 * 1.5,
  };
  result.verdicts = verdicts;
  const v = (ok) => (ok ? 'PASS' : 'MISS');
  say();
  say(`  heap growth call ${a.calls} → ${b.calls}: ${growth} MB (target ≤ ${HEAP_GROWTH_MB} MB)  ${v(verdicts.heap)}`);
  say(`  DOM nodes ${a.nodes} → ${b.nodes}, elements ${a.elements} → ${b.elements} (flat: ≤ +5 %)  ${v(verdicts.nodes && verdicts.elements)}`);
  say(`  event listeners ${a.listeners} → ${b.listeners}, live timers ${a.liveTimers} → ${b.liveTimers} (no growth)  ${v(verdicts.listeners && verdicts.timers)}`);
  say(`  ring → painted p95 ${a.ringToPaint.p95} ms at call ${a.calls}, ${b.ringToPaint.p95} ms at call ${b.calls} (the same: ≤ 1.5×)  ${v(verdicts.ringToPaint)}`);
  say(`  all ${ring.length} calls: ring → painted median ${result.ringToPaintAll.median} / p95 ${result.ringToPaintAll.p95} ms; ${result.seconds} s in all`);
  if (json) console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(`shift bench: ${error?.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await close();
}
