/**
 * The frame side of `adapter: { kind: 'host' }`: a {@link BackendAdapter}
 * whose every call is a `request` message to the host page, answered by a
 * `response` with the same id. A request the host does not answer within
 * `timeoutMs` rejects with `AdapterError('timeout')` (and a `cancel` is sent);
 * an aborted signal rejects with `aborted` and sends `cancel` too. Pushes
 * arrive as `push` messages of a subscription id.
 */
import type {
  AgentsApi,
  BackendAdapter,
  CallsApi,
  ContactPlansApi,
  ConversationApi,
  CustomersApi,
  DockingPagesApi,
  RecordsApi,
  SmartFillApi,
  SmsApi,
  SummaryApi,
  TicketsApi,
} from '../adapter/backend-adapter.js';
import { AdapterError } from '../adapter/errors.js';
import type { CallOptions, PushEvent, PushType } from '../adapter/types.js';
import { ADAPTER_METHODS, type AdapterMethod, type FrameMessage, type HostMessage, type WireOptions } from './protocol.js';

export interface HostAdapterOptions {
  /** How long a request waits for the host's answer. */
  readonly timeoutMs: number;
  /** Whether the host's adapter has `smartFill`. */
  readonly smartFill?: boolean;
}

type Options = CallOptions & WireOptions;

interface Waiting {
  resolve(value: unknown): void;
  reject(error: AdapterError): void;
  done(): void;
}

export class HostAdapter implements BackendAdapter {
  readonly customers: CustomersApi;
  readonly records: RecordsApi;
  readonly tickets: TicketsApi;
  readonly calls: CallsApi;
  readonly summary: SummaryApi;
  readonly sms: SmsApi;
  readonly contactPlans: ContactPlansApi;
  readonly agents: AgentsApi;
  readonly dockingPages: DockingPagesApi;
  readonly conversation: ConversationApi;
  readonly smartFill?: SmartFillApi;

  readonly #send: (message: FrameMessage) => void;
  readonly #timeoutMs: number;
  readonly #waiting = new Map<string, Waiting>();
  readonly #subscriptions = new Map<string, (event: PushEvent) => void>();
  #sequence = 0;
  #disposed = false;

  constructor(send: (message: FrameMessage) => void, options: HostAdapterOptions) {
    this.#send = send;
    this.#timeoutMs = options.timeoutMs;
    this.customers = this.#group('customers');
    this.records = this.#group('records');
    this.tickets = this.#group('tickets');
    this.calls = this.#group('calls');
    this.summary = this.#group('summary');
    this.sms = this.#group('sms');
    this.contactPlans = this.#group('contactPlans');
    this.agents = this.#group('agents');
    this.dockingPages = this.#group('dockingPages');
    this.conversation = this.#group('conversation');
    if (options.smartFill) this.smartFill = this.#group('smartFill');
  }

  /** Requests waiting for the host's answer (for tests and diagnostics). */
  get pendingCount(): number {
    return this.#waiting.size;
  }

  /** Hand over a `response` or `push` from the host (already checked by the protocol). */
  receive(message: Extract<HostMessage, { kind: 'response' | 'push' }>): void {
    if (message.kind === 'push') {
      this.#subscriptions.get(message.id)?.(message.event);
      return;
    }
    const waiting = this.#waiting.get(message.id);
    if (!waiting) return;
    waiting.done();
    if (message.error) {
      const { code, message: text, status, fields } = message.error;
      waiting.reject(new AdapterError(code, text, { ...(status === undefined ? {} : { status }), ...(fields ? { fields } : {}) }));
    } else {
      waiting.resolve(message.result);
    }
  }

  subscribe(types: readonly PushType[], listener: (event: PushEvent) => void, options?: CallOptions): () => void {
    if (this.#disposed || options?.signal?.aborted) return () => {};
    this.#sequence += 1;
    const id = `s${this.#sequence}`;
    this.#subscriptions.set(id, listener);
    this.#send({ callpop: 1, kind: 'subscribe', id, types: [...types] });
    const stop = (): void => {
      if (!this.#subscriptions.delete(id)) return;
      options?.signal?.removeEventListener('abort', stop);
      if (!this.#disposed) this.#send({ callpop: 1, kind: 'unsubscribe', id });
    };
    options?.signal?.addEventListener('abort', stop, { once: true });
    return stop;
  }

  /** Reject everything waiting (`aborted`) and stop every subscription. */
  dispose(): void {
    this.#disposed = true;
    for (const [, waiting] of this.#waiting) {
      waiting.done();
      waiting.reject(new AdapterError('aborted', 'The callpop frame was closed.'));
    }
    this.#subscriptions.clear();
  }

  #group<T>(name: string): T {
    const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const [method, arity] of Object.entries(ADAPTER_METHODS)) {
      if (!method.startsWith(`${name}.`)) continue;
      api[method.slice(name.length + 1)] = (...args) => this.#request(method as AdapterMethod, args.slice(0, arity), args[arity] as Options | undefined);
    }
    return api as T;
  }

  #request(method: AdapterMethod, positional: unknown[], options: Options | undefined): Promise<unknown> {
    const signal = options?.signal;
    if (this.#disposed) return Promise.reject(new AdapterError('aborted', 'The callpop frame was closed.'));
    if (signal?.aborted) return Promise.reject(new AdapterError('aborted', 'The request was cancelled.'));
    while (positional.length > 0 && positional[positional.length - 1] === undefined) positional.pop();
    this.#sequence += 1;
    const id = `r${this.#sequence}`;
    const wire: { idempotencyKey?: string; expectedVersion?: number } = {};
    if (options?.idempotencyKey !== undefined) wire.idempotencyKey = options.idempotencyKey;
    if (options?.expectedVersion !== undefined) wire.expectedVersion = options.expectedVersion;
    return new Promise((resolve, reject) => {
      const cancel = (error: AdapterError): void => {
        waiting.done();
        if (!this.#disposed) this.#send({ callpop: 1, kind: 'cancel', id });
        reject(error);
      };
      const timer = setTimeout(() => {
        const seconds = Math.round(this.#timeoutMs / 100) / 10;
        cancel(new AdapterError('timeout', `The CRM page did not answer ${method} within ${seconds} s.`));
      }, this.#timeoutMs);
      const onAbort = (): void => cancel(new AdapterError('aborted', 'The request was cancelled.'));
      const waiting: Waiting = {
        resolve,
        reject,
        done: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.#waiting.delete(id);
        },
      };
      this.#waiting.set(id, waiting);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        this.#send({ callpop: 1, kind: 'request', id, method, args: positional, ...(Object.keys(wire).length > 0 ? { options: wire } : {}) });
      } catch (error) {
        waiting.done();
        reject(new AdapterError('validation', `Could not send ${method} to the CRM page: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  }
}
