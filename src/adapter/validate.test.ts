import { expect } from '@open-wc/testing';
import type { BackendAdapter } from './backend-adapter.js';
import { AdapterError } from './errors.js';
import type { CategoryNode, PushEvent } from './types.js';
import { customer, pushEvent, ticket, ticketSchema } from './validate.js';
import { withValidation } from './validated-adapter.js';

const goodCustomer = {
  id: 'c1',
  name: 'Li Lei',
  phones: ['+8613800138000'],
  email: 'li@example.com',
  company: null,
  address: null,
  level: 'vip',
  tags: ['a'],
  notes: null,
  createdAt: '2026-11-25T08:00:00.000Z',
  updatedAt: '2026-11-25T08:00:00.000Z',
  version: 3,
};

const goodSegment = {
  id: 's1',
  callId: 'call-1',
  speaker: 'customer',
  text: 'hello',
  final: true,
  seq: 1,
  at: '2026-11-25T08:00:01.000Z',
};

/** Resolves with `error` as an AdapterError, or fails when the promise resolves. */
async function rejection(promise: Promise<unknown>): Promise<AdapterError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(AdapterError);
    return error as AdapterError;
  }
  throw new Error('expected the promise to reject');
}

function caught(run: () => unknown): AdapterError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(AdapterError);
    return error as AdapterError;
  }
  throw new Error('expected a throw');
}

/** A fake adapter with only the methods a test calls. */
function fake(parts: object): BackendAdapter {
  return parts as unknown as BackendAdapter;
}

function categoryChain(depth: number): CategoryNode[] {
  let nodes: CategoryNode[] = [];
  for (let level = depth; level >= 1; level--) {
    nodes = [{ id: `n${level}`, name: `Level ${level}`, children: nodes }];
  }
  return nodes;
}

describe('response validation', () => {
  it('passes a valid customer as a new object without the keys the contract does not know', () => {
    const raw = { ...goodCustomer, secret: 'x', __internal: { deep: true } };
    const result = customer(raw, 'customer');
    expect(result).to.deep.equal(goodCustomer);
    expect(result).not.to.equal(raw);
    expect(Object.keys(result)).not.to.include('secret');
  });

  it('rejects a customer whose name is a number, naming the path', async () => {
    const adapter = withValidation(
      fake({ customers: { get: async () => ({ ...goodCustomer, name: 42 }) } }),
    );
    const error = await rejection(adapter.customers.get('c1'));
    expect(error.code).to.equal('invalid-response');
    expect(error.message).to.equal('customers.get.name: expected a string, got number');
  });

  it('rejects phones that are not an array, and a wrong type inside the array', () => {
    const notArray = caught(() => customer({ ...goodCustomer, phones: '+8613800138000' }, 'c'));
    expect(notArray.message).to.equal('c.phones: expected an array, got string');
    const badItem = caught(() => customer({ ...goodCustomer, phones: ['+86', 7] }, 'c'));
    expect(badItem.message).to.equal('c.phones[1]: expected a string, got number');
  });

  it('rejects null where a string is required', () => {
    const error = caught(() => customer({ ...goodCustomer, id: null }, 'c'));
    expect(error.code).to.equal('invalid-response');
    expect(error.message).to.equal('c.id: expected a string, got null');
  });

  it('accepts missing nullable keys as null but rejects a wrong enum value', () => {
    const { email: _e, company: _c, notes: _n, ...rest } = goodCustomer;
    expect(customer(rest, 'c')).to.include({ email: null, company: null, notes: null });
    expect(caught(() => customer({ ...goodCustomer, level: 'gold' }, 'c')).message).to.equal(
      'c.level: expected one of "normal", "vip", got string',
    );
  });

  it('rejects a page without items', async () => {
    const adapter = withValidation(
      fake({ customers: { search: async () => ({ nextCursor: null }) } }),
    );
    const error = await rejection(adapter.customers.search('li'));
    expect(error.code).to.equal('invalid-response');
    expect(error.message).to.equal('customers.search.items: expected an array, got undefined');
  });

  it('accepts a category tree ten levels deep and rejects one eleven levels deep', () => {
    const ok = ticketSchema({ categories: categoryChain(10), fields: [] }, 'schema');
    let node = ok.categories[0];
    let depth = 0;
    while (node) {
      depth++;
      node = node.children?.[0];
    }
    expect(depth).to.equal(10);
    const error = caught(() => ticketSchema({ categories: categoryChain(11), fields: [] }, 'schema'));
    expect(error.code).to.equal('invalid-response');
    expect(error.message).to.match(/^schema\.categories(\[0\]\.children){10}: expected a tree at most 10 levels deep$/);
  });

  it('lets a form field of an unknown type through and drops missing optional keys', () => {
    const schema = ticketSchema(
      { categories: [], fields: [{ key: 'k', label: { en: 'K' }, type: 'signature-pad', min: null }] },
      's',
    );
    expect(schema.fields).to.deep.equal([{ key: 'k', label: { en: 'K' }, type: 'signature-pad' }]);
  });

  it('rejects strings longer than 100 000 characters and instants Date cannot read', () => {
    expect(caught(() => customer({ ...goodCustomer, notes: 'x'.repeat(100_001) }, 'c')).message).to.equal(
      'c.notes: expected a string of at most 100000 characters',
    );
    expect(customer({ ...goodCustomer, notes: 'x'.repeat(100_000) }, 'c').notes).to.have.length(100_000);
    expect(caught(() => customer({ ...goodCustomer, createdAt: 'yesterday' }, 'c')).message).to.equal(
      'c.createdAt: expected an ISO 8601 instant',
    );
    expect(caught(() => customer({ ...goodCustomer, version: Number.NaN }, 'c')).code).to.equal(
      'invalid-response',
    );
  });

  it('passes markup in strings through unchanged', () => {
    const name = '<img src=x onerror="alert(1)">&amp;';
    expect(customer({ ...goodCustomer, name }, 'c').name).to.equal(name);
  });

  it('keeps a __proto__ key of a field map as plain data', () => {
    const raw = JSON.parse(
      JSON.stringify({
        id: 't1',
        number: 'T-1',
        title: 't',
        description: '',
        status: 'open',
        priority: 'normal',
        fields: { color: ['red'], count: 2 },
        createdBy: 'a1',
        createdAt: '2026-11-25T08:00:00.000Z',
        updatedAt: '2026-11-25T08:00:00.000Z',
        version: 1,
      }).replace('"color"', '"__proto__"'),
    ) as unknown;
    const result = ticket(raw, 't');
    expect(Object.getPrototypeOf(result.fields)).to.equal(Object.prototype);
    expect(Object.keys(result.fields)).to.deep.equal(['__proto__', 'count']);
    expect(result.categoryId).to.equal(null);
  });

  it('rejects a push of an unknown type', () => {
    expect(caught(() => pushEvent({ type: 'agent.fired' }, 'push')).message).to.equal(
      'push.type: expected a known push type',
    );
  });
});

describe('withValidation', () => {
  it('rejects with invalid-response instead of resolving garbage', async () => {
    const adapter = withValidation(
      fake({
        customers: { findByPhone: async () => [goodCustomer, 'garbage'] },
        summary: { get: async () => 'nothing' },
      }),
    );
    const list = await rejection(adapter.customers.findByPhone('+8613800138000'));
    expect(list.code).to.equal('invalid-response');
    expect(list.message).to.equal('customers.findByPhone[1]: expected an object, got string');
    expect((await rejection(adapter.summary.get('call-1'))).code).to.equal('invalid-response');
  });

  it('resolves a clean copy of a valid answer, and null for a summary not saved yet', async () => {
    const adapter = withValidation(
      fake({
        customers: { get: async (id: string) => ({ ...goodCustomer, id, extra: 1 }) },
        summary: { get: async () => null },
      }),
    );
    expect(await adapter.customers.get('c9')).to.deep.equal({ ...goodCustomer, id: 'c9' });
    expect(await adapter.summary.get('call-1')).to.equal(null);
  });

  it('turns a plain Error of the inner adapter into an AdapterError and keeps AdapterErrors as they are', async () => {
    const conflict = new AdapterError('conflict', 'stale');
    const adapter = withValidation(
      fake({
        customers: {
          get: async () => {
            throw new Error('socket hang up');
          },
          create: () => {
            throw conflict;
          },
        },
      }),
    );
    const error = await rejection(adapter.customers.get('c1'));
    expect(error.code).to.equal('network');
    expect(error.message).to.equal('socket hang up');
    expect(await rejection(adapter.customers.create({ name: 'x', phones: [] }, { idempotencyKey: 'k' }))).to.equal(
      conflict,
    );
  });

  it('does not wrap an adapter twice, and has smartFill only when the inner adapter has it', async () => {
    const once = withValidation(fake({}));
    expect(withValidation(once)).to.equal(once);
    expect(once.smartFill).to.equal(undefined);
    const withFill = withValidation(
      fake({ smartFill: { extract: async () => ({ values: [{ key: 'k', value: 'v', confidence: 0.5 }] }) } }),
    );
    const error = await rejection(
      withFill.smartFill!.extract({
        callId: 'c',
        segments: [],
        fields: [],
        categories: [],
        templates: [],
        statuses: [],
        callTime: '2026-11-25T08:00:00.000Z',
      }),
    );
    expect(error.message).to.equal('smartFill.extract.values[0].segmentIds: expected an array, got undefined');
  });

  it('drops invalid pushes with one warning per push type and delivers the valid ones', () => {
    let push: ((event: unknown) => void) | undefined;
    let unsubscribed = 0;
    const adapter = withValidation(
      fake({
        subscribe: (_types: unknown, listener: (event: unknown) => void) => {
          push = listener;
          return () => unsubscribed++;
        },
      }),
    );
    const received: PushEvent[] = [];
    const warnings: unknown[][] = [];
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const stop = adapter.subscribe(['conversation.segment', 'customer.updated'], (e) => received.push(e));
      push!({ type: 'conversation.segment', segment: { ...goodSegment, text: 1 } });
      push!({ type: 'conversation.segment', segment: { ...goodSegment, seq: 'x' } });
      push!({ type: 'conversation.segment', segment: { ...goodSegment, extra: true } });
      push!({ type: 'customer.updated', customer: { id: 1 } });
      push!({ type: 'customer.updated', customer: null });
      push!({ type: 'made.up' });
      push!({ type: 'made.up.too' });
      push!(null);
      push!({ type: 'call.updated', call: 'not asked for and invalid' });
      stop();
      expect(unsubscribed).to.equal(1);
    } finally {
      console.warn = originalWarn;
    }
    expect(received).to.deep.equal([{ type: 'conversation.segment', segment: goodSegment }]);
    expect(warnings).to.have.length(4);
    expect(String(warnings[0]?.[0])).to.contain('push.segment.text');
  });

  it('does not deliver valid pushes of a type the listener did not ask for', () => {
    let push: ((event: unknown) => void) | undefined;
    const adapter = withValidation(
      fake({
        subscribe: (_t: unknown, listener: (event: unknown) => void) => {
          push = listener;
          return () => {};
        },
      }),
    );
    const received: PushEvent[] = [];
    adapter.subscribe(['customer.updated'], (e) => received.push(e));
    push!({ type: 'conversation.segment', segment: goodSegment });
    push!({ type: 'customer.updated', customer: goodCustomer });
    expect(received).to.deep.equal([{ type: 'customer.updated', customer: goodCustomer }]);
  });
});
