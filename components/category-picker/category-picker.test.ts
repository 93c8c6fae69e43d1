import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { createDefaultSeed } from '../../src/adapter/memory/index.js';
import type { CategoryChangeDetail } from './category-change-event.js';
import type { CategoryPicker } from './category-picker.js';
import './define.js';

const categories = createDefaultSeed(new Date('2026-11-25T08:00:00Z')).ticketSchema.categories;

async function picker(value: string | null = null, lang = 'en'): Promise<CategoryPicker> {
  return fixture<CategoryPicker>(html`<category-picker lang=${lang} .categories=${categories} .value=${value}></category-picker>`);
}

const text = (el: CategoryPicker, part: string): string =>
  (el.shadowRoot!.querySelector(`[part~="${part}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();
const items = (el: CategoryPicker): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=treeitem]')];
const key = (target: Element, k: string): void => {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
};

describe('<category-picker>', () => {
  it('shows the top of the tree and says nothing is chosen yet', async () => {
    const el = await picker();
    expect(items(el).map((i) => i.textContent!.trim())).to.deep.equal(['▸After-sales', '▸Logistics', '▸Account', '▸Inquiry']);
    expect(text(el, 'selected')).to.equal('No category chosen.');
    await expect(el).to.be.accessible();
  });

  it('shows the chosen path and opens the tree down to it', async () => {
    const el = await picker('cat-logistics-delivery-delay');
    expect(text(el, 'selected')).to.equal('Selected: Logistics › Delivery › Delay Clear');
    const chosen = items(el).find((i) => i.getAttribute('aria-selected') === 'true')!;
    expect(chosen.textContent!.trim()).to.equal('Delay');
    expect(chosen.getAttribute('aria-level')).to.equal('3');
    expect(chosen.tabIndex).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('moves through the tree with the keyboard and chooses a leaf with Enter', async () => {
    const el = await picker();
    const [first] = items(el);
    first!.focus();
    key(first!, 'ArrowRight'); // open After-sales
    await el.updateComplete;
    expect(items(el)[0]!.getAttribute('aria-expanded')).to.equal('true');
    key(items(el)[0]!, 'ArrowDown'); // Returns
    await el.updateComplete;
    const returns = el.shadowRoot!.activeElement as HTMLElement;
    expect(returns.textContent!.trim()).to.equal('▸Returns');
    key(returns, 'ArrowRight'); // open
    await el.updateComplete;
    key(el.shadowRoot!.activeElement!, 'ArrowRight'); // into Refund
    await el.updateComplete;
    const refund = el.shadowRoot!.activeElement as HTMLElement;
    expect(refund.textContent!.trim()).to.equal('Refund');
    setTimeout(() => key(refund, 'Enter'));
    const event = await oneEvent(el, 'callpop-category-change');
    const detail = (event as Event & { detail: CategoryChangeDetail }).detail;
    expect(detail.value).to.equal('cat-aftersales-returns-refund');
    expect(detail.path.map((n) => n.id)).to.deep.equal(['cat-aftersales', 'cat-aftersales-returns', 'cat-aftersales-returns-refund']);
    await el.updateComplete;
    expect(text(el, 'selected')).to.contain('After-sales › Returns › Refund');
    key(el.shadowRoot!.activeElement!, 'ArrowLeft'); // to the parent
    await el.updateComplete;
    expect((el.shadowRoot!.activeElement as HTMLElement).textContent!.trim()).to.equal('▾Returns');
  });

  it('searches the whole tree by either language and by keyword, and chooses with the keyboard', async () => {
    const el = await picker();
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('[part=search]')!;
    search.value = '改地址';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(text(el, 'results')).to.equal('Logistics › Address › Address change');
    search.value = '发票';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(text(el, 'results')).to.equal('Account › Billing › Invoice');
    expect(search.getAttribute('aria-activedescendant')).to.equal('result-0');
    await expect(el).to.be.accessible();
    setTimeout(() => key(search, 'Enter'));
    const event = await oneEvent(el, 'callpop-category-change');
    expect((event as Event & { detail: CategoryChangeDetail }).detail.value).to.equal('cat-account-billing-invoice');
    await el.updateComplete;
    expect(search.value).to.equal('');
  });

  it('says when nothing matches, and clears the choice', async () => {
    const el = await picker('cat-account-login-password', 'zh-CN');
    expect(text(el, 'selected')).to.contain('账户 › 登录 › 密码重置');
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('[part=search]')!;
    search.value = 'zzz';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(text(el, 'empty')).to.equal('没有与“zzz”匹配的分类。');
    setTimeout(() => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=clear]')!.click());
    const event = await oneEvent(el, 'callpop-category-change');
    expect((event as Event & { detail: CategoryChangeDetail }).detail).to.deep.equal({ value: null, path: [] });
  });

  it('shows a problem it is given and marks the search invalid', async () => {
    const el = await picker();
    el.error = 'Category is required.';
    await el.updateComplete;
    expect(text(el, 'error')).to.equal('Category is required.');
    expect(el.shadowRoot!.querySelector('[part=search]')!.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
  });
});
