import { Task } from '@lit/task';
import { recordsModule } from '../../src/workbench/records.js';
import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { CallQualitySummary, CallRecord, CallSurvey } from '../../src/adapter/types.js';
import { formatDuration } from '../../src/i18n/format.js';
import type { Locale } from '../../src/i18n/locale.js';
import { formatPhone } from '../../src/phone/index.js';
import { messageOf } from '../../src/workbench/context.js';
import { playableRecordingUrl } from '../../src/workbench/records.js';
import type { Workbench } from '../../src/workbench/workbench.js';
import { ShownCallController } from '../shared/shown-call-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { canShow } from '../shared/backend-needs.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { callRecordMessages, type CallRecordMessage } from './call-record.messages.js';
import { styles } from './call-record.styles.js';

const timeFormats = new Map<Locale, Intl.DateTimeFormat>();

function formatInstant(instant: string | null, locale: Locale): string | null {
  if (!instant) return null;
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return null;
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    timeFormats.set(locale, format);
  }
  return format.format(date);
}

/**
 * A call as the backend recorded it: direction, numbers, queue, ring / talk /
 * hold / after-call-work times, who hung up, the outcome, each agent's leg in
 * order (transfers and consults), and the recording (played only from an
 * http(s) URL).
 *
 * @tagname call-record
 * @summary The backend's record of one call, with its agent legs and recording.
 *
 * @csspart base - The record.
 * @csspart facts - The list of the call's facts.
 * @csspart legs - The agent legs, in order.
 * @csspart leg - One leg.
 * @csspart leg-kind - A leg's kind (answered, transfer, consult).
 * @csspart recording - The `<audio>` player.
 * @csspart loading - Shown while the record loads.
 * @csspart error - The record could not be loaded, with a retry.
 * @csspart empty - No call to show.
 *
 * @cssprop --callpop-call-record-audio-width - Largest width of the player.
 */
export class CallRecordView extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, styles];

  /** The call to show (loaded from the backend); the active call when neither this nor `record` is set. */
  @property({ attribute: 'call-id' }) callId: string | undefined;

  /** A record already in hand: shown as is, nothing is loaded. */
  @property({ attribute: false }) record: CallRecord | undefined;

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #shown = new ShownCallController(this, this.#wb);
  /** The session's calls: the backend's later changes to a record (the survey score) arrive there. */
  readonly #calls = new StoreController(this, () => this.#wb.value?.stores.$calls);

  /** The loaded record, or the newer version of it the backend pushed since (`call.updated`). */
  #newest(record: CallRecord): CallRecord {
    if (this.record) return record;
    const pushed = this.#calls.value?.[record.id]?.record;
    return pushed && pushed.id === record.id && pushed.version > record.version ? pushed : record;
  }

  readonly #task = new Task(this, {
    task: async ([record, callId, workbench]: readonly [CallRecord | undefined, string | null, Workbench | undefined], { signal }) => {
      if (record) return record;
      if (!callId || !workbench) return null;
      return workbench.use(recordsModule).getCall(callId, { signal });
    },
    args: () => [this.record, this.#shown.id, this.#wb.value] as const,
  });

  #m = (key: CallRecordMessage, params?: { readonly [name: string]: string | number }): string =>
    this.#i18n.msg(callRecordMessages, key, params);

  #row(label: CallRecordMessage, value: string | null): TemplateResult {
    return html`<dt>${this.#m(label)}</dt>
      <dd>${value ?? this.#m('none')}</dd>`;
  }

  /** The survey as the backend recorded it; a score only when it is a sane number. */
  #survey(survey: CallSurvey): string {
    const score = typeof survey.score === 'number' && Number.isFinite(survey.score) ? survey.score : null;
    if (score === null) return this.#m('surveyOffered');
    const max = typeof survey.maxScore === 'number' && Number.isFinite(survey.maxScore) && survey.maxScore > 0 ? survey.maxScore : null;
    return max === null ? this.#m('surveyScoreOnly', { score }) : this.#m('surveyScore', { score, max });
  }

  #quality(quality: CallQualitySummary): string {
    const none = this.#m('none');
    const ms = (value: number | null): string => (value === null ? none : `${Math.round(value)} ms`);
    const parts: string[] = [];
    if (quality.samples > 0) {
      parts.push(
        this.#m('qualityLine', {
          level: this.#m(`quality.${quality.worst}`),
          rtt: ms(quality.avgRttMs),
          jitter: ms(quality.avgJitterMs),
          loss: quality.avgLossPercent === null ? none : `${quality.avgLossPercent.toFixed(1)} %`,
        }),
      );
    }
    if (quality.linkLost > 0) parts.push(this.#m('qualityLinkLost', { count: quality.linkLost }));
    return parts.join(' · ');
  }

  #renderRecord(call: CallRecord): TemplateResult {
    const { locale } = this.#i18n;
    const m = this.#m;
    const seconds = (value: number): string => formatDuration(value);
    const recording = playableRecordingUrl(call.recordingUrl);
    return html`<div part="base">
      <dl part="facts">
        ${this.#row('direction', call.direction === 'inbound' ? m('inbound') : m('outbound'))}
        ${this.#row('customerNumber', formatPhone(call.customerNumber))}
        ${this.#row('displayNumber', call.displayNumber ? formatPhone(call.displayNumber) : null)}
        ${this.#row('queue', call.queue)} ${this.#row('startedAt', formatInstant(call.startedAt, locale))}
        ${this.#row('answeredAt', formatInstant(call.answeredAt, locale))}
        ${this.#row('endedAt', formatInstant(call.endedAt, locale) ?? m('inProgress'))}
        ${this.#row('ring', seconds(call.ringSeconds))} ${this.#row('talk', seconds(call.talkSeconds))}
        ${this.#row('hold', seconds(call.holdSeconds))} ${this.#row('acw', seconds(call.acwSeconds))}
        ${this.#row('hangupBy', call.hangupBy ? m(`hangupBy.${call.hangupBy}`) : null)}
        ${this.#row('outcome', call.outcome ? m(`outcome.${call.outcome}`) : m('inProgress'))}
        ${call.endReason ? this.#row('endReason', m(`endReason.${call.endReason}`)) : nothing}
        ${call.survey ? this.#row('survey', this.#survey(call.survey)) : nothing}
        ${call.quality && (call.quality.samples > 0 || call.quality.linkLost > 0) ? this.#row('quality', this.#quality(call.quality)) : nothing}
      </dl>
      <h3>${m('legs')}</h3>
      ${call.legs.length === 0
        ? html`<p class="muted" part="empty">${m('noLegs')}</p>`
        : html`<ol part="legs">
            ${call.legs.map(
              (leg) => html`<li part="leg">
                <strong>${leg.agentName}</strong>
                <span part="leg-kind">${m(`leg.${leg.kind}`)}</span>
                <span class="muted">${formatInstant(leg.startedAt, locale) ?? ''}</span>
                <div>
                  ${m('legLine', { ring: seconds(leg.ringSeconds), talk: seconds(leg.talkSeconds), hold: seconds(leg.holdSeconds) })}
                </div>
              </li>`,
            )}
          </ol>`}
      <h3>${m('recording')}</h3>
      ${recording
        ? html`<audio part="recording" controls preload="none" src=${recording} aria-label=${m('recordingLabel')}></audio>`
        : html`<p class="muted">${call.recordingUrl ? m('badRecording') : m('noRecording')}</p>`}
    </div>`;
  }

  protected override render(): unknown {
    // The backend does not offer what this element shows (see ELEMENT_NEEDS): nothing to show.
    if (!canShow(this.#wb.value, 'call-record')) return nothing;
    const m = this.#m;
    return this.#task.render({
      initial: () => html`<p part="loading" role="status">${m('loading')}</p>`,
      pending: () => html`<p part="loading" role="status">${m('loading')}</p>`,
      error: (error) => html`<p part="error" role="alert" class="error">
        ${m('failed', { reason: messageOf(error) })}
        <button type="button" @click=${() => void this.#task.run()}>${m('retry')}</button>
      </p>`,
      complete: (record) => (record ? this.#renderRecord(this.#newest(record)) : html`<p part="empty" class="muted">${m('noCall')}</p>`),
    }) ?? nothing;
  }
}
