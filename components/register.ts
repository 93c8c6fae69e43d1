/**
 * Register callpop's elements without side effects on import:
 * `defineCallpop()` defines every tag under its own name,
 * `defineCallpop({ prefix: 'acme-' })` under a prefix (`<acme-call-pop>`) when the
 * bare names are taken on the host page.
 *
 * @module callpop/register
 */
import { callpopElements, callpopTags } from './elements.js';
import { defineElement } from './shared/define-element.js';

export {
  callpopElements,
  callpopTags,
  type CallpopElementEntry,
  type CallpopElementMap,
  type CallpopTag,
  type ElementClassOf,
} from './elements.js';
export { CallpopElement, type CallpopElementClass } from './shared/callpop-element.js';
export { CallpopWorkbenchElement } from './shared/callpop-workbench-element.js';

export interface DefineOptions {
  /**
   * Put every tag under a prefix (`acme-` gives `<acme-call-pop>`) when the
   * bare names are taken on the host page.
   */
  readonly prefix?: string;
}

/** Register all of callpop's elements (every tag of the element list). Safe to call twice with the same prefix. */
export function defineCallpop(options: DefineOptions = {}): void {
  const prefix = options.prefix ?? '';
  if (prefix && !/^[a-z][a-z0-9]*-(?:[a-z0-9]+-)*$/.test(prefix)) {
    throw new Error(`callpop: "${prefix}" is not a valid tag prefix; use lower-case letters and end it with "-", e.g. "acme-".`);
  }
  for (const tag of callpopTags) defineElement(prefix, tag, callpopElements[tag].element);
}
