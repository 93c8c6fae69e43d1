/**
 * The contact-plans capability (`workbench.use(contactPlansModule)`), behind
 * `<contact-plan-form>` and `<contact-plans>`:
 *
 * - create a follow-up for a call's customer number (start, due, assignee —
 *   the current agent by default —, remarks), typed in the agent's time zone
 *   and stored as instants; a start more than 5 minutes in the past, or a due
 *   time not after the start, is refused with the reason. Through the call's
 *   draft (`contact-plan:<callId>`): a retry reuses the idempotency key;
 * - "my contact plans": the open ones (all of them, kept current by the
 *   backend's `contactPlan.changed` pushes) filtered as pending, due or
 *   overdue, and the done ones paged from the backend;
 * - complete and snooze (idempotent updates);
 * - reminders ({@link ReminderScheduler}): scheduled from that data and the
 *   `contactPlan.due` push, shown once across tabs, caught up after a reload or
 *   a sleep; a browser notification too when the tab is hidden (permission
 *   asked when the agent creates a plan or opens the list, never on load).
 *
 * Reminders run once the module is attached and the workbench started: a page
 * that wants them everywhere calls `workbench.use(contactPlansModule)` at
 * start-up (or shows `<contact-plans>`).
 *
 * @packageDocumentation
 */
import { atom, type ReadableAtom } from 'nanostores';
import type { Agent, ContactPlan, ContactPlanInput, PushEvent } from '../adapter/types.js';
import { ReminderScheduler, type ActiveReminder, type ReminderEnvironment } from '../contact-plans/reminders.js';
import {
  checkPlanTimes,
  instantToZoned,
  isValidTimeZone,
  snoozeUntil,
  START_GRACE_MS,
  type PlanTimeProblem,
  type SnoozeChoice,
} from '../contact-plans/time.js';
import { resolveLocale } from '../i18n/locale.js';
import { formatPhone, parsePhone } from '../phone/index.js';
import { CallNotifier, type NotificationApi } from '../telephony/notifier.js';
import { messageOf, type ModuleContext, type ModuleLifecycle } from './context.js';
import { defineModule, type CoreModules } from './modules.js';
import { createPagedList, type PagedList } from './records.js';
import { listAllAgents } from './agents.js';

/** What the agent types in the plan form (times as `datetime-local` values in the agent's zone). */
export interface ContactPlanFormValues {
  readonly phone: string;
  readonly start: string;
  readonly due: string;
  readonly assigneeId: string;
  readonly remark: string;
}

export type ContactPlanField = keyof ContactPlanFormValues;
export type ContactPlanProblem = PlanTimeProblem | 'invalid-phone' | 'too-long';

/** The form has problems: nothing was sent. */
export class ContactPlanFormError extends Error {
  override readonly name = 'ContactPlanFormError';
  constructor(readonly problems: Partial<Record<ContactPlanField, ContactPlanProblem>>) {
    super('The contact plan form has problems.');
  }
}

export interface MyPlansState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** The agent's open plans (backend status `pending`), soonest due first. */
  readonly plans: readonly ContactPlan[];
  readonly error: string | null;
}

export interface PlanAgentsState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly list: readonly Agent[];
  readonly error: string | null;
}

export interface ContactPlansOptions {
  /** The agent's IANA time zone (default: the workbench's). */
  readonly timeZone: string;
  /** How far in the past a start may be (default 5 minutes). */
  readonly startGraceMs: number;
}

/** The contact-plans capability of the workbench. */
export interface ContactPlansModule extends ModuleLifecycle {
  readonly $mine: ReadableAtom<MyPlansState>;
  readonly $agents: ReadableAtom<PlanAgentsState>;
  /** The reminders shown now; each stays until the agent acts on it. */
  readonly $reminders: ReadableAtom<readonly ActiveReminder[]>;
  readonly $options: ReadableAtom<ContactPlansOptions>;
  configure(options: Partial<ContactPlansOptions>): void;
  /** Replace browser hooks of the reminders and notifications (tests, special hosts); call before `start()`. */
  useEnvironment(environment: {
    readonly reminders?: ReminderEnvironment;
    readonly notifications?: NotificationApi | null;
    /** Whose `visibilityState` decides whether a browser notification shows (default `document`). */
    readonly notificationDocument?: Pick<Document, 'visibilityState'>;
  }): void;
  loadAgents(): Promise<void>;
  /** Load (again) the agent's open plans. */
  loadMine(): Promise<void>;
  /** The agent's done plans, newest due first as the backend pages them. */
  done(): PagedList<ContactPlan>;
  /** A fresh form for a call: its number, now + 1 h → now + 1 day, the current agent. */
  emptyForm(callId: string | null): ContactPlanFormValues;
  draftKey(callId: string): string;
  getDraft(callId: string): ContactPlanFormValues | null;
  saveDraft(callId: string, values: ContactPlanFormValues): void;
  discardDraft(callId: string): void;
  /** The form's problems (empty when it can be sent). */
  check(values: ContactPlanFormValues): Partial<Record<ContactPlanField, ContactPlanProblem>>;
  /** Create the plan for the call's customer. Rejects with `ContactPlanFormError` (nothing sent) or an `AdapterError`. */
  create(callId: string, values: ContactPlanFormValues): Promise<ContactPlan>;
  complete(plan: ContactPlan): Promise<ContactPlan>;
  /** Snooze until an instant (epoch ms): the plan reminds again then. */
  /** Remind again later: in 15 minutes, in an hour, or tomorrow at 9:00 in the agent's zone. */
  snooze(plan: ContactPlan, choice: SnoozeChoice): Promise<ContactPlan>;
  /** The agent acted on a reminder another way (called back): close it everywhere. */
  acknowledge(planId: string): void;
  /** Ask for notification permission, once, from a user action. */
  requestNotificationPermission(): Promise<void>;
}

const MAX_PLANS = 1000;
const MAX_REMARK = 2000;
const HOUR = 3_600_000;

function formFrom(value: unknown): ContactPlanFormValues | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const text = (key: string): string => (typeof v[key] === 'string' ? (v[key] as string) : '');
  return { phone: text('phone'), start: text('start'), due: text('due'), assigneeId: text('assigneeId'), remark: text('remark') };
}

export function createContactPlansModule(ctx: ModuleContext, { drafts }: CoreModules): ContactPlansModule {
  const { adapter } = ctx;
  const $mine = atom<MyPlansState>({ status: 'idle', plans: [], error: null });
  const $agents = atom<PlanAgentsState>({ status: 'idle', list: [], error: null });
  const $options = atom<ContactPlansOptions>({ timeZone: ctx.timeZone, startGraceMs: START_GRACE_MS });
  const $reminders = atom<readonly ActiveReminder[]>([]);
  let reminderEnvironment: ReminderEnvironment = { storage: ctx.storage, now: ctx.now, timers: ctx.timers };
  let notifier = new CallNotifier();
  let scheduler: ReminderScheduler | null = null;
  let unlistenReminders: (() => void) | null = null;
  let agentsPromise: Promise<void> | null = null;
  let mineLoad: AbortController | null = null;
  let doneList: PagedList<ContactPlan> | null = null;

  const draftKey = (callId: string): string => `contact-plan:${callId}`;
  const me = (): string | null => ctx.stores.$agent.get()?.id ?? null;
  const byDue = (a: ContactPlan, b: ContactPlan): number => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id);

  function setMine(plans: readonly ContactPlan[]): void {
    const sorted = [...plans].sort(byDue);
    $mine.set({ ...$mine.get(), plans: sorted });
    scheduler?.setPlans(sorted);
  }

  /** A plan the backend confirmed or pushed: kept in "mine" while it is open and the agent's. */
  function apply(plan: ContactPlan): void {
    const agentId = me();
    const current = $mine.get().plans;
    const existing = current.find((p) => p.id === plan.id);
    if (existing && existing.version > plan.version) return;
    const others = current.filter((p) => p.id !== plan.id);
    const mineNow = plan.assigneeId === agentId && plan.status === 'pending';
    if (mineNow) $mine.set({ ...$mine.get(), plans: [...others, plan].sort(byDue) });
    else if (existing) $mine.set({ ...$mine.get(), plans: others });
    if (mineNow) scheduler?.upsert(plan);
    else scheduler?.remove(plan.id);
    if (plan.status === 'done' && plan.assigneeId === agentId && doneList && doneList.$state.get().status !== 'idle') {
      doneList.prepend(plan);
    }
  }

  async function loadMine(): Promise<void> {
    const agentId = me();
    if (!agentId) {
      $mine.set({ status: 'error', plans: [], error: 'The signed-in agent is not known yet.' });
      return;
    }
    mineLoad?.abort();
    const controller = new AbortController();
    mineLoad = controller;
    const signal = AbortSignal.any([controller.signal, ctx.signal]);
    $mine.set({ ...$mine.get(), status: 'loading', error: null });
    try {
      const plans: ContactPlan[] = [];
      let cursor: string | null = null;
      do {
        const page = await adapter.contactPlans.list({ assigneeId: agentId, statuses: ['pending'], cursor, limit: 100 }, { signal });
        plans.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && plans.length < MAX_PLANS);
      if (mineLoad !== controller) return;
      $mine.set({ status: 'ready', plans: [], error: null });
      setMine(plans);
    } catch (error) {
      if (mineLoad !== controller || signal.aborted) return;
      $mine.set({ ...$mine.get(), status: 'error', error: messageOf(error) });
    } finally {
      if (mineLoad === controller) mineLoad = null;
    }
  }

  function loadAgents(): Promise<void> {
    if (agentsPromise) return agentsPromise;
    $agents.set({ ...$agents.get(), status: 'loading', error: null });
    agentsPromise = (async () => {
      const list = await listAllAgents(ctx);
      $agents.set({ status: 'ready', list, error: null });
    })().catch((error: unknown) => {
      agentsPromise = null;
      $agents.set({ ...$agents.get(), status: 'error', error: messageOf(error) });
      throw error;
    });
    return agentsPromise;
  }

  function check(values: ContactPlanFormValues): Partial<Record<ContactPlanField, ContactPlanProblem>> {
    const { timeZone, startGraceMs } = $options.get();
    const problems: Partial<Record<ContactPlanField, ContactPlanProblem>> = {};
    // Number masking: a masked number is checked as the real number it stands for.
    if (!parsePhone(ctx.numbers.reveal(values.phone), ctx.defaultCountry)) problems.phone = 'invalid-phone';
    const times = checkPlanTimes({ start: values.start, due: values.due, timeZone, now: ctx.now(), graceMs: startGraceMs });
    if (times.problems.start) problems.start = times.problems.start;
    if (times.problems.due) problems.due = times.problems.due;
    if (values.assigneeId.trim() === '') problems.assigneeId = 'required';
    if (values.remark.length > MAX_REMARK) problems.remark = 'too-long';
    return problems;
  }

  function notify(reminder: ActiveReminder): void {
    const locale = resolveLocale(
      (typeof document !== 'undefined' ? document.documentElement.lang : '') ||
        (typeof navigator !== 'undefined' ? navigator.language : 'en'),
    );
    const number = formatPhone(reminder.plan.phone);
    const remark = reminder.plan.remark.replace(/\s+/g, ' ').trim().slice(0, 120);
    notifier.notifyIncoming({
      callId: reminder.key,
      title: locale === 'zh-CN' ? `联系计划到期：${number}` : `Contact plan due: ${number}`,
      body: remark,
    });
  }

  function startReminders(): void {
    if (scheduler || ctx.signal.aborted) return;
    scheduler = new ReminderScheduler({ now: ctx.now, ...reminderEnvironment });
    let shown = new Set<string>();
    unlistenReminders = scheduler.$active.subscribe((active) => {
      $reminders.set(active);
      const keys = new Set(active.map((r) => r.key));
      for (const reminder of active) if (!shown.has(reminder.key)) notify(reminder);
      for (const key of shown) if (!keys.has(key)) notifier.close(key);
      shown = keys;
    });
    scheduler.start();
    scheduler.setPlans($mine.get().plans);
  }

  async function update(plan: ContactPlan, patch: { status?: 'done'; snoozedUntil?: string }): Promise<ContactPlan> {
    const key = `contact-plan-update:${plan.id}`;
    const updated = await drafts.submitDraft(key, { planId: plan.id, version: plan.version, ...patch }, (idempotencyKey) =>
      adapter.contactPlans.update(plan.id, patch, { idempotencyKey, signal: ctx.signal }),
    );
    scheduler?.acknowledge(plan.id);
    apply(updated);
    return updated;
  }

  // Pushes: plans created, changed or due elsewhere (another tab, the backend's scheduler).
  adapter.subscribe(
    ['contactPlan.changed', 'contactPlan.due'],
    (event: PushEvent) => {
      if (event.type === 'contactPlan.changed') apply(event.plan);
      else if (event.type === 'contactPlan.due' && event.plan.assigneeId === me()) {
        apply(event.plan);
        scheduler?.due(event.plan);
      }
    },
    { signal: ctx.signal },
  );

  ctx.signal.addEventListener(
    'abort',
    () => {
      mineLoad?.abort();
      unlistenReminders?.();
      scheduler?.dispose();
      notifier.dispose();
    },
    { once: true },
  );

  return {
    $mine,
    $agents,
    $reminders,
    $options,
    configure(changes) {
      if (changes.timeZone !== undefined && !isValidTimeZone(changes.timeZone)) {
        throw new RangeError(`"${String(changes.timeZone).slice(0, 60)}" is not a time zone this browser knows.`);
      }
      $options.set({ ...$options.get(), ...changes });
    },
    useEnvironment(environment) {
      if (environment.reminders) reminderEnvironment = { ...reminderEnvironment, ...environment.reminders };
      if (environment.notifications !== undefined || environment.notificationDocument !== undefined) {
        notifier.dispose();
        notifier = new CallNotifier({
          ...(environment.notifications !== undefined ? { api: environment.notifications } : {}),
          ...(environment.notificationDocument ? { document: environment.notificationDocument } : {}),
        });
      }
    },
    async start() {
      await loadMine();
      startReminders();
    },
    loadAgents,
    loadMine,
    done() {
      const agentId = me() ?? '';
      doneList ??= createPagedList(
        (cursor, signal) => adapter.contactPlans.list({ assigneeId: agentId, statuses: ['done'], cursor, limit: 20 }, { signal }),
        (plan) => plan.id,
        ctx.signal,
      );
      return doneList;
    },
    emptyForm(callId) {
      const pop = callId ? ctx.stores.$calls.get()[callId] : undefined;
      const { timeZone } = $options.get();
      // Whole minutes, as datetime-local inputs show them.
      const local = (ms: number): string => instantToZoned(Math.ceil(ms / 60_000) * 60_000, timeZone);
      const now = ctx.now();
      return {
        phone: pop?.number ?? '',
        start: local(now + HOUR),
        due: local(now + 24 * HOUR),
        assigneeId: me() ?? '',
        remark: '',
      };
    },
    draftKey,
    getDraft(callId) {
      return formFrom(drafts.getDraft(draftKey(callId)));
    },
    saveDraft(callId, values) {
      drafts.setDraft(draftKey(callId), values);
    },
    discardDraft(callId) {
      drafts.clearDraft(draftKey(callId));
    },
    check,
    async create(callId, values) {
      const problems = check(values);
      if (Object.keys(problems).length > 0) throw new ContactPlanFormError(problems);
      const { timeZone } = $options.get();
      const times = checkPlanTimes({ start: values.start, due: values.due, timeZone, now: ctx.now(), graceMs: Number.POSITIVE_INFINITY });
      const pop = ctx.stores.$calls.get()[callId];
      const input: ContactPlanInput = {
        customerId: pop?.lookup.customer?.id ?? pop?.record?.customerId ?? null,
        phone: parsePhone(values.phone, ctx.defaultCountry)?.e164 ?? values.phone,
        callId: pop ? callId : null,
        startAt: new Date(times.startAt as number).toISOString(),
        dueAt: new Date(times.dueAt as number).toISOString(),
        assigneeId: values.assigneeId,
        remark: values.remark,
      };
      void requestPermission();
      const plan = await drafts.submitDraft(draftKey(callId), values, (idempotencyKey) =>
        adapter.contactPlans.create(input, { idempotencyKey, signal: ctx.signal }),
      );
      apply(plan);
      return plan;
    },
    complete(plan) {
      return update(plan, { status: 'done' });
    },
    snooze(plan, choice) {
      const until = snoozeUntil(choice, ctx.now(), $options.get().timeZone);
      return update(plan, { snoozedUntil: new Date(until).toISOString() });
    },
    acknowledge(planId) {
      scheduler?.acknowledge(planId);
    },
    requestNotificationPermission: requestPermission,
  };

  async function requestPermission(): Promise<void> {
    await notifier.requestPermission();
  }
}

/** Attach with `workbench.use(contactPlansModule)`; `<contact-plan-form>` and `<contact-plans>` do. */
export const contactPlansModule = defineModule('contact-plans', createContactPlansModule);
