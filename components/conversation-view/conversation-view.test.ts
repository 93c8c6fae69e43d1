import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import { AdapterError } from '../../src/adapter/errors.js';
import { SEED_IDS } from '../../src/adapter/memory/seed.js';
import type { ConversationSegment, Speaker } from '../../src/adapter/types.js';
import { conversationModule } from '../../src/workbench/conversation.js';
import { button, createTestRig, expectNoSubscriptionLeak, partText, reportCall, typeInto, type TestRig } from '../shared/test-rig.js';
import type { ConversationView } from './conversation-view.js';
import './define.js';

const CALL = 'call-live-test';
const T0 = Date.parse('2026-11-25T08:00:00.000Z');

function segment(seq: number, text: string, options: { speaker?: Speaker; final?: boolean; id?: string; callId?: string } = {}): ConversationSegment {
  return {
    id: options.id ?? `s-${seq}`,
    callId: options.callId ?? CALL,
    speaker: options.speaker ?? (seq % 2 === 0 ? 'agent' : 'customer'),
    text,
    final: options.final ?? true,
    seq,
    at: new Date(T0 + seq * 1000).toISOString(),
  };
}

describe('<conversation-view>', () => {
  let rig: TestRig;

  // The virtualizer's benign "ResizeObserver loop completed" notice (lines measured while new ones
  // are added) reaches window.onerror; the virtualizer ships this helper for tests to ignore it.
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

  beforeEach(async () => {
    rig = await createTestRig();
    await reportCall(rig.backend, CALL);
  });

  afterEach(() => rig.dispose());

  async function view(callId: string = CALL): Promise<ConversationView> {
    const el = await fixture<ConversationView>(
      html`<conversation-view lang="en" call-id=${callId} .workbench=${rig.workbench} style="--callpop-conversation-view-height: 300px"></conversation-view>`,
    );
    await el.updateComplete;
    return el;
  }

  const rows = (el: ConversationView): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="segment"]')];
  const texts = (el: ConversationView): string[] => rows(el).map((row) => row.querySelector('[part="text"]')!.textContent!.trim());
  const log = (el: ConversationView): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>('[part="log"]')!;
  const atBottom = (el: ConversationView): boolean => {
    const l = log(el);
    return l.scrollTop + l.clientHeight >= l.scrollHeight - 30;
  };
  /**
   * Browsers fire `scroll` with the next frame, and a test page running in the
   * background gets no frames: fire it by hand so the virtualizer sees where
   * the log is scrolled to.
   */
  const nudge = (el: ConversationView): void => {
    log(el).dispatchEvent(new Event('scroll'));
  };
  const scrolledToNewest = (el: ConversationView, line: string) => (): boolean => {
    nudge(el);
    return atBottom(el) && texts(el).includes(line);
  };

  async function stream(el: ConversationView, from: number, count: number): Promise<void> {
    for (let i = from; i < from + count; i += 1) rig.backend.appendSegment(segment(i, `line number ${i}`));
    await el.updateComplete;
  }

  it('shows the seeded conversation: the bot part first, then who said what and when', async () => {
    const el = await view(SEED_IDS.latestCall);
    await waitUntil(() => rows(el).length > 2, 'transcript never shown');
    const first = rows(el)[0]!;
    expect(first.getAttribute('part')).to.contain('segment-bot');
    expect(first.querySelector('[part="speaker"]')!.textContent).to.equal('Bot');
    expect(first.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    const dividers = [...el.shadowRoot!.querySelectorAll('[part="divider"]')].map((d) => d.textContent?.trim());
    expect(dividers).to.include('Before the agent joined');
    const speakers = rows(el).map((row) => row.querySelector('[part="speaker"]')!.textContent);
    expect(speakers).to.include('Customer');
    expect(speakers).to.include('Agent');
    await expect(el).to.be.accessible();
  });

  it('streams interim text, then replaces it with the final text of the same line', async () => {
    const el = await view();
    await waitUntil(() => partText(el, 'status') === 'Nothing has been said yet.');
    rig.backend.appendSegment(segment(1, '我想查一下', { final: false, speaker: 'customer' }));
    await waitUntil(() => rows(el).length === 1);
    expect(rows(el)[0]!.getAttribute('part')).to.contain('interim');
    expect(rows(el)[0]!.textContent).to.contain('(still being recognised)');
    rig.backend.appendSegment(segment(1, '我想查一下我的订单', { final: true, speaker: 'customer' }));
    await waitUntil(() => texts(el)[0] === '我想查一下我的订单', 'final text never replaced the interim');
    expect(rows(el)).to.have.length(1);
    expect(rows(el)[0]!.getAttribute('part')).not.to.contain('interim');
    await expect(el).to.be.accessible();
  });

  it('showing call after call over a shift, the log holds only the shown call\'s lines (no node left behind per line)', async () => {
    const calls = ['shift-a', 'shift-b', 'shift-c', 'shift-d'];
    for (const id of calls) {
      await reportCall(rig.backend, id);
      for (let seq = 1; seq <= 20; seq += 1) rig.backend.appendSegment(segment(seq, `${id} line ${seq}`, { callId: id, id: `${id}-${seq}` }));
    }
    const el = await view(calls[0]);
    await waitUntil(() => rows(el).length === 20, 'the first call never showed its lines');
    const nodes = log(el).childNodes.length;
    for (const id of [...calls.slice(1), calls[0]!, ...calls.slice(1)]) {
      el.callId = id;
      await waitUntil(() => texts(el)[0] === `${id} line 1` && rows(el).length === 20, `call ${id} never showed`);
    }
    expect(log(el).childNodes.length).to.equal(nodes);
  });

  it('puts out-of-order and duplicated lines in their place, once', async () => {
    const el = await view();
    rig.backend.appendSegment(segment(1, 'one'));
    rig.backend.appendSegment(segment(3, 'three'));
    rig.backend.appendSegment(segment(2, 'two'));
    rig.backend.appendSegment(segment(3, 'three'));
    rig.backend.appendSegment(segment(2, 'two'));
    await waitUntil(() => rows(el).length === 3);
    await el.updateComplete;
    expect(texts(el)).to.deep.equal(['one', 'two', 'three']);
    // An interim arriving after its final does not bring the interim back.
    rig.backend.appendSegment(segment(2, 'tw', { final: false }));
    await el.updateComplete;
    expect(texts(el)).to.deep.equal(['one', 'two', 'three']);
  });

  it('lands a late final that arrives after the call ended, once and in order', async () => {
    const el = await view();
    rig.backend.appendSegment(segment(1, 'hello', { speaker: 'agent' }));
    rig.backend.appendSegment(segment(2, 'I need hel', { final: false, speaker: 'customer' }));
    rig.backend.appendSegment(segment(3, 'goodbye', { speaker: 'agent' }));
    await waitUntil(() => rows(el).length === 3);
    const callId = rig.softphone.simulateInbound(SEED_IDS.zhangWeiPhone);
    rig.softphone.answer(callId);
    rig.softphone.hangup(callId);
    await waitUntil(() => rig.workbench.stores.$calls.get()[callId]?.state === 'ended');
    rig.backend.appendSegment(segment(2, 'I need help with a refund', { speaker: 'customer' }));
    rig.backend.appendSegment(segment(2, 'I need help with a refund', { speaker: 'customer' }));
    await waitUntil(() => texts(el)[1] === 'I need help with a refund');
    expect(texts(el)).to.deep.equal(['hello', 'I need help with a refund', 'goodbye']);
    expect(
      rows(el).filter((row) => row.getAttribute('part')!.includes('interim')).map((row) => row.textContent!.trim()),
      'lines still shown as interim',
    ).to.deep.equal([]);
  });

  it('follows the newest line; after scrolling up it offers "Jump to latest" with the count of new lines', async () => {
    const el = await view();
    await stream(el, 1, 60);
    await waitUntil(scrolledToNewest(el, 'line number 60'), 'did not follow the newest line');
    expect(el.shadowRoot!.querySelector('[part="jump-latest"]')).to.equal(null);

    // The agent turns the wheel up.
    log(el).dispatchEvent(new WheelEvent('wheel', { deltaY: -400, bubbles: true }));
    log(el).scrollTop -= 400;
    nudge(el);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="jump-latest"]') !== null, 'no jump button after scrolling up');
    const readingAt = log(el).scrollTop;
    await stream(el, 61, 3);
    await waitUntil(() => partText(el, 'jump-latest') === 'Jump to latest 3 new', 'the new lines were not counted');
    // A view that followed anyway would have scrolled by the next frames.
    await nextFrame();
    await nextFrame();
    expect(log(el).scrollTop).to.equal(readingAt, 'kept the place the agent scrolled to');
    const l = log(el);
    // atBottom() with numbers: the agent's place stays more than 30 px above the newest line.
    expect(l.scrollHeight - l.clientHeight - l.scrollTop, 'px between the place the agent reads and the bottom of the log').to.be.above(30);
    expect(partText(el, 'jump-latest')).to.equal('Jump to latest 3 new');
    await expect(el).to.be.accessible();

    button(el.shadowRoot!, /Jump to latest/).click();
    await waitUntil(scrolledToNewest(el, 'line number 63'), 'did not jump to the newest line');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="jump-latest"]')).to.equal(null);
    await stream(el, 64, 2);
    await waitUntil(scrolledToNewest(el, 'line number 65'), 'stopped following after the jump');
  });

  it('searches the conversation, highlights every match and steps through them', async () => {
    const el = await view();
    rig.backend.appendSegment(segment(1, 'My order YT20261118 has not arrived', { speaker: 'customer' }));
    rig.backend.appendSegment(segment(2, 'Let me check the order for you', { speaker: 'agent' }));
    rig.backend.appendSegment(segment(3, 'Thanks', { speaker: 'customer' }));
    await waitUntil(() => rows(el).length === 3);
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('[part="search-input"]')!;
    typeInto(input, 'ORDER');
    await el.updateComplete;
    const marks = [...el.shadowRoot!.querySelectorAll('mark')];
    expect(marks.map((m) => m.textContent)).to.deep.equal(['order', 'order']);
    expect(partText(el, 'search-count')).to.equal('1 of 2');
    expect(marks[0]!.getAttribute('part')).to.equal('match current');
    button(el.shadowRoot!, 'Next match').click();
    await el.updateComplete;
    expect(partText(el, 'search-count')).to.equal('2 of 2');
    expect(el.shadowRoot!.querySelectorAll('mark')[1]!.getAttribute('part')).to.equal('match current');
    button(el.shadowRoot!, 'Next match').click();
    await el.updateComplete;
    expect(partText(el, 'search-count')).to.equal('1 of 2');
    button(el.shadowRoot!, 'Previous match').click();
    await el.updateComplete;
    expect(partText(el, 'search-count')).to.equal('2 of 2');
    typeInto(input, 'refund');
    await el.updateComplete;
    expect(partText(el, 'search-count')).to.equal('No matches');
    expect(el.shadowRoot!.querySelectorAll('mark')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('renders markup and script in a segment as plain text, also when searching', async () => {
    const el = await view();
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
    rig.backend.appendSegment(segment(1, evil));
    await waitUntil(() => rows(el).length === 1);
    const text = rows(el)[0]!.querySelector('[part="text"]')!;
    expect(text.textContent).to.equal(evil);
    expect(text.querySelector('img, script, b')).to.equal(null);
    typeInto(el.shadowRoot!.querySelector<HTMLInputElement>('[part="search-input"]')!, '<b>');
    await el.updateComplete;
    expect(rows(el)[0]!.querySelector('[part="text"]')!.textContent).to.equal(evil);
    expect(rows(el)[0]!.querySelector('mark')!.textContent).to.equal('<b>');
    expect(rows(el)[0]!.querySelector('img, script, b')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('says when the conversation could not be loaded, and loads it on retry', async () => {
    rig.backend.failNext('conversation.history', new AdapterError('server', 'Transcript service down'));
    const el = await view(SEED_IDS.latestCall);
    await waitUntil(() => partText(el, 'error') !== '');
    expect(partText(el, 'error')).to.equal('The conversation could not be loaded: Transcript service down Try again');
    await expect(el).to.be.accessible();
    button(el.shadowRoot!, 'Try again').click();
    await waitUntil(() => rows(el).length > 0, 'retry never loaded the transcript');
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
  });

  it('shows "loading" while the history is on its way and "no call" without a call', async () => {
    rig.backend.setLatency(200, 'conversation.history');
    const el = await view(SEED_IDS.latestCall);
    expect(partText(el, 'status')).to.equal('Loading the conversation…');
    await waitUntil(() => rows(el).length > 0);
    const none = await fixture<ConversationView>(html`<conversation-view lang="en" .workbench=${rig.workbench}></conversation-view>`);
    expect(partText(none, 'status')).to.equal('No call selected.');
  });

  it('renders only the lines on screen of an hour-long call (3,600 lines)', async () => {
    const el = await view();
    const started = performance.now();
    for (let i = 1; i <= 3600; i += 1) rig.backend.appendSegment(segment(i, `line number ${i} of a long call`));
    await waitUntil(scrolledToNewest(el, 'line number 3600 of a long call'), 'last line never shown', { timeout: 8000 });
    expect(performance.now() - started).to.be.lessThan(8000);
    expect(rig.workbench.use(conversationModule).segments(CALL)).to.have.length(3600);
    // Windowed once the windowing chunk (loaded when the transcript got long) is in.
    await waitUntil(() => rows(el).length <= 120, 'the long transcript was never windowed');
    expect(rows(el).length).to.be.within(1, 120);
    expect(el.shadowRoot!.querySelectorAll('*').length).to.be.lessThan(1500);
  });

  it('speaks Chinese under lang="zh-CN"', async () => {
    const el = await fixture<ConversationView>(
      html`<conversation-view lang="zh-CN" call-id=${SEED_IDS.latestCall} .workbench=${rig.workbench}></conversation-view>`,
    );
    await waitUntil(() => rows(el).length > 0);
    expect(rows(el)[0]!.querySelector('[part="speaker"]')!.textContent).to.equal('机器人');
    expect(el.shadowRoot!.querySelector('[part="search-input"]')!.getAttribute('aria-label')).to.equal('搜索通话内容');
  });

  it('releases its store subscriptions when removed, even after 100 cycles', async () => {
    const el = await view(SEED_IDS.latestCall);
    await expectNoSubscriptionLeak(el, rig.workbench);
  });
});
