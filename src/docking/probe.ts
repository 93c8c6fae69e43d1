/**
 * Whether a docking page's server can be reached at all. Browsers fire an
 * iframe's `load` event even for a page that failed (connection refused, DNS
 * error, mixed content) or refused to be framed, and never say why; a
 * `no-cors` HEAD request to the same URL (no credentials, no referrer) does
 * fail on network errors, so a failed probe means the page did not load. (It
 * cannot tell a page that refuses to be framed: `<docking-pages>` always
 * offers "open in a new tab".)
 *
 * Resolves `true` when the server answered (whatever the status), `false` on a
 * network error. Inconclusive cases resolve `true` (nothing to report): the
 * probe was aborted, or the CRM page's own Content-Security-Policy
 * (`connect-src`) blocked it.
 */
export interface ProbeEnvironment {
  readonly fetch: typeof fetch;
  /** Where `securitypolicyviolation` events are heard (the document). */
  readonly events: EventTarget | null;
}

const defaultEnvironment = (): ProbeEnvironment => ({
  fetch: (input, init) => fetch(input, init),
  events: typeof document === 'undefined' ? null : document,
});

/** How long to wait for a CSP violation report after a failed probe. */
const VIOLATION_GRACE_MS = 50;

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export async function probeReachable(url: string, signal?: AbortSignal, environment: ProbeEnvironment = defaultEnvironment()): Promise<boolean> {
  let blockedByPolicy = false;
  const onViolation = (event: Event): void => {
    const violation = event as SecurityPolicyViolationEvent;
    if (violation.effectiveDirective === 'connect-src' && sameOrigin(violation.blockedURI, url)) blockedByPolicy = true;
  };
  environment.events?.addEventListener('securitypolicyviolation', onViolation);
  try {
    await environment.fetch(url, {
      method: 'HEAD',
      mode: 'no-cors',
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      ...(signal ? { signal } : {}),
    });
    return true;
  } catch {
    if (signal?.aborted) return true;
    await new Promise((resolve) => setTimeout(resolve, VIOLATION_GRACE_MS));
    return blockedByPolicy;
  } finally {
    environment.events?.removeEventListener('securitypolicyviolation', onViolation);
  }
}
