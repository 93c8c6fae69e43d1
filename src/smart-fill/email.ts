/**
 * Email addresses, written (`emily.carter@example.com`) or spoken
 * (`emily dot carter at example dot com`, `zhangwei 艾特 example 点 com`).
 * Internal to `src/smart-fill/`.
 */
import type { Candidate } from './candidates.js';
import type { Utterance } from './text.js';

const WRITTEN = /(?<![\w.%+-])[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_])?@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24}(?![a-z0-9-])/g;
const WORD = '[a-z0-9]+';
/** A piece of the local part as a recognizer writes it (`zhang_wei`, `li.na`). */
const LOCAL = '[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?';
const DOT = '\\s*(?:dot|点)\\s*';
const JOIN = '\\s*(?:dot|点|underscore|下划线|dash|hyphen|横杠|中划线)\\s*';
const SPOKEN = new RegExp(
  `(?<![a-z0-9._-])(${LOCAL}(?:${JOIN}${LOCAL}){0,5})\\s*(?:\\bat\\b|艾特|圈a)\\s*(${WORD}(?:${DOT}${WORD}){0,3}${DOT}(?:com|cn|net|org|io|co|edu|gov|info|biz|uk|us|hk|de|jp))(?![a-z0-9])`,
  'g',
);
const EMAIL_CUE = /邮箱|邮件|email|e-mail|mail/;
const FAST = /@|\bat\b|艾特|圈a/;

/** Email address mentions, lower-cased. */
export function emailCandidates(utterances: readonly Utterance[]): Candidate<string>[] {
  const out: Candidate<string>[] = [];
  for (const u of utterances) {
    const text = u.lower;
    if (!FAST.test(text)) continue;
    const base = (u.speaker === 'customer' ? 0.05 : 0) + (EMAIL_CUE.test(text) ? 0.05 : 0);
    if (text.includes('@')) {
      WRITTEN.lastIndex = 0;
      for (let m = WRITTEN.exec(text); m; m = WRITTEN.exec(text)) {
        out.push({ key: m[0], value: m[0], confidence: 0.85 + base, utterance: u });
      }
    } else if (text.includes('dot') || text.includes('点')) {
      // A spoken address says its domain's dot.
      SPOKEN.lastIndex = 0;
      for (let m = SPOKEN.exec(text); m; m = SPOKEN.exec(text)) {
        const local = spokenPart(m[1] ?? '');
        const domain = spokenPart(m[2] ?? '');
        // A spoken address needs an email cue or a dotted/underscored local part.
        if (!EMAIL_CUE.test(text) && !/[._-]/.test(local)) continue;
        const address = `${local}@${domain}`;
        out.push({ key: address, value: address, confidence: 0.7 + base, utterance: u });
      }
    }
  }
  return out;
}

function spokenPart(text: string): string {
  return text
    .replace(/\s*(?:dot|点)\s*/g, '.')
    .replace(/\s*(?:underscore|下划线)\s*/g, '_')
    .replace(/\s*(?:dash|hyphen|横杠|中划线)\s*/g, '-')
    .replace(/\s+/g, '');
}
