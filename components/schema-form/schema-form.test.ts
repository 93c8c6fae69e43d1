import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { createDefaultSeed } from '../../src/adapter/memory/index.js';
import type { FormField } from '../../src/adapter/types.js';
import { instantToLocalInput, validateValues } from '../../src/forms/values.js';
import { button, typeInto } from '../shared/test-rig.js';
import type { CallpopFormInputEvent } from './form-input-event.js';
import type { SchemaForm } from './schema-form.js';
import './define.js';

const fields = createDefaultSeed(new Date('2026-11-25T08:00:00Z')).ticketSchema.fields;

async function form(props: Partial<Pick<SchemaForm, 'fields' | 'values' | 'problems' | 'readonly' | 'highlights' | 'suggestions'>> = {}): Promise<SchemaForm> {
  return fixture<SchemaForm>(html`<schema-form
    lang="en"
    .fields=${props.fields ?? fields}
    .values=${props.values ?? {}}
    .problems=${props.problems ?? {}}
    .highlights=${props.highlights ?? {}}
    .suggestions=${props.suggestions ?? {}}
    ?readonly=${props.readonly ?? false}
  ></schema-form>`);
}

/** The text of a part inside a node of the shadow root, whitespace collapsed. */
const textIn = (node: Element, part: string): string =>
  (node.querySelector(`[part~="${part}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();

const fieldOf = (el: SchemaForm, key: string): HTMLElement => {
  const found = el.shadowRoot!.querySelector<HTMLElement>(`[data-key="${key}"]`);
  if (!found) throw new Error(`no field ${key}`);
  return found;
};

describe('<schema-form>', () => {
  it('renders every kind of field with its label and a required mark', async () => {
    const el = await form();
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('[part~="field"]')).to.have.length(fields.length);
    expect(fieldOf(el, 'orderNumber').querySelector('input')!.type).to.equal('text');
    expect(fieldOf(el, 'orderNumber').querySelector('input')!.placeholder).to.equal('e.g. YT20261118');
    expect(fieldOf(el, 'channel').querySelector('label')!.textContent!.trim()).to.equal('Purchase channel *');
    expect(fieldOf(el, 'channel').querySelector('select')!.getAttribute('aria-required')).to.equal('true');
    expect(fieldOf(el, 'amount').querySelector('input')!.type).to.equal('number');
    expect(fieldOf(el, 'purchaseDate').querySelector('input')!.type).to.equal('date');
    expect(fieldOf(el, 'callbackAt').querySelector('input')!.type).to.equal('datetime-local');
    expect(fieldOf(el, 'issueTags').querySelectorAll('input[type=checkbox]')).to.have.length(4);
    expect(fieldOf(el, 'region').querySelectorAll('select')).to.have.length(1);
    expect(fieldOf(el, 'internalNotes').querySelector('textarea')).to.exist;
    expect(fieldOf(el, 'callbackRequested').textContent).to.contain('Customer asked for a callback');
    await expect(el).to.be.accessible();
  });

  it('speaks Chinese labels under lang="zh-CN"', async () => {
    const el = await form();
    el.setAttribute('lang', 'zh-CN');
    el.requestUpdate();
    await el.updateComplete;
    expect(fieldOf(el, 'channel').querySelector('label')!.textContent).to.contain('购买渠道');
  });

  it('reports each change with the new value in its stored shape', async () => {
    const el = await form({ values: { channel: 'app' } });
    const root = el.shadowRoot!;
    setTimeout(() => typeInto(fieldOf(el, 'orderNumber').querySelector('input')!, 'YT20261118'));
    let event = (await oneEvent(el, 'callpop-form-input')) as CallpopFormInputEvent;
    expect(event.detail).to.deep.include({ key: 'orderNumber', value: 'YT20261118' });
    expect(event.detail.values).to.deep.equal({ channel: 'app', orderNumber: 'YT20261118' });

    setTimeout(() => typeInto(fieldOf(el, 'amount').querySelector('input')!, '42.5'));
    event = (await oneEvent(el, 'callpop-form-input')) as CallpopFormInputEvent;
    expect(event.detail.value).to.equal(42.5);

    const local = instantToLocalInput('2026-11-26T02:30:00.000Z');
    setTimeout(() => typeInto(fieldOf(el, 'callbackAt').querySelector('input')!, local));
    event = (await oneEvent(el, 'callpop-form-input')) as CallpopFormInputEvent;
    expect(event.detail.value).to.equal('2026-11-26T02:30:00.000Z');

    const tags = fieldOf(el, 'issueTags').querySelectorAll<HTMLInputElement>('input[type=checkbox]');
    setTimeout(() => tags[2]!.click());
    event = (await oneEvent(el, 'callpop-form-input')) as CallpopFormInputEvent;
    expect(event.detail.value).to.deep.equal(['late']);

    const select = fieldOf(el, 'region').querySelector('select')!;
    select.value = 'shanghai';
    setTimeout(() => select.dispatchEvent(new Event('change')));
    event = (await oneEvent(el, 'callpop-form-input')) as CallpopFormInputEvent;
    expect(event.detail.value).to.deep.equal(['shanghai']);
    await el.updateComplete;
    const levels = fieldOf(el, 'region').querySelectorAll('select');
    expect(levels).to.have.length(2);
    expect(levels[1]!.getAttribute('aria-label')).to.equal('Region, level 2');
    expect([...levels[1]!.options].map((o) => o.value)).to.deep.equal(['', 'pudong', 'xuhui']);

    setTimeout(() => root.querySelector<HTMLInputElement>('[data-key="callbackRequested"] input')!.click());
    event = (await oneEvent(el, 'callpop-form-input')) as CallpopFormInputEvent;
    expect(event.detail).to.include({ value: true });
  });

  it('shows each problem under its field, linked with aria-invalid and aria-describedby', async () => {
    const values = { orderNumber: 'bad', amount: -5 };
    const el = await form({ values, problems: validateValues(fields, values) });
    const input = fieldOf(el, 'orderNumber').querySelector('input')!;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    const error = el.shadowRoot!.getElementById(input.getAttribute('aria-describedby')!)!;
    expect(error.textContent).to.equal('Order number does not have the expected format.');
    expect(fieldOf(el, 'amount').querySelector('[part=error]')!.textContent).to.equal('Amount (CNY) must be at least 0.');
    expect(fieldOf(el, 'channel').querySelector('[part=error]')!.textContent).to.equal('Purchase channel is required.');
    expect(el.focusFirstProblem(), 'focusFirstProblem() found a field to focus').to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(input);
    await expect(el).to.be.accessible();
  });

  it('renders a field of an unknown type read-only and warns once per type', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const odd: FormField[] = [
        { key: 'sig', label: 'Signature', type: 'signature-pad-a' },
        { key: 'sig2', label: 'Second signature', type: 'signature-pad-a' },
      ];
      const el = await form({ fields: odd, values: { sig: 'already signed' } });
      const input = fieldOf(el, 'sig').querySelector('input')!;
      expect(input, 'the field of an unknown type').to.have.property('readOnly', true);
      expect(input.value).to.equal('already signed');
      expect(textIn(fieldOf(el, 'sig'), 'hint')).to.equal('This field cannot be edited here.');
      await form({ fields: odd });
      expect(warnings.filter((w) => String(w[0]).includes('signature-pad-a'))).to.have.length(1);
      await expect(el).to.be.accessible();
    } finally {
      console.warn = original;
    }
  });

  it('shows a clear error for a broken schema and keeps the other fields usable', async () => {
    const broken: FormField[] = [
      { key: 'kind', label: 'Kind', type: 'select', options: [] },
      {
        key: 'area',
        label: 'Area',
        type: 'cascade',
        options: [{ value: 'a', label: 'A', children: [{ value: 'a', label: 'A again' }] }],
      },
      { key: 'note', label: 'Note', type: 'text' },
    ];
    const el = await form({ fields: broken });
    const alert = el.shadowRoot!.querySelector('[part="schema-error"]')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('"Kind" has no options to choose from.');
    expect(alert.textContent).to.contain('"Area" has an option ("a") that contains itself.');
    expect(fieldOf(el, 'kind').getAttribute('part')).to.contain('unavailable');
    expect(fieldOf(el, 'kind').querySelector('input'), 'the broken "Kind" field').to.have.property('readOnly', true);
    expect(fieldOf(el, 'note').querySelector('input'), 'the sound "Note" field').to.have.property('readOnly', false);
    await expect(el).to.be.accessible();
  });

  it('renders values with markup as text', async () => {
    const el = await form({
      values: { orderNumber: '<img src=x onerror=alert(1)>', internalNotes: '<script>alert(1)</script>' },
      highlights: { orderNumber: { source: '<b>my order</b> is YT20261118' } },
    });
    expect(el.shadowRoot!.querySelector('img, script, b')).to.equal(null);
    expect(fieldOf(el, 'orderNumber').querySelector('input')!.value).to.equal('<img src=x onerror=alert(1)>');
    expect(textIn(fieldOf(el, 'orderNumber'), 'source')).to.equal('From the conversation: “<b>my order</b> is YT20261118”');
  });

  it('highlights smart-filled fields and offers suggestions with a "Use" button', async () => {
    const el = await form({
      values: { orderNumber: 'YT1' },
      highlights: { channel: { source: '我是在 App 上买的' } },
      suggestions: { orderNumber: { value: 'YT20261118', label: 'YT20261118', source: '订单号是 YT20261118' } },
    });
    expect(fieldOf(el, 'channel').getAttribute('part')).to.equal('field highlighted');
    const select = fieldOf(el, 'channel').querySelector('select')!;
    expect(el.shadowRoot!.getElementById(select.getAttribute('aria-describedby')!)!.textContent).to.contain('我是在 App 上买的');
    expect(textIn(fieldOf(el, 'orderNumber'), 'suggestion')).to.contain('Suggested: YT20261118');
    const accepted = oneEvent(el, 'callpop-form-accept-suggestion');
    const input = oneEvent(el, 'callpop-form-input');
    button(el.shadowRoot!, 'Use the suggestion YT20261118 for Order number').click();
    expect((await accepted).detail).to.deep.equal({ key: 'orderNumber', value: 'YT20261118' });
    expect(((await input) as CallpopFormInputEvent).detail.values).to.deep.equal({ orderNumber: 'YT20261118' });
    await el.updateComplete;
    expect(fieldOf(el, 'orderNumber').querySelector('input')!.value).to.equal('YT20261118');
    await expect(el).to.be.accessible();
  });

  it('leaves the value alone when the owner cancels the suggestion', async () => {
    const el = await form({
      values: { orderNumber: 'YT1' },
      suggestions: { orderNumber: { value: 'YT20261118', label: 'YT20261118', source: 'x' } },
    });
    let inputs = 0;
    el.addEventListener('callpop-form-input', () => (inputs += 1));
    el.addEventListener('callpop-form-accept-suggestion', (e) => e.preventDefault());
    button(el.shadowRoot!, /^Use the suggestion/).click();
    await el.updateComplete;
    expect(inputs).to.equal(0);
    expect(fieldOf(el, 'orderNumber').querySelector('input')!.value).to.equal('YT1');
  });

  it('is read-only when asked', async () => {
    const el = await form({ readonly: true, values: { channel: 'app' } });
    expect(fieldOf(el, 'channel').querySelector('select'), 'the channel select of a read-only form').to.have.property('disabled', true);
    expect(fieldOf(el, 'orderNumber').querySelector('input'), 'the order number of a read-only form').to.have.property('readOnly', true);
    await expect(el).to.be.accessible();
  });
});
