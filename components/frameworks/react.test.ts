// callpop's elements used from React 19: properties, attributes, event props and refs.
// Written with createElement (the runner compiles .ts); the demo page
// (demo/react/main.tsx) uses the same props in JSX.
import { expect, waitUntil } from '@open-wc/testing';
import { createElement as h, useCallback, useState, type ReactElement, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { formatPhone } from '../../src/phone/index.js';
import type { CallpopPopEvent, PopDetail } from '../../src/workbench/events.js';
import { agentModule } from '../../src/workbench/agent.js';
import type { Workbench } from '../../src/workbench/workbench.js';
import { CallPop } from '../call-pop/call-pop.js';
import '../call-pop/define.js';
import '../customer-card/define.js';
import '../phone-bar/define.js';
import type { PhoneBar } from '../phone-bar/phone-bar.js';
import type { CallpopHangupRequestEvent } from '../phone-bar/hangup-request-event.js';
import { createTestRig, partText, type TestRig } from '../shared/test-rig.js';

const ZHANG_WEI = '+8613800138000';
const EMILY = '+14155550123';

/** A silent ringtone, so a ringing call plays nothing in the test browser. */
const silentAudio = { src: '', loop: false, volume: 1, muted: false, currentTime: 0, play: () => Promise.resolve(), pause: () => undefined };

/** The React host page under test: a "current call" panel of React state, fed by <call-pop>'s pop event. */
function CurrentCallPage(props: {
  readonly workbench: Workbench | undefined;
  readonly theme?: 'light' | 'dark' | undefined;
  readonly listPosition?: 'start' | 'none';
  readonly popRef?: RefObject<CallPop | null>;
}): ReactElement {
  const [call, setCall] = useState<PopDetail | null>(null);
  const [pops, setPops] = useState(0);
  const onPop = useCallback((event: CallpopPopEvent) => {
    setCall(event.detail);
    setPops((count) => count + 1);
  }, []);
  return h(
    'main',
    null,
    h(
      'section',
      { 'aria-label': 'Current call', id: 'current-call' },
      call
        ? h('p', null, h('span', { id: 'caller' }, call.number), ' ', h('span', { id: 'direction' }, call.direction))
        : h('p', { id: 'no-call' }, 'No call yet'),
      h('p', { id: 'pops' }, `${pops} pops`),
      call ? h('customer-card', { workbench: props.workbench, theme: props.theme, 'call-id': call.callId }) : null,
    ),
    h('call-pop', {
      ref: props.popRef,
      workbench: props.workbench,
      theme: props.theme,
      'list-position': props.listPosition ?? 'start',
      'oncallpop-pop': onPop,
    }),
  );
}

describe('callpop from React 19', () => {
  let rig: TestRig;
  let container: HTMLDivElement;
  let root: Root;

  beforeEach(async () => {
    rig = await createTestRig();
    rig.workbench.use(agentModule).useEnvironment({ notifications: null, ringer: { createAudio: () => ({ ...silentAudio }) } });
    container = document.createElement('div');
    container.lang = 'en';
    document.body.append(container);
    root = createRoot(container);
  });

  afterEach(() => {
    flushSync(() => root.unmount());
    container.remove();
    rig.dispose();
  });

  /** Render synchronously and let the custom elements paint. */
  async function render(element: ReactElement): Promise<void> {
    flushSync(() => root.render(element));
    await Promise.all([...container.querySelectorAll<CallPop>('call-pop, customer-card, phone-bar')].map((el) => el.updateComplete));
  }
  const text = (selector: string): string => container.querySelector(selector)?.textContent ?? '';
  const callPop = (): CallPop => container.querySelector<CallPop>('call-pop')!;

  it('shows the caller number in React state when <call-pop> fires callpop-pop through the oncallpop-pop prop', async () => {
    await render(h(CurrentCallPage, { workbench: rig.workbench }));
    expect(text('#no-call')).to.equal('No call yet');
    rig.softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => text('#caller') === ZHANG_WEI, 'the React panel never showed the caller');
    expect(text('#direction')).to.equal('inbound');
    expect(text('#pops')).to.equal('1 pops');
    await expect(callPop()).to.be.accessible();
  });

  it('hands the workbench object to the element as a DOM property, never as an attribute', async () => {
    await render(h(CurrentCallPage, { workbench: rig.workbench }));
    const el = callPop();
    expect(el.workbench).to.equal(rig.workbench);
    expect(el.getAttribute('workbench')).to.equal(null);
    rig.softphone.simulateInbound(EMILY);
    await waitUntil(() => partText(el, 'number') !== '', 'the element never showed the pop of its workbench');
    expect(partText(el, 'number')).to.equal(formatPhone(EMILY));
  });

  it('shows nothing of another workbench: the element follows the workbench React passes', async () => {
    const other = await createTestRig();
    try {
      await render(h(CurrentCallPage, { workbench: other.workbench }));
      rig.softphone.simulateInbound(ZHANG_WEI);
      // The call popped in its own workbench, not in the one this page shows.
      await waitUntil(() => rig.workbench.stores.$activeCall.get() !== null, 'the call never popped in its workbench');
      await callPop().updateComplete;
      expect(text('#no-call')).to.equal('No call yet');
      expect(partText(callPop(), 'empty')).to.contain('No current call');

      await render(h(CurrentCallPage, { workbench: rig.workbench }));
      rig.softphone.simulateInbound(EMILY);
      await waitUntil(() => text('#caller') === EMILY, 'the pop of the new workbench never reached React');
    } finally {
      other.dispose();
    }
  });

  it('switches the theme when React state changes, and drops it when React unsets it', async () => {
    await render(h(CurrentCallPage, { workbench: rig.workbench, theme: 'light' }));
    const el = callPop();
    expect(el.theme).to.equal('light');
    expect(el.getAttribute('theme')).to.equal('light');
    await render(h(CurrentCallPage, { workbench: rig.workbench, theme: 'dark' }));
    expect(el.theme).to.equal('dark');
    expect(el.getAttribute('theme')).to.equal('dark');
    await render(h(CurrentCallPage, { workbench: rig.workbench, theme: undefined }));
    expect(el.getAttribute('theme')).to.equal(null);
  });

  it('passes kebab-case attributes through: list-position hides "My calls" and call-id picks the customer card\'s call', async () => {
    await render(h(CurrentCallPage, { workbench: rig.workbench, listPosition: 'none' }));
    const el = callPop();
    expect(el.listPosition).to.equal('none');
    expect(el.shadowRoot!.querySelector('[part~="my-calls"]')).to.equal(null);
    const callId = rig.softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => container.querySelector('customer-card') !== null, 'no customer card for the call');
    const card = container.querySelector<HTMLElement & { callId?: string }>('customer-card')!;
    expect(card.getAttribute('call-id')).to.equal(callId);
    expect(card.callId).to.equal(callId);
    await waitUntil(() => partText(card, 'name') === '张伟', 'the customer card never showed the caller');
  });

  it('gives a ref to the element instance, whose properties and methods React code can use', async () => {
    const popRef: RefObject<CallPop | null> = { current: null };
    await render(h(CurrentCallPage, { workbench: rig.workbench, theme: 'dark', popRef }));
    expect(popRef.current).to.be.instanceOf(CallPop);
    expect(popRef.current).to.equal(callPop());
    expect(popRef.current!.theme).to.equal('dark');
    expect(await popRef.current!.updateComplete, 'updateComplete resolved with no update pending').to.equal(true);
    flushSync(() => root.unmount());
    expect(popRef.current).to.equal(null);
    root = createRoot(container);
  });

  it('lets a React handler keep the call: preventDefault on a cancelable event prop reaches <phone-bar>', async () => {
    const asked: string[] = [];
    function Bar(): ReactElement {
      return h('phone-bar', {
        workbench: rig.workbench,
        'oncallpop-hangup-request': (event: CallpopHangupRequestEvent) => {
          asked.push(event.detail.callId);
          event.preventDefault();
        },
      });
    }
    await render(h(Bar));
    const bar = container.querySelector<PhoneBar>('phone-bar')!;
    const callId = rig.softphone.simulateInbound(ZHANG_WEI);
    await rig.workbench.answer(callId);
    await waitUntil(() => bar.shadowRoot!.querySelector('[part~="hangup"]') !== null, 'no hang-up button');
    bar.shadowRoot!.querySelector<HTMLButtonElement>('[part~="hangup"]')!.click();
    // The request event is dispatched, and refused, within the click.
    expect(asked).to.deep.equal([callId]);
    await bar.updateComplete;
    expect(rig.softphone.calls().find((call) => call.id === callId)?.state).to.equal('connected');
    await expect(bar).to.be.accessible();
  });

  it('calls only the latest handler after React re-renders with a new one', async () => {
    const heard: string[] = [];
    const page = (name: string): ReactElement =>
      h('call-pop', { workbench: rig.workbench, 'oncallpop-pop': () => heard.push(name) });
    await render(page('first'));
    await render(page('second'));
    rig.softphone.simulateInbound(EMILY);
    await waitUntil(() => heard.length > 0, 'no handler heard the pop');
    // Every handler of one event runs within its dispatch: nothing can come later.
    expect(heard).to.deep.equal(['second']);
  });
});
