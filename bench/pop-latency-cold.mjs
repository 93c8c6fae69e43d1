#!/usr/bin/env node
// The cold first pop, on its own: ring → number painted for the first call after the page loads
// (the pop's first render with everything it composes), repeated over fresh page loads.
// bench/run.mjs reports only one such sample per run (its warm-up #1); this takes several.
//
//   node bench/pop-latency-cold.mjs [--loads N] [--json]
//     --loads N  page loads, one cold pop each (default 7)
//
// It reports; it never fails on a slow figure (exit 1 only if the page could not run).
import { assertProductionBuild, openBenchPage, waitForBenchPage } from './harness.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const loadsAt = args.indexOf('--loads');
const loads = loadsAt >= 0 ? Number(args[loadsAt + 1]) : 7;
if (!Number.isInteger(loads) || loads < 1) {
  console.error('bench: --loads must be a positive integer');
  process.exit(2);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (n) => Math.round(n * 10) / 10;

const { page, errors, close } = await openBenchPage('/bench/pop-latency.html');
const samples = [];
try {
  for (let i = 0; i < loads; i += 1) {
    if (i > 0) await page.reload({ waitUntil: 'load' });
    await waitForBenchPage(page, errors, 30_000);
    // One warm-up pop (the cold one) and one more, measured warm for comparison.
    const run = await page.evaluate(() => window.callpopBench.run({ iterations: 1, warmup: 1 }));
    assertProductionBuild(run);
    samples.push({ cold: run.warmup[0], second: run.samples[0] });
  }
} finally {
  await close();
}
if (errors.length > 0) {
  console.error(`bench: the page reported errors:\n${errors.join('\n')}`);
  process.exitCode = 1;
}
const pick = (which, key) => samples.map((s) => s[which][key]);
const result = {
  loads,
  coldRingToPaint: { median: round(median(pick('cold', 'ringToPaint'))), all: pick('cold', 'ringToPaint').map(round) },
  coldRingToDom: { median: round(median(pick('cold', 'ringToDom'))), all: pick('cold', 'ringToDom').map(round) },
  secondRingToPaint: { median: round(median(pick('second', 'ringToPaint'))) },
  coldAnswerToPaint: { median: round(median(pick('cold', 'answerToPaint'))) },
};
if (json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`cold first pop over ${loads} page loads (median; all):`);
  console.log(`  ring → number painted  ${result.coldRingToPaint.median} ms  (${result.coldRingToPaint.all.join(', ')})`);
  console.log(`  ring → number in DOM   ${result.coldRingToDom.median} ms  (${result.coldRingToDom.all.join(', ')})`);
  console.log(`  answer → name painted  ${result.coldAnswerToPaint.median} ms`);
  console.log(`second pop: ring → number painted ${result.secondRingToPaint.median} ms`);
}
