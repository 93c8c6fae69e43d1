import { expect, fixture, html as testHtml } from '@open-wc/testing';
import { html, LitElement, type TemplateResult } from 'lit';
import { atom } from 'nanostores';
import { StoreController } from './store-controller.js';

const $count = atom(0);

class StoreHost extends LitElement {
  readonly count = new StoreController(this, () => $count);
  protected override render(): TemplateResult {
    return html`<span part="count">${this.count.value}</span>`;
  }
}
customElements.define('store-controller-test-host', StoreHost);

/** How many listeners the store has (nanostores keeps the count as `lc`). */
const listeners = (): number => ($count as unknown as { lc: number }).lc;

describe('StoreController', () => {
  afterEach(() => $count.set(0));

  it('shows the store, re-renders on change, and lets go of the store when removed', async () => {
    const el = await fixture<StoreHost>(testHtml`<store-controller-test-host></store-controller-test-host>`);
    const shown = (): string | null | undefined => el.shadowRoot!.querySelector('[part=count]')?.textContent;
    expect(shown()).to.equal('0');
    expect(listeners()).to.equal(1);
    $count.set(3);
    await el.updateComplete;
    expect(shown()).to.equal('3');
    el.remove();
    expect(listeners()).to.equal(0);
  });

  it('does not subscribe again when an update that was pending runs after the element was removed', async () => {
    // A <call-pop> swaps a call's body for the next call's in the same task as a store change: the
    // removed card's pending update must not put its listener back, or every call leaves a card behind.
    const el = await fixture<StoreHost>(testHtml`<store-controller-test-host></store-controller-test-host>`);
    $count.set(1);
    expect(el.isUpdatePending).to.equal(true);
    el.remove();
    await el.updateComplete;
    expect(listeners()).to.equal(0);
    expect(el.count.value).to.equal(1);

    document.body.append(el);
    expect(listeners()).to.equal(1);
    $count.set(2);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=count]')!.textContent).to.equal('2');
    el.remove();
    expect(listeners()).to.equal(0);
  });
});
