import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ticketsModule } from '../../src/workbench/tickets.js';
import { property, state } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { AdapterError } from '../../src/adapter/errors.js';
import type { FieldValue, TicketPriority } from '../../src/adapter/types.js';
import {
  emptyTicketForm,
  problemsFromBackend,
  TICKET_PRIORITIES,
  type TicketFormValues,
} from '../../src/forms/ticket-form.js';
import type { FieldProblem } from '../../src/forms/values.js';
import { messageOf } from '../../src/workbench/context.js';
import { CallpopTicketCreatedEvent } from '../../src/workbench/ticket-created-event.js';
import { TicketFormError } from '../../src/workbench/tickets.js';
import type { FillSource, FillSuggestion } from '../../src/workbench/fill.js';
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

  @state() private values: TicketFormValues = emptyTicketForm();
  @state() private problems: { readonly [key: string]: FieldProblem } = {};
  @state() private saving = false;
  @state() private failure: string | null = null;
  @state() private restored = false;

  /** Smart fill: its state, what it filled (with the line each came from) and what it suggests. */
  @state() private fill: { readonly status: 'idle' | 'running' | 'filled' | 'empty' | 'error'; readonly error: string | null } = {
    status: 'idle',
    error: null,
  };
  @state() private filled: Readonly<Record<string, FillSource>> = {};
  @state() private suggestions: Readonly<Record<string, FillSuggestion>> = {};
  /** The form before the last fill, for "Undo fill". */
  #beforeFill: TicketFormValues | null = null;
  /** Keys the agent typed into (`title`, `description`, `categoryId`, `fields.<key>`…): a fill never overwrites them. */
  #typed = new Set<string>();

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #shown = new ShownCallController(this, this.#wb);
  readonly #schema = new StoreController(this, () => this.#wb.value?.use(ticketsModule).$schema);
  readonly #agents = new StoreController(this, () => this.#wb.value?.use(ticketsModule).$agents);
  /** The call the form's values belong to. */
  #loadedFor: string | null = null;

  get #call(): string | null {
    return this.#shown.id;
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
      const draft = call ? workbench.use(ticketsModule).getDraft(call) : null;
      this.values = draft ?? emptyTicketForm();
      this.restored = draft !== null;
      this.problems = {};
      this.failure = null;
      this.saving = false;
      this.#typed = new Set();
      this.#beforeFill = null;
      this.fill = { status: 'idle', error: null };
      this.filled = {};
      this.suggestions = {};
    }
    if (_changed.has('prefill') && this.prefill) this.#applyPrefill(this.prefill);
  }

  #applyPrefill(prefill: Readonly<Record<string, FieldValue>>): void {
    const empty = (value: unknown): boolean => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    const own: Partial<Record<keyof TicketFormValues, unknown>> = {};
    const fields: Record<string, FieldValue> = {};
    for (const [key, value] of Object.entries(this.values.fields)) if (value !== undefined) fields[key] = value;
    for (const [key, value] of Object.entries(prefill)) {
      if (key === 'title' || key === 'description' || key === 'categoryId' || key === 'assigneeId') {
        if (typeof value === 'string' && empty(this.values[key])) own[key] = value;
      } else if (key === 'priority') {
        if (typeof value === 'string' && (TICKET_PRIORITIES as readonly string[]).includes(value) && this.values.priority === 'normal') own.priority = value;
      } else if (empty(fields[key])) {
        fields[key] = value;
      }
    }
    const patch = { ...own, fields } as Partial<TicketFormValues>;
    this.#update(patch, Object.keys(prefill), false);
  }

  async #smartFill(): Promise<void> {
    const workbench = this.#wb.value;
    const call = this.#call;
    if (!workbench || !call || this.fill.status === 'running') return;
    this.fill = { status: 'running', error: null };
    const before = this.values;
    try {
      const result = await workbench.use(ticketsModule).smartFill(call, before, [...this.#typed]);
      if (call !== this.#call) return;
      if (result.empty) {
        this.fill = { status: 'empty', error: null };
        return;
      }
      this.#beforeFill = before;
      this.#update(result.values, Object.keys(result.filled), false);
      this.filled = result.filled;
      this.suggestions = result.suggestions;
      this.fill = { status: 'filled', error: null };
    } catch (error) {
      if (call === this.#call) this.fill = { status: 'error', error: messageOf(error) };
    }
  }

  /** Put back every filled field the agent has not changed since, in one step. */
  #undoFill(): void {
    const before = this.#beforeFill;
    if (!before) return;
    const current = this.values;
    const restored: Partial<TicketFormValues> = {};
    const fields = { ...current.fields };
    for (const key of Object.keys(this.filled)) {
      if (key.startsWith('fields.')) {
        const name = key.slice(7);
        if (!this.#typed.has(key)) fields[name] = before.fields[name] ?? null;
      } else if ((key === 'title' || key === 'description' || key === 'categoryId') && !this.#typed.has(key)) {
        Object.assign(restored, { [key]: before[key] });
      }
    }
    this.#beforeFill = null;
    this.#update({ ...restored, fields }, [], false);
    this.filled = {};
    this.suggestions = {};
    this.fill = { status: 'idle', error: null };
  }

  #useSuggestion(key: 'title' | 'description' | 'categoryId'): void {
    const suggestion = this.suggestions[key];
    if (!suggestion) return;
    const { [key]: _used, ...rest } = this.suggestions;
    this.suggestions = rest;
    this.#update({ [key]: suggestion.value } as Partial<TicketFormValues>, [key]);
  }

  /** Under a filled field: the line it came from; beside a typed one: the suggestion. */
  #fillNote(key: 'title' | 'description' | 'categoryId'): TemplateResult | typeof nothing {
    const m = this.#m;
    const filled = this.filled[key];
    const suggestion = this.suggestions[key];
    if (filled && filled.text) return html`<p part="fill-source" class="fill-source">${m('fromConversation', { text: filled.text })}</p>`;
    if (suggestion) {
      return html`<p part="suggestion" class="suggestion">
        ${m('suggested', { value: String(suggestion.value) })}
        <button type="button" @click=${() => this.#useSuggestion(key)}>${m('useSuggestion')}</button>
      </p>`;
    }
    return nothing;
  }

  // ------------------------------------------------------------ handlers

  #update(patch: Partial<TicketFormValues>, keys: readonly string[], typed = true): void {
    if (typed) {
      for (const key of keys) {
        this.#typed.add(key);
        if (key in this.filled) {
          const { [key]: _changed, ...rest } = this.filled;
          this.filled = rest;
        }
      }
    }
    this.values = { ...this.values, ...patch };
    const call = this.#call;
    if (call) this.#wb.value?.use(ticketsModule).saveDraft(call, this.values);
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
    if (!workbench || !call) return;
    this.saving = true;
    this.failure = null;
    const values = this.values;
    try {
      const ticket = await workbench.use(ticketsModule).create(call, values);
      if (call !== this.#call) return;
      this.values = emptyTicketForm();
      this.problems = {};
      this.restored = false;
      this.dispatchEvent(new CallpopTicketCreatedEvent({ ticket, callId: call }, { bubbles: true, composed: true }));
    } catch (error) {
      if (call !== this.#call) return;
      if (error instanceof TicketFormError) {
        this.problems = error.problems;
        await this.updateComplete;
        this.#focusFirstProblem();
      } else {
        if (error instanceof AdapterError && error.code === 'validation') {
          this.problems = problemsFromBackend(error.fields);
        }
        this.failure = this.#m('failed', { reason: messageOf(error) });
      }
    } finally {
      if (call === this.#call) this.saving = false;
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
    const call = this.#call;
    if (reason === 'discard' && call) {
      this.#wb.value?.use(ticketsModule).discardDraft(call);
      this.values = emptyTicketForm();
      this.restored = false;
    }
    this.problems = {};
    this.failure = null;
    this.dispatchEvent(new CallpopTicketFormCloseEvent({ reason }));
  }

  // ------------------------------------------------------------ render

  #m = (key: TicketFormMessage, params?: { readonly [name: string]: string | number }): string =>
    this.#i18n.msg(ticketFormMessages, key, params);

  #problem(key: string, label: string): string | null {
    const found = this.problems[key];
    if (!found) return null;
    const msg = (k: SchemaFormMessage, params?: { readonly [name: string]: string | number }): string =>
      this.#i18n.msg(schemaFormMessages, k, params);
    return problemText(msg, label, found);
  }

  #fieldHighlights(): Record<string, { source: string }> {
    const out: Record<string, { source: string }> = {};
    for (const [key, from] of Object.entries(this.filled)) if (key.startsWith('fields.')) out[key.slice(7)] = { source: from.text };
    return out;
  }

  #fieldSuggestions(): Record<string, { value: FieldValue; label: string; source: string }> {
    const out: Record<string, { value: FieldValue; label: string; source: string }> = {};
    for (const [key, suggestion] of Object.entries(this.suggestions)) {
      if (key.startsWith('fields.')) {
        out[key.slice(7)] = { value: suggestion.value, label: Array.isArray(suggestion.value) ? suggestion.value.join(', ') : String(suggestion.value), source: suggestion.text };
      }
    }
    return out;
  }

  #renderForm(): TemplateResult {
    const m = this.#m;
    const schema = this.#schema.value?.schema;
    if (!schema) return html``;
    const agents = this.#agents.value;
    const titleError = this.#problem('title', m('title'));
    const descriptionError = this.#problem('description', m('description'));
    const categoryError = this.#problem('categoryId', m('category'));
    const ownKeys = new Set(['title', 'description', 'priority', 'categoryId', 'assigneeId']);
    const fieldProblems = Object.fromEntries(Object.entries(this.problems).filter(([key]) => !ownKeys.has(key)));
    const pickerTag = unsafeStatic(tagOf(CategoryPicker, 'category-picker'));
    const formTag = unsafeStatic(tagOf(SchemaForm, 'schema-form'));
    const hasProblems = Object.keys(this.problems).length > 0;
    return html`<form part="form" novalidate aria-labelledby="heading" @submit=${(e: Event) => void this.#submit(e)}>
      <div class="heading-row">
        <h3 id="heading">${m('heading')}</h3>
        <div part="fill-actions">
          <button type="button" part="smart-fill" aria-busy=${this.fill.status === 'running' ? 'true' : 'false'} @click=${() => void this.#smartFill()}>
            ${this.fill.status === 'running' ? m('filling') : m('smartFill')}
          </button>
          ${this.#beforeFill ? html`<button type="button" part="undo-fill" @click=${() => this.#undoFill()}>${m('undoFill')}</button>` : nothing}
        </div>
      </div>
      ${this.restored ? html`<p part="notice" role="status">${m('restored')}</p>` : nothing}
      ${this.fill.status === 'empty' ? html`<p part="fill-notice" role="status">${m('nothingToFill')}</p>` : nothing}
      ${this.fill.status === 'filled'
        ? html`<p part="fill-notice" role="status">${m('filledCount', { count: Object.keys(this.filled).length })}</p>`
        : nothing}
      ${this.fill.status === 'error' ? html`<p part="fill-notice" role="alert" class="error">${m('fillFailed', { reason: this.fill.error ?? '' })}</p>` : nothing}
      ${hasProblems && !this.failure ? html`<p part="summary" role="alert" class="error">${m('fix')}</p>` : nothing}
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
          .value=${this.values.title}
          @input=${(e: Event) => this.#update({ title: (e.target as HTMLInputElement).value }, ['title'])}
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
          .value=${this.values.description}
          @input=${(e: Event) => this.#update({ description: (e.target as HTMLTextAreaElement).value }, ['description'])}
        ></textarea>
        ${descriptionError ? html`<p id="description-error" part="error" class="error">${descriptionError}</p>` : nothing}
        ${this.#fillNote('description')}
      </div>
      ${staticHtml`<${pickerTag}
        part="category"
        label=${m('category')}
        .categories=${schema.categories}
        .value=${this.values.categoryId}
        .error=${categoryError}
        theme=${this.theme ?? nothing}
        @callpop-category-change=${(e: CallpopCategoryChangeEvent) => this.#update({ categoryId: e.detail.value }, ['categoryId'])}
      ></${pickerTag}>`}
      ${this.#fillNote('categoryId')}
      <div class="pair">
        <div class="row">
          <label for="priority">${m('priority')}</label>
          <select
            id="priority"
            part="priority"
            @change=${(e: Event) => this.#update({ priority: (e.target as HTMLSelectElement).value as TicketPriority }, ['priority'])}
          >
            ${TICKET_PRIORITIES.map(
              (p) => html`<option value=${p} ?selected=${p === this.values.priority}>${m(`priority.${p}`)}</option>`,
            )}
          </select>
        </div>
        <div class="row">
          <label for="assignee">${m('assignee')}</label>
          <select
            id="assignee"
            part="assignee"
            aria-describedby=${agents?.status === 'error' ? 'assignee-error' : nothing}
            @change=${(e: Event) => this.#update({ assigneeId: (e.target as HTMLSelectElement).value || null }, ['assigneeId'])}
          >
            <option value="" ?selected=${this.values.assigneeId === null}>${m('unassigned')}</option>
            ${(agents?.list ?? []).map(
              (agent) => html`<option value=${agent.id} ?selected=${agent.id === this.values.assigneeId}>${agent.name}</option>`,
            )}
          </select>
          ${agents?.status === 'error' ? html`<p id="assignee-error" class="muted">${m('agentsFailed')}</p>` : nothing}
        </div>
      </div>
      ${staticHtml`<${formTag}
        part="fields"
        .fields=${schema.fields}
        .values=${this.values.fields}
        .problems=${fieldProblems}
        .highlights=${this.#fieldHighlights()}
        .suggestions=${this.#fieldSuggestions()}
        theme=${this.theme ?? nothing}
        @callpop-form-accept-suggestion=${(e: Event & { detail: { key: string } }) => {
          const { [`fields.${e.detail.key}`]: _used, ...rest } = this.suggestions;
          this.suggestions = rest;
        }}
        @callpop-form-input=${(e: CallpopFormInputEvent) => {
          e.stopPropagation();
          this.#update({ fields: e.detail.values }, [`fields.${e.detail.key}`]);
        }}
      ></${formTag}>`}
      ${this.failure
        ? html`<div part="failure" role="alert">
            <span class="error">${this.failure}</span>
            <button type="button" @click=${() => void this.#submit()}>${m('retry')}</button>
          </div>`
        : nothing}
      <div part="actions">
        <button type="submit" part="submit" class="primary" aria-busy=${this.saving ? 'true' : 'false'}>
          ${this.saving ? m('submitting') : m('submit')}
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
