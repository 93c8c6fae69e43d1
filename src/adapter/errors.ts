/** Why an adapter call failed. */
export type AdapterErrorCode =
  /** The request could not reach the backend. */
  | 'network'
  /** The browser is offline. */
  | 'offline'
  /** No answer in time. */
  | 'timeout'
  /** The caller aborted. */
  | 'aborted'
  /** The thing asked for does not exist. */
  | 'not-found'
  /** The input was refused; `fields` says which. */
  | 'validation'
  /** Someone else changed the record first, or the idempotency key was reused for other data. */
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  /** The backend failed (5xx). */
  | 'server'
  /** The backend answered something that is not what the contract says. */
  | 'invalid-response'
  /**
   * The backend does not offer this: a domain the adapter left out, or a route a REST
   * backend answers `501 Not Implemented`. Elements that need it are not shown.
   */
  | 'not-supported';

export interface AdapterErrorInit {
  readonly status?: number;
  /** Field key → message, for `validation`. */
  readonly fields?: { readonly [key: string]: string };
  readonly cause?: unknown;
}

/** The one error type every adapter call rejects with. */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  readonly code: AdapterErrorCode;
  readonly status: number | undefined;
  readonly fields: { readonly [key: string]: string };

  constructor(code: AdapterErrorCode, message: string, init: AdapterErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.status = init.status;
    this.fields = init.fields ?? {};
  }

  /** Whether sending the same request again (same idempotency key) may succeed. */
  get retryable(): boolean {
    return (
      this.code === 'network' ||
      this.code === 'offline' ||
      this.code === 'timeout' ||
      this.code === 'server'
    );
  }
}

/** Turns anything thrown into an `AdapterError`. */
export function toAdapterError(error: unknown): AdapterError {
  if (error instanceof AdapterError) return error;
  if (error instanceof DOMException && error.name === 'AbortError') {
    return new AdapterError('aborted', 'The request was cancelled.', { cause: error });
  }
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return new AdapterError('timeout', 'The backend did not answer in time.', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AdapterError('network', message || 'The request failed.', { cause: error });
}

/** Rejects with an `aborted` AdapterError when the signal is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AdapterError('aborted', 'The request was cancelled.');
}
