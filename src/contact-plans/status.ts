/**
 * Where a contact plan stands for the agent, from the backend's data and the
 * clock:
 * - `pending`: its start time has not come yet;
 * - `due`: started, before its due time: time to call the customer;
 * - `overdue`: past its due time and still not done;
 * - `done` (and `cancelled`): closed.
 *
 * A plan reminds its assignee when it falls due: at its start time, or when a
 * snooze ends, whichever is later; an overdue plan nobody acted on reminds at
 * once (catch-up).
 *
 * @packageDocumentation
 */
import type { ContactPlan } from '../adapter/types.js';

export type PlanState = 'pending' | 'due' | 'overdue' | 'done' | 'cancelled';

/** The list filters of "my contact plans". */
export type PlanFilter = 'pending' | 'due' | 'overdue' | 'done';
export const PLAN_FILTERS: readonly PlanFilter[] = ['pending', 'due', 'overdue', 'done'];

export function planState(plan: ContactPlan, now: number): PlanState {
  if (plan.status === 'done') return 'done';
  if (plan.status === 'cancelled') return 'cancelled';
  if (now >= Date.parse(plan.dueAt)) return 'overdue';
  if (now >= Date.parse(plan.startAt)) return 'due';
  return 'pending';
}

/** When the plan reminds its assignee (epoch ms), or null when it is closed. */
export function reminderAt(plan: ContactPlan): number | null {
  if (plan.status !== 'pending') return null;
  const start = Date.parse(plan.startAt);
  const snooze = plan.snoozedUntil === null ? Number.NEGATIVE_INFINITY : Date.parse(plan.snoozedUntil);
  return Math.max(start, snooze);
}

/** One reminder of one plan: a snooze gives the plan a new reminder (a new key). */
export function reminderKey(plan: ContactPlan): string | null {
  const at = reminderAt(plan);
  return at === null ? null : `${plan.id}@${new Date(at).toISOString()}`;
}

/** The open plans in one state, soonest due first. */
export function filterPlans(plans: readonly ContactPlan[], filter: Exclude<PlanFilter, 'done'>, now: number): ContactPlan[] {
  return plans
    .filter((plan) => planState(plan, now) === filter)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}

/** How many open plans are in each state. */
export function countPlans(plans: readonly ContactPlan[], now: number): { readonly [F in Exclude<PlanFilter, 'done'>]: number } {
  const counts = { pending: 0, due: 0, overdue: 0 };
  for (const plan of plans) {
    const state = planState(plan, now);
    if (state === 'pending' || state === 'due' || state === 'overdue') counts[state] += 1;
  }
  return counts;
}
