/**
 * The backend contract as checks, route by route: what every implementation of
 * {@link BackendAdapter} answers (unknown ids, idempotency keys, versions, the
 * HTTP statuses). The same checks run in callpop's own tests — against the
 * in-memory backend, the msw handlers and a strict HTTP server — and against a
 * CRM's REST backend with `npx callpop contract-test <baseUrl> --token <token>`.
 * The rules are those of docs/adapter.md, docs/rest-api.md and docs/openapi.yaml.
 *
 * The checks make their own records (a call per check, customers, tickets) and
 * need of the backend only a signed-in agent (`agents.me`).
 *
 * @module callpop/contract
 */
import type { BackendAdapter } from '../backend-adapter.js';
import { AdapterError } from '../errors.js';
import { createRestAdapter } from '../rest/rest-adapter.js';
import type { CallReport, CategoryNode, CustomerInput, FieldValue, ServiceSummaryInput } from '../types.js';
import { withValidation } from '../validated-adapter.js';

/** A raw request below the base URL (auth added), for what only HTTP shows. */
export type RawHttp = (
  method: string,
  path: string,
  init?: { readonly body?: unknown; readonly headers?: Readonly<Record<string, string>>; readonly signal?: AbortSignal },
) => Promise<Response>;

/** One implementation under test. */
export interface ContractTarget {
  readonly adapter: BackendAdapter;
  /** Set for an HTTP backend: the checks of statuses and headers run too. */
  readonly http?: RawHttp;
}

/** What a check works with. */
export interface ContractContext {
  readonly api: BackendAdapter;
  readonly http: RawHttp | undefined;
  /** The signed-in agent's id (from `agents.me`). */
  readonly agentId: string;
  /** When the checks' calls started (the time the checks began), ISO 8601. */
  readonly startedAt: string;
  /** A call report for a new or known call id. */
  report(id: string, changes?: Partial<CallReport>): CallReport;
  /** Reports a new call and returns its id. */
  newCall(): Promise<string>;
}

/** One rule of the contract, on one route. */
export interface ContractCheck {
  /** `PUT /calls/{id}/summary` — the route (or routes) the rule is about. */
  readonly route: string;
  /** What the backend must do there. */
  readonly rule: string;
  /** Only for HTTP targets. */
  readonly httpOnly?: boolean;
  run(context: ContractContext): Promise<void>;
}

/** A check the backend did not pass: says what was expected and what was seen. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

function show(value: unknown): string {
  if (value instanceof AdapterError) return `${value.code}${value.status ? ` (${value.status})` : ''}: ${value.message}`;
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/** JSON with sorted keys, to compare answers. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.keys(inner).sort().map((key) => [key, (inner as Record<string, unknown>)[key]]))
      : inner,
  );
}

/** Fails unless `seen` equals `expected` (deeply). */
export function expectSame(seen: unknown, expected: unknown, what: string): void {
  if (canonical(seen) !== canonical(expected)) throw new ContractViolation(`${what}: expected ${show(expected)}, saw ${show(seen)}`);
}

/** Fails unless `seen` has every key of `expected` with its value. */
export function expectFields(seen: unknown, expected: Readonly<Record<string, unknown>>, what: string): void {
  const record = (seen ?? {}) as Record<string, unknown>;
  const wrong = Object.keys(expected).filter((key) => canonical(record[key]) !== canonical(expected[key]));
  if (seen === null || typeof seen !== 'object' || wrong.length > 0) {
    throw new ContractViolation(`${what}: expected ${show(expected)}, saw ${show(seen)}`);
  }
}

/** Fails unless `promise` rejects with an AdapterError of `code`; returns it. */
export async function expectRefusal(promise: Promise<unknown>, code: AdapterError['code'], what: string): Promise<AdapterError> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    if (!(error instanceof AdapterError)) throw new ContractViolation(`${what}: expected ${code}, saw ${String(error)}`);
    if (error.code !== code) throw new ContractViolation(`${what}: expected ${code}, saw ${show(error)}`);
    return error;
  }
  throw new ContractViolation(`${what}: expected ${code}, but it succeeded with ${show(value)}`);
}

const key = (): string => crypto.randomUUID();
const unknownId = (): string => `unknown-${crypto.randomUUID()}`;
const enc = encodeURIComponent;

const summaryInput = (remark: string): ServiceSummaryInput => ({ status: null, categoryId: null, templateId: null, remark, fields: {} });

/** The first leaf of a category tree, depth first. */
function firstLeaf(nodes: readonly CategoryNode[]): string | null {
  for (const node of nodes) {
    if (!node.children || node.children.length === 0) return node.id;
    const leaf = firstLeaf(node.children);
    if (leaf) return leaf;
  }
  return null;
}

let phoneCounter = 0;
/** A number no seeded customer has: +86 139 then 8 digits. */
function freshPhone(): string {
  phoneCounter += 1;
  return `+86139${String((Date.now() * 7 + phoneCounter) % 100_000_000).padStart(8, '0')}`;
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

/** Unknown ids: `not-found` (404) for the thing named in the path. */
function unknown(route: string, call: (api: BackendAdapter) => Promise<unknown>, what = 'an unknown id'): ContractCheck {
  return {
    route,
    rule: `${what} is not-found (404)`,
    async run({ api }) {
      await expectRefusal(call(api), 'not-found', `${route} with ${what}`);
    },
  };
}

async function status(response: Response): Promise<{ status: number; code: string | undefined }> {
  const text = await response.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } } | null)?.error?.code;
  } catch {
    code = undefined;
  }
  return { status: response.status, code };
}

function expectStatus(seen: number, expected: readonly number[], what: string): void {
  if (!expected.includes(seen)) throw new ContractViolation(`${what}: expected ${expected.join(' or ')}, saw ${seen}`);
}

/** Every check of the contract, in the order they run. */
export const CONTRACT_CHECKS: readonly ContractCheck[] = [
  // ------------------------------------------------------------ unknown ids
  unknown('GET /calls/{id}', (api) => api.calls.get(unknownId()), 'a call never reported'),
  unknown('GET /calls/{id}/summary', (api) => api.summary.get(unknownId()), 'a call never reported (not `null`)'),
  unknown(
    'PUT /calls/{id}/summary',
    (api) => api.summary.save(unknownId(), summaryInput('x'), { idempotencyKey: key(), expectedVersion: 0 }),
    'a call never reported',
  ),
  unknown('GET /calls/{id}/conversation', (api) => api.conversation.history(unknownId()), 'a call never reported (not an empty list)'),
  unknown('GET /calls/{id}/tickets', (api) => api.tickets.listByCall(unknownId()), 'a call never reported (not an empty page)'),
  unknown('PUT /calls/{id}/customer', (api) => api.calls.linkCustomer(unknownId(), null, { idempotencyKey: key() }), 'a call never reported'),
  unknown('GET /customers/{id}', (api) => api.customers.get(unknownId())),
  unknown('PUT /customers/{id}', (api) => api.customers.update(unknownId(), customerInput('无人'), { idempotencyKey: key() })),
  unknown('GET /customers/{id}/records', (api) => api.records.list(unknownId()), 'an unknown customer'),
  unknown('GET /customers/{id}/tickets', (api) => api.tickets.listByCustomer(unknownId()), 'an unknown customer'),
  unknown('GET /chats/{id}', (api) => api.records.getChat(unknownId())),
  unknown('GET /tickets/{id}', (api) => api.tickets.get(unknownId())),
  unknown('GET /agents/{id}/calls', (api) => api.calls.listByAgent(unknownId()), 'an unknown agent'),
  unknown('PATCH /contact-plans/{id}', (api) => api.contactPlans.update(unknownId(), { status: 'done' }, { idempotencyKey: key() })),
  {
    route: 'GET /calls/{id}/summary',
    rule: 'a reported call without a summary answers null (and /conversation [], /tickets an empty page)',
    async run({ api, newCall, agentId }) {
      const id = await newCall();
      expectSame(await api.summary.get(id), null, 'the summary of a new call');
      expectSame(await api.conversation.history(id), [], 'the conversation of a new call');
      expectSame(await api.tickets.listByCall(id), { items: [], nextCursor: null }, 'the tickets of a new call');
      expectFields(await api.calls.get(id), { id, agentId, version: 1 }, 'the new call');
    },
  },
  {
    route: 'PUT /calls/{id}/customer',
    rule: 'an unknown customerId in the body is a validation error (422) naming customerId',
    async run({ api, newCall }) {
      const id = await newCall();
      const error = await expectRefusal(api.calls.linkCustomer(id, unknownId(), { idempotencyKey: key() }), 'validation', 'linking an unknown customer');
      if (!Object.keys(error.fields).includes('customerId')) {
        throw new ContractViolation(`linking an unknown customer: expected a field message for customerId, saw ${show(error.fields)}`);
      }
    },
  },

  // ------------------------------------------------------- idempotency keys
  {
    route: 'PUT /calls/{id}',
    rule: 'the same report twice with one key is performed once and answered with the first result',
    async run({ api, report, startedAt }) {
      const id = `contract-${crypto.randomUUID()}`;
      const once = key();
      const first = await api.calls.report(report(id), { idempotencyKey: once });
      expectSame(await api.calls.report(report(id), { idempotencyKey: once }), first, 'the repeated report');
      expectFields(await api.calls.get(id), { version: 1 }, 'the call after a repeated report');
      const answeredAt = new Date(Date.parse(startedAt) + 5000).toISOString();
      const next = await api.calls.report(report(id, { answeredAt }), { idempotencyKey: key() });
      expectFields(next, { version: 2 }, 'the call after a second report with a new key');
    },
  },
  {
    route: 'POST /customers',
    rule: 'one key twice creates one customer; the key with other data is a conflict (409)',
    async run({ api }) {
      const once = key();
      const input = customerInput('契约测试');
      const first = await api.customers.create(input, { idempotencyKey: once });
      const again = await api.customers.create(input, { idempotencyKey: once });
      expectSame(again.id, first.id, 'the id of the repeated create');
      expectSame((await api.customers.findByPhone(input.phones[0]!)).map((c) => c.id), [first.id], 'the customers with the new number');
      await expectRefusal(api.customers.create(customerInput('别人'), { idempotencyKey: once }), 'conflict', 'the key reused for another customer');
    },
  },
  {
    route: 'POST /tickets',
    rule: 'one key twice creates one ticket of the call',
    async run({ api, newCall }) {
      const callId = await newCall();
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
      const once = key();
      const first = await api.tickets.create(input, { idempotencyKey: once });
      expectSame((await api.tickets.create(input, { idempotencyKey: once })).id, first.id, 'the id of the repeated create');
      expectSame((await api.tickets.listByCall(callId)).items.map((t) => t.id), [first.id], 'the tickets of the call');
    },
  },

  // ------------------------------------------------- versions (If-Match)
  {
    route: 'PUT /calls/{id}/summary',
    rule: 'If-Match 0 creates version 1; a second create is a conflict (409) and changes nothing',
    async run({ api, newCall }) {
      const callId = await newCall();
      expectFields(
        await api.summary.save(callId, summaryInput('first'), { idempotencyKey: key(), expectedVersion: 0 }),
        { callId, remark: 'first', version: 1 },
        'the created summary',
      );
      await expectRefusal(api.summary.save(callId, summaryInput('second'), { idempotencyKey: key(), expectedVersion: 0 }), 'conflict', 'a second create');
      expectFields(await api.summary.get(callId), { remark: 'first', version: 1 }, 'the summary after a refused create');
    },
  },
  {
    route: 'PUT /calls/{id}/summary',
    rule: 'If-Match n updates version n to n + 1; any other version is a conflict (409)',
    async run({ api, newCall }) {
      const callId = await newCall();
      await api.summary.save(callId, summaryInput('v1'), { idempotencyKey: key(), expectedVersion: 0 });
      expectFields(await api.summary.save(callId, summaryInput('v2'), { idempotencyKey: key(), expectedVersion: 1 }), { remark: 'v2', version: 2 }, 'the update');
      await expectRefusal(api.summary.save(callId, summaryInput('stale'), { idempotencyKey: key(), expectedVersion: 1 }), 'conflict', 'a stale version');
      await expectRefusal(api.summary.save(callId, summaryInput('ahead'), { idempotencyKey: key(), expectedVersion: 5 }), 'conflict', 'a version ahead');
      expectFields(await api.summary.get(callId), { remark: 'v2', version: 2 }, 'the summary after refused updates');
    },
  },
  {
    route: 'PUT /calls/{id}/summary',
    rule: 'If-Match 1 on a call without a summary is a conflict (409)',
    async run({ api, newCall }) {
      const callId = await newCall();
      await expectRefusal(api.summary.save(callId, summaryInput('x'), { idempotencyKey: key(), expectedVersion: 1 }), 'conflict', 'an update of no summary');
      expectSame(await api.summary.get(callId), null, 'the summary after a refused update');
    },
  },
  {
    route: 'PUT /calls/{id}/summary',
    rule: 'without If-Match the save wins whatever is stored',
    async run({ api, newCall }) {
      const callId = await newCall();
      await api.summary.save(callId, summaryInput('v1'), { idempotencyKey: key(), expectedVersion: 0 });
      expectFields(await api.summary.save(callId, summaryInput('forced'), { idempotencyKey: key() }), { remark: 'forced', version: 2 }, 'the unconditional save');
    },
  },
  {
    route: 'PUT /calls/{id}/summary',
    rule: 'a repeated key is answered with its first result before any version check, never a conflict',
    async run({ api, newCall }) {
      const callId = await newCall();
      const once = key();
      const first = await api.summary.save(callId, summaryInput('v1'), { idempotencyKey: once, expectedVersion: 0 });
      await api.summary.save(callId, summaryInput('v2'), { idempotencyKey: key(), expectedVersion: 1 });
      expectSame(await api.summary.save(callId, summaryInput('v1'), { idempotencyKey: once, expectedVersion: 0 }), first, 'the repeated save');
      expectFields(await api.summary.get(callId), { remark: 'v2', version: 2 }, 'the summary after the repeat');
    },
  },
  {
    route: 'PUT /customers/{id}',
    rule: 'If-Match of the current version updates (version + 1); a stale one is a conflict (409)',
    async run({ api }) {
      const created = await api.customers.create(customerInput('版本'), { idempotencyKey: key() });
      const phone = created.phones[0];
      const updated = await api.customers.update(created.id, customerInput('版本二', phone), { idempotencyKey: key(), expectedVersion: created.version });
      expectSame(updated.version, created.version + 1, 'the version after an update');
      await expectRefusal(api.customers.update(created.id, customerInput('旧', phone), { idempotencyKey: key(), expectedVersion: created.version }), 'conflict', 'a stale version');
    },
  },

  // ------------------------------------------- answers in the documented shape
  // The REST target validates every answer against the contract: a wrong shape fails as
  // invalid-response naming the field (`customers.get.phones.0: expected …`).
  {
    route: 'GET /agents/me',
    rule: 'answers the signed-in agent',
    async run({ api, agentId }) {
      expectFields(await api.agents.me(), { id: agentId }, 'the signed-in agent');
    },
  },
  {
    route: 'GET /agents',
    rule: 'answers a page of agents',
    async run({ api }) {
      const page = await api.agents.list({ limit: 1 });
      if (page.items.length > 1) throw new ContractViolation(`a page with limit 1: expected at most 1 agent, saw ${page.items.length}`);
    },
  },
  {
    route: 'GET /agents/me/phone-settings',
    rule: "answers the agent's phone settings",
    async run({ api }) {
      await api.agents.phoneSettings();
    },
  },
  {
    route: 'PUT /agents/me/status',
    rule: 'takes the agent status, answers it with since; the same key again answers the first result',
    async run({ api }) {
      const idempotencyKey = `contract-${crypto.randomUUID()}`;
      const first = await api.agents.setStatus({ status: 'busy', breakReasonId: null }, { idempotencyKey });
      if (first.status !== 'busy' || first.breakReasonId !== null) {
        throw new ContractViolation(`expected { status: busy, breakReasonId: null }, saw ${JSON.stringify(first)}`);
      }
      const again = await api.agents.setStatus({ status: 'busy', breakReasonId: null }, { idempotencyKey });
      if (again.since !== first.since) throw new ContractViolation(`a repeated key answered since ${again.since}, the first ${first.since}`);
    },
  },
  {
    route: 'GET /agents/{id}/calls',
    rule: "lists the agent's calls newest first, a call just reported among the first",
    async run({ api, agentId, report }) {
      const id = `contract-${crypto.randomUUID()}`;
      // Started now: later than every call the checks made before.
      await api.calls.report(report(id, { startedAt: new Date().toISOString() }), { idempotencyKey: key() });
      const page = await api.calls.listByAgent(agentId, { limit: 20 });
      const instants = page.items.map((call) => call.startedAt);
      expectSame(instants, [...instants].sort().reverse(), 'the start times, newest first');
      if (!page.items.some((call) => call.id === id)) {
        throw new ContractViolation(`the first page: expected the call just reported (${id}), saw ${show(page.items.map((c) => c.id))}`);
      }
    },
  },
  {
    route: 'GET /customers',
    rule: 'a number nobody has answers an empty list',
    async run({ api }) {
      expectSame(await api.customers.findByPhone(freshPhone()), [], 'the customers with an unused number');
    },
  },
  {
    route: 'GET /customers/search',
    rule: 'finds a customer by any part of the number',
    async run({ api }) {
      const created = await api.customers.create(customerInput('搜索'), { idempotencyKey: key() });
      const part = created.phones[0]!.slice(-8);
      const page = await api.customers.search(part, { limit: 20 });
      if (!page.items.some((c) => c.id === created.id)) {
        throw new ContractViolation(`searching "${part}": expected customer ${created.id}, saw ${show(page.items.map((c) => c.id))}`);
      }
    },
  },
  {
    route: 'GET /customers/{id}',
    rule: 'answers the customer as created',
    async run({ api }) {
      const created = await api.customers.create(customerInput('读取'), { idempotencyKey: key() });
      expectSame(await api.customers.get(created.id), created, 'the customer read back');
    },
  },
  {
    route: 'GET /customers/{id}/records',
    rule: 'answers a page for a known customer',
    async run({ api }) {
      const created = await api.customers.create(customerInput('记录'), { idempotencyKey: key() });
      await api.records.list(created.id, { limit: 5 });
    },
  },
  {
    route: 'GET /customers/{id}/tickets',
    rule: 'answers a page for a known customer',
    async run({ api }) {
      const created = await api.customers.create(customerInput('工单'), { idempotencyKey: key() });
      expectSame(await api.tickets.listByCustomer(created.id), { items: [], nextCursor: null }, 'the tickets of a new customer');
    },
  },
  {
    route: 'GET /tickets/schema',
    rule: 'answers the ticket form',
    async run({ api }) {
      await api.tickets.schema();
    },
  },
  {
    route: 'GET /summary/schema',
    rule: 'answers the summary form',
    async run({ api }) {
      await api.summary.schema();
    },
  },
  {
    route: 'GET /sms/templates',
    rule: 'answers the SMS templates',
    async run({ api }) {
      await api.sms.templates();
    },
  },
  {
    route: 'GET /docking-pages',
    rule: 'answers the docking pages',
    async run({ api }) {
      await api.dockingPages.list();
    },
  },
  {
    route: 'POST /contact-plans',
    rule: 'creates a pending plan (then PATCH cancels it, version + 1)',
    async run({ api, agentId, startedAt }) {
      const dueAt = new Date(Date.parse(startedAt) + 86_400_000).toISOString();
      const plan = await api.contactPlans.create(
        { customerId: null, phone: freshPhone(), callId: null, startAt: startedAt, dueAt, assigneeId: agentId, remark: 'callpop contract-test' },
        { idempotencyKey: key() },
      );
      expectFields(plan, { status: 'pending', assigneeId: agentId }, 'the created plan');
      const cancelled = await api.contactPlans.update(plan.id, { status: 'cancelled' }, { idempotencyKey: key() });
      expectFields(cancelled, { id: plan.id, status: 'cancelled', version: plan.version + 1 }, 'the cancelled plan');
    },
  },
  {
    route: 'GET /contact-plans',
    rule: "answers a page of the agent's plans",
    async run({ api, agentId }) {
      const page = await api.contactPlans.list({ assigneeId: agentId, statuses: ['pending'], limit: 5 });
      const others = page.items.filter((plan) => plan.assigneeId !== agentId || plan.status !== 'pending');
      expectSame(others.map((plan) => plan.id), [], 'plans of another agent or status');
    },
  },

  // ---------------------------------------------------------- HTTP statuses
  {
    route: 'PUT /calls/{id}/summary',
    rule: 'a write without Idempotency-Key is 400',
    httpOnly: true,
    async run({ http, newCall }) {
      const answer = await status(await http!('PUT', `/calls/${enc(await newCall())}/summary`, { body: summaryInput('x'), headers: { 'If-Match': '0' } }));
      expectStatus(answer.status, [400], 'the status of a write without Idempotency-Key');
    },
  },
  {
    route: 'GET /calls/{id}/summary',
    rule: 'an unknown call is 404 with error.code not-found; a known call without a summary is 200 null or 204',
    httpOnly: true,
    async run({ http, newCall }) {
      const unknownCall = await status(await http!('GET', `/calls/${enc(unknownId())}/summary`));
      expectStatus(unknownCall.status, [404], 'the status for an unknown call');
      expectSame(unknownCall.code, 'not-found', 'error.code for an unknown call');
      const none = await http!('GET', `/calls/${enc(await newCall())}/summary`);
      expectStatus(none.status, [200, 204], 'the status for a call without a summary');
      if (none.status === 200) expectSame(await none.json(), null, 'the body for a call without a summary');
    },
  },
  {
    route: 'PUT /calls/{id}/summary',
    rule: 'If-Match: 0 answers 200 the first time, 409 (or 412) when a summary exists; If-Match: abc is 400',
    httpOnly: true,
    async run({ http, newCall }) {
      const path = `/calls/${enc(await newCall())}/summary`;
      const put = async (remark: string, ifMatch: string): Promise<number> =>
        (await status(await http!('PUT', path, { body: summaryInput(remark), headers: { 'If-Match': ifMatch, 'Idempotency-Key': key() } }))).status;
      expectStatus(await put('v1', '0'), [200], 'the first save with If-Match: 0');
      expectStatus(await put('v1b', '0'), [409, 412], 'a second save with If-Match: 0');
      expectStatus(await put('x', 'abc'), [400], 'a save with If-Match: abc');
    },
  },
  {
    route: 'POST /events/tickets',
    rule: 'answers 201 with a one-time ticket; GET /events opens once with it, then 401',
    httpOnly: true,
    async run({ http }) {
      const issued = await http!('POST', '/events/tickets', { body: {} });
      expectStatus(issued.status, [201], 'the status of a new event ticket');
      const { ticket } = (await issued.json()) as { ticket?: unknown };
      if (typeof ticket !== 'string' || ticket === '') throw new ContractViolation(`the event ticket: expected a string, saw ${show(ticket)}`);
      const open = async (): Promise<number> => {
        const controller = new AbortController();
        try {
          const response = await http!('GET', `/events?ticket=${enc(ticket)}`, { signal: controller.signal });
          return response.status;
        } finally {
          controller.abort();
        }
      };
      expectStatus(await open(), [200], 'opening the stream with a fresh ticket');
      expectStatus(await open(), [401], 'opening the stream with a used ticket');
    },
  },

  // ------------------------------------------------------ phone bar extras
  {
    route: 'PUT /calls/{id}',
    rule: 'the end reason, the survey offer and the quality summary of a report are kept on the record; a later report without a survey keeps it',
    async run({ api, report, startedAt }) {
      const id = `contract-extras-${crypto.randomUUID()}`;
      const quality = {
        samples: 3,
        worst: 'fair' as const,
        avgRttMs: 120,
        maxRttMs: 260,
        avgJitterMs: 8,
        maxJitterMs: 12,
        avgLossPercent: 0.5,
        maxLossPercent: 1.2,
        linkLost: 1,
      };
      await api.calls.report(report(id, { answeredAt: startedAt }), { idempotencyKey: key() });
      const ended = await api.calls.report(
        report(id, { answeredAt: startedAt, endedAt: startedAt, outcome: 'answered', hangupBy: 'agent', endReason: 'transferred', survey: { offeredAt: startedAt, mode: 'refer' }, quality }),
        { idempotencyKey: key() },
      );
      expectFields(ended, { endReason: 'transferred', quality }, 'the record after the ending report');
      expectFields(ended.survey, { offeredAt: startedAt, mode: 'refer', score: null }, 'the survey on the record');
      const again = await api.calls.report(report(id, { answeredAt: startedAt, endedAt: startedAt, outcome: 'answered', hangupBy: 'agent' }), { idempotencyKey: key() });
      expectFields(again.survey, { offeredAt: startedAt, mode: 'refer' }, 'the survey after a report without one');
    },
  },
  {
    route: 'PUT /calls/{id}',
    rule: 'a quality summary with a negative or absurd figure is a validation error (422)',
    async run({ api, report, startedAt }) {
      const id = `contract-quality-${crypto.randomUUID()}`;
      const bad = { samples: 1, worst: 'good' as const, avgRttMs: -5, maxRttMs: 10, avgJitterMs: null, maxJitterMs: null, avgLossPercent: 250, maxLossPercent: null, linkLost: 0 };
      await expectRefusal(api.calls.report(report(id, { answeredAt: startedAt, quality: bad }), { idempotencyKey: key() }), 'validation', 'a report with a negative RTT and 250 % loss');
    },
  },
  {
    route: 'PUT /agents/me/status',
    rule: 'after-call work takes its end (acwEndsAt), again when extended; acwEndsAt on another status is a validation error (422)',
    async run({ api }) {
      const endsAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000).toISOString();
      const first = await api.agents.setStatus({ status: 'acw', breakReasonId: null, acwEndsAt: endsAt }, { idempotencyKey: key() });
      expectFields(first, { status: 'acw' }, 'the status in after-call work');
      const later = new Date(Date.parse(endsAt) + 30_000).toISOString();
      const extended = await api.agents.setStatus({ status: 'acw', breakReasonId: null, acwEndsAt: later }, { idempotencyKey: key() });
      if (extended.acwEndsAt !== undefined && extended.acwEndsAt !== null && Date.parse(extended.acwEndsAt) !== Date.parse(later)) {
        throw new ContractViolation(`the extended after-call work: expected acwEndsAt ${later}, saw ${show(extended.acwEndsAt)}`);
      }
      await expectRefusal(api.agents.setStatus({ status: 'ready', breakReasonId: null, acwEndsAt: later }, { idempotencyKey: key() }), 'validation', 'acwEndsAt while ready');
      await api.agents.setStatus({ status: 'ready', breakReasonId: null }, { idempotencyKey: key() });
    },
  },
  {
    route: 'GET /summary/examples',
    rule: 'a saved summary with a category is an example (its category, newest first), or not-supported (501)',
    async run({ api, newCall }) {
      const leaf = firstLeaf((await api.summary.schema()).categories);
      if (!leaf) return;
      const callId = await newCall();
      await api.summary.save(callId, { ...summaryInput('history'), categoryId: leaf }, { idempotencyKey: key(), expectedVersion: 0 });
      let first;
      try {
        first = await api.summary.examples!({ limit: 100 });
      } catch (error) {
        if (error instanceof AdapterError && error.code === 'not-supported') return;
        throw error;
      }
      const example = first.items.find((item) => item.callId === callId);
      if (!example) throw new ContractViolation(`the first page of examples: expected the summary just saved (${show(callId)}), saw ${show(first.items.map((i) => i.callId).slice(0, 5))}`);
      expectSame(example.categoryId, leaf, 'the category of the example');
      if (!Array.isArray(example.lines)) throw new ContractViolation(`the example's lines: expected a list, saw ${show(example.lines)}`);
      for (let i = 1; i < first.items.length; i += 1) {
        if (Date.parse(first.items[i]!.savedAt) > Date.parse(first.items[i - 1]!.savedAt)) {
          throw new ContractViolation(`examples: expected newest first, saw ${show(first.items[i - 1]!.savedAt)} before ${show(first.items[i]!.savedAt)}`);
        }
      }
    },
  },
  {
    route: 'GET /agents/me/queues',
    rule: 'answers the queues of the agent\'s skill groups (waiting and longest wait ≥ 0), or not-supported (501)',
    async run({ api }) {
      let stats;
      try {
        stats = await api.agents.queueStats!();
      } catch (error) {
        if (error instanceof AdapterError && error.code === 'not-supported') return;
        throw error;
      }
      for (const queue of stats.queues) {
        if (!(queue.waiting >= 0) || !(queue.longestWaitSeconds >= 0)) {
          throw new ContractViolation(`queue ${show(queue.id)}: expected waiting and longestWaitSeconds ≥ 0, saw ${show(queue)}`);
        }
      }
    },
  },
  // ---- number masking and regions (issue 15): an optional domain, checked where the adapter has it
  {
    route: 'POST /numbers/resolve',
    rule: 'an unknown number reference is not-found (404); a known one answers an E.164 number (only when the backend offers numbers)',
    async run({ api }) {
      if (!api.numbers) return;
      await expectRefusal(api.numbers.resolve(unknownId()), 'not-found', 'an unknown number reference');
      // A customer's first number is `customer:<id>:0` in callpop's reference backends; other backends' references are their own.
      const customer = await api.customers.create(customerInput('Contract numbers'), { idempotencyKey: key() });
      try {
        const resolved = await api.numbers.resolve(`customer:${customer.id}:0`);
        if (!/^\+[1-9]\d{6,14}$/.test(resolved.number)) throw new ContractViolation(`a resolved number: expected E.164, saw ${show(resolved.number)}`);
      } catch (error) {
        if (error instanceof AdapterError && error.code === 'not-found') return;
        throw error;
      }
    },
  },
  {
    route: 'POST /numbers/region',
    rule: 'a Chinese mobile number answers country CN, with province, city and carrier each a string or null (only when the backend offers numbers)',
    async run({ api }) {
      if (!api.numbers) return;
      const region = await api.numbers.region('+8613800138000');
      expectFields(region, { country: 'CN' }, 'the region of +86 138 0013 8000');
      for (const field of ['province', 'city', 'carrier'] as const) {
        if (region[field] !== null && typeof region[field] !== 'string') throw new ContractViolation(`the region's ${field}: expected a string or null, saw ${show(region[field])}`);
      }
    },
  },
];

/** Routes of the contract no check covers, and why. */
export const UNCHECKED_ROUTES: Readonly<Record<string, string>> = {
  'POST /sms': 'it would send a real text message',
  'POST /smart-fill': 'optional; only with createRestAdapter({ smartFill: true })',
  'GET /events': 'checked with POST /events/tickets',
};

/** Builds what the checks work with; fails when the backend has no signed-in agent. */
export async function contractContext(target: ContractTarget): Promise<ContractContext> {
  const api = target.adapter;
  const agentId = (await api.agents.me()).id;
  const startedAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  const report = (id: string, changes: Partial<CallReport> = {}): CallReport => ({
    id,
    direction: 'inbound',
    customerNumber: '+8613900000001',
    displayNumber: null,
    agentId,
    startedAt,
    answeredAt: null,
    endedAt: null,
    hangupBy: null,
    outcome: null,
    ...changes,
  });
  return {
    api,
    http: target.http,
    agentId,
    startedAt,
    report,
    async newCall() {
      const id = `contract-${crypto.randomUUID()}`;
      await api.calls.report(report(id), { idempotencyKey: key() });
      return id;
    },
  };
}

/** The outcome of one check. */
export interface ContractResult {
  readonly route: string;
  readonly rule: string;
  readonly ok: boolean;
  /** What was expected and what was seen, when not `ok`. */
  readonly problem: string | null;
  readonly ms: number;
}

/** A REST backend as a target: the REST adapter (answers validated) and raw requests, both with the token. */
export function restTarget(options: {
  readonly baseUrl: string;
  readonly token?: string;
  readonly fetch?: typeof fetch;
  /** The backend serves the optional numbers domain (`POST /numbers/resolve`, `/numbers/region`): check it too. */
  readonly numbers?: boolean;
}): ContractTarget {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  return {
    adapter: withValidation(createRestAdapter({ baseUrl: base, ...(options.token ? { token: options.token } : {}), ...(options.numbers ? { numbers: true } : {}), fetch: doFetch })),
    http: (method, path, init = {}) =>
      doFetch(`${base}${path}`, {
        method,
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
          ...init.headers,
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        ...(init.signal ? { signal: init.signal } : {}),
      }),
  };
}

/**
 * Runs every check against `target`, one after the other, and answers each
 * one's result (a check that throws anything is a failure naming it).
 */
export async function runContractChecks(
  target: ContractTarget,
  options: { readonly onResult?: (result: ContractResult) => void } = {},
): Promise<readonly ContractResult[]> {
  const context = await contractContext(target);
  const results: ContractResult[] = [];
  for (const check of CONTRACT_CHECKS) {
    if (check.httpOnly && !target.http) continue;
    const started = Date.now();
    let problem: string | null = null;
    try {
      await check.run(context);
    } catch (error) {
      problem = error instanceof ContractViolation ? error.message : `unexpected ${show(error)}`;
    }
    const result: ContractResult = { route: check.route, rule: check.rule, ok: problem === null, problem, ms: Date.now() - started };
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}
