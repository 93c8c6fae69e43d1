import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import type { BackendAdapter } from '../../src/adapter/backend-adapter.js';
import { MemoryBackend } from '../../src/adapter/memory/index.js';
import { SimulatedSoftphone } from '../../src/telephony/simulated-softphone.js';
import { createWorkbench, type Workbench } from '../../src/workbench/workbench.js';

/** A workbench on the in-memory backend and the simulated softphone, for element tests. */
export interface TestRig {
  readonly backend: MemoryBackend;
  readonly softphone: SimulatedSoftphone;
  readonly workbench: Workbench;
  dispose(): void;
}

export async function createTestRig(
  options: { storage?: Storage | null; backend?: MemoryBackend; adapter?: (backend: MemoryBackend) => BackendAdapter } = {},
): Promise<TestRig> {
  const backend = options.backend ?? new MemoryBackend();
  const softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null });
  const workbench = createWorkbench({
    adapter: options.adapter ? options.adapter(backend) : backend,
    softphone,
    storage: options.storage ?? null,
  });
  await workbench.start();
  return {
    backend,
    softphone,
    workbench,
    dispose() {
      workbench.dispose();
      softphone.dispose();
    },
  };
}

/** The text of a part in an element's shadow root, whitespace collapsed. */
export function partText(element: Element, part: string): string {
  const node = element.shadowRoot?.querySelector(`[part~="${part}"]`);
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Type into an input the way a user does: set the value, fire `input`. */
export function typeInto(input: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Find a button in a shadow root by its visible text or accessible name. */
export function button(root: ParentNode, name: string | RegExp): HTMLButtonElement {
  const buttons = [...root.querySelectorAll('button')];
  const found = buttons.find((b) => {
    const label = b.getAttribute('aria-label') ?? b.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    return typeof name === 'string' ? label === name : name.test(label);
  });
  if (!found) throw new Error(`No button "${String(name)}" among: ${buttons.map((b) => b.textContent?.trim()).join(' | ')}`);
  return found;
}

/**
 * The conformance checks every element passes: it releases its store
 * subscriptions when disconnected, and 100 connect/disconnect cycles leave no
 * subscription behind.
 */
export async function expectNoSubscriptionLeak(element: LitElement, workbench: Workbench): Promise<void> {
  const stores = [workbench.stores.$calls, workbench.stores.$activeCallId, workbench.stores.$activeCall, workbench.stores.$recentCalls];
  const parent = element.parentNode!;
  element.remove();
  const baseline = stores.map((s) => s.lc);
  for (let i = 0; i < 100; i += 1) {
    parent.appendChild(element);
    await element.updateComplete;
    element.remove();
  }
  expect(stores.map((s) => s.lc)).to.deep.equal(baseline);
  parent.appendChild(element);
  await element.updateComplete;
  expect(stores.some((s, i) => s.lc > baseline[i]!)).to.equal(true, 'reconnected element listens again');

}
