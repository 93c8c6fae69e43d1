/**
 * Progress status from what was said: resolved (已解决, 解决了, 好了, "that
 * fixed it", resolved), follow-up needed (回电, 跟进, 再联系, "call you back",
 * "follow up") or escalated (升级, 转给主管, escalate). The class mentioned last
 * wins. Internal to `src/smart-fill/`.
 */
import type { SummaryStatus } from '../adapter/types.js';
import { round } from './candidates.js';
import { allTexts, partOf, splitByScript, type Utterance } from './text.js';

export type StatusClass = 'resolved' | 'follow-up' | 'escalated';

const PATTERNS: readonly [StatusClass, RegExp][] = [
  [
    'resolved',
    /已经?解决|解决了|(?<![准备做弄修])好了(?![吗么没])|搞定了|可以用了|能用了|没问题了|恢复正常|登上了|登录成功|激活成功|办好了|改好了|修改好了|处理好了|约好了|开好了|(?:已经?|已)(?:帮您|给您|为您)?(?:申请了?|办理了?|提交了?)?(?:全额|原路|全部)?(?:退款|退订|退了|退回|退到|补偿|激活|挂失|冻结|取消|修改|开好|改好|办理|开通)|没有?别的(?:问题|事)?了|没有其他问题|没事了|没了没了|(?:开具|办理|修改|提交|激活|挂失|解绑|绑定|重置|注销|预约|改约|退款|补办)成功|已经?修复|修复了|(?:已经?|已)(?:帮您|给您|为您)?把[^。，,；;]{0,14}(?:退回|退到|退还|改好|改成|取消|补发|寄出)|就这样吧?|那就行|that fixed it|it'?s fixed|fixed now|\bresolved\b|it works|works now|working now|i'?m in\b|i am in\b|all set|problem solved|sorted|that'?s (?:all|everything|it)\b|all i needed|glad i could help|you'?re (?:all )?(?:booked|set)|booked (?:you )?in\b|went through|that'?s done|it'?s (?:updated|done)|\bdone\b|i'?ve (?:already |just |now |also |gone ahead and )?(?:refunded|reversed|waived|activated|blocked|cancell?ed|credited|taken|updated|changed|pushed|issued|sent|frozen|unlocked|reset|fixed|set up|sorted|arranged|processed|moved|rebooked|replaced|removed|emailed|corrected|reissued)|you should see it|will be back on your card/g,
  ],
  [
    'escalated',
    /升级(?:处理|给|到|投诉)|已升级|为您升级|转给?主管|转交主管|主管处理|上级处理|投诉部门|\bescalat(?:e|ed|ing|ion)\b|\bsupervisor\b/g,
  ],
  [
    'follow-up',
    /回电|回复您|给您(?:一个)?答复|答复您|跟进|(?<!随时)再联系|再给您打|给您打(?:电话|过来)|稍后联系|(?<!随时)联系您|给您回|再打给您|回访|通知您|核实(?!身份|通过|完|过了|一下(?:您的)?(?:身份|信息))|审核(?!通过|完成|过了)|调查|抢修|清关|上门|催一下|派送前|call you back|follow(?:ing)?[ -]up|get back to you|call back|keep you (?:updated|posted)|reach out to you|(?:i|we)(?:'ll| will) (?:call|ring|email|text|write|send you|let you know|contact)|(?:email|text|ring) you\b|give you a (?:ring|call|bell|shout)|\bwill (?:call|ring|contact|email|text|phone|visit) (?:you|before)|(?:send|keep) you (?:text |sms |email )?updates|look(?:ing)? into (?:it|this|that)|crews? (?:are|is) on it|write to you|let you know|investigat|opened a (?:\w+ )?(?:case|trace|claim|ticket)|raised? a (?:\w+ )?(?:claim|dispute|complaint|trace)|logged a (?:\w+ )?(?:complaint|case)|(?:technician|engineer|team leader|manager)s? (?:will|is going to|'ll)|will (?:visit|come out)|send (?:a |an )?(?:technician|engineer)|(?:re)?book(?:ed)? (?:the |a |an |your )?(?:delivery|engineer|technician|installation|visit)/g,
  ],
];
/** Words of a resolution that only the customer can say (the agent's "好了" is filler). */
/** The patterns split by script: a segment is searched with the part its script can match. */
const SPLIT = PATTERNS.map(([status, re]) => [status, splitByScript(re)] as const);
const CUSTOMER_ONLY = /^(?:好了|就这样吧?|那就行|没了没了|没有?别的(?:问题|事)?了|没有其他问题|that'?s (?:all|everything|it)|all i needed|done)$/;
const NEGATION_CN = /[没未不]|无法|还没|没有/;
const NEGATION_EN = /(?:\b(?:not|never|no)|n't)(?:\s+(?:been|be|yet|really|quite|fully|all))*\s*$/;
/** A question about the cue itself (`解决了吗`, "it's fixed?", `好了，是吗？`), not one in the next clause (`回电话，请问打哪个号码？`). */
const QUESTION_AFTER = /^[^。！!.；;，,]{0,12}?(?:[?？]|吗|么)|^[，,]\s*(?:是吗|对吗|对吧|是不是|right|correct|is it)\s*[?？]/;
/** The agent reading a value back ("07456 882310?", `15826734497，对吗？`): "that's it" in answer confirms the value. */
const READ_BACK = /\d{4}|(?:\b(?:oh|zero|one|two|three|four|five|six|seven|eight|nine)\b[\s,-]*){4}/;
/** An open cue that promises contact or a visit (not a process under way, like 审核 or an investigation). */
const PROMISE = /回电|回复|答复|联系|给您打|给您回|打给您|回访|通知|上门|call|ring|email|text|get back|let you know|contact|visit|come|write|updates/;
/** A completed action the agent reports (`已经原路退回`, "I've activated it"): it closes what was open before it. */
const DONE = /^(?:已|i'?ve )|成功|it'?s (?:fixed|done|updated)/;
/** A hypothetical clause (如果…, "if …") is not what happened. */
const CONDITIONAL_BEFORE = /(?:如果|要是|假如|万一|\bif\b|\bunless\b|\bin case\b)[^。！？!?.；;,，]*$/;

export interface StatusMention {
  readonly status: StatusClass;
  readonly utterance: Utterance;
  /** A closing word ("that's all", 就这样) rather than the problem being solved. */
  readonly closing?: boolean;
  /** Where in the segment it was said (mentions are in the order they were said). */
  readonly at: number;
  /** A completed action the agent reports (`已经原路退回`, "I've activated it now"). */
  readonly done?: boolean;
  /** The words that said it. */
  readonly text: string;
}

/** Status phrases said by the customer or the agent (negated phrases and questions skipped). */
export function statusMentions(utterances: readonly Utterance[]): StatusMention[] {
  const out: StatusMention[] = [];
  for (const u of utterances) {
    if (u.speaker === 'bot') continue;
    const text = u.lower;
    // Indexed, and the pair read by index: `for (const [status, split] of SPLIT)` builds an iterator
    // per segment and one per pattern to destructure it (as `const [a, b] = pair` would too).
    for (let k = 0; k < SPLIT.length; k += 1) {
      const pair = SPLIT[k] as (typeof SPLIT)[number];
      const status = pair[0];
      const split = pair[1];
      // The parts of the split its script can match.
      for (let part = 0; part < 2; part += 1) {
        const re = partOf(split, u, part as 0 | 1);
        if (re === null) continue;
        re.lastIndex = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const before = text.slice(Math.max(0, m.index - 16), m.index);
          const after = text.slice(m.index + m[0].length, m.index + m[0].length + 16);
          if (NEGATION_CN.test(before.slice(-3)) || NEGATION_EN.test(before)) continue;
          if (QUESTION_AFTER.test(after)) continue;
          if (CONDITIONAL_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
          // 好了 is also filler ("好了，我查一下"): only the customer saying it counts.
          if (CUSTOMER_ONLY.test(m[0]) && u.speaker !== 'customer') continue;
          // A reminder of a booking is not an open matter.
          if (status === 'follow-up' && /reminder|confirmation|提醒|确认短信/.test(text.slice(m.index, m.index + m[0].length + 24))) continue;
          // "call me back" said by the agent is the agent's number, not a promise.
          if (status === 'follow-up' && u.speaker === 'agent' && /^call back$/.test(m[0]) && /call me back/.test(text)) continue;
          const closing = CUSTOMER_ONLY.test(m[0]);
          // "That's it." in answer to a read-back confirms the value, it does not close the call.
          if (closing && u.index > 0) {
            const asked = utterances[u.index - 1];
            if (asked && asked.speaker === 'agent' && /[?？]\s*$/.test(asked.lower) && READ_BACK.test(asked.lower)) continue;
          }
          const at = m.index;
          const said = m[0];
          const mention: StatusMention = closing
            ? { status, utterance: u, at, text: said, closing: true }
            : status === 'resolved' && u.speaker === 'agent' && DONE.test(said)
              ? { status, utterance: u, at, text: said, done: true }
              : { status, utterance: u, at, text: said };
          out.push(mention);
        }
      }
    }
  }
  // In the order said: a segment is searched pattern by pattern.
  return out.sort((a, b) => a.utterance.index - b.utterance.index || a.at - b.at);
}

export interface StatusChoice {
  readonly value: string;
  readonly confidence: number;
  readonly segmentIds: readonly string[];
}

const FOLLOW_UP_STATUS = /follow|跟进|回访|待|pending|callback|call back/i;
const ESCALATED_STATUS = /escalat|升级|主管|上级|supervisor/i;

/**
 * The status of the schema for what the call left: something still to happen
 * on the company's side (a callback, a visit, an investigation, an
 * escalation) makes it follow-up (or escalated), unless the customer said it
 * was solved after the last such promise; else resolved when a closing cue
 * was said. With the segments that said it.
 */
export function chooseStatus(mentions: readonly StatusMention[], statuses: readonly SummaryStatus[]): StatusChoice | null {
  if (mentions.length === 0) return null;
  let lastOpen = -1;
  for (let i = 0; i < mentions.length; i += 1) if (mentions[i]?.status !== 'resolved') lastOpen = i;
  // The customer saying it is solved after the last promise ("不用了，已经解决了") closes it; "that's all" does not.
  // So does the agent reporting it done after it was open ("还卡在待审核…好了，已经原路退回"), unless
  // someone was promised to call or come back (that still has to happen, whatever else was done).
  const promised = mentions.some((m) => m.status !== 'resolved' && PROMISE.test(m.text));
  const solvedAfter = mentions.some(
    (m, i) =>
      i > lastOpen && m.status === 'resolved' && ((m.utterance.speaker === 'customer' && m.closing !== true) || (m.done === true && !promised)),
  );
  const pick = lastOpen < 0 || solvedAfter ? mentions.filter((m) => m.status === 'resolved').at(-1) : mentions[lastOpen];
  if (!pick) return null;
  const chosen = pick.status;
  // An escalation is a follow-up in a schema without an escalated status.
  const status = statusFor(chosen, statuses) ?? (chosen === 'escalated' ? statusFor('follow-up', statuses) : null);
  if (status === null) return null;
  const last = pick;
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
