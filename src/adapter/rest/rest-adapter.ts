/**
 * The REST adapter: {@link BackendAdapter} over HTTP + JSON, with server pushes
 * over server-sent events. The routes are documented in `docs/openapi.yaml`;
 * `docs/rest-api.md` is the short guide.
 *
 * It guarantees JSON parsing and error mapping only; wrap it with
 * `withValidation()` to check the shape of every answer.
 */
import type {
  AgentsApi,
  BackendAdapter,
  CallsApi,
  ContactPlansApi,
  ConversationApi,
  CustomersApi,
  DockingPagesApi,
  NumbersApi,
  RecordsApi,
  SmartFillApi,
  SmsApi,
  SummaryApi,
  TicketsApi,
} from '../backend-adapter.js';
import { AdapterError } from '../errors.js';
import { ADAPTER_DOMAINS, completeAdapter, type AdapterDomain, type PartialBackendAdapter } from '../partial.js';
import type { CallOptions, PageRequest, WriteOptions } from '../types.js';
import { SharedEventStream } from './event-stream.js';
import type { EventSourceFactory } from './event-stream.js';
import { HttpClient } from './http-client.js';
import type { RequestSpec } from './http-client.js';

export interface RestAdapterOptions {
  /** e.g. 'https://crm.example.com/callpop/v1' or '/api' */
  baseUrl: string;
  /** Bearer token or a function returning one (called per request, may be async). */
  token?: string | (() => string | Promise<string>);
  /** Per-request timeout in ms (default 10000). */
  timeoutMs?: number;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** fetch to use (default globalThis.fetch) — lets hosts add auth/proxy. */
  fetch?: typeof fetch;
  /** EventSource factory for pushes (default: new EventSource(url)). */
  eventSource?: (url: string) => EventSource;
  /** Whether the backend serves `POST /smart-fill`; only then the adapter has `smartFill`. */
  smartFill?: boolean;
  /** Whether the backend serves `POST /numbers/resolve` and `POST /numbers/region`; only then the adapter has `numbers`. */
  numbers?: boolean;
  /**
   * The domains the backend serves (default: all). The others are not requested at all: they
   * answer `not-supported`, and the elements that need them are not shown. A route a backend
   * does not serve may also answer `501`, which is `not-supported` too.
   */
  domains?: readonly AdapterDomain[];
}

/** Encodes one path parameter; an empty or non-string id is refused before sending. */
function seg(value: unknown, name = 'id'): string {
  if (typeof value !== 'string' || value === '') {
    throw new AdapterError('validation', `${name} must be a non-empty string.`, {
      fields: { [name]: 'Required.' },
    });
  }
  return encodeURIComponent(value);
}

function pageQuery(page: PageRequest | undefined): { cursor?: string | null; limit?: number } {
  return { cursor: page?.cursor ?? null, ...(page?.limit === undefined ? {} : { limit: page.limit }) };
}

function write(options: WriteOptions): Pick<RequestSpec, 'idempotencyKey' | 'signal'> {
  const key = (options as WriteOptions | undefined)?.idempotencyKey;
  if (typeof key !== 'string' || key === '') {
    throw new AdapterError('validation', 'Every write needs an idempotency key.', {
      fields: { idempotencyKey: 'Required.' },
    });
  }
  return { idempotencyKey: key, signal: options.signal };
}

function items<T>(answer: unknown): readonly T[] {
  const list =
    typeof answer === 'object' && answer !== null ? (answer as { items?: unknown }).items : undefined;
  if (!Array.isArray(list)) {
    throw new AdapterError('invalid-response', 'The backend answer has no `items` list.');
  }
  return list as readonly T[];
}

/** Runs `build` (which may throw a validation error) inside the promise chain. */
function run<T>(build: () => Promise<T>): Promise<T> {
  try {
    return build();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Creates a {@link BackendAdapter} that talks to the callpop REST API. */
export function createRestAdapter(options: RestAdapterOptions): BackendAdapter {
  const http = new HttpClient(options);
  const stream = new SharedEventStream(http, options.eventSource as EventSourceFactory | undefined);
  const get = <T>(path: string, query: RequestSpec['query'], o?: CallOptions, allowEmpty = false): Promise<T> =>
    http.request<T>({ method: 'GET', path, query, signal: o?.signal, allowEmpty });

  const customers: CustomersApi = {
    get: (id, o) => run(() => get(`/customers/${seg(id)}`, undefined, o)),
    findByPhone: (phone, o) =>
      run(() => get<unknown>('/customers', { phone: String(phone ?? '') }, o).then((a) => items(a))),
    search: (text, page, o) => run(() => get('/customers/search', { q: String(text ?? ''), ...pageQuery(page) }, o)),
    create: (input, o) => run(() => http.request({ method: 'POST', path: '/customers', body: input, ...write(o) })),
    update: (id, input, o) =>
      run(() =>
        http.request({
          method: 'PUT',
          path: `/customers/${seg(id)}`,
          body: input,
          expectedVersion: o?.expectedVersion,
          ...write(o),
        }),
      ),
  };

  const records: RecordsApi = {
    list: (customerId, query, o) =>
      run(() =>
        get(`/customers/${seg(customerId, 'customerId')}/records`, { kinds: query?.kinds, ...pageQuery(query) }, o),
      ),
    getChat: (chatId, o) => run(() => get(`/chats/${seg(chatId, 'chatId')}`, undefined, o)),
  };

  const tickets: TicketsApi = {
    schema: (o) => get('/tickets/schema', undefined, o),
    get: (id, o) => run(() => get(`/tickets/${seg(id)}`, undefined, o)),
    listByCustomer: (customerId, page, o) =>
      run(() => get(`/customers/${seg(customerId, 'customerId')}/tickets`, pageQuery(page), o)),
    listByCall: (callId, page, o) => run(() => get(`/calls/${seg(callId, 'callId')}/tickets`, pageQuery(page), o)),
    create: (input, o) => run(() => http.request({ method: 'POST', path: '/tickets', body: input, ...write(o) })),
  };

  const calls: CallsApi = {
    get: (id, o) => run(() => get(`/calls/${seg(id)}`, undefined, o)),
    listByAgent: (agentId, page, o) =>
      run(() => get(`/agents/${seg(agentId, 'agentId')}/calls`, pageQuery(page), o)),
    report: (call, o) =>
      run(() =>
        http.request({ method: 'PUT', path: `/calls/${seg(call?.id, 'id')}`, body: call, ...write(o) }),
      ),
    linkCustomer: (callId, customerId, o) =>
      run(() =>
        http.request({
          method: 'PUT',
          path: `/calls/${seg(callId, 'callId')}/customer`,
          body: { customerId },
          ...write(o),
        }),
      ),
  };

  const summary: SummaryApi = {
    schema: (o) => get('/summary/schema', undefined, o),
    examples: (page, o) => run(() => get('/summary/examples', pageQuery(page), o)),
    get: (callId, o) => run(() => get(`/calls/${seg(callId, 'callId')}/summary`, undefined, o, true)),
    save: (callId, input, o) =>
      run(() =>
        http.request({
          method: 'PUT',
          path: `/calls/${seg(callId, 'callId')}/summary`,
          body: input,
          expectedVersion: o?.expectedVersion,
          ...write(o),
        }),
      ),
  };

  const sms: SmsApi = {
    templates: (o) => get<unknown>('/sms/templates', undefined, o).then((a) => items(a)),
    send: (request, o) => run(() => http.request({ method: 'POST', path: '/sms', body: request, ...write(o) })),
  };

  const contactPlans: ContactPlansApi = {
    list: (query, o) =>
      run(() => {
        seg(query?.assigneeId, 'assigneeId');
        return get(
          '/contact-plans',
          { assigneeId: query.assigneeId, statuses: query.statuses, ...pageQuery(query) },
          o,
        );
      }),
    create: (input, o) =>
      run(() => http.request({ method: 'POST', path: '/contact-plans', body: input, ...write(o) })),
    update: (id, patch, o) =>
      run(() => http.request({ method: 'PATCH', path: `/contact-plans/${seg(id)}`, body: patch, ...write(o) })),
  };

  const agents: AgentsApi = {
    me: (o) => get('/agents/me', undefined, o),
    list: (page, o) => get('/agents', pageQuery(page), o),
    phoneSettings: (o) => get('/agents/me/phone-settings', undefined, o),
    setStatus: (input, o) =>
      run(() => http.request({ method: 'PUT', path: '/agents/me/status', body: { status: input.status, breakReasonId: input.breakReasonId, ...(input.acwEndsAt !== undefined ? { acwEndsAt: input.acwEndsAt } : {}) }, ...write(o) })),
    // Phone bar extras: the queue indicator.
    queueStats: (o) => get('/agents/me/queues', undefined, o),
  };

  const dockingPages: DockingPagesApi = {
    list: (o) => get<unknown>('/docking-pages', undefined, o).then((a) => items(a)),
  };

  const conversation: ConversationApi = {
    history: (callId, o) =>
      run(() => get<unknown>(`/calls/${seg(callId, 'callId')}/conversation`, undefined, o).then((a) => items(a))),
  };

  const adapter: BackendAdapter = {
    customers,
    records,
    tickets,
    calls,
    summary,
    sms,
    contactPlans,
    agents,
    dockingPages,
    conversation,
    subscribe: (types, listener, o) => stream.subscribe(types, listener, o?.signal),
  };
  let full: BackendAdapter = adapter;
  if (options.smartFill === true) {
    const smartFill: SmartFillApi = {
      extract: (request, o) =>
        http.request({ method: 'POST', path: '/smart-fill', body: request, signal: o?.signal }),
    };
    full = { ...adapter, smartFill };
  }
  // ---- number masking and regions (issue 15): reads sent as POST so no number is put in a URL.
  if (options.numbers === true) {
    const numbers: NumbersApi = {
      resolve: (ref, o) => http.request({ method: 'POST', path: '/numbers/resolve', body: { ref }, signal: o?.signal }),
      region: (number, o) => http.request({ method: 'POST', path: '/numbers/region', body: { number }, signal: o?.signal }),
    };
    full = { ...full, numbers };
  }
  if (options.domains === undefined) return full;
  const offered = new Set<AdapterDomain>(options.domains);
  const partial: Record<string, unknown> = {
    subscribe: full.subscribe,
    ...(full.smartFill ? { smartFill: full.smartFill } : {}),
    ...(full.numbers ? { numbers: full.numbers } : {}),
  };
  for (const domain of ADAPTER_DOMAINS) if (offered.has(domain)) partial[domain] = full[domain];
  return completeAdapter(partial as PartialBackendAdapter);
}
