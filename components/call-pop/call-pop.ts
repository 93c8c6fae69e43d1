import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { repeat } from 'lit/directives/repeat.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { formatCallTime, formatDuration } from '../../src/i18n/format.js';
import { formatPhone } from '../../src/phone/index.js';
import type { PopState } from '../../src/state/pop-state.js';
import { messageOf } from '../../src/workbench/context.js';
import { formatNumberRegion } from '../../src/workbench/regions.js';
import { CallpopPopEvent } from '../../src/workbench/events.js';
import type { Workbench } from '../../src/workbench/workbench.js';
import { CustomerCard } from '../customer-card/customer-card.js';
import { tagOf, type CallpopTag } from '../shared/define-element.js';
import { LazyElementsController } from '../shared/lazy-element.js';
import { frameAfterNext } from '../shared/next-frame.js';
import { canShow } from '../shared/backend-needs.js';
import { StoreController } from '../shared/store-controller.js';
import { TickController } from '../shared/tick-controller.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { styles } from './call-pop.styles.js';

/** Header actions that open a form for the shown call, and the element each opens (when defined on the page). */
type PanelKind = 'sms' | 'contact-plan' | 'ticket';
const panels: readonly { readonly kind: PanelKind; readonly tag: CallpopTag; readonly label: 'pop.sms' | 'pop.contactPlan' | 'pop.createTicket' }[] = [
  { kind: 'sms', tag: 'sms-composer', label: 'pop.sms' },
  { kind: 'contact-plan', tag: 'contact-plan-form', label: 'pop.contactPlan' },
  { kind: 'ticket', tag: 'ticket-form', label: 'pop.createTicket' },
];

/**
 * The screen pop: every inbound ring and outbound dial opens here at once with
 * the caller's number; the customer fills in when the backend answers. Beside
 * it, "My calls" lists the agent's recent calls: pick one to see its pop
 * again, or call it back.
 *
 * @tagname call-pop
 * @summary The current call's screen pop and the agent's recent calls.
 *
 * @fires callpop-pop - A call's pop opened (inbound ring or outbound dial). Bubbles and is composed.
 *
 * @slot actions - Extra header actions for the shown call (SMS, contact plan, create ticket…).
 * @slot details - The call's detail tabs, shown under the customer.
 *
 * @csspart base - The whole layout.
 * @csspart my-calls - The "My calls" panel.
 * @csspart my-calls-title - Its heading.
 * @csspart my-calls-list - Its list.
 * @csspart my-call - One call in the list (also `my-call active` for the shown one).
 * @csspart my-call-select - The button that shows a call's pop.
 * @csspart my-call-callback - The button that calls it back.
 * @csspart pop - The pop of the shown call.
 * @csspart header - The pop's header.
 * @csspart identity - Number, name, direction, state and timer.
 * @csspart number - The customer's number.
 * @csspart customer-name - The customer's name once known.
 * @csspart direction - Inbound or outbound.
 * @csspart state - The call's state.
 * @csspart timer - The call's duration.
 * @csspart display-number - The hotline or caller ID used.
 * @csspart actions - The header actions.
 * @csspart callback - The header's call-back button.
 * @csspart number-region - Where the caller's number is from (the backend's optional numbers.region), beside the number.
 * @csspart sms - Opens the SMS composer (when `<sms-composer>` is defined).
 * @csspart contact-plan - Opens the contact-plan form (when `<contact-plan-form>` is defined).
 * @csspart ticket - Opens the create-ticket form (when `<ticket-form>` is defined).
 * @csspart panel - The dialog those forms open in.
 * @csspart panel-bar - The row holding that close button.
 * @csspart panel-close - Its close button.
 * @csspart lookup-error - The customer lookup failed, with a retry.
 * @csspart customer - The embedded customer card.
 * @csspart details - The call's detail tabs (`<call-details>`, when defined on the page).
 * @csspart work - The conversation and the service summary, side by side when there is room.
 * @csspart conversation - The transcript (`<conversation-view>`, when defined).
 * @csspart summary - The service summary (`<service-summary>`, when defined).
 * @csspart empty - Shown when there is no call.
 *
 * @cssprop --callpop-call-pop-list-width - Width of "My calls" beside the pop (default 280px).
 * @cssprop --callpop-call-pop-list-max-height - Height of the list before it scrolls (default 420px).
 * @cssprop --callpop-call-pop-gap - Space between the panels (default 1.5 × `--callpop-space`).
 */
export class CallPop extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, styles];

  /** Where "My calls" goes: beside the pop (`start`) or hidden (`none`). */
  @property({ attribute: 'list-position', reflect: true }) listPosition: 'start' | 'none' = 'start';

  /** How many of "My calls" are rendered; "show more" raises it. A shift's list can grow into the hundreds. */
  @state() private listLimit = 50;

  @state() private actionError: string | null = null;

  /** The header action whose form is open in the panel dialog. */
  @state() private panel: PanelKind | null = null;

  /** Values a docking page asked the create-ticket form to start with (`ticket.open`). */
  @state() private ticketPrefill: Readonly<Record<string, unknown>> | undefined;

  /** The newest call of "My calls" at the last render, and how often it changed (see the list). */
  #listHead: string | undefined;
  #listEpoch = 0;
  readonly #wb = this.workbenchController;
  /** Number regions (issue 15) asked so far: undefined while asking, null when unknown. */
  readonly #regions = new Map<string, import('../../src/adapter/types.js').NumberRegion | null | undefined>();
  readonly #i18n = this.localeController;
  readonly #active = new StoreController(this, () => this.#wb.value?.stores.$activeCall);
  readonly #calls = new StoreController(this, () => this.#wb.value?.stores.$calls);
  readonly #recent = new StoreController(this, () => this.#wb.value?.stores.$recentCalls);
  readonly #tick = new TickController(this);
  /**
   * Optional parts (detail tabs, conversation, summary, the header forms…) render when their tags are
   * defined on the page, or defined to load on first use (then they load the first time they are shown).
   */
  readonly #lazy = new LazyElementsController(this, () => this.#i18n.locale);
  #listeningTo: Workbench | undefined;
  /**
   * The call whose body (customer card, detail tabs, conversation, summary) is rendered. A call that
   * pops shows its header — the number, the state, the actions — in the first frame, and its body from
   * the frame after, so the number is on screen before the heavier parts lay out for the first time.
   */
  #bodyFor: string | null = null;
  #staging: Promise<void> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listen(undefined);
  }

  protected override willUpdate(): void {
    this.#listen(this.isConnected ? this.#wb.value : undefined);
    const active = this.#active.value;
    this.#tick.running = Boolean(active?.live && active.answeredAt !== null);
  }

  protected override updated(): void {
    const active = this.#active.value;
    if (active && active.callId !== this.#bodyFor && !this.#staging) {
      this.#staging = frameAfterNext().then(() => {
        this.#staging = undefined;
        this.#bodyFor = this.#active.value?.callId ?? null;
        this.requestUpdate();
      });
    }
  }

  /** Resolves once the shown call's body has rendered too, not only its header. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.#staging) {
      await this.#staging;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  /** Re-fire the workbench's pops as DOM events from this element. */
  #listen(workbench: Workbench | undefined): void {
    if (workbench === this.#listeningTo) return;
    this.#listeningTo?.removeEventListener(CallpopPopEvent.eventName, this.#onPop);
    this.#listeningTo = workbench;
    workbench?.addEventListener(CallpopPopEvent.eventName, this.#onPop);
  }

  #onPop = (event: Event): void => {
    this.actionError = null;
    const { detail } = event as CallpopPopEvent;
    this.dispatchEvent(new CallpopPopEvent(detail, { bubbles: true, composed: true }));
  };

  /** The number's region beside it, asked lazily of the backend (only when it has the numbers domain), then cached. */
  #regionOf(number: string, t: (key: 'pop.numberRegion', params: { region: string }) => string): TemplateResult | typeof nothing {
    const workbench = this.#wb.value;
    if (!workbench?.adapter.numbers) return nothing;
    if (!this.#regions.has(number)) {
      this.#regions.set(number, undefined);
      void workbench.numberRegion(number).then((region) => {
        this.#regions.set(number, region);
        this.requestUpdate();
      });
    }
    const text = formatNumberRegion(this.#regions.get(number) ?? null, this.#i18n.locale);
    return text ? html`<span part="number-region" title=${t('pop.numberRegion', { region: text })}>${text}</span>` : nothing;
  }

  async #callback(callId: string): Promise<void> {
    this.actionError = null;
    try {
      await this.#wb.value?.callback(callId);
    } catch (error) {
      this.actionError = this.#i18n.t('pop.callbackFailed', { reason: messageOf(error) });
    }
  }

  async #openPanel(kind: PanelKind): Promise<void> {
    this.panel = kind;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('dialog[part~="panel"]');
    if (dialog && !dialog.open) dialog.showModal();
  }

  /** A docking page asked to open the create-ticket form with values. */
  #onDockingOpenTicket = (event: Event): void => {
    if (!this.#lazy.tag('ticket-form')) return;
    this.ticketPrefill = (event as Event & { detail: { values: Readonly<Record<string, unknown>> } }).detail.values;
    void this.#openPanel('ticket');
  };

  #closePanel = (): void => {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog[part~="panel"]')?.close();
  };

  // ------------------------------------------------------------ render

  /** The form of a header action (SMS, contact plan, ticket) in a modal dialog; its draft lives in the workbench. */
  #renderPanel(pop: PopState): TemplateResult | typeof nothing {
    const open = panels.find((p) => p.kind === this.panel);
    const { t } = this.#i18n;
    return html`<dialog
      part="panel"
      aria-label=${open ? t(open.label) : t('pop.actions')}
      @close=${(event: Event) => {
        // The close event comes a task later: the agent may have opened another form since.
        if (!(event.currentTarget as HTMLDialogElement).open) {
          this.panel = null;
          this.ticketPrefill = undefined;
        }
      }}
      @callpop-sms-composer-close=${this.#closePanel}
      @callpop-contact-plan-form-close=${this.#closePanel}
      @callpop-ticket-form-close=${this.#closePanel}
    >
      <div part="panel-bar" class="panel-bar">
        <button type="button" part="panel-close" @click=${this.#closePanel}>${t('pop.closePanel')}</button>
      </div>
      ${open
        ? this.#lazy.render(open.tag, (tag) =>
            open.kind === 'ticket'
              ? staticHtml`<${unsafeStatic(tag)} .workbench=${this.#wb.value} call-id=${pop.callId} .prefill=${this.ticketPrefill} theme=${this.theme ?? nothing}></${unsafeStatic(tag)}>`
              : staticHtml`<${unsafeStatic(tag)} .workbench=${this.#wb.value} call-id=${pop.callId} theme=${this.theme ?? nothing}></${unsafeStatic(tag)}>`,
          )
        : nothing}
    </dialog>`;
  }

  /** An optional callpop element for this call, if the page defined it (with any prefix). */
  #optional(base: CallpopTag, pop: PopState, part: string): TemplateResult | typeof nothing {
    if (!this.#lazy.tag(base) || !canShow(this.#wb.value, base)) return nothing;
    return this.#lazy.render(base, (tag) => {
      const name = unsafeStatic(tag);
      return staticHtml`<${name} part=${part} .workbench=${this.#wb.value} call-id=${pop.callId} theme=${this.theme ?? nothing}></${name}>`;
    });
  }

  #stateLabel(pop: PopState): string {
    const { t } = this.#i18n;
    if (pop.state === 'ended' && pop.outcome) return t(`pop.outcome.${pop.outcome}`);
    return t(`pop.state.${pop.state}`);
  }

  #renderMyCalls(): TemplateResult {
    const { t, locale } = this.#i18n;
    const recent = this.#recent.value;
    const calls = this.#calls.value ?? {};
    const activeId = this.#active.value?.callId;
    const ids = recent?.ids ?? [];
    const items = ids
      .slice(0, this.listLimit)
      .map((id) => calls[id])
      .filter((c): c is PopState => c !== undefined);
    let status: TemplateResult | typeof nothing = nothing;
    if (recent?.status === 'loading') status = html`<p role="status" class="muted">${t('myCalls.loading')}</p>`;
    else if (recent?.status === 'error') {
      status = html`<p role="alert" class="error">
        ${t('myCalls.failed', { reason: recent.error ?? '' })}
        <button type="button" @click=${() => this.#wb.value?.loadRecentCalls()}>${t('pop.retry')}</button>
      </p>`;
    } else if (items.length === 0) status = html`<p class="muted">${t('myCalls.empty')}</p>`;
    // lit-html 3.3's repeat leaves an empty marker per row it removes (lit/lit#5010): one a call as
    // new calls push old rows out. Every 50 new calls the list is built afresh, which clears them.
    if (items[0]?.callId !== this.#listHead) {
      this.#listHead = items[0]?.callId;
      this.#listEpoch += 1;
    }
    return html`<section part="my-calls" aria-labelledby="my-calls-title">
      <h2 part="my-calls-title" id="my-calls-title">${t('myCalls.title')}</h2>
      ${items.length > 0
        ? html`<ul part="my-calls-list">
            ${keyed(Math.floor(this.#listEpoch / 50), repeat(items, (call) => call.callId, (call) => {
              const number = formatPhone(call.number);
              const name = call.lookup.customer?.name;
              const current = call.callId === activeId;
              return html`<li part=${current ? 'my-call active' : 'my-call'}>
                <button
                  type="button"
                  part="my-call-select"
                  aria-current=${current ? 'true' : 'false'}
                  @click=${() => this.#wb.value?.selectCall(call.callId)}
                >
                  <span class="call-number">${name ? `${name} · ${number}` : number}</span>
                  <span class="call-time">${formatCallTime(call.startedAt, locale, { now: this.#wb.now(), timeZone: this.#wb.timeZone })}</span>
                  <span class="call-meta ${call.outcome ? `outcome-${call.outcome}` : ''}">
                    ${call.direction === 'inbound' ? t('pop.inbound') : t('pop.outbound')} · ${this.#stateLabel(call)}
                  </span>
                </button>
                <button
                  type="button"
                  part="my-call-callback"
                  aria-label=${t('myCalls.callbackTo', { number })}
                  title=${t('myCalls.callbackTo', { number })}
                  @click=${() => this.#callback(call.callId)}
                >
                  ↺
                </button>
              </li>`;
            }))}
          </ul>`
        : nothing}
      ${status}
      ${ids.length > this.listLimit
        ? html`<button type="button" @click=${() => (this.listLimit += 50)}>${t('myCalls.more')}</button>`
        : recent?.nextCursor && recent.status === 'ready'
          ? html`<button type="button" @click=${() => this.#wb.value?.loadMoreRecentCalls()}>${t('myCalls.more')}</button>`
          : nothing}
    </section>`;
  }

  #renderPop(pop: PopState): TemplateResult {
    const { t } = this.#i18n;
    const customer = pop.lookup.customer;
    let name: TemplateResult;
    if (customer) name = html`<span part="customer-name">${customer.name}</span>`;
    else if (pop.lookup.status === 'pending') {
      name = html`<span part="customer-name" aria-busy="true"><span class="skeleton" aria-hidden="true"></span><span class="visually-hidden">${t('pop.lookingUp')}</span></span>`;
    } else if (pop.remoteName) name = html`<span part="customer-name" class="muted">${pop.remoteName.slice(0, 80)}</span>`;
    else name = html`<span part="customer-name" class="muted">${t('pop.unknownCaller')}</span>`;
    const seconds = pop.answeredAt === null ? null : ((pop.endedAt ?? this.#wb.now()) - pop.answeredAt) / 1000;
    return html`<section part="pop" aria-label=${t('pop.actions')} @callpop-docking-open-ticket=${this.#onDockingOpenTicket}>
      <header part="header">
        <div part="identity">
          <span part="number">${formatPhone(pop.number)}</span>
          ${this.#regionOf(pop.number, t)}
          ${name}
          <span part="direction">${pop.direction === 'inbound' ? t('pop.inbound') : t('pop.outbound')}</span>
          <span part="state" data-state=${pop.state} role="status">${this.#stateLabel(pop)}</span>
          ${seconds !== null ? html`<span part="timer">${formatDuration(seconds)}</span>` : nothing}
          ${pop.displayNumber
            ? html`<span part="display-number">${t('pop.displayNumber', { number: formatPhone(pop.displayNumber) })}</span>`
            : nothing}
        </div>
        <div part="actions" role="toolbar" aria-label=${t('pop.actions')}>
          <button type="button" part="callback" ?disabled=${pop.live} @click=${() => this.#callback(pop.callId)}>
            ${t('pop.callback')}
          </button>
          ${panels.map(({ kind, tag, label }) =>
            this.#lazy.tag(tag) && canShow(this.#wb.value, tag)
              ? html`<button type="button" part=${kind} aria-haspopup="dialog" @click=${() => void this.#openPanel(kind)}>
                  ${t(label)}
                </button>`
              : nothing,
          )}
          <slot name="actions"></slot>
        </div>
      </header>
      ${this.#renderPanel(pop)}
      ${this.actionError ? html`<p role="alert" class="error">${this.actionError}</p>` : nothing}
      ${pop.callId === this.#bodyFor ? this.#renderBody(pop) : nothing}
    </section>`;
  }

  /** Under the header: the customer (or why the lookup failed), the detail tabs, the conversation and the summary. */
  #renderBody(pop: PopState): TemplateResult {
    const { t } = this.#i18n;
    const cardTag = unsafeStatic(tagOf(CustomerCard, 'customer-card'));
    return html`${pop.lookup.status === 'error'
        ? html`<div part="lookup-error" role="alert">
            <span>${t('pop.lookupFailed', { reason: pop.lookup.error ?? '' })}</span>
            <button type="button" @click=${() => this.#wb.value?.retryLookup(pop.callId)}>${t('pop.retry')}</button>
          </div>`
        : canShow(this.#wb.value, 'customer-card')
          ? staticHtml`<${cardTag} part="customer" .workbench=${this.#wb.value} .callId=${pop.callId} theme=${this.theme ?? nothing}></${cardTag}>`
          : nothing}
      ${this.#optional('call-details', pop, 'details')}
      <div part="work">
        ${this.#optional('conversation-view', pop, 'conversation')} ${this.#optional('service-summary', pop, 'summary')}
      </div>
      <slot name="details"></slot>`;
  }

  protected override render(): TemplateResult {
    const { t } = this.#i18n;
    const active = this.#active.value;
    return html`<div part="base">
      ${this.listPosition === 'none' ? nothing : this.#renderMyCalls()}
      ${active
        ? this.#renderPop(active)
        : html`<div part="empty"><p><strong>${t('pop.noCall')}</strong></p><p>${t('pop.noCallHint')}</p></div>`}
    </div>`;
  }
}
