import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
// Heights are set through the CSSOM (a ref), not a style attribute: a strict CSP refuses those.
import { ref } from 'lit/directives/ref.js';
import { DockingBridge } from '../../src/docking/bridge.js';
import { CallpopDockingFillSummaryEvent } from '../../src/docking/fill-summary-event.js';
import { CallpopDockingOpenTicketEvent } from '../../src/docking/open-ticket-event.js';
import type { ResolvedDockingPage } from '../../src/docking/pages.js';
import { probeReachable } from '../../src/docking/probe.js';
import type { DockingCallEvent } from '../../src/docking/protocol.js';
import type { FilledUrl } from '../../src/docking/template.js';
import { localizeText } from '../../src/i18n/locale.js';
import type { CallState } from '../../src/telephony/softphone.js';
import { dockingModule, type DockingModule } from '../../src/workbench/docking.js';
import { ShownCallController } from '../shared/shown-call-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { canShow } from '../shared/backend-needs.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { dockingPagesMessages, type DockingPagesMessage } from './docking-pages.messages.js';
import { styles } from './docking-pages.styles.js';
import { CallpopDockingSelectEvent } from './docking-select-event.js';

/** What is known about one page's iframe (for its current URL). */
interface FrameStatus {
  /** The URL (and reload count) this status is about. */
  readonly key: string;
  readonly loaded: boolean;
  readonly errored: boolean;
  readonly timedOut: boolean;
  readonly unreachable: boolean;
  /** The page sent a valid protocol message: it is there. */
  readonly connected: boolean;
}

/** How a page's iframe is doing: `loading`, `loaded`, `connected` (it spoke the protocol) or `failed`. */
export type DockingFrameStatus = 'loading' | 'loaded' | 'connected' | 'failed';

const FRESH: Omit<FrameStatus, 'key'> = { loaded: false, errored: false, timedOut: false, unreachable: false, connected: false };

/**
 * The docking pages an admin configured (`DockingPage`), shown for a call as
 * tabs (the ARIA tabs pattern: ←/→, Home/End). Only pages for the call's
 * direction are listed, by their `order`. Each page is an `<iframe>` created
 * when its tab is first opened, with its URL template filled with the call's
 * values (URL-encoded), a `sandbox` (the page's own or a safe default),
 * `referrerpolicy="strict-origin-when-cross-origin"`, `allow=""` and
 * `loading="lazy"`. A URL that is not http(s) is never loaded: the panel says
 * why. A page that does not load, or (as far as a browser lets anyone tell)
 * refuses to be framed, gets a message with a link to open it in a new tab.
 *
 * Pages talk back through the postMessage protocol (`docs/docking-pages.md`):
 * messages are accepted only from the page's own window and the exact origin
 * of its configured URL, in the documented shapes.
 *
 * Renders nothing when there is no call or no page applies to it.
 *
 * @tagname docking-pages
 * @summary Admin-configured pages for the call, as tabs of sandboxed iframes.
 *
 * @fires callpop-docking-fill-summary - A page asked to fill service-summary fields (`CallpopDockingFillSummaryEvent`). Bubbles and is composed.
 * @fires callpop-docking-select - The agent opened a page's tab (`CallpopDockingSelectEvent`). Bubbles and is composed.
 * @fires callpop-docking-open-ticket - A page asked to open the create-ticket form with values (`CallpopDockingOpenTicketEvent`). Bubbles and is composed.
 *
 * @csspart tablist - The row of tabs.
 * @csspart tab - One page's tab.
 * @csspart panel - One page's panel.
 * @csspart toolbar - The row above a page (the "open in a new tab" link).
 * @csspart open-link - The "open in a new tab" link.
 * @csspart frame - A page's iframe.
 * @csspart notice - A message about a page (also `notice refused`, `notice failed`, `notice unknown-variables`).
 * @csspart reload - The button that loads a failed page again.
 * @csspart status - Loading the configured pages.
 * @csspart error - The configured pages could not be loaded (with a retry).
 * @csspart retry - Its retry button.
 *
 * @cssprop --callpop-docking-pages-height - Height of a page without a configured height (default 480px).
 * @cssprop --callpop-docking-pages-padding - Padding of a panel.
 */
export class DockingPages extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, styles];

  /** The call the pages are for; the active call when unset. */
  @property({ attribute: 'call-id' }) callId: string | undefined;

  /**
   * The id of the open page: the first page when unset or unknown; `''` for
   * none (the tabs show, no page is open: for a container with tabs of its
   * own beside these, see `callpop-docking-select`).
   */
  @property() page: string | undefined;

  /** Milliseconds a page may take to fire `load` before it counts as failed (default 15000). */
  @property({ attribute: 'load-timeout', type: Number }) loadTimeout = 15_000;

  /** Pages whose iframe exists (opened at least once for this call). */
  @state() private opened: ReadonlySet<string> = new Set();
  @state() private frames: ReadonlyMap<string, FrameStatus> = new Map();
  /** Reloads asked for, per page. */
  @state() private reloads: ReadonlyMap<string, number> = new Map();

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #shown = new ShownCallController(this, this.#wb);
  readonly #calls = new StoreController(this, () => this.#wb.value?.stores.$calls);
  /** The agent id is part of the URL: re-render when the agent is known. */
  readonly #agent = new StoreController(this, () => this.#wb.value?.stores.$agent);
  readonly #pages = new StoreController(this, () => this.#module?.$pages);
  readonly #bridge = new DockingBridge({
    context: () => (this.#forCall ? (this.#module?.contextFor(this.#forCall) ?? null) : null),
    fillSummary: (pageId, values) => this.#request('summary', pageId, values),
    openTicket: (pageId, values) => this.#request('ticket', pageId, values),
    connected: (pageId) => this.#mark(pageId, null, { connected: true }),
  });

  /** The call the current iframes belong to. */
  #forCall: string | null = null;
  #lastState: CallState | null = null;
  #pendingEvent: DockingCallEvent | null = null;
  #resolved: ResolvedDockingPage[] = [];
  readonly #warned = new Set<string>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Iframes waiting to come near the viewport, and what to start when they do. */
  readonly #watched = new WeakMap<Element, () => void>();
  #probes = new AbortController();
  #observer: IntersectionObserver | undefined;

  /** Open a page's tab (and create its iframe if it is the first time). */
  selectPage(pageId: string): void {
    this.page = pageId;
  }

  /** How a page's iframe is doing, or null when it was not opened. */
  frameStatus(pageId: string): DockingFrameStatus | null {
    if (!this.opened.has(pageId)) return null;
    const entry = this.#resolved.find((r) => r.page.id === pageId);
    if (!entry?.url.ok) return null;
    return this.#statusOf(pageId, entry.url);
  }

  get #module(): DockingModule | undefined {
    return this.#wb.value?.use(dockingModule);
  }

  get #call(): string | null {
    return this.#shown.id;
  }

  #selected(): ResolvedDockingPage | undefined {
    if (this.page === '') return undefined;
    return this.#resolved.find((r) => r.page.id === this.page) ?? this.#resolved[0];
  }

  // ------------------------------------------------------------ lifecycle

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', this.#onMessage);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('message', this.#onMessage);
    this.#reset(null);
  }

  protected override willUpdate(): void {
    if (!canShow(this.#wb.value, 'docking-pages')) return;
    const module = this.#module;
    if (module && module.$pages.get().status === 'idle') void module.loadPages();
    const call = this.#call;
    if (call !== this.#forCall) this.#reset(call);
    void this.#agent.value; // read by pagesFor(); the controller re-renders when it changes
    this.#resolved = call && module ? module.pagesFor(call) : [];
    for (const { page, url, sandbox } of this.#resolved) {
      for (const warning of sandbox.warnings) this.#warnOnce(`${page.id}:sandbox:${warning}`, `callpop: docking page "${page.id}" sandbox: ${warning}`);
      if (!url.ok) this.#warnOnce(`${page.id}:url:${url.reason}`, `callpop: docking page "${page.id}" is not loaded: ${url.message}`);
      if (url.unknown.length > 0) {
        this.#warnOnce(`${page.id}:unknown:${url.unknown.join()}`, `callpop: docking page "${page.id}" names unknown variables (left empty): ${url.unknown.join(', ')}`);
      }
    }
    const selected = this.#selected();
    if (selected && !this.opened.has(selected.page.id)) this.opened = new Set([...this.opened, selected.page.id]);
    const pop = call ? this.#calls.value?.[call] : undefined;
    if (call && module && pop && pop.state !== this.#lastState) {
      this.#pendingEvent = module.callEventFor(call, this.#lastState);
      this.#lastState = pop.state;
    }
  }

  protected override updated(): void {
    const present = new Set<string>();
    for (const frame of this.renderRoot.querySelectorAll<HTMLIFrameElement>('iframe[part~="frame"]')) {
      const pageId = frame.dataset['page'] ?? '';
      const entry = this.#resolved.find((r) => r.page.id === pageId);
      if (!entry?.url.ok || !frame.contentWindow) continue;
      present.add(pageId);
      this.#bridge.register(pageId, entry.url.origin, frame.contentWindow);
      if (!this.#watched.has(frame)) this.#watch(frame, pageId, this.#frameKey(pageId, entry.url));
    }
    for (const { page } of this.#resolved) if (!present.has(page.id)) this.#bridge.unregister(page.id);
    if (this.#pendingEvent) {
      this.#bridge.broadcast(this.#pendingEvent);
      this.#pendingEvent = null;
    }
  }

  /** Forget the iframes of the previous call. */
  #reset(call: string | null): void {
    this.#forCall = call;
    this.#bridge.clear();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#probes.abort();
    this.#probes = new AbortController();
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#lastState = call ? (this.#calls.value?.[call]?.state ?? null) : null;
    this.#pendingEvent = null;
    if (this.opened.size > 0) this.opened = new Set();
    if (this.frames.size > 0) this.frames = new Map();
  }

  #warnOnce(key: string, message: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    console.warn(message);
  }

  // ------------------------------------------------------------ frames

  #frameKey(pageId: string, url: Extract<FilledUrl, { ok: true }>): string {
    return `${this.reloads.get(pageId) ?? 0} ${url.url}`;
  }

  #statusOf(pageId: string, url: Extract<FilledUrl, { ok: true }>): DockingFrameStatus {
    const status = this.frames.get(pageId);
    if (!status || status.key !== this.#frameKey(pageId, url)) return 'loading';
    if (status.connected) return 'connected';
    if (status.errored || status.unreachable || (status.timedOut && !status.loaded)) return 'failed';
    return status.loaded ? 'loaded' : 'loading';
  }

  /** Update a page's status, for the frame `key` (null: whatever frame the page shows now). */
  #mark(pageId: string, key: string | null, change: Partial<Omit<FrameStatus, 'key'>>): void {
    const entry = this.#resolved.find((r) => r.page.id === pageId);
    if (!entry?.url.ok) return;
    const current = this.#frameKey(pageId, entry.url);
    if (key !== null && key !== current) return;
    const previous = this.frames.get(pageId);
    const base = previous && previous.key === current ? previous : { key: current, ...FRESH };
    this.frames = new Map(this.frames).set(pageId, { ...base, ...change });
  }

  /**
   * Probe the page's server at once; start its load timeout once the iframe
   * comes near the viewport (it loads lazily, and a hidden tab renders nothing).
   */
  #watch(frame: HTMLIFrameElement, pageId: string, key: string): void {
    const signal = this.#probes.signal;
    void probeReachable(frame.src, signal).then((reachable) => {
      if (!reachable && !signal.aborted) this.#mark(pageId, key, { unreachable: true });
    });
    const start = (): void => {
      const previous = this.#timers.get(pageId);
      if (previous !== undefined) clearTimeout(previous);
      this.#timers.set(
        pageId,
        setTimeout(() => this.#mark(pageId, key, { timedOut: true }), Math.max(0, this.loadTimeout)),
      );
    };
    this.#watched.set(frame, start);
    if (typeof IntersectionObserver === 'undefined') {
      start();
      return;
    }
    this.#observer ??= new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          this.#observer?.unobserve(entry.target);
          this.#watched.get(entry.target)?.();
        }
      },
      { rootMargin: '200px' },
    );
    this.#observer.observe(frame);
  }

  #reload(pageId: string): void {
    this.reloads = new Map(this.reloads).set(pageId, (this.reloads.get(pageId) ?? 0) + 1);
  }

  // ------------------------------------------------------------ messages

  #onMessage = (event: MessageEvent): void => {
    this.#bridge.handle(event);
  };

  #request(kind: 'summary' | 'ticket', pageId: string, values: Parameters<DockingModule['requestTicket']>[2]): void {
    const call = this.#forCall;
    const module = this.#module;
    if (!call || !module) return;
    if (kind === 'summary') {
      const { seq } = module.requestSummaryFill(call, pageId, values);
      this.dispatchEvent(new CallpopDockingFillSummaryEvent({ callId: call, pageId, values, seq }));
    } else {
      const { seq } = module.requestTicket(call, pageId, values);
      this.dispatchEvent(new CallpopDockingOpenTicketEvent({ callId: call, pageId, values, seq }));
    }
  }

  // ------------------------------------------------------------ handlers

  #onKey(event: KeyboardEvent): void {
    const tabs = [...this.renderRoot.querySelectorAll<HTMLElement>('[role="tab"]')];
    const current = tabs.indexOf(event.target as HTMLElement);
    if (current < 0) return;
    let next: number;
    if (event.key === 'ArrowRight') next = (current + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (current - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    else return;
    event.preventDefault();
    const target = tabs[next];
    const pageId = target?.dataset['page'];
    if (pageId !== undefined) this.#open(pageId);
    target?.focus();
  }

  #open(pageId: string): void {
    if (this.page === pageId) return;
    this.page = pageId;
    const call = this.#call;
    if (call) this.dispatchEvent(new CallpopDockingSelectEvent({ callId: call, pageId }));
  }

  // ------------------------------------------------------------ render

  #m = (key: DockingPagesMessage, params?: { readonly [name: string]: string | number }): string =>
    this.#i18n.msg(dockingPagesMessages, key, params);

  #refusal(url: Extract<FilledUrl, { ok: false }>): string {
    switch (url.reason) {
      case 'empty':
        return this.#m('refusedEmpty');
      case 'not-absolute':
        return this.#m('refusedNotAbsolute');
      case 'scheme':
        return this.#m('refusedScheme', { scheme: url.scheme ?? '' });
      case 'variable-host':
        return this.#m('refusedVariableHost');
      case 'path-escape':
        return this.#m('refusedPathEscape');
      case 'too-long':
        return this.#m('refusedTooLong');
    }
  }

  #newTabLink(url: string, part: string): TemplateResult {
    return html`<a part=${part} href=${url} target="_blank" rel="noopener noreferrer"
      >${this.#m('openInNewTab')}<span class="visually-hidden"> ${this.#m('newTabHint')}</span></a
    >`;
  }

  #content({ page, url, sandbox }: ResolvedDockingPage, name: string): TemplateResult {
    if (!url.ok) {
      return html`<p part="notice refused" role="alert" class="error">${this.#m('refused', { reason: this.#refusal(url) })} ${this.#m('adminHint')}</p>`;
    }
    const status = this.#statusOf(page.id, url);
    const key = this.#frameKey(page.id, url);
    const height = page.height !== null && Number.isFinite(page.height) && page.height > 0 ? `${Math.min(Math.max(page.height, 80), 4000)}px` : undefined;
    return html`<div part="toolbar">${this.#newTabLink(url.url, 'open-link')}</div>
      ${url.unknown.length > 0
        ? html`<p part="notice unknown-variables" class="muted">${this.#m('unknownVariables', { names: url.unknown.join(', ') })}</p>`
        : nothing}
      ${status === 'failed'
        ? html`<p part="notice failed" role="alert">
            ${this.#m('frameFailed')} ${this.#newTabLink(url.url, 'failed-link')}
            <button type="button" part="reload" @click=${() => this.#reload(page.id)}>${this.#m('reload')}</button>
          </p>`
        : nothing}
      ${keyed(
        key,
        html`<iframe
          part="frame"
          data-page=${page.id}
          title=${name}
          sandbox=${sandbox.value}
          referrerpolicy="strict-origin-when-cross-origin"
          allow=""
          loading="lazy"
          ${ref((frame) => frame instanceof HTMLElement && frame.style.setProperty('height', height ?? null))}
          src=${url.url}
          @load=${() => this.#mark(page.id, key, { loaded: true })}
          @error=${() => this.#mark(page.id, key, { errored: true })}
        ></iframe>`,
      )}`;
  }

  protected override render(): TemplateResult | typeof nothing {
    // The backend does not offer what this element shows (see ELEMENT_NEEDS): nothing to show.
    if (!canShow(this.#wb.value, 'docking-pages')) return nothing;
    const module = this.#module;
    const pagesState = this.#pages.value;
    if (!this.#call || !module || !pagesState) return nothing;
    if (this.#resolved.length === 0) {
      if (pagesState.status === 'error') {
        return html`<p part="error" role="alert" class="error">
          ${this.#m('loadFailed', { reason: pagesState.error ?? '' })}
          <button type="button" part="retry" @click=${() => void module.loadPages(true)}>${this.#m('retry')}</button>
        </p>`;
      }
      if (pagesState.status !== 'ready') return html`<p part="status" role="status" class="muted">${this.#m('loading')}</p>`;
      return nothing;
    }
    const selected = this.#selected();
    return html`<div part="tablist" role="tablist" aria-label=${this.#m('tabs')} @keydown=${(e: KeyboardEvent) => this.#onKey(e)}>
        ${this.#resolved.map(({ page }, index) => {
          const on = page.id === selected?.page.id;
          const focusable = selected ? on : index === 0;
          return html`<button
            type="button"
            role="tab"
            part="tab"
            id=${`tab-${index}`}
            data-page=${page.id}
            aria-selected=${on ? 'true' : 'false'}
            aria-controls=${`panel-${index}`}
            tabindex=${focusable ? '0' : '-1'}
            @click=${() => this.#open(page.id)}
          >
            ${localizeText(page.name, this.#i18n.locale)}
          </button>`;
        })}
      </div>
      ${this.#resolved.map((entry, index) => {
        const on = entry.page.id === selected?.page.id;
        return html`<div part="panel" role="tabpanel" id=${`panel-${index}`} aria-labelledby=${`tab-${index}`} tabindex="0" ?hidden=${!on}>
          ${this.opened.has(entry.page.id) ? this.#content(entry, localizeText(entry.page.name, this.#i18n.locale)) : nothing}
        </div>`;
      })}`;
  }
}
