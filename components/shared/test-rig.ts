import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import type { BackendAdapter } from '../../src/adapter/backend-adapter.js';
import { MemoryBackend, type MemoryBackendOptions } from '../../src/adapter/memory/index.js';
import { SimulatedSoftphone, type SimulatedSoftphoneOptions } from '../../src/telephony/simulated-softphone.js';
import type { ManualClock } from '../../src/time/manual-clock.js';
import { createWorkbench, type Workbench } from '../../src/workbench/workbench.js';

/** Wednesday 2026-11-25, 10:00 in Shanghai: the day every element test runs on, whatever the calendar says. */
export const TEST_START = Date.parse('2026-11-25T02:00:00.000Z');
/** The agent's zone in element tests (the browser's own zone is whatever TZ the run has). */
export const TEST_TIME_ZONE = 'Asia/Shanghai';

/**
 * A clock that starts at `start` and runs at the real pace: tests get a fixed
 * date and still see timers and call durations move.
 */
export function steadyClock(start: number = TEST_START): () => number {
  const origin = performance.now();
  return () => start + Math.floor(performance.now() - origin);
}

/**
 * An in-memory backend on the test clock: seeded relative to {@link TEST_START}
 * (or `now`), so "yesterday's call" is yesterday of the test's day, not the calendar's.
 */
export function testBackend(options: Omit<MemoryBackendOptions, 'now'> & { readonly now?: () => number } = {}): MemoryBackend {
  const now = options.now ?? steadyClock();
  return new MemoryBackend({ ...options, now: () => new Date(now()) });
}

/** A workbench on the in-memory backend and the simulated softphone, for element tests. */
export interface TestRig {
  readonly backend: MemoryBackend;
  readonly softphone: SimulatedSoftphone;
  readonly workbench: Workbench;
  /** The rig's clock (the workbench's, the backend's and the softphone's), epoch ms. */
  now(): number;
  dispose(): void;
}

export interface TestRigOptions {
  readonly storage?: Storage | null;
  /** The tab's own storage (which call the pop shows across a reload); default none. */
  readonly sessionStorage?: Storage | null;
  /** A backend made for the test; give it the rig's clock (`now: () => new Date(clock())`). */
  readonly backend?: MemoryBackend;
  readonly adapter?: (backend: MemoryBackend) => BackendAdapter;
  /** The clock (default {@link steadyClock} from {@link TEST_START}); a `ManualClock` also schedules the workbench's timers. */
  readonly clock?: (() => number) | ManualClock;
  /** Default {@link TEST_TIME_ZONE}. */
  readonly timeZone?: string;
  /** Options for the simulated softphone, over the rig's (no outbound answer, no ring timeout, the rig's clock). */
  readonly softphone?: SimulatedSoftphoneOptions;
}

export async function createTestRig(options: TestRigOptions = {}): Promise<TestRig> {
  const clock = options.clock ?? steadyClock();
  const now = typeof clock === 'function' ? clock : clock.now;
  const backend = options.backend ?? testBackend({ now });
  const softphone = new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null, now, ...options.softphone });
  const workbench = createWorkbench({
    adapter: options.adapter ? options.adapter(backend) : backend,
    softphone,
    storage: options.storage ?? null,
    sessionStorage: options.sessionStorage ?? null,
    now,
    timeZone: options.timeZone ?? TEST_TIME_ZONE,
    ...(typeof clock === 'function' ? {} : { timers: clock }),
  });
  await workbench.start();
  // Registered, as an agent's phone is: a softphone dials only while registered.
  await softphone.register();
  return {
    backend,
    softphone,
    workbench,
    now,
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
  const gained = stores.map((s, i) => s.lc - baseline[i]!);
  expect(
    Math.max(...gained),
    `listeners gained once reconnected, by store ($calls, $activeCallId, $activeCall, $recentCalls): ${gained.join(', ')}`,
  ).to.be.above(0);
}

/**
 * Tells the backend about a call the test made up, as the workbench's report
 * (`PUT /calls/{id}`) would: the contract answers `not-found` for anything
 * asked about a call the backend was never told about.
 */
export async function reportCall(backend: BackendAdapter, callId: string, startedAt = TEST_START): Promise<void> {
  await backend.calls.report(
    {
      id: callId,
      direction: 'inbound',
      customerNumber: '+8613800138000',
      displayNumber: null,
      agentId: 'agent-1001',
      startedAt: new Date(startedAt).toISOString(),
      answeredAt: null,
      endedAt: null,
      hangupBy: null,
      outcome: null,
    },
    { idempotencyKey: `test-report:${callId}` },
  );
}
