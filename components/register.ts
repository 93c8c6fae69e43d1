/**
 * Register callpop's elements without side effects on import:
 * `defineCallpop()` defines every tag under its own name,
 * `defineCallpop({ prefix: 'acme-' })` under a prefix (`<acme-call-pop>`) when the
 * bare names are taken on the host page.
 *
 * @module callpop/register
 */
import { callpopElements, callpopTags, isLazyEntry, type CallpopElementEntry, type CallpopLazyEntry, type CallpopTag } from './elements.js';
import { defineElement } from './shared/define-element.js';
import { defineLazyElement, loadLazyElement } from './shared/lazy-element.js';

export {
  callpopElements,
  callpopTags,
  loadElementClass,
  type CallpopEagerEntry,
  type CallpopElementEntry,
  type CallpopLazyEntry,
  type CallpopElementMap,
  type CallpopTag,
  type ElementClassOf,
} from './elements.js';
export { CallpopElement, type CallpopElementClass } from './shared/callpop-element.js';
export { lazyTags, loadLazyElement, type LazyElement, type LazyState, type LazyStatus } from './shared/lazy-element.js';
export { CallpopWorkbenchElement } from './shared/callpop-workbench-element.js';

export interface DefineOptions {
  /**
   * Put every tag under a prefix (`acme-` gives `<acme-call-pop>`) when the
   * bare names are taken on the host page.
   */
  readonly prefix?: string;
}

/**
 * Register all of callpop's elements (every tag of the element list). Safe to call twice with the same prefix.
 *
 * The elements of the list that have a `load` (the detail tabs, the pop's forms, docking pages,
 * contact plans…) are defined in their own chunk the first time they are needed: when an element
 * renders them (a `<call-pop>` opens its SMS form) or the page puts the tag in its DOM.
 * `loadLazyElement(tag)` loads one ahead of time.
 */
export function defineCallpop(options: DefineOptions = {}): void {
  const prefix = options.prefix ?? '';
  if (prefix && !/^[a-z][a-z0-9]*-(?:[a-z0-9]+-)*$/.test(prefix)) {
    throw new Error(`callpop: "${prefix}" is not a valid tag prefix; use lower-case letters and end it with "-", e.g. "acme-".`);
  }
  for (const tag of callpopTags) {
    const entry: CallpopElementEntry = callpopElements[tag];
    if (isLazyEntry(entry)) defineLazyElement(tag, `${prefix}${tag}`, () => loadEntry(prefix, tag, entry));
    else defineElement(prefix, tag, entry.element);
  }
}

/** A lazy entry's chunk, then the elements it renders (`needs`), then the element itself. */
async function loadEntry(prefix: string, tag: CallpopTag, entry: CallpopLazyEntry): Promise<void> {
  const [element, ...needs] = await Promise.all([entry.load(), ...(entry.needs ?? []).map((need) => loadLazyElement(need as CallpopTag))]);
  if (needs.some((loaded) => !loaded)) throw new Error(`callpop: an element that <${prefix}${tag}> renders could not be loaded`);
  defineElement(prefix, tag, element);
}
