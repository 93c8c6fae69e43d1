import type { CallOptions, Customer, CustomerInput, Page, PageRequest } from '../adapter/types.js';
import type { ModuleContext } from './context.js';
import type { DraftsModule } from './drafts.js';
import type { PopModule } from './pop.js';

export interface CustomerModule {
  /** Search customers by name, number or company, for "link to an existing customer". */
  searchCustomers(text: string, page?: PageRequest, options?: CallOptions): Promise<Page<Customer>>;
  /**
   * Save an edit of a customer. `draftKey` names the draft that holds what the
   * agent typed: it is kept until the backend confirms, and a retry of the same
   * values uses the same idempotency key.
   */
  updateCustomer(customer: Customer, input: CustomerInput, draftKey: string): Promise<Customer>;
  /** Create a customer and link the call to it ("new caller" and "link to a new customer"). */
  createCustomerForCall(callId: string, input: CustomerInput, draftKey: string): Promise<Customer>;
  /** Link the call to an existing customer. */
  linkCallToCustomer(callId: string, customerId: string): Promise<Customer>;
}

export function createCustomerModule(ctx: ModuleContext, pop: PopModule, drafts: DraftsModule): CustomerModule {
  const { adapter } = ctx;

  async function link(callId: string, customer: Customer, idempotencyKey: string): Promise<void> {
    await ctx.reports.whenKnown(callId, ctx.signal);
    const record = await adapter.calls.linkCustomer(callId, customer.id, { idempotencyKey, signal: ctx.signal });
    const current = ctx.stores.$calls.get()[callId];
    if (current) ctx.stores.$calls.setKey(callId, { ...current, record });
  }

  return {
    searchCustomers(text, page, options) {
      return adapter.customers.search(text.trim(), page, options);
    },
    async updateCustomer(customer, input, draftKey) {
      const saved = await drafts.submitDraft(draftKey, input, (idempotencyKey) =>
        adapter.customers.update(customer.id, input, {
          idempotencyKey,
          expectedVersion: customer.version,
          signal: ctx.signal,
        }),
      );
      pop.invalidateLookups();
      pop.applyCustomer(saved);
      return saved;
    },
    async createCustomerForCall(callId, input, draftKey) {
      return drafts.submitDraft(draftKey, { callId, input }, async (idempotencyKey) => {
        const created = await adapter.customers.create(input, { idempotencyKey, signal: ctx.signal });
        // Derived key: a retry after a failed link links once and never creates a second customer.
        await link(callId, created, `${idempotencyKey}:link`);
        pop.invalidateLookups();
        pop.applyCustomer(created, callId);
        return created;
      });
    },
    async linkCallToCustomer(callId, customerId) {
      const customer = await adapter.customers.get(customerId, { signal: ctx.signal });
      await link(callId, customer, `link:${callId}:${customerId}`);
      pop.applyCustomer(customer, callId);
      return customer;
    },
  };
}
