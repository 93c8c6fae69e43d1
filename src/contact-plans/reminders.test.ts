import { expect } from '@open-wc/testing';
import type { ContactPlan } from '../adapter/types.js';
import { ReminderScheduler, type ChannelLike } from './reminders.js';

const base: ContactPlan = {
  id: 'p1',
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

/** An in-memory BroadcastChannel: every channel of one hub hears the others. */
function hub(): (name: string) => ChannelLike {
  const channels = new Set<{ listeners: Array<(e: MessageEvent) => void> }>();
  return () => {
    const self = { listeners: [] as Array<(e: MessageEvent) => void> };
    channels.add(self);
    return {
      postMessage(message) {
        for (const other of channels) if (other !== self) for (const l of other.listeners) l(new MessageEvent('message', { data: message }));
      },
      addEventListener(_type, listener) {
        self.listeners.push(listener);
      },
      close() {
        channels.delete(self);
      },
    };
  };
}

describe('contact plan reminders', () => {
  const schedulers: ReminderScheduler[] = [];
  afterEach(() => schedulers.splice(0).forEach((s) => s.dispose()));

  function scheduler(options: ConstructorParameters<typeof ReminderScheduler>[0]): ReminderScheduler {
    const s = new ReminderScheduler({ locks: null, storage: null, ...options });
    schedulers.push(s);
    return s;
  }

  it('fires a reminder the computer slept through at the next check (the clock jumped)', () => {
    let now = Date.parse('2026-11-25T01:00:00Z');
    const page = new EventTarget() as unknown as Document;
    const s = scheduler({ now: () => now, visibility: page, createChannel: null });
    s.start();
    s.setPlans([base]);
    expect(s.$active.get()).to.deep.equal([]);
    now = Date.parse('2026-11-25T03:00:00Z'); // woke up an hour past the start
    page.dispatchEvent(new Event('visibilitychange'));
    expect(s.$active.get().map((r) => r.plan.id)).to.deep.equal(['p1']);
    page.dispatchEvent(new Event('visibilitychange'));
    expect(s.$active.get()).to.have.length(1);
  });

  it('without Web Locks, a tab that heard another show the reminder stays quiet, and an acknowledgement closes it everywhere', () => {
    const now = Date.parse('2026-11-25T03:00:00Z');
    const createChannel = hub();
    const a = scheduler({ now: () => now, createChannel, visibility: null });
    const b = scheduler({ now: () => now, createChannel, visibility: null });
    a.start();
    b.start();
    a.setPlans([base]);
    b.setPlans([base]);
    expect(a.$active.get()).to.have.length(1);
    expect(b.$active.get()).to.have.length(0);
    a.acknowledge('p1');
    expect(a.$active.get()).to.have.length(0);
    b.check();
    expect(b.$active.get()).to.have.length(0);
  });

  it('records acknowledged reminders in storage, so a reload does not show them again; a snooze is a new reminder', () => {
    const now = Date.parse('2026-11-25T03:00:00Z');
    const storage = window.sessionStorage;
    storage.clear();
    const first = scheduler({ now: () => now, storage, createChannel: null, visibility: null });
    first.start();
    first.setPlans([base]);
    first.acknowledge('p1');
    first.dispose();
    const second = scheduler({ now: () => now, storage, createChannel: null, visibility: null });
    second.start();
    second.setPlans([base]);
    expect(second.$active.get()).to.have.length(0);
    second.upsert({ ...base, snoozedUntil: '2026-11-25T02:30:00.000Z', version: 2 });
    expect(second.$active.get().map((r) => r.key)).to.deep.equal(['p1@2026-11-25T02:30:00.000Z']);
    second.upsert({ ...base, status: 'done', version: 3 });
    expect(second.$active.get()).to.have.length(0);
    storage.clear();
  });
});
