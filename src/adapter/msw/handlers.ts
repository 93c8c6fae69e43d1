/**
 * msw request handlers that serve the callpop REST API (`docs/openapi.yaml`)
 * from any {@link BackendAdapter} — typically the in-memory backend, so the
 * REST adapter, the demo and tests see a real HTTP backend.
 */
import { http, HttpResponse } from 'msw';
import type { PathParams, RequestHandler } from 'msw';
import type { BackendAdapter } from '../backend-adapter.js';
import { AdapterError } from '../errors.js';
import { notSupported } from '../partial.js';
import type { AdapterErrorCode } from '../errors.js';
import type {
  CallOptions,
  ContactPlanStatus,
  PageRequest,
  PushEvent,
  PushType,
  RecordKind,
  WriteOptions,
} from '../types.js';

export interface MockHandlersOptions {
  /** Where the API is served; default `/api`. May be absolute (`https://crm.example/callpop/v1`). */
  baseUrl?: string;
  /** When set, every request needs `Authorization: Bearer <requireToken>`. */
  requireToken?: string;
}

/** The HTTP status each error code is answered with. */
export const STATUS_FOR_CODE: Readonly<Record<AdapterErrorCode, number>> = {
  validation: 422,
  'not-found': 404,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  server: 503,
  offline: 503,
  network: 502,
  'invalid-response': 502,
  timeout: 504,
  aborted: 499,
  'not-supported': 501,
};

const RECORD_KINDS: readonly RecordKind[] = ['chat', 'call', 'ticket'];
const PLAN_STATUSES: readonly ContactPlanStatus[] = ['pending', 'done', 'cancelled'];
const PUSH_TYPES: readonly PushType[] = [
  'conversation.segment',
  'call.updated',
  'customer.updated',
  'contactPlan.changed',
  'contactPlan.due',
  'queue.stats',
];
const TICKET_TTL_MS = 60_000;
const MAX_OPEN_TICKETS = 1_000;
const MAX_LIMIT = 1_000;

/** A refusal decided by the HTTP layer itself (bad header, bad JSON…). */
class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: AdapterErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

function errorBody(code: string, message: string, fields?: { readonly [key: string]: string }): Response {
  const status = STATUS_FOR_CODE[code as AdapterErrorCode] ?? 500;
  return problem(status, code, message, fields);
}

function problem(
  status: number,
  code: string,
  message: string,
  fields?: { readonly [key: string]: string },
): Response {
  const error: { code: string; message: string; fields?: { readonly [key: string]: string } } = {
    code,
    message: message.length > 300 ? `${message.slice(0, 299)}…` : message,
  };
  if (fields && Object.keys(fields).length > 0) error.fields = fields;
  return HttpResponse.json({ error }, { status });
}

/** Turns anything thrown by a handler or the backend into an error answer. */
function toErrorResponse(error: unknown): Response {
  if (error instanceof HttpProblem) return problem(error.status, error.code, error.message, error.fields);
  if (error instanceof AdapterError) return errorBody(error.code, error.message, error.fields);
  console.error('callpop mock backend: unexpected error', error);
  return problem(500, 'server', 'Internal error.');
}

function param(params: PathParams, name: string): string {
  const value = params[name];
  const text = Array.isArray(value) ? value.join('/') : value;
  if (typeof text !== 'string' || text === '') {
    throw new HttpProblem(400, 'validation', `Missing path parameter ${name}.`, { [name]: 'Required.' });
  }
  return text;
}

function pageOf(url: URL): PageRequest {
  const cursor = url.searchParams.get('cursor');
  const limitText = url.searchParams.get('limit');
  let limit: number | undefined;
  if (limitText !== null && limitText !== '') {
    limit = Number(limitText);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new HttpProblem(422, 'validation', 'limit must be an integer from 1 to 1000.', {
        limit: 'Must be an integer from 1 to 1000.',
      });
    }
  }
  return { cursor: cursor === '' ? null : cursor, ...(limit === undefined ? {} : { limit }) };
}

function listParam<T extends string>(url: URL, name: string, allowed: readonly T[]): T[] | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text.trim() === '') return undefined;
  const values = text.split(',').map((v) => v.trim()).filter((v) => v !== '');
  const unknown = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (unknown.length > 0) {
    throw new HttpProblem(422, 'validation', `Unknown ${name}: ${unknown.join(', ').slice(0, 100)}.`, {
      [name]: `Allowed: ${allowed.join(', ')}.`,
    });
  }
  return [...new Set(values)] as T[];
}

async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await request.text();
  } catch {
    throw new HttpProblem(400, 'validation', 'The request body could not be read.');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'validation', 'The request body must be JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpProblem(422, 'validation', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

function writeOptions(request: Request): WriteOptions {
  const key = request.headers.get('Idempotency-Key')?.trim();
  if (!key) {
    throw new HttpProblem(400, 'validation', 'Every write needs an Idempotency-Key header.', {
      'Idempotency-Key': 'Required.',
    });
  }
  if (key.length > 200) {
    throw new HttpProblem(400, 'validation', 'The Idempotency-Key header is too long.', {
      'Idempotency-Key': 'At most 200 characters.',
    });
  }
  return { idempotencyKey: key, signal: request.signal };
}

/** `If-Match: 3` (quotes and a weak `W/` prefix are tolerated). */
function expectedVersion(request: Request): { expectedVersion?: number } {
  const raw = request.headers.get('If-Match');
  if (raw === null || raw.trim() === '' || raw.trim() === '*') return {};
  const text = raw.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  const version = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(version)) {
    throw new HttpProblem(400, 'validation', 'If-Match must be a record version (an integer).', {
      'If-Match': 'Must be an integer version.',
    });
  }
  return { expectedVersion: version };
}

function callOptions(request: Request): CallOptions {
  return { signal: request.signal };
}

interface Context {
  readonly request: Request;
  readonly params: PathParams;
  readonly url: URL;
}

/**
 * Creates the msw handlers serving the callpop REST API from `backend`.
 * State (one-time event tickets) lives in the returned handlers, never in the module.
 */
export function createHandlers(backend: BackendAdapter, options: MockHandlersOptions = {}): RequestHandler[] {
  const base = (options.baseUrl ?? '/api').replace(/\/+$/, '');
  const requireToken = options.requireToken;
  /** One-time SSE tickets → expiry time. */
  const tickets = new Map<string, number>();

  const checkAuth = (request: Request): void => {
    if (requireToken === undefined) return;
    if (request.headers.get('Authorization') !== `Bearer ${requireToken}`) {
      throw new HttpProblem(401, 'unauthorized', 'A valid bearer token is required.');
    }
  };

  type Method = 'get' | 'post' | 'put' | 'patch';
  const route = (
    method: Method,
    path: string,
    handle: (ctx: Context) => Promise<unknown>,
    answer: { status?: number; auth?: boolean } = {},
  ): RequestHandler =>
    http[method](`${base}${path}`, async ({ request, params }) => {
      try {
        if (answer.auth !== false) checkAuth(request);
        const result = await handle({ request, params, url: new URL(request.url) });
        if (result instanceof Response) return result;
        return HttpResponse.json(result as never, { status: answer.status ?? 200 });
      } catch (error) {
        return toErrorResponse(error);
      }
    });

  const issueTicket = (): { ticket: string; expiresAt: string } => {
    const now = Date.now();
    for (const [ticket, expiry] of tickets) if (expiry <= now) tickets.delete(ticket);
    if (tickets.size >= MAX_OPEN_TICKETS) {
      const oldest = tickets.keys().next();
      if (!oldest.done) tickets.delete(oldest.value);
    }
    const ticket = crypto.randomUUID();
    tickets.set(ticket, now + TICKET_TTL_MS);
    return { ticket, expiresAt: new Date(now + TICKET_TTL_MS).toISOString() };
  };

  const redeemTicket = (ticket: string | null): boolean => {
    if (ticket === null) return false;
    const expiry = tickets.get(ticket);
    tickets.delete(ticket);
    return expiry !== undefined && expiry > Date.now();
  };

  const eventStream = ({ request, url }: Context): Response => {
    if (!redeemTicket(url.searchParams.get('ticket'))) {
      throw new HttpProblem(401, 'unauthorized', 'The event ticket is missing, used or expired.');
    }
    const types = listParam(url, 'types', PUSH_TYPES) ?? [...PUSH_TYPES];
    const encoder = new TextEncoder();
    let closed = false;
    let unsubscribe: (() => void) | undefined;
    let nextId = 1;
    const close = (controller?: ReadableStreamDefaultController<Uint8Array>): void => {
      if (closed) return;
      closed = true;
      unsubscribe?.();
      try {
        controller?.close();
      } catch {
        // already closed or cancelled
      }
    };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(': connected\n\n'));
        const send = (event: PushEvent): void => {
          if (closed) return;
          try {
            const frame = `id: ${nextId++}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
            controller.enqueue(encoder.encode(frame));
          } catch {
            close(controller);
          }
        };
        unsubscribe = backend.subscribe(types, send, { signal: request.signal });
        request.signal.addEventListener('abort', () => close(controller), { once: true });
      },
      cancel() {
        close();
      },
    });
    return new HttpResponse(body, {
      status: 200,
      headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
    });
  };

  return [
    // ------------------------------------------------------------ customers
    // `/customers/search` comes before `/customers/:id`.
    route('get', '/customers/search', ({ request, url }) =>
      backend.customers.search(url.searchParams.get('q') ?? '', pageOf(url), callOptions(request)),
    ),
    route('get', '/customers', async ({ request, url }) => {
      const phone = url.searchParams.get('phone');
      if (!phone) {
        throw new HttpProblem(422, 'validation', 'The phone query parameter is required.', { phone: 'Required.' });
      }
      return { items: await backend.customers.findByPhone(phone, callOptions(request)) };
    }),
    route('get', '/customers/:id', ({ request, params }) =>
      backend.customers.get(param(params, 'id'), callOptions(request)),
    ),
    route(
      'post',
      '/customers',
      async ({ request }) => {
        const o = writeOptions(request);
        return backend.customers.create((await jsonBody(request)) as never, o);
      },
      { status: 201 },
    ),
    route('put', '/customers/:id', async ({ request, params }) => {
      const o = { ...writeOptions(request), ...expectedVersion(request) };
      return backend.customers.update(param(params, 'id'), (await jsonBody(request)) as never, o);
    }),

    // -------------------------------------------------------------- records
    route('get', '/customers/:id/records', ({ request, params, url }) => {
      const kinds = listParam(url, 'kinds', RECORD_KINDS);
      return backend.records.list(
        param(params, 'id'),
        { ...pageOf(url), ...(kinds ? { kinds } : {}) },
        callOptions(request),
      );
    }),
    route('get', '/chats/:id', ({ request, params }) =>
      backend.records.getChat(param(params, 'id'), callOptions(request)),
    ),

    // -------------------------------------------------------------- tickets
    route('get', '/tickets/schema', ({ request }) => backend.tickets.schema(callOptions(request))),
    route('get', '/tickets/:id', ({ request, params }) =>
      backend.tickets.get(param(params, 'id'), callOptions(request)),
    ),
    route('get', '/customers/:id/tickets', ({ request, params, url }) =>
      backend.tickets.listByCustomer(param(params, 'id'), pageOf(url), callOptions(request)),
    ),
    route('get', '/calls/:id/tickets', ({ request, params, url }) =>
      backend.tickets.listByCall(param(params, 'id'), pageOf(url), callOptions(request)),
    ),
    route(
      'post',
      '/tickets',
      async ({ request }) => {
        const o = writeOptions(request);
        return backend.tickets.create((await jsonBody(request)) as never, o);
      },
      { status: 201 },
    ),

    // ---------------------------------------------------------------- calls
    route('get', '/calls/:id', ({ request, params }) => backend.calls.get(param(params, 'id'), callOptions(request))),
    route('get', '/agents/:id/calls', ({ request, params, url }) =>
      backend.calls.listByAgent(param(params, 'id'), pageOf(url), callOptions(request)),
    ),
    route('put', '/calls/:id', async ({ request, params }) => {
      const o = writeOptions(request);
      const id = param(params, 'id');
      const body = await jsonBody(request);
      if (body['id'] !== undefined && body['id'] !== id) {
        throw new HttpProblem(422, 'validation', 'The call id in the body does not match the URL.', {
          id: 'Must match the URL.',
        });
      }
      return backend.calls.report({ ...body, id } as never, o);
    }),
    route('put', '/calls/:id/customer', async ({ request, params }) => {
      const o = writeOptions(request);
      const body = await jsonBody(request);
      const customerId = body['customerId'];
      if (customerId !== null && (typeof customerId !== 'string' || customerId === '')) {
        throw new HttpProblem(422, 'validation', 'customerId must be a customer id or null.', {
          customerId: 'Must be a customer id or null.',
        });
      }
      return backend.calls.linkCustomer(param(params, 'id'), customerId, o);
    }),

    // -------------------------------------------------------------- summary
    route('get', '/summary/schema', ({ request }) => backend.summary.schema(callOptions(request))),
    route('get', '/summary/examples', ({ request, url }) =>
      backend.summary.examples
        ? backend.summary.examples(pageOf(url), callOptions(request))
        : Promise.reject(notSupported('summary', 'examples')),
    ),
    route('get', '/calls/:id/summary', async ({ request, params }) => {
      const saved = await backend.summary.get(param(params, 'id'), callOptions(request));
      return saved === null ? HttpResponse.json(null) : saved;
    }),
    route('put', '/calls/:id/summary', async ({ request, params }) => {
      const o = { ...writeOptions(request), ...expectedVersion(request) };
      return backend.summary.save(param(params, 'id'), (await jsonBody(request)) as never, o);
    }),

    // ------------------------------------------------------------------ sms
    route('get', '/sms/templates', async ({ request }) => ({
      items: await backend.sms.templates(callOptions(request)),
    })),
    route(
      'post',
      '/sms',
      async ({ request }) => {
        const o = writeOptions(request);
        return backend.sms.send((await jsonBody(request)) as never, o);
      },
      { status: 201 },
    ),

    // -------------------------------------------------------- contact plans
    route('get', '/contact-plans', ({ request, url }) => {
      const assigneeId = url.searchParams.get('assigneeId');
      if (!assigneeId) {
        throw new HttpProblem(422, 'validation', 'The assigneeId query parameter is required.', {
          assigneeId: 'Required.',
        });
      }
      const statuses = listParam(url, 'statuses', PLAN_STATUSES);
      return backend.contactPlans.list(
        { assigneeId, ...pageOf(url), ...(statuses ? { statuses } : {}) },
        callOptions(request),
      );
    }),
    route(
      'post',
      '/contact-plans',
      async ({ request }) => {
        const o = writeOptions(request);
        return backend.contactPlans.create((await jsonBody(request)) as never, o);
      },
      { status: 201 },
    ),
    route('patch', '/contact-plans/:id', async ({ request, params }) => {
      const o = writeOptions(request);
      return backend.contactPlans.update(param(params, 'id'), (await jsonBody(request)) as never, o);
    }),

    // --------------------------------------------------------------- agents
    route('get', '/agents/me', ({ request }) => backend.agents.me(callOptions(request))),
    route('get', '/agents/me/phone-settings', ({ request }) => backend.agents.phoneSettings(callOptions(request))),
    route('put', '/agents/me/status', async ({ request }) => {
      const body = await jsonBody(request);
      return backend.agents.setStatus(
        {
          status: body['status'] as never,
          breakReasonId: (body['breakReasonId'] ?? null) as never,
          ...(body['acwEndsAt'] !== undefined ? { acwEndsAt: body['acwEndsAt'] as never } : {}),
        },
        writeOptions(request),
      );
    }),
    // Phone bar extras: the queue indicator.
    route('get', '/agents/me/queues', ({ request }) =>
      backend.agents.queueStats ? backend.agents.queueStats(callOptions(request)) : Promise.reject(notSupported('agents', 'queueStats')),
    ),
    route('get', '/agents', ({ request, url }) => backend.agents.list(pageOf(url), callOptions(request))),

    // ------------------------------------------------- docking, conversation
    route('get', '/docking-pages', async ({ request }) => ({
      items: await backend.dockingPages.list(callOptions(request)),
    })),
    route('get', '/calls/:id/conversation', async ({ request, params }) => ({
      items: await backend.conversation.history(param(params, 'id'), callOptions(request)),
    })),

    // ----------------------------------------------------------- smart fill
    route('post', '/smart-fill', async ({ request }) => {
      const smartFill = backend.smartFill;
      if (!smartFill) throw new HttpProblem(404, 'not-found', 'Smart fill is not available on this backend.');
      return smartFill.extract((await jsonBody(request)) as never, callOptions(request));
    }),

    // ---- number masking and regions (issue 15)
    route('post', '/numbers/resolve', async ({ request }) => {
      const numbers = backend.numbers;
      if (!numbers) throw new HttpProblem(404, 'not-found', 'Number references are not available on this backend.');
      const body = (await jsonBody(request)) as { ref?: unknown } | null;
      return numbers.resolve(String(body?.ref ?? ''), callOptions(request));
    }),
    route('post', '/numbers/region', async ({ request }) => {
      const numbers = backend.numbers;
      if (!numbers) throw new HttpProblem(404, 'not-found', 'Number regions are not available on this backend.');
      const body = (await jsonBody(request)) as { number?: unknown } | null;
      return numbers.region(String(body?.number ?? ''), callOptions(request));
    }),

    // --------------------------------------------------------------- events
    route('post', '/events/tickets', async () => issueTicket(), { status: 201 }),
    // The stream authenticates by its one-time ticket: EventSource cannot send headers.
    route('get', '/events', async (ctx) => eventStream(ctx), { auth: false }),
  ];
}
