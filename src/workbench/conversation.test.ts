import { expect, waitUntil } from '@open-wc/testing';
import { MemoryBackend } from '../adapter/memory/index.js';
import { SEED_IDS } from '../adapter/memory/seed.js';
import type { ConversationSegment } from '../adapter/types.js';
import { SimulatedSoftphone } from '../telephony/simulated-softphone.js';
import { conversationModule, mergeSegment, mergeSegments, searchTranscript, splitByQuery } from './conversation.js';
import { applyFill, undoFill } from './fill.js';
import { createWorkbench } from './workbench.js';

const seg = (seq: number, text: string, final = true, id = `s${seq}`): ConversationSegment => ({
  id,
  callId: 'c1',
  speaker: 'customer',
  text,
  final,
  seq,
  at: '2026-11-25T08:00:00.000Z',
});

describe('conversation: merging segments', () => {
  it('keeps one segment per id in seq order: final replaces interim, never the reverse', () => {
    let list = mergeSegment([], seg(2, 'two'));
    list = mergeSegment(list, seg(1, 'on', false));
    list = mergeSegment(list, seg(3, 'three'));
    list = mergeSegment(list, seg(1, 'one'));
    list = mergeSegment(list, seg(1, 'o', false));
    expect(list.map((s) => s.text)).to.deep.equal(['one', 'two', 'three']);
  });

  it('returns the same list for a duplicate, so nothing re-renders', () => {
    const list = mergeSegments([], [seg(1, 'a'), seg(2, 'b')]);
    expect(mergeSegment(list, seg(2, 'b'))).to.equal(list);
  });

  it('moves a segment whose seq changed, and merges a loaded history without losing newer pushes', () => {
    const pushed = mergeSegments([], [seg(5, 'live interim', false, 'x'), seg(6, 'newest')]);
    const merged = mergeSegments(pushed, [seg(1, 'bot hello'), seg(5, 'old interim', false, 'x')], { preferExisting: true });
    expect(merged.map((s) => s.text)).to.deep.equal(['bot hello', 'live interim', 'newest']);
    expect(mergeSegment(merged, seg(0, 'renumbered', true, 'x')).map((s) => s.text)).to.deep.equal(['renumbered', 'bot hello', 'newest']);
  });

  it('finds every case-insensitive match and cuts text into plain and matching pieces', () => {
    const list = [seg(1, 'Order 1, order 2'), seg(2, 'no'), seg(3, 'ORDER')];
    expect(searchTranscript(list, ' order ').map((m) => [m.index, m.start])).to.deep.equal([
      [0, 0],
      [0, 9],
      [2, 0],
    ]);
    expect(searchTranscript(list, '  ')).to.deep.equal([]);
    expect(splitByQuery('a<b>a', '<B>')).to.deep.equal([
      { text: 'a', match: false },
      { text: '<b>', match: true },
      { text: 'a', match: false },
    ]);
  });
});

describe('conversation module', () => {
  it('loads a call history once and merges pushes arriving while it loads', async () => {
    const backend = new MemoryBackend();
    backend.setLatency(50, 'conversation.history');
    const workbench = createWorkbench({ adapter: backend, softphone: new SimulatedSoftphone(), storage: null });
    await workbench.start();
    const conversation = workbench.use(conversationModule);
    const loading = conversation.load(SEED_IDS.latestCall);
    expect(conversation.load(SEED_IDS.latestCall)).to.equal(loading);
    backend.appendSegment({ ...seg(99, 'pushed while loading'), callId: SEED_IDS.latestCall });
    await loading;
    const texts = conversation.segments(SEED_IDS.latestCall).map((s) => s.text);
    expect(texts[0]).to.contain('欢迎致电');
    expect(texts[texts.length - 1]).to.equal('pushed while loading');
    expect(conversation.$transcripts.get()[SEED_IDS.latestCall]?.status).to.equal('ready');
    workbench.dispose();
    backend.appendSegment({ ...seg(100, 'after dispose'), callId: SEED_IDS.latestCall });
    expect(conversation.segments(SEED_IDS.latestCall)).to.have.length(texts.length);
  });

  it('keeps pushed segments of a call nobody has shown yet, then adds its history', async () => {
    const backend = new MemoryBackend();
    let subscribed = false;
    const adapter = Object.assign(Object.create(backend) as MemoryBackend, {
      subscribe: (...args: Parameters<MemoryBackend['subscribe']>) => {
        if (args[0].includes('conversation.segment')) subscribed = true;
        return backend.subscribe(...args);
      },
    });
    const workbench = createWorkbench({ adapter, softphone: new SimulatedSoftphone(), storage: null });
    await workbench.start();
    const conversation = workbench.use(conversationModule);
    await waitUntil(() => subscribed, 'the conversation module never subscribed to segments');
    backend.appendSegment(seg(1, 'early'));
    await waitUntil(() => conversation.segments('c1').length === 1);
    expect(conversation.$transcripts.get()['c1']?.status).to.equal('idle');
    await conversation.load('c1');
    expect(conversation.segments('c1').map((s) => s.text)).to.deep.equal(['early']);
    workbench.dispose();
  });
});

describe('applyFill / undoFill', () => {
  const segments = [seg(1, '订单号是 YT20261118'), seg(2, '电话 13800138000')];
  const output = {
    values: [
      { key: 'order', value: 'YT20261118', confidence: 0.9, segmentIds: ['s1'] },
      { key: 'phone', value: '13800138000', confidence: 0.8, segmentIds: ['s2'] },
      { key: 'empty', value: '', confidence: 0.5, segmentIds: [] },
    ],
  };

  it('fills untouched fields, offers a suggestion for typed ones, and keeps the line each came from', () => {
    const result = applyFill({ order: 'AB1', phone: null }, ['order'], output, segments);
    expect(result.values).to.deep.equal({ order: 'AB1', phone: '13800138000' });
    expect(result.filled).to.deep.equal({
      phone: { source: 'smart-fill', segmentIds: ['s2'], text: '电话 13800138000', confidence: 0.8 },
    });
    expect(result.suggestions['order']).to.deep.include({ value: 'YT20261118', text: '订单号是 YT20261118' });
  });

  it('fills a typed field the agent emptied, and changes nothing for an equal value', () => {
    const result = applyFill({ order: '', phone: '13800138000' }, ['order', 'phone'], output, segments);
    expect(result.values['order']).to.equal('YT20261118');
    expect(Object.keys(result.filled)).to.deep.equal(['order']);
    expect(result.suggestions).to.deep.equal({});
  });

  it('undoes in one step, leaving a field the agent changed since', () => {
    const before = { order: null, phone: null };
    const { values, filled } = applyFill(before, [], output, segments);
    expect(undoFill(values, before, values, Object.keys(filled))).to.deep.equal(before);
    const edited = { ...values, phone: '999' };
    expect(undoFill(edited, before, values, Object.keys(filled))).to.deep.equal({ order: null, phone: '999' });
  });
});
