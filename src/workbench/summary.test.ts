import { expect, waitUntil } from '@open-wc/testing';
import { MemoryBackend } from '../adapter/memory/index.js';
import { SimulatedSoftphone } from '../telephony/simulated-softphone.js';
import { conversationModule } from './conversation.js';
import { checkSummary, summaryInput, summaryModule, summaryValues } from './summary.js';
import { dockingModule } from './docking.js';
import { createWorkbench } from './workbench.js';

describe('summary module', () => {
  it('turns a saved summary into flat form values and back', () => {
    const input = { status: 'resolved', categoryId: 'cat-a', templateId: null, remark: 'ok', fields: { orderNumber: 'YT20261118' } };
    const values = summaryValues(input);
    expect(values).to.deep.equal({ status: 'resolved', categoryId: 'cat-a', templateId: null, remark: 'ok', 'fields.orderNumber': 'YT20261118' });
    expect(summaryInput(values)).to.deep.equal(input);
    expect(summaryInput({ ...values, 'fields.orderNumber': '', status: '' })).to.deep.equal({ ...input, status: null, fields: {} });
  });

  it('refuses remarks over 2000 characters and custom values the schema refuses', async () => {
    const backend = new MemoryBackend();
    const schema = await backend.summary.schema();
    const problems = checkSummary({ remark: 'x'.repeat(2001), 'fields.orderNumber': 'nope' }, schema);
    expect(problems['remark']).to.deep.equal({ code: 'tooLong', params: { max: 2000, length: 2001 } });
    expect(problems['fields.orderNumber']?.code).to.equal('pattern');
  });

  it('smart-fills from the live transcript the conversation view holds, not only from the backend history', async () => {
    const backend = new MemoryBackend();
    const workbench = createWorkbench({ adapter: backend, softphone: new SimulatedSoftphone(), storage: null });
    await workbench.start();
    const conversation = workbench.use(conversationModule);
    const summary = workbench.use(summaryModule);
    await conversation.load('call-0003');
    // A push the backend's history does not have (yet).
    backend.emit({
      type: 'conversation.segment',
      segment: { id: 'live-1', callId: 'call-0003', speaker: 'customer', text: 'My order number is YT20261118.', final: true, seq: 1, at: '2026-11-25T02:00:00.000Z' },
    });
    await summary.load('call-0003');
    await summary.fill('call-0003');
    const state = summary.$summaries.get()['call-0003']!;
    expect(state.fill.status).to.equal('filled');
    expect(state.values['fields.orderNumber']).to.equal('YT20261118');
    expect(state.filled['fields.orderNumber']).to.deep.include({ segmentIds: ['live-1'], text: 'My order number is YT20261118.' });
    workbench.dispose();
  });

  it('takes the fields a docking page asks to fill, never overwriting what the agent typed, and undoes them in one step', async () => {
    const backend = new MemoryBackend();
    const workbench = createWorkbench({ adapter: backend, softphone: new SimulatedSoftphone(), storage: null });
    await workbench.start();
    const summary = workbench.use(summaryModule);
    await summary.load('call-0003');
    summary.edit('call-0003', 'remark', 'Typed by the agent');
    workbench.use(dockingModule).requestSummaryFill('call-0003', 'orders', {
      remark: 'From the order page',
      orderNumber: 'YT20261118',
      notAField: 'ignored',
    });
    await waitUntil(() => summary.$summaries.get()['call-0003']?.values['fields.orderNumber'] !== undefined, 'the page values never reached the form');
    const state = summary.$summaries.get()['call-0003']!;
    expect(state.values['fields.orderNumber']).to.equal('YT20261118');
    expect(state.filled['fields.orderNumber']?.source).to.equal('docking-page');
    expect(state.values['remark']).to.equal('Typed by the agent');
    expect(state.suggestions['remark']?.value).to.equal('From the order page');
    expect(Object.keys(state.values)).to.not.include('fields.notAField');
    summary.undoFill('call-0003');
    expect(summary.$summaries.get()['call-0003']!.values['fields.orderNumber'] ?? null).to.equal(null);
    workbench.dispose();
  });

  it('offers values the extractor is unsure of beside the field, for every kind of field, and fills them only when the agent accepts', async () => {
    const base = new MemoryBackend();
    const extract = async () => ({
      values: [
        { key: 'status', value: 'resolved', confidence: 0.3, segmentIds: ['s1'] },
        { key: 'categoryId', value: 'cat-aftersales-returns-refund', confidence: 0.2, segmentIds: ['s1'] },
        { key: 'remark', value: 'Maybe a refund', confidence: 0.4, segmentIds: ['s1'] },
        { key: 'orderNumber', value: 'YT20261118', confidence: 0.45, segmentIds: ['s1'] },
        { key: 'amount', value: 199, confidence: 0.9, segmentIds: ['s1'] },
      ],
    });
    // The memory backend with an extractor: every other capability is the memory backend's.
    const backend = new Proxy(base, {
      get: (target, prop) => {
        if (prop === 'smartFill') return { extract };
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const workbench = createWorkbench({ adapter: backend, softphone: new SimulatedSoftphone(), storage: null });
    await workbench.start();
    const conversation = workbench.use(conversationModule);
    const summary = workbench.use(summaryModule);
    await conversation.load('call-0003');
    base.emit({
      type: 'conversation.segment',
      segment: { id: 's1', callId: 'call-0003', speaker: 'customer', text: 'I think I want my money back.', final: true, seq: 1, at: '2026-11-25T02:00:00.000Z' },
    });
    await summary.load('call-0003');
    const before = summary.$summaries.get()['call-0003']!.values;
    await summary.fill('call-0003');
    let state = summary.$summaries.get()['call-0003']!;
    expect(state.fill.status).to.equal('filled');
    for (const key of ['status', 'categoryId', 'remark', 'fields.orderNumber']) {
      expect(state.values[key] ?? null, key).to.deep.equal(before[key] ?? null);
      expect(state.filled[key], key).to.equal(undefined);
      expect(state.suggestions[key]?.reason, key).to.equal('unsure');
    }
    expect(state.suggestions['categoryId']?.value).to.equal('cat-aftersales-returns-refund');
    summary.acceptSuggestion('call-0003', 'categoryId');
    state = summary.$summaries.get()['call-0003']!;
    expect(state.values['categoryId']).to.equal('cat-aftersales-returns-refund');
    expect(state.suggestions['categoryId']).to.equal(undefined);
    workbench.dispose();
  });
});
