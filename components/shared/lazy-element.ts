/**
 * Elements whose code is loaded the first time an element that composes them
 * needs them (a detail tab opened, a header form opened…), so that
 * `callpop/define` stays small up front.
 *
 * `defineLazyElement('sms-composer', 'acme-sms-composer', load)` says that the
 * tag exists and how to define it; `<call-pop>` then shows its button, and the
 * first time the form is rendered the chunk is loaded and the element defined.
 * While it loads the composing element shows a status line; when the chunk
 * cannot be loaded (offline, a 404 after a deploy) it shows a message with
 * Retry in place of that part, and the rest of the pop keeps working.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import { defineMessages, translateFrom, type Locale } from '../../src/i18n/locale.js';
import { definedTags, type CallpopTag } from './define-element.js';

/** Where a lazily defined element is: not asked for yet, its chunk loading, or its chunk failed to load. */
export type LazyStatus = 'idle' | 'loading' | 'failed';

/** One element that loads on first use. */
export interface LazyElement {
  /** The tag it will be defined under (with any prefix). */
  readonly tag: string;
  readonly status: LazyStatus;
  /** Why the last load failed. */
  readonly error?: string;
}

/** Every lazily loaded element, by its tag without prefix: whether it is loaded, loading or failed. */
export type LazyState = { readonly [base: string]: LazyElement };

interface Holder {
  readonly state: WritableAtom<LazyState>;
  readonly loaders: Map<string, () => Promise<unknown>>;
  readonly loads: Map<string, Promise<boolean>>;
}

// Shared under a Symbol.for key, as definedTags() is, so two copies of the SDK agree.
const holderKey = Symbol.for('callpop.lazyTags');

function holder(): Holder {
  const global = globalThis as { [holderKey]?: Holder };
  global[holderKey] ??= { state: atom({}), loaders: new Map(), loads: new Map() };
  return global[holderKey];
}

/** The lazily defined callpop elements not defined yet, by base tag name. */
export function lazyTags(): ReadableAtom<LazyState> {
  return holder().state;
}

/**
 * Say that `tag` (the element `base` under a prefix) exists and is defined by
 * `load` (which imports its chunk and registers it). Does nothing when the tag
 * is defined already or another lazy definition of `base` came first.
 */
export function defineLazyElement(base: CallpopTag, tag: string, load: () => Promise<unknown>): void {
  if (customElements.get(tag) || definedTags().get()[base]) return;
  const { state, loaders } = holder();
  if (state.get()[base]) return;
  loaders.set(base, load);
  state.set({ ...state.get(), [base]: { tag, status: 'idle' } });
  watchDocument();
}

/**
 * A lazily defined element the host page puts in its own DOM (`<sms-composer>` in the
 * CRM's layout) loads as soon as it is there; elements that compose others load theirs
 * when they render them. One observer for the page, while some lazy tag is still idle.
 */
let documentObserver: MutationObserver | undefined;

function idleTags(): Map<string, string> {
  const idle = new Map<string, string>();
  for (const [base, entry] of Object.entries(holder().state.get())) if (entry.status === 'idle') idle.set(entry.tag, base);
  return idle;
}

function loadPresent(root: ParentNode, idle: Map<string, string>): void {
  if (idle.size === 0) return;
  if (root instanceof Element && idle.has(root.localName)) void loadLazyElement(idle.get(root.localName)!);
  for (const element of root.querySelectorAll([...idle.keys()].join(','))) void loadLazyElement(idle.get(element.localName)!);
}

function watchDocument(): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  // After the registering script: the page's own markup may still be parsing.
  queueMicrotask(() => loadPresent(document, idleTags()));
  if (documentObserver) return;
  documentObserver = new MutationObserver((records) => {
    const idle = idleTags();
    if (idle.size === 0) {
      documentObserver?.disconnect();
      documentObserver = undefined;
      return;
    }
    for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) loadPresent(node, idle);
  });
  documentObserver.observe(document.documentElement, { childList: true, subtree: true });
}

function setStatus(base: string, entry: LazyElement | undefined): void {
  const { state } = holder();
  const next: { [base: string]: LazyElement } = { ...state.get() };
  if (entry) next[base] = entry;
  else delete next[base];
  state.set(next);
}

/**
 * Load a lazily defined element (idempotent while loading; after a failure it
 * tries again). Resolves true once it is defined, false when its chunk failed
 * to load (the failure is in {@link lazyTags}); never rejects.
 */
export function loadLazyElement(base: string): Promise<boolean> {
  if (definedTags().get()[base]) return Promise.resolve(true);
  const { state, loaders, loads } = holder();
  const entry = state.get()[base];
  const load = loaders.get(base);
  if (!entry || !load) return Promise.resolve(false);
  const running = loads.get(base);
  if (running) return running;
  setStatus(base, { tag: entry.tag, status: 'loading' });
  const promise = Promise.resolve()
    .then(load)
    .then(
      () => {
        loads.delete(base);
        setStatus(base, undefined);
        return true;
      },
      (error: unknown) => {
        loads.delete(base);
        setStatus(base, { tag: entry.tag, status: 'failed', error: error instanceof Error ? error.message : String(error) });
        return false;
      },
    );
  loads.set(base, promise);
  return promise;
}

const messages = defineMessages({
  en: {
    loading: 'Loading…',
    failed: 'This part could not be loaded. Check the connection and try again.',
    retry: 'Retry',
  },
  'zh-CN': {
    loading: '正在加载…',
    failed: '这一部分加载失败，请检查网络后重试。',
    retry: '重试',
  },
});

/**
 * What an element that composes others uses: the tag of an element that is
 * defined or will load on first use, and the rendering of a part whose element
 * may still have to load (a status while it loads, a retryable message when it
 * failed). Re-renders the host when a lazily defined element arrives or fails.
 */
export class LazyElementsController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #locale: () => Locale;
  #unlisten: (() => void)[] = [];

  constructor(host: ReactiveControllerHost, locale: () => Locale) {
    this.#host = host;
    this.#locale = locale;
    host.addController(this);
  }

  hostConnected(): void {
    const update = (): void => this.#host.requestUpdate();
    this.#unlisten = [definedTags().listen(update), lazyTags().listen(update)];
  }

  hostDisconnected(): void {
    for (const unlisten of this.#unlisten) unlisten();
    this.#unlisten = [];
  }

  /** The tag of `base` when it is defined or defined lazily (with any prefix), else undefined. */
  tag(base: CallpopTag): string | undefined {
    return definedTags().get()[base] ?? lazyTags().get()[base]?.tag;
  }

  /** Whether `base` is defined now (its element renders at once). */
  defined(base: CallpopTag): boolean {
    return definedTags().get()[base] !== undefined;
  }

  /** Start loading `base` now (e.g. on hover of the button that opens it); never rejects. */
  preload(base: CallpopTag): Promise<boolean> {
    return loadLazyElement(base);
  }

  /**
   * The tag to render `base` under, defined or not: an element rendered before its chunk
   * arrives upgrades (with the properties already set on it) when it does. Starts the load;
   * pair it with {@link failure} for the message when that load fails.
   */
  tagFor(base: CallpopTag): string {
    const defined = definedTags().get()[base];
    if (defined) return defined;
    const lazy = lazyTags().get()[base];
    if (lazy?.status === 'idle') queueMicrotask(() => void loadLazyElement(base));
    return lazy?.tag ?? base;
  }

  /** The message with Retry (`part="lazy-error"`) when `base`'s chunk failed to load, else nothing. */
  failure(base: CallpopTag): TemplateResult | typeof nothing {
    const lazy = lazyTags().get()[base];
    return lazy?.status === 'failed' && !definedTags().get()[base] ? this.#failed(base) : nothing;
  }

  #failed(base: CallpopTag): TemplateResult {
    const locale = this.#locale();
    const m = (key: keyof (typeof messages)['en']): string => translateFrom(messages, locale, key);
    return html`<p part="lazy-error" role="alert" class="error" data-element=${base}>
      <span>${m('failed')}</span>
      <button type="button" part="lazy-retry" @click=${() => void loadLazyElement(base)}>${m('retry')}</button>
    </p>`;
  }

  /**
   * `content(tag)` once `base` is defined; while its chunk loads a status line
   * (`part="lazy-status"`), when it failed a message with Retry
   * (`part="lazy-error"`); nothing when `base` is not on the page at all.
   * Rendering it starts the load.
   */
  render(base: CallpopTag, content: (tag: string) => TemplateResult, options: { readonly quiet?: boolean } = {}): TemplateResult | typeof nothing {
    const defined = definedTags().get()[base];
    if (defined) return content(defined);
    const lazy = lazyTags().get()[base];
    if (!lazy) return nothing;
    if (lazy.status === 'failed') return this.#failed(base);
    const m = (key: keyof (typeof messages)['en']): string => translateFrom(messages, this.#locale(), key);
    // Not during this render: the store change re-renders the host.
    if (lazy.status === 'idle') queueMicrotask(() => void loadLazyElement(base));
    if (options.quiet) return nothing;
    return html`<p part="lazy-status" role="status" class="muted" data-element=${base}>${m('loading')}</p>`;
  }
}
