import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';

/** Every element callpop ships, by its base tag name (without a prefix). */
export const callpopTags = [
  'call-pop',
  'customer-card',
  'phone-bar',
  'call-details',
  'business-records',
  'ticket-tab',
  'ticket-form',
  'call-record',
  'schema-form',
  'category-picker',
  'conversation-view',
  'service-summary',
  'sms-composer',
  'contact-plan-form',
  'contact-plans',
  'docking-pages',
] as const;

export type CallpopTag = (typeof callpopTags)[number];

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

function baseOf(tag: string): string | undefined {
  return callpopTags.find((base) => tag === base || tag.endsWith(`-${base}`));
}

/**
 * Register a callpop element. Skips a tag already defined by the same class;
 * throws a clear error when another element owns the name.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
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
  const base = baseOf(tag);
  const tags = registry();
  if (base && !tags.get()[base]) tags.set({ ...tags.get(), [base]: tag });
}

/** The tag an element class is registered under (with any prefix), or its default name. */
export function tagOf(element: CustomElementConstructor, fallback: string): string {
  return customElements.getName(element) ?? fallback;
}
