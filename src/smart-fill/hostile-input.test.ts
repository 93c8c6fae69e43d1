/**
 * Hostile input: very long transcripts, control and bidi characters, emoji,
 * 10k-digit numbers, HTML/script text, admin patterns that backtrack
 * exponentially. Smart fill never throws, returns well-formed values, and
 * hands text back as text (no control or bidi-override characters in the remark).
 * Time is measured in bench/smart-fill.mjs (`--hostile`), not here.
 */
import { expect } from '@open-wc/testing';
import type { ConversationSegment } from '../adapter/types.js';
import { smartFill, type SmartFillField } from './index.js';
import { isSafePattern } from './text.js';

const CALL_TIME = '2026-11-25T02:00:00.000Z';
const KINDS = ['phone', 'email', 'orderNumber', 'trackingNumber', 'idNumber', 'amount', 'currency', 'category', 'template', 'status', 'remark'] as const;
const FIELDS: SmartFillField[] = [
  ...KINDS.map((kind) => ({ key: kind, kind, type: kind === 'amount' ? 'number' : 'text' })),
  { key: 'followUp', kind: 'date', type: 'date', timing: 'follow-up' },
  { key: 'followUpAt', kind: 'datetime', type: 'datetime', timing: 'follow-up' },
];

function segments(texts: readonly string[]): ConversationSegment[] {
  return texts.map((text, i) => ({
    id: `s${i + 1}`,
    callId: 'call-1',
    speaker: i % 2 === 0 ? 'customer' : 'agent',
    text,
    final: true,
    seq: i + 1,
    at: CALL_TIME,
  }));
}

const CASES: { readonly [name: string]: readonly string[] } = {
  'a 10k-digit number': ['9'.repeat(10_000)],
  '5k Chinese digits': ['一'.repeat(5000)],
  'digits separated by spaces': ['1 2 3 4 5 6 7 8 9 0 '.repeat(500)],
  'English digit words': ['one two three four five six seven eight nine zero '.repeat(300)],
  'dollar signs and commas': ['$1,'.repeat(3000)],
  'dashes': ['1-2-3-4-'.repeat(1500)],
  'control characters': ['\u0000\u0007\u001b[31m订单号\u0000YT20261118\u200b 电话13800138000 我要退款，东西坏了\u0001'],
  'RTL and bidi overrides': ['\u202eتم الدفع 199 ريال\u202c \u2067order YT20261118\u2069 שלום, it is broken and I want a refund'],
  'emoji': ['😀👍🏽👨‍👩‍👧‍👦 订单 YT20261118 💰¥199 📞13800138000 坏了要退款'.repeat(50)],
  'HTML and script': ['<script>alert(1)</script><img src=x onerror=alert(1)> 我要退款，东西坏了 ¥199 <b>订单号 YT20261118</b>'],
  'letters, @ and dots': ['a'.repeat(10_000), 'a@'.repeat(5000), `${'a.'.repeat(5000)}@${'b.'.repeat(5000)}`],
  'dates and times': ['2026-11-25 '.repeat(800), '10:30 '.repeat(1500), '明天下午三点'.repeat(800)],
  'a very long call': Array.from({ length: 5000 }, (_, i) => `订单号 YT${String(i).padStart(8, '0')} 电话 1380013${String(8000 + (i % 100))} ¥${i + 1} 明天下午三点给您回电`),
};

describe('smart fill: hostile input', () => {
  for (const [name, texts] of Object.entries(CASES)) {
    it(`returns well-formed values for ${name}`, () => {
      const output = smartFill({ segments: segments(texts), fields: FIELDS, callTime: CALL_TIME, timeZone: 'Asia/Shanghai', categories: [{ id: 'refund', name: { en: 'Refund', 'zh-CN': '退款' } }] });
      expect(output.empty).to.equal(false);
      const keys = new Set(FIELDS.map((f) => f.key));
      for (const v of output.values) {
        expect(keys.has(v.key), v.key).to.equal(true);
        expect(['string', 'number'], v.key).to.include(typeof v.value);
        if (typeof v.value === 'string') expect(v.value.length, v.key).to.be.at.most(400);
        expect(v.confidence).to.be.within(0, 1);
        expect(v.segmentIds.length).to.be.at.most(8);
      }
      const remark = output.values.find((v) => v.key === 'remark')?.value;
      if (typeof remark === 'string') expect(remark).not.to.match(/[\u0000-\u0008\u000b-\u001f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
    });
  }

  it('hands HTML back as the text that was said, for the form to show as text', () => {
    const output = smartFill({ segments: segments(CASES['HTML and script'] ?? []), fields: FIELDS, callTime: CALL_TIME, timeZone: 'Asia/Shanghai' });
    const values = Object.fromEntries(output.values.map((v) => [v.key, v.value]));
    expect(values.orderNumber).to.equal('YT20261118');
    expect(values.amount).to.equal(199);
    expect(String(values.remark)).to.contain('<script>alert(1)</script>');
  });

  it('strips control and bidi-override characters from the remark', () => {
    const output = smartFill({ segments: segments(['\u202e我要退款\u202c，东西\u0000坏了\u200b。']), fields: FIELDS, callTime: CALL_TIME, timeZone: 'Asia/Shanghai' });
    expect(output.values.find((v) => v.key === 'remark')?.value).to.equal('我要退款，东西坏了。');
  });

  it('does not run an admin pattern that backtracks exponentially: the field stays empty', () => {
    const field: SmartFillField = { key: 'code', kind: 'orderNumber', type: 'text', pattern: '^(a+)+$' };
    const output = smartFill({ segments: segments([`${'a'.repeat(40)}1 订单号 aaaa`]), fields: [field], callTime: CALL_TIME });
    expect(output.values).to.deep.equal([]);
  });

  it('tells safe field patterns from exponential ones', () => {
    const safe = ['^[A-Z]{2}\\d{8}$', '^\\+?[0-9][0-9 -]{5,19}$', '^(?:[A-Z]{2})?\\d{8}$', '^([A-Z]{2}-)?\\d{4}(-\\d{4})*$'];
    const unsafe = ['^(a+)+$', '(a|aa)*b', '(\\d{1,5})*x', '^(\\w+\\s?)*$', '(.*a){12}', '^(a?){25}a{25}$', '(a)\\1', 'x'.repeat(201)];
    expect({ safe: safe.map(isSafePattern), unsafe: unsafe.map(isSafePattern) }).to.deep.equal({
      safe: safe.map(() => true),
      unsafe: unsafe.map(() => false),
    });
  });
});
