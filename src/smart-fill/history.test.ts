/**
 * Category learned from the call center's own history: saved summaries
 * (category + transcript) train a TF-IDF centroid per category that smart fill uses.
 */
import { expect } from '@open-wc/testing';
import type { CategoryNode, ConversationSegment } from '../adapter/types.js';
import { smartFill, trainCategoryModel, type SmartFillInput } from './index.js';

const CALL_TIME = '2026-11-25T02:00:00.000Z';
/** A tree whose names say nothing of what these calls are about. */
const TREE: CategoryNode[] = [
  {
    id: 'team-a',
    name: { en: 'Team A', 'zh-CN': 'A 组' },
    children: [
      { id: 'queue-1', name: { en: 'Queue 1', 'zh-CN': '一号队列' } },
      { id: 'queue-2', name: { en: 'Queue 2', 'zh-CN': '二号队列' } },
    ],
  },
];

function call(id: string, ...lines: string[]): ConversationSegment[] {
  return lines.map((text, i) => ({ id: `${id}-${i + 1}`, callId: id, speaker: i % 2 === 0 ? 'customer' : 'agent', text, final: true, seq: i + 1, at: CALL_TIME }));
}

const HISTORY = [
  { categoryId: 'queue-1', segments: call('h1', 'My solar panel inverter shows a red light.', 'I will reset the inverter remotely.') },
  { categoryId: 'queue-1', segments: call('h2', 'The inverter on the roof keeps beeping.', 'The inverter needs a firmware update.') },
  { categoryId: 'queue-1', segments: call('h3', 'Solar inverter stopped feeding power today.', 'Let me check the inverter logs.') },
  { categoryId: 'queue-2', segments: call('h4', 'I want to change my feed-in tariff plan.', 'I can switch your tariff plan now.') },
  { categoryId: 'queue-2', segments: call('h5', 'Which tariff plan pays more for exports?', 'The premium tariff plan pays more.') },
  { categoryId: 'queue-2', segments: call('h6', 'Please move me to the cheaper tariff plan.', 'Your tariff plan is changed from Monday.') },
];

function categoryOf(segments: ConversationSegment[], extra: Partial<SmartFillInput> = {}) {
  const output = smartFill({ segments, fields: [{ key: 'categoryId', kind: 'category', type: 'cascade' }], categories: TREE, callTime: CALL_TIME, ...extra });
  return output.values.find((v) => v.key === 'categoryId') ?? null;
}

describe('smart fill: category from the call center\'s history', () => {
  it('finds nothing from names that do not describe the calls, and the category agents chose for similar calls with the history', () => {
    const segments = call('new', 'Hi, the inverter is flashing red again since this morning.', 'Let me look at the inverter for you.');
    const model = trainCategoryModel(HISTORY);
    const withHistory = categoryOf(segments, { categoryModel: model });
    expect({ without: categoryOf(segments)?.value ?? null, with: withHistory?.value ?? null }).to.deep.equal({ without: null, with: 'queue-1' });
    expect(withHistory?.segmentIds).to.deep.equal(['new-1']);
  });

  it('tells the two queues apart by what was said', () => {
    const model = trainCategoryModel(HISTORY);
    expect(categoryOf(call('t', 'Can you put me on a different tariff plan?'), { categoryModel: model })?.value).to.equal('queue-2');
  });

  it('keeps the names\' choice when the history is not sure of another, and ignores categories no longer in the tree', () => {
    const model = trainCategoryModel([
      ...HISTORY,
      { categoryId: 'removed-leaf', segments: call('h7', 'Queue 2 please, tariff question.') },
      { categoryId: '', segments: call('h8', 'no category') },
    ]);
    expect(Object.keys(model.calls).sort()).to.deep.equal(['queue-1', 'queue-2', 'removed-leaf']);
    const named = categoryOf(call('n', 'This is about queue 2.'), { categoryModel: model });
    expect(named?.value).to.equal('queue-2');
  });

  it('lets a well-known history overrule the names, but not a history of a few calls', () => {
    // The names point at "Billing"; the call center files these calls under "Meters".
    const tree: CategoryNode[] = [
      { id: 'billing', name: { en: 'Billing', 'zh-CN': '账单' } },
      { id: 'meters', name: { en: 'Meters', 'zh-CN': '电表' } },
    ];
    const meterCall = (id: string, n: number) =>
      call(id, `My smart display shows a billing error code E${n} and the reading froze.`, `I will push a reset to the display, code E${n}.`);
    const tariffCall = (id: string, n: number) => call(id, `Why did my tariff go up by ${n} pounds this quarter?`, 'Your fixed tariff ended, it is now variable.');
    const examples = (k: number) => [
      ...Array.from({ length: k }, (_, i) => ({ categoryId: 'meters', segments: meterCall(`m${i}`, i) })),
      ...Array.from({ length: k }, (_, i) => ({ categoryId: 'billing', segments: tariffCall(`b${i}`, i) })),
    ];
    const segments = call('q', 'The smart display shows a billing error code and the reading froze again.');
    const fill = (model?: ReturnType<typeof trainCategoryModel>) =>
      smartFill({ segments, fields: [{ key: 'categoryId', kind: 'category', type: 'cascade' }], categories: tree, callTime: CALL_TIME, ...(model ? { categoryModel: model } : {}) }).values.find((v) => v.key === 'categoryId')?.value ?? null;
    expect({ names: fill(), fewCalls: fill(trainCategoryModel(examples(2))), manyCalls: fill(trainCategoryModel(examples(6))) }).to.deep.equal({
      names: 'billing',
      fewCalls: 'billing',
      manyCalls: 'meters',
    });
  });
});
