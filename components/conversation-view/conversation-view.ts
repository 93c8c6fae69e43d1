import type { VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ConversationSegment, Speaker } from '../../src/adapter/types.js';
import type { Locale } from '../../src/i18n/locale.js';
import { conversationModule, searchTranscript, splitByQuery, type Transcript, type TranscriptMatch } from '../../src/workbench/conversation.js';
import { ShownCallController } from '../shared/shown-call-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { canShow } from '../shared/backend-needs.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { messages } from './conversation-view.messages.js';
import { styles } from './conversation-view.styles.js';

/**
 * From this many lines a transcript is windowed (@lit-labs/virtualizer, loaded then in its own
 * chunk); a shorter one is a plain list, which costs less to render and to keep.
 */
export const VIRTUALIZE_FROM = 150;

type VirtualLog = typeof import('./virtual-log.js');
// A cache of static code, the same for every element.
let virtualLog: VirtualLog | null = null;
let virtualLogLoad: Promise<VirtualLog> | null = null;
let virtualLogFailedAt = -Infinity;
/** After a failed load, how long the plain list is kept before the chunk is asked for again. */
const VIRTUAL_LOG_RETRY_MS = 10_000;

function loadVirtualLog(): Promise<VirtualLog> | null {
  if (!virtualLogLoad && performance.now() - virtualLogFailedAt < VIRTUAL_LOG_RETRY_MS) return null;
  virtualLogLoad ??= import('./virtual-log.js').then(
    (module) => (virtualLog = module),
    (error: unknown) => {
      // Asked for again by a later render; meanwhile the plain list keeps working.
      virtualLogLoad = null;
      virtualLogFailedAt = performance.now();
      throw error;
    },
  );
  return virtualLogLoad;
}

/** How close to the bottom (px) still counts as "at the newest line". */
const BOTTOM_SLACK_PX = 24;

const timeFormats = new Map<Locale, Intl.DateTimeFormat>();
function formatTime(at: string, locale: Locale): string {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    timeFormats.set(locale, format);
  }
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? '' : format.format(ms);
}

/**
 * The call's conversation: the customer's talk with the bot before the agent
 * joined, then with the agent, streamed live from speech recognition. Interim
 * text is shown as such until its final text replaces it. The view follows the
 * newest line unless the agent scrolled up ("Jump to latest" then shows how
 * many lines came meanwhile). Search highlights every match. Only the lines on
 * screen are rendered, so hour-long calls stay fast.
 *
 * @tagname conversation-view
 * @summary The live transcript of a call, with search.
 *
 * @csspart base - The whole view.
 * @csspart toolbar - The search bar.
 * @csspart search-input - The search field.
 * @csspart search-count - "2 of 5" / "No matches".
 * @csspart search-previous - The previous-match button.
 * @csspart search-next - The next-match button.
 * @csspart log - The scrolling list of lines.
 * @csspart row - One line with the divider before it, if any.
 * @csspart segment - One line (also `segment-customer`, `segment-agent`, `segment-bot`, `interim`).
 * @csspart speaker - Who spoke.
 * @csspart time - When.
 * @csspart text - What was said.
 * @csspart match - A search match (also `current` for the selected one).
 * @csspart divider - "Before the agent joined" / "The agent joined".
 * @csspart jump-latest - The "Jump to latest" button.
 * @csspart status - Loading, empty and no-call messages.
 * @csspart error - The load failed, with a retry.
 *
 * @cssprop --callpop-conversation-view-height - Height of the view (default 360px).
 * @cssprop --callpop-conversation-view-customer-color - Accent of the customer's lines.
 * @cssprop --callpop-conversation-view-agent-color - Accent of the agent's lines.
 * @cssprop --callpop-conversation-view-bot-color - Accent of the bot's lines.
 * @cssprop --callpop-conversation-view-match-bg - Background of a search match.
 */
export class ConversationView extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, styles];

  /** The call whose conversation to show; the active call when unset. */
  @property({ attribute: 'call-id' }) callId: string | undefined;

  @state() private query = '';
  @state() private currentMatch = 0;
  /** Following the newest line (not scrolled up). */
  @state() private following = true;
  /** Lines that arrived since the agent scrolled up. */
  @state() private unseen = 0;

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #transcripts = new StoreController(this, () => this.#wb.value?.use(conversationModule).$transcripts);
  readonly #shown = new ShownCallController(this, this.#wb);

  #shownCall: string | null = null;
  #lastCount = 0;
  #lastScrollTop = 0;
  #userScrollUntil = 0;
  #followTimer: ReturnType<typeof setTimeout> | undefined;
  #matchesFor: { segments: readonly ConversationSegment[]; query: string; matches: readonly TranscriptMatch[] } | null = null;
  #firstAgentFor: { segments: readonly ConversationSegment[]; index: number } | null = null;

  /** The call whose transcript is windowed: once long enough, it stays so while it is shown. */
  #windowedFor: string | null = null;

  get #id(): string | null {
    return this.#shown.id;
  }

  get #transcript(): Transcript | undefined {
    const id = this.#id;
    return id ? this.#transcripts.value?.[id] : undefined;
  }

  get #log(): (HTMLElement & VirtualizerHostElement) | null {
    return this.renderRoot.querySelector<HTMLElement & VirtualizerHostElement>('[part="log"]');
  }

  /** Search matches, computed once per transcript and query. */
  get #matches(): readonly TranscriptMatch[] {
    const segments = this.#transcript?.segments ?? [];
    const cached = this.#matchesFor;
    if (cached && cached.segments === segments && cached.query === this.query) return cached.matches;
    const matches = searchTranscript(segments, this.query);
    this.#matchesFor = { segments, query: this.query, matches };
    return matches;
  }

  /** Index of the first agent line after a bot part (−1 when there is no bot part). */
  #firstAgentIndex(segments: readonly ConversationSegment[]): number {
    if (this.#firstAgentFor?.segments === segments) return this.#firstAgentFor.index;
    let index = -1;
    if (segments[0]?.speaker === 'bot') index = segments.findIndex((segment) => segment.speaker !== 'bot');
    this.#firstAgentFor = { segments, index };
    return index;
  }

  // ------------------------------------------------------------ lifecycle

  protected override willUpdate(_changed: PropertyValues<this>): void {
    if (!canShow(this.#wb.value, 'conversation-view')) return;
    const id = this.#id;
    if (id !== this.#shownCall) {
      this.#shownCall = id;
      this.following = true;
      this.unseen = 0;
      this.currentMatch = 0;
      this.#lastCount = 0;
      this.#lastScrollTop = 0;
    }
    if (id && (this.#transcript?.status ?? 'idle') === 'idle') void this.#wb.value?.use(conversationModule).load(id);
    const count = this.#transcript?.segments.length ?? 0;
    if (count !== this.#lastCount) {
      if (!this.following && count > this.#lastCount) this.unseen += count - this.#lastCount;
      this.#lastCount = count;
    }
    const total = this.#matches.length;
    if (this.currentMatch >= total) this.currentMatch = Math.max(0, total - 1);
  }

  protected override updated(): void {
    if (this.following) this.#scheduleFollow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#followTimer);
    this.#followTimer = undefined;
  }

  // ------------------------------------------------------------ handlers

  /**
   * Keep the newest line in view. The virtualizer takes new lines and measures
   * them asynchronously, so this runs after it (and again after each of its
   * layout passes, until the view rests at the bottom). Only the log scrolls:
   * never the page around it.
   */
  #scheduleFollow(): void {
    if (this.#followTimer !== undefined) return;
    this.#followTimer = setTimeout(() => {
      this.#followTimer = undefined;
      if (this.following) this.#scrollToEnd();
    }, 0);
  }

  #scrollToEnd(): void {
    const log = this.#log;
    if (!log || log.hidden) return;
    const end = log.scrollHeight - log.clientHeight;
    if (log.scrollTop < end - 1) log.scrollTop = end;
    this.#lastScrollTop = log.scrollTop;
  }

  #onLayout = (): void => {
    if (this.following) this.#scheduleFollow();
  };

  /** Wheel, touch, keys or the scrollbar: what follows is the agent's own scrolling. */
  #onUserScrollIntent = (): void => {
    this.#userScrollUntil = performance.now() + 1000;
  };

  #onScroll = (): void => {
    const log = this.#log;
    if (!log) return;
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - BOTTOM_SLACK_PX;
    const movedUp = log.scrollTop < this.#lastScrollTop - 1;
    this.#lastScrollTop = log.scrollTop;
    if (atBottom) {
      if (!this.following) {
        this.following = true;
        this.unseen = 0;
      }
    } else if (movedUp && this.following && performance.now() < this.#userScrollUntil) {
      // Only the agent's move up stops following: the list growing or re-measuring never does.
      this.following = false;
      this.unseen = 0;
    }
  };

  #onJump = (): void => {
    this.following = true;
    this.unseen = 0;
    this.#userScrollUntil = 0;
    this.#scrollToEnd();
    this.#scheduleFollow();
    this.#log?.focus();
  };

  #onSearchInput = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value;
    this.currentMatch = 0;
    if (this.query.trim()) void this.updateComplete.then(() => this.#showMatch());
  };

  #onSearchKey = (event: KeyboardEvent): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      this.#step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape' && this.query) {
      event.preventDefault();
      this.query = '';
    }
  };

  #step(by: number): void {
    const total = this.#matches.length;
    if (total === 0) return;
    this.currentMatch = (this.currentMatch + by + total) % total;
    void this.updateComplete.then(() => this.#showMatch());
  }

  /** Scroll the current match into view (the log only, never the page); the agent is reading, so stop following. */
  #showMatch(): void {
    const match = this.#matches[this.currentMatch];
    const log = this.#log;
    if (!match || !log) return;
    this.following = false;
    const mark = log.querySelector<HTMLElement>('mark.current');
    if (mark) {
      const offset = mark.getBoundingClientRect().top - log.getBoundingClientRect().top;
      log.scrollTop += offset - log.clientHeight / 2;
    } else {
      // Not rendered yet: the virtualizer scrolls to it (and renders it) itself.
      const virtualizer = virtualLog ? log[virtualLog.virtualizerRef] : undefined;
      virtualizer?.element(match.index)?.scrollIntoView({ block: 'center' });
      void virtualizer?.layoutComplete.then(() => {
        const rendered = log.querySelector<HTMLElement>('mark.current');
        if (rendered && this.#matches[this.currentMatch] === match) this.#showMatch();
      }, () => undefined);
    }
    this.#lastScrollTop = log.scrollTop;
  }

  // ------------------------------------------------------------ render

  #m = (key: keyof typeof messages.en, params?: Record<string, string | number>): string =>
    this.#i18n.msg(messages, key, params);

  #speakerLabel(speaker: Speaker): string {
    return this.#i18n.msg(messages, `speaker.${speaker}`);
  }

  #renderText(segment: ConversationSegment, index: number): TemplateResult {
    const query = this.query.trim();
    if (!query) return html`<span part="text" class="text">${segment.text}</span>`;
    const current = this.#matches[this.currentMatch];
    let occurrence = 0;
    // Text nodes only: the transcript is untrusted and is never parsed as markup.
    return html`<span part="text" class="text"
      >${splitByQuery(segment.text, query).map((piece) => {
        if (!piece.match) return piece.text;
        const isCurrent = current !== undefined && current.index === index && occurrence === this.#occurrenceOf(current);
        occurrence += 1;
        return html`<mark part=${isCurrent ? 'match current' : 'match'} class=${isCurrent ? 'current' : ''}>${piece.text}</mark>`;
      })}</span
    >`;
  }

  /** Which occurrence within its segment a match is. */
  #occurrenceOf(match: TranscriptMatch): number {
    let n = 0;
    for (const other of this.#matches) {
      if (other.index !== match.index) continue;
      if (other === match) return n;
      n += 1;
    }
    return n;
  }

  /** A plain list while the transcript is short (or the windowing chunk is still loading, or failed), else windowed. */
  #renderLines(segments: readonly ConversationSegment[]): unknown {
    const id = this.#id;
    if (id && segments.length >= VIRTUALIZE_FROM) this.#windowedFor = id;
    if (this.#windowedFor === null || this.#windowedFor !== id) {
      // Keyed by call: another call's lines replace the whole list (repeat alone left one empty
      // marker comment per removed line in the log, ~50 nodes a call over a shift: bench/shift.mjs).
      return keyed(id, repeat(segments, (segment) => segment.id, (segment, index) => this.#renderSegment(segment, index)));
    }
    if (!virtualLog) {
      void loadVirtualLog()?.then(
        () => this.requestUpdate(),
        () => undefined,
      );
      return repeat(segments, (segment) => segment.id, (segment, index) => this.#renderSegment(segment, index));
    }
    return virtualLog.virtualize({
      items: segments as ConversationSegment[],
      keyFunction: (segment: ConversationSegment) => segment.id,
      renderItem: this.#renderSegment,
      scroller: true,
    });
  }

  #renderSegment = (segment: ConversationSegment, index: number): TemplateResult => {
    const { locale } = this.#i18n;
    const segments = this.#transcript?.segments ?? [];
    const firstAgent = this.#firstAgentIndex(segments);
    const parts = `segment segment-${segment.speaker}${segment.final ? '' : ' interim'}`;
    const divider =
      firstAgent > 0 && index === 0
        ? html`<div part="divider" class="divider">${this.#i18n.msg(messages, 'botPart')}</div>`
        : index === firstAgent
          ? html`<div part="divider" class="divider">${this.#i18n.msg(messages, 'agentJoined')}</div>`
          : nothing;
    return html`<div part="row" class="row">
      ${divider}
      <div part=${parts} class="segment ${segment.speaker} ${segment.final ? 'final' : 'interim'}" data-id=${segment.id}>
        <span part="speaker" class="speaker">${this.#speakerLabel(segment.speaker)}</span>
        <time part="time" datetime=${segment.at}>${formatTime(segment.at, locale)}</time>
        ${this.#renderText(segment, index)}
        ${segment.final ? nothing : html`<span class="visually-hidden">${this.#i18n.msg(messages, 'interim')}</span>`}
      </div>
    </div>`;
  };

  #renderToolbar(): TemplateResult {
    const m = this.#m;
    const total = this.#matches.length;
    const searching = this.query.trim() !== '';
    return html`<div part="toolbar" role="search">
      <input
        part="search-input"
        type="search"
        aria-label=${m('search')}
        placeholder=${m('searchPlaceholder')}
        .value=${this.query}
        @input=${this.#onSearchInput}
        @keydown=${this.#onSearchKey}
      />
      <span part="search-count" role="status" aria-live="polite"
        >${searching ? (total === 0 ? m('noMatches') : m('matchCount', { current: this.currentMatch + 1, total })) : ''}</span
      >
      <button type="button" part="search-previous" aria-label=${m('previous')} title=${m('previous')} ?disabled=${total === 0} @click=${() => this.#step(-1)}>
        ↑
      </button>
      <button type="button" part="search-next" aria-label=${m('next')} title=${m('next')} ?disabled=${total === 0} @click=${() => this.#step(1)}>
        ↓
      </button>
    </div>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    // The backend does not offer what this element shows (see ELEMENT_NEEDS): nothing to show.
    if (!canShow(this.#wb.value, 'conversation-view')) return nothing;
    const m = this.#m;
    const id = this.#id;
    const transcript = this.#transcript;
    const segments = transcript?.segments ?? [];
    let status: TemplateResult | typeof nothing = nothing;
    if (!id) status = html`<p part="status" class="muted">${m('noCall')}</p>`;
    else if (transcript?.status === 'error') {
      status = html`<div part="error" role="alert" class="error">
        <span>${m('failed', { reason: transcript.error ?? '' })}</span>
        <button type="button" @click=${() => this.#wb.value?.use(conversationModule).reload(id)}>${m('retry')}</button>
      </div>`;
    } else if (segments.length === 0) {
      status =
        !transcript || transcript.status === 'loading' || transcript.status === 'idle'
          ? html`<p part="status" role="status" class="muted">${m('loading')}</p>`
          : html`<p part="status" role="status" class="muted">${m('empty')}</p>`;
    }
    return html`<section part="base" aria-label=${m('title')}>
      ${this.#renderToolbar()} ${status}
      <div
        part="log"
        role="log"
        aria-live="off"
        aria-label=${m('title')}
        tabindex="0"
        ?hidden=${segments.length === 0}
        @scroll=${this.#onScroll}
        @wheel=${this.#onUserScrollIntent}
        @touchmove=${this.#onUserScrollIntent}
        @pointerdown=${this.#onUserScrollIntent}
        @keydown=${this.#onUserScrollIntent}
        @rangeChanged=${this.#onLayout}
        @visibilityChanged=${this.#onLayout}
      >
        ${this.#renderLines(segments)}
      </div>
      ${this.following || segments.length === 0
        ? nothing
        : html`<button type="button" part="jump-latest" class="primary" @click=${this.#onJump}>
            ${m('jumpToLatest')}${this.unseen > 0 ? html` <span class="badge">${m('newLines', { count: this.unseen })}</span>` : nothing}
          </button>`}
    </section>`;
  }
}
