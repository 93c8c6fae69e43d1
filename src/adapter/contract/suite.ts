/**
 * The backend contract as one test suite: what every implementation of
 * {@link BackendAdapter} answers — the in-memory backend, the msw handlers
 * (through the REST adapter) and a REST backend over real HTTP. The same rules
 * are written down in docs/adapter.md and docs/rest-api.md / openapi.yaml.
 *
 * The suite makes its own records (a call per test, customers, tickets) and
 * needs of the backend only a signed-in agent and a summary schema whose
 * statuses, categories and templates may be empty.
 */
import { expect } from '@open-wc/testing';
import type { BackendAdapter } from '../backend-adapter.js';
import { AdapterError } from '../errors.js';
import type { CallReport, CustomerInput, FieldValue, ServiceSummaryInput } from '../types.js';

/** One implementation under test. */
export interface ContractTarget {
  readonly adapter: BackendAdapter;
  /**
   * For HTTP targets: a raw request below the base URL (auth added), to check
   * what only HTTP shows (status codes, headers).
   */
  readonly http?: (method: string, path: string, init?: { body?: unknown; headers?: Record<string, string> }) => Promise<Response>;
}

/** The AdapterError `promise` rejects with; fails, naming what it resolved with, when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<AdapterError> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    expect(error, 'the rejection').to.be.instanceOf(AdapterError);
    return error as AdapterError;
  }
  throw new Error(`expected a rejection, but it resolved with ${JSON.stringify(value)?.slice(0, 300)}`);
}

const key = (): string => crypto.randomUUID();
const unknownId = (): string => `unknown-${crypto.randomUUID()}`;

const summaryInput = (remark: string): ServiceSummaryInput => ({
  status: null,
  categoryId: null,
  templateId: null,
  remark,
  fields: {},
});

let phoneCounter = 0;
/** A number no seeded customer has: +86 139 then 8 digits. */
function freshPhone(): string {
  phoneCounter += 1;
  const digits = String((Date.now() * 7 + phoneCounter) % 100_000_000).padStart(8, '0');
  return `+86139${digits}`;
}

const customerInput = (name: string, phone = freshPhone()): CustomerInput => ({
  name,
  phones: [phone],
  email: null,
  company: null,
  address: null,
  level: 'normal',
  tags: [],
  notes: null,
});

export interface ContractSuiteOptions {
  /** Runs once, before the first test. */
  readonly setup: () => Promise<ContractTarget>;
  readonly teardown?: () => Promise<void> | void;
  /** The target is an HTTP backend: also run the checks only HTTP shows (its `http` is then required). */
  readonly overHttp?: boolean;
}

/** Registers the contract suite for one target. */
export function contractSuite(name: string, { setup, teardown, overHttp = false }: ContractSuiteOptions): void {
  describe(`backend contract: ${name}`, function () {
    let target: ContractTarget;
    let api: BackendAdapter;
    let agentId: string;

    before(async function () {
      this.timeout(20_000);
      target = await setup();
      api = target.adapter;
      agentId = (await api.agents.me()).id;
    });

    after(async () => {
      await teardown?.();
    });

    function report(id: string, changes: Partial<CallReport> = {}): CallReport {
      return {
        id,
        direction: 'inbound',
        customerNumber: '+8613900000001',
        displayNumber: null,
        agentId,
        startedAt: '2026-11-25T02:00:00.000Z',
        answeredAt: null,
        endedAt: null,
        hangupBy: null,
        outcome: null,
        ...changes,
      };
    }

    async function newCall(): Promise<string> {
      const id = `contract-${crypto.randomUUID()}`;
      await api.calls.report(report(id), { idempotencyKey: key() });
      return id;
    }

    describe('unknown ids', () => {
      it('a call that was never reported is not-found on every call route, never an empty answer', async () => {
        const id = unknownId();
        const answers = await Promise.all([
          rejection(api.calls.get(id)),
          rejection(api.summary.get(id)),
          rejection(api.summary.save(id, summaryInput('x'), { idempotencyKey: key(), expectedVersion: 0 })),
          rejection(api.conversation.history(id)),
          rejection(api.tickets.listByCall(id)),
          rejection(api.calls.linkCustomer(id, null, { idempotencyKey: key() })),
        ]);
        expect(answers.map((error) => error.code)).to.deep.equal(Array(6).fill('not-found'));
      });

      it('unknown customers, chats, tickets, agents and contact plans are not-found', async () => {
        const answers = await Promise.all([
          rejection(api.customers.get(unknownId())),
          rejection(api.customers.update(unknownId(), customerInput('无人'), { idempotencyKey: key() })),
          rejection(api.records.list(unknownId())),
          rejection(api.records.getChat(unknownId())),
          rejection(api.tickets.get(unknownId())),
          rejection(api.tickets.listByCustomer(unknownId())),
          rejection(api.calls.listByAgent(unknownId())),
          rejection(api.contactPlans.update(unknownId(), { status: 'done' }, { idempotencyKey: key() })),
        ]);
        expect(answers.map((error) => error.code)).to.deep.equal(Array(8).fill('not-found'));
      });

      it('a reported call without a summary, transcript or tickets answers null and empty lists', async () => {
        const id = await newCall();
        expect(await api.summary.get(id)).to.equal(null);
        expect(await api.conversation.history(id)).to.deep.equal([]);
        expect(await api.tickets.listByCall(id)).to.deep.equal({ items: [], nextCursor: null });
        expect(await api.calls.get(id)).to.include({ id, agentId, version: 1 });
      });

      it('an unknown customer in a link body is a validation error naming customerId', async () => {
        const id = await newCall();
        const error = await rejection(api.calls.linkCustomer(id, unknownId(), { idempotencyKey: key() }));
        expect(error.code).to.equal('validation');
        expect(Object.keys(error.fields)).to.include('customerId');
      });
    });

    describe('idempotency keys', () => {
      it('the same report twice with one key is performed once and answered with the first result', async () => {
        const id = `contract-${crypto.randomUUID()}`;
        const once = key();
        const first = await api.calls.report(report(id), { idempotencyKey: once });
        const again = await api.calls.report(report(id), { idempotencyKey: once });
        expect(again).to.deep.equal(first);
        expect((await api.calls.get(id)).version).to.equal(1);
        const next = await api.calls.report(report(id, { answeredAt: '2026-11-25T02:00:05.000Z' }), { idempotencyKey: key() });
        expect(next.version).to.equal(2);
      });

      it('a customer created twice with one key exists once; the key with other data is a conflict', async () => {
        const once = key();
        const input = customerInput('契约测试');
        const first = await api.customers.create(input, { idempotencyKey: once });
        const again = await api.customers.create(input, { idempotencyKey: once });
        expect(again.id).to.equal(first.id);
        expect((await api.customers.findByPhone(input.phones[0]!)).map((c) => c.id)).to.deep.equal([first.id]);
        const reused = await rejection(api.customers.create(customerInput('别人', freshPhone()), { idempotencyKey: once }));
        expect(reused.code).to.equal('conflict');
      });

      it('a ticket created twice with one key is one ticket of the call', async () => {
        const callId = await newCall();
        const once = key();
        // The backend's own required custom fields get a value their type takes.
        const fields: Record<string, FieldValue> = {};
        for (const field of (await api.tickets.schema()).fields.filter((f) => f.required)) {
          const option = field.options?.[0]?.value;
          fields[field.key] =
            field.type === 'number' ? (field.min ?? 1)
            : field.type === 'checkbox' ? true
            : field.type === 'multiselect' ? [option ?? 'x']
            : (option ?? 'x');
        }
        const input = { title: '退款', description: '', priority: 'normal' as const, categoryId: null, assigneeId: null, customerId: null, callId, fields };
        const first = await api.tickets.create(input, { idempotencyKey: once });
        const again = await api.tickets.create(input, { idempotencyKey: once });
        expect(again.id).to.equal(first.id);
        expect((await api.tickets.listByCall(callId)).items.map((t) => t.id)).to.deep.equal([first.id]);
      });
    });

    describe('summary concurrency (If-Match)', () => {
      it('expectedVersion 0 creates version 1; a second create is a conflict and changes nothing', async () => {
        const callId = await newCall();
        const created = await api.summary.save(callId, summaryInput('first'), { idempotencyKey: key(), expectedVersion: 0 });
        expect(created).to.include({ callId, remark: 'first', version: 1 });
        const late = await rejection(api.summary.save(callId, summaryInput('second'), { idempotencyKey: key(), expectedVersion: 0 }));
        expect(late.code).to.equal('conflict');
        expect(await api.summary.get(callId)).to.include({ remark: 'first', version: 1 });
      });

      it('expectedVersion n updates version n to n + 1; a stale n is a conflict', async () => {
        const callId = await newCall();
        await api.summary.save(callId, summaryInput('v1'), { idempotencyKey: key(), expectedVersion: 0 });
        const updated = await api.summary.save(callId, summaryInput('v2'), { idempotencyKey: key(), expectedVersion: 1 });
        expect(updated).to.include({ remark: 'v2', version: 2 });
        const stale = await rejection(api.summary.save(callId, summaryInput('stale'), { idempotencyKey: key(), expectedVersion: 1 }));
        expect(stale.code).to.equal('conflict');
        const ahead = await rejection(api.summary.save(callId, summaryInput('ahead'), { idempotencyKey: key(), expectedVersion: 5 }));
        expect(ahead.code).to.equal('conflict');
        expect(await api.summary.get(callId)).to.include({ remark: 'v2', version: 2 });
      });

      it('updating a summary that does not exist yet (expectedVersion 1) is a conflict', async () => {
        const callId = await newCall();
        const error = await rejection(api.summary.save(callId, summaryInput('x'), { idempotencyKey: key(), expectedVersion: 1 }));
        expect(error.code).to.equal('conflict');
        expect(await api.summary.get(callId)).to.equal(null);
      });

      it('without expectedVersion the save wins whatever is stored', async () => {
        const callId = await newCall();
        await api.summary.save(callId, summaryInput('v1'), { idempotencyKey: key(), expectedVersion: 0 });
        const forced = await api.summary.save(callId, summaryInput('forced'), { idempotencyKey: key() });
        expect(forced).to.include({ remark: 'forced', version: 2 });
      });

      it('a repeated key is answered with its first result before any version check, never a conflict', async () => {
        const callId = await newCall();
        const once = key();
        const first = await api.summary.save(callId, summaryInput('v1'), { idempotencyKey: once, expectedVersion: 0 });
        await api.summary.save(callId, summaryInput('v2'), { idempotencyKey: key(), expectedVersion: 1 });
        const replay = await api.summary.save(callId, summaryInput('v1'), { idempotencyKey: once, expectedVersion: 0 });
        expect(replay).to.deep.equal(first);
        expect(await api.summary.get(callId)).to.include({ remark: 'v2', version: 2 });
      });

      it('a customer update with a stale expectedVersion is a conflict', async () => {
        const created = await api.customers.create(customerInput('版本'), { idempotencyKey: key() });
        const updated = await api.customers.update(created.id, { ...customerInput('版本二', created.phones[0]) }, { idempotencyKey: key(), expectedVersion: created.version });
        expect(updated.version).to.equal(created.version + 1);
        const stale = await rejection(api.customers.update(created.id, customerInput('旧', created.phones[0]), { idempotencyKey: key(), expectedVersion: created.version }));
        expect(stale.code).to.equal('conflict');
      });
    });

    if (overHttp) describe('over HTTP', () => {
      it('answers 400 to a write without Idempotency-Key, 404 to an unknown call and 409 (or 412) to a stale If-Match', async () => {
        const http = target.http;
        if (!http) throw new Error('an HTTP target must give `http`');
        const callId = await newCall();
        const path = `/calls/${encodeURIComponent(callId)}/summary`;
        const noKey = await http('PUT', path, { body: summaryInput('x'), headers: { 'If-Match': '0' } });
        expect(noKey.status, 'no Idempotency-Key').to.equal(400);
        const unknown = await http('GET', `/calls/${encodeURIComponent(unknownId())}/summary`);
        expect(unknown.status, 'unknown call').to.equal(404);
        expect(((await unknown.json()) as { error?: { code?: string } }).error?.code).to.equal('not-found');
        const none = await http('GET', path);
        expect([200, 204], 'known call without a summary').to.include(none.status);
        if (none.status === 200) expect(await none.json()).to.equal(null);
        const created = await http('PUT', path, { body: summaryInput('v1'), headers: { 'If-Match': '0', 'Idempotency-Key': key() } });
        expect(created.status, 'create with If-Match: 0').to.equal(200);
        const again = await http('PUT', path, { body: summaryInput('v1b'), headers: { 'If-Match': '0', 'Idempotency-Key': key() } });
        expect([409, 412], 'second create with If-Match: 0').to.include(again.status);
        const bad = await http('PUT', path, { body: summaryInput('x'), headers: { 'If-Match': 'abc', 'Idempotency-Key': key() } });
        expect(bad.status, 'If-Match that is not a version').to.equal(400);
      });
    });
  });
}
