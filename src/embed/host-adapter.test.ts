import { expect } from '@open-wc/testing';
import { AdapterError } from '../adapter/errors.js';
import type { PushEvent } from '../adapter/types.js';
import { HostAdapter } from './host-adapter.js';
import type { FrameMessage } from './protocol.js';

function rig(timeoutMs = 1000, smartFill = false) {
  const sent: FrameMessage[] = [];
  const adapter = new HostAdapter((message) => sent.push(message), { timeoutMs, smartFill });
  const last = <K extends FrameMessage['kind']>(kind: K) => [...sent].reverse().find((m) => m.kind === kind) as Extract<FrameMessage, { kind: K }>;
  return { adapter, sent, last };
}

async function rejection(promise: Promise<unknown>): Promise<AdapterError> {
  try {
    await promise;
  } catch (error) {
    return error as AdapterError;
  }
  throw new Error('expected the promise to reject');
}

describe('HostAdapter (the frame asks the host page for data)', () => {
  it('sends one request per call and resolves with the host answer of the same id', async () => {
    const { adapter, sent, last } = rig();
    const found = adapter.customers.findByPhone('+8613800138000');
    const request = last('request');
    expect(request).to.deep.include({ callpop: 1, kind: 'request', method: 'customers.findByPhone', args: ['+8613800138000'] });
    adapter.receive({ callpop: 1, kind: 'response', id: 'someone-else', result: [] });
    adapter.receive({ callpop: 1, kind: 'response', id: request.id, result: [{ id: 'c1' }] });
    expect(await found).to.deep.equal([{ id: 'c1' }]);
    expect(sent).to.have.length(1);
    expect(adapter.pendingCount).to.equal(0);
  });

  it('sends the idempotency key and expected version, never the signal, and drops trailing missing arguments', async () => {
    const { adapter, last } = rig();
    adapter.customers.update('c1', { name: 'A', phones: [] }, { idempotencyKey: 'k1', expectedVersion: 3, signal: new AbortController().signal }).catch(() => undefined);
    expect(last('request')).to.deep.include({ method: 'customers.update', args: ['c1', { name: 'A', phones: [] }], options: { idempotencyKey: 'k1', expectedVersion: 3 } });
    adapter.customers.search('zhang', undefined, {}).catch(() => undefined);
    expect(last('request').args).to.deep.equal(['zhang']);
    expect(last('request')).not.to.have.property('options');
    adapter.dispose();
  });

  it('rejects with the AdapterError the host answered, fields included', async () => {
    const { adapter, last } = rig();
    const created = adapter.customers.create({ name: '', phones: [] }, { idempotencyKey: 'k' });
    adapter.receive({ callpop: 1, kind: 'response', id: last('request').id, error: { code: 'validation', message: 'Name needed', status: 422, fields: { name: 'Required.' } } });
    const error = await rejection(created);
    expect(error).to.be.instanceOf(AdapterError);
    expect(error.code).to.equal('validation');
    expect(error.status).to.equal(422);
    expect(error.fields).to.deep.equal({ name: 'Required.' });
  });

  it('times out with a clear error naming the method when the host never answers, and tells the host to stop', async () => {
    const { adapter, last } = rig(50);
    const error = await rejection(adapter.customers.findByPhone('+8613900139000'));
    expect(error.code).to.equal('timeout');
    expect(error.message).to.equal('The CRM page did not answer customers.findByPhone within 0.1 s.');
    expect(error).to.include({ code: 'timeout', retryable: true });
    expect(last('cancel')).to.deep.equal({ callpop: 1, kind: 'cancel', id: last('request').id });
    expect(adapter.pendingCount).to.equal(0);
  });

  it('a late answer after the timeout is ignored', async () => {
    const { adapter, last } = rig(30);
    await rejection(adapter.agents.me());
    adapter.receive({ callpop: 1, kind: 'response', id: last('request').id, result: { id: 'a1' } });
    expect(adapter.pendingCount).to.equal(0);
  });

  it('an aborted signal rejects with aborted and cancels the host call', async () => {
    const { adapter, last } = rig();
    const controller = new AbortController();
    const pending = adapter.tickets.schema({ signal: controller.signal });
    controller.abort();
    expect((await rejection(pending)).code).to.equal('aborted');
    expect(last('cancel').id).to.equal(last('request').id);
    const before = rig();
    expect((await rejection(before.adapter.agents.me({ signal: AbortSignal.abort() }))).code).to.equal('aborted');
    expect(before.sent).to.have.length(0);
  });

  it('forwards pushes of a subscription until it is stopped', () => {
    const { adapter, last } = rig();
    const heard: PushEvent[] = [];
    const stop = adapter.subscribe(['customer.updated'], (event) => heard.push(event));
    const subscription = last('subscribe');
    expect(subscription.types).to.deep.equal(['customer.updated']);
    const push = { type: 'customer.updated', customer: { id: 'c1' } } as unknown as PushEvent;
    adapter.receive({ callpop: 1, kind: 'push', id: subscription.id, event: push });
    adapter.receive({ callpop: 1, kind: 'push', id: 'other', event: push });
    stop();
    adapter.receive({ callpop: 1, kind: 'push', id: subscription.id, event: push });
    expect(heard).to.have.length(1);
    expect(last('unsubscribe').id).to.equal(subscription.id);
  });

  it('has smartFill only when the host adapter does', () => {
    expect(rig().adapter.smartFill).to.equal(undefined);
    expect(rig(1000, true).adapter.smartFill).to.have.property('extract');
  });

  it('dispose rejects what is waiting', async () => {
    const { adapter } = rig();
    const pending = adapter.agents.me();
    adapter.dispose();
    expect((await rejection(pending)).code).to.equal('aborted');
    expect((await rejection(adapter.agents.me())).code).to.equal('aborted');
  });
});
