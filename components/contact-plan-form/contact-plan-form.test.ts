import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { AdapterError } from '../../src/adapter/errors.js';
import { createDefaultSeed, MemoryBackend, SEED_IDS } from '../../src/adapter/memory/index.js';
import { instantToZoned, zonedToInstant } from '../../src/contact-plans/time.js';
import { contactPlansModule } from '../../src/workbench/contact-plans.js';
import { button, createTestRig, TEST_START, expectNoSubscriptionLeak, partText, typeInto, type TestRig } from '../shared/test-rig.js';
import type { CallpopContactPlanCreatedEvent } from './contact-plan-created-event.js';
import type { ContactPlanForm } from './contact-plan-form.js';
import './define.js';

const CALL = SEED_IDS.latestCall; // 张伟
const HOUR = 3_600_000;

describe('<contact-plan-form>', () => {
  let rig: TestRig;
  let n = 0;

  async function newRig(backend?: MemoryBackend): Promise<TestRig> {
    const r = await createTestRig(backend ? { backend } : {});
    n += 1;
    // Reminders of these tests stay apart from any other test page's.
    const tag = `plan-form-${crypto.randomUUID()}-${n}`;
    r.workbench.use(contactPlansModule).useEnvironment({ reminders: { lockPrefix: `${tag}-`, channelName: tag }, notifications: null });
    return r;
  }

  beforeEach(async () => {
    rig = await newRig();
  });

  afterEach(() => rig.dispose());

  async function open(callId: string = CALL): Promise<ContactPlanForm> {
    const el = await fixture<ContactPlanForm>(html`<contact-plan-form lang="en" call-id=${callId} .workbench=${rig.workbench}></contact-plan-form>`);
    await waitUntil(() => el.shadowRoot!.querySelector('form') !== null, 'the form never showed');
    await waitUntil(() => $<HTMLSelectElement>(el, '#assignee').options.length > 1, 'agents never loaded');
    return el;
  }

  const $ = <T extends Element>(el: Element, selector: string): T => {
    const found = el.shadowRoot!.querySelector<T>(selector);
    if (!found) throw new Error(`no ${selector}`);
    return found;
  };

  const zoned = (ms: number, zone: string): string => instantToZoned(ms, zone);

  it('starts from the call’s number, the next hour to tomorrow, assigned to the current agent', async () => {
    rig.workbench.use(contactPlansModule).configure({ timeZone: 'Asia/Shanghai' });
    const el = await open();
    expect($<HTMLInputElement>(el, '#phone').value).to.equal(SEED_IDS.zhangWeiPhone);
    const start = zonedToInstant($<HTMLInputElement>(el, '#start').value, 'Asia/Shanghai')!;
    expect(start - rig.now()).to.be.within(HOUR - 1000, HOUR + 61_000);
    const assignee = $<HTMLSelectElement>(el, '#assignee');
    expect(assignee.value).to.equal(SEED_IDS.me);
    expect(assignee.selectedOptions[0]!.textContent!.trim()).to.equal('李娜 (me)');
    expect([...assignee.options].map((o) => o.textContent!.trim())).to.include('王强');
    expect(partText(el, 'time-zone')).to.equal('Times are in Asia/Shanghai.');
    await expect(el).to.be.accessible();
  });

  it('stores the times typed in New York as instants, on a daylight-saving day too', async () => {
    const plans = rig.workbench.use(contactPlansModule);
    plans.configure({ timeZone: 'America/New_York' });
    const el = await open();
    // The next spring-forward day in New York (second Sunday of March): 1:30 is EST, 3:30 is EDT.
    let year = new Date(rig.now()).getUTCFullYear();
    const secondSunday = (y: number): number => 1 + ((7 - new Date(Date.UTC(y, 2, 1)).getUTCDay()) % 7) + 7;
    if (Date.UTC(year, 2, secondSunday(year)) < rig.now() + 24 * HOUR) year += 1;
    const day = `${year}-03-${String(secondSunday(year)).padStart(2, '0')}`;
    typeInto($(el, '#start'), `${day}T01:30`);
    typeInto($(el, '#due'), `${day}T03:30`);
    typeInto($(el, '#remark'), 'Call about the refund');
    await choose(el, '#assignee', 'agent-1002');
    const created = oneEvent(el, 'callpop-contact-plan-created');
    button(el.shadowRoot!, 'Create plan').click();
    const { plan, callId } = ((await created) as CallpopContactPlanCreatedEvent).detail;
    expect(callId).to.equal(CALL);
    expect(plan).to.deep.include({ phone: SEED_IDS.zhangWeiPhone, customerId: SEED_IDS.zhangWei, callId: CALL, assigneeId: 'agent-1002', remark: 'Call about the refund' });
    expect(plan.startAt).to.equal(`${day}T06:30:00.000Z`);
    expect(plan.dueAt).to.equal(`${day}T07:30:00.000Z`);
    await el.updateComplete;
    expect(partText(el, 'created')).to.match(/^Contact plan created: due /);
    expect(rig.workbench.getDraft(plans.draftKey(CALL))).to.equal(undefined);
  });

  async function choose(el: ContactPlanForm, selector: string, value: string): Promise<void> {
    const select = $<HTMLSelectElement>(el, selector);
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
  }

  it('refuses a due time before the start, with the reason, and sends nothing', async () => {
    rig.workbench.use(contactPlansModule).configure({ timeZone: 'Asia/Shanghai' });
    const el = await open();
    const start = rig.now() + 5 * HOUR;
    typeInto($(el, '#start'), zoned(start, 'Asia/Shanghai'));
    typeInto($(el, '#due'), zoned(start - HOUR, 'Asia/Shanghai'));
    button(el.shadowRoot!, 'Create plan').click();
    await waitUntil(() => partText(el, 'error') !== '');
    expect($(el, '#due-error').textContent).to.equal('The due time must be after the start.');
    expect($(el, '#due').getAttribute('aria-invalid')).to.equal('true');
    expect(partText(el, 'summary')).to.equal('Please correct the fields marked below.');
    expect(el.shadowRoot!.activeElement?.id).to.equal('due');
    expect(rig.backend.writeCount('contactPlans.create')).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('refuses a start more than five minutes in the past', async () => {
    rig.workbench.use(contactPlansModule).configure({ timeZone: 'Asia/Shanghai' });
    const el = await open();
    typeInto($(el, '#start'), zoned(rig.now() - 20 * 60_000, 'Asia/Shanghai'));
    button(el.shadowRoot!, 'Create plan').click();
    await waitUntil(() => partText(el, 'error') !== '');
    expect($(el, '#start-error').textContent).to.equal('The start is in the past; choose a time from now on.');
    expect(rig.backend.writeCount('contactPlans.create')).to.equal(0);
  });

  it('keeps the form after a failed save, says why, and the retry creates one plan', async () => {
    const el = await open();
    typeInto($(el, '#remark'), 'Retry me');
    rig.backend.failNext('contactPlans.create', new AdapterError('timeout', 'No answer in time'), 1, { afterWrite: true });
    button(el.shadowRoot!, 'Create plan').click();
    await waitUntil(() => partText(el, 'failure') !== '', 'no failure shown');
    expect(partText(el, 'failure')).to.contain('The plan was not created: No answer in time. The form is kept; try again.');
    expect($<HTMLTextAreaElement>(el, '#remark').value).to.equal('Retry me');
    await expect(el).to.be.accessible();
    const created = oneEvent(el, 'callpop-contact-plan-created');
    button(el.shadowRoot!, 'Try again').click();
    await created;
    expect(rig.backend.writeCount('contactPlans.create')).to.equal(1);
    const mine = await rig.backend.contactPlans.list({ assigneeId: SEED_IDS.me, limit: 100 });
    expect(mine.items.filter((p) => p.remark === 'Retry me')).to.have.length(1);
  });

  it('asks for notification permission when the agent creates a plan, not when the form opens', async () => {
    let asked = 0;
    const api = Object.assign(
      function FakeNotification() {
        return { onclick: null, close() {} };
      } as unknown as typeof Notification,
      { permission: 'default' as NotificationPermission, requestPermission: async () => { asked += 1; return 'denied' as NotificationPermission; } },
    );
    rig.workbench.use(contactPlansModule).useEnvironment({ notifications: api });
    const el = await open();
    expect(asked).to.equal(0);
    const created = oneEvent(el, 'callpop-contact-plan-created');
    button(el.shadowRoot!, 'Create plan').click();
    await created;
    expect(asked).to.equal(1);
  });

  it('restores what was typed when the form opens again', async () => {
    const el = await open();
    typeInto($(el, '#remark'), 'Half typed');
    el.remove();
    const again = await open();
    expect(partText(again, 'notice')).to.equal('Your unsaved plan was restored.');
    expect($<HTMLTextAreaElement>(again, '#remark').value).to.equal('Half typed');
  });

  it('renders agent names with markup as text', async () => {
    rig.dispose();
    const seed = createDefaultSeed(new Date(TEST_START));
    rig = await newRig(
      new MemoryBackend({ now: () => new Date(TEST_START), seed: { ...seed, agents: [...seed.agents, { id: 'agent-x', name: '<img src=x onerror="window.__p=1">Mallory', extension: null, email: null }] } }),
    );
    const el = await open();
    const option = [...$<HTMLSelectElement>(el, '#assignee').options].find((o) => o.value === 'agent-x')!;
    expect(option.textContent!.trim()).to.equal('<img src=x onerror="window.__p=1">Mallory');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('releases its store subscriptions when disconnected, and closes with an event', async () => {
    const el = await open();
    const closed = oneEvent(el, 'callpop-contact-plan-form-close');
    button(el.shadowRoot!, 'Cancel').click();
    await closed;
    await expectNoSubscriptionLeak(el, rig.workbench);
  });
});
