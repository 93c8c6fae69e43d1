// A strict REST backend written from docs/rest-api.md and docs/openapi.yaml only — not from
// callpop's in-memory backend — as a CRM team would write one. The contract suite
// (src/adapter/contract/) runs the REST adapter against it over real HTTP.
//
// Strict means: routes, required parameters, `Idempotency-Key`, `If-Match` and every request
// body are checked against the OpenAPI document (JSON Schema 2020-12 via ajv); every answer it
// gives is checked against the document too (a mismatch is a 500 naming the problem, so the
// server cannot drift from the contract unnoticed). Unknown ids are 404, unknown ids in bodies
// 422, and a summary read of a call nobody reported is 404 "Unknown call", never `null`.
//
//   node e2e/strict-server/server.mjs --port 0 --token secret [--flaw unknown-call-summary]
//
// `--flaw unknown-call-summary` makes it answer `204` to a summary read of a call nobody
// reported — the mistake a backend written from older docs made — so the contract-test kit's
// own test can see it named.
//
// Listens on 127.0.0.1 only; prints `listening <port>` on stdout when ready. Answers CORS
// preflights for any origin (the test page is on another port). Stop it with SIGTERM.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import yaml from 'js-yaml';
import Ajv2020 from 'ajv/dist/2020.js';

const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const PORT = Number(args.get('port') ?? 0);
const TOKEN = args.get('token') ?? 'strict-token';
const FLAW = args.get('flaw') ?? null;

// ------------------------------------------------------------------ the contract
const spec = yaml.load(readFileSync(fileURLToPath(new URL('../../docs/openapi.yaml', import.meta.url)), 'utf8'));
const COMPONENTS = 'urn:callpop:openapi';
/** `$ref: '#/components/schemas/X'` → absolute, so every schema compiles on its own. */
function absolute(node) {
  if (Array.isArray(node)) return node.map(absolute);
  if (node && typeof node === 'object') {
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')
        ? `${COMPONENTS}#/$defs/${value.slice('#/components/schemas/'.length)}`
        : absolute(value);
    }
    return out;
  }
  return node;
}
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: COMPONENTS, $defs: absolute(spec.components.schemas) });
const compiled = new Map();
function validator(schema) {
  if (!compiled.has(schema)) compiled.set(schema, ajv.compile(absolute(schema)));
  return compiled.get(schema);
}
const deref = (node) => (node && node.$ref ? node.$ref.split('/').slice(1).reduce((at, part) => at[part], spec) : node);

/** Every operation of the document: method, path template as a regex, parameters, bodies. */
const operations = [];
for (const [template, item] of Object.entries(spec.paths)) {
  const names = [];
  const pattern = new RegExp(
    `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name) => (names.push(name), '([^/]+)'))}$`,
  );
  for (const method of ['get', 'put', 'post', 'patch', 'delete']) {
    const op = item[method];
    if (!op) continue;
    const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
    const body = op.requestBody?.content?.['application/json']?.schema;
    const responses = {};
    for (const [status, response] of Object.entries(op.responses)) {
      const schema = deref(response).content?.['application/json']?.schema;
      if (schema && /^2/.test(status)) responses[status] = schema;
    }
    operations.push({
      id: op.operationId,
      method: method.toUpperCase(),
      template,
      pattern,
      names,
      parameters,
      body,
      bodyRequired: op.requestBody?.required === true,
      responses,
      secured: op.security === undefined || op.security.length > 0,
    });
  }
}

// ------------------------------------------------------------------ answers
class Problem extends Error {
  constructor(status, code, message, fields) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}
const notFound = (what, id) => new Problem(404, 'not-found', `Unknown ${what}: ${id}.`);
const invalid = (message, fields) => new Problem(422, 'validation', message, fields);
const conflict = (message) => new Problem(409, 'conflict', message);

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept, Idempotency-Key, If-Match',
  'Access-Control-Max-Age': '600',
};

function send(res, status, body) {
  if (body === undefined) {
    res.writeHead(status, CORS).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...CORS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(text);
}

function problemBody(problem) {
  const error = { code: problem.code, message: problem.message };
  if (problem.fields && Object.keys(problem.fields).length > 0) error.fields = problem.fields;
  return { error };
}

/** ajv errors → `{ "phones.0": "must match pattern …" }`, the contract's field keys. */
function fieldsOf(errors) {
  const fields = {};
  for (const error of errors ?? []) {
    let path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (error.keyword === 'required') path = path ? `${path}.${error.params.missingProperty}` : error.params.missingProperty;
    if (!(path in fields)) fields[path || 'body'] = error.message ?? 'Invalid.';
  }
  return fields;
}

// ------------------------------------------------------------------ state
const nowIso = () => new Date().toISOString();
const agents = [
  { id: 'agent-1001', name: '李娜', extension: '1001', email: 'li.na@example.com' },
  { id: 'agent-1002', name: '王强', extension: '1002', email: null },
];
const ME = agents[0];
const customers = new Map();
const calls = new Map();
const summaries = new Map();
const tickets = new Map();
const plans = new Map();
const segments = new Map();
const idempotency = new Map();
const eventTickets = new Map();
let ticketNumber = 0;
const summarySchema = {
  statuses: [
    { value: 'resolved', label: { en: 'Resolved', 'zh-CN': '已解决' }, resolved: true },
    { value: 'follow-up', label: { en: 'Follow up', 'zh-CN': '待跟进' } },
  ],
  categories: [{ id: 'cat-billing', name: { en: 'Billing', 'zh-CN': '账单' } }],
  templates: [],
  fields: [],
};
const ticketSchema = { categories: [], fields: [] };
const phoneSettings = {
  callPermission: true,
  extension: '1001',
  callerId: { mode: 'fixed', numbers: [{ number: '+864008001234', label: null }], header: null },
  breakReasons: [],
  acwSeconds: 0,
  autoAnswer: false,
  viewFullNumbers: true,
};

function page(items, query) {
  const limit = query.has('limit') ? Number(query.get('limit')) : 20;
  const offset = query.get('cursor') ? Number(query.get('cursor').replace(/^o/, '')) : 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalid('The cursor is not one this server gave.', { cursor: 'Unknown cursor.' });
  const slice = items.slice(offset, offset + limit);
  return { items: slice, nextCursor: offset + limit < items.length ? `o${offset + limit}` : null };
}
const newest = (at) => (a, b) => at(b).localeCompare(at(a));

/** `If-Match`: absent or `*` → no check; otherwise a plain integer (checked before the handler runs). */
function checkVersion(ifMatch, current, what) {
  if (ifMatch === undefined) return;
  if (ifMatch !== current) throw conflict(`Someone else changed this ${what} first (version ${current}, not ${ifMatch}); reload and try again.`);
}

function secondsBetween(from, to) {
  return from && to ? Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000)) : 0;
}

// ------------------------------------------------------------------ phone bar extras
/** A report's end reason, survey and quality summary (checked by the schema) onto the record; a survey keeps its score. */
function reportExtras(existing, body) {
  const extras = {};
  const endReason = body.endReason !== undefined ? body.endReason : existing?.endReason;
  if (endReason !== undefined) extras.endReason = endReason;
  if (body.survey) extras.survey = { ...body.survey, score: existing?.survey?.score ?? null, maxScore: existing?.survey?.maxScore ?? null };
  else if (existing?.survey !== undefined) extras.survey = existing.survey;
  const quality = body.quality !== undefined ? body.quality : existing?.quality;
  if (quality !== undefined) extras.quality = quality;
  return extras;
}

function callOf(id) {
  const call = calls.get(id);
  if (!call) throw notFound('call', id);
  return call;
}
function customerOf(id) {
  const customer = customers.get(id);
  if (!customer) throw notFound('customer', id);
  return customer;
}

const handlers = {
  // customers
  findCustomersByPhone: ({ query }) => ({ items: [...customers.values()].filter((c) => c.phones.includes(query.get('phone'))) }),
  searchCustomers: ({ query }) => {
    const q = query.get('q').toLowerCase();
    return page([...customers.values()].filter((c) => c.name.toLowerCase().includes(q) || c.phones.some((p) => p.includes(q))), query);
  },
  getCustomer: ({ params }) => customerOf(params.id),
  createCustomer: ({ body }) => {
    const at = nowIso();
    const customer = { email: null, company: null, address: null, level: 'normal', tags: [], notes: null, ...body, id: `cus-${randomUUID()}`, createdAt: at, updatedAt: at, version: 1 };
    customers.set(customer.id, customer);
    return [201, customer];
  },
  updateCustomer: ({ params, body, ifMatch }) => {
    const current = customerOf(params.id);
    checkVersion(ifMatch, current.version, 'customer');
    const customer = { ...current, email: null, company: null, address: null, level: 'normal', tags: [], notes: null, ...body, id: current.id, createdAt: current.createdAt, updatedAt: nowIso(), version: current.version + 1 };
    customers.set(customer.id, customer);
    return customer;
  },
  listBusinessRecords: ({ params, query }) => {
    customerOf(params.id);
    const records = [...calls.values()]
      .filter((call) => call.customerId === params.id)
      .map((call) => ({ id: `rec-${call.id}`, kind: 'call', customerId: params.id, at: call.startedAt, title: `${call.direction} call`, summary: summaries.get(call.id)?.remark || null, refId: call.id, channel: call.direction }))
      .sort(newest((r) => r.at));
    return page(records, query);
  },
  getChat: ({ params }) => {
    throw notFound('chat', params.id);
  },
  // tickets
  getTicketSchema: () => ticketSchema,
  getTicket: ({ params }) => {
    const ticket = tickets.get(params.id);
    if (!ticket) throw notFound('ticket', params.id);
    return ticket;
  },
  listTicketsByCustomer: ({ params, query }) => {
    customerOf(params.id);
    return page([...tickets.values()].filter((t) => t.customerId === params.id).sort(newest((t) => t.createdAt)), query);
  },
  listTicketsByCall: ({ params, query }) => {
    callOf(params.id);
    return page([...tickets.values()].filter((t) => t.callId === params.id).sort(newest((t) => t.createdAt)), query);
  },
  createTicket: ({ body }) => {
    const fields = {};
    if (body.callId !== null && !calls.has(body.callId)) fields.callId = 'Unknown call.';
    if (body.customerId !== null && !customers.has(body.customerId)) fields.customerId = 'Unknown customer.';
    if (body.assigneeId !== null && !agents.some((a) => a.id === body.assigneeId)) fields.assigneeId = 'Unknown agent.';
    if (body.title.trim() === '') fields.title = 'Required.';
    if (Object.keys(fields).length > 0) throw invalid('The ticket could not be created.', fields);
    const at = nowIso();
    ticketNumber += 1;
    const ticket = { ...body, id: `tkt-${randomUUID()}`, number: `T-${at.slice(0, 10).replaceAll('-', '')}-${String(ticketNumber).padStart(4, '0')}`, status: 'open', createdBy: ME.id, createdAt: at, updatedAt: at, version: 1 };
    tickets.set(ticket.id, ticket);
    return [201, ticket];
  },
  // calls
  getCall: ({ params }) => callOf(params.id),
  reportCall: ({ params, body }) => {
    if (body.id !== params.id) throw invalid('The call id in the body does not match the URL.', { id: 'Must equal the path id.' });
    if (!agents.some((a) => a.id === body.agentId)) throw invalid('The call could not be recorded.', { agentId: 'Unknown agent.' });
    const existing = calls.get(params.id);
    const startedAt = existing?.startedAt ?? body.startedAt;
    const answeredAt = existing?.answeredAt ?? body.answeredAt;
    const call = {
      id: params.id,
      direction: body.direction,
      customerNumber: body.customerNumber,
      displayNumber: body.displayNumber,
      agentId: existing?.agentId ?? body.agentId,
      customerId: existing?.customerId ?? [...customers.values()].find((c) => c.phones.includes(body.customerNumber))?.id ?? null,
      queue: null,
      startedAt,
      answeredAt,
      endedAt: body.endedAt,
      ringSeconds: secondsBetween(startedAt, answeredAt ?? body.endedAt),
      talkSeconds: secondsBetween(answeredAt, body.endedAt),
      holdSeconds: body.holdSeconds ?? 0,
      acwSeconds: 0,
      hangupBy: body.hangupBy,
      outcome: body.outcome,
      recordingUrl: null,
      legs: [],
      variables: { ...(existing?.variables ?? {}), ...(body.variables ?? {}) },
      version: (existing?.version ?? 0) + 1,
      ...reportExtras(existing, body),
    };
    calls.set(call.id, call);
    return call;
  },
  linkCallCustomer: ({ params, body }) => {
    const current = callOf(params.id);
    if (body.customerId !== null && !customers.has(body.customerId)) throw invalid('The customer does not exist.', { customerId: 'Unknown customer.' });
    const call = { ...current, customerId: body.customerId, version: current.version + 1 };
    calls.set(call.id, call);
    return call;
  },
  listCallsByAgent: ({ params, query }) => {
    if (!agents.some((a) => a.id === params.id)) throw notFound('agent', params.id);
    return page([...calls.values()].filter((c) => c.agentId === params.id).sort(newest((c) => c.startedAt)), query);
  },
  // summary
  getSummarySchema: () => summarySchema,
  listSummaryExamples: ({ query }) =>
    page(
      [...summaries.values()]
        .filter((s) => typeof s.categoryId === 'string' && s.categoryId !== '')
        .sort(newest((s) => s.updatedAt))
        .map((s) => ({
          callId: s.callId,
          categoryId: s.categoryId,
          savedAt: s.updatedAt,
          lines: [...(segments.get(s.callId) ?? [])].filter((x) => x.final).sort((a, b) => a.seq - b.seq).map(({ speaker, text }) => ({ speaker, text })),
        })),
      query,
    ),
  getSummary: ({ params }) => {
    if (FLAW === 'unknown-call-summary' && !calls.has(params.id)) return [204, undefined];
    callOf(params.id);
    // The contract allows `200 null` or `204`; this server answers 204 (the memory backend 200 null).
    return summaries.has(params.id) ? summaries.get(params.id) : [204, undefined];
  },
  saveSummary: ({ params, body, ifMatch }) => {
    callOf(params.id);
    const current = summaries.get(params.id);
    checkVersion(ifMatch, current?.version ?? 0, 'summary');
    const fields = {};
    if (body.status !== null && !summarySchema.statuses.some((s) => s.value === body.status)) fields.status = 'Unknown status.';
    if (body.categoryId !== null && !summarySchema.categories.some((c) => c.id === body.categoryId)) fields.categoryId = 'Unknown category.';
    if (body.templateId !== null) fields.templateId = 'Unknown template.';
    if (body.remark.length > 2000) fields.remark = 'At most 2000 characters.';
    if (Object.keys(fields).length > 0) throw invalid('The summary could not be saved.', fields);
    const summary = { ...body, callId: params.id, updatedAt: nowIso(), updatedBy: ME.id, version: (current?.version ?? 0) + 1 };
    summaries.set(params.id, summary);
    return summary;
  },
  // sms
  listSmsTemplates: () => ({ items: [] }),
  sendSms: ({ body }) => {
    throw invalid('Unknown template.', { templateId: `No template ${body.templateId}.` });
  },
  // contact plans
  listContactPlans: ({ query }) => {
    const statuses = query.get('statuses')?.split(',') ?? null;
    return page([...plans.values()].filter((p) => p.assigneeId === query.get('assigneeId') && (!statuses || statuses.includes(p.status))), query);
  },
  createContactPlan: ({ body }) => {
    if (!agents.some((a) => a.id === body.assigneeId)) throw invalid('The plan could not be created.', { assigneeId: 'Unknown agent.' });
    const plan = { ...body, id: `plan-${randomUUID()}`, status: 'pending', snoozedUntil: null, createdBy: ME.id, createdAt: nowIso(), completedAt: null, version: 1 };
    plans.set(plan.id, plan);
    return [201, plan];
  },
  updateContactPlan: ({ params, body }) => {
    const current = plans.get(params.id);
    if (!current) throw notFound('contact plan', params.id);
    const plan = { ...current, ...body, completedAt: body.status === 'done' ? nowIso() : current.completedAt, version: current.version + 1 };
    plans.set(plan.id, plan);
    return plan;
  },
  // agents, docking pages, conversation
  getSignedInAgent: () => ME,
  getPhoneSettings: () => phoneSettings,
  // Phone bar extras: the queue indicator.
  getQueueStats: () => ({ at: nowIso(), queues: [{ id: 'q-billing', name: { en: 'Billing', 'zh-CN': '账单' }, waiting: 2, longestWaitSeconds: 45 }] }),
  setAgentStatus: ({ body }) => {
    const reasons = phoneSettings.breakReasons.map((r) => r.id);
    if (body.status === 'break' && reasons.length > 0 && !reasons.includes(body.breakReasonId)) {
      throw invalid('A break needs one of the break reasons.', { breakReasonId: 'One of the break reasons.' });
    }
    if (body.status !== 'break' && body.breakReasonId !== null) throw invalid('Only a break has a reason.', { breakReasonId: 'Must be null.' });
    // Phone bar extras: after-call work carries its end (again, when the agent extends it).
    const acwEndsAt = body.acwEndsAt ?? null;
    if (acwEndsAt !== null && body.status !== 'acw') throw invalid('Only after-call work has an end.', { acwEndsAt: 'Must be null unless status is acw.' });
    return { status: body.status, breakReasonId: body.breakReasonId, since: nowIso(), ...(acwEndsAt !== null ? { acwEndsAt } : {}) };
  },
  listAgents: ({ query }) => page(agents, query),
  listDockingPages: () => ({ items: [] }),
  getConversation: ({ params }) => {
    callOf(params.id);
    return { items: [...(segments.get(params.id) ?? [])].sort((a, b) => a.seq - b.seq) };
  },
  smartFill: () => {
    throw new Problem(404, 'not-found', 'Smart fill is not offered by this backend.');
  },
  // ---- number masking and regions (issue 15): references are `customer:<id>:<n>`
  resolveNumber: ({ body }) => {
    const [, id, n] = /^customer:(.+):(\d+)$/.exec(body.ref) ?? [];
    const number = id === undefined ? undefined : customers.get(id)?.phones[Number(n)];
    if (number === undefined) throw notFound('number reference', body.ref);
    return { number };
  },
  numberRegion: ({ body }) => ({ country: body.number.startsWith('+86') ? 'CN' : null, province: null, city: null, carrier: null }),
  // events
  createEventTicket: () => {
    const ticket = randomUUID();
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    eventTickets.set(ticket, Date.now() + 60_000);
    return [201, { ticket, expiresAt }];
  },
};

// ------------------------------------------------------------------ the HTTP layer
const WRITE_HEADER = '#/components/parameters/IdempotencyKey';

function isWrite(op) {
  return (spec.paths[op.template][op.method.toLowerCase()].parameters ?? []).some((p) => p.$ref === WRITE_HEADER);
}

/** `{ a: 1, b: [..] }` with sorted keys, for the idempotency fingerprint. */
function canonical(value) {
  return JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.keys(inner).sort().map((k) => [k, inner[k]]))
      : inner,
  );
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 1_000_000) throw new Problem(413, 'validation', 'The body is too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function streamEvents(req, res, query) {
  const ticket = query.get('ticket');
  const expiry = ticket ? eventTickets.get(ticket) : undefined;
  if (ticket) eventTickets.delete(ticket);
  if (expiry === undefined || expiry < Date.now()) throw new Problem(401, 'unauthorized', 'The event ticket is missing, used or expired.');
  res.writeHead(200, { ...CORS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.write(': connected\n\n');
  const timer = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  req.on('close', () => clearInterval(timer));
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'OPTIONS') return send(res, 204);
  const candidates = operations.filter((op) => op.pattern.test(url.pathname));
  if (candidates.length === 0) throw new Problem(404, 'not-found', `No route ${url.pathname}.`);
  // A literal path wins over a template (`/agents/me` over `/agents/{id}/…`).
  const op = candidates.filter((c) => c.method === req.method).sort((a, b) => a.names.length - b.names.length)[0];
  if (!op) throw new Problem(405, 'validation', `${req.method} is not allowed on ${url.pathname}.`);
  if (op.secured && req.headers.authorization !== `Bearer ${TOKEN}`) throw new Problem(401, 'unauthorized', 'A valid bearer token is required.');

  const match = op.pattern.exec(url.pathname);
  const params = {};
  op.names.forEach((name, i) => {
    params[name] = decodeURIComponent(match[i + 1]);
  });

  // Parameters: required ones present, query values of the documented type.
  for (const parameter of op.parameters) {
    if (parameter.in === 'query') {
      const raw = url.searchParams.get(parameter.name);
      if (raw === null || raw === '') {
        if (parameter.required) throw invalid(`The ${parameter.name} query parameter is required.`, { [parameter.name]: 'Required.' });
        continue;
      }
      const value = parameter.schema?.type === 'integer' ? Number(raw) : raw;
      if (!validator(parameter.schema)(value)) throw invalid(`The ${parameter.name} query parameter is not valid.`, { [parameter.name]: 'Not valid.' });
    }
  }
  if (op.id === 'streamEvents') return streamEvents(req, res, url.searchParams);

  const key = req.headers['idempotency-key'];
  const write = isWrite(op);
  if (write && (typeof key !== 'string' || key.trim() === '' || key.length > 200)) {
    throw new Problem(400, 'validation', 'Every write needs an Idempotency-Key header (1–200 characters).', { 'Idempotency-Key': 'Required.' });
  }
  let ifMatch;
  const rawIfMatch = req.headers['if-match'];
  if (op.parameters.some((p) => p.name === 'If-Match') && rawIfMatch !== undefined && rawIfMatch.trim() !== '*') {
    if (!/^\d+$/.test(rawIfMatch.trim())) throw new Problem(400, 'validation', 'If-Match must be a record version (an integer) or *.', { 'If-Match': 'Must be an integer.' });
    ifMatch = Number(rawIfMatch.trim());
  }

  let body;
  if (op.body) {
    const text = await readBody(req);
    if (text.trim() === '') {
      if (op.bodyRequired) throw new Problem(400, 'validation', 'The request body is required.');
    } else {
      try {
        body = JSON.parse(text);
      } catch {
        throw new Problem(400, 'validation', 'The request body must be JSON.');
      }
    }
  }

  // The idempotency key first: a repeat is answered with its first result, before any other check.
  const print = `${op.method} ${url.pathname} ${canonical(body ?? null)}`;
  if (write) {
    const stored = idempotency.get(key);
    if (stored) {
      if (stored.print !== print) throw conflict('This Idempotency-Key was already used for a different request.');
      return send(res, stored.status, stored.body);
    }
  }
  if (op.body && body !== undefined) {
    const check = validator(op.body);
    if (!check(body)) throw invalid('The request does not follow the contract.', fieldsOf(check.errors));
  }

  const handler = handlers[op.id];
  if (!handler) throw new Problem(501, 'server', `${op.id} is not implemented.`);
  const result = await handler({ params, query: url.searchParams, body, ifMatch });
  const [status, answer] = Array.isArray(result) && typeof result[0] === 'number' ? result : [200, result];
  if (answer !== undefined) {
    const schema = op.responses[String(status)];
    if (schema) {
      const check = validator(schema);
      if (!check(answer)) throw new Problem(500, 'server', `This server broke the contract in ${op.id}: ${ajv.errorsText(check.errors)}`);
    }
  }
  if (write) idempotency.set(key, { print, status, body: answer });
  return send(res, status, answer);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    if (error instanceof Problem) return send(res, error.status, problemBody(error));
    console.error('strict server: unexpected error', error);
    return send(res, 500, { error: { code: 'server', message: 'Internal error.' } });
  });
});
server.listen(PORT, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
