/**
 * The phone bar's extras, loaded the first time the phone settings turn one on
 * or a call needs one (so a page without them does not load them):
 * the survey hand-over, the after-call-work extension, the queue indicator,
 * the line quality and the connection-lost notices. Each renders into
 * `<phone-bar>`'s own shadow root, with its parts and styles.
 *
 * @packageDocumentation
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { AcwSettings } from '../../src/adapter/types.js';
import { formatDuration } from '../../src/i18n/format.js';
import { defineMessages } from '../../src/i18n/locale.js';
import type { AgentStatusState } from '../../src/state/phone-state.js';
import type { PopState } from '../../src/state/pop-state.js';
import { messageOf } from '../../src/workbench/context.js';
import { AcwError, nextAcwEnd, SurveyError } from '../../src/workbench/phone.js';
import type { QueueIndicatorState } from '../../src/workbench/queue.js';
import { shown } from './shown-text.js';

export { queueModule } from '../../src/workbench/queue.js';

/** The extras' styles, adopted into `<phone-bar>`'s shadow root when they load (its `--_*` tokens apply). */
export const extrasStyles = css`
  [part='queue'] {
    flex: none;
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
    padding: 0 calc(var(--_space) * 0.5);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    color: var(--_muted);
    white-space: nowrap;
  }
  [part='queue'][data-warn='true'] {
    color: var(--_bar-warning-color);
    border-color: var(--_bar-warning-color);
    font-weight: 600;
  }
  [part='quality'] {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-size: 0.85em;
    color: var(--_success);
  }
  [part='quality'][data-level='fair'] {
    color: var(--_bar-warning-color);
  }
  [part='quality'][data-level='poor'],
  [part='link'] {
    color: var(--_danger);
  }
  [part='link'] {
    font-size: 0.85em;
  }
  .bars {
    display: inline-flex;
    align-items: flex-end;
    gap: 1px;
    height: 10px;
  }
  .bars i {
    display: block;
    width: 3px;
    background: currentColor;
  }
  .bars i:nth-child(1) {
    height: 4px;
  }
  .bars i:nth-child(2) {
    height: 7px;
  }
  .bars i:nth-child(3) {
    height: 10px;
  }
  [data-level='fair'] .bars i:nth-child(3),
  [data-level='poor'] .bars i:nth-child(2),
  [data-level='poor'] .bars i:nth-child(3) {
    opacity: 0.25;
  }
  [part='call-lost'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_space) * 0.5);
  }
`;

export const extrasMessages = defineMessages({
  en: {
    acwExtend: '+{time}',
    acwExtendLabel: 'Extend after-call work by {time}',
    acwAtLimit: 'After-call work is at its limit ({time} in all).',
    'acwError.not-in-acw': 'You are not in after-call work.',
    'acwError.not-allowed': 'After-call work cannot be extended.',
    'acwError.at-limit': 'After-call work is at its limit.',
    survey: 'Survey',
    surveyHint: 'Transfer the customer to the satisfaction survey',
    'survey.sending': 'Transferring to the satisfaction survey…',
    'survey.refused': 'The survey did not take the call; the call stays with you.',
    'survey.refusedReason': 'The survey did not take the call ({reason}); the call stays with you.',
    'surveyError.not-configured': 'No satisfaction survey is configured.',
    'surveyError.not-answered': 'Only an answered call can go to the survey.',
    'surveyError.not-supported': 'This phone cannot hand calls to the survey.',
    'surveyError.refused': 'The survey did not take the call; the call stays with you.',
    queue: '{waiting} waiting · {time}',
    queueTitle: '{waiting} callers waiting in your queues; longest wait {time}',
    queueTitleWarn: '{waiting} callers waiting in your queues; longest wait {time} — over the warning threshold',
    'quality.good': 'Good line',
    'quality.fair': 'Fair line',
    'quality.poor': 'Poor line',
    qualityFigures: 'RTT {rtt}, jitter {jitter}, packet loss {loss}',
    qualityNoFigure: 'n/a',
    qualityLabel: '{level}: {figures}',
    'link.lost': 'Connection lost — reconnecting…',
    'link.recovering': 'Reconnected — restoring the call…',
    callLost: 'The call with {caller} ended: the connection was lost.',
    dismiss: 'Dismiss',
  },
  'zh-CN': {
    acwExtend: '+{time}',
    acwExtendLabel: '话后处理延长 {time}',
    acwAtLimit: '话后处理已达上限（共 {time}）。',
    'acwError.not-in-acw': '您不在话后处理中。',
    'acwError.not-allowed': '话后处理不能延长。',
    'acwError.at-limit': '话后处理已达上限。',
    survey: '满意度',
    surveyHint: '将客户转接到满意度调查',
    'survey.sending': '正在转接满意度调查…',
    'survey.refused': '满意度调查未接收此通话，通话仍由您处理。',
    'survey.refusedReason': '满意度调查未接收此通话（{reason}），通话仍由您处理。',
    'surveyError.not-configured': '未配置满意度调查。',
    'surveyError.not-answered': '只有已接通的通话才能转接满意度调查。',
    'surveyError.not-supported': '此电话无法转接满意度调查。',
    'surveyError.refused': '满意度调查未接收此通话，通话仍由您处理。',
    queue: '排队 {waiting} 人 · {time}',
    queueTitle: '您的队列中有 {waiting} 人排队，最长等待 {time}',
    queueTitleWarn: '您的队列中有 {waiting} 人排队，最长等待 {time}，已超过警戒值',
    'quality.good': '通话质量良好',
    'quality.fair': '通话质量一般',
    'quality.poor': '通话质量差',
    qualityFigures: '往返时延 {rtt}，抖动 {jitter}，丢包率 {loss}',
    qualityNoFigure: '无数据',
    qualityLabel: '{level}：{figures}',
    'link.lost': '连接已断开，正在重连…',
    'link.recovering': '已重新连接，正在恢复通话…',
    callLost: '与 {caller} 的通话已结束：连接中断。',
    dismiss: '关闭',
  },
});

export type ExtrasMessage = keyof (typeof extrasMessages)['en'];
type Params = { readonly [name: string]: string | number };
/** The host's translation of an extras message, in its language. */
export type ExtrasMsg = (key: ExtrasMessage, params?: Params) => string;

/** What to say when `extendAcw` threw. */
export function acwErrorText(m: ExtrasMsg, error: unknown): string {
  return error instanceof AcwError ? m(`acwError.${error.code}`) : messageOf(error);
}

/** What to say when `transferToSurvey` rejected; null for a refusal, which the call itself shows. */
export function surveyErrorText(m: ExtrasMsg, error: unknown): string | null {
  if (error instanceof SurveyError && error.code === 'refused') return null;
  return error instanceof SurveyError ? m(`surveyError.${error.code}`) : messageOf(error);
}

export function renderQueue(m: ExtrasMsg, queue: QueueIndicatorState | undefined): TemplateResult | typeof nothing {
  if (!queue || queue.status !== 'ready') return nothing;
  const params = { waiting: queue.waiting, time: formatDuration(queue.longestWaitSeconds) };
  const title = m(queue.warn ? 'queueTitleWarn' : 'queueTitle', params);
  return html`<span part="queue" data-warn=${queue.warn ? 'true' : 'false'} title=${title}>
    <span aria-hidden="true">${m('queue', params)}</span>
    <span class="visually-hidden">${title}</span>
  </span>`;
}

export function renderQuality(m: ExtrasMsg, call: PopState): TemplateResult | typeof nothing {
  const quality = call.quality;
  if (!quality) return nothing;
  if (quality.link !== 'ok') {
    return html`<span part="link" data-link=${quality.link} role="status">${m(`link.${quality.link}`)}</span>`;
  }
  const latest = quality.latest;
  if (!latest || (call.state !== 'connected' && call.state !== 'held')) return nothing;
  const none = m('qualityNoFigure');
  const ms = (value: number | null): string => (value === null ? none : `${Math.round(value)} ms`);
  const figures = m('qualityFigures', {
    rtt: ms(latest.rttMs),
    jitter: ms(latest.jitterMs),
    loss: latest.lossPercent === null ? none : `${latest.lossPercent.toFixed(1)} %`,
  });
  const label = m('qualityLabel', { level: m(`quality.${latest.level}`), figures });
  // Focusable so a keyboard user reaches the figures too; read as the level and its figures.
  return html`<span part="quality" data-level=${latest.level} title=${label} tabindex="0">
    <span class="bars" aria-hidden="true"><i></i><i></i><i></i></span>
    <span aria-hidden="true">${m(`quality.${latest.level}`)}</span>
    <span class="visually-hidden">${label}</span>
  </span>`;
}

export function renderSurveyButton(m: ExtrasMsg, call: PopState, consulting: boolean, onClick: () => void): TemplateResult {
  return html`<button
    type="button"
    part="survey"
    title=${m('surveyHint')}
    ?disabled=${call.survey?.status === 'sending' || consulting}
    @click=${onClick}
  >
    ${m('survey')}
  </button>`;
}

export function renderSurveyStatus(m: ExtrasMsg, call: PopState): TemplateResult | typeof nothing {
  const survey = call.survey;
  if (!survey || survey.status === 'offered') return nothing;
  if (survey.status === 'sending') {
    return html`<p part="survey-status" data-status="sending" role="status" class="muted">${m('survey.sending')}</p>`;
  }
  const text = survey.error ? m('survey.refusedReason', { reason: shown(survey.error, 160) }) : m('survey.refused');
  return html`<p part="survey-status" data-status="refused" role="alert" class="error">${text}</p>`;
}

/** Calls that ended because the connection was lost, each with Dismiss. `caller` is how the bar names a call's caller. */
export function renderLost(
  m: ExtrasMsg,
  calls: readonly PopState[],
  caller: (call: PopState) => string,
  dismiss: (callId: string) => void,
): TemplateResult | typeof nothing {
  if (calls.length === 0) return nothing;
  return html`${calls.map(
    (call) => html`<p part="call-lost" role="alert" class="error" data-call-id=${call.callId}>
      <span>${m('callLost', { caller: caller(call) })}</span>
      <button type="button" @click=${() => dismiss(call.callId)}>${m('dismiss')}</button>
    </p>`,
  )}`;
}

export function renderAcwExtend(
  m: ExtrasMsg,
  status: AgentStatusState | undefined,
  acw: AcwSettings | null | undefined,
  onClick: () => void,
): TemplateResult | typeof nothing {
  if (!status || status.acwEndsAt === null || !acw || !(acw.extendStepSeconds > 0)) return nothing;
  const step = formatDuration(acw.extendStepSeconds);
  const can = nextAcwEnd(status, acw) !== null;
  const label = can ? m('acwExtendLabel', { time: step }) : m('acwAtLimit', { time: formatDuration(acw.maxSeconds) });
  return html`<button type="button" part="acw-extend" aria-label=${label} title=${label} ?disabled=${!can} @click=${onClick}>
    ${m('acwExtend', { time: step })}
  </button>`;
}
