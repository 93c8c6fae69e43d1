import { expect, fixture, html, nextFrame, oneEvent, waitUntil } from '@open-wc/testing';
import { AdapterError } from '../../src/adapter/errors.js';
import { createDefaultSeed, MemoryBackend, SEED_IDS, type MemoryBackendOptions } from '../../src/adapter/memory/index.js';
import { ManualClock } from '../../src/time/manual-clock.js';
import type { ContactPlan } from '../../src/adapter/types.js';
import { contactPlansModule } from '../../src/workbench/contact-plans.js';
import type { Workbench } from '../../src/workbench/workbench.js';
import { button, createTestRig, partText, TEST_START, type TestRig } from '../shared/test-rig.js';
import type { ContactPlans } from './contact-plans.js';
import type { CallpopOpenCustomerEvent } from './open-customer-event.js';
import './define.js';

const OVERDUE = 'plan-0003'; // 陈静, +8613912345678, seeded overdue
const MINUTE = 60_000;

describe('<contact-plans>', () => {
  const rigs: TestRig[] = [];
  const tags = new Map<TestRig, string>();
  let n = 0;

  /** A backend on the test clock (seeded relative to it). */
  const backendAt = (clock: () => number = () => TEST_START, seed?: MemoryBackendOptions['seed']): MemoryBackend =>
    new MemoryBackend({ now: () => new Date(clock()), ...(seed ? { seed } : {}) });

  /**
   * Wait until every tab's claim of a plan's reminder lock has been answered: a
   * lock request made now is answered after the ones made before it.
   */
  async function claimsSettled(rig: TestRig, planId: string, ...els: ContactPlans[]): Promise<void> {
    await navigator.locks.request(`${tags.get(rig)}-${planId}`, { ifAvailable: true }, () => undefined);
    await Promise.all(els.map((el) => el.updateComplete));
  }

  /** A rig whose reminders use their own lock names and channel (other test pages run at the same time). */
  async function newRig(
    options: { backend?: MemoryBackend; storage?: Storage | null; tag?: string; clock?: ManualClock } = {},
  ): Promise<TestRig> {
    const r = await createTestRig({
      ...(options.backend ? { backend: options.backend } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      storage: options.storage ?? null,
    });
    n += 1;
    const tag = options.tag ?? `plans-${crypto.randomUUID()}-${n}`;
    tags.set(r, tag);
    r.workbench.use(contactPlansModule).useEnvironment({ reminders: { lockPrefix: `${tag}-`, channelName: tag }, notifications: null });
    rigs.push(r);
    return r;
  }

  afterEach(() => {
    for (const r of rigs.splice(0)) r.dispose();
    window.sessionStorage.clear();
  });

  async function open(workbench: Workbench, view: 'all' | 'list' | 'reminders' = 'all'): Promise<ContactPlans> {
    const el = await fixture<ContactPlans>(html`<contact-plans lang="en" view=${view} .workbench=${workbench}></contact-plans>`);
    await waitUntil(() => workbench.use(contactPlansModule).$mine.get().status === 'ready', 'plans never loaded');
    await el.updateComplete;
    return el;
  }

  const plansShown = (el: ContactPlans): string[] =>
    [...el.shadowRoot!.querySelectorAll('[part~="plan"]')].map((li) => li.getAttribute('data-plan') ?? '');
  const reminders = (el: ContactPlans): string[] =>
    [...el.shadowRoot!.querySelectorAll('[part~="reminder"]')].map((r) => r.getAttribute('data-plan') ?? '');
  const filter = async (el: ContactPlans, name: string): Promise<void> => {
    el.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="filter"][data-filter="${name}"]`)!.click();
    await el.updateComplete;
  };
  const planEl = (el: ContactPlans, id: string): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>(`[part~="plan"][data-plan="${id}"]`)!;
  const reminderEl = (el: ContactPlans, id: string): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>(`[part~="reminder"][data-plan="${id}"]`)!;

  it('lists my plans as pending, due, overdue and done, with counts and times in my zone', async () => {
    const rig = await newRig();
    rig.workbench.use(contactPlansModule).configure({ timeZone: 'Asia/Shanghai' });
    const el = await open(rig.workbench, 'list');
    expect([...el.shadowRoot!.querySelectorAll('[part~="filter"]')].map((b) => b.textContent!.trim())).to.deep.equal([
      'Pending (3)',
      'Due (0)',
      'Overdue (1)',
      'Done',
    ]);
    expect(partText(el, 'status')).to.equal('Nothing due right now.');
    await filter(el, 'overdue');
    expect(plansShown(el)).to.deep.equal([OVERDUE]);
    expect(partText(el, 'plan-state')).to.equal('Overdue');
    expect(partText(el, 'plan-remark')).to.equal('换货回访：确认新货已签收且无质量问题。');
    await filter(el, 'pending');
    expect(plansShown(el)).to.deep.equal(['plan-0001', 'plan-0002', 'plan-0005']);
    expect(planEl(el, 'plan-0005').textContent).to.contain('Snoozed until');
    await filter(el, 'done');
    await waitUntil(() => plansShown(el).length > 0, 'done plans never loaded');
    expect(plansShown(el)).to.deep.equal(['plan-0004']);
    await expect(el).to.be.accessible();
  });

  it('completes and snoozes plans, through idempotent updates', async () => {
    const rig = await newRig();
    const el = await open(rig.workbench, 'list');
    await filter(el, 'pending');
    button(planEl(el, 'plan-0001'), 'Mark the plan for +86 138 0013 8000 done').click();
    await waitUntil(() => !plansShown(el).includes('plan-0001'), 'the done plan stayed');
    const [done] = (await rig.backend.contactPlans.list({ assigneeId: SEED_IDS.me, statuses: ['done'] })).items.filter((p) => p.id === 'plan-0001');
    expect(done?.status).to.equal('done');
    await filter(el, 'overdue');
    const before = rig.now();
    button(planEl(el, OVERDUE), '1 hour').click();
    await waitUntil(() => planEl(el, OVERDUE)?.textContent?.includes('Snoozed until'), 'never snoozed');
    const snoozed = (await rig.backend.contactPlans.list({ assigneeId: SEED_IDS.me, statuses: ['pending'] })).items.find((p) => p.id === OVERDUE)!;
    expect(Date.parse(snoozed.snoozedUntil!) - before).to.be.within(59 * MINUTE, 61 * MINUTE);
    expect(rig.backend.writeCount('contactPlans.update')).to.equal(2);
    await filter(el, 'done');
    await waitUntil(() => plansShown(el).includes('plan-0001'));
  });

  it('says why an action failed, and keeps the plan', async () => {
    const rig = await newRig();
    const el = await open(rig.workbench, 'list');
    await filter(el, 'overdue');
    rig.backend.failNext('contactPlans.update', new AdapterError('server', 'Backend down'));
    button(planEl(el, OVERDUE), 'Mark the plan for +86 139 1234 5678 done').click();
    await waitUntil(() => partText(el, 'status') !== '');
    expect(partText(el, 'status')).to.equal('That did not work: Backend down');
    expect(plansShown(el)).to.deep.equal([OVERDUE]);
  });

  it('opens the customer’s records and calls back, which opens a pop', async () => {
    const rig = await newRig();
    const el = await open(rig.workbench, 'list');
    await filter(el, 'overdue');
    const opened = oneEvent(el, 'callpop-open-customer');
    button(planEl(el, OVERDUE), 'Open the records of +86 139 1234 5678').click();
    expect(((await opened) as CallpopOpenCustomerEvent).detail).to.deep.equal({ customerId: SEED_IDS.chenJing, phone: SEED_IDS.chenJingPhone });
    button(planEl(el, OVERDUE), 'Call back +86 139 1234 5678').click();
    await waitUntil(() => rig.workbench.stores.$activeCall.get()?.direction === 'outbound', 'no pop opened');
    expect(rig.workbench.stores.$activeCall.get()?.number).to.equal(SEED_IDS.chenJingPhone);
  });

  it('catches up on a plan that fell due while the page was closed: one notice that stays until acted on', async () => {
    const rig = await newRig();
    const el = await open(rig.workbench);
    await waitUntil(() => reminders(el).length > 0, 'no reminder');
    expect(reminders(el)).to.deep.equal([OVERDUE]);
    const notice = reminderEl(el, OVERDUE);
    expect(notice.textContent).to.contain('Contact plan due: +86 139 1234 5678');
    await expect(el).to.be.accessible();
    document.dispatchEvent(new Event('visibilitychange'));
    await claimsSettled(rig, OVERDUE, el);
    expect(reminders(el)).to.deep.equal([OVERDUE]);
    button(notice, 'Done').click();
    await waitUntil(() => reminders(el).length === 0, 'the notice stayed');
  });

  it('reminds once when a plan falls due, and again after a snooze ends', async () => {
    const clock = new ManualClock(TEST_START);
    const rig = await newRig({ clock, backend: backendAt(clock.now) });
    const el = await open(rig.workbench, 'reminders');
    await waitUntil(() => reminders(el).includes(OVERDUE));
    button(reminderEl(el, OVERDUE), 'Call back').click();
    await waitUntil(() => reminders(el).length === 0);
    const soon = clock.now() + 10 * MINUTE;
    const plan = await rig.backend.contactPlans.create(
      { customerId: null, phone: '+8613900139000', callId: null, startAt: new Date(soon).toISOString(), dueAt: new Date(soon + 3_600_000).toISOString(), assigneeId: SEED_IDS.me, remark: 'Falls due soon' },
      { idempotencyKey: 'falls-due-soon' },
    );
    await waitUntil(() => rig.workbench.use(contactPlansModule).$mine.get().plans.some((p) => p.id === plan.id), 'the new plan never reached the list');
    await clock.advance(9 * MINUTE);
    await claimsSettled(rig, plan.id, el);
    expect(reminders(el)).to.deep.equal([], 'reminded before the start');
    await clock.advance(MINUTE);
    await waitUntil(() => reminders(el).includes(plan.id), 'the plan never reminded');
    // A later check (the tab shown again, the clock moving on) shows it once, not twice.
    await clock.advance(MINUTE);
    document.dispatchEvent(new Event('visibilitychange'));
    await claimsSettled(rig, plan.id, el);
    expect(reminders(el)).to.deep.equal([plan.id]);
    // Snoozing for 15 minutes gives the plan a new reminder when the snooze ends.
    const snoozed = await rig.workbench.use(contactPlansModule).snooze(rig.workbench.use(contactPlansModule).$mine.get().plans.find((p) => p.id === plan.id)!, '15m');
    expect(Date.parse(snoozed.snoozedUntil!) - clock.now()).to.equal(15 * MINUTE);
    await el.updateComplete;
    expect(reminders(el)).to.deep.equal([]);
    await clock.advance(14 * MINUTE);
    await claimsSettled(rig, plan.id, el);
    expect(reminders(el)).to.deep.equal([], 'reminded before the snooze ended');
    await clock.advance(MINUTE);
    await waitUntil(() => reminders(el).includes(plan.id), 'no reminder after the snooze');
  });

  it('reminds at once when the backend pushes that a plan is due', async () => {
    const rig = await newRig();
    const el = await open(rig.workbench, 'reminders');
    const plan = rig.workbench.use(contactPlansModule).$mine.get().plans.find((p) => p.id === 'plan-0002')!;
    rig.backend.emit({ type: 'contactPlan.due', plan });
    await waitUntil(() => reminders(el).includes('plan-0002'), 'the push did not remind');
  });

  it('shows one notice in total with two workbenches open (two tabs), and acting on it closes it everywhere', async () => {
    const tag = `two-tabs-${crypto.randomUUID()}`;
    // Two tabs of one CRM: one backend.
    const backend = backendAt();
    const [a, b] = [await newRig({ tag, backend }), await newRig({ tag, backend })];
    const elA = await open(a.workbench, 'reminders');
    const elB = await open(b.workbench, 'reminders');
    await waitUntil(() => reminders(elA).length + reminders(elB).length > 0, 'no reminder');
    await claimsSettled(a, OVERDUE, elA, elB);
    document.dispatchEvent(new Event('visibilitychange'));
    await claimsSettled(a, OVERDUE, elA, elB);
    expect([...reminders(elA), ...reminders(elB)]).to.deep.equal([OVERDUE]);
    const [shown, other] = reminders(elA).length > 0 ? [elA, elB] : [elB, elA];
    button(reminderEl(shown, OVERDUE), 'Call back').click();
    await waitUntil(() => reminders(shown).length === 0);
    document.dispatchEvent(new Event('visibilitychange'));
    await claimsSettled(a, OVERDUE, elA, elB);
    expect(reminders(other)).to.deep.equal([]);
  });

  it('shows an unanswered reminder again after a reload, and not one the agent acted on', async () => {
    const backend = backendAt();
    const first = await newRig({ backend, storage: window.sessionStorage });
    const el = await open(first.workbench, 'reminders');
    await waitUntil(() => reminders(el).includes(OVERDUE));
    first.dispose();
    el.remove();
    // Reload: the same backend and storage, a new page.
    const second = await newRig({ backend, storage: window.sessionStorage });
    const again = await open(second.workbench, 'reminders');
    await waitUntil(() => reminders(again).includes(OVERDUE), 'the unanswered reminder did not come back');
    button(reminderEl(again, OVERDUE), 'Call back').click();
    await waitUntil(() => reminders(again).length === 0);
    second.dispose();
    again.remove();
    const third = await newRig({ backend, storage: window.sessionStorage });
    const last = await open(third.workbench, 'reminders');
    await claimsSettled(third, OVERDUE, last);
    expect(reminders(last)).to.deep.equal([]);
  });

  it('notifies through the browser when the tab is hidden, asking permission only when the agent uses the list', async () => {
    const shown: Array<{ title: string; options?: NotificationOptions; closed: boolean }> = [];
    let asked = 0;
    class FakeNotification {
      static permission: NotificationPermission = 'default';
      static async requestPermission(): Promise<NotificationPermission> {
        asked += 1;
        FakeNotification.permission = 'granted';
        return 'granted';
      }
      onclick: ((this: Notification, event: Event) => unknown) | null = null;
      readonly #entry: { title: string; options?: NotificationOptions; closed: boolean };
      constructor(title: string, options?: NotificationOptions) {
        this.#entry = { title, ...(options ? { options } : {}), closed: false };
        shown.push(this.#entry);
      }
      close(): void {
        this.#entry.closed = true;
      }
    }
    const clock = new ManualClock(TEST_START);
    const rig = await createTestRig({ clock, backend: backendAt(clock.now, 'empty') });
    rigs.push(rig);
    const plans = rig.workbench.use(contactPlansModule);
    const tag = `notify-${crypto.randomUUID()}`;
    plans.useEnvironment({ reminders: { lockPrefix: `${tag}-`, channelName: tag }, notifications: FakeNotification, notificationDocument: { visibilityState: 'hidden' } });
    const el = await open(rig.workbench);
    await nextFrame();
    expect(asked).to.equal(0, 'asked on load');
    el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!.dispatchEvent(new Event('pointerdown'));
    await waitUntil(() => asked === 1);
    const soon = clock.now() + 5 * MINUTE;
    const { items } = await rig.backend.agents.list();
    await rig.backend.contactPlans.create(
      { customerId: null, phone: SEED_IDS.chenJingPhone, callId: null, startAt: new Date(soon).toISOString(), dueAt: new Date(soon + 3_600_000).toISOString(), assigneeId: items[0]!.id, remark: 'Hidden tab' },
      { idempotencyKey: 'hidden-tab' },
    );
    await waitUntil(() => plans.$mine.get().plans.length === 1, 'the new plan never reached the list');
    await clock.advance(5 * MINUTE);
    await waitUntil(() => shown.length === 1, 'no notification');
    expect(shown[0]).to.deep.include({ title: 'Contact plan due: +86 139 1234 5678', closed: false });
    expect(shown[0]!.options?.body).to.equal('Hidden tab');
    await waitUntil(() => reminders(el).length === 1);
    button(el.shadowRoot!.querySelector('[part~="reminder"]')!, 'Done').click();
    await waitUntil(() => shown[0]!.closed, 'the notification stayed open');
  });

  it('renders markup in remarks as text', async () => {
    const seed = createDefaultSeed(new Date(TEST_START));
    const evil: ContactPlan = { ...seed.contactPlans.find((p) => p.id === OVERDUE)!, remark: '<img src=x onerror="window.__r=1"><b>bold</b>' };
    const rig = await newRig({ backend: backendAt(undefined, { ...seed, contactPlans: [evil] }) });
    const el = await open(rig.workbench);
    await filter(el, 'overdue');
    await waitUntil(() => reminders(el).length > 0);
    expect(planEl(el, OVERDUE).querySelector('[part~="plan-remark"]')!.textContent).to.equal(evil.remark);
    expect(reminderEl(el, OVERDUE).textContent).to.contain(evil.remark);
    expect(el.shadowRoot!.querySelector('img, b')).to.equal(null);
  });

  it('says when the plans cannot be loaded, with a retry', async () => {
    const rig = await createTestRig();
    rigs.push(rig);
    rig.backend.failNext('contactPlans.list', new AdapterError('server', 'Backend down'));
    const plans = rig.workbench.use(contactPlansModule);
    const tag = `fail-${crypto.randomUUID()}`;
    plans.useEnvironment({ reminders: { lockPrefix: `${tag}-`, channelName: tag }, notifications: null });
    const el = await fixture<ContactPlans>(html`<contact-plans lang="en" view="list" .workbench=${rig.workbench}></contact-plans>`);
    await waitUntil(() => partText(el, 'status').startsWith('Could not'), 'no error shown');
    expect(partText(el, 'status')).to.contain('Could not load your contact plans: Backend down');
    button(el.shadowRoot!, 'Try again').click();
    await waitUntil(() => plans.$mine.get().status === 'ready');
    await el.updateComplete;
    expect(partText(el, 'status')).to.equal('Nothing due right now.');
  });

  it('releases its store subscriptions when disconnected, even after 100 connect/disconnect cycles', async () => {
    const rig = await newRig();
    const el = await open(rig.workbench);
    const plans = rig.workbench.use(contactPlansModule);
    const stores = [plans.$mine, plans.$reminders, plans.$options];
    const parent = el.parentNode!;
    el.remove();
    const baseline = stores.map((s) => s.lc);
    for (let i = 0; i < 100; i += 1) {
      parent.appendChild(el);
      await el.updateComplete;
      el.remove();
    }
    expect(stores.map((s) => s.lc)).to.deep.equal(baseline);
    parent.appendChild(el);
    await el.updateComplete;
    stores.forEach((s, i) => expect(s.lc, `listeners on store ${i} (of $mine, $reminders, $options) once reconnected`).to.be.above(baseline[i]!));
  });
});
