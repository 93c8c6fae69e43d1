import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ContactPlan } from '../../src/adapter/types.js';
import type { ActiveReminder } from '../../src/contact-plans/reminders.js';
import { countPlans, filterPlans, PLAN_FILTERS, planState, type PlanFilter } from '../../src/contact-plans/status.js';
import { formatInZone, type SnoozeChoice } from '../../src/contact-plans/time.js';
import { formatPhone } from '../../src/phone/index.js';
import { contactPlansModule, type ContactPlansModule } from '../../src/workbench/contact-plans.js';
import { messageOf } from '../../src/workbench/context.js';
import { StoreController } from '../shared/store-controller.js';
import { canShow } from '../shared/backend-needs.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { contactPlansMessages, type ContactPlansMessage } from './contact-plans.messages.js';
import { styles } from './contact-plans.styles.js';
import { CallpopOpenCustomerEvent } from './open-customer-event.js';

const PAGE = 20;
const SNOOZES: readonly SnoozeChoice[] = ['15m', '1h', 'tomorrow'];

/**
 * "My contact plans": the signed-in agent's follow-ups, filtered as pending
 * (not started), due, overdue or done, each with its number, remarks and
 * times in the agent's time zone, and the actions: open the customer's
 * records, call back (dials, which opens a pop), done, snooze (15 minutes, an
 * hour, tomorrow at 9:00). Above the list, a notice for each plan that fell
 * due — shown in one tab only, staying until the agent calls back, snoozes
 * or marks it done. Notification permission is asked the first time the
 * agent uses the list, never on load.
 *
 * @tagname contact-plans
 * @summary The agent's contact plans and their due reminders.
 *
 * @fires callpop-open-customer - Open a plan's customer records: `detail: { customerId, phone }`. Bubbles, composed.
 *
 * @csspart base - The whole element.
 * @csspart reminders - The due reminders.
 * @csspart reminder - One reminder notice.
 * @csspart reminder-actions - Its buttons (call back, snooze, done).
 * @csspart heading - "My contact plans".
 * @csspart filters - The status filters.
 * @csspart filter - One filter button (`aria-pressed` on the chosen one).
 * @csspart list - The plans.
 * @csspart plan - One plan.
 * @csspart plan-head - Its number and state.
 * @csspart plan-number - Its number.
 * @csspart plan-state - Pending, due, overdue or done.
 * @csspart plan-remark - Its remarks (text).
 * @csspart plan-window - When it starts and falls due.
 * @csspart plan-actions - Its buttons.
 * @csspart status - Loading, empty and error messages.
 * @csspart more - The "show more" button.
 *
 * @cssprop --callpop-contact-plans-max-height - Height of the list before it scrolls.
 * @cssprop --callpop-contact-plans-reminder-bg - Background of a reminder notice.
 */
export class ContactPlans extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, styles];

  /** What to show: the reminders and the list (`all`), only the `list`, or only the `reminders`. */
  @property({ reflect: true }) view: 'all' | 'list' | 'reminders' = 'all';

  /** The chosen filter. */
  @property({ reflect: true }) filter: PlanFilter = 'due';

  @state() private limit = PAGE;
  @state() private busy: string | null = null;
  @state() private actionError: string | null = null;

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #mine = new StoreController(this, () => this.#plans?.$mine);
  readonly #reminders = new StoreController(this, () => this.#plans?.$reminders);
  readonly #options = new StoreController(this, () => this.#plans?.$options);
  readonly #done = new StoreController(this, () => (this.filter === 'done' ? this.#plans?.done().$state : undefined));
  #tick: ReturnType<typeof setInterval> | undefined;
  #asked = false;

  get #plans(): ContactPlansModule | undefined {
    return this.#wb.value?.use(contactPlansModule);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Plans move from pending to due to overdue with the clock.
    this.#tick = setInterval(() => this.requestUpdate(), 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#tick);
    this.#tick = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!canShow(this.#wb.value, 'contact-plans')) return;
    if (changed.has('filter')) this.limit = PAGE;
    const plans = this.#plans;
    if (!plans) return;
    if (this.filter === 'done' && this.view !== 'reminders' && plans.done().$state.get().status === 'idle') {
      void plans.done().load();
    }
  }

  // ------------------------------------------------------------ handlers

  #onFirstUse = (): void => {
    if (this.#asked || this.view === 'reminders') return;
    this.#asked = true;
    void this.#plans?.requestNotificationPermission();
  };

  async #act(plan: ContactPlan, action: (plans: ContactPlansModule) => Promise<unknown>): Promise<void> {
    const plans = this.#plans;
    if (!plans || this.busy) return;
    this.busy = plan.id;
    this.actionError = null;
    try {
      await action(plans);
    } catch (error) {
      this.actionError = this.#m('actionFailed', { reason: messageOf(error) });
    } finally {
      this.busy = null;
    }
  }

  #callBack(plan: ContactPlan): Promise<void> {
    return this.#act(plan, async (plans) => {
      plans.acknowledge(plan.id);
      await this.#wb.value?.dial(plan.phone);
    });
  }

  #complete(plan: ContactPlan): Promise<void> {
    return this.#act(plan, (plans) => plans.complete(plan));
  }

  #snooze(plan: ContactPlan, choice: SnoozeChoice): Promise<void> {
    return this.#act(plan, (plans) => plans.snooze(plan, choice));
  }

  #openCustomer(plan: ContactPlan): void {
    this.dispatchEvent(new CallpopOpenCustomerEvent({ customerId: plan.customerId, phone: plan.phone }));
  }

  // ------------------------------------------------------------ render

  #m = (key: ContactPlansMessage, params?: { readonly [name: string]: string | number }): string =>
    this.#i18n.msg(contactPlansMessages, key, params);

  #time(iso: string): string {
    return formatInZone(Date.parse(iso), this.#i18n.locale, this.#options.value?.timeZone ?? this.#wb.timeZone);
  }

  #renderReminder(reminder: ActiveReminder): TemplateResult {
    const m = this.#m;
    const { plan } = reminder;
    const number = formatPhone(plan.phone);
    const id = `reminder-${plan.id}`;
    const busy = this.busy === plan.id;
    return html`<div part="reminder" role="group" aria-labelledby=${id} data-plan=${plan.id}>
      <strong id=${id}>${m('reminderTitle', { number })}</strong>
      ${plan.remark ? html`<span part="plan-remark">${plan.remark}</span>` : nothing}
      <span class="meta">${m('reminderDue', { time: this.#time(plan.dueAt) })}</span>
      <div part="reminder-actions">
        <button type="button" class="primary" ?disabled=${busy} @click=${() => void this.#callBack(plan)}>${m('callBack')}</button>
        <button type="button" ?disabled=${busy} @click=${() => void this.#snooze(plan, '15m')}>${m('snooze')} · ${m('snooze.15m')}</button>
        <button type="button" ?disabled=${busy} @click=${() => void this.#complete(plan)}>${m('complete')}</button>
      </div>
    </div>`;
  }

  #renderPlan(plan: ContactPlan): TemplateResult {
    const m = this.#m;
    const now = this.#wb.now();
    const current = planState(plan, now);
    const number = formatPhone(plan.phone);
    const busy = this.busy === plan.id;
    const open = plan.status === 'pending';
    return html`<li part="plan" data-plan=${plan.id}>
      <div part="plan-head" class="head">
        <span part="plan-number">${number}</span>
        <span part="plan-state" data-state=${current}>${m(`state.${current}`)}</span>
      </div>
      ${plan.remark ? html`<p part="plan-remark">${plan.remark}</p>` : nothing}
      <p part="plan-window" class="meta">${m('window', { start: this.#time(plan.startAt), due: this.#time(plan.dueAt) })}</p>
      ${open && plan.snoozedUntil && Date.parse(plan.snoozedUntil) > now
        ? html`<p class="meta">${m('snoozed', { time: this.#time(plan.snoozedUntil) })}</p>`
        : nothing}
      ${plan.completedAt ? html`<p class="meta">${m('completedAt', { time: this.#time(plan.completedAt) })}</p>` : nothing}
      <div part="plan-actions">
        <button type="button" aria-label=${m('openCustomerOf', { number })} @click=${() => this.#openCustomer(plan)}>${m('openCustomer')}</button>
        <button type="button" aria-label=${m('callBackTo', { number })} ?disabled=${busy} @click=${() => void this.#callBack(plan)}>
          ${m('callBack')}
        </button>
        ${open
          ? html`<button type="button" aria-label=${m('completeOf', { number })} ?disabled=${busy} @click=${() => void this.#complete(plan)}>
                ${m('complete')}
              </button>
              <span role="group" aria-label=${m('snoozeOf', { number })}>
                <span class="meta" aria-hidden="true">${m('snooze')}:</span>
                ${SNOOZES.map(
                  (choice) =>
                    html`<button type="button" ?disabled=${busy} @click=${() => void this.#snooze(plan, choice)}>${m(`snooze.${choice}`)}</button>`,
                )}
              </span>`
          : nothing}
      </div>
    </li>`;
  }

  #renderList(): TemplateResult {
    const m = this.#m;
    const mine = this.#mine.value;
    const now = this.#wb.now();
    const counts = countPlans(mine?.plans ?? [], now);
    const filter = this.filter;
    let items: readonly ContactPlan[] = [];
    let status: TemplateResult | typeof nothing = nothing;
    let more: TemplateResult | typeof nothing = nothing;
    if (filter === 'done') {
      const done = this.#done.value;
      items = done?.items ?? [];
      if (done?.status === 'loading' && items.length === 0) status = html`<p part="status" role="status">${m('loading')}</p>`;
      else if (done?.status === 'error') {
        status = html`<p part="status" role="alert" class="error">
          ${m('failed', { reason: done.error ?? '' })}
          <button type="button" @click=${() => void this.#plans?.done().loadMore()}>${m('retry')}</button>
        </p>`;
      } else if (items.length === 0 && (done?.status === 'end' || done?.status === 'ready')) {
        status = html`<p part="status" class="muted">${m('empty.done')}</p>`;
      }
      if (done?.status === 'ready') {
        more = html`<button type="button" part="more" @click=${() => void this.#plans?.done().loadMore()}>${m('more')}</button>`;
      }
    } else {
      const all = filterPlans(mine?.plans ?? [], filter, now);
      items = all.slice(0, this.limit);
      if (mine?.status === 'error') {
        status = html`<p part="status" role="alert" class="error">
          ${m('failed', { reason: mine.error ?? '' })}
          <button type="button" @click=${() => void this.#plans?.loadMine()}>${m('retry')}</button>
        </p>`;
      } else if (mine?.status !== 'ready' && items.length === 0) status = html`<p part="status" role="status">${m('loading')}</p>`;
      else if (items.length === 0) status = html`<p part="status" class="muted">${m(`empty.${filter}`)}</p>`;
      if (all.length > this.limit) {
        more = html`<button type="button" part="more" @click=${() => (this.limit += PAGE)}>${m('more')}</button>`;
      }
    }
    return html`<section aria-labelledby="heading">
      <h2 id="heading" part="heading">${m('heading')}</h2>
      <p class="meta">${m('timeZone', { zone: this.#options.value?.timeZone ?? '' })}</p>
      <div part="filters" role="group" aria-label=${m('filters')}>
        ${PLAN_FILTERS.map(
          (f) => html`<button
            type="button"
            part="filter"
            data-filter=${f}
            aria-pressed=${f === filter ? 'true' : 'false'}
            @click=${() => (this.filter = f)}
          >
            ${f === 'done' ? m('filter.done') : m(`filter.${f}`, { count: counts[f] })}
          </button>`,
        )}
      </div>
      ${this.actionError ? html`<p part="status" role="alert" class="error">${this.actionError}</p>` : nothing}
      ${items.length > 0
        ? html`<ul part="list">
            ${repeat(items, (plan) => plan.id, (plan) => this.#renderPlan(plan))}
          </ul>`
        : nothing}
      ${status} ${more}
    </section>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    // The backend does not offer what this element shows (see ELEMENT_NEEDS): nothing to show.
    if (!canShow(this.#wb.value, 'contact-plans')) return nothing;
    const m = this.#m;
    const reminders = this.view === 'list' ? [] : (this.#reminders.value ?? []);
    return html`<div part="base" @pointerdown=${this.#onFirstUse} @keydown=${this.#onFirstUse}>
      ${this.view !== 'list'
        ? html`<section part="reminders" aria-label=${m('reminders')} aria-live="polite">
            ${repeat(reminders, (r) => r.key, (r) => this.#renderReminder(r))}
            ${this.view === 'reminders' && this.actionError ? html`<p part="status" role="alert" class="error">${this.actionError}</p>` : nothing}
          </section>`
        : nothing}
      ${this.view !== 'reminders' ? this.#renderList() : nothing}
    </div>`;
  }
}
