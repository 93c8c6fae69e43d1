import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { CallpopTag } from '../elements.js';

export type { CallpopTag } from '../elements.js';

const registryKey = Symbol.for('callpop.definedTags');
type Holder = { [registryKey]?: WritableAtom<{ readonly [base: string]: string }> };

/**
 * The callpop tags defined on this page, base name → the registered name (with
 * its prefix). Kept under a `Symbol.for` key so two copies of the SDK share it.
 * Elements that compose others (`<call-pop>`) render an optional part only when
 * its tag is defined, and re-render when it becomes defined.
 */
export function definedTags(): ReadableAtom<{ readonly [base: string]: string }> {
  return registry();
}

function registry(): WritableAtom<{ readonly [base: string]: string }> {
  const holder = globalThis as Holder;
  holder[registryKey] ??= atom({});
  return holder[registryKey];
}

/**
 * Register the callpop element `base` (a tag of the element list,
 * components/elements.ts) as `prefix` + `base`. Skips a tag already defined by
 * the same class; throws a clear error when another element owns the name.
 */
export function defineElement(prefix: string, base: CallpopTag, element: CustomElementConstructor): void {
  const tag = `${prefix}${base}`;
  const existing = customElements.get(tag);
  if (existing === element) return;
  if (existing) {
    throw new Error(
      `callpop: <${tag}> is already defined by another element. ` +
        `Register callpop's elements under a prefix instead, e.g. defineCallpop({ prefix: 'acme-' }).`,
    );
  }
  const registered = customElements.getName(element);
  if (registered) {
    throw new Error(`callpop: this element is already registered as <${registered}>; it cannot also be <${tag}>.`);
  }
  customElements.define(tag, element);
  const tags = registry();
  if (!tags.get()[base]) tags.set({ ...tags.get(), [base]: tag });
}

/** The tag an element class is registered under (with any prefix), or its default name. */
export function tagOf(element: CustomElementConstructor, fallback: string): string {
  return customElements.getName(element) ?? fallback;
}
