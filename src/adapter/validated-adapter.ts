import type { BackendAdapter } from './backend-adapter.js';
import { completeAdapter, inheritSupport, notSupported, type PartialBackendAdapter } from './partial.js';
import { AdapterError, toAdapterError } from './errors.js';
import type { PushEvent, PushType } from './types.js';
import * as v from './validate.js';

/** Marks an adapter `withValidation` returned, so it is never wrapped twice. */
const VALIDATED = Symbol.for('callpop.validatedAdapter');

/** Whether `adapter` already validates its responses (was returned by {@link withValidation}). */
export function isValidatedAdapter(adapter: PartialBackendAdapter): boolean {
  return (adapter as unknown as { [VALIDATED]?: unknown })[VALIDATED] === true;
}

async function checked<T>(path: string, validator: v.Validator<T>, run: () => unknown): Promise<T> {
  let raw: unknown;
  try {
    raw = await run();
  } catch (error) {
    throw toAdapterError(error);
  }
  try {
    return validator(raw, path);
  } catch (error) {
    if (error instanceof AdapterError) throw error;
    // e.g. a getter or proxy of the answer threw while being read.
    throw new AdapterError('invalid-response', `${path}: unreadable response`, { cause: error });
  }
}

/**
 * Wraps any adapter so every answer is validated against the contract: a
 * malformed one rejects with `AdapterError('invalid-response')` (naming the
 * path, e.g. `customers.get.name`), and what resolves is a clean copy holding
 * only the contract's keys. Anything else the inner adapter throws becomes an
 * AdapterError too. Invalid pushes are dropped, with one `console.warn` per
 * push type. Returns `adapter` itself when it is already validated.
 *
 * A partial adapter is completed first (see {@link completeAdapter}): the domains it
 * left out reject with `not-supported`.
 */
export function withValidation(adapter: PartialBackendAdapter): BackendAdapter {
  if (isValidatedAdapter(adapter)) return adapter as BackendAdapter;
  const a = completeAdapter(adapter);
  // Push types already warned about, for this wrapper only.
  const warned = new Set<string>();

  const wrapped: BackendAdapter = {
    customers: {
      get: (id, o) => checked('customers.get', v.customer, () => a.customers.get(id, o)),
      findByPhone: (phone, o) =>
        checked('customers.findByPhone', v.arr(v.customer), () => a.customers.findByPhone(phone, o)),
      search: (text, p, o) =>
        checked('customers.search', v.page(v.customer), () => a.customers.search(text, p, o)),
      create: (input, o) => checked('customers.create', v.customer, () => a.customers.create(input, o)),
      update: (id, input, o) =>
        checked('customers.update', v.customer, () => a.customers.update(id, input, o)),
    },
    records: {
      list: (customerId, q, o) =>
        checked('records.list', v.page(v.businessRecord), () => a.records.list(customerId, q, o)),
      getChat: (chatId, o) => checked('records.getChat', v.chatSession, () => a.records.getChat(chatId, o)),
    },
    tickets: {
      schema: (o) => checked('tickets.schema', v.ticketSchema, () => a.tickets.schema(o)),
      get: (id, o) => checked('tickets.get', v.ticket, () => a.tickets.get(id, o)),
      listByCustomer: (customerId, p, o) =>
        checked('tickets.listByCustomer', v.page(v.ticket), () =>
          a.tickets.listByCustomer(customerId, p, o),
        ),
      listByCall: (callId, p, o) =>
        checked('tickets.listByCall', v.page(v.ticket), () => a.tickets.listByCall(callId, p, o)),
      create: (input, o) => checked('tickets.create', v.ticket, () => a.tickets.create(input, o)),
    },
    calls: {
      get: (id, o) => checked('calls.get', v.callRecord, () => a.calls.get(id, o)),
      listByAgent: (agentId, p, o) =>
        checked('calls.listByAgent', v.page(v.callRecord), () => a.calls.listByAgent(agentId, p, o)),
      report: (call, o) => checked('calls.report', v.callRecord, () => a.calls.report(call, o)),
      linkCustomer: (callId, customerId, o) =>
        checked('calls.linkCustomer', v.callRecord, () => a.calls.linkCustomer(callId, customerId, o)),
    },
    summary: {
      schema: (o) => checked('summary.schema', v.summarySchema, () => a.summary.schema(o)),
      get: (callId, o) =>
        checked('summary.get', v.nullable(v.serviceSummary), () => a.summary.get(callId, o)),
      save: (callId, input, o) =>
        checked('summary.save', v.serviceSummary, () => a.summary.save(callId, input, o)),
      examples: (p, o) =>
        checked('summary.examples', v.page(v.summaryExample), () =>
          a.summary.examples ? a.summary.examples(p, o) : Promise.reject(notSupported('summary', 'examples')),
        ),
    },
    sms: {
      templates: (o) => checked('sms.templates', v.arr(v.smsTemplate), () => a.sms.templates(o)),
      send: (request, o) => checked('sms.send', v.smsResult, () => a.sms.send(request, o)),
    },
    contactPlans: {
      list: (query, o) =>
        checked('contactPlans.list', v.page(v.contactPlan), () => a.contactPlans.list(query, o)),
      create: (input, o) =>
        checked('contactPlans.create', v.contactPlan, () => a.contactPlans.create(input, o)),
      update: (id, patch, o) =>
        checked('contactPlans.update', v.contactPlan, () => a.contactPlans.update(id, patch, o)),
    },
    agents: {
      me: (o) => checked('agents.me', v.agent, () => a.agents.me(o)),
      list: (p, o) => checked('agents.list', v.page(v.agent), () => a.agents.list(p, o)),
      phoneSettings: (o) =>
        checked('agents.phoneSettings', v.agentPhoneSettings, () => a.agents.phoneSettings(o)),
      setStatus: (input, o) => checked('agents.setStatus', v.agentStatusRecord, () => a.agents.setStatus(input, o)),
      queueStats: (o) =>
        checked('agents.queueStats', v.queueStats, () =>
          a.agents.queueStats ? a.agents.queueStats(o) : Promise.reject(notSupported('agents', 'queueStats')),
        ),
    },
    dockingPages: {
      list: (o) => checked('dockingPages.list', v.arr(v.dockingPage), () => a.dockingPages.list(o)),
    },
    conversation: {
      history: (callId, o) =>
        checked('conversation.history', v.arr(v.conversationSegment), () =>
          a.conversation.history(callId, o),
        ),
    },
    ...(a.smartFill
      ? {
          smartFill: {
            extract: (request, o) =>
              checked('smartFill.extract', v.smartFillResult, () => a.smartFill!.extract(request, o)),
          },
        }
      : {}),
    // ---- number masking and regions (issue 15)
    ...(a.numbers
      ? {
          numbers: {
            resolve: (ref, o) => checked('numbers.resolve', v.resolvedNumber, () => a.numbers!.resolve(ref, o)),
            region: (number, o) => checked('numbers.region', v.numberRegion, () => a.numbers!.region(number, o)),
          },
        }
      : {}),
    subscribe(types, listener, options) {
      const wanted = new Set<PushType>(types);
      const onPush = (event: unknown): void => {
        let push: PushEvent;
        try {
          push = v.pushEvent(event, 'push');
        } catch (error) {
          const type = (event as { type?: unknown } | null)?.type;
          // Unknown types share one bucket, so a flood of made-up types warns once.
          const bucket = v.isPushType(type) ? type : '(unknown type)';
          if (!warned.has(bucket)) {
            warned.add(bucket);
            console.warn(
              `callpop: dropped an invalid ${bucket} push (further ones are dropped silently): ${
                error instanceof Error ? error.message : String(error)
              }`,
            );
          }
          return;
        }
        if (wanted.has(push.type)) listener(push);
      };
      let unsubscribe: unknown;
      try {
        unsubscribe = a.subscribe(types, onPush, options);
      } catch (error) {
        throw toAdapterError(error);
      }
      return typeof unsubscribe === 'function' ? () => void unsubscribe() : () => {};
    },
  };
  Object.defineProperty(wrapped, VALIDATED, { value: true });
  return inheritSupport(wrapped, adapter);
}
