/**
 * SMS templates: `{{variable}}` placeholders filled with text. Values are
 * plain text (never markup); a placeholder with no value is reported as
 * missing and left visible in the preview.
 *
 * @packageDocumentation
 */
import type { SmsTemplate } from '../adapter/types.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** The variable names a template body uses, in order of first use. */
export function templatePlaceholders(body: string): string[] {
  const names: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Every variable a template needs: the declared ones, then any other its body uses. */
export function templateVariables(template: Pick<SmsTemplate, 'body' | 'variables'>): string[] {
  const names = [...template.variables];
  for (const name of templatePlaceholders(template.body)) if (!names.includes(name)) names.push(name);
  return names;
}

export interface RenderedTemplate {
  /** The body with every known value in place; missing ones stay as `{{name}}`. */
  readonly text: string;
  /** Variables the template needs that have no (non-blank) value. */
  readonly missing: readonly string[];
  /** Values given for names the template does not use (ignored). */
  readonly unused: readonly string[];
}

/** Fill a template body. Values are inserted as text, as they are. */
export function renderTemplate(
  template: Pick<SmsTemplate, 'body' | 'variables'>,
  values: { readonly [name: string]: string | undefined },
): RenderedTemplate {
  const needed = templateVariables(template);
  const has = (name: string): boolean =>
    Object.prototype.hasOwnProperty.call(values, name) && (values[name] ?? '').trim() !== '';
  const text = template.body.replace(PLACEHOLDER, (whole, name: string) => (has(name) ? (values[name] ?? whole) : whole));
  return {
    text,
    missing: needed.filter((name) => !has(name)),
    unused: Object.keys(values).filter((name) => !needed.includes(name)),
  };
}

/**
 * The text as the carrier sends it, signature included: a Chinese
 * `【signature】` is glued to the front, any other signature is put before the
 * text with a space.
 */
export function withSignature(text: string, signature: string | null): string {
  if (!signature) return text;
  return signature.startsWith('【') ? signature + text : `${signature} ${text}`;
}
