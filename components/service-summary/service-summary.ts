import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { FieldValue, FormField, SummarySchema } from '../../src/adapter/types.js';
import { categoryPath, categoryPathLabel } from '../../src/forms/categories.js';
import { formatCallTime } from '../../src/i18n/format.js';
import { localizeText } from '../../src/i18n/locale.js';
import type { FillSource, FillSuggestion } from '../../src/workbench/fill.js';
import { customKey, customValues, REMARK_MAX_LENGTH, summaryModule, type CallSummaryState, type SummaryModule } from '../../src/workbench/summary.js';
import { CategoryPicker } from '../category-picker/category-picker.js';
import type { CallpopCategoryChangeEvent } from '../category-picker/category-change-event.js';
import type { CallpopFormAcceptSuggestionEvent } from '../schema-form/form-accept-suggestion-event.js';
import type { CallpopFormInputEvent } from '../schema-form/form-input-event.js';
import { SchemaForm, type FieldHighlight, type FieldSuggestion } from '../schema-form/schema-form.js';
import { tagOf } from '../shared/define-element.js';
import { ShownCallController } from '../shared/shown-call-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { canShow } from '../shared/backend-needs.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { messages } from './service-summary.messages.js';
import { styles } from './service-summary.styles.js';

type Message = keyof typeof messages.en;
type BuiltinKey = 'status' | 'categoryId' | 'templateId' | 'remark';

/**
 * The call's service summary: progress status, service category, template,
 * remarks and the custom fields of the backend's summary schema. "Smart fill"
 * fills it from the conversation: filled fields are highlighted with the line
 * they came from, "Undo fill" puts everything back in one step, and a field
 * the agent typed into keeps its value with the suggestion offered beside it.
 * What the agent enters is kept as a draft (per call, across reloads) until
 * the backend confirms the save; a saved summary loads back for editing.
 *
 * @tagname service-summary
 * @summary The service summary of a call, with one-click smart fill.
 *
 * @csspart base - The whole summary.
 * @csspart header - Title and the fill actions.
 * @csspart fill-actions - "Smart fill" and "Undo fill".
 * @csspart smart-fill - The "Smart fill" button.
 * @csspart undo-fill - The "Undo fill" button.
 * @csspart notice - What happened (restored, filled, nothing to fill, saved).
 * @csspart error - A failed load, fill or save, with a retry.
 * @csspart form - The form.
 * @csspart field - One built-in field (also `field highlighted` when smart fill or a template filled it).
 * @csspart status - The progress status select.
 * @csspart category - The category picker.
 * @csspart template - The template select.
 * @csspart remark - The remarks textarea.
 * @csspart remark-count - Characters used of the maximum.
 * @csspart source - The conversation line a filled field came from.
 * @csspart suggestion - A suggested value beside a typed field, with "Use" and "Dismiss".
 * @csspart custom-fields - The custom fields (`<schema-form>`).
 * @csspart form-actions - The save button and the last-saved time.
 * @csspart save - The save button.
 *
 * @cssprop --callpop-service-summary-padding - Inner padding.
 * @cssprop --callpop-service-summary-highlight - Background of a filled field.
 */
export class ServiceSummaryElement extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, styles];

  /** The call whose summary to edit; the active call when unset. */
  @property({ attribute: 'call-id' }) callId: string | undefined;

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #schema = new StoreController(this, () => this.#summary?.$schema);
  readonly #summaries = new StoreController(this, () => this.#summary?.$summaries);
  readonly #shown = new ShownCallController(this, this.#wb);

  /** The summary capability, attached to the workbench on first use. */
  get #summary(): SummaryModule | undefined {
    return this.#wb.value?.use(summaryModule);
  }

  get #id(): string | null {
    return this.#shown.id;
  }

  get #state(): CallSummaryState | undefined {
    const id = this.#id;
    return id ? this.#summaries.value?.[id] : undefined;
  }

  #m = (key: Message, params?: { readonly [name: string]: string | number }): string => this.#i18n.msg(messages, key, params);

  // ------------------------------------------------------------ lifecycle

  protected override willUpdate(): void {
    if (!canShow(this.#wb.value, 'service-summary')) return;
    const id = this.#id;
    if (id && !this.#state) void this.#summary?.load(id);
  }

  // ------------------------------------------------------------ handlers

  #edit(key: string, value: FieldValue): void {
    const id = this.#id;
    if (id) this.#summary?.edit(id, key, value);
  }

  #onSelect(key: 'status', event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.#edit(key, value === '' ? null : value);
  }

  #onTemplate = (event: Event): void => {
    const id = this.#id;
    const value = (event.target as HTMLSelectElement).value;
    if (id) this.#summary?.chooseTemplate(id, value === '' ? null : value);
  };

  #onCategory = (event: CallpopCategoryChangeEvent): void => {
    this.#edit('categoryId', event.detail.value);
  };

  #onRemark = (event: Event): void => {
    this.#edit('remark', (event.target as HTMLTextAreaElement).value);
  };

  #onCustomInput = (event: CallpopFormInputEvent): void => {
    this.#edit(customKey(event.detail.key), event.detail.value);
  };

  #onAcceptCustom = (event: CallpopFormAcceptSuggestionEvent): void => {
    // The workbench puts the value in (and marks it as the agent's own).
    event.preventDefault();
    this.#accept(customKey(event.detail.key));
  };

  #accept(key: string): void {
    const id = this.#id;
    if (id) this.#summary?.acceptSuggestion(id, key);
  }

  #dismiss(key: string): void {
    const id = this.#id;
    if (id) this.#summary?.dismissSuggestion(id, key);
  }

  #onFill = (): void => {
    const id = this.#id;
    if (id) void this.#summary?.fill(id);
  };

  #onUndo = (): void => {
    const id = this.#id;
    if (id) this.#summary?.undoFill(id);
  };

  #onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    await this.#save();
  };

  async #save(): Promise<void> {
    const id = this.#id;
    const workbench = this.#wb.value;
    if (!id || !workbench || this.#state?.saving) return;
    try {
      await workbench.use(summaryModule).save(id);
    } catch {
      // The state says why; take the agent to the first field to fix.
      await this.updateComplete;
      const invalid = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
      if (invalid) invalid.focus();
      else {
        const form = this.renderRoot.querySelector<SchemaForm>('[part~="custom-fields"]');
        await form?.updateComplete;
        form?.focusFirstProblem();
      }
    }
  }

  // ------------------------------------------------------------ render

  /** How a suggested value reads, for the agent. */
  #label(key: string, value: FieldValue, schema: SummarySchema): string {
    const { locale } = this.#i18n;
    if (value === null) return '';
    if (key === 'status') {
      const found = schema.statuses.find((status) => status.value === value);
      return found ? localizeText(found.label, locale) : String(value);
    }
    if (key === 'categoryId') return categoryPathLabel(categoryPath(schema.categories, String(value)) ?? [], locale) || String(value);
    if (key === 'templateId') {
      const found = schema.templates.find((template) => template.id === value);
      return found ? localizeText(found.name, locale) : String(value);
    }
    const field = schema.fields.find((item) => customKey(item.key) === key);
    return field ? this.#fieldLabel(field, value) : Array.isArray(value) ? value.join(', ') : String(value);
  }

  #fieldLabel(field: FormField, value: FieldValue): string {
    const { locale } = this.#i18n;
    const options = field.options ?? [];
    const optionLabel = (v: string): string => {
      const option = options.find((item) => item.value === v);
      return option ? localizeText(option.label, locale) : v;
    };
    if (typeof value === 'boolean') return value ? this.#m('yes') : this.#m('no');
    if (field.type === 'cascade' && Array.isArray(value)) {
      let level = options;
      const labels: string[] = [];
      for (const v of value) {
        const option = level.find((item) => item.value === v);
        labels.push(option ? localizeText(option.label, locale) : v);
        level = option?.children ?? [];
      }
      return labels.join(' › ');
    }
    if (Array.isArray(value)) return value.map(optionLabel).join(', ');
    if (field.type === 'select' && typeof value === 'string') return optionLabel(value);
    return String(value);
  }

  #sourceLine(source: FillSource | undefined): TemplateResult | typeof nothing {
    if (!source) return nothing;
    return html`<p part="source" class="source">
      ${source.source === 'docking-page'
        ? this.#m('fromDockingPage')
        : source.source === 'template' || !source.text
          ? this.#m('fromTemplate')
          : this.#m('fromConversation', { text: source.text })}
    </p>`;
  }

  #suggestionFor(key: string, fieldName: string, suggestion: FillSuggestion | undefined, schema: SummarySchema): TemplateResult | typeof nothing {
    if (!suggestion) return nothing;
    return html`<div part="suggestion" class="suggestion">
      <span>${this.#m('suggestion', { value: this.#label(key, suggestion.value, schema) })}</span>
      ${suggestion.text ? html`<span class="muted source-text">${this.#m('fromConversation', { text: suggestion.text })}</span>` : nothing}
      <span class="suggestion-actions">
        <button type="button" aria-label=${this.#m('useLabel', { field: fieldName })} @click=${() => this.#accept(key)}>${this.#m('use')}</button>
        <button type="button" aria-label=${this.#m('dismissLabel', { field: fieldName })} @click=${() => this.#dismiss(key)}>
          ${this.#m('dismiss')}
        </button>
      </span>
    </div>`;
  }

  #fieldPart(state: CallSummaryState, key: BuiltinKey): string {
    return state.filled[key] ? 'field highlighted' : 'field';
  }

  #renderNotices(state: CallSummaryState): TemplateResult[] {
    const out: TemplateResult[] = [];
    const notice = (text: string): TemplateResult => html`<p part="notice" role="status">${text}</p>`;
    if (state.restored) out.push(notice(this.#m('restored')));
    if (state.justSaved) out.push(notice(this.#m('saved')));
    const suggestions = Object.keys(state.suggestions).length;
    switch (state.fill.status) {
      case 'filled': {
        const filled = Object.values(state.filled).filter((from) => from.source === 'smart-fill').length;
        out.push(notice(filled > 0 ? this.#m('filled', { count: filled }) : this.#m('filledNone')));
        break;
      }
      case 'empty':
        out.push(notice(this.#m('nothingToFill')));
        break;
      case 'error':
        out.push(html`<p part="error" role="alert">${this.#m('fillFailed', { reason: state.fill.error ?? '' })}</p>`);
        break;
      default:
        break;
    }
    if (suggestions > 0) out.push(notice(this.#m('suggested', { count: suggestions })));
    return out;
  }

  #renderForm(state: CallSummaryState, schema: SummarySchema): TemplateResult {
    const { locale } = this.#i18n;
    const values = state.values;
    const str = (key: string): string => (typeof values[key] === 'string' ? (values[key] as string) : '');
    const remark = str('remark');
    const remarkProblem = state.problems['remark'];
    const categoryProblem = state.problems['categoryId'];
    const statusProblem = state.problems['status'];
    const custom: Record<string, FieldValue> = customValues(values);
    const customProblems: Record<string, (typeof state.problems)[string]> = {};
    const highlights: Record<string, FieldHighlight> = {};
    const suggestions: Record<string, FieldSuggestion> = {};
    for (const field of schema.fields) {
      const key = customKey(field.key);
      const problem = state.problems[key];
      if (problem) customProblems[field.key] = problem;
      // <schema-form> says "From the conversation" itself: only lines from the conversation are passed.
      const filled = state.filled[key];
      if (filled?.text) highlights[field.key] = { source: filled.text };
      const suggestion = state.suggestions[key];
      if (suggestion) {
        suggestions[field.key] = {
          value: suggestion.value,
          label: this.#fieldLabel(field, suggestion.value),
          source: suggestion.text || this.#label('templateId', values['templateId'] ?? null, schema),
        };
      }
    }
    const pickerTag = unsafeStatic(tagOf(CategoryPicker, 'category-picker'));
    const formTag = unsafeStatic(tagOf(SchemaForm, 'schema-form'));
    const statusName = this.#m('status');
    const categoryName = this.#m('category');
    const remarkName = this.#m('remark');
    return html`<form part="form" novalidate aria-labelledby="summary-title" @submit=${this.#onSubmit}>
      <div class="two">
        <div part=${this.#fieldPart(state, 'status')} class="field">
          <label for="status">${statusName}</label>
          <select
            id="status"
            part="status"
            aria-invalid=${statusProblem ? 'true' : 'false'}
            @change=${(e: Event) => this.#onSelect('status', e)}
          >
            <option value="" ?selected=${!values['status']}>${this.#m('choose')}</option>
            ${schema.statuses.map(
              (status) => html`<option value=${status.value} ?selected=${values['status'] === status.value}>
                ${localizeText(status.label, locale)}
              </option>`,
            )}
          </select>
          ${this.#sourceLine(state.filled['status'])} ${this.#suggestionFor('status', statusName, state.suggestions['status'], schema)}
        </div>
        <div part=${this.#fieldPart(state, 'templateId')} class="field">
          <label for="template">${this.#m('template')}</label>
          <select id="template" part="template" @change=${this.#onTemplate}>
            <option value="" ?selected=${!values['templateId']}>${this.#m('noTemplate')}</option>
            ${schema.templates.map(
              (template) => html`<option value=${template.id} ?selected=${values['templateId'] === template.id}>
                ${localizeText(template.name, locale)}
              </option>`,
            )}
          </select>
          ${this.#sourceLine(state.filled['templateId'])}
          ${this.#suggestionFor('templateId', this.#m('template'), state.suggestions['templateId'], schema)}
        </div>
      </div>
      <div part=${this.#fieldPart(state, 'categoryId')} class="field">
        ${staticHtml`<${pickerTag}
          part="category"
          .categories=${schema.categories}
          .value=${typeof values['categoryId'] === 'string' ? values['categoryId'] : null}
          label=${categoryName}
          .error=${categoryProblem ? this.#m('fixBelow') : null}
          theme=${this.theme ?? nothing}
          @callpop-category-change=${this.#onCategory}
        ></${pickerTag}>`}
        ${this.#sourceLine(state.filled['categoryId'])}
        ${this.#suggestionFor('categoryId', categoryName, state.suggestions['categoryId'], schema)}
      </div>
      <div part=${this.#fieldPart(state, 'remark')} class="field">
        <label for="remark">${remarkName}</label>
        <textarea
          id="remark"
          part="remark"
          rows="4"
          maxlength=${REMARK_MAX_LENGTH}
          .value=${remark}
          aria-invalid=${remarkProblem ? 'true' : 'false'}
          aria-describedby="remark-count${remarkProblem ? ' remark-error' : ''}"
          @input=${this.#onRemark}
        ></textarea>
        <span id="remark-count" part="remark-count" class="muted count">
          ${this.#m('remarkCount', { length: remark.length, max: REMARK_MAX_LENGTH })}
        </span>
        ${remarkProblem
          ? html`<span id="remark-error" class="error">
              ${remarkProblem.code === 'server'
                ? String(remarkProblem.params['message'] ?? '')
                : this.#m('remarkTooLong', { length: remark.length, max: REMARK_MAX_LENGTH })}
            </span>`
          : nothing}
        ${this.#sourceLine(state.filled['remark'])} ${this.#suggestionFor('remark', remarkName, state.suggestions['remark'], schema)}
      </div>
      ${schema.fields.length > 0
        ? html`<fieldset class="custom">
            <legend>${this.#m('customFields')}</legend>
            ${staticHtml`<${formTag}
              part="custom-fields"
              .fields=${schema.fields}
              .values=${custom}
              .problems=${customProblems}
              .highlights=${highlights}
              .suggestions=${suggestions}
              theme=${this.theme ?? nothing}
              @callpop-form-input=${this.#onCustomInput}
              @callpop-form-accept-suggestion=${this.#onAcceptCustom}
            ></${formTag}>`}
          </fieldset>`
        : nothing}
      <div part="form-actions">
        ${state.saved
          ? html`<span class="muted">${this.#m('savedAt', { time: formatCallTime(Date.parse(state.saved.updatedAt), locale, { now: this.#wb.now(), timeZone: this.#wb.timeZone }) })}</span>`
          : nothing}
        <button type="submit" part="save" class="primary" ?disabled=${state.saving} aria-busy=${state.saving ? 'true' : 'false'}>
          ${state.saving ? this.#m('saving') : this.#m('save')}
        </button>
      </div>
    </form>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    // The backend does not offer what this element shows (see ELEMENT_NEEDS): nothing to show.
    if (!canShow(this.#wb.value, 'service-summary')) return nothing;
    const m = this.#m;
    const id = this.#id;
    const state = this.#state;
    const schemaState = this.#schema.value;
    const schema = schemaState?.schema ?? null;
    let body: TemplateResult;
    if (!id) body = html`<p class="muted">${m('noCall')}</p>`;
    else if (state?.status === 'error') {
      body = html`<div part="error" role="alert">
        <span>${m('failed', { reason: state.error ?? '' })}</span>
        <button type="button" @click=${() => this.#summary?.reload(id)}>${m('retry')}</button>
      </div>`;
    } else if (schemaState?.status === 'error') {
      body = html`<div part="error" role="alert">
        <span>${m('schemaFailed', { reason: schemaState.error ?? '' })}</span>
        <button type="button" @click=${() => this.#summary?.reload(id)}>${m('retry')}</button>
      </div>`;
    } else if (!state || state.status === 'loading' || !schema) {
      body = html`<p role="status" class="muted">${m('loading')}</p>`;
    } else {
      body = html`${this.#renderNotices(state)}
        ${state.saveError
          ? html`<div part="error" role="alert">
              <span>${Object.keys(state.problems).length > 0 && !state.saving ? m('fixBelow') : m('saveFailed', { reason: state.saveError })}</span>
              ${Object.keys(state.problems).length > 0
                ? nothing
                : html`<button type="button" @click=${() => this.#save()}>${m('retry')}</button>`}
            </div>`
          : nothing}
        ${this.#renderForm(state, schema)}`;
    }
    const ready = Boolean(id && state?.status === 'ready' && schema);
    const filling = state?.fill.status === 'running';
    return html`<section part="base" aria-labelledby="summary-title">
      <header part="header">
        <h2 id="summary-title">${m('title')}</h2>
        <div part="fill-actions">
          <button
            type="button"
            part="smart-fill"
            title=${m('smartFillHint')}
            ?disabled=${!ready || filling}
            aria-busy=${filling ? 'true' : 'false'}
            @click=${this.#onFill}
          >
            ${filling ? m('smartFilling') : m('smartFill')}
          </button>
          ${state?.fill.canUndo ? html`<button type="button" part="undo-fill" @click=${this.#onUndo}>${m('undoFill')}</button>` : nothing}
        </div>
      </header>
      ${body}
    </section>`;
  }
}
