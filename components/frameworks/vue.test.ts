// callpop's elements used from Vue 3: the demo's Vue app (demo/vue/app.ts) and small
// render-function components: properties, attributes, events and template refs.
import { expect, waitUntil } from '@open-wc/testing';
import '../../demo/vue/vue-flags.js';
import { createApp, defineComponent, h, nextTick, ref, type App, type Component } from 'vue';
import { CallpopVueDemo } from '../../demo/vue/app.js';
import { formatPhone } from '../../src/phone/index.js';
import { agentModule } from '../../src/workbench/agent.js';
import type { Workbench } from '../../src/workbench/workbench.js';
import { CallPop } from '../call-pop/call-pop.js';
import '../call-pop/define.js';
import '../customer-card/define.js';
import '../phone-bar/define.js';
import type { PhoneBar } from '../phone-bar/phone-bar.js';
import { button, createTestRig, partText, type TestRig } from '../shared/test-rig.js';

const ZHANG_WEI = '+8613800138000';
const EMILY = '+14155550123';

/** A silent ringtone, so a ringing call plays nothing in the test browser. */
const silentAudio = { src: '', loop: false, volume: 1, muted: false, currentTime: 0, play: () => Promise.resolve(), pause: () => undefined };

/** A tag defined only when a test says so, to see what Vue does before an element is defined. */
let lateTags = 0;

describe('callpop from Vue 3', () => {
  let rig: TestRig;
  let container: HTMLDivElement;
  let app: App | undefined;

  beforeEach(async () => {
    rig = await createTestRig();
    rig.workbench.use(agentModule).useEnvironment({ notifications: null, ringer: { createAudio: () => ({ ...silentAudio }) } });
    container = document.createElement('div');
    container.lang = 'en';
    document.body.append(container);
  });

  afterEach(() => {
    app?.unmount();
    app = undefined;
    container.remove();
    rig.dispose();
  });

  async function mount(component: Component, props: Record<string, unknown> = {}): Promise<void> {
    app = createApp(component, props);
    app.mount(container);
    await nextTick();
    await settle();
  }
  async function settle(): Promise<void> {
    await nextTick();
    await Promise.all([...container.querySelectorAll<CallPop>('call-pop, customer-card, phone-bar')].map((el) => el.updateComplete));
  }
  const text = (selector: string): string => container.querySelector(selector)?.textContent ?? '';
  const callPop = (): CallPop => container.querySelector<CallPop>('call-pop')!;

  describe('the demo app', () => {
    it('rings from a button and shows the caller number in Vue state, from callpop-pop through onCallpopPop', async () => {
      await mount(CallpopVueDemo, { workbench: rig.workbench, softphone: rig.softphone });
      expect(text('#no-call')).to.contain('No call yet');
      button(container, 'Ring: Emily Carter').click();
      await waitUntil(() => text('#caller-number') === EMILY, 'the Vue panel never showed the caller');
      expect(text('#caller-direction')).to.equal('inbound');
      expect(text('#pop-count')).to.equal('1');
      expect(text('#event-log')).to.contain(`callpop-pop: inbound ${formatPhone(EMILY)}`);
      await expect(callPop()).to.be.accessible();
    });

    it('hands its workbench to every element as a DOM property, and the customer card gets the popped call-id', async () => {
      await mount(CallpopVueDemo, { workbench: rig.workbench, softphone: rig.softphone });
      for (const tag of ['call-pop', 'phone-bar']) {
        const el = container.querySelector<HTMLElement & { workbench?: Workbench }>(tag)!;
        expect(el.workbench, tag).to.equal(rig.workbench);
        expect(el.getAttribute('workbench'), tag).to.equal(null);
      }
      const callId = rig.softphone.simulateInbound(ZHANG_WEI);
      await waitUntil(() => container.querySelector('customer-card') !== null, 'no customer card');
      const card = container.querySelector('customer-card')!;
      expect(card.getAttribute('call-id')).to.equal(callId);
      await waitUntil(() => partText(card, 'name') === '张伟', 'the customer card never showed the caller');
      await waitUntil(() => partText(callPop(), 'number') === formatPhone(ZHANG_WEI), 'the pop never showed the caller');
    });

    it('switches every element\'s theme from the theme select, and back to the system look', async () => {
      await mount(CallpopVueDemo, { workbench: rig.workbench, softphone: rig.softphone });
      const select = container.querySelector<HTMLSelectElement>('#theme')!;
      select.value = 'dark';
      select.dispatchEvent(new Event('change'));
      await settle();
      expect(callPop().theme).to.equal('dark');
      expect(callPop().getAttribute('theme')).to.equal('dark');
      expect(container.querySelector('phone-bar')!.getAttribute('theme')).to.equal('dark');
      select.value = '';
      select.dispatchEvent(new Event('change'));
      await settle();
      expect(callPop().getAttribute('theme')).to.equal(null);
      expect(container.querySelector('phone-bar')!.getAttribute('theme')).to.equal(null);
    });

    it('hides "My calls" through the list-position attribute when the box is unticked', async () => {
      await mount(CallpopVueDemo, { workbench: rig.workbench, softphone: rig.softphone });
      expect(callPop().shadowRoot!.querySelector('[part~="my-calls"]')).not.to.equal(null);
      const box = [...container.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].find((input) =>
        input.parentElement?.textContent?.includes('My calls'),
      )!;
      box.click();
      await settle();
      expect(callPop().getAttribute('list-position')).to.equal('none');
      expect(callPop().shadowRoot!.querySelector('[part~="my-calls"]')).to.equal(null);
    });

    it('logs the phone bar\'s hang-up request heard through a template ref and addEventListener', async () => {
      await mount(CallpopVueDemo, { workbench: rig.workbench, softphone: rig.softphone });
      const bar = container.querySelector<PhoneBar>('phone-bar')!;
      const callId = rig.softphone.simulateInbound(ZHANG_WEI);
      await rig.workbench.answer(callId);
      await waitUntil(() => bar.shadowRoot!.querySelector('[part~="hangup"]') !== null, 'no hang-up button');
      bar.shadowRoot!.querySelector<HTMLButtonElement>('[part~="hangup"]')!.click();
      await waitUntil(() => text('#event-log').includes(`callpop-hangup-request: ${callId}`), 'Vue never heard the request');
      await waitUntil(() => rig.softphone.calls().every((call) => call.id !== callId), 'the call was not hung up');
    });
  });

  describe('render functions', () => {
    it('maps both onCallpopPop and "onCallpop-pop" to the callpop-pop event', async () => {
      const heard: string[] = [];
      await mount(
        defineComponent({
          setup: () => () =>
            h('call-pop', {
              workbench: rig.workbench,
              onCallpopPop: () => heard.push('camelCase'),
              'onCallpop-pop': () => heard.push('hyphenated'),
            }),
        }),
      );
      rig.softphone.simulateInbound(EMILY);
      await waitUntil(() => heard.length === 2, 'not every listener heard the pop');
      expect([...heard].sort()).to.deep.equal(['camelCase', 'hyphenated']);
    });

    it('fills a template ref with the element instance', async () => {
      const popRef = ref<CallPop | null>(null);
      await mount(defineComponent({ setup: () => () => h('call-pop', { ref: popRef, workbench: rig.workbench, theme: 'dark' }) }));
      expect(popRef.value).to.be.instanceOf(CallPop);
      expect(popRef.value).to.equal(callPop());
      expect(popRef.value!.workbench).to.equal(rig.workbench);
      expect(popRef.value!.theme).to.equal('dark');
    });

    it('sets `.workbench` as a property even before the tag is defined, where plain `workbench` falls back to an attribute', async () => {
      lateTags += 1;
      const tag = `vue-late-call-pop-${lateTags}`;
      await mount(
        defineComponent({
          setup: () => () => h('div', [h(tag, { id: 'forced', '.workbench': rig.workbench }), h(tag, { id: 'plain', workbench: rig.workbench })]),
        }),
      );
      const forced = container.querySelector<CallPop>('#forced')!;
      const plain = container.querySelector<CallPop>('#plain')!;
      expect(plain.getAttribute('workbench')).to.equal(String(rig.workbench), 'the object stringified into an attribute');
      customElements.define(tag, class extends CallPop {});
      await forced.updateComplete;
      expect(forced.workbench).to.equal(rig.workbench);
      expect(forced.getAttribute('workbench')).to.equal(null);
      expect(plain.workbench).to.equal(undefined);
      rig.softphone.simulateInbound(ZHANG_WEI);
      await waitUntil(() => partText(forced, 'number') === formatPhone(ZHANG_WEI), 'the forced element never showed the pop');
    });
  });
});
