/**
 * Screen-pop latency benchmark page, driven by bench/run.mjs (`npm run bench`).
 *
 * The page wires the real SDK the way an integrator does (in-memory backend,
 * simulated softphone, workbench, `<call-pop>`), in production mode, and
 * exposes `window.callpopBench.run()`. For each pop it measures:
 *
 * - ring → number painted: from `softphone.simulateInbound()` until the
 *   call-pop's `[part=number]` shows the formatted number and the next frame
 *   has been painted;
 * - answer → name painted: from the moment the backend's customer lookup
 *   answers (the bench holds every `customers.findByPhone` answer back and
 *   releases it) until `[part=customer-name]` shows the customer's name and
 *   the next frame has been painted.
 *
 * "Painted" uses the usual requestAnimationFrame + postMessage idiom: the
 * message task runs right after the frame that rAF belongs to has been
 * rendered. The figures therefore include the SDK's work (stores, Lit's
 * render) and the wait for the next frame.
 */
import './process-shim.js';
import type { BackendAdapter } from '../src/adapter/backend-adapter.js';
import { AdapterError } from '../src/adapter/errors.js';
import { MemoryBackend, SEED_IDS } from '../src/adapter/memory/index.js';
import type { CallOptions, Customer } from '../src/adapter/types.js';
import { formatPhone } from '../src/phone/index.js';
import { SimulatedSoftphone } from '../src/telephony/simulated-softphone.js';
import { setDefaultWorkbench } from '../src/workbench/default-workbench.js';
import { createWorkbench } from '../src/workbench/workbench.js';
import '../components/define.js';
import { nextPaint, sleep, whenText } from './paint.js';

/** One held-back `customers.findByPhone` answer. */
interface HeldLookup {
  readonly number: string;
  /** Settles once the real backend's answer is in hand (so `release` is instant). */
  readonly ready: Promise<void>;
  /** Hands the answer to the caller, synchronously. */
  release(): void;
}

/**
 * A thin adapter around the memory backend whose `customers.findByPhone`
 * answers only when the bench says so. Everything else goes straight to the
 * backend.
 */
function holdingAdapter(backend: MemoryBackend): { adapter: BackendAdapter; take(number: string): HeldLookup | undefined } {
  const held = new Map<string, HeldLookup>();
  const findByPhone = (phone: string, options?: CallOptions): Promise<readonly Customer[]> =>
    new Promise<readonly Customer[]>((resolve, reject) => {
      let outcome: { ok: true; value: readonly Customer[] } | { ok: false; error: unknown } | undefined;
      const ready = backend.customers.findByPhone(phone).then(
        (value) => void (outcome = { ok: true, value }),
        (error: unknown) => void (outcome = { ok: false, error }),
      );
      options?.signal?.addEventListener('abort', () => reject(new AdapterError('aborted', 'The lookup was aborted.')), {
        once: true,
      });
      held.set(phone, {
        number: phone,
        ready,
        release() {
          if (!outcome) throw new Error('release() before the answer was ready');
          if (outcome.ok) resolve(outcome.value);
          else reject(outcome.error);
        },
      });
    });
  const adapter: BackendAdapter = {
    customers: { ...backend.customers, findByPhone },
    records: backend.records,
    tickets: backend.tickets,
    calls: backend.calls,
    summary: backend.summary,
    sms: backend.sms,
    contactPlans: backend.contactPlans,
    agents: backend.agents,
    dockingPages: backend.dockingPages,
    conversation: backend.conversation,
    subscribe: (types, listener, options) => backend.subscribe(types, listener, options),
  };
  return {
    adapter,
    take(number) {
      const lookup = held.get(number);
      held.delete(number);
      return lookup;
    },
  };
}

// ---------------------------------------------------------------- timing helpers

/** Median interval between animation frames, to report the display rate the figures are bound to. */
async function frameInterval(frames = 61): Promise<number> {
  const stamps: number[] = [];
  await new Promise<void>((resolve) => {
    const tick = (t: number): void => {
      stamps.push(t);
      if (stamps.length < frames) requestAnimationFrame(tick);
      else resolve();
    };
    requestAnimationFrame(tick);
  });
  const deltas = stamps.slice(1).map((t, i) => t - (stamps[i] ?? t)).sort((a, b) => a - b);
  return deltas[Math.floor(deltas.length / 2)] ?? Number.NaN;
}

// ---------------------------------------------------------------- the bench

export interface PopSample {
  readonly number: string;
  /** Calls in "My calls" when the phone rang (the list the pop re-renders). */
  readonly myCalls: number;
  /** Ring → number painted. */
  readonly ringToPaint: number;
  /** Ring → number in the DOM (the SDK's script work and Lit's render; not yet painted). */
  readonly ringToDom: number;
  /** Start of the painted frame → painted (style, layout, paint of that frame). */
  readonly ringFrame: number;
  /** Lookup answer → name painted. */
  readonly answerToPaint: number;
  /** Lookup answer → name in the DOM. */
  readonly answerToDom: number;
  /** Start of the painted frame → painted. */
  readonly answerFrame: number;
}

export interface BenchRun {
  readonly samples: readonly PopSample[];
  /** The warm-up pops (not in `samples`); the first one is the cold pop. */
  readonly warmup: readonly PopSample[];
  readonly frameIntervalMs: number;
  readonly userAgent: string;
  readonly devicePixelRatio: number;
  readonly viewport: { readonly width: number; readonly height: number };
  /** What process.env.NODE_ENV was in the page. */
  readonly nodeEnv: string;
  /** Whether Lit's development build is loaded (it sets `globalThis.litIssuedWarnings`). */
  readonly litDevMode: boolean;
}

export interface BenchOptions {
  readonly iterations: number;
  readonly warmup: number;
}

const backend = new MemoryBackend({ latencyMs: 0 });
const { adapter, take } = holdingAdapter(backend);
const softphone = new SimulatedSoftphone({ inboundTimeoutMs: null });
// The workbench reuses a number's lookup for 30 s. Each pop advances this clock
// by a minute so every pop asks the backend again, as a new caller would.
let clockSkew = 0;
const workbench = createWorkbench({ adapter, softphone, storage: null, namespace: 'bench', now: () => Date.now() + clockSkew });
setDefaultWorkbench(workbench);

const numbers = [SEED_IDS.zhangWeiPhone, SEED_IDS.emilyCarterPhone, SEED_IDS.chenJingPhone];

async function pop(callPop: HTMLElement & { updateComplete: Promise<boolean> }, number: string, name: string): Promise<PopSample> {
  const root = callPop.shadowRoot;
  if (!root) throw new Error('<call-pop> has no shadow root');
  const formatted = formatPhone(number);
  clockSkew += 60_000;
  // Ring at a random point of the frame, as a softphone event from the network would.
  await nextPaint();
  await sleep(Math.random() * 16);

  const myCalls = workbench.stores.$recentCalls.get().ids.length;
  const t0 = performance.now();
  const callId = softphone.simulateInbound(number);
  const numberInDom = await whenText(root, '[part=number]', formatted);
  const ring = await nextPaint();

  const lookup = take(number);
  if (!lookup) throw new Error(`the pop of ${number} did not ask the backend for its customer`);
  await lookup.ready;
  // Let the other work of the ring (the call report, the customer card) settle, then
  // answer at a random point of the frame.
  await nextPaint();
  await callPop.updateComplete;
  await nextPaint();
  await sleep(Math.random() * 16);

  const t2 = performance.now();
  lookup.release();
  const nameInDom = await whenText(root, '[part=customer-name]', name);
  const answer = await nextPaint();

  softphone.simulateRemoteHangup(callId);
  await callPop.updateComplete;
  await sleep(0);
  return {
    number,
    myCalls,
    ringToPaint: ring.painted - t0,
    ringToDom: numberInDom - t0,
    ringFrame: ring.painted - ring.frame,
    answerToPaint: answer.painted - t2,
    answerToDom: nameInDom - t2,
    answerFrame: answer.painted - answer.frame,
  };
}

async function run(options: BenchOptions): Promise<BenchRun> {
  const callPop = document.querySelector('call-pop') as (HTMLElement & { updateComplete: Promise<boolean> }) | null;
  if (!callPop) throw new Error('no <call-pop> in the page');
  await softphone.register();
  await workbench.start();
  await callPop.updateComplete;
  const names = new Map<string, string>();
  for (const number of numbers) {
    const [customer] = await backend.customers.findByPhone(number);
    if (!customer) throw new Error(`the seed has no customer with ${number}`);
    names.set(number, customer.name);
  }
  const frameIntervalMs = await frameInterval();
  const warmup: PopSample[] = [];
  const samples: PopSample[] = [];
  for (let i = 0; i < options.warmup + options.iterations; i += 1) {
    const number = numbers[i % numbers.length] ?? SEED_IDS.zhangWeiPhone;
    const sample = await pop(callPop, number, names.get(number) ?? '');
    (i < options.warmup ? warmup : samples).push(sample);
  }
  const env = (globalThis as { process?: { env?: Record<string, string> } }).process?.env?.['NODE_ENV'] ?? '(unset)';
  return {
    samples,
    warmup,
    frameIntervalMs,
    userAgent: navigator.userAgent,
    devicePixelRatio: window.devicePixelRatio,
    viewport: { width: window.innerWidth, height: window.innerHeight },
    nodeEnv: env,
    litDevMode: 'litIssuedWarnings' in globalThis,
  };
}

Object.assign(window, { callpopBench: { run } });
document.documentElement.dataset['benchReady'] = 'true';
