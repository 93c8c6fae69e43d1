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
}

/** The tag an element class is registered under (with any prefix), or its default name. */
export function tagOf(element: CustomElementConstructor, fallback: string): string {
  return customElements.getName(element) ?? fallback;
}
