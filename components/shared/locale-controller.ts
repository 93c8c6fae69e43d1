import type { ReactiveController, ReactiveElement } from 'lit';
import { localeOf, translate, translateFrom, type Locale, type MessageCatalog } from '../../src/i18n/locale.js';
import type { MessageKey } from '../../src/i18n/messages.js';

/**
 * One observer for the whole page: any `lang` attribute that changes in the
 * document (on `<html>`, a container, or the element itself) re-renders the
 * elements whose language may have changed with it.
 */
const listening = new Set<LocaleController>();
let observer: MutationObserver | undefined;

function watch(controller: LocaleController): void {
  listening.add(controller);
  if (!observer) {
    observer = new MutationObserver(() => {
      for (const each of listening) each.refresh();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
}

function unwatch(controller: LocaleController): void {
  listening.delete(controller);
  if (listening.size === 0) {
    observer?.disconnect();
    observer = undefined;
  }
}

/**
 * The element's language: its nearest `lang` (crossing shadow roots), else the
 * browser's. Re-renders when a `lang` on the page changes to another language.
 */
export class LocaleController implements ReactiveController {
  readonly #host: ReactiveElement;
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

  /** Re-render when the element's language is no longer the one it rendered in. */
  refresh(): void {
    if (localeOf(this.#host) !== this.locale) this.#host.requestUpdate();
  }

  hostConnected(): void {
    watch(this);
  }

  hostUpdate(): void {
    this.locale = localeOf(this.#host);
  }

  hostDisconnected(): void {
    unwatch(this);
  }
}
