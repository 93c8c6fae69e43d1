import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { AdapterError } from '../../src/adapter/errors.js';
import { createDefaultSeed, MemoryBackend, SEED_IDS } from '../../src/adapter/memory/index.js';
import { createHandlers } from '../../src/adapter/msw/handlers.js';
import { createRestAdapter } from '../../src/adapter/rest/index.js';
import type { FormField, TicketSchema } from '../../src/adapter/types.js';
import type { CallpopTicketCreatedEvent } from '../../src/workbench/ticket-created-event.js';
import type { CategoryPicker } from '../category-picker/category-picker.js';
import type { SchemaForm } from '../schema-form/schema-form.js';
import { button, createTestRig, partText, TEST_START, testBackend, type TestRig, typeInto } from '../shared/test-rig.js';
import type { TicketForm } from './ticket-form.js';
import './define.js';

const CALL = SEED_IDS.latestCall;

function backendWith(schema: (base: TicketSchema) => TicketSchema): MemoryBackend {
  const seed = createDefaultSeed(new Date(TEST_START));
  return testBackend({ seed: { ...seed, ticketSchema: schema(seed.ticketSchema) } });
}

describe('<ticket-form>', () => {
  let rig: TestRig;

  beforeEach(async () => {
    window.sessionStorage.clear();
    rig = await createTestRig({ storage: window.sessionStorage });
  });

  afterEach(() => {
    rig.dispose();
    window.sessionStorage.clear();
  });

  async function open(callId: string = CALL, r: TestRig = rig): Promise<TicketForm> {
    const el = await fixture<TicketForm>(html`<ticket-form lang="en" call-id=${callId} .workbench=${r.workbench}></ticket-form>`);
    await waitUntil(() => el.shadowRoot!.querySelector('form') !== null, 'the form never showed');
    await fieldsOf(el).updateComplete;
    return el;
  }

  const $ = <T extends Element>(el: Element, selector: string): T => {
    const found = el.shadowRoot!.querySelector<T>(selector);
    if (!found) throw new Error(`no ${selector}`);
    return found;
  };
  const fieldsOf = (el: TicketForm): SchemaForm => $<SchemaForm>(el, '[part~="fields"]');
  const pickerOf = (el: TicketForm): CategoryPicker => $<CategoryPicker>(el, '[part~="category"]');

  async function choose(el: TicketForm, key: string, value: string): Promise<void> {
    const select = $<HTMLSelectElement>(fieldsOf(el), `[data-key="${key}"] select`);
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
  }

  async function fill(el: TicketForm, title = '包裹丢失，需补发'): Promise<void> {
    typeInto($(el, '#title'), title);
    typeInto($(el, '#description'), '客户称快递显示已签收但未收到。');
    await choose(el, 'channel', 'app');
  }
  it('fills the form from the conversation in one click, keeps what the agent typed, and undoes the fill in one step', async () => {
    const el = await open();
    typeInto($(el, '#description'), 'Typed by the agent');
    await el.updateComplete;
    button(el.shadowRoot!, 'Smart fill').click();
    await waitUntil(() => partText(el, 'fill-notice') !== '', 'the fill never finished', { timeout: 5000 });
    expect(partText(el, 'fill-notice')).to.match(/^Filled \d+ field\(s\) from the conversation\.$/);
    const title = $<HTMLInputElement>(el, '#title').value;
    expect(title).to.not.equal('');
    expect(partText(el, 'fill-source')).to.contain('From the conversation:');
    expect($<HTMLTextAreaElement>(el, '#description').value).to.equal('Typed by the agent');
    expect(partText(el, 'suggestion')).to.contain('Suggested:');
    await expect(el).to.be.accessible();
    button(el.shadowRoot!, 'Undo fill').click();
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#title').value).to.equal('');
    expect($<HTMLTextAreaElement>(el, '#description').value).to.equal('Typed by the agent');
    expect(el.shadowRoot!.querySelector('[part~="undo-fill"]')).to.equal(null);
  });

  it('says there is nothing to fill when the call has no conversation', async () => {
    const callId = rig.softphone.simulateInbound('+8613900139000');
    await waitUntil(async () => (await rig.backend.calls.get(callId).catch(() => null)) !== null);
    const el = await open(callId);
    button(el.shadowRoot!, 'Smart fill').click();
    await waitUntil(() => partText(el, 'fill-notice') !== '', 'no answer', { timeout: 5000 });
    expect(partText(el, 'fill-notice')).to.equal('Nothing to fill yet: the conversation has no final lines.');
    expect($<HTMLInputElement>(el, '#title').value).to.equal('');
  });


  it('builds the form from the ticket schema: title, description, category, priority, assignee and custom fields', async () => {
    const el = await open();
    expect($<HTMLLabelElement>(el, 'label[for="title"]').textContent).to.contain('Title');
    expect(pickerOf(el).categories.length).to.be.greaterThan(0);
    expect([...$<HTMLSelectElement>(el, '#priority').options].map((o) => o.value)).to.deep.equal(['low', 'normal', 'high', 'urgent']);
    await waitUntil(() => $<HTMLSelectElement>(el, '#assignee').options.length > 1, 'agents never loaded');
    expect([...$<HTMLSelectElement>(el, '#assignee').options].map((o) => o.textContent!.trim())).to.include('王强');
    expect(fieldsOf(el).shadowRoot!.querySelectorAll('[part~="field"]')).to.have.length(9);
    await expect(el).to.be.accessible();
  });

  it('refuses a missing title and the required purchase channel with clear messages and sends nothing', async () => {
    const el = await open();
    button(el.shadowRoot!, 'Create ticket').click();
    await waitUntil(() => el.shadowRoot!.querySelector('#title-error') !== null);
    expect(partText(el, 'summary')).to.equal('Please correct the fields marked below.');
    expect($(el, '#title-error').textContent).to.equal('Title is required.');
    expect($(el, '#title').getAttribute('aria-invalid')).to.equal('true');
    await fieldsOf(el).updateComplete;
    expect($(fieldsOf(el), '[data-key="channel"] [part=error]').textContent).to.equal('Purchase channel is required.');
    expect(el.shadowRoot!.activeElement?.id).to.equal('title');
    expect(rig.backend.writeCount('tickets.create')).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('creates the ticket linked to the call and its customer, then clears the draft', async () => {
    const el = await open();
    await fill(el);
    typeInto($(pickerOf(el), 'input[part=search]'), 'lost');
    await pickerOf(el).updateComplete;
    $<HTMLElement>(pickerOf(el), '[part~=result]').click();
    await el.updateComplete;
    expect(rig.workbench.getDraft(`ticket:${CALL}`)).to.not.equal(undefined);
    const created = oneEvent(el, 'callpop-ticket-created');
    button(el.shadowRoot!, 'Create ticket').click();
    const { ticket } = ((await created) as CallpopTicketCreatedEvent).detail;
    expect(ticket).to.deep.include({ title: '包裹丢失，需补发', callId: CALL, customerId: SEED_IDS.zhangWei });
    expect(ticket.categoryId).to.equal('cat-logistics-delivery-lost');
    expect(ticket.fields).to.deep.equal({ channel: 'app' });
    expect(rig.workbench.getDraft(`ticket:${CALL}`)).to.equal(undefined);
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#title').value).to.equal('');
  });

  it('says why a create failed, keeps the form, and the retry (same key) creates one ticket', async () => {
    const el = await open();
    await fill(el, 'Retry after a timeout');
    rig.backend.failNext('tickets.create', new AdapterError('timeout', 'No answer in time'), 1, { afterWrite: true });
    button(el.shadowRoot!, 'Create ticket').click();
    await waitUntil(() => partText(el, 'failure') !== '', 'no failure shown');
    expect(partText(el, 'failure')).to.contain('The ticket was not created: No answer in time. The form is kept; try again.');
    expect($<HTMLInputElement>(el, '#title').value).to.equal('Retry after a timeout');
    await expect(el).to.be.accessible();
    const created = oneEvent(el, 'callpop-ticket-created');
    button(el.shadowRoot!, 'Try again').click();
    await created;
    expect(rig.backend.writeCount('tickets.create')).to.equal(1);
    const all = await rig.backend.tickets.listByCall(CALL, { limit: 100 });
    expect(all.items.filter((t) => t.title === 'Retry after a timeout')).to.have.length(1);
  });

  it('creates one ticket on a double click', async () => {
    // Every create request the form makes, so the test can wait for all of them to be answered.
    const requests: Promise<unknown>[] = [];
    rig.dispose();
    rig = await createTestRig({
      storage: window.sessionStorage,
      // The backend itself, its create counted (a copy made with Object.create cannot reach its private members).
      adapter: (backend) => {
        const { create } = backend.tickets;
        (backend as { tickets: MemoryBackend['tickets'] }).tickets = {
          ...backend.tickets,
          create: (...args: Parameters<MemoryBackend['tickets']['create']>) => {
            const request = create(...args);
            requests.push(request);
            return request;
          },
        };
        return backend;
      },
    });
    rig.backend.setLatency(50, 'tickets.create');
    const el = await open();
    await fill(el, 'Double click');
    const created = oneEvent(el, 'callpop-ticket-created');
    const submit = button(el.shadowRoot!, 'Create ticket');
    submit.click();
    submit.click();
    await created;
    await Promise.allSettled(requests);
    expect(rig.backend.writeCount('tickets.create')).to.equal(1);
    const { items } = await rig.backend.tickets.listByCall(CALL, { limit: 100 });
    expect(items.filter((t) => t.title === 'Double click')).to.have.length(1);
  });

  it('keeps each call its own draft, across switching calls and a reload', async () => {
    const el = await open(CALL);
    typeInto($(el, '#title'), 'Half-typed for call 1');
    await choose(el, 'channel', 'wechat');
    el.callId = SEED_IDS.englishCall;
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#title').value).to.equal('');
    typeInto($(el, '#title'), 'Other call');
    el.callId = CALL;
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#title').value).to.equal('Half-typed for call 1');
    expect(partText(el, 'notice')).to.equal('Your unsaved ticket was restored.');
    el.remove();
    // A reload: a new workbench on the same backend and storage, a new element.
    const reloaded = await createTestRig({ storage: window.sessionStorage, backend: rig.backend });
    try {
      const fresh = await open(CALL, reloaded);
      expect($<HTMLInputElement>(fresh, '#title').value).to.equal('Half-typed for call 1');
      expect($<HTMLSelectElement>(fieldsOf(fresh), '[data-key="channel"] select').value).to.equal('wechat');
    } finally {
      reloaded.dispose();
    }
  });

  it('a retry after a reload still sends the same idempotency key', async () => {
    const el = await open();
    await fill(el, 'Reload between tries');
    rig.backend.failNext('tickets.create', new AdapterError('timeout', 'No answer in time'), 1, { afterWrite: true });
    button(el.shadowRoot!, 'Create ticket').click();
    await waitUntil(() => partText(el, 'failure') !== '');
    el.remove();
    const reloaded = await createTestRig({ storage: window.sessionStorage, backend: rig.backend });
    try {
      const fresh = await open(CALL, reloaded);
      const created = oneEvent(fresh, 'callpop-ticket-created');
      button(fresh.shadowRoot!, 'Create ticket').click();
      await created;
      expect(rig.backend.writeCount('tickets.create')).to.equal(1);
    } finally {
      reloaded.dispose();
    }
  });

  it('renders a custom field of an unknown type read-only, warns, and still creates the ticket', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(String(args[0]));
    rig.dispose();
    const odd: FormField = { key: 'signature', label: { en: 'Signature', 'zh-CN': '签名' }, type: 'signature-pad-ticket' };
    rig = await createTestRig({ storage: window.sessionStorage, backend: backendWith((s) => ({ ...s, fields: [...s.fields, odd] })) });
    try {
      const el = await open();
      const input = $<HTMLInputElement>(fieldsOf(el), '[data-key="signature"] input');
      expect(input, 'the field of an unknown type').to.have.property('readOnly', true);
      expect(warnings.filter((w) => w.includes('signature-pad-ticket'))).to.have.length(1);
      await fill(el);
      const created = oneEvent(el, 'callpop-ticket-created');
      button(el.shadowRoot!, 'Create ticket').click();
      await created;
    } finally {
      console.warn = original;
    }
  });

  it('shows a clear error for a select without options and a cascade with a cycle', async () => {
    const original = console.warn;
    console.warn = () => undefined;
    rig.dispose();
    rig = await createTestRig({
      storage: window.sessionStorage,
      backend: backendWith((s) => ({
        ...s,
        fields: [
          ...s.fields,
          { key: 'empty', label: 'Warehouse', type: 'select', options: [] },
          {
            key: 'loop',
            label: 'Area',
            type: 'cascade',
            options: [{ value: 'a', label: 'A', children: [{ value: 'b', label: 'B', children: [{ value: 'a', label: 'A' }] }] }],
          },
        ],
      })),
    });
    try {
      const el = await open();
      const alert = $(fieldsOf(el), '[part="schema-error"]');
      expect(alert.textContent).to.contain('"Warehouse" has no options to choose from.');
      expect(alert.textContent).to.contain('"Area" has an option ("a") that contains itself.');
      await expect(el).to.be.accessible();
    } finally {
      console.warn = original;
    }
  });

  it('shows why the schema could not be loaded, and loads it on retry', async () => {
    rig.dispose();
    const backend = testBackend();
    backend.failNext('tickets.schema', new AdapterError('server', 'Schema service down'));
    rig = await createTestRig({ storage: window.sessionStorage, backend });
    const el = await fixture<TicketForm>(html`<ticket-form lang="en" call-id=${CALL} .workbench=${rig.workbench}></ticket-form>`);
    await waitUntil(() => partText(el, 'schema-error') !== '');
    expect(partText(el, 'schema-error')).to.contain('Could not load the ticket form: Schema service down');
    button(el.shadowRoot!, 'Try again').click();
    await waitUntil(() => el.shadowRoot!.querySelector('form') !== null);
  });

  describe('through the REST adapter (msw)', () => {
    let worker: SetupWorker;

    before(async () => {
      worker = setupWorker();
      await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
    });

    after(() => worker.stop());

    it('creates a ticket, and a retry after a timeout that reached the backend creates one', async () => {
      rig.dispose();
      const backend = testBackend();
      worker.resetHandlers(...createHandlers(backend, { baseUrl: '/rest-ticket-form' }));
      rig = await createTestRig({
        storage: window.sessionStorage,
        backend,
        adapter: () => createRestAdapter({ baseUrl: '/rest-ticket-form' }),
      });
      const el = await open();
      await fill(el, 'Via REST');
      backend.failNext('tickets.create', new AdapterError('timeout', 'Gateway timeout'), 1, { afterWrite: true });
      button(el.shadowRoot!, 'Create ticket').click();
      await waitUntil(() => partText(el, 'failure') !== '', 'no failure shown');
      expect($<HTMLInputElement>(el, '#title').value).to.equal('Via REST');
      const created = oneEvent(el, 'callpop-ticket-created');
      button(el.shadowRoot!, 'Try again').click();
      const { ticket } = ((await created) as CallpopTicketCreatedEvent).detail;
      expect(ticket.title).to.equal('Via REST');
      expect(backend.writeCount('tickets.create')).to.equal(1);
    });

    it('shows the backend\'s field errors under the fields', async () => {
      rig.dispose();
      const backend = testBackend();
      worker.resetHandlers(...createHandlers(backend, { baseUrl: '/rest-ticket-form2' }));
      rig = await createTestRig({
        storage: window.sessionStorage,
        backend,
        adapter: () => createRestAdapter({ baseUrl: '/rest-ticket-form2' }),
      });
      const el = await open();
      await fill(el);
      backend.failNext(
        'tickets.create',
        new AdapterError('validation', 'The ticket could not be created', { status: 422, fields: { 'fields.channel': 'Channel closed <b>today</b>' } }),
      );
      button(el.shadowRoot!, 'Create ticket').click();
      await waitUntil(() => partText(el, 'failure') !== '');
      await fieldsOf(el).updateComplete;
      expect($(fieldsOf(el), '[data-key="channel"] [part=error]').textContent).to.equal('Purchase channel: Channel closed <b>today</b>');
      expect(fieldsOf(el).shadowRoot!.querySelector('b')).to.equal(null);
    });
  });
});
