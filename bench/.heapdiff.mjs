import { openBenchPage } from './harness.mjs';
const { page, close } = await openBenchPage('/bench/shift.html', { protocolTimeout: 3_600_000 });
await page.waitForFunction(() => document.documentElement.dataset.benchReady === 'true', { timeout: 60_000 });
const cdp = await page.createCDPSession();
const run = async (n) => { for (let left = n; left > 0; left -= 50) await page.evaluate((c) => window.callpopShift.calls(c), Math.min(50, left)); };
async function snap() {
  await new Promise((r) => setTimeout(r, 1500));
  await cdp.send('HeapProfiler.collectGarbage');
  let chunks = [];
  const on = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', on);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', on);
  const s = JSON.parse(chunks.join(''));
  const f = s.snapshot.meta.node_fields; const types = s.snapshot.meta.node_types[0];
  const n = f.length; const agg = new Map(); const strs = new Map();
  for (let i = 0; i < s.nodes.length; i += n) {
    const type = types[s.nodes[i]]; const name = s.strings[s.nodes[i + 1]]; const size = s.nodes[i + 3];
    const key = type === 'string' || type === 'concatenated string' || type === 'sliced string' ? `(string)` : `${type}:${name.slice(0, 60)}`;
    const a = agg.get(key) ?? { count: 0, size: 0 }; a.count++; a.size += size; agg.set(key, a);
    if (key === '(string)') { strs.set(name.slice(0, 80), (strs.get(name.slice(0, 80)) ?? 0) + 1); }
  }
  agg.strs = strs;
  return agg;
}
await run(100);
const a = await snap();
await run(200);
const b = await snap();
const rows = [...b].map(([k, v]) => [k, v.count - (a.get(k)?.count ?? 0), v.size - (a.get(k)?.size ?? 0)]).sort((x, y) => y[2] - x[2]).slice(0, 35);
for (const [k, c, s] of rows) console.log(String(s).padStart(9), String(c).padStart(7), k);
const pat = new Map();
for (const [k, c] of b.strs) { if ((a.strs.get(k) ?? 0) >= c) continue; const shape = k.replace(/[0-9]/g, '9').replace(/[a-z]{3,}/gi, 'w').slice(0, 40); pat.set(shape, (pat.get(shape) ?? 0) + c - (a.strs.get(k) ?? 0)); }
console.log([...pat].sort((x, y) => y[1] - x[1]).slice(0, 30));
const ex = [...b.strs].filter(([k, c]) => (a.strs.get(k) ?? 0) < c).slice(-40).map(([k]) => k);
console.log(ex);
await close();
