import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { ticketsModule } from '../../src/workbench/tickets.js';
import { recordsModule } from '../../src/workbench/records.js';
import type { VisibilityChangedEvent } from '@lit-labs/virtualizer/events.js';
import { Task } from '@lit/task';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { BusinessRecord, ChatSession, RecordKind, Ticket } from '../../src/adapter/types.js';
import { messageOf } from '../../src/workbench/context.js';
import type { PagedList } from '../../src/workbench/records.js';
import type { Workbench } from '../../src/workbench/workbench.js';
import { CallRecordView } from '../call-record/call-record.js';
import { tagOf } from '../shared/define-element.js';
import { ShownCallController } from '../shared/shown-call-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { canShow } from '../shared/backend-needs.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { formatInstant, renderTicket } from '../ticket-tab/ticket-view.js';
import { businessRecordsMessages, type BusinessRecordsMessage } from './business-records.messages.js';
import { styles } from './business-records.styles.js';
import { ticketViewStyles } from '../ticket-tab/ticket-view.styles.js';
import { renderListStatus } from './list-status.js';

const KINDS: readonly RecordKind[] = ['chat', 'call', 'ticket'];
/** Fetch the next page when the last visible entry is this close to the end. */
const PREFETCH_ROWS = 15;

type Detail =
  | { readonly kind: 'chat'; readonly chat: ChatSession }
  | { readonly kind: 'ticket'; readonly ticket: Ticket }
  | { readonly kind: 'call'; readonly callId: string }
  | null;

/**
 * The customer's timeline: chat sessions, calls and tickets in one list,
 * newest first, filterable by kind. Only the entries on screen are rendered
 * (virtual scrolling) and the next page is fetched as the agent nears the
 * end. Opening an entry shows its details: a chat's messages, a call's record
 * (with its agent legs and recording), a ticket.
 *
 * @tagname business-records
 * @summary The customer's chats, calls and tickets, newest first.
 *
 * @csspart base - The timeline.
 * @csspart filters - The kind filter chips.
 * @csspart chip - One chip (`aria-pressed` when on).
 * @csspart list - The virtualized list.
 * @csspart entry - One entry.
 * @csspart open - The button that opens an entry.
 * @csspart kind - An entry's kind.
 * @csspart loading - The first page (or the next one) is loading.
 * @csspart error - A page could not be loaded, with a retry.
 * @csspart empty - No records (or none of the chosen kinds).
 * @csspart end - All records are shown.
 * @csspart more - The "load more" button.
 * @csspart detail - The open entry's details.
 * @csspart detail-header - Their title and close button.
 * @csspart messages - A chat's messages.
 * @csspart message - One chat message.
 * @csspart call-record - A call's `<call-record>`.
 * @csspart ticket - A ticket's details.
 *
 * @cssprop --callpop-business-records-height - Height of the list.
 * @cssprop --callpop-business-records-detail-height - Height of a chat's messages before they scroll.
 */
export class BusinessRecords extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, ticketViewStyles, styles];

  /** The customer whose records to show; the customer of `call-id` (or of the active call) when unset. */
  @property({ attribute: 'customer-id' }) customerId: string | undefined;

  /** The call whose customer's records to show when `customer-id` is unset; the active call when both are unset. */
  @property({ attribute: 'call-id' }) callId: string | undefined;

  /** The kinds shown; all when empty. */
  @state() private kinds: readonly RecordKind[] = [];
  @state() private opened: BusinessRecord | null = null;

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #shown = new ShownCallController(this, this.#wb);
  readonly #calls = new StoreController(this, () => this.#wb.value?.stores.$calls);
  readonly #list = new StoreController(this, () => this.#timeline()?.$state);
  readonly #agents = new StoreController(this, () => this.#wb.value?.use(ticketsModule).$agents);
  readonly #schema = new StoreController(this, () => this.#wb.value?.use(ticketsModule).$schema);
  #openedFor: string | null = null;

  readonly #detail = new Task(this, {
    task: async ([record, workbench]: readonly [BusinessRecord | null, Workbench | undefined], { signal }): Promise<Detail> => {
      if (!record || !workbench) return null;
      if (record.kind === 'chat') return { kind: 'chat', chat: await workbench.use(recordsModule).getChat(record.refId, { signal }) };
      if (record.kind === 'ticket') return { kind: 'ticket', ticket: await workbench.use(ticketsModule).get(record.refId, { signal }) };
      return { kind: 'call', callId: record.refId };
    },
    args: () => [this.opened, this.#wb.value] as const,
  });

  get #customer(): string | null {
    if (this.customerId) return this.customerId;
    const call = this.#shown.id;
    const pop = call ? this.#calls.value?.[call] : undefined;
    return pop?.lookup.customer?.id ?? pop?.record?.customerId ?? null;
  }

  #timeline(): PagedList<BusinessRecord> | null {
    const workbench = this.#wb.value;
    const customer = this.#customer;
    return workbench && customer ? workbench.use(recordsModule).timeline(customer, this.kinds) : null;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    if (!canShow(this.#wb.value, 'business-records')) return;
    const customer = this.#customer;
    if (customer !== this.#openedFor) {
      this.#openedFor = customer;
      this.opened = null;
    }
    void this.#timeline()?.load();
    const workbench = this.#wb.value;
    if (this.opened?.kind === 'ticket' && workbench) {
      if (this.#agents.value?.status === 'idle') workbench.use(ticketsModule).loadAgents().catch(() => undefined);
      if (this.#schema.value?.status === 'idle') workbench.use(ticketsModule).loadSchema().catch(() => undefined);
    }
  }

  // ------------------------------------------------------------ handlers

  #toggleKind(kind: RecordKind | null): void {
    if (kind === null) this.kinds = [];
    else if (this.kinds.includes(kind)) this.kinds = this.kinds.filter((k) => k !== kind);
    else {
      const next = [...this.kinds, kind];
      this.kinds = next.length === KINDS.length ? [] : next;
    }
  }

  #open(record: BusinessRecord): void {
    this.opened = this.opened?.id === record.id ? null : record;
  }

  // ------------------------------------------------------------ render

  #m = (key: BusinessRecordsMessage, params?: { readonly [name: string]: string | number }): string =>
    this.#i18n.msg(businessRecordsMessages, key, params);

  #renderEntry = (record: BusinessRecord): TemplateResult => {
    const { locale } = this.#i18n;
    const open = this.opened?.id === record.id;
    return html`<div part="entry" role="listitem" data-kind=${record.kind}>
      <button type="button" part="open" aria-expanded=${open ? 'true' : 'false'} @click=${() => this.#open(record)}>
        <span part="kind">${this.#m(`one.${record.kind}`)}</span>
        <span class="title">${record.title}</span>
        <span class="time">${formatInstant(record.at, locale)}</span>
        ${record.summary ? html`<span class="summary">${record.summary}</span>` : nothing}
      </button>
    </div>`;
  };

  #renderDetail(record: BusinessRecord): TemplateResult {
    const m = this.#m;
    const { locale } = this.#i18n;
    const body = this.#detail.render({
      pending: () => html`<p part="loading" role="status">${m('detailLoading')}</p>`,
      error: (error) => html`<p part="error" role="alert" class="error">
        ${m('detailFailed', { reason: messageOf(error) })}
        <button type="button" @click=${() => void this.#detail.run()}>${m('retry')}</button>
      </p>`,
      complete: (detail) => {
        if (!detail) return nothing;
        if (detail.kind === 'chat') {
          const { chat } = detail;
          return chat.messages.length === 0
            ? html`<p class="muted">${m('noMessages')}</p>`
            : html`<ol part="messages" tabindex="0" aria-labelledby="detail-title">
                ${chat.messages.map(
                  (message) => html`<li part="message" data-from=${message.from}>
                    <span class="speaker">${m(`speaker.${message.from}`)}</span><span class="time">${formatInstant(message.at, locale)}</span>
                    <div>${message.text}</div>
                  </li>`,
                )}
              </ol>`;
        }
        if (detail.kind === 'ticket') {
          return renderTicket(detail.ticket, { locale, agents: this.#agents.value, schema: this.#schema.value?.schema ?? null });
        }
        const tag = unsafeStatic(tagOf(CallRecordView, 'call-record'));
        return staticHtml`<${tag} part="call-record" call-id=${detail.callId} .workbench=${this.#wb.value} theme=${this.theme ?? nothing}></${tag}>`;
      },
    });
    const heading =
      record.kind === 'chat' ? m('chatTitle', { channel: record.channel ?? '' }) : `${m(`one.${record.kind}`)} · ${record.title}`;
    return html`<section part="detail" aria-labelledby="detail-title">
      <div part="detail-header">
        <h3 id="detail-title">${heading}</h3>
        <button type="button" @click=${() => (this.opened = null)}>${m('close')}</button>
      </div>
      ${body}
    </section>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    // The backend does not offer what this element shows (see ELEMENT_NEEDS): nothing to show.
    if (!canShow(this.#wb.value, 'business-records')) return nothing;
    const m = this.#m;
    const list = this.#timeline();
    if (!list) return html`<p part="empty" class="muted">${m('noCustomer')}</p>`;
    const state = this.#list.value;
    const items = state?.items ?? [];
    return html`<div part="base">
      <div part="filters" role="group" aria-label=${m('filter')}>
        <button type="button" part="chip" aria-pressed=${this.kinds.length === 0 ? 'true' : 'false'} @click=${() => this.#toggleKind(null)}>
          ${m('all')}
        </button>
        ${KINDS.map(
          (kind) => html`<button
            type="button"
            part="chip"
            data-kind=${kind}
            aria-pressed=${this.kinds.includes(kind) ? 'true' : 'false'}
            @click=${() => this.#toggleKind(kind)}
          >
            ${m(`kind.${kind}`)}
          </button>`,
        )}
      </div>
      ${this.opened ? this.#renderDetail(this.opened) : nothing}
      ${items.length > 0
        ? html`<div
            part="list"
            role="list"
            aria-label=${m('title')}
            tabindex="0"
            @visibilityChanged=${(e: VisibilityChangedEvent) => {
              if (e.last >= items.length - PREFETCH_ROWS) void list.loadMore();
            }}
          >
            ${virtualize({
              items: items as BusinessRecord[],
              renderItem: this.#renderEntry,
              keyFunction: (record: BusinessRecord) => record.id,
              scroller: true,
            })}
          </div>`
        : nothing}
      ${renderListStatus(
        state,
        {
          loading: m('loading'),
          loadingMore: m('loadingMore'),
          failed: (reason) => m('failed', { reason }),
          retry: m('retry'),
          empty: this.kinds.length > 0 ? m('emptyFiltered') : m('empty'),
          end: (count) => m('end', { count }),
          more: m('more'),
        },
        { retry: () => void list.loadMore(), more: () => void list.loadMore() },
      )}
    </div>`;
  }
}
