import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, fixtureSync, waitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { createDefaultSeed, MemoryBackend, SEED_IDS } from '../../src/adapter/memory/index.js';
import type { CategoryNode } from '../../src/adapter/types.js';
import { agentModule } from '../../src/workbench/agent.js';
import { registerBusinessRecords } from '../business-records/register.js';
import { registerCallDetails } from '../call-details/register.js';
import { registerCallPop } from '../call-pop/register.js';
import { registerCallRecordView } from '../call-record/register.js';
import { registerCategoryPicker } from '../category-picker/register.js';
import { registerContactPlanForm } from '../contact-plan-form/register.js';
import { registerContactPlans } from '../contact-plans/register.js';
import { registerConversationView } from '../conversation-view/register.js';
import { registerCustomerCard } from '../customer-card/register.js';
import { registerDockingPages } from '../docking-pages/register.js';
import { registerPhoneBar } from '../phone-bar/register.js';
import { registerSchemaForm } from '../schema-form/register.js';
import { registerServiceSummary } from '../service-summary/register.js';
import { registerSmsComposer } from '../sms-composer/register.js';
import { registerTicketForm } from '../ticket-form/register.js';
import { registerTicketTab } from '../ticket-tab/register.js';
import { createTestRig, TEST_START, testBackend, type TestRig } from './test-rig.js';
import { FakeRingerAudio } from '../../src/telephony/fake-ringer-audio.js';

/**
 * The theming contract every element keeps (docs/theming.md): light and dark
 * look different, the public color tokens reach it from an ancestor, compact
 * density makes its controls smaller, and it fits a 360 px side panel.
 */


interface Case {
  readonly tag: string;
  readonly backend?: () => MemoryBackend;
  /** The element in a state with data, given the rig. */
  readonly create: (rig: TestRig) => HTMLElement;
  /** True once it shows that data. */
  readonly ready: (el: HTMLElement) => boolean;
}

/** The first node matching `selector` in the element's shadow tree, nested shadow roots included. */
function deep(root: Element, selector: string): HTMLElement | null {
  const shadow = root.shadowRoot;
  if (!shadow) return null;
  const found = shadow.querySelector<HTMLElement>(selector);
  if (found) return found;
  for (const child of shadow.querySelectorAll('*')) {
    const inner = deep(child, selector);
    if (inner) return inner;
  }
  return null;
}

/** Every node in the element's shadow tree, nested shadow roots included. */
function everyNode(root: Element): HTMLElement[] {
  const nodes: HTMLElement[] = [];
  const visit = (node: Element): void => {
    for (const child of node.shadowRoot?.querySelectorAll<HTMLElement>('*') ?? []) {
      nodes.push(child);
      visit(child);
    }
  };
  visit(root);
  return nodes;
}

const has = (el: Element, part: string): boolean => deep(el, `[part~="${part}"]`) !== null;

function make(tag: string, props: Record<string, unknown> = {}, attrs: Record<string, string> = {}): HTMLElement {
  const el = document.createElement(tag);
  Object.assign(el, props);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

/** Waits for the element and every Lit element inside it to finish rendering. */
async function settled(root: Element): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    const lit = [root, ...everyNode(root)].filter((n): n is LitElement => 'updateComplete' in n);
    await Promise.all(lit.map((n) => n.updateComplete));
  }
}

function firstLeaf(nodes: readonly CategoryNode[]): CategoryNode | undefined {
  for (const node of nodes) {
    if (!node.children?.length) return node;
    const leaf = firstLeaf(node.children);
    if (leaf) return leaf;
  }
  return undefined;
}

const seed = createDefaultSeed(new Date('2026-11-25T08:00:00Z'));

const cases: readonly Case[] = [
  {
    tag: 'call-pop',
    create: (rig) => {
      rig.softphone.simulateInbound(SEED_IDS.emilyCarterPhone, { displayNumber: '+864008001234' });
      return make('call-pop', { workbench: rig.workbench });
    },
    ready: (el) => has(el, 'my-call') && has(el, 'name'),
  },
  {
    tag: 'customer-card',
    create: (rig) => make('customer-card', { workbench: rig.workbench }, { 'call-id': rig.softphone.simulateInbound(SEED_IDS.emilyCarterPhone) }),
    ready: (el) => has(el, 'details'),
  },
  {
    tag: 'phone-bar',
    create: (rig) => {
      rig.softphone.simulateInbound(SEED_IDS.emilyCarterPhone);
      return make('phone-bar', { workbench: rig.workbench });
    },
    ready: (el) => has(el, 'answer') && has(el, 'dial-input'),
  },
  {
    tag: 'conversation-view',
    create: (rig) => make('conversation-view', { workbench: rig.workbench }, { 'call-id': SEED_IDS.englishCall }),
    ready: (el) => has(el, 'segment'),
  },
  {
    tag: 'service-summary',
    create: (rig) => make('service-summary', { workbench: rig.workbench }, { 'call-id': SEED_IDS.englishCall }),
    ready: (el) => has(el, 'save') && has(el, 'field'),
  },
  {
    tag: 'schema-form',
    create: () => make('schema-form', { fields: seed.ticketSchema.fields, values: { orderNumber: 'YT20261118' } }),
    ready: (el) => has(el, 'field'),
  },
  {
    tag: 'category-picker',
    create: () =>
      make('category-picker', { categories: seed.ticketSchema.categories, value: firstLeaf(seed.ticketSchema.categories)?.id ?? null, label: 'Category' }),
    ready: (el) => has(el, 'search'),
  },
  {
    tag: 'sms-composer',
    create: (rig) => make('sms-composer', { workbench: rig.workbench }, { 'call-id': SEED_IDS.englishCall }),
    ready: (el) => has(el, 'preview') || has(el, 'send'),
  },
  {
    tag: 'contact-plan-form',
    create: (rig) => make('contact-plan-form', { workbench: rig.workbench }, { 'call-id': SEED_IDS.englishCall }),
    ready: (el) => deep(el, 'select option') !== null,
  },
  {
    tag: 'contact-plans',
    create: (rig) => make('contact-plans', { workbench: rig.workbench, filter: 'pending' }),
    ready: (el) => has(el, 'plan'),
  },
  {
    tag: 'docking-pages',
    backend: () =>
      testBackend({
        seed: {
          ...createDefaultSeed(new Date(TEST_START)),
          dockingPages: [
            {
              id: 'orders',
              name: { en: 'Orders', 'zh-CN': '订单查询' },
              urlTemplate: `${location.origin}/docs/screenshots/docking-sample.html?phone={{phone}}`,
              order: 1,
              directions: ['inbound', 'outbound'],
              height: 160,
              sandbox: null,
            },
          ],
        },
      }),
    create: (rig) => make('docking-pages', { workbench: rig.workbench }, { 'call-id': rig.softphone.simulateInbound(SEED_IDS.emilyCarterPhone) }),
    ready: (el) => has(el, 'frame'),
  },
  {
    tag: 'call-details',
    create: (rig) => make('call-details', { workbench: rig.workbench }, { 'call-id': SEED_IDS.englishCall }),
    ready: (el) => has(el, 'tab') && deep(el, 'button') !== null,
  },
  {
    tag: 'business-records',
    create: (rig) => make('business-records', { workbench: rig.workbench }, { 'customer-id': SEED_IDS.zhangWei }),
    ready: (el) => has(el, 'entry'),
  },
  {
    tag: 'call-record',
    create: (rig) => make('call-record', { workbench: rig.workbench }, { 'call-id': SEED_IDS.recordedCall }),
    ready: (el) => has(el, 'leg'),
  },
  {
    tag: 'ticket-form',
    create: (rig) => make('ticket-form', { workbench: rig.workbench }, { 'call-id': SEED_IDS.englishCall }),
    ready: (el) => has(el, 'fields') && deep(el, 'button.primary') !== null,
  },
  {
    tag: 'ticket-tab',
    create: (rig) => make('ticket-tab', { workbench: rig.workbench }, { 'call-id': SEED_IDS.transferredCall }),
    ready: (el) => has(el, 'row'),
  },
];

/** The first control (button, input, select) the agent can see, anywhere in the element (a call record has none). */
function firstControl(el: HTMLElement): HTMLElement | undefined {
  return everyNode(el).find(
    (node) =>
      (['BUTTON', 'SELECT'].includes(node.tagName) ||
        (node.tagName === 'INPUT' && !['checkbox', 'radio', 'hidden'].includes((node as HTMLInputElement).type))) &&
      node.getBoundingClientRect().height > 0,
  );
}

/** Puts the element on a backdrop of its own background color, as a page in that theme would. */
function backdrop(el: HTMLElement): void {
  const wrapper = el.parentElement!;
  wrapper.style.background = getComputedStyle(el).getPropertyValue('--_bg').trim();
}

describe('theming: every element follows the tokens, the theme, the density and a 360 px panel', () => {
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

  before(() => {
    registerCallPop();
    registerCustomerCard();
    registerPhoneBar();
    registerConversationView();
    registerServiceSummary();
    registerSchemaForm();
    registerCategoryPicker();
    registerSmsComposer();
    registerContactPlanForm();
    registerContactPlans();
    registerDockingPages();
    registerCallDetails();
    registerBusinessRecords();
    registerCallRecordView();
    registerTicketForm();
    registerTicketTab();
  });

  for (const c of cases) {
    describe(`<${c.tag}>`, () => {
      let rig: TestRig;
      let el: HTMLElement;

      beforeEach(async () => {
        rig = await createTestRig(c.backend ? { backend: c.backend() } : {});
        rig.workbench.use(agentModule).useEnvironment({ storage: null, notifications: null, ringer: { createAudio: () => new FakeRingerAudio() } });
        el = fixtureSync<HTMLElement>(c.create(rig));
        el.setAttribute('lang', 'en');
        el.style.width = '560px';
        await waitUntil(() => c.ready(el), `<${c.tag}> never showed its data`, { timeout: 5000 });
        await settled(el);
      });

      afterEach(() => rig.dispose());

      it('looks different in theme="light" and theme="dark", and passes the accessibility checks in both', async () => {
        const look = (): string[] => {
          const host = getComputedStyle(el);
          const probe = firstControl(el) ?? deep(el, '[part]')!;
          const style = getComputedStyle(probe);
          return [host.color, host.colorScheme, style.backgroundColor, style.color, style.borderTopColor];
        };
        el.setAttribute('theme', 'light');
        await settled(el);
        const light = look();
        expect(light[1]).to.equal('light');
        backdrop(el);
        await expect(el).to.be.accessible();
        el.setAttribute('theme', 'dark');
        await settled(el);
        const dark = look();
        expect(dark[1]).to.equal('dark');
        expect(dark[0]).to.not.equal(light[0], 'the text color changes');
        expect(dark.slice(2)).to.not.deep.equal(light.slice(2), 'the controls change');
        backdrop(el);
        await expect(el).to.be.accessible();
      });

      it('takes --callpop-color-accent from an ancestor, down to its primary buttons', async () => {
        const ancestor = el.parentElement!;
        ancestor.style.setProperty('--callpop-color-accent', 'rgb(10, 125, 90)');
        await settled(el);
        expect(getComputedStyle(el).getPropertyValue('--_accent').trim()).to.equal('rgb(10, 125, 90)');
        const primary = deep(el, 'button.primary');
        if (primary) expect(getComputedStyle(primary).backgroundColor).to.equal('rgb(10, 125, 90)');
        ancestor.style.removeProperty('--callpop-color-accent');
        expect(getComputedStyle(el).getPropertyValue('--_accent').trim()).to.not.equal('rgb(10, 125, 90)');
      });

      it('makes its controls (or, without any, itself) smaller with density="compact", inside nested elements too', async () => {
        const measured = firstControl(el) ?? el;
        const comfortable = measured.getBoundingClientRect().height;
        el.setAttribute('density', 'compact');
        await settled(el);
        const compact = measured.getBoundingClientRect().height;
        expect(compact).to.be.greaterThan(0);
        expect(compact).to.be.lessThan(comfortable);
        el.setAttribute('density', 'comfortable');
        await settled(el);
        expect(measured.getBoundingClientRect().height).to.equal(comfortable);
      });

      it('fits a 360 px side panel without scrolling sideways', async () => {
        el.setAttribute('density', 'compact');
        el.style.width = '360px';
        await settled(el);
        expect(el.scrollWidth, 'the element').to.be.at.most(el.clientWidth);
        const sideways = everyNode(el).filter((node) => {
          const { overflowX } = getComputedStyle(node);
          return (overflowX === 'auto' || overflowX === 'scroll') && node.scrollWidth > node.clientWidth + 1;
        });
        expect(sideways.map((node) => node.getAttribute('part') ?? node.localName), 'scrolling sideways').to.deep.equal([]);
      });
    });
  }
});
