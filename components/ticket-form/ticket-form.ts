import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { FieldValue, TicketPriority } from '../../src/adapter/types.js';
import { emptyTicketForm, TICKET_PRIORITIES } from '../../src/forms/ticket-form.js';
import { CallpopTicketCreatedEvent } from '../../src/workbench/ticket-created-event.js';
import { ticketForm, TicketFormError, ticketsModule, type TicketFormModel, type TicketFormState } from '../../src/workbench/tickets.js';
import { CategoryPicker } from '../category-picker/category-picker.js';
import type { CallpopCategoryChangeEvent } from '../category-picker/category-change-event.js';
import type { CallpopFormInputEvent } from '../schema-form/form-input-event.js';
import { SchemaForm } from '../schema-form/schema-form.js';
import { problemText, schemaFormMessages, type SchemaFormMessage } from '../schema-form/schema-form.messages.js';
import { tagOf } from '../shared/define-element.js';
import { ShownCallController } from '../shared/shown-call-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { canShow } from '../shared/backend-needs.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { CallpopTicketFormCloseEvent } from './ticket-form-close-event.js';
import { ticketFormMessages, type TicketFormMessage } from './ticket-form.messages.js';
import { styles } from './ticket-form.styles.js';

/** What shows before the workbench has the call's form. */
const EMPTY_STATE: TicketFormState = {
  values: emptyTicketForm(),
  typed: [],
  filled: {},
  suggestions: {},
  canUndo: false,
  restored: false,
  problems: {},
  saving: false,
  failure: null,
  fill: { status: 'idle', error: null, filledCount: 0 },
};

/**
 * The create-ticket form of a call, built from the backend's ticket schema:
 * title, description, type/category (a searchable tree), priority, assignee
 * and the admin's custom fields. What the agent types is kept as the call's
 * draft (it survives switching calls and reloads) until the backend confirms
 * the ticket; a failed create says why and keeps the form, and trying again
 * sends the same idempotency key, so one ticket is created.
 *
 * @tagname ticket-form
 * @summary The create-ticket form of a call.
 *
 * @fires callpop-ticket-created - The backend created the ticket: `detail: { ticket, callId }`. Bubbles, composed.
 * @fires callpop-ticket-form-close - Cancel (draft kept) or discard (draft thrown away): `detail: { reason }`. Bubbles, composed.
 *
 * @csspart form - The form.
 * @csspart notice - "Your unsaved ticket was restored."
 * @csspart title - The title input.
 * @csspart description - The description textarea.
 * @csspart category - The category picker.
 * @csspart priority - The priority select.
 * @csspart assignee - The assignee select.
 * @csspart fields - The custom fields (`<schema-form>`).
 * @csspart error - A field's problem.
 * @csspart summary - "Please correct the fields marked below."
 * @csspart failure - The create failed, with a retry.
 * @csspart actions - The buttons.
 * @csspart submit - The create button.
 * @csspart loading - The schema is loading.
 * @csspart schema-error - The schema could not be loaded, with a retry.
 *
 * @cssprop --callpop-ticket-form-padding - Inner padding.
 */
export class TicketForm extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, styles];

  /** The call the ticket is created from; the active call when unset. */
  @property({ attribute: 'call-id' }) callId: string | undefined;

  /**
   * Values to start with (a docking page's `ticket.open`): applied to the fields that are
   * still empty, so nothing the agent typed is overwritten. Keys are `title`, `description`,
   * `priority`, `categoryId`, `assigneeId` or a custom field's key.
   */
  @property({ attribute: false }) prefill: Readonly<Record<string, FieldValue>> | undefined;

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #shown = new ShownCallController(this, this.#wb);
  readonly #schema = new StoreController(this, () => this.#wb.value?.use(ticketsModule).$schema);
  readonly #agents = new StoreController(this, () => this.#wb.value?.use(ticketsModule).$agents);
  /** The shown call's form: its state and rules live in the workbench (`ticketForm(tickets, callId)`); this element renders it and sends actions. */
  readonly #form = new StoreController(this, () => this.#model?.$state);
  /** The call the form was opened for. */
  #loadedFor: string | null = null;

  get #call(): string | null {
    return this.#shown.id;
  }

  get #model(): TicketFormModel | undefined {
    const call = this.#call;
    const workbench = this.#wb.value;
    return call && workbench ? ticketForm(workbench.use(ticketsModule), call) : undefined;
  }

  get #state(): TicketFormState {
    return this.#form.value ?? EMPTY_STATE;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    if (!canShow(this.#wb.value, 'ticket-form')) return;
    const workbench = this.#wb.value;
    if (!workbench) return;
    if (this.#schema.value?.status === 'idle') workbench.use(ticketsModule).loadSchema().catch(() => undefined);
    if (this.#agents.value?.status === 'idle') workbench.use(ticketsModule).loadAgents().catch(() => undefined);
    const call = this.#call;
    if (call !== this.#loadedFor) {
      // Another call: its own draft, or a fresh form.
      this.#loadedFor = call;
      this.#model?.open();
    }
    if (_changed.has('prefill') && this.prefill) this.#model?.prefill(this.prefill);
  }

  /** Under a filled field: the line it came from; beside a typed one: the suggestion. */
  #fillNote(key: 'title' | 'description' | 'categoryId'): TemplateResult | typeof nothing {
    const m = this.#m;
    const filled = this.#state.filled[key];
    const suggestion = this.#state.suggestions[key];
    if (filled && filled.text) return html`<p part="fill-source" class="fill-source">${m('fromConversation', { text: filled.text })}</p>`;
    if (suggestion) {
      return html`<p part="suggestion" class="suggestion">
        ${m('suggested', { value: String(suggestion.value) })}
        <button type="button" @click=${() => this.#model?.acceptSuggestion(key)}>${m('useSuggestion')}</button>
      </p>`;
    }
    return nothing;
  }

  // ------------------------------------------------------------ handlers

  #edit(key: string, value: FieldValue): void {
    this.#model?.edit(key, value);
  }

  async #submit(event?: Event): Promise<void> {
    event?.preventDefault();
    const model = this.#model;
    const call = this.#call;
    if (!model || !call || this.#state.saving) return;
    try {
      const ticket = await model.submit();
      if (call !== this.#call) return;
      this.dispatchEvent(new CallpopTicketCreatedEvent({ ticket, callId: call }, { bubbles: true, composed: true }));
    } catch (error) {
      if (call !== this.#call || !(error instanceof TicketFormError)) return;
      await this.updateComplete;
      this.#focusFirstProblem();
    }
  }

  #focusFirstProblem(): void {
    const own = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (own) {
      own.focus();
      return;
    }
    const picker = this.renderRoot.querySelector<CategoryPicker>('[part~="category"]');
    if (picker?.error) {
      picker.shadowRoot?.querySelector<HTMLElement>('input')?.focus();
      return;
    }
    this.renderRoot.querySelector<SchemaForm>('[part~="fields"]')?.focusFirstProblem();
  }

  #close(reason: 'cancel' | 'discard'): void {
    if (reason === 'discard') this.#model?.discard();
    else this.#model?.cancel();
    this.dispatchEvent(new CallpopTicketFormCloseEvent({ reason }));
  }

  // ------------------------------------------------------------ render

  #m = (key: TicketFormMessage, params?: { readonly [name: string]: string | number }): string =>
    this.#i18n.msg(ticketFormMessages, key, params);

  #problem(key: string, label: string): string | null {
    const found = this.#state.problems[key];
    if (!found) return null;
    const msg = (k: SchemaFormMessage, params?: { readonly [name: string]: string | number }): string =>
      this.#i18n.msg(schemaFormMessages, k, params);
    return problemText(msg, label, found);
  }

  #fieldHighlights(): Record<string, { source: string }> {
    const out: Record<string, { source: string }> = {};
    for (const [key, from] of Object.entries(this.#state.filled)) if (key.startsWith('fields.')) out[key.slice(7)] = { source: from.text };
    return out;
  }

  #fieldSuggestions(): Record<string, { value: FieldValue; label: string; source: string }> {
    const out: Record<string, { value: FieldValue; label: string; source: string }> = {};
    for (const [key, suggestion] of Object.entries(this.#state.suggestions)) {
      if (key.startsWith('fields.')) {
        out[key.slice(7)] = { value: suggestion.value, label: Array.isArray(suggestion.value) ? suggestion.value.join(', ') : String(suggestion.value), source: suggestion.text };
      }
    }
    return out;
  }

  #renderForm(): TemplateResult {
    const m = this.#m;
    const form = this.#state;
    const values = form.values;
    const schema = this.#schema.value?.schema;
    if (!schema) return html``;
    const agents = this.#agents.value;
    const titleError = this.#problem('title', m('title'));
    const descriptionError = this.#problem('description', m('description'));
    const categoryError = this.#problem('categoryId', m('category'));
    const ownKeys = new Set(['title', 'description', 'priority', 'categoryId', 'assigneeId']);
    const fieldProblems = Object.fromEntries(Object.entries(form.problems).filter(([key]) => !ownKeys.has(key)));
    const pickerTag = unsafeStatic(tagOf(CategoryPicker, 'category-picker'));
    const formTag = unsafeStatic(tagOf(SchemaForm, 'schema-form'));
    const hasProblems = Object.keys(form.problems).length > 0;
    return html`<form part="form" novalidate aria-labelledby="heading" @submit=${(e: Event) => void this.#submit(e)}>
      <div class="heading-row">
        <h3 id="heading">${m('heading')}</h3>
        <div part="fill-actions">
          <button type="button" part="smart-fill" aria-busy=${form.fill.status === 'running' ? 'true' : 'false'} @click=${() => void this.#model?.fill()}>
            ${form.fill.status === 'running' ? m('filling') : m('smartFill')}
          </button>
          ${form.canUndo ? html`<button type="button" part="undo-fill" @click=${() => this.#model?.undoFill()}>${m('undoFill')}</button>` : nothing}
        </div>
      </div>
      ${form.restored ? html`<p part="notice" role="status">${m('restored')}</p>` : nothing}
      ${form.fill.status === 'empty' ? html`<p part="fill-notice" role="status">${m('nothingToFill')}</p>` : nothing}
      ${form.fill.status === 'filled'
        ? html`<p part="fill-notice" role="status">${m('filledCount', { count: form.fill.filledCount })}</p>`
        : nothing}
      ${form.fill.status === 'error' ? html`<p part="fill-notice" role="alert" class="error">${m('fillFailed', { reason: form.fill.error ?? '' })}</p>` : nothing}
      ${hasProblems && !form.failure ? html`<p part="summary" role="alert" class="error">${m('fix')}</p>` : nothing}
      <div class="row">
        <label for="title">${m('title')}<span class="req" aria-hidden="true"> *</span></label>
        <input
          id="title"
          part="title"
          type="text"
          autocomplete="off"
          aria-required="true"
          aria-invalid=${titleError ? 'true' : 'false'}
          aria-describedby=${titleError ? 'title-error' : nothing}
          .value=${values.title}
          @input=${(e: Event) => this.#edit('title', (e.target as HTMLInputElement).value)}
        />
        ${titleError ? html`<p id="title-error" part="error" class="error">${titleError}</p>` : nothing} ${this.#fillNote('title')}
      </div>
      <div class="row">
        <label for="description">${m('description')}</label>
        <textarea
          id="description"
          part="description"
          aria-invalid=${descriptionError ? 'true' : 'false'}
          aria-describedby=${descriptionError ? 'description-error' : nothing}
          .value=${values.description}
          @input=${(e: Event) => this.#edit('description', (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        ${descriptionError ? html`<p id="description-error" part="error" class="error">${descriptionError}</p>` : nothing}
        ${this.#fillNote('description')}
      </div>
      ${staticHtml`<${pickerTag}
        part="category"
        label=${m('category')}
        .categories=${schema.categories}
        .value=${values.categoryId}
        .error=${categoryError}
        theme=${this.theme ?? nothing}
        @callpop-category-change=${(e: CallpopCategoryChangeEvent) => this.#edit('categoryId', e.detail.value)}
      ></${pickerTag}>`}
      ${this.#fillNote('categoryId')}
      <div class="pair">
        <div class="row">
          <label for="priority">${m('priority')}</label>
          <select
            id="priority"
            part="priority"
            @change=${(e: Event) => this.#edit('priority', (e.target as HTMLSelectElement).value as TicketPriority)}
          >
            ${TICKET_PRIORITIES.map(
              (p) => html`<option value=${p} ?selected=${p === values.priority}>${m(`priority.${p}`)}</option>`,
            )}
          </select>
        </div>
        <div class="row">
          <label for="assignee">${m('assignee')}</label>
          <select
            id="assignee"
            part="assignee"
            aria-describedby=${agents?.status === 'error' ? 'assignee-error' : nothing}
            @change=${(e: Event) => this.#edit('assigneeId', (e.target as HTMLSelectElement).value || null)}
          >
            <option value="" ?selected=${values.assigneeId === null}>${m('unassigned')}</option>
            ${(agents?.list ?? []).map(
              (agent) => html`<option value=${agent.id} ?selected=${agent.id === values.assigneeId}>${agent.name}</option>`,
            )}
          </select>
          ${agents?.status === 'error' ? html`<p id="assignee-error" class="muted">${m('agentsFailed')}</p>` : nothing}
        </div>
      </div>
      ${staticHtml`<${formTag}
        part="fields"
        .fields=${schema.fields}
        .values=${values.fields}
        .problems=${fieldProblems}
        .highlights=${this.#fieldHighlights()}
        .suggestions=${this.#fieldSuggestions()}
        theme=${this.theme ?? nothing}
        @callpop-form-accept-suggestion=${(e: Event & { detail: { key: string } }) => {
          this.#model?.dismissSuggestion(`fields.${e.detail.key}`);
        }}
        @callpop-form-input=${(e: CallpopFormInputEvent) => {
          e.stopPropagation();
          this.#edit(`fields.${e.detail.key}`, e.detail.value);
        }}
      ></${formTag}>`}
      ${form.failure
        ? html`<div part="failure" role="alert">
            <span class="error">${m('failed', { reason: form.failure })}</span>
            <button type="button" @click=${() => void this.#submit()}>${m('retry')}</button>
          </div>`
        : nothing}
      <div part="actions">
        <button type="submit" part="submit" class="primary" aria-busy=${form.saving ? 'true' : 'false'}>
          ${form.saving ? m('submitting') : m('submit')}
        </button>
        <button type="button" @click=${() => this.#close('cancel')}>${m('cancel')}</button>
        <button type="button" @click=${() => this.#close('discard')}>${m('discard')}</button>
      </div>
    </form>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    // The backend does not offer what this element shows (see ELEMENT_NEEDS): nothing to show.
    if (!canShow(this.#wb.value, 'ticket-form')) return nothing;
    const m = this.#m;
    if (!this.#call) return html`<p part="empty" class="muted">${m('noCall')}</p>`;
    const schema = this.#schema.value;
    if (schema?.status === 'error') {
      return html`<p part="schema-error" role="alert" class="error">
        ${m('schemaFailed', { reason: schema.error ?? '' })}
        <button type="button" @click=${() => this.#wb.value?.use(ticketsModule).loadSchema().catch(() => undefined)}>${m('retry')}</button>
      </p>`;
    }
    if (!schema?.schema) return html`<p part="loading" role="status">${m('loadingSchema')}</p>`;
    return this.#renderForm();
  }
}
