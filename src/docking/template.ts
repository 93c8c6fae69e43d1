/**
 * Docking-page URL templates: an admin writes
 * `https://crm.example.com/orders?phone={{phone}}&call={{callId}}`; each call
 * fills it with its own values. Pure, no DOM.
 *
 * Rules:
 * - Variables: `{{callId}}`, `{{phone}}`, `{{customerId}}`, `{{agentId}}`,
 *   `{{direction}}`, `{{displayNumber}}`, and custom call variables
 *   `{{var.<name>}}`. Spaces inside the braces are allowed (`{{ phone }}`).
 * - Every value is percent-encoded as a URL component (including `!'()*`), so
 *   `&`, `#`, `=`, `?`, `/`, quotes, markup and spaces stay inside their
 *   parameter.
 * - A variable the template names but this call has no value for becomes empty
 *   and is reported in `missing`; a name that is no variable at all (a typo)
 *   becomes empty and is reported in `unknown`.
 * - The result must be an absolute `http:` or `https:` URL whose scheme and
 *   host come from the template's own text: a variable may not appear before
 *   the first `/`, `?` or `#` after the host. Anything else (`javascript:`,
 *   `data:`, `blob:`, a relative or protocol-relative URL, a host made of a
 *   variable) is refused with an admin-facing reason.
 *
 * @packageDocumentation
 */

/** The values a template is filled with, for one call. */
export interface DockingVariables {
  readonly callId: string;
  /** The customer's number (E.164 where it could be parsed). */
  readonly phone: string;
  readonly customerId: string | null;
  readonly agentId: string | null;
  readonly direction: string;
  readonly displayNumber: string | null;
  /** Custom call variables (IVR input, campaign…), used as `{{var.<name>}}`. */
  readonly variables: { readonly [name: string]: string };
}

/** The built-in variable names. */
export const DOCKING_VARIABLES = ['callId', 'phone', 'customerId', 'agentId', 'direction', 'displayNumber'] as const;
export type DockingVariableName = (typeof DOCKING_VARIABLES)[number];

/** Why a template was refused. */
export type UrlRefusal =
  /** The template is empty. */
  | 'empty'
  /** Not an absolute URL (relative, protocol-relative `//host`, or unparsable). */
  | 'not-absolute'
  /** A scheme other than http(s): `javascript:`, `data:`, `blob:`, `file:`… */
  | 'scheme'
  /** A variable appears in the scheme, host or port. */
  | 'variable-host'
  /** A value tried to climb out of its place in the path (a `.` or `..` segment). */
  | 'path-escape'
  /** The filled URL is longer than {@link MAX_URL_LENGTH}. */
  | 'too-long';

export type FilledUrl =
  | {
      readonly ok: true;
      readonly url: string;
      /** `new URL(url).origin`: the only origin messages from this page are accepted from. */
      readonly origin: string;
      /** Variables this call has no value for (filled empty). */
      readonly missing: readonly string[];
      /** Names that are no variable (filled empty): usually a typo in the template. */
      readonly unknown: readonly string[];
    }
  | {
      readonly ok: false;
      readonly reason: UrlRefusal;
      /** The admin-facing explanation, in English (elements translate `reason`). */
      readonly message: string;
      /** The offending scheme, for `scheme`. */
      readonly scheme?: string;
      readonly missing: readonly string[];
      readonly unknown: readonly string[];
    };

/** Longer URLs are refused (browsers and servers cut them off around here). */
export const MAX_URL_LENGTH = 8000;

const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;
const CUSTOM = /^var\.([\w.-]{1,100})$/;
/** Scheme, `//`, a host (and optional user, port) and the character that ends it, all before any variable. */
const FIXED_ORIGIN = /^https?:\/\/[^\s/\\?#{}]+[/?#]/i;

/** Percent-encode a value for any part of a URL: RFC 3986 unreserved characters only stay as they are. */
export function encodeValue(value: string): string {
  // A lone surrogate would make encodeURIComponent throw: replace it.
  const wellFormed = value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return encodeURIComponent(wellFormed).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function valueOf(name: string, values: DockingVariables): string | null | undefined {
  const custom = CUSTOM.exec(name);
  if (custom) {
    const key = custom[1]!;
    return Object.prototype.hasOwnProperty.call(values.variables, key) ? (values.variables[key] ?? null) : null;
  }
  if ((DOCKING_VARIABLES as readonly string[]).includes(name)) return values[name as DockingVariableName];
  return undefined;
}

function refuse(reason: UrlRefusal, message: string, missing: string[], unknown: string[], scheme?: string): FilledUrl {
  return scheme === undefined ? { ok: false, reason, message, missing, unknown } : { ok: false, reason, message, scheme, missing, unknown };
}

/** The variables a template names, in order, without repeats. */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) if (!names.includes(match[1]!)) names.push(match[1]!);
  return names;
}

/**
 * Check a template without filling it: the reason it would be refused for
 * every call, or null. (A template that passes can still produce an over-long URL.)
 */
export function checkUrlTemplate(template: string): FilledUrl | null {
  const result = fillUrlTemplate(template, {
    callId: 'x',
    phone: 'x',
    customerId: 'x',
    agentId: 'x',
    direction: 'x',
    displayNumber: 'x',
    variables: {},
  });
  return result.ok || result.reason === 'too-long' ? null : result;
}

/** Fill a docking page's URL template with one call's values. Never throws. */
export function fillUrlTemplate(template: string, values: DockingVariables): FilledUrl {
  const missing: string[] = [];
  const unknown: string[] = [];
  const text = template.trim();
  if (text === '') return refuse('empty', 'The URL template is empty.', missing, unknown);

  const first = text.search(/\{\{/);
  if (first >= 0 && !FIXED_ORIGIN.test(text.slice(0, first))) {
    // Either no http(s) origin at all, or a variable inside it: tell which.
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
    if (scheme && scheme !== 'http' && scheme !== 'https') {
      return refuse('scheme', `Only http and https pages can be docked, not "${scheme}:".`, missing, unknown, scheme);
    }
    if (!scheme) {
      return refuse('not-absolute', 'The URL template must be an absolute URL starting with https:// (not a relative or //host URL).', missing, unknown);
    }
    return refuse(
      'variable-host',
      'A variable may not be part of the scheme, host or port: write the host in full, then the variables after the first "/", "?" or "#".',
      missing,
      unknown,
    );
  }

  const filled = text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = valueOf(name, values);
    if (value === undefined) {
      if (!unknown.includes(name)) unknown.push(name);
      return '';
    }
    if (value === null || value === '') {
      if (!missing.includes(name)) missing.push(name);
      return '';
    }
    return encodeValue(value);
  });

  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return refuse('not-absolute', 'The URL template must be an absolute URL starting with https:// (not a relative or //host URL).', missing, unknown);
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return refuse('scheme', `Only http and https pages can be docked, not "${scheme}:".`, missing, unknown, scheme);
  }
  if (first >= 0) {
    // Belt and braces: the host must be the one the template's fixed text names.
    const fixed = new URL(text.slice(0, first).replace(/[?#].*$/, ''));
    if (fixed.origin !== url.origin) {
      return refuse('variable-host', 'A variable may not change the host of the page.', missing, unknown);
    }
    // A value "." or ".." in the path is a dot segment even when encoded: it must not climb above the fixed path.
    const fixedPath = fixed.pathname.slice(0, fixed.pathname.lastIndexOf('/') + 1);
    if (!url.pathname.startsWith(fixedPath)) {
      return refuse('path-escape', 'A value tried to leave its place in the path ("." or ".."); the page was not loaded.', missing, unknown);
    }
  }
  const href = url.href;
  if (href.length > MAX_URL_LENGTH) {
    return refuse('too-long', `The filled URL is longer than ${MAX_URL_LENGTH} characters.`, missing, unknown);
  }
  return { ok: true, url: href, origin: url.origin, missing, unknown };
}
