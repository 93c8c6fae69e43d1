import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatInZone } from '../../src/contact-plans/time.js';
import {
  contactPlansModule,
  ContactPlanFormError,
  type ContactPlanField,
  type ContactPlanFormValues,
  type ContactPlanProblem,
} from '../../src/workbench/contact-plans.js';
import { messageOf } from '../../src/workbench/context.js';
import { ShownCallController } from '../shared/shown-call-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { canShow } from '../shared/backend-needs.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { CallpopContactPlanCreatedEvent } from './contact-plan-created-event.js';
import { CallpopContactPlanFormCloseEvent } from './contact-plan-form-close-event.js';
import { contactPlanFormMessages, type ContactPlanFormMessage } from './contact-plan-form.messages.js';
import { styles } from './contact-plan-form.styles.js';

const EMPTY: ContactPlanFormValues = { phone: '', start: '', due: '', assigneeId: '', remark: '' };

/**
 * A follow-up for a call's customer: the number to call back, start and due
 * times (entered and shown in the agent's time zone, stored as instants), the
 * assignee (the current agent by default) and remarks. A start in the past or
 * a due time before the start is refused with the reason. What the agent
 * types is kept as the call's draft until the backend confirms; a failed save
 * keeps it and a retry uses the same idempotency key.
 *
 * @tagname contact-plan-form
 * @summary Create a contact plan (follow-up) for a call.
 *
 * @fires callpop-contact-plan-created - The backend created the plan: `detail: { plan, callId }`. Bubbles, composed.
 * @fires callpop-contact-plan-form-close - The agent pressed Cancel (the draft is kept). Bubbles, composed.
 *
 * @csspart form - The form.
 * @csspart notice - "Your unsaved plan was restored."
 * @csspart created - The confirmation of the last plan created.
 * @csspart summary - "Please correct the fields marked below."
 * @csspart phone - The number input.
 * @csspart start - The start input.
 * @csspart due - The due input.
 * @csspart time-zone - Which time zone the times are in.
 * @csspart assignee - The assignee select.
 * @csspart remark - The remarks textarea.
 * @csspart error - A field's problem.
 * @csspart failure - The save failed, with a retry.
 * @csspart actions - The buttons.
 * @csspart submit - The create button.
 * @csspart empty - Shown without a call.
 *
 * @cssprop --callpop-contact-plan-form-padding - Inner padding.
 */
export class ContactPlanForm extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, styles];

  /** The call the plan follows up; the active call when unset. */
  @property({ attribute: 'call-id' }) callId: string | undefined;

  @state() private values: ContactPlanFormValues = EMPTY;
  @state() private problems: Partial<Record<ContactPlanField, ContactPlanProblem>> = {};
  @state() private saving = false;
  @state() private failure: string | null = null;
  @state() private restored = false;
  @state() private created: string | null = null;

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #shown = new ShownCallController(this, this.#wb);
  readonly #agent = new StoreController(this, () => this.#wb.value?.stores.$agent);
  readonly #agents = new StoreController(this, () => this.#wb.value?.use(contactPlansModule).$agents);
  readonly #options = new StoreController(this, () => this.#wb.value?.use(contactPlansModule).$options);
  /** The call the form's values belong to. */
  #loadedFor: string | null = null;

  get #call(): string | null {
    return this.#shown.id;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    if (!canShow(this.#wb.value, 'contact-plan-form')) return;
    const workbench = this.#wb.value;
    if (!workbench) return;
    const plans = workbench.use(contactPlansModule);
    if (this.#agents.value?.status === 'idle') plans.loadAgents().catch(() => undefined);
    const call = this.#call;
    if (call === this.#loadedFor) return;
    this.#loadedFor = call;
    const draft = call ? plans.getDraft(call) : null;
    this.values = draft ?? (call ? plans.emptyForm(call) : EMPTY);
    this.restored = draft !== null;
    this.problems = {};
    this.failure = null;
    this.saving = false;
    this.created = null;
  }

  // ------------------------------------------------------------ handlers

  #update(patch: Partial<ContactPlanFormValues>): void {
    this.values = { ...this.values, ...patch };
    this.created = null;
    const call = this.#call;
    if (call) this.#wb.value?.use(contactPlansModule).saveDraft(call, this.values);
    const keys = Object.keys(patch) as ContactPlanField[];
    if (keys.some((key) => key in this.problems)) {
      const problems = { ...this.problems };
      for (const key of keys) delete problems[key];
      this.problems = problems;
    }
  }

  async #submit(event?: Event): Promise<void> {
    event?.preventDefault();
    const workbench = this.#wb.value;
    const call = this.#call;
    if (!workbench || !call || this.saving) return;
    const plans = workbench.use(contactPlansModule);
    this.failure = null;
    this.created = null;
    const values = this.values;
    const problems = plans.check(values);
    if (Object.keys(problems).length > 0) {
      this.problems = problems;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.saving = true;
    try {
      const plan = await plans.create(call, values);
      if (call !== this.#call) return;
      this.problems = {};
      this.restored = false;
      this.values = plans.emptyForm(call);
      const { timeZone } = plans.$options.get();
      this.created = this.#m('created', { due: formatInZone(Date.parse(plan.dueAt), this.#i18n.locale, timeZone) });
      this.dispatchEvent(new CallpopContactPlanCreatedEvent({ plan, callId: call }));
    } catch (error) {
      if (call !== this.#call) return;
      if (error instanceof ContactPlanFormError) this.problems = error.problems;
      else this.failure = this.#m('failed', { reason: messageOf(error) });
    } finally {
      if (call === this.#call) this.saving = false;
    }
  }

  // ------------------------------------------------------------ render

  #m = (key: ContactPlanFormMessage, params?: { readonly [name: string]: string | number }): string =>
    this.#i18n.msg(contactPlanFormMessages, key, params);

  #field(key: ContactPlanField): { invalid: 'true' | 'false'; describedBy: string | typeof nothing; error: TemplateResult | typeof nothing } {
    const problem = this.problems[key];
    if (!problem) return { invalid: 'false', describedBy: nothing, error: nothing };
    return {
      invalid: 'true',
      describedBy: `${key}-error`,
      error: html`<p id="${key}-error" part="error" class="error">${this.#m(`problem.${problem}`)}</p>`,
    };
  }

  protected override render(): TemplateResult | typeof nothing {
    // The backend does not offer what this element shows (see ELEMENT_NEEDS): nothing to show.
    if (!canShow(this.#wb.value, 'contact-plan-form')) return nothing;
    const m = this.#m;
    if (!this.#call) return html`<p part="empty" class="muted">${m('noCall')}</p>`;
    const agents = this.#agents.value;
    const me = this.#agent.value;
    const list = agents?.list.length ? agents.list : me ? [me] : [];
    const zone = this.#options.value?.timeZone ?? '';
    const phone = this.#field('phone');
    const start = this.#field('start');
    const due = this.#field('due');
    const assignee = this.#field('assigneeId');
    const remark = this.#field('remark');
    const hasProblems = Object.keys(this.problems).length > 0;
    return html`<form part="form" novalidate aria-labelledby="heading" @submit=${(e: Event) => void this.#submit(e)}>
      <h3 id="heading">${m('heading')}</h3>
      ${this.restored ? html`<p part="notice" role="status">${m('restored')}</p>` : nothing}
      ${this.created ? html`<p part="created" role="status">${this.created}</p>` : nothing}
      ${hasProblems ? html`<p part="summary" role="alert" class="error">${m('fix')}</p>` : nothing}
      <div class="row">
        <label for="phone">${m('phone')}</label>
        <input
          id="phone"
          part="phone"
          type="tel"
          autocomplete="off"
          aria-required="true"
          aria-invalid=${phone.invalid}
          aria-describedby=${phone.describedBy}
          .value=${this.values.phone}
          @input=${(e: Event) => this.#update({ phone: (e.target as HTMLInputElement).value })}
        />
        ${phone.error}
      </div>
      <div class="pair">
        <div class="row">
          <label for="start">${m('start')}</label>
          <input
            id="start"
            part="start"
            type="datetime-local"
            aria-required="true"
            aria-invalid=${start.invalid}
            aria-describedby=${start.describedBy === nothing ? 'time-zone' : `${start.describedBy} time-zone`}
            .value=${this.values.start}
            @input=${(e: Event) => this.#update({ start: (e.target as HTMLInputElement).value })}
          />
          ${start.error}
        </div>
        <div class="row">
          <label for="due">${m('due')}</label>
          <input
            id="due"
            part="due"
            type="datetime-local"
            aria-required="true"
            aria-invalid=${due.invalid}
            aria-describedby=${due.describedBy === nothing ? 'time-zone' : `${due.describedBy} time-zone`}
            .value=${this.values.due}
            @input=${(e: Event) => this.#update({ due: (e.target as HTMLInputElement).value })}
          />
          ${due.error}
        </div>
      </div>
      <p id="time-zone" part="time-zone">${m('timeZone', { zone })}</p>
      <div class="row">
        <label for="assignee">${m('assignee')}</label>
        <select
          id="assignee"
          part="assignee"
          aria-invalid=${assignee.invalid}
          aria-describedby=${assignee.describedBy}
          @change=${(e: Event) => this.#update({ assigneeId: (e.target as HTMLSelectElement).value })}
        >
          ${list.map(
            (agent) =>
              html`<option value=${agent.id} ?selected=${agent.id === this.values.assigneeId}>
                ${agent.id === me?.id ? m('me', { name: agent.name }) : agent.name}
              </option>`,
          )}
        </select>
        ${assignee.error}
        ${agents?.status === 'error' ? html`<p class="muted">${m('agentsFailed')}</p>` : nothing}
      </div>
      <div class="row">
        <label for="remark">${m('remark')}</label>
        <textarea
          id="remark"
          part="remark"
          maxlength="2000"
          aria-invalid=${remark.invalid}
          aria-describedby=${remark.describedBy}
          .value=${this.values.remark}
          @input=${(e: Event) => this.#update({ remark: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
        ${remark.error}
      </div>
      ${this.failure
        ? html`<div part="failure" role="alert">
            <span class="error">${this.failure}</span>
            <button type="button" @click=${() => void this.#submit()}>${m('retry')}</button>
          </div>`
        : nothing}
      <div part="actions">
        <button type="submit" part="submit" class="primary" ?disabled=${this.saving} aria-busy=${this.saving ? 'true' : 'false'}>
          ${this.saving ? m('submitting') : m('submit')}
        </button>
        <button type="button" @click=${() => this.dispatchEvent(new CallpopContactPlanFormCloseEvent())}>${m('cancel')}</button>
      </div>
    </form>`;
  }
}
