import { expect, fixture, html as testHtml, waitUntil } from '@open-wc/testing';
import { html, LitElement, type TemplateResult } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { localeOf } from '../../src/i18n/locale.js';
import { defineElement } from './define-element.js';
import { defineLazyElement, LazyElementsController } from './lazy-element.js';

/** A composing element: a part that is always there, and a lazily defined one. */
class LazyHost extends LitElement {
  readonly lazy = new LazyElementsController(this, () => localeOf(this));
  protected override render(): TemplateResult {
    return html`<button part="always">ok</button>${this.lazy.render('sms-composer', (tag) => staticHtml`<${unsafeStatic(tag)} part="lazy"></${unsafeStatic(tag)}>`)}`;
  }
}
customElements.define('lazy-test-host', LazyHost);
class LazyPart extends HTMLElement {}

describe('lazily defined elements', () => {
  it('shows a retryable message (en and zh-CN) when the chunk fails, keeps the rest working, and Retry loads it', async () => {
    let fail = true;
    let loads = 0;
    defineLazyElement('sms-composer', 'lazytest-sms-composer', async () => {
      loads += 1;
      if (fail) throw new TypeError('Failed to fetch dynamically imported module');
      defineElement('lazytest-', 'sms-composer', LazyPart);
    });
    const en = await fixture<LazyHost>(testHtml`<lazy-test-host lang="en"></lazy-test-host>`);
    const zh = await fixture<LazyHost>(testHtml`<lazy-test-host lang="zh-CN"></lazy-test-host>`);
    const error = (el: LazyHost): HTMLElement | null => el.shadowRoot!.querySelector('[part=lazy-error]');
    await waitUntil(() => error(en) !== null && error(zh) !== null, 'no failure message');
    expect(error(en)!.getAttribute('role')).to.equal('alert');
    expect(error(en)!.textContent).to.contain('This part could not be loaded');
    expect(error(zh)!.textContent).to.contain('这一部分加载失败');
    expect(zh.shadowRoot!.querySelector('[part=lazy-retry]')!.textContent!.trim()).to.equal('重试');
    expect(loads).to.equal(1);
    // The rest of the element still renders and reacts.
    expect(en.shadowRoot!.querySelector('[part=always]')).to.exist;

    fail = false;
    en.shadowRoot!.querySelector<HTMLButtonElement>('[part=lazy-retry]')!.click();
    await waitUntil(() => en.shadowRoot!.querySelector('[part=lazy]') !== null, 'Retry did not load the part');
    await waitUntil(() => zh.shadowRoot!.querySelector('[part=lazy]') !== null, 'the other element did not get the part');
    expect(loads).to.equal(2);
    expect(error(en)).to.equal(null);
    expect(en.shadowRoot!.querySelector('[part=lazy]')).to.be.instanceOf(LazyPart);
  });
});
