import { expect } from '@open-wc/testing';
import type { ContactPlan } from '../adapter/types.js';
import { checkPlanTimes, instantToZoned, planState, reminderAt, snoozeUntil, zonedToInstant } from './index.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

describe('contact plan times in the agent’s time zone', () => {
  it('reads a Shanghai wall time as the instant eight hours earlier in UTC, and back', () => {
    const at = zonedToInstant('2026-11-25T09:30', 'Asia/Shanghai');
    expect(iso(at)).to.equal('2026-11-25T01:30:00.000Z');
    expect(instantToZoned(at!, 'Asia/Shanghai')).to.equal('2026-11-25T09:30');
  });

  it('reads New York times on both sides of the daylight-saving change', () => {
    expect(iso(zonedToInstant('2026-03-07T09:00', 'America/New_York'))).to.equal('2026-03-07T14:00:00.000Z');
    expect(iso(zonedToInstant('2026-03-09T09:00', 'America/New_York'))).to.equal('2026-03-09T13:00:00.000Z');
    for (const value of ['2026-03-08T01:59', '2026-03-08T03:00', '2026-11-01T00:30', '2026-11-01T12:00']) {
      expect(instantToZoned(zonedToInstant(value, 'America/New_York')!, 'America/New_York')).to.equal(value);
    }
  });

  it('moves a skipped spring-forward time forward and takes the earlier of a repeated fall-back time', () => {
    // 2:30 does not exist on 8 March 2026 in New York: it becomes 3:30 EDT.
    const skipped = zonedToInstant('2026-03-08T02:30', 'America/New_York')!;
    expect(iso(skipped)).to.equal('2026-03-08T07:30:00.000Z');
    expect(instantToZoned(skipped, 'America/New_York')).to.equal('2026-03-08T03:30');
    // 1:30 happens twice on 1 November 2026: the first (EDT) one.
    expect(iso(zonedToInstant('2026-11-01T01:30', 'America/New_York'))).to.equal('2026-11-01T05:30:00.000Z');
  });

  it('refuses values that are not dates and zones that do not exist', () => {
    expect(zonedToInstant('2026-02-30T10:00', 'Asia/Shanghai')).to.equal(null);
    expect(zonedToInstant('tomorrow', 'Asia/Shanghai')).to.equal(null);
    expect(zonedToInstant('2026-02-10T10:00', 'Mars/Olympus')).to.equal(null);
  });

  const now = Date.parse('2026-11-25T02:00:00Z'); // 10:00 in Shanghai

  it('refuses a due time before (or at) the start', () => {
    const result = checkPlanTimes({ start: '2026-11-25T12:00', due: '2026-11-25T11:00', timeZone: 'Asia/Shanghai', now });
    expect(result.problems).to.deep.equal({ due: 'before-start' });
    expect(checkPlanTimes({ start: '2026-11-25T12:00', due: '2026-11-25T12:00', timeZone: 'Asia/Shanghai', now }).problems.due).to.equal('before-start');
  });

  it('refuses a start more than five minutes in the past, and accepts one within the grace', () => {
    expect(checkPlanTimes({ start: '2026-11-25T09:54', due: '2026-11-25T11:00', timeZone: 'Asia/Shanghai', now }).problems).to.deep.equal({ start: 'in-the-past' });
    expect(checkPlanTimes({ start: '2026-11-25T09:56', due: '2026-11-25T11:00', timeZone: 'Asia/Shanghai', now }).problems).to.deep.equal({});
    expect(checkPlanTimes({ start: '', due: 'x', timeZone: 'Asia/Shanghai', now }).problems).to.deep.equal({ start: 'required', due: 'invalid' });
  });

  it('snoozes for 15 minutes, an hour, or until 9:00 tomorrow in the agent’s zone', () => {
    expect(snoozeUntil('15m', now, 'Asia/Shanghai') - now).to.equal(15 * 60_000);
    expect(snoozeUntil('1h', now, 'Asia/Shanghai') - now).to.equal(3_600_000);
    expect(iso(snoozeUntil('tomorrow', now, 'Asia/Shanghai'))).to.equal('2026-11-26T01:00:00.000Z');
    expect(iso(snoozeUntil('tomorrow', now, 'America/New_York'))).to.equal('2026-11-25T14:00:00.000Z');
  });
});

describe('contact plan states', () => {
  const base: ContactPlan = {
    id: 'p',
    customerId: null,
    phone: '+8613800138000',
    callId: null,
    startAt: '2026-11-25T02:00:00.000Z',
    dueAt: '2026-11-25T04:00:00.000Z',
    assigneeId: 'a',
    remark: '',
    status: 'pending',
    snoozedUntil: null,
    createdBy: 'a',
    createdAt: '2026-11-24T00:00:00.000Z',
    completedAt: null,
    version: 1,
  };

  it('is pending before its start, due until its due time, then overdue; done when done', () => {
    expect(planState(base, Date.parse('2026-11-25T01:59:00Z'))).to.equal('pending');
    expect(planState(base, Date.parse('2026-11-25T02:00:00Z'))).to.equal('due');
    expect(planState(base, Date.parse('2026-11-25T04:00:00Z'))).to.equal('overdue');
    expect(planState({ ...base, status: 'done' }, 0)).to.equal('done');
  });

  it('reminds at its start, or when a later snooze ends; a closed plan never', () => {
    expect(iso(reminderAt(base))).to.equal(base.startAt);
    expect(iso(reminderAt({ ...base, snoozedUntil: '2026-11-25T03:00:00.000Z' }))).to.equal('2026-11-25T03:00:00.000Z');
    expect(reminderAt({ ...base, status: 'done' })).to.equal(null);
  });
});
