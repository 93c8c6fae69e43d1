import { expect, waitUntil } from '@open-wc/testing';
import { MemoryBackend } from '../adapter/memory/index.js';
import { createCallpopFrame, type CallpopFrame } from './host.js';

// What an agent sees in a CRM side panel: the real iframe page (embed/embed.html) in a frame of
// 360 or 400 × 800 px, in zh-CN and in English, with a known caller's call connected. Measured
// as laid out: labels on one line, texts not cut, the summary within the first screen.

const KNOWN = '+8613800138000';

/** Every element below `root` (through open shadow roots) matching `selector`. */
function deepAll(root: ParentNode, selector: string): HTMLElement[] {
  const found: HTMLElement[] = [...root.querySelectorAll<HTMLElement>(selector)];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...deepAll(el.shadowRoot, selector));
  return found;
}
const visible = (el: HTMLElement): boolean => el.getClientRects().length > 0 && el.getBoundingClientRect().width > 0;
const label = (el: Element): string => `${el.localName}[part=${el.getAttribute('part') ?? ''}] "${(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;

/** How many lines one text node takes. */
function textLines(node: Text): number {
  const range = node.ownerDocument.createRange();
  range.selectNodeContents(node);
  const middles = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top + r.height / 2));
  const distinct: number[] = [];
  for (const middle of middles.sort((a, b) => a - b)) if (!distinct.some((d) => Math.abs(d - middle) < 4)) distinct.push(middle);
  return distinct.length;
}

/** The most lines any one text of `el` takes (a label of several lines by design, one text each, counts 1). */
function lines(el: HTMLElement): number {
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let most = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if ((node.textContent ?? '').trim() !== '') most = Math.max(most, textLines(node as Text));
  }
  return most;
}

describe('the iframe in a CRM side panel (360–400 px): nothing wraps, nothing is cut, the summary is on the first screen', () => {
  let frame: CallpopFrame | null = null;
  let container: HTMLElement | null = null;
  afterEach(() => {
    frame?.destroy();
    container?.remove();
    frame = null;
  });

  async function open(width: number, locale: 'zh-CN' | 'en', failing = false): Promise<Document> {
    container = document.createElement('div');
    document.body.append(container);
    const backend = new MemoryBackend({ locale });
    if (failing) {
      backend.failNext('customers.findByPhone');
      backend.failNext('conversation.history');
    }
    frame = createCallpopFrame({
      container,
      src: `/embed/embed.html?host=${encodeURIComponent(location.origin)}`,
      config: { adapter: { kind: 'host' }, simulate: true, locale },
      adapter: backend,
      title: 'callpop',
    });
    frame.iframe.style.cssText = `width: ${width}px; height: 800px; border: 0; display: block`;
    await frame.ready;
    const doc = frame.iframe.contentDocument!;
    const callId = (await frame.simulate({ action: 'inbound', number: KNOWN }))!;
    await frame.answer(callId);
    if (failing) await waitUntil(() => deepAll(doc, '[part~="lookup-error"]').some(visible), 'the lookup error never showed', { timeout: 5000 });
    else await waitUntil(() => deepAll(doc, '[part~="customer-name"]').some((n) => n.textContent === '张伟'), 'the customer never showed', { timeout: 5000 });
    await waitUntil(() => deepAll(doc, 'service-summary form[part~="form"], form[part~="form"]').length > 0, 'the summary never showed', { timeout: 5000 });
    await waitUntil(() => deepAll(doc, '[part~="timer"]').some(visible), 'the call timer never showed', { timeout: 5000 });
    await waitUntil(() => !deepAll(doc, '[aria-busy="true"]').some(visible), 'still loading', { timeout: 5000 });
    await doc.fonts.ready;
    await new Promise((resolve) => frame!.iframe.contentWindow!.requestAnimationFrame(resolve));
    return doc;
  }

  for (const locale of ['zh-CN', 'en'] as const) {
    for (const width of [360, 400]) {
      it(`${locale} at ${width} px`, async () => {
        const doc = await open(width, locale);
        const win = frame!.iframe.contentWindow!;
        expect(doc.documentElement.scrollWidth, 'no horizontal scrolling').to.be.at.most(width);

        // No button label wraps ('重试' on two lines), in any element of the frame.
        const wrapped = deepAll(doc, 'button').filter((b) => visible(b) && (b.textContent ?? '').trim() !== '' && lines(b) > 1);
        expect(wrapped.map(label), 'buttons whose label wraps').to.deep.equal([]);

        // The pop's header: the state and the timer on one line ('通话中' and '0:02').
        const pop = doc.querySelector('call-pop')!;
        const state = pop.shadowRoot!.querySelector<HTMLElement>('[part~="state"]');
        const timer = pop.shadowRoot!.querySelector<HTMLElement>('[part~="timer"]');
        expect(state && visible(state), 'the pop shows its state').to.equal(true);
        expect(timer && visible(timer), 'the pop shows its timer').to.equal(true);
        expect(lines(state!), `the state ${label(state!)} is on one line`).to.equal(1);
        expect(Math.abs(state!.getBoundingClientRect().top - timer!.getBoundingClientRect().top), 'the state and the timer share a line').to.be.below(6);

        // Short texts are shown whole, not cut with an ellipsis ('Registered · Ex…').
        const whole = deepAll(doc, '[part~="registration-state"], [part~="call-state"], [part~="state"], [part~="timer"], [part~="number"]').filter(visible);
        expect(whole.length, 'texts measured').to.be.at.least(4);
        const cut = whole.filter((el) => el.scrollWidth > el.clientWidth + 1 || lines(el) > 1);
        expect(cut.map(label), 'cut or wrapped').to.deep.equal([]);

        // The empty transcript does not take the panel's height.
        for (const box of deepAll(doc, 'conversation-view').filter(visible)) {
          const segments = deepAll(box.shadowRoot!, '[part~="segment"]').filter(visible);
          if (segments.length === 0) expect(box.getBoundingClientRect().height, 'the empty transcript').to.be.at.most(120);
        }

        // The service summary starts within the first screen of the 800 px frame.
        const summary = doc.querySelector('service-summary') ?? deepAll(doc, 'service-summary')[0];
        expect(summary, 'a summary').to.not.equal(undefined);
        const top = summary!.getBoundingClientRect().top + win.scrollY;
        expect(top, `the summary's top (frame height ${win.innerHeight})`).to.be.below(win.innerHeight - 60);

        // The customer's records in the frame's language.
        if (locale === 'zh-CN') {
          const english = deepAll(doc, '[part~="record-title"], [part~="title"]').filter((n) => visible(n) && /\b(Inbound|Outbound) call\b/.test(n.textContent ?? ''));
          expect(english.map(label), 'English record titles in the zh-CN frame').to.deep.equal([]);
        }
      });
    }
  }

  for (const width of [360, 400]) {
    it(`zh-CN at ${width} px with failed loads: the errors' 重试 buttons stay on one line`, async () => {
      const doc = await open(width, 'zh-CN', true);
      const retries = deepAll(doc, 'button').filter((b) => visible(b) && (b.textContent ?? '').trim() === '重试');
      expect(retries.length, 'retry buttons shown').to.be.at.least(1);
      const wrapped = retries.filter((b) => lines(b) > 1 || b.scrollWidth > b.clientWidth + 1);
      expect(wrapped.map(label), 'retry buttons that wrap').to.deep.equal([]);
    });
  }
});
