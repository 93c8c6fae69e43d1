/**
 * Progress status from what was said: resolved (已解决, 解决了, 好了, "that
 * fixed it", resolved), follow-up needed (回电, 跟进, 再联系, "call you back",
 * "follow up") or escalated (升级, 转给主管, escalate). The class mentioned last
 * wins. Internal to `src/smart-fill/`.
 */
import type { SummaryStatus } from '../adapter/types.js';
import { round } from './candidates.js';
import { allTexts, type Utterance } from './text.js';

export type StatusClass = 'resolved' | 'follow-up' | 'escalated';

const PATTERNS: readonly [StatusClass, RegExp][] = [
  [
    'resolved',
    /已经?解决|解决了|(?<![准备做弄修])好了(?![吗么没])|搞定了|可以用了|能用了|没问题了|恢复正常|登上了|登录成功|that fixed it|it'?s fixed|fixed now|\bresolved\b|it works|works now|working now|i'?m in\b|i am in\b|all set|problem solved|sorted now/g,
  ],
  [
    'escalated',
    /升级(?:处理|给|到|投诉)|已升级|为您升级|转给?主管|转交主管|主管处理|上级处理|投诉部门|\bescalat(?:e|ed|ing|ion)\b|\bsupervisor\b/g,
  ],
  [
    'follow-up',
    /回电|回复您|跟进|(?<!随时)再联系|再给您打|稍后联系|(?<!随时)联系您|给您回|再打给您|回访|call you back|follow(?:ing)?[ -]up|get back to you|call back|keep you (?:updated|posted)|reach out to you/g,
  ],
];
const NEGATION_CN = /[没未不]|无法|还没|没有/;
const NEGATION_EN = /(?:\b(?:not|never|no)|n't)(?:\s+(?:been|be|yet|really|quite|fully|all))*\s*$/;
const QUESTION_AFTER = /^[^。！!.；;]{0,12}?(?:[?？]|吗|么)/;

export interface StatusMention {
  readonly status: StatusClass;
  readonly utterance: Utterance;
}

/** Status phrases said by the customer or the agent (negated phrases and questions skipped). */
export function statusMentions(utterances: readonly Utterance[]): StatusMention[] {
  const out: StatusMention[] = [];
  for (const u of utterances) {
    if (u.speaker === 'bot') continue;
    const text = u.lower;
    for (const [status, re] of PATTERNS) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const before = text.slice(Math.max(0, m.index - 16), m.index);
        const after = text.slice(m.index + m[0].length, m.index + m[0].length + 16);
        if (NEGATION_CN.test(before.slice(-3)) || NEGATION_EN.test(before)) continue;
        if (QUESTION_AFTER.test(after)) continue;
        // 好了 is also filler ("好了，我查一下"): only the customer saying it counts.
        if (m[0] === '好了' && u.speaker !== 'customer') continue;
        out.push({ status, utterance: u });
      }
    }
  }
  return out;
}

export interface StatusChoice {
  readonly value: string;
  readonly confidence: number;
  readonly segmentIds: readonly string[];
}

const FOLLOW_UP_STATUS = /follow|跟进|回访|待|pending|callback|call back/i;
const ESCALATED_STATUS = /escalat|升级|主管|上级|supervisor/i;

/** The status of the schema for the class said last, with the segments that said it. */
export function chooseStatus(mentions: readonly StatusMention[], statuses: readonly SummaryStatus[]): StatusChoice | null {
  const last = mentions.at(-1);
  if (!last) return null;
  const status = statusFor(last.status, statuses);
  if (status === null) return null;
  const same = mentions.filter((m) => m.status === last.status);
  const speakers = new Set(same.map((m) => m.utterance.speaker));
  const ids = [...new Set(same.map((m) => m.utterance))]
    .sort((a, b) => a.index - b.index)
    .slice(-8)
    .map((u) => u.id);
  return { value: status, confidence: round(0.6 + (speakers.size > 1 ? 0.05 : 0)), segmentIds: ids };
}

function statusFor(kind: StatusClass, statuses: readonly SummaryStatus[]): string | null {
  const valid = statuses.filter((s) => s && typeof s.value === 'string');
  if (kind === 'resolved') {
    return (valid.find((s) => s.resolved === true) ?? valid.find((s) => /^resolved$|已解决/i.test(s.value)))?.value ?? null;
  }
  const re = kind === 'follow-up' ? FOLLOW_UP_STATUS : ESCALATED_STATUS;
  const match = valid.find((s) => s.resolved !== true && (re.test(s.value) || allTexts(s.label).some((l) => re.test(l))));
  return match?.value ?? null;
}
