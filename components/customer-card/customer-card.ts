import { Task } from '@lit/task';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Customer } from '../../src/adapter/types.js';
import { formatPhone } from '../../src/phone/index.js';
import type { PopState } from '../../src/state/pop-state.js';
import {
  customerFormValues,
  validateCustomerForm,
  type CustomerFormField,
  type CustomerFormValues,
  type FormProblem,
} from '../../src/workbench/customer-form.js';
import type { Workbench } from '../../src/workbench/workbench.js';
import { messageOf } from '../../src/workbench/context.js';
import { ShownCallController } from '../shared/shown-call-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { canShow } from '../shared/backend-needs.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { styles } from './customer-card.styles.js';

type Mode = 'view' | 'edit' | 'create' | 'link';

/**
 * The customer linked to a call: view and edit their profile, create a
 * customer for an unknown caller (the form opens by itself, number
 * prefilled), or re-link the call to a new or an existing customer.
 * What the agent types is kept as a draft until the backend confirms it.
 *
 * @tagname customer-card
 * @summary The customer of the current call.
 *
 * @csspart base - The card.
 * @csspart header - Title and actions.
 * @csspart actions - The edit and link buttons.
 * @csspart name - The customer's name.
 * @csspart details - The profile fields.
 * @csspart form - The create/edit form.
 * @csspart field - One field of the form (label, input, problem).
 * @csspart phones - The phone numbers of the form.
 * @csspart form-actions - Cancel and save.
 * @csspart error - A failed save, search or link.
 * @csspart status - A confirmation.
 * @csspart search - The link-to-existing search form.
 * @csspart results - The search results.
 * @csspart result - One search result.
 *
 * @cssprop --callpop-customer-card-padding - Inner padding.
 */
export class CustomerCard extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, styles];

  /** The call whose customer to show; the active call when unset. */
  @property({ attribute: 'call-id' }) callId: string | undefined;

  @state() private mode: Mode = 'view';
  @state() private values: CustomerFormValues = customerFormValues(null);
  @state() private problems: Partial<Record<CustomerFormField, FormProblem>> = {};
  @state() private saving = false;
  @state() private failure: string | null = null;
  @state() private notice: string | null = null;
  @state() private searchText = '';

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #calls = new StoreController(this, () => this.#wb.value?.stores.$calls);
  readonly #shown = new ShownCallController(this, this.#wb);
  /** The call the current mode was chosen for. */
  #modeFor: string | null = null;

  readonly #search = new Task(this, {
    task: async ([text, workbench]: readonly [string, Workbench | undefined], { signal }) => {
      if (!workbench || !text.trim()) return [];
      const page = await workbench.searchCustomers(text, { limit: 10 }, { signal });
      return page.items;
    },
    args: () => [this.searchText, this.#wb.value] as const,
    autoRun: false,
  });

  get #pop(): PopState | undefined {
    const id = this.#shown.id ?? undefined;
    return id ? this.#calls.value?.[id] : undefined;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    if (!canShow(this.#wb.value, 'customer-card')) return;
    const pop = this.#pop;
    if (pop?.lookup.status === 'pending') this.#wb.value?.loadCustomer(pop.callId);
    const id = pop?.callId ?? null;
    const key = id ?? '';
    if (id === this.#modeFor && !(pop?.lookup.status === 'unknown' && this.mode === 'view' && this.#autoOpenPending)) {
      return;
    }
    // A different call: pick the mode it needs, restoring any draft the agent left.
    this.#modeFor = id;
    this.#autoOpenPending = true;
    this.problems = {};
    this.failure = null;
    this.notice = null;
    this.saving = false;
    this.searchText = '';
    if (!pop) {
      this.mode = 'view';
      return;
    }
    const workbench = this.#wb.value;
    const draftCreate = workbench?.getDraft<{ input?: unknown; form?: CustomerFormValues }>(this.#draftKey('create', key));
    const draftEdit = workbench?.getDraft<{ form?: CustomerFormValues }>(this.#draftKey('edit', key));
    if (draftCreate?.form) {
      this.#enter('create', draftCreate.form, true);
    } else if (draftEdit?.form && pop.lookup.customer) {
      this.#enter('edit', draftEdit.form, true);
    } else if (pop.lookup.status === 'unknown') {
      this.#autoOpenPending = false;
      this.#enter('create', customerFormValues(null, pop.number), false);
    } else {
      this.mode = 'view';
    }
  }

  /** Whether an unknown caller should still open the create form by itself. */
  #autoOpenPending = true;

  #draftKey(mode: 'create' | 'edit', callId: string): string {
    return `customer-${mode}:${callId}`;
  }

  #enter(mode: Mode, values: CustomerFormValues, restored: boolean): void {
    this.mode = mode;
    this.values = values;
    this.problems = {};
    this.failure = null;
    this.notice = restored ? this.#i18n.t('customer.draftRestored') : null;
  }

  // ------------------------------------------------------------ handlers

  #onEdit = (): void => {
    const customer = this.#pop?.lookup.customer ?? null;
    this.#enter('edit', customerFormValues(customer), false);
  };

  #onLinkNew = (): void => {
    this.#enter('create', customerFormValues(null, this.#pop?.number), false);
  };

  #onLinkExisting = (): void => {
    this.#enter('link', this.values, false);
    this.searchText = this.#pop?.number ?? '';
  };

  #onCancel = (): void => {
    const pop = this.#pop;
    if (pop && (this.mode === 'create' || this.mode === 'edit')) {
      this.#wb.value?.clearDraft(this.#draftKey(this.mode, pop.callId));
    }
    this.#autoOpenPending = false;
    this.mode = 'view';
    this.problems = {};
    this.failure = null;
    this.notice = null;
  };

  #onInput(field: Exclude<keyof CustomerFormValues, 'phones'>, event: Event): void {
    const target = event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    this.values = { ...this.values, [field]: target.value };
    this.#keepDraft();
  }

  #onPhoneInput(index: number, event: Event): void {
    const phones = [...this.values.phones];
    phones[index] = (event.target as HTMLInputElement).value;
    this.values = { ...this.values, phones };
    this.#keepDraft();
  }

  #onAddPhone = (): void => {
    this.values = { ...this.values, phones: [...this.values.phones, ''] };
    this.#keepDraft();
  };

  #onRemovePhone(index: number): void {
    this.values = { ...this.values, phones: this.values.phones.filter((_p, i) => i !== index) };
    this.#keepDraft();
  }

  #keepDraft(): void {
    const pop = this.#pop;
    if (!pop || (this.mode !== 'create' && this.mode !== 'edit')) return;
    this.#wb.value?.setDraft(this.#draftKey(this.mode, pop.callId), { form: this.values });
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const pop = this.#pop;
    const workbench = this.#wb.value;
    if (!pop || !workbench || this.saving) return;
    const { input, problems } = validateCustomerForm(this.values, workbench.defaultCountry);
    this.problems = problems;
    this.notice = null;
    if (!input) {
      this.failure = this.#i18n.t('error.fixBelow');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const mode = this.mode;
    const callId = pop.callId;
    const draftKey = this.#draftKey(mode === 'edit' ? 'edit' : 'create', callId);
    // The draft holds the form as typed; the submission is keyed by the parsed input.
    workbench.setDraft(draftKey, { form: this.values });
    this.saving = true;
    this.failure = null;
    try {
      const customer = pop.lookup.customer;
      const saved =
        mode === 'edit' && customer
          ? await workbench.updateCustomer(customer, input, `${draftKey}:submit`)
          : await workbench.createCustomerForCall(callId, input, `${draftKey}:submit`);
      workbench.clearDraft(draftKey);
      if (this.#modeFor === callId) {
        this.mode = 'view';
        this.#autoOpenPending = false;
        this.notice = mode === 'edit' ? this.#i18n.t('customer.saved') : this.#i18n.t('customer.linked', { name: saved.name });
      }
    } catch (error) {
      if (this.#modeFor === callId) this.failure = this.#i18n.t('customer.saveFailed', { reason: messageOf(error) });
    } finally {
      this.saving = false;
    }
  };

  #onSearch = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#search');
    this.searchText = input?.value ?? '';
    void this.#search.run();
  };

  async #onLink(customer: Customer): Promise<void> {
    const pop = this.#pop;
    const workbench = this.#wb.value;
    if (!pop || !workbench || this.saving) return;
    this.saving = true;
    this.failure = null;
    try {
      const linked = await workbench.linkCallToCustomer(pop.callId, customer.id);
      this.mode = 'view';
      this.#autoOpenPending = false;
      this.notice = this.#i18n.t('customer.linked', { name: linked.name });
    } catch (error) {
      this.failure = this.#i18n.t('customer.linkFailed', { reason: messageOf(error) });
    } finally {
      this.saving = false;
    }
  }

  // ------------------------------------------------------------ render

  #problem(field: CustomerFormField): string | null {
    const problem = this.problems[field];
    if (!problem) return null;
    const params = { ...problem.params };
    if (typeof params['field'] === 'string') params['field'] = this.#i18n.t(params['field'] as never);
    return this.#i18n.t(problem.key, params);
  }

  #textField(
    field: 'name' | 'email' | 'company' | 'address' | 'tags',
    label: string,
    options: { required?: boolean; type?: string; autocomplete?: string } = {},
  ): TemplateResult {
    const problem = this.#problem(field);
    return html`<div part="field" class="field">
      <label for=${field}>${label}${options.required ? html` <span aria-hidden="true">*</span>` : nothing}</label>
      <input
        id=${field}
        name=${field}
        type=${options.type ?? 'text'}
        autocomplete=${options.autocomplete ?? 'off'}
        .value=${this.values[field]}
        ?required=${options.required ?? false}
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${problem ? `${field}-error` : nothing}
        @input=${(e: Event) => this.#onInput(field, e)}
      />
      ${problem ? html`<span id="${field}-error" class="error">${problem}</span>` : nothing}
    </div>`;
  }

  #renderForm(): TemplateResult {
    const { t } = this.#i18n;
    const title = this.mode === 'edit' ? t('customer.editTitle') : t('customer.newTitle');
    const phonesProblem = this.#problem('phones');
    const notesProblem = this.#problem('notes');
    return html`
      <div part="header"><h2 id="form-title">${title}</h2></div>
      <form part="form" aria-labelledby="form-title" novalidate @submit=${this.#onSubmit}>
        ${this.#textField('name', t('customer.name'), { required: true, autocomplete: 'name' })}
        <fieldset part="phones" aria-describedby=${phonesProblem ? 'phones-error' : nothing}>
          <legend>${t('customer.phones')} <span aria-hidden="true">*</span></legend>
          ${this.values.phones.map((phone, index) => {
            const problem = this.#problem(`phones.${index}`);
            return html`<div class="phone-row">
                <input
                  id="phone-${index}"
                  type="tel"
                  autocomplete="off"
                  aria-label="${t('customer.phone')} ${index + 1}"
                  .value=${phone}
                  aria-invalid=${problem ? 'true' : 'false'}
                  aria-describedby=${problem ? `phone-${index}-error` : nothing}
                  @input=${(e: Event) => this.#onPhoneInput(index, e)}
                />
                ${this.values.phones.length > 1
                  ? html`<button
                      type="button"
                      aria-label=${t('customer.removePhone', { number: phone })}
                      @click=${() => this.#onRemovePhone(index)}
                    >
                      ×
                    </button>`
                  : nothing}
              </div>
              ${problem ? html`<span id="phone-${index}-error" class="error">${problem}</span>` : nothing}`;
          })}
          ${phonesProblem ? html`<span id="phones-error" class="error">${phonesProblem}</span>` : nothing}
          <div><button type="button" @click=${this.#onAddPhone}>${t('customer.addPhone')}</button></div>
        </fieldset>
        <div class="two">
          ${this.#textField('email', t('customer.email'), { type: 'email', autocomplete: 'email' })}
          ${this.#textField('company', t('customer.company'), { autocomplete: 'organization' })}
        </div>
        ${this.#textField('address', t('customer.address'), { autocomplete: 'street-address' })}
        <div class="two">
          <div part="field" class="field">
            <label for="level">${t('customer.level')}</label>
            <select id="level" .value=${this.values.level} @change=${(e: Event) => this.#onInput('level', e)}>
              <option value="normal" ?selected=${this.values.level === 'normal'}>${t('customer.level.normal')}</option>
              <option value="vip" ?selected=${this.values.level === 'vip'}>${t('customer.level.vip')}</option>
            </select>
          </div>
          ${this.#textField('tags', t('customer.tags'))}
        </div>
        <div part="field" class="field">
          <label for="notes">${t('customer.notes')}</label>
          <textarea
            id="notes"
            rows="3"
            .value=${this.values.notes}
            aria-invalid=${notesProblem ? 'true' : 'false'}
            aria-describedby=${notesProblem ? 'notes-error' : nothing}
            @input=${(e: Event) => this.#onInput('notes', e)}
          ></textarea>
          ${notesProblem ? html`<span id="notes-error" class="error">${notesProblem}</span>` : nothing}
        </div>
        <div part="form-actions" class="form-actions">
          <button type="button" @click=${this.#onCancel}>${t('customer.cancel')}</button>
          <button type="submit" class="primary" ?disabled=${this.saving}>
            ${this.saving ? t('customer.saving') : t('customer.save')}
          </button>
        </div>
      </form>
    `;
  }

  #renderLink(): TemplateResult {
    const { t } = this.#i18n;
    return html`
      <div part="header">
        <h2 id="link-title">${t('customer.linkTitle')}</h2>
        <button type="button" @click=${this.#onCancel}>${t('customer.cancel')}</button>
      </div>
      <form part="search" role="search" aria-labelledby="link-title" @submit=${this.#onSearch}>
        <div class="search-row">
          <input id="search" type="search" aria-label=${t('customer.search')} placeholder=${t('customer.search')} .value=${this.searchText} />
          <button type="submit" class="primary">${t('customer.searchButton')}</button>
        </div>
      </form>
      ${this.#search.render({
        initial: () => nothing,
        pending: () => html`<p role="status" class="muted">${t('customer.searching')}</p>`,
        error: (error) => html`<p role="alert" class="error">${t('customer.searchFailed', { reason: messageOf(error) })}</p>`,
        complete: (customers) =>
          customers.length === 0
            ? this.searchText.trim()
              ? html`<p role="status" class="muted">${t('customer.searchEmpty', { text: this.searchText })}</p>`
              : nothing
            : html`<ul part="results" aria-label=${t('customer.linkTitle')}>
                ${customers.map(
                  (customer) => html`<li part="result">
                    <span>
                      <strong>${customer.name}</strong>
                      <span class="muted">${customer.phones.map((p) => formatPhone(p)).join(', ')}</span>
                      ${customer.company ? html`<span class="muted"> · ${customer.company}</span>` : nothing}
                    </span>
                    <button
                      type="button"
                      ?disabled=${this.saving}
                      aria-label="${t('customer.link')} ${customer.name}"
                      @click=${() => this.#onLink(customer)}
                    >
                      ${t('customer.link')}
                    </button>
                  </li>`,
                )}
              </ul>`,
      })}
    `;
  }

  #renderView(pop: PopState): TemplateResult {
    const { t } = this.#i18n;
    const customer = pop.lookup.customer;
    const actions = html`<div part="actions">
      ${customer ? html`<button type="button" @click=${this.#onEdit}>${t('customer.edit')}</button>` : nothing}
      <button type="button" @click=${this.#onLinkNew}>${t('customer.linkNew')}</button>
      <button type="button" @click=${this.#onLinkExisting}>${t('customer.linkExisting')}</button>
    </div>`;
    if (!customer) {
      return html`<div part="header"><h2>${t('customer.title')}</h2>${actions}</div>
        <p class="muted">
          ${pop.lookup.status === 'pending' ? t('pop.lookingUp') : t('customer.none')}
        </p>`;
    }
    const row = (label: string, value: string | null | undefined): TemplateResult | typeof nothing =>
      value ? html`<dt>${label}</dt><dd>${value}</dd>` : nothing;
    return html`
      <div part="header">
        <h2>
          <span part="name">${customer.name}</span>${customer.level === 'vip'
            ? html`<span class="vip">${t('customer.level.vip')}</span>`
            : nothing}
        </h2>
        ${actions}
      </div>
      ${pop.lookup.matches > 1
        ? html`<p class="muted hint">${t('pop.sameNumber', { count: pop.lookup.matches })}</p>`
        : nothing}
      <dl part="details">
        ${row(t('customer.phones'), customer.phones.map((p) => formatPhone(p)).join(', '))}
        ${row(t('customer.email'), customer.email)} ${row(t('customer.company'), customer.company)}
        ${row(t('customer.address'), customer.address)} ${row(t('customer.tags'), customer.tags.join(', '))}
        ${row(t('customer.notes'), customer.notes)}
      </dl>
    `;
  }

  protected override render(): TemplateResult | typeof nothing {
    // The backend does not offer what this element shows (see ELEMENT_NEEDS): nothing to show.
    if (!canShow(this.#wb.value, 'customer-card')) return nothing;
    const pop = this.#pop;
    const { t } = this.#i18n;
    let body: TemplateResult;
    if (!pop) body = html`<p class="muted">${t('customer.noCall')}</p>`;
    else if (this.mode === 'create' || this.mode === 'edit') body = this.#renderForm();
    else if (this.mode === 'link') body = this.#renderLink();
    else body = this.#renderView(pop);
    return html`<section part="base" aria-label=${t('customer.title')}>
      ${this.failure ? html`<div part="error" role="alert">${this.failure}</div>` : nothing}
      ${this.notice ? html`<div part="status" role="status">${this.notice}</div>` : nothing} ${body}
    </section>`;
  }
}
