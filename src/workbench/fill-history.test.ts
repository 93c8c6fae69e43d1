import { expect } from '@open-wc/testing';
import { AdapterError } from '../adapter/errors.js';
import { MemoryBackend } from '../adapter/memory/index.js';
import type { BackendAdapter } from '../adapter/backend-adapter.js';
import type { ConversationSegment, Page, SummaryExample } from '../adapter/types.js';
import { trainCategoryModel } from '../smart-fill/history.js';
import { createCategoryHistory } from './fill-history.js';

const trainer = { trainCategoryModel };

function segment(callId: string, seq: number, speaker: ConversationSegment['speaker'], text: string, final = true): ConversationSegment {
  return { id: `${callId}-${seq}`, callId, speaker, text, final, seq, at: new Date(Date.UTC(2026, 11, 7, 8, 0, seq)).toISOString() };
}

/** A backend whose only history route is `examples`, answering the given pages (or failing). */
function withExamples(pages: (Page<SummaryExample> | Error)[], calls: { count: number } = { count: 0 }): BackendAdapter {
  return withSummaryExamples(async () => {
    const next = pages[Math.min(calls.count, pages.length - 1)]!;
    calls.count += 1;
    if (next instanceof Error) throw next;
    return next;
  });
}

function withSummaryExamples(examples: () => Promise<Page<SummaryExample>>): BackendAdapter {
  const backend = new MemoryBackend();
  (backend as { summary: BackendAdapter['summary'] }).summary = { ...backend.summary, examples };
  return backend;
}

const example = (callId: string, categoryId: string, text: string): SummaryExample => ({
  callId,
  categoryId,
  savedAt: '2026-12-01T08:00:00.000Z',
  lines: [{ speaker: 'customer', text }],
});

describe('category history for smart fill', () => {
  it('learns from the summaries the memory backend holds: a saved category with its transcript is one example', async () => {
    const backend = new MemoryBackend();
    const before = (await backend.summary.examples!()).items.length;
    await backend.calls.report(
      { id: 'h-1', direction: 'inbound', customerNumber: '+8613900000001', displayNumber: null, agentId: (await backend.agents.me()).id, startedAt: '2026-12-07T08:00:00.000Z', answeredAt: null, endedAt: null, hangupBy: null, outcome: 'answered' } as never,
      { idempotencyKey: 'h-1' },
    );
    backend.appendSegment(segment('h-1', 1, 'customer', '快递一直显示在途，一个星期了'));
    backend.appendSegment(segment('h-1', 2, 'agent', '我帮您查一下物流', false));
    const leaf = (await backend.summary.schema()).categories.flatMap((c) => c.children ?? [c])[0]!.id;
    await backend.summary.save('h-1', { status: null, categoryId: leaf, templateId: null, remark: '', fields: {} }, { idempotencyKey: 's-1', expectedVersion: 0 });

    const page = await backend.summary.examples!();
    expect(page.items.length).to.equal(before + 1);
    expect(page.items[0]).to.deep.include({ callId: 'h-1', categoryId: leaf });
    // Interim text is not history.
    expect(page.items[0]!.lines).to.deep.equal([{ speaker: 'customer', text: '快递一直显示在途，一个星期了' }]);

    const history = createCategoryHistory(backend);
    const model = await history.model(trainer);
    expect(model?.calls[leaf]).to.be.at.least(1);
  });

  it('reads page after page up to its limit, one example per call, and skips examples without a category or text', async () => {
    const calls = { count: 0 };
    const adapter = withExamples(
      [
        { items: [example('a', 'c1', 'never arrived'), example('b', '', 'no category'), { ...example('c', 'c2', ''), lines: [] }], nextCursor: 'p2' },
        { items: [example('a', 'c9', 'duplicate of a'), example('d', 'c2', 'charged twice'), example('e', 'c1', 'lost parcel')], nextCursor: 'p3' },
        { items: [example('f', 'c1', 'not read: over the limit')], nextCursor: null },
      ],
      calls,
    );
    const history = createCategoryHistory(adapter, { limit: 3, pageSize: 3 });
    const model = await history.model(trainer);
    expect(history.size()).to.equal(3);
    expect(calls.count).to.equal(2);
    expect(model?.calls).to.deep.equal({ c1: 2, c2: 1 });
  });

  it('goes on without history when the backend has none, and does not ask again', async () => {
    const calls = { count: 0 };
    const history = createCategoryHistory(withExamples([new AdapterError('not-supported', 'No examples.')], calls));
    expect(await history.model(trainer)).to.equal(null);
    expect(await history.model(trainer)).to.equal(null);
    expect(calls.count).to.equal(1);
  });

  it('after a failed read tries again only once the retry time has passed, on the workbench clock', async () => {
    let now = 0;
    const calls = { count: 0 };
    const adapter = withExamples([new AdapterError('network', 'Offline.'), { items: [example('a', 'c1', 'never arrived')], nextCursor: null }], calls);
    const history = createCategoryHistory(adapter, { retryAfterMs: 60_000, now: () => now });
    expect(await history.model(trainer)).to.equal(null);
    now = 59_000;
    expect(await history.model(trainer)).to.equal(null);
    expect(calls.count).to.equal(1);
    now = 60_000;
    expect((await history.model(trainer))?.calls).to.deep.equal({ c1: 1 });
    expect(calls.count).to.equal(2);
  });

  it('a fill does not wait for a backend that does not answer; the history counts once it does', async () => {
    let answer: (page: Page<SummaryExample>) => void = () => {};
    const adapter = withSummaryExamples(() => new Promise<Page<SummaryExample>>((resolve) => (answer = resolve)));
    const history = createCategoryHistory(adapter, { waitMs: 0 });
    expect(await history.model(trainer)).to.equal(null);
    answer({ items: [example('a', 'c1', 'never arrived')], nextCursor: null });
    await Promise.resolve();
    expect((await history.model(trainer))?.calls).to.deep.equal({ c1: 1 });
  });

  it('learns a summary saved in this session over what the backend said of the same call', async () => {
    const history = createCategoryHistory(withExamples([{ items: [example('a', 'c1', 'never arrived')], nextCursor: null }]));
    await history.model(trainer);
    history.learn('a', 'c2', [segment('a', 1, 'customer', 'I was charged twice'), segment('a', 2, 'agent', 'typing', false)]);
    history.learn('b', 'c2', [segment('b', 1, 'customer', 'double charge on my card')]);
    history.learn('z', null, [segment('z', 1, 'customer', 'no category chosen')]);
    expect((await history.model(trainer))?.calls).to.deep.equal({ c2: 2 });
    history.learn('b', null, []);
    expect((await history.model(trainer))?.calls).to.deep.equal({ c2: 1 });
  });

  it('kept up to date call by call, the model is the one a full training on the same examples gives', async () => {
    const history = createCategoryHistory(withExamples([{ items: [example('a', 'c1', 'the parcel never arrived'), example('b', 'c2', 'charged twice on my card')], nextCursor: null }]), { limit: 3 });
    await history.model(trainer);
    const say = (id: string, text: string) => [segment(id, 1, 'customer', text)];
    history.learn('a', 'c3', say('a', 'the router keeps dropping the line'));
    history.learn('c', 'c1', say('c', 'parcel lost, tracking stuck'));
    history.learn('d', 'c2', say('d', 'a refund for the double charge'));
    const kept = await history.model(trainer);
    // The limit of 3 let the oldest go (b); a was re-filed as c3.
    const expected = trainCategoryModel([
      { categoryId: 'c3', segments: say('a', 'the router keeps dropping the line') },
      { categoryId: 'c1', segments: say('c', 'parcel lost, tracking stuck') },
      { categoryId: 'c2', segments: say('d', 'a refund for the double charge') },
    ]);
    expect(JSON.parse(JSON.stringify(kept))).to.deep.equal(JSON.parse(JSON.stringify(expected)));
  });
});
