import { expect } from '@open-wc/testing';
import { AdapterError } from '../errors.js';
import type { CallReport, Customer, CustomerInput, PushEvent, TicketInput } from '../types.js';
import { MemoryBackend } from './memory-backend.js';
import { SEED_IDS, createDefaultSeed } from './seed.js';

const NOW = new Date('2026-11-25T08:00:00.000Z');

function backend(options: ConstructorParameters<typeof MemoryBackend>[0] = {}): MemoryBackend {
  return new MemoryBackend({ now: () => NOW, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<AdapterError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(AdapterError);
    return error as AdapterError;
  }
  throw new Error('Expected the promise to reject');
}

const newCustomer: CustomerInput = {
  name: '  刘德明 ',
  phones: ['+8613700001234'],
  email: 'deming.liu@example.cn',
  company: '深圳前海数科有限公司',
};

function ticketInput(overrides: Partial<TicketInput> = {}): TicketInput {
  return {
    title: '快递丢件，要求补发',
    description: '客户称包裹显示已签收但未收到。',
    priority: 'high',
    categoryId: 'cat-logistics-delivery-lost',
    assigneeId: null,
    customerId: SEED_IDS.zhangWei,
    callId: SEED_IDS.latestCall,
    fields: { channel: 'online', orderNumber: 'YT20261118' },
    ...overrides,
  };
}

function report(overrides: Partial<CallReport> = {}): CallReport {
  return {
    id: 'sip-call-77',
    direction: 'inbound',
    customerNumber: '+8613912345678',
    displayNumber: '+864008001234',
    agentId: 'agent-1001',
    startedAt: '2026-11-25T07:50:00.000Z',
    answeredAt: null,
    endedAt: null,
    hangupBy: null,
    outcome: null,
    ...overrides,
  };
}

describe('MemoryBackend', () => {
  describe('customers', () => {
    it('finds 张伟 by his number and nobody for an unknown number', async () => {
      const memory = backend();
      const found = await memory.customers.findByPhone('+8613800138000');
      expect(found.map((customer) => customer.name)).to.deep.equal(['张伟']);
      expect(found[0]?.company).to.equal('北京云途科技有限公司');
      expect(found[0]?.level).to.equal('vip');
      expect(await memory.customers.findByPhone('+8613900139000')).to.deep.equal([]);
    });

    it('searches by part of a number, even typed with spaces and dashes', async () => {
      const memory = backend();
      const partial = await memory.customers.search('138001');
      expect(partial.items.map((customer) => customer.phones[0])).to.include('+8613800138000');
      const spaced = await memory.customers.search('138 0013-8000');
      expect(spaced.items.map((customer) => customer.name)).to.deep.equal(['张伟']);
    });

    it('searches by Chinese and English name, case-insensitively, and by company', async () => {
      const memory = backend();
      expect((await memory.customers.search('陈静')).items.map((c) => c.id)).to.deep.equal([SEED_IDS.chenJing]);
      expect((await memory.customers.search('emily')).items.map((c) => c.id)).to.deep.equal([SEED_IDS.emilyCarter]);
      expect((await memory.customers.search('云途科技')).items.map((c) => c.id)).to.include(SEED_IDS.zhangWei);
    });

    it('finds a newly created customer by phone, with version 1 and trimmed name', async () => {
      const memory = backend();
      const created = await memory.customers.create(newCustomer, { idempotencyKey: 'create-1' });
      expect(created.name).to.equal('刘德明');
      expect(created.version).to.equal(1);
      expect(created.createdAt).to.equal(NOW.toISOString());
      const found = await memory.customers.findByPhone('+8613700001234');
      expect(found.map((customer) => customer.id)).to.deep.equal([created.id]);
    });

    it('a retry with the same idempotency key creates one customer', async () => {
      const memory = backend({ seed: 'empty' });
      const first = await memory.customers.create(newCustomer, { idempotencyKey: 'same-key' });
      const second = await memory.customers.create(newCustomer, { idempotencyKey: 'same-key' });
      expect(second).to.deep.equal(first);
      expect(memory.writeCount('customers.create')).to.equal(1);
      expect((await memory.customers.search('')).items).to.have.length(1);
    });

    it('refuses an idempotency key reused for a different body', async () => {
      const memory = backend();
      await memory.customers.create(newCustomer, { idempotencyKey: 'reused' });
      const error = await rejection(
        memory.customers.create({ ...newCustomer, name: '别人' }, { idempotencyKey: 'reused' }),
      );
      expect(error.code).to.equal('conflict');
      expect(error.message).to.equal('This idempotency key was already used for a different request');
      expect(memory.writeCount('customers.create')).to.equal(1);
    });

    it('remembers the newest idempotency keys only, as a server that expires them', async () => {
      const memory = backend({ seed: 'empty', idempotencyKeys: 3 });
      for (const key of ['k1', 'k2', 'k3', 'k4']) await memory.customers.create({ ...newCustomer, name: key }, { idempotencyKey: key });
      // k2 is still remembered: its retry is the same write, and other data under it is refused.
      await memory.customers.create({ ...newCustomer, name: 'k2' }, { idempotencyKey: 'k2' });
      expect((await rejection(memory.customers.create({ ...newCustomer, name: 'x' }, { idempotencyKey: 'k2' }))).code).to.equal('conflict');
      expect(memory.writeCount('customers.create')).to.equal(4);
      // k1 was the oldest of four: forgotten, a retry with it is a new write.
      await memory.customers.create({ ...newCustomer, name: 'k1' }, { idempotencyKey: 'k1' });
      expect(memory.writeCount('customers.create')).to.equal(5);
    });

    it('refuses an invalid customer with a message per field and writes nothing', async () => {
      const memory = backend({ seed: 'empty' });
      const error = await rejection(
        memory.customers.create(
          { name: '   ', phones: ['13800138000'], email: 'not-an-email', company: 'x'.repeat(201) },
          { idempotencyKey: 'invalid' },
        ),
      );
      expect(error.code).to.equal('validation');
      expect(error.status).to.equal(422);
      expect(Object.keys(error.fields)).to.have.members(['name', 'phones', 'email', 'company']);
      const noPhones = await rejection(
        memory.customers.create({ name: 'Ann', phones: [] }, { idempotencyKey: 'no-phones' }),
      );
      expect(noPhones.fields).to.have.property('phones');
      expect(memory.writeCount('customers.create')).to.equal(0);
    });

    it('an update with a stale expected version is a conflict, a current one bumps the version', async () => {
      const memory = backend();
      const current = await memory.customers.get(SEED_IDS.emilyCarter);
      const input: CustomerInput = { ...current, notes: 'Call after 10am PT' };
      const updated = await memory.customers.update(SEED_IDS.emilyCarter, input, {
        idempotencyKey: 'edit-1',
        expectedVersion: current.version,
      });
      expect(updated.version).to.equal(current.version + 1);
      expect(updated.notes).to.equal('Call after 10am PT');
      expect(updated.updatedAt).to.equal(NOW.toISOString());
      const error = await rejection(
        memory.customers.update(SEED_IDS.emilyCarter, { ...input, notes: 'late' }, {
          idempotencyKey: 'edit-2',
          expectedVersion: current.version,
        }),
      );
      expect(error.code).to.equal('conflict');
      expect((await memory.customers.get(SEED_IDS.emilyCarter)).notes).to.equal('Call after 10am PT');
    });

    it('pages through every customer with cursors, each exactly once', async () => {
      const memory = backend();
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: readonly Customer[]; nextCursor: string | null } = await memory.customers.search('', {
          cursor,
          limit: 7,
        });
        seen.push(...page.items.map((customer) => customer.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null);
      const total = createDefaultSeed(NOW).customers.length;
      expect(seen).to.have.length(total);
      expect(new Set(seen).size).to.equal(total);
      expect(pages).to.equal(Math.ceil(total / 7));
    });

    it('refuses a cursor it did not issue', async () => {
      const memory = backend();
      const error = await rejection(memory.customers.search('', { cursor: 'garbage!' }));
      expect(error.code).to.equal('validation');
    });
  });

  describe('records and tickets', () => {
    it('lists a customer timeline newest first and filters by kind', async () => {
      const memory = backend();
      const all = await memory.records.list(SEED_IDS.zhangWei, { limit: 100 });
      const instants = all.items.map((record) => record.at);
      expect(instants).to.deep.equal([...instants].sort().reverse());
      expect(new Set(all.items.map((record) => record.kind))).to.deep.equal(new Set(['chat', 'call', 'ticket']));
      const calls = await memory.records.list(SEED_IDS.zhangWei, { kinds: ['call'], limit: 100 });
      expect(calls.items.length).to.be.greaterThan(0);
      expect([...new Set(calls.items.map((record) => record.kind))]).to.deep.equal(['call']);
    });

    it('writes call titles in the locale it is given, asked again on every read', async () => {
      let locale = 'zh-CN';
      const memory = new MemoryBackend({ now: () => NOW, locale: () => locale });
      const zh = (await memory.records.list(SEED_IDS.zhangWei, { kinds: ['call'], limit: 100 })).items.map((r) => r.title);
      expect(zh.filter((title) => !/^呼[入出]电话（.+）$/.test(title)), 'titles not in Chinese').to.deep.equal([]);
      expect(zh.some((title) => /^呼[入出]电话（已接听，(\d+分\d\d秒|\d+秒)）$/.test(title)), `an answered call among ${zh.join(' | ')}`).to.equal(true);
      locale = 'en';
      const en = (await memory.records.list(SEED_IDS.zhangWei, { kinds: ['call'], limit: 100 })).items.map((r) => r.title);
      expect(en.filter((title) => !/^(Inbound|Outbound) call \(.+\)$/.test(title)), 'titles not in English').to.deep.equal([]);
    });

    it('a created ticket appears under its call, its customer and in the timeline', async () => {
      const memory = backend();
      const ticket = await memory.tickets.create(ticketInput(), { idempotencyKey: 'ticket-1' });
      expect(ticket.number).to.match(/^T-20261125-\d{4}$/);
      expect(ticket.status).to.equal('open');
      expect(ticket.createdBy).to.equal('agent-1001');
      const byCall = await memory.tickets.listByCall(SEED_IDS.latestCall);
      expect(byCall.items.map((item) => item.id)).to.deep.equal([ticket.id]);
      const byCustomer = await memory.tickets.listByCustomer(SEED_IDS.zhangWei);
      expect(byCustomer.items[0]?.id).to.equal(ticket.id);
      const records = await memory.records.list(SEED_IDS.zhangWei, { kinds: ['ticket'] });
      expect(records.items[0]?.refId).to.equal(ticket.id);
    });

    it('refuses a ticket missing a required custom field or with a malformed order number', async () => {
      const memory = backend();
      const error = await rejection(
        memory.tickets.create(ticketInput({ title: '', fields: { orderNumber: '12345' } }), {
          idempotencyKey: 'bad-ticket',
        }),
      );
      expect(error.code).to.equal('validation');
      expect(error.fields).to.have.keys(['title', 'fields.channel', 'fields.orderNumber']);
      expect(memory.writeCount('tickets.create')).to.equal(0);
    });
  });

  describe('calls', () => {
    it('reporting the same call twice updates one record and computes the durations', async () => {
      const memory = backend();
      const first = await memory.calls.report(report(), { idempotencyKey: 'report-1' });
      expect(first.customerId).to.equal(SEED_IDS.chenJing);
      expect(first.legs).to.have.length(1);
      expect(first.legs[0]?.agentName).to.equal('李娜');
      const second = await memory.calls.report(
        report({
          answeredAt: '2026-11-25T07:50:12.000Z',
          endedAt: '2026-11-25T07:55:12.000Z',
          outcome: 'answered',
          hangupBy: 'customer',
        }),
        { idempotencyKey: 'report-2' },
      );
      expect(second.id).to.equal(first.id);
      expect(second.version).to.equal(first.version + 1);
      expect(second.ringSeconds).to.equal(12);
      expect(second.talkSeconds).to.equal(300);
      expect(second.legs).to.have.length(1);
      const mine = await memory.calls.listByAgent('agent-1001', { limit: 100 });
      expect(mine.items.filter((call) => call.id === 'sip-call-77')).to.have.length(1);
      expect(mine.items[0]?.id).to.equal('sip-call-77');
    });

    it('a call from an unknown number stays unlinked until linkCustomer', async () => {
      const memory = backend();
      const events: PushEvent[] = [];
      memory.subscribe(['call.updated'], (event) => events.push(event));
      const call = await memory.calls.report(report({ customerNumber: SEED_IDS.unknownPhone }), {
        idempotencyKey: 'r',
      });
      expect(call.customerId).to.equal(null);
      const linked = await memory.calls.linkCustomer(call.id, SEED_IDS.zhangWei, { idempotencyKey: 'l' });
      expect(linked.customerId).to.equal(SEED_IDS.zhangWei);
      expect(events.map((event) => event.type)).to.deep.equal(['call.updated', 'call.updated']);
    });
  });

  describe('test controls', () => {
    it('failNext makes one call fail and the next one succeed', async () => {
      const memory = backend();
      memory.failNext('customers.findByPhone');
      const error = await rejection(memory.customers.findByPhone('+8613800138000'));
      expect(error.code).to.equal('server');
      expect(error.status).to.equal(503);
      expect(error.retryable, `${error.code} error retryable`).to.equal(true);
      expect(await memory.customers.findByPhone('+8613800138000')).to.have.length(1);
    });

    it('a failed write is not performed', async () => {
      const memory = backend({ seed: 'empty' });
      memory.failNext('customers.create', new AdapterError('network', 'Connection reset'));
      const error = await rejection(memory.customers.create(newCustomer, { idempotencyKey: 'k' }));
      expect(error.message).to.equal('Connection reset');
      expect(memory.writeCount('customers.create')).to.equal(0);
      expect(await memory.customers.findByPhone('+8613700001234')).to.deep.equal([]);
    });

    it('a write that timed out after reaching the backend is answered from the idempotency store on retry', async () => {
      const memory = backend();
      memory.failNext('tickets.create', new AdapterError('timeout', 'No answer in time'), 1, { afterWrite: true });
      const error = await rejection(memory.tickets.create(ticketInput(), { idempotencyKey: 'ticket-retry' }));
      expect(error.code).to.equal('timeout');
      const retried = await memory.tickets.create(ticketInput(), { idempotencyKey: 'ticket-retry' });
      expect(memory.writeCount('tickets.create')).to.equal(1);
      const byCall = await memory.tickets.listByCall(SEED_IDS.latestCall);
      expect(byCall.items.map((ticket) => ticket.id)).to.deep.equal([retried.id]);
    });

    it('aborting during the simulated latency rejects with aborted', async () => {
      const memory = backend({ latencyMs: 200 });
      const controller = new AbortController();
      const pending = memory.customers.get(SEED_IDS.zhangWei, { signal: controller.signal });
      setTimeout(() => controller.abort(), 10);
      const error = await rejection(pending);
      expect(error.code).to.equal('aborted');
      const already = await rejection(memory.agents.me({ signal: controller.signal }));
      expect(already.code).to.equal('aborted');
    });

    it('an aborted write is not performed', async () => {
      const memory = backend({ seed: 'empty' });
      memory.setLatency(100, 'customers.create');
      const controller = new AbortController();
      const pending = memory.customers.create(newCustomer, { idempotencyKey: 'a', signal: controller.signal });
      controller.abort();
      expect((await rejection(pending)).code).to.equal('aborted');
      expect(memory.writeCount('customers.create')).to.equal(0);
    });

    it('subscribers receive appended segments until they unsubscribe, and a throwing listener harms no one', async () => {
      const memory = backend();
      const received: string[] = [];
      const broken = memory.subscribe(['conversation.segment'], () => {
        throw new Error('listener bug');
      });
      const unsubscribe = memory.subscribe(['conversation.segment'], (event) => {
        if (event.type === 'conversation.segment') received.push(event.segment.text);
      });
      const segment = {
        id: 'seg-live-1',
        callId: SEED_IDS.latestCall,
        speaker: 'customer' as const,
        text: '还有一个问题',
        final: false,
        seq: 100,
        at: NOW.toISOString(),
      };
      memory.appendSegment(segment);
      memory.appendSegment({ ...segment, text: '还有一个问题想问一下', final: true });
      unsubscribe();
      broken();
      memory.appendSegment({ ...segment, id: 'seg-live-2', seq: 101, text: 'after' });
      expect(received).to.deep.equal(['还有一个问题', '还有一个问题想问一下']);
      const history = await memory.conversation.history(SEED_IDS.latestCall);
      const live = history.filter((item) => item.id === 'seg-live-1');
      expect(live).to.have.length(1);
      expect(live[0]).to.include({ final: true });
      expect(history.map((item) => item.seq)).to.deep.equal([...history.map((item) => item.seq)].sort((a, b) => a - b));
    });

    it('aborting the subscription signal stops the pushes', () => {
      const memory = backend();
      const controller = new AbortController();
      let count = 0;
      memory.subscribe(['customer.updated'], () => (count += 1), { signal: controller.signal });
      memory.emit({ type: 'customer.updated', customer: createDefaultSeed(NOW).customers[0] as Customer });
      controller.abort();
      memory.emit({ type: 'customer.updated', customer: createDefaultSeed(NOW).customers[0] as Customer });
      expect(count).to.equal(1);
    });
  });

  describe('summary, SMS, contact plans, configuration', () => {
    it('has no summary for a new call, then saves versions and refuses unknown statuses', async () => {
      const memory = backend();
      expect(await memory.summary.get(SEED_IDS.latestCall)).to.equal(null);
      const input = { status: 'follow-up', categoryId: 'cat-logistics-delivery-delay', templateId: null, remark: '加急', fields: {} };
      const saved = await memory.summary.save(SEED_IDS.latestCall, input, { idempotencyKey: 's1' });
      expect(saved.version).to.equal(1);
      const again = await memory.summary.save(SEED_IDS.latestCall, { ...input, status: 'resolved' }, {
        idempotencyKey: 's2',
        expectedVersion: 1,
      });
      expect(again.version).to.equal(2);
      const error = await rejection(
        memory.summary.save(SEED_IDS.latestCall, { ...input, status: 'maybe' }, { idempotencyKey: 's3' }),
      );
      expect(error.fields).to.have.property('status');
    });

    it('counts SMS segments: UCS-2 for a Chinese body, GSM-7 for an ASCII body', async () => {
      const memory = backend();
      const chinese = await memory.sms.send(
        {
          to: '+8613800138000',
          templateId: 'sms-missed-callback',
          variables: { name: '张伟', callTime: '11月25日 14:15', agent: '李娜（工号1001），如有其他问题请随时联系我们，祝您生活愉快' },
          callId: null,
          customerId: SEED_IDS.zhangWei,
        },
        { idempotencyKey: 'sms-zh' },
      );
      expect(chinese.status).to.equal('queued');
      expect(chinese.segments).to.equal(2);
      expect(memory.sentSms()[0]?.body).to.match(/^【云途客服】张伟您好/);
      const english = await memory.sms.send(
        {
          to: '+14155550123',
          templateId: 'sms-direct-line-en',
          variables: { name: 'Emily', agent: 'Li Na', phone: '+14155550100' },
          callId: null,
          customerId: null,
        },
        { idempotencyKey: 'sms-en' },
      );
      expect(english.segments).to.equal(1);
    });

    it('refuses an SMS with a missing variable and reports a carrier rejection for +86170 numbers', async () => {
      const memory = backend();
      const error = await rejection(
        memory.sms.send(
          { to: '+8613800138000', templateId: 'sms-ticket-created', variables: { name: '张伟' }, callId: null, customerId: null },
          { idempotencyKey: 'missing' },
        ),
      );
      expect(error.fields).to.have.property('variables.ticketNumber');
      const rejected = await memory.sms.send(
        {
          to: '+8617012345678',
          templateId: 'sms-ticket-created',
          variables: { name: '王先生', ticketNumber: 'T-20261125-0061' },
          callId: null,
          customerId: null,
        },
        { idempotencyKey: 'carrier' },
      );
      expect(rejected.status).to.equal('failed');
      expect(rejected.reason).to.equal('Carrier rejected the number');
    });

    it('lists contact plans by due time, creates one and refuses a due time before the start', async () => {
      const memory = backend();
      const pending = await memory.contactPlans.list({ assigneeId: 'agent-1001', statuses: ['pending'] });
      const dues = pending.items.map((plan) => plan.dueAt);
      expect(dues).to.deep.equal([...dues].sort());
      expect(pending.items.map((plan) => plan.dueAt).filter((dueAt) => dueAt < NOW.toISOString()), 'plans already due').to.not.be.empty;
      const input = {
        customerId: SEED_IDS.zhangWei,
        phone: '+8613800138000',
        callId: SEED_IDS.latestCall,
        startAt: '2026-11-26T06:00:00.000Z',
        dueAt: '2026-11-26T08:00:00.000Z',
        assigneeId: 'agent-1001',
        remark: '明天回电',
      };
      const plan = await memory.contactPlans.create(input, { idempotencyKey: 'p1' });
      const done = await memory.contactPlans.update(plan.id, { status: 'done' }, { idempotencyKey: 'p2' });
      expect(done.completedAt).to.equal(NOW.toISOString());
      const error = await rejection(
        memory.contactPlans.create({ ...input, dueAt: input.startAt }, { idempotencyKey: 'p3' }),
      );
      expect(error.fields).to.have.property('dueAt');
    });

    it('knows the signed-in agent and their phone settings', async () => {
      const memory = backend();
      expect((await memory.agents.me()).name).to.equal('李娜');
      const settings = await memory.agents.phoneSettings();
      expect(settings.extension).to.equal('1001');
      expect(settings.callerId.mode).to.equal('pool');
      expect(settings.callerId.numbers).to.have.length(3);
      expect(settings.breakReasons.map((reason) => reason.id)).to.deep.equal(['lunch', 'training', 'meeting']);
      const pages = await memory.dockingPages.list();
      expect(pages.map((page) => page.order)).to.deep.equal([1, 2, 3]);
    });

    it('an empty seed has no customers or calls but knows the agent, the schemas and the templates', async () => {
      const memory = backend({ seed: 'empty' });
      expect((await memory.customers.search('')).items).to.deep.equal([]);
      expect((await memory.calls.listByAgent('agent-1001')).items).to.deep.equal([]);
      expect((await memory.agents.me()).id).to.equal('agent-1001');
      expect((await memory.summary.schema()).statuses.length).to.equal(4);
      expect((await memory.sms.templates()).length).to.equal(4);
      const agents = await memory.agents.list({ limit: 4 });
      expect(agents.items).to.have.length(4);
      expect(agents.nextCursor).to.be.a('string');
    });

    it('returns copies: changing an answer does not change the backend', async () => {
      const memory = backend();
      const [customer] = await memory.customers.findByPhone('+8613800138000');
      (customer as { name: string }).name = 'hacked';
      (customer?.phones as string[]).push('+10000000000');
      const again = await memory.customers.get(SEED_IDS.zhangWei);
      expect(again.name).to.equal('张伟');
      expect(again.phones).to.not.include('+10000000000');
      const schema = await memory.tickets.schema();
      (schema.fields as unknown[]).length = 0;
      expect((await memory.tickets.schema()).fields.length).to.be.greaterThan(0);
    });

    it('the same clock gives the same seed', () => {
      expect(createDefaultSeed(NOW)).to.deep.equal(createDefaultSeed(new Date(NOW)));
    });
  });
  describe('phone bar extras', () => {
    it('queue stats answer agents.queueStats and are pushed as queue.stats', async () => {
      const memory = backend();
      const seen: PushEvent[] = [];
      const stop = memory.subscribe(['queue.stats'], (event) => seen.push(event));
      const stats = { at: '2026-11-25T02:00:00.000Z', queues: [{ id: 'q1', name: 'Billing', waiting: 3, longestWaitSeconds: 42 }] };
      memory.setQueueStats(stats);
      stop();
      expect(await memory.agents.queueStats!()).to.deep.equal(stats);
      expect(seen).to.deep.equal([{ type: 'queue.stats', stats }]);
    });

    it('the survey score the IVR reports lands on the call record and is pushed; a later report keeps it', async () => {
      const memory = backend();
      const report: CallReport = {
        id: 'call-survey-1', direction: 'inbound', customerNumber: '+8613800138000', displayNumber: null, agentId: 'agent-1001',
        startedAt: '2026-11-25T02:00:00.000Z', answeredAt: '2026-11-25T02:00:05.000Z', endedAt: '2026-11-25T02:03:00.000Z',
        hangupBy: 'agent', outcome: 'answered', endReason: 'transferred', survey: { offeredAt: '2026-11-25T02:03:00.000Z', mode: 'refer' },
      };
      await memory.calls.report(report, { idempotencyKey: 'k1' });
      const seen: PushEvent[] = [];
      const stop = memory.subscribe(['call.updated'], (event) => seen.push(event));
      memory.recordSurveyScore('call-survey-1', 4, 5);
      stop();
      expect(seen[0]?.type === 'call.updated' && seen[0].call.survey).to.deep.equal({ offeredAt: '2026-11-25T02:03:00.000Z', mode: 'refer', score: 4, maxScore: 5 });
      const again = await memory.calls.report({ ...report, survey: null }, { idempotencyKey: 'k2' });
      expect(again.survey?.score).to.equal(4);
      expect(again.endReason).to.equal('transferred');
    });
  });
});
