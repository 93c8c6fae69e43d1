#!/usr/bin/env node
// SIP benchmark (runnable alone: `node bench/sip.mjs [--calls 50] [--answers 10] [--json]`).
//
// 1. sipp INVITE sent → pop painted: sipp (e2e/sip/uac-rejected.xml, -m N -r 2) calls the
//    agent page (e2e/sip/harness.html) through Kamailio. "Sent" is the timestamp sipp's
//    -trace_msg writes for the INVITE (gettimeofday, local time, µs). "Painted" is taken in
//    the page: on the softphone's ringing event it polls with requestAnimationFrame until
//    <call-pop>'s [part~=number] shows the caller's number and takes
//    performance.timeOrigin + performance.now() in that frame callback (the frame that
//    paints it). Both clocks are this machine's wall clock. The page then rejects the call
//    (603) so sipp moves on. Matched per call by the SIP Call-ID.
// 2. answer() → 200 OK sent: measured in the page, from the answer() call to the moment
//    the softphone hands the 200 OK to the WebSocket (sipDiagnostics(phone).answerTiming from callpop/testing, which
//    wraps the transport's send). The page answers 300 ms after the ring, like a quick
//    agent; sipp (uac-answered.xml, one call at a time) hangs up after 1.5 s. Measured with
//    the microphone pre-warmed at ring (the default) and without (prewarm=none).
// 3. Bundle: the gzipped size of the lazy chunk holding sip.js, and proof that the core
//    entry (src/index.ts) does not include sip.js (scripts/size.mjs --json).
//
// Reports only; exits 1 only if the benchmark itself could not run.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import {
  closeBrowser,
  installed,
  Kamailio,
  KAMAILIO,
  launchBrowser,
  openAgent,
  root,
  runSipp,
  SIPP,
  startDevServer,
  stopChild,
  inviteTimes,
} from '../e2e/sip/lib.mjs';
import { stats } from './stats.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CALLS = arg('--calls', 50);
const ANSWERS = arg('--answers', 10);
const JSON_OUT = args.includes('--json');
const result = { date: new Date().toISOString(), popLatency: null, answerLatency: {}, bundle: null };
const say = (line = '') => {
  if (!JSON_OUT) console.log(line);
};

async function bundle() {
  const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'scripts/size.mjs'), '--json'], { cwd: root, maxBuffer: 32 * 1024 * 1024 }).catch((error) => ({
    stdout: error.stdout ?? '{}',
  }));
  const report = JSON.parse(stdout || '{}');
  const core = (report.entries ?? []).find((e) => e.name === 'callpop');
  const check = (report.checks ?? []).find((c) => c.entry === 'callpop' && c.forbid === 'sip.js');
  const lazyFromCore = (core?.lazyChunks ?? []).find((c) => c.inputs.some((i) => i.includes('sip.js')));
  const out = {
    coreGzipped: core?.gzipped ?? null,
    coreExcludesSipJs: check ? check.eager.length === 0 : null,
    sipJsInCoreEager: check?.eager ?? null,
    lazyChunk: lazyFromCore ? { file: lazyFromCore.file, minified: lazyFromCore.minified, gzipped: lazyFromCore.gzipped, via: 'src/index.ts' } : null,
  };
  if (!out.lazyChunk) {
    // src/index.ts does not export loadSipSoftphone (yet): bundle the loader the same way.
    const { build } = await import('esbuild');
    const built = await build({
      absWorkingDir: root,
      entryPoints: [join(root, 'src/telephony/sip/index.ts')],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      splitting: true,
      outdir: join(tmpdir(), 'callpop-size-sip'),
      write: false,
      metafile: true,
      define: { 'process.env.NODE_ENV': '"production"' },
      conditions: ['browser', 'production'],
      tsconfig: join(root, 'tsconfig.json'),
      logLevel: 'silent',
    });
    const outputs = built.metafile.outputs;
    const files = new Map(built.outputFiles.map((f) => [f.path, f.contents]));
    for (const [key, meta] of Object.entries(outputs)) {
      if (!key.endsWith('.js')) continue;
      const bytes = files.get(join(root, key)) ?? files.get(key) ?? [...files.entries()].find(([p]) => p.endsWith(key.split('/').pop()))?.[1];
      const size = { file: key.split('/').pop(), minified: bytes?.length ?? 0, gzipped: bytes ? gzipSync(bytes, { level: 9 }).length : 0 };
      // Dynamic-import targets are entry points in esbuild's metafile too: tell them apart by their inputs.
      if (Object.keys(meta.inputs).some((i) => i.includes('node_modules/sip.js'))) {
        out.lazyChunk = { ...size, via: 'src/telephony/sip/index.ts' };
      } else if (meta.entryPoint === 'src/telephony/sip/index.ts') out.loader = size;
    }
  }
  return out;
}

async function main() {
  if (![KAMAILIO, SIPP].every(installed)) {
    say('bench/sip: kamailio or sipp is not installed; only the bundle is measured.');
  }
  result.bundle = await bundle();
  const b = result.bundle;
  say('3. Bundle');
  say(`   core entry src/index.ts: ${b.coreGzipped ?? '?'} B gzipped; sip.js in it: ${b.coreExcludesSipJs === null ? '?' : b.coreExcludesSipJs ? 'no' : `YES (${b.sipJsInCoreEager.join(', ')})`}`);
  say(`   lazy SIP chunk (${b.lazyChunk?.via ?? '?'}): ${b.lazyChunk ? `${b.lazyChunk.minified} B minified, ${b.lazyChunk.gzipped} B gzipped` : 'not found'}${b.loader ? `; loader ${b.loader.gzipped} B gzipped` : ''}`);
  if (![KAMAILIO, SIPP].every(installed)) {
    if (JSON_OUT) console.log(JSON.stringify(result, null, 2));
    return;
  }

  const kamailio = new Kamailio();
  let server;
  let browser;
  const stop = async () => {
    await closeBrowser(browser).catch(() => undefined);
    await stopChild(server?.child).catch(() => undefined);
    await kamailio.kill().catch(() => undefined);
    kamailio.cleanup();
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop().finally(() => process.exit(130)));
  try {
    await kamailio.start();
    server = await startDevServer();
    browser = await launchBrowser();

    // ---- 1. INVITE → pop painted
    const agent = await openAgent(browser, server.origin, kamailio, '1001', { query: { latency: '0' } });
    await agent.page.evaluate(() => {
      window.__painted = {};
      const softphone = window.callpop.softphone;
      softphone.on((event) => {
        if (event.type !== 'call' || event.call.state !== 'ringing') return;
        const id = event.call.id;
        const sipCallId = window.callpop.diag().debug(id)?.sipCallId;
        const frame = () => {
          const pop = document.querySelector('call-pop');
          const number = pop?.shadowRoot?.querySelector('[part~="number"]')?.textContent?.trim();
          const active = window.callpop.workbench.stores.$activeCallId.get() === id;
          if (active && number === '+86 138 0013 8000') {
            window.__painted[sipCallId] = performance.timeOrigin + performance.now();
            void softphone.reject(id).catch(() => undefined);
          } else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    });
    const popRun = await runSipp(kamailio, 'uac-rejected.xml', { calls: CALLS, rate: 2, timeoutS: CALLS + 30 });
    const painted = await agent.page.evaluate(() => window.__painted);
    const sent = inviteTimes(popRun.messages);
    const latencies = [];
    for (const [callId, at] of sent) if (painted[callId] !== undefined) latencies.push(painted[callId] - at);
    result.popLatency = { ...stats(latencies), sippExit: popRun.code, samples: latencies.map((v) => Math.round(v * 10) / 10) };
    say('1. sipp INVITE sent → pop painted (number in <call-pop>), loopback, MemoryBackend latency 0');
    say(`   in call order: ${result.popLatency.samples.map((v) => Math.round(v)).join(' ')}`);
    say(`   ${latencies.length}/${CALLS} calls: median ${result.popLatency.median} ms, p95 ${result.popLatency.p95} ms (min ${result.popLatency.min}, max ${result.popLatency.max}); sipp exit ${popRun.code}`);
    await agent.close();

    // ---- 2. answer() → 200 OK sent
    say('2. answer() called → 200 OK handed to the WebSocket (in the page; answered 300 ms after the ring)');
    for (const prewarm of ['ring', 'none']) {
      const page = await openAgent(browser, server.origin, kamailio, '1001', { query: { latency: '0', prewarm } });
      await page.page.evaluate(() => {
        const softphone = window.callpop.softphone;
        window.__answered = [];
        softphone.on((event) => {
          if (event.type === 'call' && event.call.state === 'ringing') {
            const id = event.call.id;
            window.__answered.push(id);
            setTimeout(() => void softphone.answer(id).catch(() => undefined), 300);
          }
        });
      });
      const n = prewarm === 'ring' ? ANSWERS : Math.max(3, Math.ceil(ANSWERS / 2));
      const run = await runSipp(kamailio, 'uac-answered.xml', { calls: n, rate: 1, timeoutS: n * 6 + 20, extra: ['-l', '1'] });
      const timings = await page.page.evaluate(() =>
        window.__answered.map((id) => window.callpop.diag().answerTiming(id)).filter((t) => t && t.okSentAt !== null),
      );
      const values = timings.map((t) => t.okSentAt - t.answerCalledAt);
      result.answerLatency[prewarm] = { ...stats(values), first: values[0] ?? null, sippExit: run.code };
      const s = result.answerLatency[prewarm];
      say(`   prewarm=${prewarm}: ${s.n} calls: median ${s.median} ms, p95 ${s.p95} ms (first call ${s.first} ms, max ${s.max}); sipp exit ${run.code}`);
      await page.close();
    }
  } finally {
    await stop();
  }
  if (JSON_OUT) console.log(JSON.stringify(result, null, 2));
}

main().catch((error) => {
  console.error(`bench/sip failed: ${error?.stack ?? error}`);
  process.exit(1);
});
