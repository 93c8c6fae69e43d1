/**
 * The element gallery behind `npm run screenshots` (scripts/screenshots.mjs):
 * each callpop element in a realistic state, on the in-memory backend and the
 * simulated softphone.
 *
 * `gallery.html?el=<tag>&theme=light|dark[&density=compact][&width=360][&lang=zh-CN]`
 * renders one element in a `<figure class="shot">` and sets
 * `window.galleryReady` once it has settled; without `el` the page lists the
 * scenes as links.
 */
import '../../demo/process-shim.js';
import type { LitElement } from 'lit';
import { createDefaultSeed, MemoryBackend, SEED_IDS } from '../../src/adapter/memory/index.js';
import type { CategoryNode } from '../../src/adapter/types.js';
import { SimulatedSoftphone } from '../../src/telephony/simulated-softphone.js';
import { agentModule } from '../../src/workbench/agent.js';
import { createWorkbench, type Workbench } from '../../src/workbench/workbench.js';
import { FakeRingerAudio } from '../../src/telephony/fake-ringer-audio.js';

declare global {
  interface Window {
    galleryReady?: boolean;
    galleryError?: string;
  }
}


interface Rig {
  readonly backend: MemoryBackend;
  readonly softphone: SimulatedSoftphone;
  readonly workbench: Workbench;
  /** Moves the softphone's clock back, so a call answered now shows a running timer. */
  setClockOffset(ms: number): void;
}

async function createRig(backend = new MemoryBackend()): Promise<Rig> {
  let offset = 0;
  const softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null, now: () => Date.now() - offset });
  const workbench = createWorkbench({ adapter: backend, softphone, storage: null });
  workbench.use(agentModule).useEnvironment({ storage: null, notifications: null, ringer: { createAudio: () => new FakeRingerAudio() } });
  await workbench.start();
  await softphone.register();
  return {
    backend,
    softphone,
    workbench,
    setClockOffset: (ms) => {
      offset = ms;
    },
  };
}

interface Scene {
  /** The element's tag, also the PNG's name. */
  readonly tag: string;
  /** The width the element gets (CSS px). */
  readonly width: number;
  /** Registers the tags the scene shows. */
  define(): Promise<unknown>;
  /** Builds the element in its state (added to the page by the caller). */
  create(rig: Rig): Promise<HTMLElement>;
  /** True once the element shows its data. */
  ready(el: HTMLElement): boolean;
  /** A backend other than the default seed. */
  backend?(): MemoryBackend;
}

const has = (el: Element, part: string): boolean => deepQuery(el, `[part~="${part}"]`) !== null;

/** The first element matching `selector` in `root`'s shadow root or any shadow root below it. */
function deepQuery(root: Element, selector: string): Element | null {
  const shadow = root.shadowRoot;
  if (!shadow) return null;
  const found = shadow.querySelector(selector);
  if (found) return found;
  for (const child of shadow.querySelectorAll('*')) {
    const inner = deepQuery(child, selector);
    if (inner) return inner;
  }
  return null;
}

function element<T extends HTMLElement>(tag: string, props: Record<string, unknown> = {}, attrs: Record<string, string> = {}): T {
  const el = document.createElement(tag) as T;
  Object.assign(el, props);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

/** A live call from Emily Carter, answered some time ago, with a few transcript lines. */
async function liveCall(rig: Rig, options: { answered?: boolean; lines?: boolean } = {}): Promise<string> {
  rig.setClockOffset(135_000);
  const callId = rig.softphone.simulateInbound(SEED_IDS.emilyCarterPhone, { displayNumber: '+864008001234' });
  if (options.answered ?? true) await rig.softphone.answer(callId);
  rig.setClockOffset(0);
  if (options.lines) {
    const start = Date.now() - 120_000;
    const lines: readonly (readonly ['customer' | 'agent', string, boolean?])[] = [
      ['agent', 'Good morning, this is Li Na from Yuntu support. How can I help you today?'],
      ['customer', 'Hi, I ordered a pair of headphones last week, order number 10482, and the parcel still has not arrived.'],
      ['agent', 'I am sorry to hear that. Let me check the delivery status for order 10482.'],
      ['customer', 'The tracking page has said "in transit" for five days now.'],
      ['agent', 'I can see the parcel was held at the regional depot. I will ask the courier to'],
    ];
    lines.forEach(([speaker, text], index) => {
      rig.backend.appendSegment({
        id: `gallery-${index}`,
        callId,
        speaker,
        text,
        final: index < lines.length - 1,
        seq: index + 1,
        at: new Date(start + index * 14_000).toISOString(),
      });
    });
  }
  return callId;
}

function firstLeaf(nodes: readonly CategoryNode[]): CategoryNode | undefined {
  for (const node of nodes) {
    if (!node.children || node.children.length === 0) return node;
    const leaf = firstLeaf(node.children);
    if (leaf) return leaf;
  }
  return undefined;
}

const scenes: readonly Scene[] = [
  {
    tag: 'call-pop',
    width: 1040,
    define: () =>
      Promise.all([
        import('../../components/call-pop/register.js').then((m) => m.registerCallPop()),
        import('../../components/sms-composer/register.js').then((m) => m.registerSmsComposer()),
        import('../../components/contact-plan-form/register.js').then((m) => m.registerContactPlanForm()),
      ]),
    async create(rig) {
      const caller = document.documentElement.lang === 'zh-CN' ? SEED_IDS.zhangWeiPhone : SEED_IDS.emilyCarterPhone;
      rig.softphone.simulateInbound(caller, { displayNumber: '+864008001234' });
      return element('call-pop', { workbench: rig.workbench });
    },
    ready: (el) => has(el, 'my-call') && has(el, 'name'),
  },
  {
    tag: 'customer-card',
    width: 520,
    define: () => import('../../components/customer-card/register.js').then((m) => m.registerCustomerCard()),
    async create(rig) {
      const callId = await liveCall(rig);
      return element('customer-card', { workbench: rig.workbench }, { 'call-id': callId });
    },
    ready: (el) => has(el, 'details'),
  },
  {
    tag: 'phone-bar',
    width: 360,
    define: () => import('../../components/phone-bar/register.js').then((m) => m.registerPhoneBar()),
    async create(rig) {
      await liveCall(rig);
      return element('phone-bar', { workbench: rig.workbench });
    },
    ready: (el) => has(el, 'hangup') && has(el, 'status'),
  },
  {
    tag: 'conversation-view',
    width: 520,
    define: () => import('../../components/conversation-view/register.js').then((m) => m.registerConversationView()),
    async create(rig) {
      const callId = await liveCall(rig, { lines: true });
      return element('conversation-view', { workbench: rig.workbench }, { 'call-id': callId });
    },
    ready: (el) => (el.shadowRoot?.querySelectorAll('[part~="segment"]').length ?? 0) >= 5,
  },
  {
    tag: 'service-summary',
    width: 560,
    define: () => import('../../components/service-summary/register.js').then((m) => m.registerServiceSummary()),
    async create(rig) {
      return element('service-summary', { workbench: rig.workbench }, { 'call-id': SEED_IDS.englishCall });
    },
    ready: (el) => has(el, 'save') || has(el, 'fields'),
  },
  {
    tag: 'schema-form',
    width: 520,
    define: () => import('../../components/schema-form/register.js').then((m) => m.registerSchemaForm()),
    async create() {
      return element('schema-form', {
        fields: createDefaultSeed(new Date()).ticketSchema.fields,
        values: { orderNumber: 'YT20261118', channel: 'online', amount: 399 },
        highlights: { orderNumber: { source: 'Customer: my order number is YT20261118' } },
      });
    },
    ready: (el) => has(el, 'field'),
  },
  {
    tag: 'category-picker',
    width: 360,
    define: () => import('../../components/category-picker/register.js').then((m) => m.registerCategoryPicker()),
    async create() {
      const categories = createDefaultSeed(new Date()).ticketSchema.categories;
      return element('category-picker', { categories, value: firstLeaf(categories)?.id ?? null, label: 'Category' });
    },
    ready: (el) => has(el, 'tree') || has(el, 'search'),
  },
  {
    tag: 'sms-composer',
    width: 520,
    define: () => import('../../components/sms-composer/register.js').then((m) => m.registerSmsComposer()),
    async create(rig) {
      return element('sms-composer', { workbench: rig.workbench }, { 'call-id': SEED_IDS.englishCall });
    },
    ready: (el) => has(el, 'preview'),
  },
  {
    tag: 'contact-plan-form',
    width: 520,
    define: () => import('../../components/contact-plan-form/register.js').then((m) => m.registerContactPlanForm()),
    async create(rig) {
      return element('contact-plan-form', { workbench: rig.workbench }, { 'call-id': SEED_IDS.englishCall });
    },
    ready: (el) => has(el, 'submit') || (el.shadowRoot?.querySelector('select option') ?? null) !== null,
  },
  {
    tag: 'contact-plans',
    width: 600,
    define: () => import('../../components/contact-plans/register.js').then((m) => m.registerContactPlans()),
    async create(rig) {
      return element('contact-plans', { workbench: rig.workbench, filter: 'pending' });
    },
    ready: (el) => has(el, 'plan'),
  },
  {
    tag: 'docking-pages',
    width: 640,
    backend: () =>
      new MemoryBackend({
        seed: {
          ...createDefaultSeed(new Date()),
          dockingPages: [
            {
              id: 'gallery-orders',
              name: { en: 'Orders', 'zh-CN': '订单查询' },
              urlTemplate: `${location.origin}/docs/screenshots/docking-sample.html?phone={{phone}}`,
              order: 1,
              directions: ['inbound', 'outbound'],
              height: 200,
              sandbox: null,
            },
            {
              id: 'gallery-kb',
              name: { en: 'Knowledge base', 'zh-CN': '知识库' },
              urlTemplate: `${location.origin}/docs/screenshots/docking-sample.html?q={{phone}}`,
              order: 2,
              directions: ['inbound'],
              height: 200,
              sandbox: null,
            },
          ],
        },
      }),
    define: () => import('../../components/docking-pages/register.js').then((m) => m.registerDockingPages()),
    async create(rig) {
      const callId = await liveCall(rig);
      return element('docking-pages', { workbench: rig.workbench }, { 'call-id': callId });
    },
    ready: (el) => has(el, 'frame'),
  },
  {
    tag: 'call-details',
    width: 640,
    define: () => import('../../components/call-details/register.js').then((m) => m.registerCallDetails()),
    async create(rig) {
      return element('call-details', { workbench: rig.workbench }, { 'call-id': SEED_IDS.englishCall });
    },
    ready: (el) => has(el, 'tab') && (has(el, 'record') || has(el, 'empty')),
  },
  {
    tag: 'business-records',
    width: 600,
    define: () => import('../../components/business-records/register.js').then((m) => m.registerBusinessRecords()),
    async create(rig) {
      return element('business-records', { workbench: rig.workbench }, { 'customer-id': SEED_IDS.emilyCarter });
    },
    ready: (el) => has(el, 'record') || has(el, 'empty'),
  },
  {
    tag: 'call-record',
    width: 520,
    define: () => import('../../components/call-record/register.js').then((m) => m.registerCallRecordView()),
    async create(rig) {
      return element('call-record', { workbench: rig.workbench }, { 'call-id': SEED_IDS.transferredCall });
    },
    ready: (el) => has(el, 'legs') || has(el, 'leg'),
  },
  {
    tag: 'ticket-form',
    width: 560,
    define: () => import('../../components/ticket-form/register.js').then((m) => m.registerTicketForm()),
    async create(rig) {
      return element('ticket-form', { workbench: rig.workbench }, { 'call-id': SEED_IDS.englishCall });
    },
    ready: (el) => has(el, 'fields') || has(el, 'title'),
  },
  {
    tag: 'ticket-tab',
    width: 600,
    define: () => import('../../components/ticket-tab/register.js').then((m) => m.registerTicketTab()),
    async create(rig) {
      return element('ticket-tab', { workbench: rig.workbench }, { 'call-id': SEED_IDS.transferredCall });
    },
    ready: (el) => has(el, 'ticket'),
  },
];

/** Waits for every Lit element in the tree (through shadow roots) to finish rendering. */
async function settled(root: Element): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    const pending: Promise<unknown>[] = [];
    const visit = (node: Element): void => {
      const lit = node as Partial<LitElement>;
      if (lit.updateComplete) pending.push(lit.updateComplete);
      for (const child of node.shadowRoot?.querySelectorAll('*') ?? []) visit(child);
    };
    visit(root);
    await Promise.all(pending);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

async function show(scene: Scene, params: URLSearchParams): Promise<void> {
  const theme = params.get('theme') === 'dark' ? 'dark' : 'light';
  const density = params.get('density');
  const width = Number(params.get('width')) || scene.width;
  await scene.define();
  const rig = await createRig(scene.backend?.() ?? new MemoryBackend());
  const el = await scene.create(rig);
  el.setAttribute('theme', theme);
  if (density) el.setAttribute('density', density);
  const figure = document.createElement('figure');
  figure.className = 'shot';
  figure.dataset['element'] = scene.tag;
  const frame = document.createElement('div');
  frame.className = 'frame';
  // CSSOM, not a style attribute: the page runs under the demo's strict CSP.
  frame.style.width = `${width}px`;
  frame.append(el);
  figure.append(frame);
  document.querySelector('#stage')!.append(figure);
  const ok = await until(() => scene.ready(el));
  await settled(el);
  if (!ok) console.warn(`gallery: <${scene.tag}> did not reach its state in time`);
}

function index(): void {
  const list = document.createElement('nav');
  list.className = 'index';
  list.setAttribute('aria-label', 'Scenes');
  for (const scene of scenes) {
    for (const theme of ['light', 'dark']) {
      const link = document.createElement('a');
      link.href = `?el=${scene.tag}&theme=${theme}`;
      link.textContent = `<${scene.tag}> ${theme}`;
      list.append(link);
    }
  }
  document.querySelector('#stage')!.append(list);
}

const params = new URLSearchParams(location.search);
document.documentElement.lang = params.get('lang') ?? 'en';
document.documentElement.dataset['theme'] = params.get('theme') === 'dark' ? 'dark' : 'light';
const wanted = params.get('el');
try {
  if (wanted) {
    const scene = scenes.find((s) => s.tag === wanted);
    if (!scene) throw new Error(`no scene for <${wanted}>`);
    await show(scene, params);
  } else {
    index();
  }
} catch (error) {
  window.galleryError = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const p = document.createElement('p');
  p.className = 'failed';
  p.textContent = window.galleryError;
  document.querySelector('#stage')!.append(p);
}
window.galleryReady = true;

/** The scenes, for scripts/screenshots.mjs. */
export const galleryScenes = scenes.map(({ tag, width }) => ({ tag, width }));
