/**
 * A small adapter for a small job: a host gives only the domains its backend
 * has. Every domain left out answers a typed {@link AdapterError} of code
 * `not-supported`, and the elements that need it are not shown.
 */
import type { BackendAdapter } from './backend-adapter.js';
import { AdapterError } from './errors.js';

/** The domains of {@link BackendAdapter} a host may leave out (`smartFill` is optional anyway). */
export const ADAPTER_DOMAINS = [
  'customers',
  'records',
  'tickets',
  'calls',
  'summary',
  'sms',
  'contactPlans',
  'agents',
  'dockingPages',
  'conversation',
] as const;

export type AdapterDomain = (typeof ADAPTER_DOMAINS)[number];

/** The methods of each domain. */
export const ADAPTER_METHODS: { readonly [D in AdapterDomain]: readonly (keyof BackendAdapter[D] & string)[] } = {
  customers: ['get', 'findByPhone', 'search', 'create', 'update'],
  records: ['list', 'getChat'],
  tickets: ['schema', 'get', 'listByCustomer', 'listByCall', 'create'],
  calls: ['get', 'listByAgent', 'report', 'linkCustomer'],
  summary: ['schema', 'get', 'save', 'examples'],
  sms: ['templates', 'send'],
  contactPlans: ['list', 'create', 'update'],
  agents: ['me', 'list', 'phoneSettings', 'setStatus', 'queueStats'],
  dockingPages: ['list'],
  conversation: ['history'],
};

/**
 * An adapter with only some domains, and in a domain only some methods (and,
 * optionally, no `subscribe`). A method left out rejects with `not-supported`;
 * a domain left out also hides the elements that need it. For a screen pop
 * with the customer card and the summary: `customers`, `calls`, `agents` and
 * `summary` (see docs/adapter.md, "A small adapter for a small job").
 */
export type PartialBackendAdapter = { readonly [D in AdapterDomain]?: Partial<BackendAdapter[D]> } & {
  readonly smartFill?: BackendAdapter['smartFill'];
  readonly numbers?: BackendAdapter['numbers'];
  readonly subscribe?: BackendAdapter['subscribe'];
};

/** Domains a completed adapter answers `not-supported` for, by the completed adapter. */
const declared = new WeakMap<object, ReadonlySet<AdapterDomain>>();

/** The domains `adapter` offers: those it has (or, for a completed or wrapped one, had). */
export function supportedDomains(adapter: PartialBackendAdapter): ReadonlySet<AdapterDomain> {
  return declared.get(adapter) ?? new Set(ADAPTER_DOMAINS.filter((domain) => isObject(adapter[domain])));
}

/** Whether `adapter` offers `domain`. */
export function supportsDomain(adapter: PartialBackendAdapter, domain: AdapterDomain): boolean {
  return supportedDomains(adapter).has(domain);
}

/** The error every method of a domain the backend does not offer rejects with. */
export function notSupported(domain: string, method?: string): AdapterError {
  return new AdapterError(
    'not-supported',
    `This backend does not offer ${method ? `${domain}.${method}` : domain}.`,
  );
}

/** Marks `target` as offering what `source` offers (for wrappers such as `withValidation`). */
export function inheritSupport<T extends object>(target: T, source: PartialBackendAdapter): T {
  declared.set(target, supportedDomains(source));
  return target;
}

/** The domain with its missing methods filled in: each rejects with `not-supported`. */
function filledDomain(domain: AdapterDomain, given: unknown): object {
  const source = (isObject(given) ? given : {}) as Record<string, unknown>;
  const filled: Record<string, unknown> = {};
  for (const method of ADAPTER_METHODS[domain]) {
    const fn = source[method];
    filled[method] = typeof fn === 'function' ? fn.bind(source) : () => Promise.reject(notSupported(domain, method));
  }
  return filled;
}

function isCompleteDomain(domain: AdapterDomain, given: unknown): boolean {
  return isObject(given) && ADAPTER_METHODS[domain].every((method) => typeof (given as Record<string, unknown>)[method] === 'function');
}

/**
 * A complete {@link BackendAdapter} from a partial one: the domains left out
 * reject with `not-supported`, a missing `subscribe` delivers nothing.
 * `supportedDomains()` of the result still names only the given domains.
 * Returns `adapter` itself when it is complete.
 */
export function completeAdapter(adapter: PartialBackendAdapter): BackendAdapter {
  const incomplete = ADAPTER_DOMAINS.filter((domain) => !isCompleteDomain(domain, adapter[domain]));
  if (incomplete.length === 0 && typeof adapter.subscribe === 'function') return adapter as BackendAdapter;
  const filled: Record<string, unknown> = {};
  for (const domain of ADAPTER_DOMAINS) {
    filled[domain] = isCompleteDomain(domain, adapter[domain]) ? adapter[domain] : filledDomain(domain, adapter[domain]);
  }
  const subscribe: BackendAdapter['subscribe'] =
    typeof adapter.subscribe === 'function' ? adapter.subscribe.bind(adapter) : () => () => {};
  const complete = {
    ...filled,
    ...(adapter.smartFill ? { smartFill: adapter.smartFill } : {}),
    ...(adapter.numbers ? { numbers: adapter.numbers } : {}),
    subscribe,
  } as unknown as BackendAdapter;
  return inheritSupport(complete, adapter);
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}
