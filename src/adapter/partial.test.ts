import { expect } from '@open-wc/testing';
import { AdapterError } from './errors.js';
import { MemoryBackend } from './memory/index.js';
import { ADAPTER_DOMAINS, completeAdapter, supportedDomains } from './partial.js';
import { codeForStatus } from './rest/http-client.js';
import { createRestAdapter } from './rest/index.js';
import { withValidation } from './validated-adapter.js';

async function rejection(promise: Promise<unknown>): Promise<AdapterError> {
  try {
    const value = await promise;
    throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
  } catch (error) {
    if (!(error instanceof AdapterError)) throw error;
    return error;
  }
}

describe('partial adapters', () => {
  it('a domain left out rejects every method with a typed, non-retryable not-supported error', async () => {
    const memory = new MemoryBackend();
    const adapter = completeAdapter({ customers: memory.customers });
    const error = await rejection(adapter.tickets.create({} as never, { idempotencyKey: 'k' }));
    expect(error).to.include({ code: 'not-supported', message: 'This backend does not offer tickets.create.' });
    expect(error.retryable, 'not-supported retryable').to.equal(false);
    expect((await adapter.customers.findByPhone('+8613800138000')).map((c) => c.name)).to.include('张伟');
    const stop = adapter.subscribe(['call.updated'], () => undefined);
    expect(stop).to.be.a('function');
    stop();
  });

  it('a method left out of a given domain rejects with not-supported; the domain still counts as offered', async () => {
    const memory = new MemoryBackend();
    const adapter = withValidation({ customers: { findByPhone: memory.customers.findByPhone, get: memory.customers.get } });
    expect((await adapter.customers.findByPhone('+8613800138000')).map((c) => c.name)).to.include('张伟');
    const error = await rejection(adapter.customers.search('张'));
    expect(error).to.include({ code: 'not-supported', message: 'This backend does not offer customers.search.' });
    expect([...supportedDomains(adapter)]).to.deep.equal(['customers']);
  });

  it('the workbench wrapper keeps knowing which domains the host gave', async () => {
    const memory = new MemoryBackend();
    const validated = withValidation({ customers: memory.customers, summary: memory.summary });
    expect([...supportedDomains(validated)]).to.deep.equal(['customers', 'summary']);
    expect((await rejection(validated.dockingPages.list())).code).to.equal('not-supported');
    expect([...supportedDomains(memory)]).to.deep.equal([...ADAPTER_DOMAINS]);
  });

  it('the REST adapter offers only the domains it is given, without a request for the others', async () => {
    const requested: string[] = [];
    const adapter = createRestAdapter({
      baseUrl: '/nowhere',
      domains: ['customers', 'calls'],
      fetch: async (input) => {
        requested.push(String(input));
        return new Response('{"items":[]}', { status: 200, headers: { 'Content-Type': 'application/json' } });
      },
    });
    expect([...supportedDomains(adapter)]).to.deep.equal(['customers', 'calls']);
    expect((await rejection(adapter.conversation.history('c1'))).code).to.equal('not-supported');
    expect(requested).to.deep.equal([]);
    await adapter.customers.findByPhone('+8613800138000');
    expect(requested).to.deep.equal(['/nowhere/customers?phone=%2B8613800138000']);
  });

  it('a REST route answering 501 Not Implemented is not-supported', () => {
    expect(codeForStatus(501)).to.equal('not-supported');
    expect(codeForStatus(500)).to.equal('server');
  });
});
