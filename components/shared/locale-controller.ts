import type { ReactiveController, ReactiveElement } from 'lit';
import { localeOf, translate, translateFrom, type Locale, type MessageCatalog } from '../../src/i18n/locale.js';
import type { MessageKey } from '../../src/i18n/messages.js';

/**
 * The element's language: its nearest `lang` (crossing shadow roots), else the
 * browser's. Re-renders when the document's `lang` changes.
 */
export class LocaleController implements ReactiveController {
  readonly #host: ReactiveElement;
  #observer: MutationObserver | undefined;
  locale: Locale = 'en';

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  /** Translate a message key into the element's language. */
  t = (key: MessageKey, params?: { readonly [name: string]: string | number }): string =>
    translate(this.locale, key, params);

  /** Translate a key of a feature's own catalog (see `defineMessages`). */
  msg = <K extends string>(catalog: MessageCatalog<K>, key: K, params?: { readonly [name: string]: string | number }): string =>
    translateFrom(catalog, this.locale, key, params);

  hostConnected(): void {
    this.#observer = new MutationObserver(() => this.#host.requestUpdate());
    this.#observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  hostUpdate(): void {
    this.locale = localeOf(this.#host);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
  }
}
