import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { FieldValue, FormField } from '../../src/adapter/types.js';
import { cascadeChildren } from '../../src/forms/cascade.js';
import { checkSchema, isKnownFieldType, type SchemaProblem } from '../../src/forms/schema.js';
import { instantToLocalInput, localInputToInstant, type FieldProblems, type FieldValues } from '../../src/forms/values.js';
import { localizeText } from '../../src/i18n/locale.js';
import { CallpopElement } from '../shared/callpop-element.js';
import { CallpopFormAcceptSuggestionEvent } from './form-accept-suggestion-event.js';
import { CallpopFormInputEvent } from './form-input-event.js';
import { problemText, schemaFormMessages, type SchemaFormMessage } from './schema-form.messages.js';
import { styles } from './schema-form.styles.js';

/** A field decorated as filled from the conversation (smart fill). */
export interface FieldHighlight {
  /** The conversation line the value came from, shown under the field as text. */
  readonly source: string;
}

/** A value offered beside a field the agent already typed into. */
export interface FieldSuggestion {
  readonly value: FieldValue;
  /** How to show the value ("YT20261118", "Beijing › Haidian"). */
  readonly label: string;
  /** The conversation line it came from. */
  readonly source: string;
}

/** Unknown field types already reported (one console warning per type and page). */
const warnedTypes = new Set<string>();

/**
 * Renders an admin-configured form (`FormField[]`) with the values you give
 * and reports every change; it holds no draft of its own. Used by the ticket
 * form and the service summary.
 *
 * ```ts
 * html`<schema-form
 *   .fields=${schema.fields}                 // FormField[]
 *   .values=${draft.fields}                  // { [key]: FieldValue }
 *   .problems=${validateValues(schema.fields, draft.fields)}   // from src/forms, shown inline
 *   @callpop-form-input=${(e) => keep(e.detail.values)}        // e.g. workbench.setDraft(...)
 * ></schema-form>`
 * ```
 *
 * Values are stored in their sent shape: text as typed, `number` as a number,
 * `date` as `YYYY-MM-DD`, `datetime` as an ISO instant (shown in the agent's
 * time zone), `multiselect` and `cascade` as lists of option values,
 * `checkbox` as a boolean; blank is `null`. Problems come from
 * `validateValues()` / `validateField()` of `src/forms` (or `problemsFromBackend`).
 * The schema is checked with `checkSchema()`: a broken field (select without
 * options, cascade with a cycle, invalid pattern…) is shown unavailable with
 * the reason and an error above the form; a field of an unknown type is shown
 * read-only (and warned about once per type in the console).
 *
 * @tagname schema-form
 * @summary A form built from an admin-configured field schema.
 *
 * @fires callpop-form-input - A field changed: `detail: { key, value, values }`. Bubbles, composed.
 * @fires callpop-form-accept-suggestion - "Use" was pressed on a suggestion: `detail: { key, value }`. Bubbles, composed, cancelable; unless cancelled, the value is then put in the field.
 *
 * @csspart base - The list of fields.
 * @csspart schema-error - The list of schema errors (shown when the schema is broken).
 * @csspart field - One field (also `field highlighted`, `field invalid`, `field unavailable`).
 * @csspart label - A field's label (or legend).
 * @csspart required - The required mark.
 * @csspart input - A text, number, date or date-time input, or a textarea.
 * @csspart select - A select (also each level of a cascade).
 * @csspart levels - The selects of a cascade.
 * @csspart choices - The checkboxes of a multi-select.
 * @csspart choice - One checkbox and its label.
 * @csspart checkbox-label - A checkbox field's label.
 * @csspart error - A field's problem.
 * @csspart hint - A read-only or unavailable field's explanation.
 * @csspart source - The conversation line a highlighted field came from.
 * @csspart suggestion - A suggested value, with its "Use" button.
 * @csspart use - The "Use" button.
 *
 * @cssprop --callpop-schema-form-gap - Space between fields.
 * @cssprop --callpop-schema-form-highlight - Background of a highlighted field.
 */
export class SchemaForm extends CallpopElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopElement.styles, styles];

  /** The fields to render, in order. */
  @property({ attribute: false }) fields: readonly FormField[] = [];

  /** The values by field key. */
  @property({ attribute: false }) values: FieldValues = {};

  /** Problems to show under their fields, by field key (see `validateValues`). */
  @property({ attribute: false }) problems: FieldProblems = {};

  /** Show every field read-only. */
  @property({ type: Boolean, reflect: true }) readonly = false;

  /** Fields filled from the conversation, with the line each came from. */
  @property({ attribute: false }) highlights: { readonly [key: string]: FieldHighlight | undefined } = {};

  /** Values offered beside fields, each with a "Use" button. */
  @property({ attribute: false }) suggestions: { readonly [key: string]: FieldSuggestion | undefined } = {};

  readonly #i18n = this.localeController;
  #schemaProblems: readonly SchemaProblem[] = [];

  /** What `checkSchema` found in `fields` (errors and warnings). */
  get schemaProblems(): readonly SchemaProblem[] {
    return this.#schemaProblems;
  }

  /** Move focus to the first field that shows a problem; false when there is none. */
  focusFirstProblem(): boolean {
    const target = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
    return target !== null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('fields')) {
      this.#schemaProblems = checkSchema(this.fields);
      for (const found of this.#schemaProblems) {
        if (found.code !== 'unknown-type') continue;
        const type = String(found.params['type']);
        if (warnedTypes.has(type)) continue;
        warnedTypes.add(type);
        console.warn(`callpop: <schema-form> does not know the field type "${type}"; such fields are shown read-only.`);
      }
    }
  }

  // ------------------------------------------------------------ handlers

  #change(key: string, value: FieldValue): void {
    const values = { ...this.values, [key]: value };
    this.values = values;
    this.dispatchEvent(new CallpopFormInputEvent({ key, value, values }));
  }

  #accept(key: string, suggestion: FieldSuggestion): void {
    const event = new CallpopFormAcceptSuggestionEvent({ key, value: suggestion.value });
    if (this.dispatchEvent(event)) this.#change(key, suggestion.value);
  }

  // ------------------------------------------------------------ render

  #msg = (key: SchemaFormMessage, params?: { readonly [name: string]: string | number }): string =>
    this.#i18n.msg(schemaFormMessages, key, params);

  #label(field: FormField): string {
    return localizeText(field.label ?? field.key, this.#i18n.locale) || field.key;
  }

  #schemaError(found: SchemaProblem): string {
    const field = this.fields.find((f) => f.key === found.key);
    return this.#msg(`schema.${found.code}`, { ...found.params, key: found.key, label: field ? this.#label(field) : found.key });
  }

  #labelFor(field: FormField, id: string): TemplateResult {
    return html`<label part="label" for=${id}>${this.#label(field)}${field.required
        ? html`<span part="required" aria-hidden="true"> *</span>`
        : nothing}</label>`;
  }

  #describe(...ids: (string | false)[]): string | typeof nothing {
    const list = ids.filter((id): id is string => Boolean(id));
    return list.length > 0 ? list.join(' ') : nothing;
  }

  #renderField(field: FormField, index: number, errors: ReadonlyMap<string, SchemaProblem>): TemplateResult {
    const id = `field-${index}`;
    const errorId = `${id}-error`;
    const sourceId = `${id}-source`;
    const hintId = `${id}-hint`;
    const label = this.#label(field);
    const value = this.values[field.key];
    const problem = this.problems[field.key];
    const highlight = this.highlights[field.key];
    const suggestion = this.suggestions[field.key];
    const broken = errors.get(field.key);
    const unknown = !isKnownFieldType(field.type);
    const invalid = problem !== undefined && !broken;
    const describedBy = this.#describe(invalid && errorId, Boolean(highlight) && sourceId, (unknown || Boolean(broken)) && hintId);
    const disabled = this.readonly;
    const placeholder = field.placeholder ? localizeText(field.placeholder, this.#i18n.locale) : nothing;
    const parts = ['field', highlight ? 'highlighted' : '', invalid ? 'invalid' : '', broken ? 'unavailable' : '']
      .filter(Boolean)
      .join(' ');
    const aria = {
      invalid: invalid ? 'true' : 'false',
      required: field.required ? 'true' : 'false',
    };

    let control: TemplateResult;
    let grouped = false;
    if (broken || unknown) {
      control = html`<input
        id=${id}
        part="input"
        type="text"
        readonly
        aria-describedby=${describedBy}
        .value=${displayValue(value)}
      />`;
    } else {
      switch (field.type) {
        case 'textarea':
          control = html`<textarea
            id=${id}
            part="input"
            ?readonly=${disabled}
            placeholder=${placeholder}
            aria-invalid=${aria.invalid}
            aria-required=${aria.required}
            aria-describedby=${describedBy}
            .value=${typeof value === 'string' ? value : displayValue(value)}
            @input=${(e: Event) => this.#change(field.key, (e.target as HTMLTextAreaElement).value)}
          ></textarea>`;
          break;
        case 'number':
          control = html`<input
            id=${id}
            part="input"
            type="number"
            inputmode="decimal"
            step="any"
            min=${field.min ?? nothing}
            max=${field.max ?? nothing}
            ?readonly=${disabled}
            placeholder=${placeholder}
            aria-invalid=${aria.invalid}
            aria-required=${aria.required}
            aria-describedby=${describedBy}
            .value=${typeof value === 'number' ? String(value) : typeof value === 'string' ? value : ''}
            @input=${(e: Event) => {
              const input = e.target as HTMLInputElement;
              this.#change(field.key, input.value === '' ? null : Number.isFinite(input.valueAsNumber) ? input.valueAsNumber : null);
            }}
          />`;
          break;
        case 'date':
          control = html`<input
            id=${id}
            part="input"
            type="date"
            ?readonly=${disabled}
            aria-invalid=${aria.invalid}
            aria-required=${aria.required}
            aria-describedby=${describedBy}
            .value=${typeof value === 'string' ? value : ''}
            @input=${(e: Event) => this.#change(field.key, (e.target as HTMLInputElement).value || null)}
          />`;
          break;
        case 'datetime':
          control = html`<input
            id=${id}
            part="input"
            type="datetime-local"
            ?readonly=${disabled}
            aria-invalid=${aria.invalid}
            aria-required=${aria.required}
            aria-describedby=${describedBy}
            .value=${instantToLocalInput(value)}
            @input=${(e: Event) => this.#change(field.key, localInputToInstant((e.target as HTMLInputElement).value))}
          />`;
          break;
        case 'select':
          control = html`<select
            id=${id}
            part="select"
            ?disabled=${disabled}
            aria-invalid=${aria.invalid}
            aria-required=${aria.required}
            aria-describedby=${describedBy}
            @change=${(e: Event) => this.#change(field.key, (e.target as HTMLSelectElement).value || null)}
          >
            <option value="" ?selected=${typeof value !== 'string' || value === ''}>${this.#msg('choose')}</option>
            ${(field.options ?? []).map(
              (option) =>
                html`<option value=${option.value} ?selected=${option.value === value}>${localizeText(option.label, this.#i18n.locale)}</option>`,
            )}
          </select>`;
          break;
        case 'multiselect': {
          grouped = true;
          const chosen = Array.isArray(value) ? (value as readonly string[]) : [];
          control = html`<div part="choices">
            ${(field.options ?? []).map(
              (option, i) => html`<label part="choice">
                <input
                  type="checkbox"
                  id=${`${id}-${i}`}
                  ?disabled=${disabled}
                  aria-invalid=${aria.invalid}
                  .checked=${chosen.includes(option.value)}
                  @change=${(e: Event) => {
                    const on = (e.target as HTMLInputElement).checked;
                    const next = (field.options ?? [])
                      .map((o) => o.value)
                      .filter((v) => (v === option.value ? on : chosen.includes(v)));
                    this.#change(field.key, next.length > 0 ? next : null);
                  }}
                />${localizeText(option.label, this.#i18n.locale)}
              </label>`,
            )}
          </div>`;
          break;
        }
        case 'cascade': {
          grouped = true;
          const path = Array.isArray(value) ? (value as readonly string[]) : [];
          const levels: TemplateResult[] = [];
          for (let level = 0; level <= path.length; level += 1) {
            const options = cascadeChildren(field.options ?? [], path.slice(0, level));
            if (!options || options.length === 0) break;
            const current = path[level];
            levels.push(html`<select
              id=${level === 0 ? id : `${id}-${level}`}
              part="select"
              ?disabled=${disabled}
              aria-label=${this.#msg('level', { label, level: level + 1 })}
              aria-invalid=${aria.invalid}
              aria-required=${aria.required}
              aria-describedby=${describedBy}
              @change=${(e: Event) => {
                const chosen = (e.target as HTMLSelectElement).value;
                const next = chosen ? [...path.slice(0, level), chosen] : path.slice(0, level);
                this.#change(field.key, next.length > 0 ? next : null);
              }}
            >
              <option value="" ?selected=${current === undefined}>${this.#msg('choose')}</option>
              ${options.map(
                (option) =>
                  html`<option value=${option.value} ?selected=${option.value === current}>${localizeText(option.label, this.#i18n.locale)}</option>`,
              )}
            </select>`);
          }
          control = html`<div part="levels">${levels}</div>`;
          break;
        }
        case 'checkbox':
          control = html`<label part="checkbox-label">
            <input
              type="checkbox"
              id=${id}
              ?disabled=${disabled}
              aria-invalid=${aria.invalid}
              aria-required=${aria.required}
              aria-describedby=${describedBy}
              .checked=${value === true}
              @change=${(e: Event) => this.#change(field.key, (e.target as HTMLInputElement).checked)}
            />${label}${field.required ? html`<span part="required" aria-hidden="true"> *</span>` : nothing}
          </label>`;
          break;
        default:
          control = html`<input
            id=${id}
            part="input"
            type="text"
            ?readonly=${disabled}
            placeholder=${placeholder}
            aria-invalid=${aria.invalid}
            aria-required=${aria.required}
            aria-describedby=${describedBy}
            .value=${typeof value === 'string' ? value : displayValue(value)}
            @input=${(e: Event) => this.#change(field.key, (e.target as HTMLInputElement).value)}
          />`;
      }
    }

    const below = html`${invalid ? html`<p part="error" class="error" id=${errorId}>${problemText(this.#msg, label, problem)}</p>` : nothing}
    ${broken
      ? html`<p part="hint" id=${hintId}>${this.#msg('unavailable', { reason: this.#schemaError(broken) })}</p>`
      : unknown
        ? html`<p part="hint" id=${hintId}>${this.#msg('readOnlyUnknown')}</p>`
        : nothing}
    ${highlight ? html`<p part="source" id=${sourceId}>${this.#msg('fromConversation', { source: highlight.source })}</p>` : nothing}
    ${suggestion && !this.readonly && !broken && !unknown
      ? html`<div part="suggestion">
          <span>${this.#msg('suggestion', { label: suggestion.label })}</span>
          <button
            type="button"
            part="use"
            aria-label=${this.#msg('useLabel', { label: suggestion.label, field: label })}
            @click=${() => this.#accept(field.key, suggestion)}
          >
            ${this.#msg('use')}
          </button>
          <span>${this.#msg('suggestionSource', { source: suggestion.source })}</span>
        </div>`
      : nothing}`;

    if (grouped && !broken && !unknown) {
      return html`<fieldset part=${parts} data-key=${field.key} aria-describedby=${describedBy}>
        <legend part="label">${label}${field.required ? html`<span part="required" aria-hidden="true"> *</span>` : nothing}${field.required
            ? html`<span class="visually-hidden"> (${this.#msg('required')})</span>`
            : nothing}</legend>
        ${control} ${below}
      </fieldset>`;
    }
    return html`<div part=${parts} data-key=${field.key}>
      ${field.type === 'checkbox' && !broken && !unknown ? nothing : this.#labelFor(field, id)} ${control} ${below}
    </div>`;
  }

  protected override render(): TemplateResult {
    const errors = new Map<string, SchemaProblem>();
    for (const found of this.#schemaProblems) {
      if (found.severity === 'error' && !errors.has(found.key)) errors.set(found.key, found);
    }
    const listed = this.#schemaProblems.filter((p) => p.severity === 'error');
    const seen = new Set<string>();
    return html`${listed.length > 0
        ? html`<div part="schema-error" role="alert">
            ${this.#msg('schemaErrors')}
            <ul>
              ${listed.map((found) => html`<li>${this.#schemaError(found)}</li>`)}
            </ul>
          </div>`
        : nothing}
      <div part="base">
        ${this.fields.map((field, index) => {
          // A repeated key renders once (the second is the schema error above).
          if (typeof field.key !== 'string' || !field.key || seen.has(field.key)) return nothing;
          seen.add(field.key);
          return this.#renderField(field, index, errors);
        })}
      </div>`;
  }
}

/** Any value as plain text, for read-only display. */
function displayValue(value: FieldValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(' / ');
  return String(value);
}
