import { expect, fixture, fixtureSync, html, oneEvent, waitUntil } from '@open-wc/testing';
import { AdapterError } from '../../src/adapter/errors.js';
import { formatPhone } from '../../src/phone/index.js';
import { setDefaultWorkbench } from '../../src/workbench/default-workbench.js';
import type { CallpopPopEvent } from '../../src/workbench/events.js';
import { button, createTestRig, expectNoSubscriptionLeak, partText, type TestRig } from '../shared/test-rig.js';
import type { CallPop } from './call-pop.js';
import './define.js';

const ZHANG_WEI = '+8613800138000';
const EMILY = '+14155550123';
const UNKNOWN = '+8613900139000';

describe('<call-pop>', () => {
  let rig: TestRig;

  beforeEach(async () => {
    rig = await createTestRig();
  });

  afterEach(() => {
    setDefaultWorkbench(null);
    rig.dispose();
  });

  async function popFor(lang = 'en'): Promise<CallPop> {
    // fixtureSync: a plain wrapper would make fixture() wait for an animation frame,
    // which a background test page does not get.
    const wrapper = fixtureSync<HTMLDivElement>(html`<div lang=${lang}><call-pop .workbench=${rig.workbench}></call-pop></div>`);
    const el = wrapper.querySelector('call-pop')!;
    await el.updateComplete;
    return el;
  }

  it('says there is no current call until one rings', async () => {
    const el = await popFor();
    expect(partText(el, 'empty')).to.contain('No current call');
    await expect(el).to.be.accessible();
  });

  it('shows the caller number at once and the customer name when the backend answers', async () => {
    rig.backend.setLatency(200, 'customers.findByPhone');
    const el = await popFor();
    rig.softphone.simulateInbound('13800138000');
    await el.updateComplete;
    expect(partText(el, 'number')).to.equal('+86 138 0013 8000');
    expect(partText(el, 'customer-name')).to.equal('Looking up the customer…');
    expect(partText(el, 'state')).to.equal('Ringing');
    await waitUntil(() => partText(el, 'customer-name') === '张伟', 'name never painted', { timeout: 2000 });
    await expect(el).to.be.accessible();
  });

  it('puts the number on screen before the customer card and the tabs, which follow a frame later', async () => {
    const el = await popFor();
    const root = el.shadowRoot!;
    const atFirstNumber = new Promise<{ card: boolean; work: boolean }>((resolve) => {
      const observer = new MutationObserver(() => {
        if (!root.querySelector('[part=number]')) return;
        observer.disconnect();
        resolve({ card: root.querySelector('[part=customer]') !== null, work: root.querySelector('[part=work]') !== null });
      });
      observer.observe(root, { childList: true, subtree: true });
    });
    const callId = rig.softphone.simulateInbound(ZHANG_WEI);
    expect(await atFirstNumber).to.deep.equal({ card: false, work: false });
    await el.updateComplete;
    expect(root.querySelector('[part=customer]'), 'the customer card once the number is on screen').to.exist;
    expect(root.querySelector('[part=work]')).to.exist;
    // The same call keeps its body: a state change does not take it away again.
    await rig.softphone.answer(callId);
    await el.updateComplete;
    expect(partText(el, 'state')).to.equal('In call');
    expect(root.querySelector('[part=customer]')).to.exist;
  });

  it('fires a bubbling, composed callpop-pop event the host page can hear', async () => {
    const el = await popFor();
    const heard = oneEvent(document, 'callpop-pop') as Promise<CallpopPopEvent>;
    rig.softphone.simulateInbound(EMILY);
    const event = await heard;
    expect(event.detail).to.include({ direction: 'inbound', number: EMILY });
    expect({ bubbles: event.bubbles, composed: event.composed }).to.deep.equal({ bubbles: true, composed: true });
    expect(event.target).to.equal(el);
  });

  it('keeps the number and offers a retry when the backend is down', async () => {
    rig.backend.failNext('customers.findByPhone', new AdapterError('server', 'Service unavailable', { status: 503 }));
    const el = await popFor();
    rig.softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => partText(el, 'lookup-error') !== '');
    expect(partText(el, 'number')).to.equal('+86 138 0013 8000');
    expect(partText(el, 'lookup-error')).to.contain('Could not load the customer: Service unavailable');
    button(el.shadowRoot!, 'Retry').click();
    await waitUntil(() => partText(el, 'customer-name') === '张伟');
  });

  it('shows a caller name and customer fields with markup as text', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">Mallory';
    await rig.backend.customers.create(
      { name: hostile, phones: ['+8613700000099'], notes: '<script>window.__pwned=1</script>' },
      { idempotencyKey: 'hostile' },
    );
    const el = await popFor();
    rig.softphone.simulateInbound('+8613700000099', { name: '<b>bold</b>' });
    await waitUntil(() => partText(el, 'customer-name') === hostile);
    const card = el.shadowRoot!.querySelector('customer-card')!;
    await card.updateComplete;
    expect(card.shadowRoot!.querySelector('img, script, b')).to.equal(null);
    expect(el.shadowRoot!.querySelector('img, script, b')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('lists My calls newest first; picking one shows its pop', async () => {
    const el = await popFor();
    const live = rig.softphone.simulateInbound(EMILY);
    await rig.workbench.hangup(live);
    await el.updateComplete;
    const items = el.shadowRoot!.querySelectorAll('[part~="my-call"]');
    expect(items.length).to.be.greaterThan(3);
    expect(items[0]!.textContent).to.contain('+1 415 555 0123');
    const second = items[1]!.querySelector<HTMLButtonElement>('[part~="my-call-select"]')!;
    second.click();
    await el.updateComplete;
    expect(second.getAttribute('aria-current')).to.equal('true');
    const shown = rig.workbench.stores.$activeCall.get()!;
    expect(shown.callId).to.not.equal(live);
    expect(partText(el, 'number')).to.equal(formatPhone(shown.number));
    expect(partText(el, 'state')).to.not.equal('Ringing');
  });

  it('keeps My calls at 50 rows and its DOM bounded over a long shift', async () => {
    const el = await popFor();
    const list = (): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>('[part~="my-calls-list"]')!;
    const comments = (): number => [...list().childNodes].filter((n) => n.nodeType === Node.COMMENT_NODE).length;
    const call = async (i: number): Promise<void> => {
      const id = rig.softphone.simulateInbound(`+861390013${String(1000 + i).padStart(4, '0')}`);
      rig.softphone.simulateRemoteHangup(id);
      await el.updateComplete;
    };
    for (let i = 0; i < 60; i += 1) await call(i);
    const rows = list().querySelectorAll('[part~="my-call"]').length;
    expect(rows, 'rows shown').to.equal(50);
    const after60 = comments();
    for (let i = 60; i < 160; i += 1) await call(i);
    expect(list().querySelectorAll('[part~="my-call"]').length, 'rows shown after 160 calls').to.equal(50);
    expect(list().querySelector('[part~="my-call"]')!.textContent, 'the newest first').to.contain('139 0013 1159');
    // One marker per row and the list's own (lit); not one more for every call that ever left the list.
    expect(comments(), `comment nodes in the list (after 60 calls: ${after60})`).to.be.at.most(2 * 50 + 52);
  });

  it('shows the same call again after a reload', async () => {
    const session = window.sessionStorage;
    session.clear();
    const before = await createTestRig({ backend: rig.backend, sessionStorage: session });
    const after = await (async () => {
      try {
        const wrapper = fixtureSync<HTMLDivElement>(html`<div lang="en"><call-pop .workbench=${before.workbench}></call-pop></div>`);
        const el = wrapper.querySelector('call-pop')!;
        await el.updateComplete;
        const second = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="my-call-select"]')[1]!;
        second.click();
        await el.updateComplete;
        return before.workbench.stores.$activeCall.get()!;
      } finally {
        before.dispose();
      }
    })();
    const reloaded = await createTestRig({ backend: rig.backend, sessionStorage: session });
    try {
      const wrapper = fixtureSync<HTMLDivElement>(html`<div lang="en"><call-pop .workbench=${reloaded.workbench}></call-pop></div>`);
      const el = wrapper.querySelector('call-pop')!;
      await waitUntil(() => reloaded.workbench.stores.$activeCall.get() !== null, 'the reloaded page shows a call');
      await el.updateComplete;
      expect(reloaded.workbench.stores.$activeCall.get()!.callId).to.equal(after.callId);
      expect(partText(el, 'number')).to.equal(formatPhone(after.number));
    } finally {
      reloaded.dispose();
      session.clear();
    }
  });

  it('calls back a call from the list, which opens an outbound pop', async () => {
    const el = await popFor();
    const live = rig.softphone.simulateInbound(EMILY);
    await rig.workbench.hangup(live);
    await el.updateComplete;
    button(el.shadowRoot!, 'Call back +1 415 555 0123').click();
    await waitUntil(() => rig.workbench.stores.$activeCall.get()?.direction === 'outbound');
    await el.updateComplete;
    expect(partText(el, 'number')).to.equal('+1 415 555 0123');
    expect(partText(el, 'direction')).to.equal('Outbound');
    expect(partText(el, 'state')).to.equal('Dialing');
  });

  it('speaks Chinese inside a zh-CN page', async () => {
    const el = await popFor('zh-CN');
    expect(partText(el, 'empty')).to.contain('暂无当前通话');
    rig.softphone.simulateInbound(UNKNOWN);
    await el.updateComplete;
    expect(partText(el, 'direction')).to.equal('呼入');
    expect(partText(el, 'my-calls')).to.contain('我的通话');
  });

  it('works from the page default workbench when none is given', async () => {
    setDefaultWorkbench(rig.workbench);
    const el = await fixture<CallPop>(html`<call-pop lang="en"></call-pop>`);
    rig.softphone.simulateInbound(ZHANG_WEI);
    await el.updateComplete;
    expect(partText(el, 'number')).to.equal('+86 138 0013 8000');
  });

  it('releases its store subscriptions when removed, even after 100 cycles', async () => {
    const el = await popFor();
    rig.softphone.simulateInbound(ZHANG_WEI);
    await el.updateComplete;
    await expectNoSubscriptionLeak(el, rig.workbench);
  });
});

describe('<call-pop> with the follow-up elements on the page', () => {
  let rig: TestRig;

  before(async () => {
    await import('../sms-composer/define.js');
    await import('../contact-plan-form/define.js');
    await import('../ticket-form/define.js');
  });

  beforeEach(async () => {
    rig = await createTestRig();
  });

  afterEach(() => rig.dispose());

  it('offers SMS and Contact plan in the header, each opening its form for the shown call in a dialog', async () => {
    const el = await fixture<CallPop>(html`<call-pop lang="en" .workbench=${rig.workbench}></call-pop>`);
    rig.softphone.simulateInbound(ZHANG_WEI);
    await el.updateComplete;
    const root = el.shadowRoot!;
    button(root, 'SMS').click();
    await waitUntil(() => root.querySelector<HTMLDialogElement>('dialog[part~="panel"]')?.open === true, 'dialog never opened');
    const composer = root.querySelector('dialog sms-composer') as HTMLElement & { callId?: string };
    expect(composer).to.not.equal(null);
    expect(composer.getAttribute('call-id')).to.equal(rig.workbench.stores.$activeCallId.get());
    button(root, 'Close').click();
    await waitUntil(() => root.querySelector<HTMLDialogElement>('dialog[part~="panel"]')?.open === false, 'dialog never closed');
    button(root, 'Contact plan').click();
    await waitUntil(() => root.querySelector('dialog contact-plan-form') !== null, 'plan form never shown');
    expect(root.querySelector('dialog sms-composer')).to.equal(null);
  });

  it('opens the create-ticket form with the values a docking page asked for', async () => {
    const el = await fixture<CallPop>(html`<call-pop lang="en" .workbench=${rig.workbench}></call-pop>`);
    rig.softphone.simulateInbound(ZHANG_WEI);
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(root.querySelector('[part~="ticket"]')).to.not.equal(null);
    // What <docking-pages> fires (bubbling, composed) when its page sends ticket.open.
    const event = new Event('callpop-docking-open-ticket', { bubbles: true, composed: true });
    Object.assign(event, { detail: { callId: rig.workbench.stores.$activeCallId.get(), pageId: 'orders', values: { title: '订单 YT20261118 未收到', priority: 'high' }, seq: 1 } });
    root.querySelector('[part~="pop"]')!.dispatchEvent(event);
    await waitUntil(() => root.querySelector('dialog ticket-form') !== null, 'ticket form never opened');
    const form = root.querySelector('dialog ticket-form') as HTMLElement & { updateComplete: Promise<boolean> };
    await form.updateComplete;
    await waitUntil(() => form.shadowRoot?.querySelector<HTMLInputElement>('#title')?.value === '订单 YT20261118 未收到', 'title not prefilled');
  });
});
