/**
 * Business-records benchmark page, driven by bench/records.mjs.
 *
 * A customer with 10,000 records (5,000 tickets) in the in-memory backend
 * (`createRecordsSeed`), the real workbench and `<business-records>`, in
 * production mode. Every page of the timeline is computed once up front and
 * then served from memory, so the figures are the SDK's (validation, stores,
 * Lit, the virtualizer), not the mock backend's sorting of 10,000 records.
 *
 * - first page painted: from the moment the first page's answer is handed
 *   over until its first entry is in the DOM and the next frame is painted;
 * - DOM nodes inside `<business-records>` once scrolled to the very end (all
 *   10,000 records loaded page by page as the list scrolls);
 * - long tasks (PerformanceObserver 'longtask', > 50 ms) while scrolling to the
 *   end (with paging) and while scrolling the whole loaded list again, plus the
 *   frame intervals seen while scrolling.
 */
import './process-shim.js';
import { createRecordsSeed } from './records-seed.js';
import type { BackendAdapter } from '../src/adapter/backend-adapter.js';
import { MemoryBackend, SEED_IDS } from '../src/adapter/memory/index.js';
import type { BusinessRecord, CallOptions, Page, RecordQuery } from '../src/adapter/types.js';
import { SimulatedSoftphone } from '../src/telephony/simulated-softphone.js';
import { createWorkbench, type Workbench } from '../src/workbench/workbench.js';
import { registerBusinessRecords } from '../components/business-records/register.js';
import { nextPaint, sleep } from './paint.js';

registerBusinessRecords();

const RECORDS = 10_000;
const CUSTOMER = SEED_IDS.zhangWei;
const FLING_PX = 400;
const SCROLL_PX = 120;
const SCROLL_FRAMES = 300;


/** Every page of the customer's timeline, by cursor, computed once. */
async function precompute(backend: MemoryBackend): Promise<Map<string, Page<BusinessRecord>>> {
  const pages = new Map<string, Page<BusinessRecord>>();
  let cursor: string | null = null;
  do {
    const page: Page<BusinessRecord> = await backend.records.list(CUSTOMER, { cursor, limit: 50 });
    pages.set(cursor ?? '', page);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

/** The backend with `records.list` served from the precomputed pages; the first page waits for `release()` when held. */
function servingAdapter(backend: MemoryBackend, pages: Map<string, Page<BusinessRecord>>) {
  let hold: { resolve: () => void; promise: Promise<void> } | null = null;
  const list = async (customerId: string, query?: RecordQuery, _options?: CallOptions): Promise<Page<BusinessRecord>> => {
    const page = customerId === CUSTOMER && !query?.kinds ? pages.get(query?.cursor ?? '') : undefined;
    const answer = page ?? (await backend.records.list(customerId, query));
    if (!query?.cursor && hold) {
      const waiting = hold;
      await waiting.promise;
    }
    return answer;
  };
  const adapter: BackendAdapter = {
    customers: backend.customers,
    records: { ...backend.records, list },
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
    holdFirstPage(): void {
      let resolve = (): void => undefined;
      const promise = new Promise<void>((r) => (resolve = r));
      hold = { resolve, promise };
    },
    release(): number {
      const t = performance.now();
      hold?.resolve();
      hold = null;
      return t;
    },
  };
}

type RecordsElement = HTMLElement & { updateComplete: Promise<boolean>; workbench: Workbench | undefined };

function mount(workbench: Workbench): RecordsElement {
  const host = document.getElementById('host')!;
  host.replaceChildren();
  const el = document.createElement('business-records') as RecordsElement;
  el.workbench = workbench;
  el.setAttribute('customer-id', CUSTOMER);
  el.style.setProperty('--callpop-business-records-height', '480px');
  host.append(el);
  return el;
}

function whenEntry(el: RecordsElement, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => el.shadowRoot?.querySelector('[part=entry]') != null;
    const started = performance.now();
    const poll = (): void => {
      if (check()) resolve(performance.now());
      else if (performance.now() - started > timeoutMs) reject(new Error('the first entry never showed'));
      else queueMicrotask(() => setTimeout(poll, 0));
    };
    const observer = new MutationObserver(() => {
      if (!check()) return;
      observer.disconnect();
      resolve(performance.now());
    });
    if (el.shadowRoot) observer.observe(el.shadowRoot, { childList: true, subtree: true });
    poll();
  });
}

function countNodes(root: Node): number {
  let count = 0;
  const walk = (node: Node): void => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.ELEMENT_NODE) {
        count += 1;
        const shadow = (child as Element).shadowRoot;
        if (shadow) walk(shadow);
      }
      walk(child);
    }
  };
  walk(root);
  return count;
}

export interface RecordsRun {
  readonly records: number;
  readonly firstPaint: readonly { toDom: number; toPaint: number }[];
  readonly loaded: number;
  readonly pagesFetched: number;
  readonly scrollToEndMs: number;
  readonly domNodesAtEnd: number;
  readonly entriesAtEnd: number;
  readonly longTasksPaging: readonly number[];
  readonly longTasksScroll: readonly number[];
  readonly frameIntervals: readonly number[];
  readonly nodeEnv: string;
  readonly litDevMode: boolean;
  readonly userAgent: string;
}

async function run(options: { iterations: number }): Promise<RecordsRun> {
  const backend = new MemoryBackend({ seed: createRecordsSeed(new Date(), { records: RECORDS - 20, tickets: 5000 - 10 }) });
  const pages = await precompute(backend);
  const total = [...pages.values()].reduce((sum, page) => sum + page.items.length, 0);
  const serving = servingAdapter(backend, pages);
  const softphone = new SimulatedSoftphone({ inboundTimeoutMs: null });

  // 1. First page painted, after the data is there.
  const firstPaint: { toDom: number; toPaint: number }[] = [];
  for (let i = 0; i < options.iterations; i += 1) {
    const workbench = createWorkbench({ adapter: serving.adapter, softphone, storage: null, namespace: `bench-${i}` });
    serving.holdFirstPage();
    const el = mount(workbench);
    await el.updateComplete;
    await nextPaint();
    await sleep(Math.random() * 16);
    const entry = whenEntry(el);
    const t0 = serving.release();
    const inDom = await entry;
    const paint = await nextPaint();
    firstPaint.push({ toDom: inDom - t0, toPaint: paint.painted - t0 });
    workbench.dispose();
  }

  // 2 + 3. Scroll to the end, loading every page, watching long tasks and frames.
  const workbench = createWorkbench({ adapter: serving.adapter, softphone, storage: null, namespace: 'bench-scroll' });
  const el = mount(workbench);
  await whenEntry(el);
  await nextPaint();
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  const frames: number[] = [];
  let last = performance.now();
  let watching = true;
  const tick = (t: number): void => {
    frames.push(t - last);
    last = t;
    if (watching) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  const list = (): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>('[part=list]')!;
  const loadedCount = (): number => Number(/(\d[\d,]*)/.exec(el.shadowRoot!.querySelector('[part=end]')?.textContent ?? '')?.[1]?.replace(/,/g, '') ?? 0);
  let pagesFetched = 1;
  const original = serving.adapter.records.list;
  (serving.adapter.records as { list: typeof original }).list = (...args) => {
    pagesFetched += 1;
    return original(...args);
  };
  const started = performance.now();
  // The agent flings the list down, frame after frame, until the end of the timeline
  // (FLING_PX a frame: 24,000 px/s at 60 Hz, about 480 entries a second).
  while (loadedCount() === 0 && performance.now() - started < 300_000) {
    const scroller = list();
    scroller.scrollTop += FLING_PX;
    await new Promise((r) => requestAnimationFrame(r));
  }
  const scrollToEndMs = performance.now() - started;
  await sleep(200);
  await nextPaint();
  const longTasksPaging = [...longTasks];
  const domNodesAtEnd = countNodes(el.shadowRoot!);
  const entriesAtEnd = el.shadowRoot!.querySelectorAll('[part=entry]').length;

  // Then scroll the loaded list the way an agent reads it: SCROLL_PX a frame (a fast wheel
  // scroll, 7,200 px/s at 60 Hz) for SCROLL_FRAMES frames, up from the end, then down again.
  longTasks.length = 0;
  frames.length = 0;
  const scroller = list();
  for (let i = 0; i < SCROLL_FRAMES; i += 1) {
    scroller.scrollTop -= SCROLL_PX;
    await new Promise((r) => requestAnimationFrame(r));
  }
  for (let i = 0; i < SCROLL_FRAMES; i += 1) {
    scroller.scrollTop += SCROLL_PX;
    await new Promise((r) => requestAnimationFrame(r));
  }
  await sleep(200);
  watching = false;
  observer.disconnect();
  const env = (globalThis as { process?: { env?: Record<string, string> } }).process?.env?.['NODE_ENV'] ?? '(unset)';
  return {
    records: total,
    firstPaint,
    loaded: loadedCount(),
    pagesFetched,
    scrollToEndMs,
    domNodesAtEnd,
    entriesAtEnd,
    longTasksPaging,
    longTasksScroll: [...longTasks],
    frameIntervals: frames.slice(1),
    nodeEnv: env,
    litDevMode: 'litIssuedWarnings' in globalThis,
    userAgent: navigator.userAgent,
  };
}

Object.assign(window, { callpopRecordsBench: { run } });
document.documentElement.dataset['benchReady'] = 'true';
