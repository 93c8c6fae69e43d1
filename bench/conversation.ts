/**
 * Streaming-transcript benchmark page, driven by bench/conversation.mjs.
 *
 * Wires the real SDK in production mode (in-memory backend, simulated
 * softphone, workbench, `<conversation-view>`) and exposes
 * `window.callpopConversationBench`: `stream(from, count, perTick, tickMs)`
 * pushes segments through the backend's `conversation.segment` pushes the way
 * speech recognition does (each line first as interim text, then its final
 * text on the next tick), `metrics()` reads the view's DOM size, the JS heap
 * and the long tasks seen so far.
 */
import './process-shim.js';
import { MemoryBackend } from '../src/adapter/memory/index.js';
import { createEmptySeed } from '../src/adapter/memory/seed.js';
import type { ConversationSegment, Speaker } from '../src/adapter/types.js';
import { SimulatedSoftphone } from '../src/telephony/simulated-softphone.js';
import { conversationModule } from '../src/workbench/conversation.js';
import { setDefaultWorkbench } from '../src/workbench/default-workbench.js';
import { createWorkbench } from '../src/workbench/workbench.js';
import '../components/conversation-view/define.js';

const CALL = 'bench-call';
const T0 = Date.parse('2026-11-25T08:00:00.000Z');
const SPEAKERS: readonly Speaker[] = ['customer', 'agent'];
const LINES = [
  '我上周买的扫地机器人到现在还没收到，订单号是 YT20261118。',
  '您好，我帮您查一下订单的物流信息，请稍等。',
  'The parcel has been stuck at the sorting centre for two days.',
  '好的，麻烦快一点，我下午还要出门。',
  'I have flagged it as urgent; it should arrive tomorrow afternoon.',
  '如果明天还到不了我就要退货了，有消息打我这个号码 13800138000。',
  '明白，我建一个工单跟进，明天下午给您回电。',
  'Could you also send me the tracking number by email, please?',
];

interface LongTask {
  readonly start: number;
  readonly duration: number;
}

const longTasks: LongTask[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: true });

const backend = new MemoryBackend({ seed: createEmptySeed() });
const softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null });
const workbench = createWorkbench({ adapter: backend, softphone, storage: null });
setDefaultWorkbench(workbench);

function segment(n: number, final: boolean): ConversationSegment {
  const text = LINES[n % LINES.length]!;
  return {
    id: `seg-${n}`,
    callId: CALL,
    speaker: n < 4 ? 'bot' : SPEAKERS[n % 2]!,
    text: final ? `${text} (#${n})` : text.slice(0, Math.max(4, Math.floor(text.length / 2))),
    final,
    seq: n,
    at: new Date(T0 + n * 50).toISOString(),
  };
}

const view = document.querySelector('conversation-view')!;

function metrics() {
  const root = view.shadowRoot!;
  const log = root.querySelector<HTMLElement>('[part="log"]');
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return {
    segments: workbench.use(conversationModule).segments(CALL).length,
    domNodesInView: root.querySelectorAll('*').length,
    renderedLines: root.querySelectorAll('[part~="segment"]').length,
    usedJSHeapSize: memory?.usedJSHeapSize ?? null,
    atBottom: log ? log.scrollTop + log.clientHeight >= log.scrollHeight - 30 : false,
    newestLineShown: root.querySelector(`[data-id="seg-${workbench.use(conversationModule).segments(CALL).length - 1}"]`) !== null,
    longTaskCount: longTasks.length,
  };
}

/**
 * Push `count` lines from `from`, `perTick` of them every `tickMs`: each tick
 * sends the final text of the previous tick's lines and the interim text of
 * its own. Resolves when all are in and the view has rendered.
 */
function stream(
  from: number,
  count: number,
  perTick: number,
  tickMs: number,
): Promise<{ elapsedMs: number; longTasks: LongTask[]; tickWorkMs: number[] }> {
  const startedAt = performance.now();
  const firstTask = longTasks.length;
  const tickWorkMs: number[] = [];
  return new Promise((resolve) => {
    let next = from;
    let pendingFinal: number[] = [];
    const end = from + count;
    const tick = (): void => {
      // The SDK's script work of one tick: the pushes, the stores and the view's render.
      const t0 = performance.now();
      void (view as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete.then(() => tickWorkMs.push(performance.now() - t0));
      pendingFinal = [];
      for (let i = 0; i < perTick && next < end; i += 1, next += 1) {
        backend.appendSegment(segment(next, false));
        pendingFinal.push(next);
      }
      if (next >= end && pendingFinal.length === 0) {
        clearInterval(timer);
        // Let the view catch up (virtualizer layout, follow-the-newest scroll) before reporting.
        setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => {
          resolve({ elapsedMs: performance.now() - startedAt, longTasks: longTasks.slice(firstTask), tickWorkMs });
        })), 200);
      }
    };
    const timer = setInterval(tick, tickMs);
  });
}

declare global {
  interface Window {
    callpopConversationBench: {
      stream: typeof stream;
      metrics: typeof metrics;
      nodeEnv: string | undefined;
      litDevMode: boolean;
    };
  }
}

await workbench.start();
workbench.use(conversationModule);
await customElements.whenDefined('conversation-view');
window.callpopConversationBench = {
  stream,
  metrics,
  nodeEnv: (globalThis as { process?: { env: Record<string, string> } }).process?.env['NODE_ENV'],
  litDevMode: 'litIssuedWarnings' in globalThis,
};
document.documentElement.dataset['benchReady'] = 'true';
