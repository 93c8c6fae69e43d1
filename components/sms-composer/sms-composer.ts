import { Task } from '@lit/task';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { SmsTemplate } from '../../src/adapter/types.js';
import { formatPhone } from '../../src/phone/index.js';
import type { SmsProblem } from '../../src/sms/check.js';
import { templateVariables } from '../../src/sms/template.js';
import { messageOf } from '../../src/workbench/context.js';
import { smsModule, SmsRefusedError, type SmsCallContext, type SmsComposition } from '../../src/workbench/sms.js';
import type { Workbench } from '../../src/workbench/workbench.js';
import { ShownCallController } from '../shared/shown-call-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { canShow } from '../shared/backend-needs.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { CallpopSmsComposerCloseEvent } from './sms-composer-close-event.js';
import { smsComposerMessages, type SmsComposerMessage } from './sms-composer.messages.js';
import { CallpopSmsSentEvent } from './sms-sent-event.js';
import { styles } from './sms-composer.styles.js';

/**
 * Template SMS to a call's customer: pick one of the backend's templates and
 * one of the customer's numbers; the variables the call already answers
 * (customer name, number, call time, agent, the call's latest ticket) are
 * filled in and stay editable, missing ones are flagged. A live preview shows
 * the text as it will be sent with its length, SMS count and encoding
 * (GSM-7 or UCS-2). A message to a number that is not a mobile, with a
 * missing variable or longer than allowed is refused before sending, with the
 * reason. A failed send keeps everything, and trying again (or a double
 * click) sends one SMS: the same message carries the same idempotency key.
 *
 * @tagname sms-composer
 * @summary Compose and send a template SMS for a call.
 *
 * @fires callpop-sms-sent - The backend answered a send: `detail: { callId, result }`. Bubbles, composed.
 * @fires callpop-sms-composer-close - The agent pressed Close (an unsent draft is kept). Bubbles, composed.
 *
 * @csspart form - The form.
 * @csspart notice - "Your unsent message was restored."
 * @csspart template - The template select.
 * @csspart to - The number select.
 * @csspart variables - The variables' fieldset.
 * @csspart variable - One variable's row.
 * @csspart variable-missing - The "missing" flag of a variable.
 * @csspart preview - The message as it will be sent (text).
 * @csspart counter - Characters, SMS count and encoding.
 * @csspart refusal - Why the message was not sent (before sending).
 * @csspart result - The backend's answer (queued, sent, failed with reason).
 * @csspart failure - The send request failed, with a retry.
 * @csspart actions - The buttons.
 * @csspart send - The send button.
 * @csspart status - Loading and empty states.
 *
 * @cssprop --callpop-sms-composer-padding - Inner padding.
 * @cssprop --callpop-sms-composer-preview-bg - Background of the preview.
 */
export class SmsComposer extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, styles];

  /** The call the message is about; the active call when unset. */
  @property({ attribute: 'call-id' }) callId: string | undefined;

  @state() private templateId = '';
  @state() private to = '';
  @state() private values: { readonly [name: string]: string } = {};
  @state() private refusal: readonly SmsProblem[] | null = null;
  @state() private restored = false;

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #shown = new ShownCallController(this, this.#wb);
  readonly #templates = new StoreController(this, () => this.#wb.value?.use(smsModule).$templates);
  readonly #results = new StoreController(this, () => this.#wb.value?.use(smsModule).$results);
  /** The call the form's values belong to. */
  #filledFor: string | null = null;

  readonly #context = new Task(this, {
    task: async ([callId, workbench, locale]: readonly [string | null, Workbench | undefined, string], { signal }) => {
      if (!callId || !workbench) return null;
      return workbench.use(smsModule).contextFor(callId, locale === 'zh-CN' ? 'zh-CN' : 'en', signal);
    },
    args: () => [this.#call, this.#wb.value, this.#i18n.locale] as const,
  });

  get #call(): string | null {
    return this.#shown.id;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    if (!canShow(this.#wb.value, 'sms-composer')) return;
    const workbench = this.#wb.value;
    if (!workbench) return;
    if (this.#templates.value?.status === 'idle') workbench.use(smsModule).loadTemplates().catch(() => undefined);
    const call = this.#call;
    const context = this.#context.value;
    if (call === this.#filledFor || !call || context?.callId !== call) return;
    this.#fill(workbench, context);
  }

  /** First look at a call: its draft, or the call's number and known values. */
  #fill(workbench: Workbench, context: SmsCallContext): void {
    this.#filledFor = context.callId;
    const draft = workbench.use(smsModule).getDraft(context.callId);
    this.templateId = draft?.templateId ?? '';
    this.to = draft?.to ?? context.defaultTo;
    this.values = { ...context.values, ...draft?.values };
    this.restored = draft !== null;
    this.refusal = null;
  }

  get #composition(): SmsComposition {
    return { to: this.to, templateId: this.templateId, values: this.values };
  }

  // ------------------------------------------------------------ handlers

  #change(patch: Partial<SmsComposition>): void {
    if (patch.to !== undefined) this.to = patch.to;
    if (patch.templateId !== undefined) this.templateId = patch.templateId;
    if (patch.values !== undefined) this.values = patch.values;
    this.refusal = null;
    const call = this.#call;
    if (call) this.#wb.value?.use(smsModule).saveDraft(call, this.#composition);
  }

  async #send(again = false): Promise<void> {
    const workbench = this.#wb.value;
    const call = this.#call;
    if (!workbench || !call) return;
    const sms = workbench.use(smsModule);
    if (sms.$results.get()[call]?.status === 'sending') return;
    const checked = sms.check(this.#composition);
    if (checked.problems.length > 0) {
      this.refusal = checked.problems;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.refusal = null;
    try {
      const result = await sms.send(call, this.#composition, { again });
      this.restored = false;
      this.dispatchEvent(new CallpopSmsSentEvent({ callId: call, result }));
    } catch (error) {
      if (error instanceof SmsRefusedError && call === this.#call) this.refusal = error.problems;
      // Other failures are kept in the module's results and shown with a retry.
    }
  }

  // ------------------------------------------------------------ render

  #m = (key: SmsComposerMessage, params?: { readonly [name: string]: string | number }): string =>
    this.#i18n.msg(smsComposerMessages, key, params);

  #variableLabel(name: string): string {
    const key = `var.${name}` as SmsComposerMessage;
    return key in smsComposerMessages.en ? this.#m(key) : name;
  }

  #problemText(problem: SmsProblem): string {
    const m = this.#m;
    switch (problem.code) {
      case 'number':
        return m(`problem.number.${problem.problem}`, { number: formatPhone(this.to) });
      case 'missing-variables':
        return m('problem.missing-variables', { names: problem.names.map((n) => this.#variableLabel(n)).join(', ') });
      case 'too-long':
        return m('problem.too-long', { segments: problem.segments, max: problem.max });
      default:
        return m(`problem.${problem.code}`);
    }
  }

  #renderVariables(template: SmsTemplate, missing: readonly string[]): TemplateResult {
    const names = templateVariables(template);
    const flagged = this.refusal !== null || missing.length < names.length;
    return html`<fieldset part="variables">
      <legend>${this.#m('variables')}</legend>
      ${repeat(
        names,
        (name) => name,
        (name, index) => {
          const isMissing = missing.includes(name);
          const id = `var-${index}`;
          return html`<div class="row" part="variable" data-name=${name}>
            <label for=${id}>
              ${this.#variableLabel(name)}
              ${isMissing && flagged ? html`<span part="variable-missing">${this.#m('missing')}</span>` : nothing}
            </label>
            <input
              id=${id}
              type="text"
              autocomplete="off"
              maxlength="500"
              aria-required="true"
              aria-invalid=${isMissing && flagged ? 'true' : 'false'}
              .value=${this.values[name] ?? ''}
              @input=${(e: Event) => this.#change({ values: { ...this.values, [name]: (e.target as HTMLInputElement).value } })}
            />
          </div>`;
        },
      )}
    </fieldset>`;
  }

  #renderOutcome(call: string): TemplateResult | typeof nothing {
    const m = this.#m;
    const outcome = this.#results.value?.[call];
    if (!outcome || outcome.status === 'sending') return nothing;
    if (outcome.status === 'error') {
      return html`<div part="failure" role="alert">
        <span class="error">${m('failed', { reason: outcome.error ?? '' })}</span>
        <button type="button" @click=${() => void this.#send()}>${m('retry')}</button>
      </div>`;
    }
    const result = outcome.result;
    if (!result) return nothing;
    const text =
      result.status === 'failed'
        ? m('result.failed', { reason: result.reason ?? '' })
        : m(`result.${result.status}`, { segments: result.segments });
    return html`<p part="result" role="status" data-status=${result.status}>${text}</p>`;
  }

  #renderForm(call: string, context: SmsCallContext, templates: readonly SmsTemplate[]): TemplateResult {
    const m = this.#m;
    const sms = this.#wb.value!.use(smsModule);
    const template = templates.find((t) => t.id === this.templateId) ?? null;
    const checked = sms.check(this.#composition);
    const numberProblem = this.refusal?.some((p) => p.code === 'number') ?? false;
    const phones = context.phones.includes(this.to) || this.to === '' ? context.phones : [this.to, ...context.phones];
    const outcome = this.#results.value?.[call];
    const sending = outcome?.status === 'sending';
    return html`<form part="form" novalidate aria-labelledby="heading" @submit=${(e: Event) => {
      e.preventDefault();
      void this.#send();
    }}>
      <h3 id="heading">${m('heading')}</h3>
      ${this.restored ? html`<p part="notice" role="status">${m('restored')}</p>` : nothing}
      <div class="row">
        <label for="template">${m('template')}</label>
        <select
          id="template"
          part="template"
          aria-invalid=${this.refusal?.some((p) => p.code === 'no-template') ? 'true' : 'false'}
          @change=${(e: Event) => this.#change({ templateId: (e.target as HTMLSelectElement).value })}
        >
          <option value="" ?selected=${this.templateId === ''}>${m('chooseTemplate')}</option>
          ${templates.map((t) => html`<option value=${t.id} ?selected=${t.id === this.templateId}>${t.name}</option>`)}
        </select>
      </div>
      <div class="row">
        <label for="to">${m('to')}</label>
        <select
          id="to"
          part="to"
          aria-invalid=${numberProblem ? 'true' : 'false'}
          @change=${(e: Event) => this.#change({ to: (e.target as HTMLSelectElement).value })}
        >
          ${phones.map((phone) => html`<option value=${phone} ?selected=${phone === this.to}>${formatPhone(phone)}</option>`)}
        </select>
      </div>
      ${template ? this.#renderVariables(template, checked.missing) : nothing}
      ${template
        ? html`<div class="row">
            <span id="preview-label" class="label">${m('preview')}</span>
            <p part="preview" aria-labelledby="preview-label">${checked.preview}</p>
            <span part="counter" aria-live="polite">
              ${m('counter', {
                characters: checked.length.characters,
                segments: checked.length.segments,
                encoding: m(checked.length.encoding),
              })}
              · ${m('counterLeft', { left: checked.length.remaining })}
            </span>
          </div>`
        : nothing}
      ${this.refusal && this.refusal.length > 0
        ? html`<div part="refusal" role="alert" class="error">
            ${m('refused')}
            <ul>
              ${this.refusal.map((p) => html`<li>${this.#problemText(p)}</li>`)}
            </ul>
          </div>`
        : nothing}
      ${this.#renderOutcome(call)}
      <div part="actions">
        <button type="submit" part="send" class="primary" ?disabled=${sending} aria-busy=${sending ? 'true' : 'false'}>
          ${sending ? m('sending') : m('send')}
        </button>
        ${outcome?.status === 'done'
          ? html`<button type="button" ?disabled=${sending} @click=${() => void this.#send(true)}>${m('sendAgain')}</button>`
          : nothing}
        <button type="button" @click=${() => this.dispatchEvent(new CallpopSmsComposerCloseEvent())}>${m('close')}</button>
      </div>
    </form>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    // The backend does not offer what this element shows (see ELEMENT_NEEDS): nothing to show.
    if (!canShow(this.#wb.value, 'sms-composer')) return nothing;
    const m = this.#m;
    const call = this.#call;
    if (!call) return html`<p part="status" class="muted">${m('noCall')}</p>`;
    const templates = this.#templates.value;
    if (templates?.status === 'error') {
      return html`<p part="status" role="alert" class="error">
        ${m('templatesFailed', { reason: templates.error ?? '' })}
        <button type="button" @click=${() => this.#wb.value?.use(smsModule).loadTemplates().catch(() => undefined)}>${m('retry')}</button>
      </p>`;
    }
    if (templates?.status !== 'ready') return html`<p part="status" role="status">${m('loadingTemplates')}</p>`;
    if (templates.templates.length === 0) return html`<p part="status" class="muted">${m('noTemplates')}</p>`;
    return this.#context.render({
      pending: () => html`<p part="status" role="status">${m('loadingCall')}</p>`,
      error: (error) => html`<p part="status" role="alert" class="error">
        ${m('callFailed', { reason: messageOf(error) })}
        <button type="button" @click=${() => void this.#context.run()}>${m('retry')}</button>
      </p>`,
      complete: (context) =>
        context && context.callId === call && this.#filledFor === call
          ? this.#renderForm(call, context, templates.templates)
          : html`<p part="status" role="status">${m('loadingCall')}</p>`,
    }) as TemplateResult;
  }
}
