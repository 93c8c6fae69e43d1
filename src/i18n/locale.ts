import type { LocalizedText } from '../adapter/types.js';
import { en, zhCN, type MessageKey, type Messages } from './messages.js';

export type Locale = 'en' | 'zh-CN';

const catalogs: { readonly [L in Locale]: Messages } = { en, 'zh-CN': zhCN };

/** Map any BCP 47 tag to a supported locale: `zh`, `zh-Hans`, `zh-CN` → zh-CN; everything else → en. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const lower = (tag ?? '').toLowerCase();
  return lower === 'zh' || lower.startsWith('zh-') ? 'zh-CN' : 'en';
}

/** The message in this locale with `{name}` placeholders filled (values are text, never markup). */
export function translate(locale: Locale, key: MessageKey, params: { readonly [name: string]: string | number } = {}): string {
  const template = catalogs[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Admin-configured text in the best available locale. */
export function localizeText(text: LocalizedText, locale: Locale): string {
  if (typeof text === 'string') return text;
  return text[locale] ?? text[locale.split('-')[0] ?? ''] ?? text['en'] ?? Object.values(text)[0] ?? '';
}

/**
 * The language an element should speak: the `lang` of its nearest ancestor
 * (crossing shadow roots), else the browser's.
 */
export function localeOf(element: Element): Locale {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return resolveLocale(lang);
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return resolveLocale(typeof navigator === 'undefined' ? 'en' : navigator.language);
}

/** A feature's own strings in both languages; keys are checked by TypeScript in both. */
export interface MessageCatalog<K extends string> {
  readonly en: { readonly [key in K]: string };
  readonly 'zh-CN': { readonly [key in K]: string };
}

/** Declare a feature's catalog (each element keeps its strings beside it). */
export function defineMessages<K extends string>(catalog: MessageCatalog<K>): MessageCatalog<K> {
  return catalog;
}

/** A message of a feature catalog in this locale, `{name}` placeholders filled. */
export function translateFrom<K extends string>(
  catalog: MessageCatalog<K>,
  locale: Locale,
  key: K,
  params: { readonly [name: string]: string | number } = {},
): string {
  return catalog[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
