/**
 * The `sandbox` of a docking page's iframe. Pure, no DOM.
 *
 * - `null` (nothing configured) gives the safe default
 *   {@link DEFAULT_SANDBOX}: scripts, forms and popups, but NOT
 *   `allow-same-origin` (the page then runs in an opaque origin: it cannot
 *   read its own cookies or storage, and callpop cannot verify where its
 *   messages come from, so it ignores them — configure `allow-same-origin` for
 *   pages that use the postMessage protocol).
 * - `''` (configured empty) is the strictest sandbox: no token at all.
 * - Unknown tokens are dropped with a warning.
 * - Tokens that let the page navigate the CRM page itself
 *   (`allow-top-navigation…`) are refused: dropped with a warning.
 * - `allow-scripts` with `allow-same-origin` on a page from the CRM page's own
 *   origin would let the page remove its own sandbox: `allow-same-origin` is
 *   dropped with a warning there.
 *
 * @packageDocumentation
 */

export const DEFAULT_SANDBOX = 'allow-scripts allow-forms allow-popups';

/** Tokens a docking page may be given. */
export const SANDBOX_TOKENS: readonly string[] = [
  'allow-downloads',
  'allow-forms',
  'allow-modals',
  'allow-orientation-lock',
  'allow-pointer-lock',
  'allow-popups',
  'allow-popups-to-escape-sandbox',
  'allow-presentation',
  'allow-same-origin',
  'allow-scripts',
  'allow-storage-access-by-user-activation',
];

/** Tokens refused whatever the configuration says. */
export const REFUSED_SANDBOX_TOKENS: readonly string[] = [
  'allow-top-navigation',
  'allow-top-navigation-by-user-activation',
  'allow-top-navigation-to-custom-protocols',
];

export interface SandboxResult {
  /** The value for the iframe's `sandbox` attribute. */
  readonly value: string;
  readonly tokens: readonly string[];
  /** Admin-facing warnings (English), one per dropped token. */
  readonly warnings: readonly string[];
  /** Whether the page keeps its real origin (and so may use the postMessage protocol). */
  readonly sameOrigin: boolean;
}

export interface SandboxContext {
  /** The docking page's origin. */
  readonly pageOrigin?: string | null;
  /** The CRM page's own origin (`location.origin`). */
  readonly hostOrigin?: string | null;
}

/** The sandbox tokens a page gets from its configuration. */
export function resolveSandbox(configured: string | null | undefined, context: SandboxContext = {}): SandboxResult {
  const source = configured ?? DEFAULT_SANDBOX;
  const tokens: string[] = [];
  const warnings: string[] = [];
  for (const raw of source.split(/\s+/)) {
    const token = raw.toLowerCase();
    if (token === '' || tokens.includes(token)) continue;
    if (REFUSED_SANDBOX_TOKENS.includes(token)) {
      warnings.push(`"${raw.slice(0, 60)}" is refused: a docking page may not navigate the CRM page.`);
    } else if (!SANDBOX_TOKENS.includes(token)) {
      warnings.push(`"${raw.slice(0, 60)}" is not a sandbox token; it was dropped.`);
    } else {
      tokens.push(token);
    }
  }
  const risky =
    tokens.includes('allow-scripts') &&
    tokens.includes('allow-same-origin') &&
    Boolean(context.pageOrigin) &&
    context.pageOrigin === context.hostOrigin;
  if (risky) {
    tokens.splice(tokens.indexOf('allow-same-origin'), 1);
    warnings.push(
      '"allow-same-origin" was dropped: with "allow-scripts", a page from the CRM\'s own origin could remove its sandbox. Serve docking pages from their own origin.',
    );
  }
  return { value: tokens.join(' '), tokens, warnings, sameOrigin: tokens.includes('allow-same-origin') };
}
