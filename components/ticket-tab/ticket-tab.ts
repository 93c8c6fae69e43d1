import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { ticketsModule } from '../../src/workbench/tickets.js';
import type { VisibilityChangedEvent } from '@lit-labs/virtualizer/events.js';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { Ticket } from '../../src/adapter/types.js';
import type { PagedList, PagedListState } from '../../src/workbench/records.js';
import type { CallpopTicketCreatedEvent } from '../../src/workbench/ticket-created-event.js';
import { renderListStatus } from '../business-records/list-status.js';
import { tagOf } from '../shared/define-element.js';
import { ShownCallController } from '../shared/shown-call-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { canShow } from '../shared/backend-needs.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { TicketForm } from '../ticket-form/ticket-form.js';
import { ticketTabMessages, type TicketTabMessage } from './ticket-tab.messages.js';
import { styles } from './ticket-tab.styles.js';
import { ticketViewStyles } from './ticket-view.styles.js';
import { assigneeName, formatInstant, renderTicket, type TicketViewContext } from './ticket-view.js';

type View = { readonly kind: 'lists' } | { readonly kind: 'create' } | { readonly kind: 'detail'; readonly ticket: Ticket };

/** Fetch the next page when the last visible row is this close to the end. */
const PREFETCH_ROWS = 10;

/**
 * The call's tickets: those created from this call ("downstream") and all of
 * the customer's tickets, each list virtualized and paged as the agent
 * scrolls; a ticket's details on click; "Create ticket" opens the
 * schema-driven `<ticket-form>` (reopened by itself when the call has an
 * unsent draft). A created ticket shows in both lists at once.
 *
 * @tagname ticket-tab
 * @summary The tickets of a call and of its customer, and ticket creation.
 *
 * @csspart base - The tab's content.
 * @csspart toolbar - The create button's row.
 * @csspart create - The "Create ticket" button.
 * @csspart notice - "Ticket … was created."
 * @csspart call-tickets - The "created from this call" section.
 * @csspart customer-tickets - The "all of this customer's tickets" section.
 * @csspart list - A virtualized list.
 * @csspart row - One ticket of a list.
 * @csspart open - The button that opens a ticket.
 * @csspart status - A ticket's status badge.
 * @csspart priority - A ticket's priority badge.
 * @csspart loading - A list is loading.
 * @csspart error - A list could not be loaded, with a retry.
 * @csspart empty - A list is empty.
 * @csspart end - The end of a list.
 * @csspart more - The "load more" button.
 * @csspart ticket - An open ticket's details.
 * @csspart back - The "back to the lists" button.
 * @csspart form - The `<ticket-form>`.
 *
 * @cssprop --callpop-ticket-tab-list-height - Height of each list.
 */
export class TicketTab extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, ticketViewStyles, styles];

  /** The call whose tickets to show; the active call when unset. */
  @property({ attribute: 'call-id' }) callId: string | undefined;

  /** The customer whose tickets to list; the call's customer when unset. */
  @property({ attribute: 'customer-id' }) customerId: string | undefined;

  @state() private view: View = { kind: 'lists' };
  @state() private notice: string | null = null;

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #shown = new ShownCallController(this, this.#wb);
  readonly #calls = new StoreController(this, () => this.#wb.value?.stores.$calls);
  readonly #agents = new StoreController(this, () => this.#wb.value?.use(ticketsModule).$agents);
  readonly #schema = new StoreController(this, () => this.#wb.value?.use(ticketsModule).$schema);
  readonly #callList = new StoreController(this, () => this.#lists().call?.$state);
  readonly #customerList = new StoreController(this, () => this.#lists().customer?.$state);
  #viewFor: string | null | undefined;

  /** Open the create-ticket form (the pop's header button calls this). */
  openCreateForm(): void {
    this.notice = null;
    this.view = { kind: 'create' };
  }

  get #call(): string | null {
    return this.#shown.id;
  }

  get #customer(): string | null {
    if (this.customerId) return this.customerId;
    const call = this.#call;
    const pop = call ? this.#calls.value?.[call] : undefined;
    return pop?.lookup.customer?.id ?? pop?.record?.customerId ?? null;
  }

  #lists(): { call: PagedList<Ticket> | null; customer: PagedList<Ticket> | null } {
    const workbench = this.#wb.value;
    const call = this.#call;
    const customer = this.#customer;
    return {
      call: workbench && call ? workbench.use(ticketsModule).byCall(call) : null,
      customer: workbench && customer ? workbench.use(ticketsModule).byCustomer(customer) : null,
    };
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    if (!canShow(this.#wb.value, 'ticket-tab')) return;
    const workbench = this.#wb.value;
    if (!workbench) return;
    const call = this.#call;
    if (call !== this.#viewFor) {
      this.#viewFor = call;
      this.notice = null;
      // An unsent ticket of this call reopens its form.
      this.view = call && workbench.use(ticketsModule).getDraft(call) ? { kind: 'create' } : { kind: 'lists' };
    }
    const lists = this.#lists();
    void lists.call?.load();
    void lists.customer?.load();
    if (this.#agents.value?.status === 'idle') workbench.use(ticketsModule).loadAgents().catch(() => undefined);
    if (this.#schema.value?.status === 'idle') workbench.use(ticketsModule).loadSchema().catch(() => undefined);
  }

  // ------------------------------------------------------------ handlers

  #onCreated(event: CallpopTicketCreatedEvent): void {
    this.view = { kind: 'lists' };
    this.notice = this.#m('created_notice', { number: event.detail.ticket.number });
  }

  // ------------------------------------------------------------ render

  #m = (key: TicketTabMessage, params?: { readonly [name: string]: string | number }): string =>
    this.#i18n.msg(ticketTabMessages, key, params);

  get #context(): TicketViewContext {
    return { locale: this.#i18n.locale, agents: this.#agents.value, schema: this.#schema.value?.schema ?? null };
  }

  #renderRow = (ticket: Ticket): TemplateResult => {
    const m = this.#m;
    const context = this.#context;
    return html`<div part="row" role="listitem">
      <button type="button" part="open" @click=${() => (this.view = { kind: 'detail', ticket })}>
        <span class="title"><span class="number">${ticket.number}</span> ${ticket.title}</span>
        <span>
          <span part="status" data-status=${ticket.status}>${m(`status.${ticket.status}`)}</span>
          <span part="priority" data-priority=${ticket.priority}>${m(`priority.${ticket.priority}`)}</span>
        </span>
        <span class="meta">${assigneeName(ticket, context)} · ${formatInstant(ticket.createdAt, context.locale)}</span>
      </button>
    </div>`;
  };

  #renderList(
    id: string,
    part: string,
    title: string,
    list: PagedList<Ticket> | null,
    state: PagedListState<Ticket> | undefined,
    empty: string,
  ): TemplateResult {
    const m = this.#m;
    const items = state?.items ?? [];
    return html`<section part=${part} aria-labelledby=${id}>
      <h3 id=${id}>${title}</h3>
      ${items.length > 0
        ? html`<div
            part="list"
            role="list"
            aria-labelledby=${id}
            tabindex="0"
            @visibilityChanged=${(e: VisibilityChangedEvent) => {
              if (e.last >= items.length - PREFETCH_ROWS) void list?.loadMore();
            }}
          >
            ${virtualize({ items: items as Ticket[], renderItem: this.#renderRow, keyFunction: (t: Ticket) => t.id, scroller: true })}
          </div>`
        : nothing}
      ${renderListStatus(
        state,
        {
          loading: m('loading'),
          loadingMore: m('loadingMore'),
          failed: (reason) => m('failed', { reason }),
          retry: m('retry'),
          empty,
          end: (count) => m('end', { count }),
          more: m('more'),
        },
        { retry: () => void list?.loadMore(), more: () => void list?.loadMore() },
      )}
    </section>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    // The backend does not offer what this element shows (see ELEMENT_NEEDS): nothing to show.
    if (!canShow(this.#wb.value, 'ticket-tab')) return nothing;
    const m = this.#m;
    const call = this.#call;
    if (!call) return html`<p part="empty" class="muted">${m('noCall')}</p>`;
    if (this.view.kind === 'create') {
      const formTag = unsafeStatic(tagOf(TicketForm, 'ticket-form'));
      return staticHtml`<div part="base">
        <${formTag}
          part="form"
          call-id=${call}
          .workbench=${this.#wb.value}
          theme=${this.theme ?? nothing}
          @callpop-ticket-created=${(e: CallpopTicketCreatedEvent) => this.#onCreated(e)}
          @callpop-ticket-form-close=${() => (this.view = { kind: 'lists' })}
        ></${formTag}>
      </div>`;
    }
    if (this.view.kind === 'detail') {
      return html`<div part="base">
        <div part="toolbar">
          <button type="button" part="back" @click=${() => (this.view = { kind: 'lists' })}>${m('back')}</button>
        </div>
        ${renderTicket(this.view.ticket, this.#context)}
      </div>`;
    }
    const lists = this.#lists();
    return html`<div part="base">
      <div part="toolbar">
        ${this.notice ? html`<p part="notice" role="status">${this.notice}</p>` : html`<span></span>`}
        <button type="button" part="create" class="primary" @click=${() => this.openCreateForm()}>${m('create')}</button>
      </div>
      ${this.#renderList('call-title', 'call-tickets', m('fromCall'), lists.call, this.#callList.value, m('emptyCall'))}
      ${lists.customer
        ? this.#renderList(
            'customer-title',
            'customer-tickets',
            m('allTickets'),
            lists.customer,
            this.#customerList.value,
            m('emptyCustomer'),
          )
        : html`<section part="customer-tickets"><h3>${m('allTickets')}</h3><p part="empty" class="muted">${m('noCustomer')}</p></section>`}
    </div>`;
  }
}
