/**
 * The HTTP half of the REST adapter: one `request()` that sends JSON, adds
 * auth / idempotency / version headers, enforces a timeout and turns every
 * failure into an {@link AdapterError}. It parses JSON but never checks the
 * shape of an answer; `withValidation()` does that for any adapter.
 */
import { AdapterError } from '../errors.js';
import type { AdapterErrorCode } from '../errors.js';

/** Longest error message taken from a backend answer. */
export const MAX_MESSAGE_LENGTH = 300;
/** Most field messages taken from one validation answer. */
const MAX_FIELDS = 100;
const DEFAULT_TIMEOUT_MS = 10_000;

export type TokenSource = string | (() => string | Promise<string>);

export interface HttpClientOptions {
  readonly baseUrl: string;
  readonly token?: TokenSource;
  readonly timeoutMs?: number;
  readonly headers?: Record<string, string>;
  readonly fetch?: typeof fetch;
}

export type QueryValue = string | number | readonly string[] | null | undefined;

export interface RequestSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Path below the base URL, already encoded, starting with `/`. */
  readonly path: string;
  readonly query?: { readonly [name: string]: QueryValue };
  readonly body?: unknown;
  /** Set for writes: sent as `Idempotency-Key`. */
  readonly idempotencyKey?: string;
  /** Sent as `If-Match`. */
  readonly expectedVersion?: number;
  readonly signal?: AbortSignal | undefined;
  /** Whether an empty answer (204, or 200 with no body) means `null`. */
  readonly allowEmpty?: boolean;
}

const DEFAULT_MESSAGES: Record<AdapterErrorCode, string> = {
  network: 'The backend could not be reached.',
  offline: 'The browser is offline.',
  timeout: 'The backend did not answer in time.',
  aborted: 'The request was cancelled.',
  'not-found': 'The requested item was not found.',
  validation: 'The backend refused the input.',
  conflict: 'Someone else changed this item first. Reload and try again.',
  unauthorized: 'You are not signed in, or your session has expired.',
  forbidden: 'You are not allowed to do this.',
  server: 'The backend failed. Try again later.',
  'invalid-response': 'The backend sent an answer callpop does not understand.',
  'not-supported': 'The backend does not offer this.',
};

/** The status → error code rule shared by the adapter (and documented in openapi.yaml). */
export function codeForStatus(status: number): AdapterErrorCode {
  if (status === 400 || status === 422) return 'validation';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 408) return 'timeout';
  if (status === 501) return 'not-supported';
  if (status === 429 || status >= 500) return 'server';
  return 'invalid-response';
}

function truncate(text: string, max = MAX_MESSAGE_LENGTH): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `{ error: { message, fields } }` out of an error body, defensively. */
function parseErrorBody(text: string): { message?: string; fields?: Record<string, string> } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (!isObject(body) || !isObject(body['error'])) return {};
  const error = body['error'];
  const out: { message?: string; fields?: Record<string, string> } = {};
  const message = error['message'];
  if (typeof message === 'string' && message.trim() !== '') out.message = truncate(message.trim());
  const fields = error['fields'];
  if (isObject(fields)) {
    const entries: [string, string][] = [];
    for (const [key, value] of Object.entries(fields)) {
      if (entries.length >= MAX_FIELDS) break;
      if (typeof value === 'string') entries.push([truncate(key, 200), truncate(value)]);
    }
    // Object.fromEntries defines own properties, so a `__proto__` key stays harmless data.
    if (entries.length > 0) out.fields = Object.fromEntries(entries);
  }
  return out;
}

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** Resolves `promise` unless `signal` aborts first. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export class HttpClient {
  readonly baseUrl: string;
  readonly #token: TokenSource | undefined;
  readonly #timeoutMs: number;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;

  constructor(options: HttpClientOptions) {
    if (typeof options.baseUrl !== 'string' || options.baseUrl === '') {
      throw new TypeError('createRestAdapter: `baseUrl` is required.');
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    const timeout = options.timeoutMs;
    this.#timeoutMs =
      typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS;
    this.#headers = { ...options.headers };
    // Bound so a host's `window.fetch` is not called with a foreign `this`.
    const f = options.fetch ?? globalThis.fetch;
    this.#fetch = (input, init) => f.call(globalThis, input, init);
  }

  /** Builds the absolute-or-relative URL of `path` with its query string. */
  url(path: string, query?: RequestSpec['query']): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) {
        if (value.length > 0) params.set(name, value.join(','));
      } else if (typeof value === 'number') {
        if (Number.isFinite(value)) params.set(name, String(value));
      } else {
        params.set(name, value as string);
      }
    }
    const qs = params.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  /** The bearer token for one request, or `undefined` when none is configured. */
  async token(): Promise<string | undefined> {
    const source = this.#token;
    if (source === undefined) return undefined;
    if (typeof source === 'string') return source;
    let value: unknown;
    try {
      value = await source();
    } catch (error) {
      if (error instanceof AdapterError) throw error;
      throw new AdapterError('unauthorized', 'Could not obtain an access token.', { cause: error });
    }
    if (typeof value !== 'string' || value === '') {
      throw new AdapterError('unauthorized', 'Could not obtain an access token.');
    }
    return value;
  }

  async request<T>(spec: RequestSpec): Promise<T> {
    const callerSignal = spec.signal;
    if (callerSignal?.aborted) throw new AdapterError('aborted', DEFAULT_MESSAGES.aborted);
    if (isOffline()) throw new AdapterError('offline', DEFAULT_MESSAGES.offline);

    const timeoutSignal = AbortSignal.timeout(this.#timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeoutSignal]) : timeoutSignal;

    /** Maps a thrown value while the request was in flight. */
    const mapThrown = (error: unknown): AdapterError => {
      if (error instanceof AdapterError) return error;
      if (callerSignal?.aborted) return new AdapterError('aborted', DEFAULT_MESSAGES.aborted, { cause: error });
      if (timeoutSignal.aborted) return new AdapterError('timeout', DEFAULT_MESSAGES.timeout, { cause: error });
      if (isOffline()) return new AdapterError('offline', DEFAULT_MESSAGES.offline, { cause: error });
      return new AdapterError('network', DEFAULT_MESSAGES.network, { cause: error });
    };

    let headers: Headers;
    let body: string | undefined;
    try {
      headers = new Headers(this.#headers);
      headers.set('Accept', 'application/json');
      if (spec.body !== undefined) {
        body = JSON.stringify(spec.body);
        headers.set('Content-Type', 'application/json');
      }
      if (spec.method !== 'GET') {
        const key = spec.idempotencyKey;
        if (typeof key === 'string' && key !== '') headers.set('Idempotency-Key', key);
      }
      if (spec.expectedVersion !== undefined) {
        if (!Number.isSafeInteger(spec.expectedVersion)) {
          throw new AdapterError('validation', 'expectedVersion must be an integer.', {
            fields: { expectedVersion: 'Must be an integer.' },
          });
        }
        headers.set('If-Match', String(spec.expectedVersion));
      }
    } catch (error) {
      if (error instanceof AdapterError) throw error;
      // Headers throw TypeError on values with line breaks; JSON.stringify on cycles.
      throw new AdapterError('validation', 'The request could not be built from this input.', { cause: error });
    }

    let response: Response;
    let text: string;
    try {
      const token = await raceSignal(this.token(), signal);
      if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
      response = await this.#fetch(this.url(spec.path, spec.query), {
        method: spec.method,
        headers,
        body: body ?? null,
        signal,
        credentials: 'same-origin',
        cache: 'no-store',
      });
      text = await response.text();
    } catch (error) {
      throw mapThrown(error);
    }

    const status = response.status;
    if (status < 200 || status > 299) {
      const code = codeForStatus(status);
      const parsed = parseErrorBody(text);
      throw new AdapterError(code, parsed.message ?? DEFAULT_MESSAGES[code], {
        status,
        ...(parsed.fields && code === 'validation' ? { fields: parsed.fields } : {}),
      });
    }
    if (status === 204 || text.trim() === '') {
      if (spec.allowEmpty) return null as T;
      throw new AdapterError('invalid-response', 'The backend sent an empty answer.', { status });
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new AdapterError('invalid-response', 'The backend answer is not JSON.', { status, cause: error });
    }
  }
}
