import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import type { SetupWorker } from 'msw/browser';
import { AdapterError } from '../errors.js';
import { MemoryBackend, SEED_IDS } from '../memory/index.js';
import { createHandlers } from '../msw/handlers.js';
import type { ConversationSegment, CustomerInput, PushEvent } from '../types.js';
import { createRestAdapter } from './index.js';
import type { RestAdapterOptions } from './index.js';

const BASE = '/api';
const TOKEN = 'tok-7f3a9c1e-secret';

/** The error a promise rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<AdapterError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(AdapterError);
    return error as AdapterError;
  }
  throw new Error('expected the call to fail');
}

function key(): string {
  return crypto.randomUUID();
}

/** Resolves when `check` returns true (polling), or fails after `ms`. */
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const newCustomer: CustomerInput = {
  name: '刘芳',
  phones: ['+8613711112222'],
  email: 'liu.fang@example.com',
  company: null,
  address: null,
  level: 'normal',
  tags: [],
  notes: null,
};

describe('createRestAdapter (served by msw from a MemoryBackend)', () => {
  let worker: SetupWorker;
  let backend: MemoryBackend;

  const rest = (options: Partial<RestAdapterOptions> = {}) =>
    createRestAdapter({ baseUrl: BASE, token: TOKEN, ...options });

  before(async () => {
    worker = setupWorker();
    await worker.start({
      serviceWorker: { url: '/mockServiceWorker.js' },
      onUnhandledRequest: 'bypass',
      quiet: true,
    });
  });

  after(() => {
    worker.stop();
  });

  beforeEach(() => {
    backend = new MemoryBackend();
    worker.resetHandlers(...createHandlers(backend, { baseUrl: BASE, requireToken: TOKEN }));
  });

  describe('round trips', () => {
    it('finds 张伟 by phone, reads him by id and finds no one behind an unknown number', async () => {
      const api = rest();
      const found = await api.customers.findByPhone(SEED_IDS.zhangWeiPhone);
      expect(found.map((c) => c.name)).to.include('张伟');
      const first = found[0];
      if (!first) throw new Error('no customer');
      const same = await api.customers.get(first.id);
      expect(same.phones).to.include(SEED_IDS.zhangWeiPhone);
      expect(await api.customers.findByPhone(SEED_IDS.unknownPhone)).to.deep.equal([]);
    });

    it('searches customers page by page', async () => {
      const api = rest();
      const page = await api.customers.search('张伟', { limit: 5 });
      expect(page.items.map((c) => c.id)).to.include(SEED_IDS.zhangWei);
      expect(page).to.have.property('nextCursor');
      const all = await api.customers.search('', { limit: 2 });
      expect(all.items).to.have.length(2);
      expect(all.nextCursor).to.be.a('string');
      const next = await api.customers.search('', { limit: 2, cursor: all.nextCursor });
      expect(next.items[0]?.id).to.not.equal(all.items[0]?.id);
    });

    it('creates a customer, updates it with its version and refuses a stale version as a conflict', async () => {
      const api = rest();
      const created = await api.customers.create(newCustomer, { idempotencyKey: key() });
      expect(created.name).to.equal('刘芳');
      const updated = await api.customers.update(
        created.id,
        { ...newCustomer, company: '云途' },
        { idempotencyKey: key(), expectedVersion: created.version },
      );
      expect(updated.company).to.equal('云途');
      expect(updated.version).to.equal(created.version + 1);
      const stale = await failure(
        api.customers.update(created.id, newCustomer, { idempotencyKey: key(), expectedVersion: created.version }),
      );
      expect(stale.code).to.equal('conflict');
      expect(stale.status).to.equal(409);
    });

    it('lists business records filtered by kind and opens a chat', async () => {
      const api = rest();
      const chats = await api.records.list(SEED_IDS.zhangWei, { kinds: ['chat'], limit: 10 });
      expect(chats.items.length).to.be.greaterThan(0);
      expect([...new Set(chats.items.map((r) => r.kind))]).to.deep.equal(['chat']);
      const ref = chats.items[0]?.refId ?? '';
      const chat = await api.records.getChat(ref);
      expect(chat.id).to.equal(ref);
      expect(chat.messages.length).to.be.greaterThan(0);
    });

    it('creates a ticket from a call and finds it by id, by customer and by call', async () => {
      const api = rest();
      const schema = await api.tickets.schema();
      expect(schema.fields.map((f) => f.key)).to.include('channel');
      const ticket = await api.tickets.create(
        {
          title: '退货申请',
          description: '客户要求退货',
          priority: 'high',
          categoryId: 'cat-aftersales-returns-refund',
          assigneeId: SEED_IDS.me,
          customerId: SEED_IDS.zhangWei,
          callId: SEED_IDS.latestCall,
          fields: { channel: 'online' },
        },
        { idempotencyKey: key() },
      );
      expect((await api.tickets.get(ticket.id)).number).to.equal(ticket.number);
      const byCustomer = await api.tickets.listByCustomer(SEED_IDS.zhangWei, { limit: 50 });
      expect(byCustomer.items.map((t) => t.id)).to.include(ticket.id);
      const byCall = await api.tickets.listByCall(SEED_IDS.latestCall);
      expect(byCall.items.map((t) => t.id)).to.include(ticket.id);
    });

    it('reports a call, links it to a customer and lists it among the agent calls', async () => {
      const api = rest();
      const id = `call-test-${key()}`;
      const reported = await api.calls.report(
        {
          id,
          direction: 'inbound',
          customerNumber: SEED_IDS.unknownPhone,
          displayNumber: null,
          agentId: SEED_IDS.me,
          startedAt: new Date().toISOString(),
          answeredAt: null,
          endedAt: null,
          hangupBy: null,
          outcome: null,
        },
        { idempotencyKey: key() },
      );
      expect(reported.id).to.equal(id);
      const linked = await api.calls.linkCustomer(id, SEED_IDS.zhangWei, { idempotencyKey: key() });
      expect(linked.customerId).to.equal(SEED_IDS.zhangWei);
      expect((await api.calls.get(id)).customerId).to.equal(SEED_IDS.zhangWei);
      const mine = await api.calls.listByAgent(SEED_IDS.me, { limit: 100 });
      expect(mine.items.map((c) => c.id)).to.include(id);
    });

    it('reads no summary for a fresh call, saves one and reads it back', async () => {
      const api = rest();
      const schema = await api.summary.schema();
      expect(schema.statuses.map((s) => s.value)).to.include('resolved');
      expect(await api.summary.get(SEED_IDS.latestCall)).to.equal(null);
      const saved = await api.summary.save(
        SEED_IDS.latestCall,
        { status: 'resolved', categoryId: null, templateId: null, remark: '已处理', fields: {} },
        { idempotencyKey: key() },
      );
      expect(saved.callId).to.equal(SEED_IDS.latestCall);
      expect((await api.summary.get(SEED_IDS.latestCall))?.remark).to.equal('已处理');
    });

    it('lists SMS templates and sends one', async () => {
      const api = rest();
      const templates = await api.sms.templates();
      const template = templates.find((t) => t.id === 'sms-ticket-created');
      expect(template).to.not.equal(undefined);
      const result = await api.sms.send(
        {
          to: SEED_IDS.zhangWeiPhone,
          templateId: 'sms-ticket-created',
          variables: { name: '张伟', ticketNumber: 'T-20261125-0042' },
          callId: null,
          customerId: SEED_IDS.zhangWei,
        },
        { idempotencyKey: key() },
      );
      expect(['queued', 'sent']).to.include(result.status);
    });

    it('creates a contact plan, lists it as pending and marks it done', async () => {
      const api = rest();
      const now = Date.now();
      const plan = await api.contactPlans.create(
        {
          customerId: SEED_IDS.zhangWei,
          phone: SEED_IDS.zhangWeiPhone,
          callId: null,
          startAt: new Date(now + 3_600_000).toISOString(),
          dueAt: new Date(now + 7_200_000).toISOString(),
          assigneeId: SEED_IDS.me,
          remark: '回访',
        },
        { idempotencyKey: key() },
      );
      const pending = await api.contactPlans.list({ assigneeId: SEED_IDS.me, statuses: ['pending'], limit: 100 });
      expect(pending.items.map((p) => p.id)).to.include(plan.id);
      const done = await api.contactPlans.update(plan.id, { status: 'done' }, { idempotencyKey: key() });
      expect(done.status).to.equal('done');
    });

    it('reads the signed-in agent, the agent list and the phone settings', async () => {
      const api = rest();
      expect((await api.agents.me()).id).to.equal(SEED_IDS.me);
      const agents = await api.agents.list({ limit: 3 });
      expect(agents.items).to.have.length(3);
      const settings = await api.agents.phoneSettings();
      expect(settings.callerId.numbers).to.be.an('array');
    });

    it('lists docking pages and the conversation of a call', async () => {
      const api = rest();
      expect((await api.dockingPages.list()).length).to.be.greaterThan(0);
      const history = await api.conversation.history(SEED_IDS.latestCall);
      expect(history.length).to.be.greaterThan(0);
      expect([...new Set(history.map((s) => s.callId))]).to.deep.equal([SEED_IDS.latestCall]);
    });

    it('offers smart fill only when the backend says it serves it', () => {
      expect(rest().smartFill).to.equal(undefined);
      expect(rest({ smartFill: true }).smartFill?.extract).to.be.a('function');
    });

    it('sends ids with slashes and spaces as one encoded path segment', async () => {
      const seen: string[] = [];
      worker.use(
        http.get(`${BASE}/customers/:id`, ({ request, params }) => {
          seen.push(new URL(request.url).pathname, String(params['id']));
          return HttpResponse.json({ id: params['id'] });
        }),
      );
      await rest().customers.get('a/b c?');
      expect(seen).to.deep.equal(['/api/customers/a%2Fb%20c%3F', 'a/b c?']);
    });
  });

  describe('idempotency and versions', () => {
    it('a retry with the same idempotency key creates one customer', async () => {
      const api = rest();
      const idempotencyKey = key();
      const first = await api.customers.create(newCustomer, { idempotencyKey });
      const second = await api.customers.create(newCustomer, { idempotencyKey });
      expect(second.id).to.equal(first.id);
      expect(backend.writeCount('customers.create')).to.equal(1);
    });

    it('sends Idempotency-Key on writes and If-Match only when a version is expected', async () => {
      const headers: Headers[] = [];
      worker.use(
        http.put(`${BASE}/customers/:id`, ({ request }) => {
          headers.push(request.headers);
          return HttpResponse.json({ id: 'x' });
        }),
      );
      await rest().customers.update('x', newCustomer, { idempotencyKey: 'k-1', expectedVersion: 7 });
      await rest().customers.update('x', newCustomer, { idempotencyKey: 'k-2' });
      expect(headers.map((h) => h.get('Idempotency-Key'))).to.deep.equal(['k-1', 'k-2']);
      expect(headers.map((h) => h.get('If-Match'))).to.deep.equal(['7', null]);
    });

    it('the mock backend refuses a write without an Idempotency-Key with 400', async () => {
      const response = await fetch(`${BASE}/customers`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(newCustomer),
      });
      expect(response.status).to.equal(400);
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code).to.equal('validation');
      expect(backend.writeCount('customers.create')).to.equal(0);
    });
  });

  describe('errors', () => {
    it('turns a 422 into a validation error carrying the field messages', async () => {
      const error = await failure(
        rest().customers.create({ ...newCustomer, name: '', phones: ['not a phone'] }, { idempotencyKey: key() }),
      );
      expect(error.code).to.equal('validation');
      expect(error.status).to.equal(422);
      expect(Object.keys(error.fields).length).to.be.greaterThan(0);
      expect(error.retryable, `${error.code} error retryable`).to.equal(false);
    });

    it('keeps field messages and at most 300 characters of the backend message', async () => {
      worker.use(
        http.post(`${BASE}/tickets`, () =>
          HttpResponse.json(
            { error: { code: 'validation', message: 'x'.repeat(1000), fields: { title: 'Too long.', n: 5 } } },
            { status: 400 },
          ),
        ),
      );
      const error = await failure(rest().tickets.create({} as never, { idempotencyKey: key() }));
      expect(error.code).to.equal('validation');
      expect(error.message.length).to.be.at.most(300);
      expect(error.fields).to.deep.equal({ title: 'Too long.' });
    });

    it('turns a 404 into not-found', async () => {
      const error = await failure(rest().customers.get('cust-does-not-exist'));
      expect(error.code).to.equal('not-found');
      expect(error.status).to.equal(404);
    });

    it('turns a backend failure into a retryable server error', async () => {
      backend.failNext('customers.findByPhone', new AdapterError('server', 'database down'));
      const error = await failure(rest().customers.findByPhone(SEED_IDS.zhangWeiPhone));
      expect(error.code).to.equal('server');
      expect(error.status).to.equal(503);
      expect(error.retryable, `${error.code} error retryable`).to.equal(true);
    });

    it('gives a clear default message when a 5xx has no JSON body', async () => {
      worker.use(http.get(`${BASE}/agents/me`, () => new HttpResponse('Bad gateway', { status: 502 })));
      const error = await failure(rest().agents.me());
      expect(error.code).to.equal('server');
      expect(error.message).to.match(/backend/i);
    });

    it('times out when the backend is slower than timeoutMs', async () => {
      backend.setLatency(500);
      const started = Date.now();
      const error = await failure(rest({ timeoutMs: 100 }).agents.me());
      expect(error.code).to.equal('timeout');
      expect(error.retryable, `${error.code} error retryable`).to.equal(true);
      expect(Date.now() - started).to.be.below(450);
    });

    it('rejects with aborted when the caller aborts', async () => {
      backend.setLatency(500);
      const controller = new AbortController();
      const pending = rest().agents.me({ signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      const error = await failure(pending);
      expect(error.code).to.equal('aborted');
      expect(error.retryable, `${error.code} error retryable`).to.equal(false);
    });

    it('rejects with aborted without sending when the signal is already aborted', async () => {
      let sent = 0;
      worker.use(
        http.get(`${BASE}/agents/me`, () => {
          sent++;
          return HttpResponse.json({});
        }),
      );
      const error = await failure(rest().agents.me({ signal: AbortSignal.abort() }));
      expect(error.code).to.equal('aborted');
      expect(sent).to.equal(0);
    });

    it('rejects with offline without sending when the browser is offline', async () => {
      let sent = 0;
      worker.use(
        http.get(`${BASE}/agents/me`, () => {
          sent++;
          return HttpResponse.json({});
        }),
      );
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      try {
        const error = await failure(rest().agents.me());
        expect(error.code).to.equal('offline');
        expect(error.retryable, `${error.code} error retryable`).to.equal(true);
      } finally {
        delete (navigator as unknown as { onLine?: boolean }).onLine;
      }
      expect(navigator.onLine, 'navigator.onLine once the offline simulation ended').to.equal(true);
      expect(sent).to.equal(0);
    });

    it('turns a failed connection into a network error', async () => {
      worker.use(http.get(`${BASE}/agents/me`, () => HttpResponse.error()));
      const error = await failure(rest().agents.me());
      expect(error.code).to.equal('network');
      expect(error.retryable, `${error.code} error retryable`).to.equal(true);
    });

    it('turns a 200 that is not JSON into invalid-response', async () => {
      worker.use(
        http.get(
          `${BASE}/agents/me`,
          () => new HttpResponse('<html>login</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
        ),
      );
      const error = await failure(rest().agents.me());
      expect(error.code).to.equal('invalid-response');
    });

    it('turns a list answer without items into invalid-response', async () => {
      worker.use(http.get(`${BASE}/sms/templates`, () => HttpResponse.json({ templates: [] })));
      const error = await failure(rest().sms.templates());
      expect(error.code).to.equal('invalid-response');
    });

    it('refuses a write without an idempotency key before sending it', async () => {
      const error = await failure(rest().customers.create(newCustomer, { idempotencyKey: '' }));
      expect(error.code).to.equal('validation');
      expect(backend.writeCount('customers.create')).to.equal(0);
    });
  });

  describe('authentication', () => {
    it('sends the token as a bearer Authorization header, asking a token function per request', async () => {
      const seen: (string | null)[] = [];
      worker.use(
        http.get(`${BASE}/agents/me`, ({ request }) => {
          seen.push(request.headers.get('Authorization'));
          return HttpResponse.json({ id: 'a' });
        }),
      );
      let n = 0;
      const api = rest({ token: async () => `t${++n}` });
      await api.agents.me();
      await api.agents.me();
      expect(seen).to.deep.equal(['Bearer t1', 'Bearer t2']);
    });

    it('a wrong token is unauthorized', async () => {
      const error = await failure(rest({ token: 'wrong' }).agents.me());
      expect(error.code).to.equal('unauthorized');
      expect(error.status).to.equal(401);
    });

    it('a token function that throws is unauthorized and sends nothing', async () => {
      let sent = 0;
      worker.use(
        http.get(`${BASE}/agents/me`, () => {
          sent++;
          return HttpResponse.json({});
        }),
      );
      const error = await failure(
        rest({
          token: () => {
            throw new Error('session expired');
          },
        }).agents.me(),
      );
      expect(error.code).to.equal('unauthorized');
      expect(sent).to.equal(0);
    });
  });

  describe('server pushes', () => {
    function segment(seq: number): ConversationSegment {
      return {
        id: `seg-test-${seq}`,
        callId: SEED_IDS.latestCall,
        speaker: 'customer',
        text: `第 ${seq} 句`,
        final: true,
        seq: 1000 + seq,
        at: new Date().toISOString(),
      };
    }

    /** An adapter whose EventSources the test can see. */
    function watched(options: Partial<RestAdapterOptions> = {}) {
      const sources: EventSource[] = [];
      const urls: string[] = [];
      const api = rest({
        eventSource: (url) => {
          urls.push(url);
          const source = new EventSource(url);
          sources.push(source);
          return source;
        },
        ...options,
      });
      const opened = async (index = 0): Promise<EventSource> => {
        await until(() => sources[index] !== undefined);
        const source = sources[index] as EventSource;
        if (source.readyState !== EventSource.OPEN) {
          await new Promise((resolve) => source.addEventListener('open', resolve, { once: true }));
        }
        return source;
      };
      return { api, sources, urls, opened };
    }

    it('delivers a transcript segment appended on the backend, over a URL without the token', async () => {
      const { api, urls, opened } = watched();
      const received: PushEvent[] = [];
      const stop = api.subscribe(['conversation.segment'], (event) => received.push(event));
      try {
        await opened();
        backend.appendSegment(segment(1));
        await until(() => received.length > 0);
        const event = received[0];
        expect(event?.type).to.equal('conversation.segment');
        expect(event?.type === 'conversation.segment' && event.segment.text).to.equal('第 1 句');
        expect(urls).to.have.length(1);
        expect(urls[0]).to.not.include(TOKEN);
        expect(urls[0]).to.match(/[?&]ticket=/);
        expect(urls[0]).to.include('types=conversation.segment');
      } finally {
        stop();
      }
    });

    it('shares one stream between subscribers, keeps delivering when a listener throws, and closes after the last leaves', async () => {
      const { api, sources, opened } = watched();
      const a: PushEvent[] = [];
      const b: PushEvent[] = [];
      const errors: unknown[] = [];
      const originalError = console.error;
      console.error = (...args: unknown[]) => errors.push(args);
      const stopA = api.subscribe(['conversation.segment'], (event) => {
        a.push(event);
        throw new Error('listener bug');
      });
      const stopB = api.subscribe(['conversation.segment'], (event) => b.push(event));
      try {
        const source = await opened();
        backend.appendSegment(segment(2));
        await until(() => b.length > 0);
        expect(a).to.have.length(1);
        expect(errors).to.have.length(1);
        expect(sources).to.have.length(1);
        stopA();
        expect(source.readyState).to.not.equal(EventSource.CLOSED);
        stopB();
        expect(source.readyState).to.equal(EventSource.CLOSED);
      } finally {
        console.error = originalError;
        stopA();
        stopB();
      }
    });

    it('delivers only the subscribed types and stops when the signal aborts', async () => {
      const { api, opened } = watched();
      const segments: PushEvent[] = [];
      const controller = new AbortController();
      api.subscribe(['call.updated'], (event) => segments.push(event), { signal: controller.signal });
      const source = await opened();
      backend.appendSegment(segment(3));
      // A subscribed event after it on the same stream: once it is here, the segment had its chance.
      await api.calls.linkCustomer('call-0002', SEED_IDS.zhangWei, { idempotencyKey: key() });
      await until(() => segments.length > 0);
      expect(segments.map((event) => event.type), 'the transcript segment is not delivered').to.deep.equal(['call.updated']);
      controller.abort();
      expect(source.readyState).to.equal(EventSource.CLOSED);
    });

    it('ignores a push whose data is not JSON, with one warning', async () => {
      const warnings: unknown[] = [];
      const originalWarn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args);
      const stream = (frames: string) =>
        new HttpResponse(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(frames));
            },
          }),
          { headers: { 'Content-Type': 'text/event-stream' } },
        );
      const good = JSON.stringify({ type: 'conversation.segment', segment: segment(4) });
      worker.use(
        http.get(`${BASE}/events`, () =>
          stream(
            `event: conversation.segment\ndata: {not json\n\n` +
              `event: conversation.segment\ndata: nope\n\n` +
              `event: conversation.segment\ndata: ${good}\n\n`,
          ),
        ),
      );
      const { api } = watched();
      const received: PushEvent[] = [];
      const stop = api.subscribe(['conversation.segment'], (event) => received.push(event));
      try {
        await until(() => received.length > 0);
        expect(received).to.have.length(1);
        expect(warnings).to.have.length(1);
      } finally {
        stop();
        console.warn = originalWarn;
      }
    });

    it('refuses to open the stream twice with the same ticket', async () => {
      const response = await fetch(`${BASE}/events/tickets`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      const { ticket } = (await response.json()) as { ticket: string };
      const first = new AbortController();
      const ok = await fetch(`${BASE}/events?ticket=${encodeURIComponent(ticket)}`, { signal: first.signal });
      expect(ok.status).to.equal(200);
      first.abort();
      const again = await fetch(`${BASE}/events?ticket=${encodeURIComponent(ticket)}`);
      expect(again.status).to.equal(401);
    });
  });
});
