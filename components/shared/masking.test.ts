import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createDefaultSeed, SEED_IDS } from '../../src/adapter/memory/index.js';
import { contactPlansModule } from '../../src/workbench/contact-plans.js';
import { conversationModule } from '../../src/workbench/conversation.js';
import { recordsModule } from '../../src/workbench/records.js';
import { smsModule } from '../../src/workbench/sms.js';
import { summaryModule } from '../../src/workbench/summary.js';
import { ticketsModule } from '../../src/workbench/tickets.js';
import { createTestRig, TEST_START, testBackend, type TestRig } from './test-rig.js';
import '../call-pop/define.js';
import '../phone-bar/define.js';
import '../business-records/define.js';
import '../customer-card/define.js';
import '../sms-composer/define.js';
import '../contact-plans/define.js';
import '../conversation-view/define.js';
import '../service-summary/define.js';

/**
 * Number masking (issue 15), as the host page sees it: an agent without the
 * permission gets a whole callpop page — pop, phone bar, My calls, records,
 * customer card, SMS, contact plans, transcript, summary — in which the
 * caller's digits appear in no shadow root, no attribute, no host-page event
 * and no public store, while the masked number is shown, and "Call back"
 * still reaches the softphone with the real number.
 */
const CALLER = SEED_IDS.zhangWeiPhone; // +8613800138000
const DIGITS = ['13800138000', '138 0013 8000', '1380013 8000', '138-0013-8000'];
const MASK = '138****8000';

/** Every text node and attribute value under `root`, through every shadow root, recursively. */
function pageText(root: Node): string {
  const parts: string[] = [];
  const visit = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node instanceof Element) {
      for (const attribute of [...node.attributes]) parts.push(attribute.value);
      if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) parts.push(node.value);
      if (node.shadowRoot) visit(node.shadowRoot);
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return parts.join('\n');
}

/** Strings deep inside a value (events' details, store values), without DOM nodes. */
function valueText(value: unknown, seen = new Set<unknown>()): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (typeof value !== 'object' || seen.has(value) || value instanceof Node || value instanceof Window) return '';
  seen.add(value);
  if (value instanceof Map) return valueText([...value.entries()], seen);
  if (value instanceof Set) return valueText([...value], seen);
  const own = Object.keys(value).map((key) => `${key}=${valueText((value as Record<string, unknown>)[key], seen)}`);
  const detail = value instanceof Event && 'detail' in value ? valueText((value as CustomEvent).detail, seen) : '';
  return `${own.join(' ')} ${detail}`;
}

for (const lang of ['zh-CN', 'en'] as const) {
  describe(`number masking on a whole page (${lang})`, () => {
    let rig: TestRig;
    const seen: string[] = [];
    const originalDispatch = EventTarget.prototype.dispatchEvent;
    setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

    beforeEach(() => {
      seen.length = 0;
      // Every callpop event dispatched anywhere (the workbench's and the elements'), as the host page would get it.
      EventTarget.prototype.dispatchEvent = function (this: EventTarget, event: Event): boolean {
        if (event.type.startsWith('callpop')) seen.push(`${event.type}: ${valueText(event)}`);
        return originalDispatch.call(this, event);
      };
    });
    afterEach(() => {
      EventTarget.prototype.dispatchEvent = originalDispatch;
      rig?.dispose();
    });

    /** Every public store: the workbench's and those of the modules the page uses. */
    function storesText(): string {
      const w = rig.workbench;
      const modules = [w.use(contactPlansModule), w.use(conversationModule), w.use(recordsModule), w.use(smsModule), w.use(summaryModule), w.use(ticketsModule)] as unknown as Record<string, unknown>[];
      const stores = [rig.workbench.stores as unknown as Record<string, unknown>, ...modules].flatMap((holder) =>
        Object.keys(holder)
          .filter((key) => key.startsWith('$'))
          .map((key) => valueText((holder[key] as { get(): unknown }).get())),
      );
      return stores.join('\n');
    }

    function expectNoDigits(where: string, text: string): void {
      for (const digits of DIGITS) expect(text.includes(digits), `${where} holds the caller's number (${digits})`).to.equal(false);
    }

    it('shows the caller masked everywhere, keeps the digits out of DOM, events and stores, and still calls back', async () => {
      const seed = createDefaultSeed(new Date(TEST_START));
      const backend = testBackend({ seed: { ...seed, phoneSettings: { ...seed.phoneSettings, viewFullNumbers: false } } });
      rig = await createTestRig({ backend });
      rig.workbench.use(contactPlansModule).useEnvironment({ reminders: { lockPrefix: `mask-${crypto.randomUUID()}-`, channelName: crypto.randomUUID() }, notifications: null });
      const callId = rig.softphone.simulateInbound(CALLER);
      await waitUntil(() => rig.workbench.stores.$calls.get()[callId], 'the call never popped');
      const page = await fixture<HTMLElement>(html`
        <div lang=${lang}>
          <conversation-view lang=${lang} call-id=${callId} .workbench=${rig.workbench} style="--callpop-conversation-view-height: 300px"></conversation-view>
          <phone-bar lang=${lang} .workbench=${rig.workbench}></phone-bar>
          <call-pop lang=${lang} .workbench=${rig.workbench}></call-pop>
          <customer-card lang=${lang} call-id=${callId} .workbench=${rig.workbench}></customer-card>
          <business-records lang=${lang} customer-id=${SEED_IDS.zhangWei} .workbench=${rig.workbench}></business-records>
          <sms-composer lang=${lang} call-id=${callId} .workbench=${rig.workbench}></sms-composer>
          <contact-plans lang=${lang} view="list" .workbench=${rig.workbench}></contact-plans>
          <service-summary lang=${lang} call-id=${callId} .workbench=${rig.workbench}></service-summary>
        </div>
      `);
      await waitUntil(() => rig.workbench.use(contactPlansModule).$mine.get().status === 'ready', 'plans never loaded');
      await waitUntil(() => rig.workbench.use(conversationModule).$transcripts.get()[callId]?.status === 'ready', 'the transcript never loaded');
      // The transcript says the number aloud, in digits and in Chinese numerals.
      backend.appendSegment({ id: 'mask-1', callId, speaker: 'customer', text: '我的号码是 138 0013 8000，也就是幺三八零零幺三八零零零。', final: true, seq: 1, at: new Date(TEST_START).toISOString() });
      await waitUntil(() => rig.workbench.use(conversationModule).$transcripts.get()[callId]?.segments.length, 'the segment never reached the store');
      const view = page.querySelector('conversation-view')!;
      await waitUntil(() => {
        view.shadowRoot?.querySelector('[part~="log"]')?.dispatchEvent(new Event('scroll'));
        return pageText(view).includes('我的号码是');
      }, 'the transcript never showed');
      await waitUntil(() => pageText(page.querySelector('customer-card')!).includes(MASK), 'the customer card never showed the masked number');
      await rig.workbench.use(summaryModule).fill(callId);

      // The masked number is what the agent sees: the pop, the card, the transcript.
      expect(pageText(page.querySelector('call-pop')!)).to.include(MASK);
      expect(pageText(page.querySelector('conversation-view')!)).to.include(MASK);
      // Beside the masked number, where it is from (the backend's numbers.region, asked with the real number).
      const popRoot = page.querySelector('call-pop')!.shadowRoot!;
      await waitUntil(() => popRoot.querySelector('[part~="number-region"]'), 'the number region never showed');
      expect(popRoot.querySelector('[part~="number-region"]')!.textContent).to.equal('北京');
      expect(popRoot.querySelector('[part~="number-region"]')!.getAttribute('title')).to.equal(lang === 'en' ? 'Number from 北京' : '号码归属地：北京');
      expectNoDigits('the page', pageText(page));

      // My calls: the call ends, "Call back" dials the real number through the softphone.
      await rig.workbench.hangup(callId);
      const pop = page.querySelector('call-pop')!;
      const myCallBack = (): HTMLButtonElement | undefined =>
        [...pop.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="my-call-callback"]')].find((b) => (b.getAttribute('aria-label') ?? '').includes(MASK) && !b.disabled);
      await waitUntil(() => myCallBack(), 'My calls never offered to call back the masked number');
      const callBack = myCallBack()!;
      callBack.click();
      await waitUntil(() => rig.softphone.calls().some((c) => c.direction === 'outbound') || pop.shadowRoot!.querySelector('[part~="action-error"], [role="alert"]'), 'the call-back neither reached the softphone nor failed');
      expect(pop.shadowRoot!.querySelector('[part~="action-error"], [role="alert"]')?.textContent ?? '', 'the call-back failed').to.equal('');
      expect(rig.softphone.calls().find((c) => c.direction === 'outbound')?.remoteNumber).to.equal(CALLER);
      await waitUntil(() => Object.values(rig.workbench.stores.$calls.get()).some((c) => c?.direction === 'outbound'), 'the call-back never popped');

      expectNoDigits('the page', pageText(page));
      expectNoDigits('the host-page events', seen.join('\n'));
      expectNoDigits('the stores', storesText());
      expect(seen.join('\n')).to.include(MASK);
      expect(storesText()).to.include(MASK);
    });
  });
}
