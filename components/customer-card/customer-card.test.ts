import { expect, fixture, fixtureSync, html, waitUntil } from '@open-wc/testing';
import { AdapterError } from '../../src/adapter/errors.js';
import { button, createTestRig, expectNoSubscriptionLeak, partText, typeInto, type TestRig } from '../shared/test-rig.js';
import type { CustomerCard } from './customer-card.js';
import './define.js';

const ZHANG_WEI = '+8613800138000';
const UNKNOWN = '+8613900139000';

describe('<customer-card>', () => {
  let rig: TestRig;

  beforeEach(async () => {
    window.sessionStorage.clear();
    rig = await createTestRig({ storage: window.sessionStorage });
  });

  afterEach(() => {
    rig.dispose();
    window.sessionStorage.clear();
  });

  async function card(): Promise<CustomerCard> {
    const el = await fixture<CustomerCard>(html`<customer-card lang="en" .workbench=${rig.workbench}></customer-card>`);
    await el.updateComplete;
    return el;
  }

  const $ = <T extends Element>(el: CustomerCard, selector: string): T => {
    const found = el.shadowRoot!.querySelector<T>(selector);
    if (!found) throw new Error(`no ${selector}`);
    return found;
  };

  async function unknownCaller(el: CustomerCard): Promise<string> {
    const callId = rig.softphone.simulateInbound(UNKNOWN);
    await waitUntil(() => el.shadowRoot!.querySelector('form[part="form"]') !== null, 'form never opened');
    return callId;
  }

  it('shows the known caller profile with numbers in one format', async () => {
    const el = await card();
    rig.softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => partText(el, 'name') === '张伟');
    expect(partText(el, 'details')).to.contain('+86 138 0013 8000');
    expect(partText(el, 'details')).to.contain('北京云途科技有限公司');
    await expect(el).to.be.accessible();
  });

  it('opens the new-customer form by itself for an unknown caller, phone prefilled', async () => {
    const el = await card();
    await unknownCaller(el);
    expect($<HTMLInputElement>(el, '#phone-0').value).to.equal('+86 139 0013 9000');
    expect($<HTMLInputElement>(el, '#name').value).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('saves the new customer and links the call to them', async () => {
    const el = await card();
    const callId = await unknownCaller(el);
    typeInto($(el, '#name'), '王小明');
    typeInto($(el, '#email'), 'xm.wang@example.com');
    button(el.shadowRoot!, 'Save').click();
    await waitUntil(() => partText(el, 'name') === '王小明', 'profile never shown');
    expect(partText(el, 'status')).to.equal('The call is now linked to 王小明.');
    const record = await rig.backend.calls.get(callId);
    expect(record.customerId).to.equal(rig.workbench.stores.$calls.get()[callId]?.lookup.customer?.id);
  });

  it('refuses a missing name, an unreadable number and too-long text with clear messages', async () => {
    const el = await card();
    await unknownCaller(el);
    typeInto($(el, '#phone-0'), 'call me maybe');
    typeInto($(el, '#address'), 'x'.repeat(301));
    button(el.shadowRoot!, 'Save').click();
    await el.updateComplete;
    expect(partText(el, 'error')).to.equal('Please correct the fields marked below.');
    expect($(el, '#name-error').textContent).to.equal('Name is required.');
    expect($(el, '#name').getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#phone-0-error').textContent).to.equal('"call me maybe" is not a phone number we can read.');
    expect($(el, '#address-error').textContent).to.equal('Address is too long: 301 characters, at most 300.');
    expect(el.shadowRoot!.activeElement?.id).to.equal('name');
    expect(rig.backend.writeCount('customers.create')).to.equal(0);
  });

  it('keeps what was typed when the save fails, and the retry creates one customer', async () => {
    const el = await card();
    await unknownCaller(el);
    typeInto($(el, '#name'), 'Retry Person');
    rig.backend.failNext('customers.create', new AdapterError('timeout', 'No answer in time'), 1, { afterWrite: true });
    button(el.shadowRoot!, 'Save').click();
    await waitUntil(() => partText(el, 'error') !== '');
    expect(partText(el, 'error')).to.equal('Not saved: No answer in time. What you typed is kept; try again.');
    expect($<HTMLInputElement>(el, '#name').value).to.equal('Retry Person');
    button(el.shadowRoot!, 'Save').click();
    await waitUntil(() => partText(el, 'name') === 'Retry Person');
    expect(rig.backend.writeCount('customers.create')).to.equal(1);
    expect(await rig.backend.customers.findByPhone(UNKNOWN)).to.have.length(1);
  });

  it('restores an unsaved form after a reload', async () => {
    const el = await card();
    const callId = await unknownCaller(el);
    typeInto($(el, '#name'), '半途客户');
    el.remove();
    await waitUntil(async () => (await rig.backend.calls.get(callId).catch(() => null)) !== null);
    // A reload: a new workbench on the same backend and storage, and a new element for the same call.
    const reloaded = await createTestRig({ storage: window.sessionStorage, backend: rig.backend });
    try {
      const fresh = await fixture<CustomerCard>(
        html`<customer-card lang="en" .workbench=${reloaded.workbench} call-id=${callId}></customer-card>`,
      );
      await waitUntil(() => fresh.shadowRoot!.querySelector('#name') !== null);
      expect(fresh.shadowRoot!.querySelector<HTMLInputElement>('#name')!.value).to.equal('半途客户');
      expect(partText(fresh, 'status')).to.equal('Your unsaved changes were restored.');
    } finally {
      reloaded.dispose();
    }
  });

  it('edits a customer and shows the saved profile', async () => {
    const el = await card();
    rig.softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => partText(el, 'name') === '张伟');
    button(el.shadowRoot!, 'Edit').click();
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#phone-0').value).to.equal('+86 138 0013 8000');
    typeInto($(el, '#company'), 'Yuntu Cloud Ltd.');
    typeInto($(el, '#phone-1'), '010 8888 6667');
    button(el.shadowRoot!, 'Save').click();
    await waitUntil(() => partText(el, 'status') === 'Saved.');
    expect(partText(el, 'details')).to.contain('Yuntu Cloud Ltd.');
    expect(partText(el, 'details')).to.contain('+86 10 8888 6667');
  });

  it('links the call to an existing customer found by part of a number', async () => {
    const el = await card();
    const callId = await unknownCaller(el);
    button(el.shadowRoot!, 'Cancel').click();
    await el.updateComplete;
    button(el.shadowRoot!, 'Link this call to an existing customer').click();
    await el.updateComplete;
    typeInto($(el, '#search'), '1380013');
    $<HTMLFormElement>(el, 'form[part="search"]').requestSubmit();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="result"]') !== null);
    expect(partText(el, 'results')).to.contain('张伟');
    await expect(el).to.be.accessible();
    button(el.shadowRoot!, 'Link 张伟').click();
    await waitUntil(() => partText(el, 'name') === '张伟');
    expect((await rig.backend.calls.get(callId)).customerId).to.not.equal(null);
  });

  it('links the call to a new customer from a known caller', async () => {
    const el = await card();
    const callId = rig.softphone.simulateInbound(ZHANG_WEI);
    await waitUntil(() => partText(el, 'name') === '张伟');
    button(el.shadowRoot!, 'Link this call to a new customer').click();
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#phone-0').value).to.equal('+86 138 0013 8000');
    typeInto($(el, '#name'), '张伟的助理');
    button(el.shadowRoot!, 'Save').click();
    await waitUntil(() => partText(el, 'name') === '张伟的助理');
    expect(rig.workbench.stores.$calls.get()[callId]?.lookup.customer?.name).to.equal('张伟的助理');
  });

  it('releases its store subscriptions when removed, even after 100 cycles', async () => {
    const el = await card();
    await expectNoSubscriptionLeak(el, rig.workbench);
  });
});

describe('<customer-card> language', () => {
  it('switches language when the lang of a container changes', async () => {
    const rig = await createTestRig();
    try {
      const wrapper = fixtureSync<HTMLDivElement>(html`<div lang="en"><customer-card .workbench=${rig.workbench}></customer-card></div>`);
      const el = wrapper.querySelector('customer-card')!;
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).to.contain('Customer details show here during a call.');
      wrapper.lang = 'zh-CN';
      await waitUntil(() => el.shadowRoot!.textContent!.includes('通话时在这里显示客户资料。'), 'still in English');
    } finally {
      rig.dispose();
    }
  });
});
