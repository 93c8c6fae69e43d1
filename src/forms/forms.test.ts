import { expect } from '@open-wc/testing';
import { createDefaultSeed } from '../adapter/memory/index.js';
import type { FieldOption, FormField } from '../adapter/types.js';
import { cascadeChildren, cascadeOptions, cascadePathOf, isCompleteCascade } from './cascade.js';
import { categoryPath, categoryPathLabel, searchCategories } from './categories.js';
import { checkCategories, checkSchema, MAX_CASCADE_DEPTH } from './schema.js';
import { emptyTicketForm, problemsFromBackend, ticketFormFromDraft, validateTicketForm } from './ticket-form.js';
import {
  instantToLocalInput,
  isValidDate,
  localInputToInstant,
  normalizeValue,
  normalizeValues,
  validateField,
  validateValues,
} from './values.js';

const seed = createDefaultSeed(new Date('2026-11-25T08:00:00Z'));
const ticketFields = seed.ticketSchema.fields;
const field = (key: string): FormField => {
  const found = ticketFields.find((f) => f.key === key);
  if (!found) throw new Error(key);
  return found;
};

describe('src/forms', () => {
  describe('checkSchema', () => {
    it('finds nothing wrong with the seeded ticket and summary schemas', () => {
      expect(checkSchema(ticketFields)).to.deep.equal([]);
      expect(checkSchema(seed.summarySchema.fields)).to.deep.equal([]);
      expect(checkCategories(seed.ticketSchema.categories)).to.deep.equal([]);
    });

    it('refuses a select with no options, a duplicate key and a broken pattern with clear errors', () => {
      const problems = checkSchema([
        { key: 'a', label: 'A', type: 'select', options: [] },
        { key: 'b', label: 'B', type: 'multiselect' },
        { key: 'c', label: 'C', type: 'text', pattern: '([a-z' },
        { key: 'c', label: 'C again', type: 'text' },
      ]);
      expect(problems.map((p) => [p.severity, p.code, p.key])).to.deep.equal([
        ['error', 'no-options', 'a'],
        ['error', 'no-options', 'b'],
        ['error', 'invalid-pattern', 'c'],
        ['error', 'duplicate-key', 'c'],
      ]);
      expect(problems[0]?.message).to.equal('Field "a" (select) has no options.');
    });

    it('refuses a cascade whose option contains itself, by value or by reference', () => {
      const byValue = checkSchema([
        {
          key: 'region',
          label: 'Region',
          type: 'cascade',
          options: [{ value: 'x', label: 'X', children: [{ value: 'y', label: 'Y', children: [{ value: 'x', label: 'X' }] }] }],
        },
      ]);
      expect(byValue.map((p) => p.code)).to.deep.equal(['cascade-cycle']);
      const loop: { value: string; label: string; children: FieldOption[] } = { value: 'loop', label: 'Loop', children: [] };
      loop.children.push(loop);
      const byReference = checkSchema([{ key: 'r', label: 'R', type: 'cascade', options: [loop] }]);
      expect(byReference.map((p) => p.code)).to.deep.equal(['cascade-cycle']);
    });

    it(`refuses a cascade deeper than ${MAX_CASCADE_DEPTH} levels`, () => {
      let options: FieldOption[] = [{ value: 'leaf', label: 'Leaf' }];
      for (let i = 0; i < MAX_CASCADE_DEPTH; i += 1) options = [{ value: `l${i}`, label: `L${i}`, children: options }];
      expect(checkSchema([{ key: 'deep', label: 'Deep', type: 'cascade', options }]).map((p) => p.code)).to.deep.equal([
        'cascade-too-deep',
      ]);
    });

    it('only warns about an unknown field type (the field is shown read-only)', () => {
      const [problem] = checkSchema([{ key: 'sig', label: 'Signature', type: 'signature-pad' }]);
      expect(problem).to.include({ severity: 'warning', code: 'unknown-type', key: 'sig' });
    });
  });

  describe('validateField', () => {
    it('says what is wrong with message codes and parameters', () => {
      expect(validateField(field('channel'), null)).to.deep.equal({ code: 'required', params: {} });
      expect(validateField(field('channel'), 'fax')).to.deep.equal({ code: 'notOption', params: {} });
      expect(validateField(field('channel'), 'app')).to.equal(null);
      expect(validateField(field('orderNumber'), 'yt123')).to.deep.equal({ code: 'pattern', params: {} });
      expect(validateField(field('orderNumber'), 'YT12345678')).to.equal(null);
      expect(validateField(field('amount'), -1)).to.deep.equal({ code: 'belowMin', params: { min: 0 } });
      expect(validateField(field('amount'), 2_000_000)).to.deep.equal({ code: 'aboveMax', params: { max: 1_000_000 } });
      expect(validateField(field('internalNotes'), 'x'.repeat(1001))).to.deep.equal({
        code: 'tooLong',
        params: { max: 1000, length: 1001 },
      });
      expect(validateField({ key: 'n', label: 'N', type: 'text', minLength: 3 }, 'ab')).to.deep.equal({
        code: 'tooShort',
        params: { min: 3, length: 2 },
      });
    });

    it('checks dates, instants, lists, cascades and checkboxes', () => {
      expect(validateField(field('purchaseDate'), '2026-02-30')).to.deep.equal({ code: 'invalidDate', params: {} });
      expect(validateField(field('purchaseDate'), '2026-02-28')).to.equal(null);
      expect(validateField(field('callbackAt'), '2026-11-26 10:00')).to.deep.equal({ code: 'invalidDateTime', params: {} });
      expect(validateField(field('callbackAt'), '2026-11-26T02:00:00.000Z')).to.equal(null);
      expect(validateField(field('issueTags'), ['late', 'nope'])).to.deep.equal({ code: 'notOption', params: {} });
      expect(validateField(field('issueTags'), ['late'])).to.equal(null);
      expect(validateField(field('region'), ['beijing'])).to.deep.equal({ code: 'cascadeIncomplete', params: {} });
      expect(validateField(field('region'), ['beijing', 'pudong'])).to.deep.equal({ code: 'notOption', params: {} });
      expect(validateField(field('region'), ['beijing', 'haidian'])).to.equal(null);
      expect(validateField({ key: 'ok', label: 'OK', type: 'checkbox', required: true }, false)).to.deep.equal({
        code: 'required',
        params: {},
      });
      expect(validateValues(ticketFields, {})).to.deep.equal({ channel: { code: 'required', params: {} } });
    });
  });

  describe('normalisation', () => {
    it('trims text, reads numbers, drops blanks and duplicates', () => {
      expect(normalizeValue(field('orderNumber'), '  YT12345678 ')).to.equal('YT12345678');
      expect(normalizeValue(field('amount'), ' 1,299.5 ')).to.equal(1299.5);
      expect(normalizeValue(field('amount'), '')).to.equal(null);
      expect(normalizeValue(field('issueTags'), ['late', 'late'])).to.deep.equal(['late']);
      expect(normalizeValues(ticketFields, { channel: 'app', orderNumber: '  ', callbackRequested: false, extra: 'x' })).to.deep.equal({
        channel: 'app',
      });
      expect(isValidDate('2026-13-01'), 'month 13 (2026-13-01) accepted as a date').to.equal(false);
    });

    it('shows an instant in the agent\'s time zone and reads it back as the same instant', () => {
      const instant = '2026-11-26T02:30:00.000Z';
      const local = instantToLocalInput(instant);
      expect(local).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
      expect(localInputToInstant(local)).to.equal(instant);
      expect(instantToLocalInput('not a date')).to.equal('');
      expect(localInputToInstant('')).to.equal(null);
    });
  });

  describe('cascades and categories', () => {
    const region = field('region').options ?? [];

    it('finds the path of a value and the children of a path', () => {
      expect(cascadePathOf(region, 'pudong')).to.deep.equal(['shanghai', 'pudong']);
      expect(cascadePathOf(region, 'nowhere')).to.equal(null);
      expect(cascadeChildren(region, ['guangdong'])?.map((o) => o.value)).to.deep.equal(['shenzhen', 'guangzhou']);
      expect(cascadeChildren(region, ['mars'])).to.equal(null);
      expect(cascadeOptions(region, ['zhejiang', 'ningbo'])?.map((o) => o.value)).to.deep.equal(['zhejiang', 'ningbo']);
      expect([['zhejiang', 'ningbo'], ['zhejiang']].filter((path) => isCompleteCascade(region, path)), 'the complete region paths').to.deep.equal([['zhejiang', 'ningbo']]);
    });

    it('searches the whole category tree in both languages and by keyword', () => {
      const categories = seed.ticketSchema.categories;
      expect(searchCategories(categories, '退货')[0]?.node.id).to.equal('cat-aftersales-returns-refund');
      expect(searchCategories(categories, 'refund')[0]?.node.id).to.equal('cat-aftersales-returns-refund');
      expect(searchCategories(categories, 'charged twice')[0]?.node.id).to.equal('cat-account-billing-charge');
      expect(searchCategories(categories, 'logistics lost').map((e) => e.node.id)).to.deep.equal(['cat-logistics-delivery-lost']);
      const path = categoryPath(categories, 'cat-logistics-delivery-delay');
      expect(categoryPathLabel(path ?? [], 'en')).to.equal('Logistics › Delivery › Delay');
      expect(categoryPathLabel(path ?? [], 'zh-CN')).to.equal('物流 › 配送 › 延迟');
    });
  });

  describe('the ticket form', () => {
    it('needs a title and the required custom fields, then builds the input linked to the call', () => {
      const link = { callId: 'call-1', customerId: 'cust-1' };
      const empty = validateTicketForm(emptyTicketForm(), seed.ticketSchema, link);
      expect(empty.input).to.equal(null);
      expect(Object.keys(empty.problems)).to.deep.equal(['title', 'channel']);
      const filled = validateTicketForm(
        { ...emptyTicketForm(), title: '  Parcel lost ', categoryId: 'cat-logistics-delivery-lost', fields: { channel: 'app', amount: 12 } },
        seed.ticketSchema,
        link,
      );
      expect(filled.input).to.deep.equal({
        title: 'Parcel lost',
        description: '',
        priority: 'normal',
        categoryId: 'cat-logistics-delivery-lost',
        assigneeId: null,
        customerId: 'cust-1',
        callId: 'call-1',
        fields: { channel: 'app', amount: 12 },
      });
    });

    it('reads a stored draft defensively and maps backend field errors', () => {
      expect(ticketFormFromDraft({ title: 5, priority: 'extreme', fields: [] })).to.deep.equal(emptyTicketForm());
      expect(ticketFormFromDraft(null)).to.equal(null);
      expect(problemsFromBackend({ title: 'Too long', 'fields.channel': 'Choose one' })).to.deep.equal({
        title: { code: 'server', params: { message: 'Too long' } },
        channel: { code: 'server', params: { message: 'Choose one' } },
      });
    });
  });
});

describe('src/forms: fields that take several values', () => {
  const orders: FormField = { key: 'orders', label: 'Orders', type: 'text', multiple: true, pattern: '[A-Z]{2}\\d{8}' };

  it('splits typed text into the list of values (as the form shows a list: "a / b"), de-duplicated', () => {
    expect(normalizeValue(orders, ' YT20261118, YT20261120；YT20261118 ')).to.deep.equal(['YT20261118', 'YT20261120']);
    expect(normalizeValue(orders, 'YT20261118 / YT20261120')).to.deep.equal(['YT20261118', 'YT20261120']);
    expect(normalizeValue(orders, ['YT20261118 ', ''])).to.deep.equal(['YT20261118']);
    expect(normalizeValue(orders, ' , ')).to.equal(null);
  });

  it('checks each value against the pattern, and a single-value text field still refuses a list', () => {
    expect(validateField(orders, ['YT20261118', 'YT20261120'])).to.equal(null);
    expect(validateField(orders, ['YT20261118', 'nope'])?.code).to.equal('pattern');
    expect(validateField({ ...orders, multiple: false }, ['YT20261118', 'YT20261120'])?.code).to.equal('pattern');
  });
});
