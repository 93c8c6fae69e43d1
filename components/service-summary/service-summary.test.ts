import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { AdapterError } from '../../src/adapter/errors.js';
import { createRestAdapter } from '../../src/adapter/rest/index.js';
import { SEED_IDS } from '../../src/adapter/memory/seed.js';
import type { ConversationSegment } from '../../src/adapter/types.js';
import type { CategoryPicker } from '../category-picker/category-picker.js';
import type { SchemaForm } from '../schema-form/schema-form.js';
import { button, createTestRig, expectNoSubscriptionLeak, partText, typeInto, type TestRig } from '../shared/test-rig.js';
import type { ServiceSummaryElement } from './service-summary.js';
import './define.js';

const CALL = SEED_IDS.latestCall;

describe('<service-summary>', () => {
  let rig: TestRig;

  beforeEach(async () => {
    window.sessionStorage.clear();
    rig = await createTestRig({ storage: window.sessionStorage });
  });

  afterEach(() => {
    rig.dispose();
    window.sessionStorage.clear();
  });

  async function summary(callId: string = CALL, workbench = rig.workbench): Promise<ServiceSummaryElement> {
    const el = await fixture<ServiceSummaryElement>(
      html`<service-summary lang="en" call-id=${callId} .workbench=${workbench}></service-summary>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('form[part="form"]') !== null, 'form never shown');
    await el.updateComplete;
    return el;
  }

  const $ = <T extends Element>(el: Element, selector: string): T => {
    const found = el.shadowRoot!.querySelector<T>(selector);
    if (!found) throw new Error(`no ${selector}`);
    return found;
  };
  const customForm = (el: ServiceSummaryElement): SchemaForm => $<SchemaForm>(el, '[part~="custom-fields"]');
  const picker = (el: ServiceSummaryElement): CategoryPicker => $<CategoryPicker>(el, '[part~="category"]');
  const customInput = (el: ServiceSummaryElement, key: string): HTMLInputElement =>
    customForm(el).shadowRoot!.querySelector<HTMLInputElement>(`[data-key="${key}"] input, [data-key="${key}"] select`)!;
  const select = (el: ServiceSummaryElement, id: string, value: string): void => {
    const node = $<HTMLSelectElement>(el, `#${id}`);
    node.value = value;
    node.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const notices = (el: ServiceSummaryElement): string[] =>
    [...el.shadowRoot!.querySelectorAll('[part="notice"]')].map((n) => n.textContent!.replace(/\s+/g, ' ').trim());
  const draft = (): unknown => rig.workbench.getDraft(`summary:${CALL}`);

  async function settle(el: ServiceSummaryElement): Promise<void> {
    await el.updateComplete;
    await customForm(el).updateComplete;
  }

  it('shows an empty summary form for a call without one: status, category, template, remarks and custom fields', async () => {
    const el = await summary();
    expect([...$<HTMLSelectElement>(el, '#status').options].map((o) => o.textContent!.trim())).to.deep.equal([
      '— Choose —',
      'Resolved',
      'Follow-up',
      'Escalated',
      'No action needed',
    ]);
    expect([...$<HTMLSelectElement>(el, '#template').options].map((o) => o.value)).to.deep.equal([
      '',
      'tpl-refund',
      'tpl-delivery-delay',
      'tpl-password-reset',
      'tpl-pricing',
    ]);
    expect($<HTMLTextAreaElement>(el, '#remark').maxLength).to.equal(2000);
    expect(partText(el, 'remark-count')).to.equal('0 / 2000');
    expect(picker(el).categories.length).to.be.greaterThan(0);
    expect(customForm(el).fields.map((f) => f.key)).to.deep.equal(['callbackPhone', 'orderNumber', 'satisfaction']);
    await expect(el).to.be.accessible();
  });

  it('saves the summary, and the saved summary loads back for editing when the call is opened again', async () => {
    const el = await summary();
    select(el, 'status', 'resolved');
    picker(el).dispatchEvent(
      new CustomEvent('callpop-category-change', { detail: { value: 'cat-logistics-delivery-delay', path: [] }, bubbles: true, composed: true }),
    );
    typeInto($(el, '#remark'), '包裹延误，已加急。');
    await settle(el);
    typeInto(customInput(el, 'orderNumber'), 'YT20261118');
    await settle(el);
    button(el.shadowRoot!, 'Save summary').click();
    await waitUntil(() => notices(el).includes('Summary saved.'), 'never saved');
    const saved = await rig.backend.summary.get(CALL);
    expect(saved).to.include({ status: 'resolved', categoryId: 'cat-logistics-delivery-delay', remark: '包裹延误，已加急。', version: 1 });
    expect(saved!.fields).to.deep.equal({ orderNumber: 'YT20261118' });
    expect(draft()).to.equal(undefined);
    el.remove();

    // A reload: a new workbench on the same backend and storage, a new element for the call.
    const reloaded = await createTestRig({ storage: window.sessionStorage, backend: rig.backend });
    try {
      const again = await summary(CALL, reloaded.workbench);
      expect($<HTMLSelectElement>(again, '#status').value).to.equal('resolved');
      expect($<HTMLTextAreaElement>(again, '#remark').value).to.equal('包裹延误，已加急。');
      expect(picker(again).value).to.equal('cat-logistics-delivery-delay');
      expect(customInput(again, 'orderNumber').value).to.equal('YT20261118');
      expect(partText(again, 'form-actions')).to.match(/^Last saved/);
      typeInto($(again, '#remark'), '包裹延误，已加急，明天回电。');
      await again.updateComplete;
      button(again.shadowRoot!, 'Save summary').click();
      await waitUntil(() => notices(again).includes('Summary saved.'));
      expect(await rig.backend.summary.get(CALL)).to.include({ remark: '包裹延误，已加急，明天回电。', version: 2 });
    } finally {
      reloaded.dispose();
    }
  });

  it('keeps an unsaved summary as a draft that survives a reload', async () => {
    const el = await summary();
    typeInto($(el, '#remark'), '客户说明天再打来');
    select(el, 'status', 'follow-up');
    await el.updateComplete;
    el.remove();
    const reloaded = await createTestRig({ storage: window.sessionStorage, backend: rig.backend });
    try {
      const again = await summary(CALL, reloaded.workbench);
      expect($<HTMLTextAreaElement>(again, '#remark').value).to.equal('客户说明天再打来');
      expect($<HTMLSelectElement>(again, '#status').value).to.equal('follow-up');
      expect(notices(again)).to.include('Your unsaved summary was restored.');
      await expect(again).to.be.accessible();
    } finally {
      reloaded.dispose();
    }
  });

  it('gives back smart fill’s highlights, sources and undo after a reload', async () => {
    const el = await summary();
    button(el.shadowRoot!, 'Smart fill').click();
    await waitUntil(() => notices(el).some((n) => n.startsWith('Filled')), 'fill never finished');
    await settle(el);
    el.remove();
    const reloaded = await createTestRig({ storage: window.sessionStorage, backend: rig.backend });
    try {
      const again = await summary(CALL, reloaded.workbench);
      await settle(again);
      expect(customInput(again, 'orderNumber').value).to.equal('YT20261118');
      const orderField = customForm(again).shadowRoot!.querySelector('[data-key="orderNumber"]')!;
      expect(orderField.getAttribute('part'), 'the filled field after the reload').to.contain('highlighted');
      expect(orderField.querySelector('[part="source"]')?.textContent ?? '').to.contain('订单号是 YT20261118');
      button(again.shadowRoot!, 'Undo fill').click();
      await settle(again);
      expect(customInput(again, 'orderNumber').value).to.equal('');
      expect(again.shadowRoot!.querySelector('[part~="highlighted"]'), 'a highlight after undo').to.equal(null);
    } finally {
      reloaded.dispose();
    }
  });

  it('keeps everything when a save fails, and the retry saves once with the same idempotency key', async () => {
    const el = await summary();
    typeInto($(el, '#remark'), 'Customer will call back.');
    await el.updateComplete;
    rig.backend.failNext('summary.save', new AdapterError('timeout', 'No answer in time.'), 1, { afterWrite: true });
    button(el.shadowRoot!, 'Save summary').click();
    await waitUntil(() => partText(el, 'error') !== '', 'no failure shown');
    expect(partText(el, 'error')).to.equal('Not saved: No answer in time. What you entered is kept; try again. Try again');
    expect($<HTMLTextAreaElement>(el, '#remark').value).to.equal('Customer will call back.');
    const kept = rig.workbench.stores.$drafts.get()[`summary:${CALL}`];
    expect(kept?.idempotencyKey).to.be.a('string');
    expect(JSON.parse(window.sessionStorage.getItem(`callpop:default:draft:summary:${CALL}`) ?? 'null')).to.not.equal(null);
    await expect(el).to.be.accessible();

    button(el.shadowRoot!, 'Try again').click();
    await waitUntil(() => notices(el).includes('Summary saved.'), 'retry never saved');
    expect(rig.backend.writeCount('summary.save')).to.equal(1);
    expect((await rig.backend.summary.get(CALL))?.version).to.equal(1);
    expect(draft()).to.equal(undefined);
  });

  it('when someone else saved the summary first, says so and keeps what the agent typed (a create is If-Match 0)', async () => {
    const sent: (number | undefined)[] = [];
    const watched = await createTestRig({
      storage: window.sessionStorage,
      backend: rig.backend,
      adapter: (backend) => ({
        ...backend,
        subscribe: backend.subscribe.bind(backend),
        summary: { ...backend.summary, save: (id, input, o) => (sent.push(o.expectedVersion), backend.summary.save(id, input, o)) },
      }),
    });
    try {
      const el = await summary(CALL, watched.workbench);
      // A colleague saves the first summary of the call while this agent is typing.
      await rig.backend.summary.save(CALL, { status: null, categoryId: null, templateId: null, remark: 'From a colleague', fields: {} }, { idempotencyKey: 'colleague', expectedVersion: 0 });
      typeInto($(el, '#remark'), 'Mine');
      await el.updateComplete;
      button(el.shadowRoot!, 'Save summary').click();
      await waitUntil(() => partText(el, 'error') !== '', 'no conflict shown');
      expect(sent).to.deep.equal([0]);
      expect(partText(el, 'error')).to.equal(
        'Not saved: Someone else saved this summary first; reload and try again What you entered is kept; try again. Try again',
      );
      expect($<HTMLTextAreaElement>(el, '#remark').value).to.equal('Mine');
      expect(watched.workbench.getDraft(`summary:${CALL}`)).to.deep.include({ input: { status: null, categoryId: null, templateId: null, remark: 'Mine', fields: {} } });
      expect(await rig.backend.summary.get(CALL)).to.include({ remark: 'From a colleague', version: 1 });
    } finally {
      watched.dispose();
    }
  });

  it('refuses a custom field the schema does not accept, before sending anything', async () => {
    const el = await summary();
    typeInto(customInput(el, 'orderNumber'), 'not an order');
    await settle(el);
    button(el.shadowRoot!, 'Save summary').click();
    await waitUntil(() => partText(el, 'error') !== '');
    expect(partText(el, 'error')).to.equal('Please correct the fields marked below.');
    await settle(el);
    const error = customForm(el).shadowRoot!.querySelector('[data-key="orderNumber"] [part="error"]');
    expect(error?.textContent).to.contain('Order number');
    expect(rig.backend.writeCount('summary.save')).to.equal(0);
  });

  it('fills status, category, remark and preset fields from a template, offering a suggestion instead of overwriting typed remarks', async () => {
    const el = await summary();
    typeInto($(el, '#remark'), 'My own words');
    await el.updateComplete;
    select(el, 'template', 'tpl-refund');
    await settle(el);
    expect($<HTMLSelectElement>(el, '#status').value).to.equal('follow-up');
    expect(picker(el).value).to.equal('cat-aftersales-returns-refund');
    expect(customInput(el, 'satisfaction').value).to.equal('neutral');
    expect($<HTMLTextAreaElement>(el, '#remark').value).to.equal('My own words');
    const suggestion = $(el, '[part~="field"]:has(#remark) [part="suggestion"]');
    expect(suggestion.textContent).to.contain('Suggested: 客户申请退货退款');
    await expect(el).to.be.accessible();
    button(el.shadowRoot!, 'Use the suggestion for Remarks').click();
    await el.updateComplete;
    expect($<HTMLTextAreaElement>(el, '#remark').value).to.equal('客户申请退货退款，已告知退货流程；仓库收货后 3 个工作日内原路退款。');
    expect(el.shadowRoot!.querySelector('[part~="field"]:has(#remark) [part="suggestion"]')).to.equal(null);
  });

  it('smart fill fills the untouched fields from the conversation, shows the line each came from, and undoes in one step', async () => {
    const el = await summary();
    button(el.shadowRoot!, 'Smart fill').click();
    await waitUntil(() => notices(el).some((n) => n.startsWith('Filled')), 'fill never finished');
    await settle(el);
    expect(customInput(el, 'orderNumber').value).to.equal('YT20261118');
    const orderField = customForm(el).shadowRoot!.querySelector('[data-key="orderNumber"]')!;
    expect(orderField.getAttribute('part')).to.contain('highlighted');
    expect(orderField.querySelector('[part="source"]')!.textContent).to.contain('订单号是 YT20261118');
    expect(customInput(el, 'callbackPhone').value).to.contain('13800138000'.slice(-4));
    expect(picker(el).value).to.not.equal(null);
    expect($(el, '[part~="field"]:has([part~="category"])').getAttribute('part')).to.equal('field highlighted');
    expect($<HTMLTextAreaElement>(el, '#remark').value).to.not.equal('');
    await expect(el).to.be.accessible();

    button(el.shadowRoot!, 'Undo fill').click();
    await settle(el);
    expect(customInput(el, 'orderNumber').value).to.equal('');
    expect(customInput(el, 'callbackPhone').value).to.equal('');
    expect(picker(el).value).to.equal(null);
    expect($<HTMLSelectElement>(el, '#status').value).to.equal('');
    expect($<HTMLTextAreaElement>(el, '#remark').value).to.equal('');
    expect(el.shadowRoot!.querySelector('[part~="highlighted"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="undo-fill"]')).to.equal(null);
  });

  it('never overwrites a field the agent typed into: the filled value is offered beside it', async () => {
    const el = await summary();
    typeInto(customInput(el, 'orderNumber'), 'AB12345678');
    await settle(el);
    button(el.shadowRoot!, 'Smart fill').click();
    await waitUntil(() => notices(el).some((n) => n.startsWith('Filled')));
    await settle(el);
    expect(customInput(el, 'orderNumber').value).to.equal('AB12345678');
    const suggestion = customForm(el).shadowRoot!.querySelector('[data-key="orderNumber"] [part="suggestion"]')!;
    expect(suggestion.textContent).to.contain('YT20261118');
    expect(notices(el)).to.include('1 suggestion(s) are shown beside fields you typed into.');
    // Undo leaves the typed value alone.
    button(el.shadowRoot!, 'Undo fill').click();
    await settle(el);
    expect(customInput(el, 'orderNumber').value).to.equal('AB12345678');
    // Fill again and take the suggestion.
    button(el.shadowRoot!, 'Smart fill').click();
    await waitUntil(() => customForm(el).shadowRoot!.querySelector('[data-key="orderNumber"] [part="use"]') !== null);
    customForm(el).shadowRoot!.querySelector<HTMLButtonElement>('[data-key="orderNumber"] [part="use"]')!.click();
    await settle(el);
    expect(customInput(el, 'orderNumber').value).to.equal('YT20261118');
  });

  it('says there is nothing to fill when the conversation is empty (or only interim text)', async () => {
    const callId = 'call-0003';
    const segments = await rig.backend.conversation.history(callId);
    expect(segments).to.have.length(0);
    const el = await summary(callId);
    button(el.shadowRoot!, 'Smart fill').click();
    await waitUntil(() => notices(el).length > 0);
    expect(notices(el)).to.deep.equal(['Nothing to fill: the conversation has no final text yet.']);
    expect(el.shadowRoot!.querySelector('[part="undo-fill"]')).to.equal(null);
    const interim: ConversationSegment = {
      id: 'seg-interim',
      callId,
      speaker: 'customer',
      text: '我的订单号是 YT2026',
      final: false,
      seq: 1,
      at: new Date(rig.now()).toISOString(),
    };
    rig.backend.appendSegment(interim);
    button(el.shadowRoot!, 'Smart fill').click();
    await el.updateComplete;
    await waitUntil(() => notices(el).length > 0 && partText(el, 'smart-fill') === 'Smart fill');
    expect(notices(el)).to.deep.equal(['Nothing to fill: the conversation has no final text yet.']);
    await expect(el).to.be.accessible();
  });

  it('says when the summary could not be loaded, and loads it on retry', async () => {
    rig.backend.failNext('summary.get', new AdapterError('server', 'Summary service down'));
    const el = await fixture<ServiceSummaryElement>(
      html`<service-summary lang="en" call-id=${CALL} .workbench=${rig.workbench}></service-summary>`,
    );
    await waitUntil(() => partText(el, 'error') !== '');
    expect(partText(el, 'error')).to.equal('The summary could not be loaded: Summary service down Try again');
    await expect(el).to.be.accessible();
    button(el.shadowRoot!, 'Try again').click();
    await waitUntil(() => el.shadowRoot!.querySelector('form[part="form"]') !== null);
  });

  it('on the second call of a session, reads the summary only after the call was reported, so a strict backend never answers "Unknown call"', async () => {
    // The in-memory backend answers not-found for a call it was not told about, as the contract says;
    // a slow report makes the race the panel used to lose certain.
    const order: string[] = [];
    const strict = await createTestRig({
      adapter: (backend) => ({
        ...backend,
        subscribe: backend.subscribe.bind(backend),
        calls: { ...backend.calls, report: (call, o) => (order.push(`report ${call.id}`), backend.calls.report(call, o)) },
        summary: { ...backend.summary, get: (id, o) => (order.push(`summary.get ${id}`), backend.summary.get(id, o)) },
      }),
    });
    try {
      await strict.workbench.start();
      strict.backend.setLatency(150, 'calls.report');
      const first = strict.softphone.simulateInbound(SEED_IDS.emilyCarterPhone);
      await strict.softphone.answer(first);
      await strict.softphone.hangup(first);
      // The phone settings are read at start (number masking), so the seed's after-call work applies:
      // the agent ends it, and the second call rings instead of being refused busy.
      strict.workbench.endAcw();
      const second = strict.softphone.simulateInbound(SEED_IDS.emilyCarterPhone);
      const el = await summary(second, strict.workbench);
      expect(partText(el, 'error')).to.equal('');
      const mine = order.filter((entry) => entry.endsWith(second));
      expect(mine.slice(0, 2)).to.deep.equal([`report ${second}`, `summary.get ${second}`]);
    } finally {
      strict.dispose();
    }
  });

  it('against a strict REST server over HTTP, the second call of a session loads its summary and the first save creates it (If-Match 0)', async function () {
    this.timeout(20_000);
    const { baseUrl, token } = (await (await fetch('/__strict-server.json')).json()) as { baseUrl: string; token: string };
    const strict = await createTestRig({ adapter: () => createRestAdapter({ baseUrl, token }) });
    try {
      const first = strict.softphone.simulateInbound(SEED_IDS.emilyCarterPhone);
      await strict.softphone.answer(first);
      await strict.softphone.hangup(first);
      const second = strict.softphone.simulateInbound(SEED_IDS.emilyCarterPhone);
      const el = await summary(second, strict.workbench);
      expect(partText(el, 'error')).to.equal('');
      typeInto($(el, '#remark'), 'Called about the invoice.');
      await el.updateComplete;
      button(el.shadowRoot!, 'Save summary').click();
      await waitUntil(() => notices(el).includes('Summary saved.') || partText(el, 'error') !== '', 'the save never finished');
      expect(partText(el, 'error')).to.equal('');
      const saved = await createRestAdapter({ baseUrl, token }).summary.get(second);
      expect(saved).to.include({ callId: second, remark: 'Called about the invoice.', version: 1 });
    } finally {
      strict.dispose();
    }
  });

  it('shows a retryable error, not an empty form, when the backend does not know the call', async () => {
    const el = await fixture<ServiceSummaryElement>(
      html`<service-summary lang="en" call-id="call-nobody-reported" .workbench=${rig.workbench}></service-summary>`,
    );
    await waitUntil(() => partText(el, 'error') !== '', 'no error shown for an unknown call');
    expect(partText(el, 'error')).to.equal('The summary could not be loaded: Call call-nobody-reported does not exist Try again');
  });

  it('speaks Chinese under lang="zh-CN"', async () => {
    const el = await fixture<ServiceSummaryElement>(
      html`<service-summary lang="zh-CN" call-id=${CALL} .workbench=${rig.workbench}></service-summary>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('form[part="form"]') !== null);
    expect(partText(el, 'smart-fill')).to.equal('智能填写');
    expect(partText(el, 'save')).to.equal('保存小结');
  });

  it('releases its store subscriptions when removed, even after 100 cycles', async () => {
    const el = await summary();
    await expectNoSubscriptionLeak(el, rig.workbench);
  });
});
