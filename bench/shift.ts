/**
 * A shift in one page, driven by bench/shift.mjs (`npm run bench:shift`): the real SDK wired as an
 * integrator does (in-memory backend, simulated softphone, one workbench, `<phone-bar>` and
 * `<call-pop>`), production builds, and `window.callpopShift.calls(n)` running n calls, each:
 * ring (ring → number painted timed), answer, a transcript of 50 lines pushed live, smart fill,
 * summary saved, hang up. After-call work is off (the seed's 30 s would hold the next ring).
 *
 * The transcript is pushed (`backend.emit`), not stored in the in-memory backend: a real backend
 * keeps it on a server, and the figures are about the SDK's memory. Call records and summaries
 * the in-memory backend keeps are in the page's heap and so in the figures (about 1 KB a call).
 */
import './timer-count.js';
import './process-shim.js';
import { liveTimers } from './timer-count.js';
import { MemoryBackend, SEED_IDS } from '../src/adapter/memory/index.js';
import { formatPhone } from '../src/phone/index.js';
import { SimulatedSoftphone } from '../src/telephony/simulated-softphone.js';
import { setDefaultWorkbench } from '../src/workbench/default-workbench.js';
import { summaryModule } from '../src/workbench/summary.js';
import { createWorkbench } from '../src/workbench/workbench.js';
import '../components/define.js';
import { nextPaint, whenText } from './paint.js';

const backend = new MemoryBackend({ latencyMs: 0 });
backend.setPhoneSettings({ acwSeconds: 0 });
const softphone = new SimulatedSoftphone({ inboundTimeoutMs: null });
// Each call a minute later (the workbench reuses a number's lookup for 30 s).
let clock = 0;
const workbench = createWorkbench({ adapter: backend, softphone, storage: null, namespace: 'shift', now: () => Date.now() + clock });
setDefaultWorkbench(workbench);
const summary = workbench.use(summaryModule);

const numbers = [SEED_IDS.zhangWeiPhone, SEED_IDS.emilyCarterPhone, SEED_IDS.chenJingPhone, SEED_IDS.unknownPhone];
const LINES = [
  ['customer', '你好，我的快递一直显示在途，订单号是 YT2026{n}，已经一个星期了。'],
  ['agent', '您好，我帮您查一下，请问您的手机号是多少？'],
  ['customer', 'Hi, my parcel never arrived, the order is NZ-44{n}, I paid 349 yuan.'],
  ['agent', 'I am sorry about that, we will call you back tomorrow at 3 pm.'],
  ['customer', '好的，那麻烦你们明天下午三点给我回电话。'],
] as const;

let started = false;
let done = 0;
const ringToPaint: number[] = [];

/** Runs `n` more calls; returns each call's ring → number painted (ms). */
async function calls(n: number): Promise<number[]> {
  const callPop = document.querySelector('call-pop') as (HTMLElement & { updateComplete: Promise<boolean> }) | null;
  if (!callPop?.shadowRoot) throw new Error('no <call-pop> in the page');
  if (!started) {
    await softphone.register();
    await workbench.start();
    started = true;
  }
  const root = callPop.shadowRoot;
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const k = done;
    const number = numbers[k % numbers.length]!;
    clock += 60_000;
    await nextPaint();
    const t0 = performance.now();
    const callId = softphone.simulateInbound(number);
    await whenText(root, '[part=number]', formatPhone(number), 10_000);
    const painted = (await nextPaint()).painted;
    out.push(painted - t0);
    // The pop paints its header first and its body (customer card, conversation, summary) a frame
    // later; the agent answers a pop that is all there, and the conversation view it holds is what
    // starts the live transcript, so the 50 lines below are heard.
    await callPop.updateComplete;
    await workbench.answer(callId);
    for (let line = 0; line < 50; line += 1) {
      const [speaker, text] = LINES[line % LINES.length]!;
      backend.emit({
        type: 'conversation.segment',
        segment: { id: `${callId}-${line}`, callId, speaker, text: text.replace('{n}', String(10000 + k)), final: true, seq: line, at: new Date(Date.now() + clock).toISOString() },
      });
    }
    await summary.load(callId);
    await summary.fill(callId);
    const state = summary.$summaries.get()[callId];
    if (state?.fill.status !== 'filled') throw new Error(`call ${k}: smart fill ended ${state?.fill.status} (${state?.fill.error ?? ''})`);
    await summary.save(callId);
    await workbench.hangup(callId);
    await callPop.updateComplete;
    done += 1;
  }
  ringToPaint.push(...out);
  return out;
}

/** What the page can count itself (the CDP counts the DOM and listeners). */
function metrics(): { calls: number; liveTimers: number; elements: number; kept: Record<string, number> } {
  let elements = 0;
  const walk = (node: Document | ShadowRoot): void => {
    for (const el of node.querySelectorAll('*')) {
      elements += 1;
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  // Per-call state the SDK keeps (each should be bounded, not one entry a call).
  const count = (value: object | undefined): number => Object.values(value ?? {}).filter((v) => v !== undefined).length;
  const kept = {
    pops: count(workbench.stores.$calls.get()),
    summaries: count(summary.$summaries.get()),
    drafts: count(workbench.stores.$drafts.get()),
    recentCalls: workbench.stores.$recentCalls.get().ids.length,
  };
  return { calls: done, liveTimers: liveTimers(), elements, kept };
}

const env = (globalThis as { process?: { env?: Record<string, string> } }).process?.env?.['NODE_ENV'] ?? '(unset)';
Object.assign(window, { callpopShift: { calls, metrics, nodeEnv: env, litDevMode: 'litIssuedWarnings' in globalThis } });
document.documentElement.dataset['benchReady'] = 'true';
