import { expect } from '@open-wc/testing';
import type { BackendAdapter } from '../adapter/backend-adapter.js';
import type {
  ConversationSegment,
  SmartFillRequest,
  SmartFillResult,
  Speaker,
  SummarySchema,
} from '../adapter/types.js';
import { createDefaultSeed } from '../adapter/memory/seed.js';
import { fieldsFromForm, runSmartFill, smartFill, summaryFields, type SmartFillField, type SmartFillOutput } from './index.js';

/** Wednesday 2026-11-25, 10:00 in Shanghai (02:00 UTC). */
const CALL_TIME = '2026-11-25T02:00:00.000Z';
const SHANGHAI = 'Asia/Shanghai';
const LOS_ANGELES = 'America/Los_Angeles';
const seed = createDefaultSeed(new Date(CALL_TIME));
const schema: SummarySchema = seed.summarySchema;

type Line = readonly [speaker: Speaker, text: string];

function segmentsOf(lines: readonly Line[]): ConversationSegment[] {
  return lines.map(([speaker, text], i) => ({
    id: `s${i + 1}`,
    callId: 'call-1',
    speaker,
    text,
    final: true,
    seq: i + 1,
    at: new Date(Date.parse(CALL_TIME) + i * 5000).toISOString(),
  }));
}

const c = (text: string): Line => ['customer', text];
const a = (text: string): Line => ['agent', text];
const b = (text: string): Line => ['bot', text];

const field = (key: string, kind: SmartFillField['kind'], type = 'text', extra: Partial<SmartFillField> = {}): SmartFillField => ({
  key,
  kind,
  type,
  ...extra,
});

const PHONE = [field('phone', 'phone')];
const EMAIL = [field('email', 'email')];
const ORDER = [field('order', 'orderNumber')];
const TRACKING = [field('tracking', 'trackingNumber')];
const ID = [field('id', 'idNumber')];
const MONEY = [field('amount', 'amount', 'number'), field('currency', 'currency')];
const DATE = [field('date', 'date', 'date')];
const DATETIME = [field('when', 'datetime', 'datetime')];
const WHEN = [...DATE, ...DATETIME];
const SUMMARY = summaryFields(schema);
const STATUS = SUMMARY.filter((f) => f.key === 'status');
const CATEGORY = SUMMARY.filter((f) => f.key === 'categoryId' || f.key === 'templateId');
const REMARK = SUMMARY.filter((f) => f.key === 'remark');

interface Case {
  readonly name: string;
  readonly lines: readonly Line[];
  readonly fields: readonly SmartFillField[];
  readonly expected: { readonly [key: string]: unknown };
  readonly ids?: { readonly [key: string]: readonly string[] };
  readonly timeZone?: string;
}

function fill(lines: readonly Line[], fields: readonly SmartFillField[], timeZone = SHANGHAI): SmartFillOutput {
  return smartFill({
    segments: segmentsOf(lines),
    fields,
    categories: schema.categories,
    templates: schema.templates,
    statuses: schema.statuses,
    callTime: CALL_TIME,
    timeZone,
  });
}

function valuesOf(output: SmartFillOutput): { [key: string]: unknown } {
  return Object.fromEntries(output.values.map((v) => [v.key, v.value]));
}

const CASES: readonly Case[] = [
  // ------------------------------------------------------------ phone numbers
  {
    name: 'a written Chinese mobile number with spaces becomes E.164',
    lines: [c('我的电话是 138 0013 8000，有事打给我')],
    fields: PHONE,
    expected: { phone: '+8613800138000' },
    ids: { phone: ['s1'] },
  },
  {
    name: 'a number with +86 and a Hong Kong number said later: the customer’s own number with a cue wins',
    lines: [c('号码 +86 13800138000'), a('我们的热线是 +852 9123 4567')],
    fields: PHONE,
    expected: { phone: '+8613800138000' },
  },
  {
    name: 'a number said digit by digit in Chinese numerals with 幺',
    lines: [c('您记一下，幺三八零零幺三八零零零')],
    fields: PHONE,
    expected: { phone: '+8613800138000' },
  },
  {
    name: 'a number said digit by digit with 两 for 2 and 洞 style gaps',
    lines: [c('手机号是一五零 幺两三四 五六零幺')],
    fields: PHONE,
    expected: { phone: '+8615012345601' },
  },
  {
    name: 'digits mixed with a quantity (一三八 0013 八千) are not a phone number',
    lines: [c('一三八 0013 八千块的那个')],
    fields: PHONE,
    expected: {},
  },
  {
    name: 'an English number in words with double and triple',
    lines: [c('my number is one three eight double zero one three eight triple zero')],
    fields: PHONE,
    expected: { phone: '+8613800138000' },
  },
  {
    name: 'a North American number in brackets is read as US',
    lines: [a('What number should we use?'), c('You can call me back at (415) 555-0123.')],
    fields: PHONE,
    expected: { phone: '+14155550123' },
    ids: { phone: ['s2'] },
  },
  {
    name: 'the customer’s number wins over the agent reading out another one',
    lines: [a('您可以拨打我们的售后电话 13912345678'), c('好的，我的手机是 18611112222')],
    fields: PHONE,
    expected: { phone: '+8618611112222' },
  },
  {
    name: 'an order number is not taken for a phone number',
    lines: [c('订单号是 13800138000123')],
    fields: PHONE,
    expected: {},
  },
  // ------------------------------------------------------------------ email
  {
    name: 'a written email address',
    lines: [c('Thanks. My email is Emily.Carter@Example.com.')],
    fields: EMAIL,
    expected: { email: 'emily.carter@example.com' },
  },
  {
    name: 'an email address spelled out in English',
    lines: [c('my email is emily dot carter at example dot com')],
    fields: EMAIL,
    expected: { email: 'emily.carter@example.com' },
  },
  {
    name: 'an email address spelled out in Chinese (艾特 and 点)',
    lines: [c('邮箱是 zhang_wei 艾特 yuntu 点 com 点 cn')],
    fields: EMAIL,
    expected: { email: 'zhang_wei@yuntu.com.cn' },
  },
  // ---------------------------------------------------- order, tracking, ID
  {
    name: 'an order number by the field’s pattern',
    lines: [c('我上周买的扫地机器人到现在还没收到，订单号是 YT20261118。'), a('我帮您查一下订单 YT20261118。')],
    fields: [field('order', 'orderNumber', 'text', { pattern: '^[A-Z]{2}\\d{8}$' })],
    expected: { order: 'YT20261118' },
    ids: { order: ['s1', 's2'] },
  },
  {
    name: 'a long numeric order number after 订单',
    lines: [c('订单号是 202611250001234，麻烦查一下')],
    fields: ORDER,
    expected: { order: '202611250001234' },
  },
  {
    name: 'a configured pattern only takes values of that shape',
    lines: [c('order YT20261118, or maybe ORD-778899')],
    fields: [field('order', 'orderNumber', 'text', { pattern: '^ORD-\\d{6}$' })],
    expected: { order: 'ORD-778899' },
  },
  {
    name: 'an SF Express tracking number',
    lines: [c('快递单号 SF123456789012，一直没更新')],
    fields: TRACKING,
    expected: { tracking: 'SF123456789012' },
  },
  {
    name: 'a UPS tracking number in English',
    lines: [c('The tracking number is 1Z999AA10123456784.')],
    fields: TRACKING,
    expected: { tracking: '1Z999AA10123456784' },
  },
  {
    name: 'a resident ID with a valid checksum',
    lines: [c('身份证号 11010519491231002X')],
    fields: ID,
    expected: { id: '11010519491231002X' },
  },
  {
    name: 'a resident ID with a wrong checksum is refused',
    lines: [c('身份证号 110105194912310021')],
    fields: ID,
    expected: {},
  },
  // ---------------------------------------------------------------- amounts
  {
    name: 'an amount with ¥',
    lines: [c('我付了¥199，能退吗')],
    fields: MONEY,
    expected: { amount: 199, currency: 'CNY' },
  },
  {
    name: 'an amount in Chinese numerals with 块',
    lines: [c('一共花了一百九十九块')],
    fields: MONEY,
    expected: { amount: 199, currency: 'CNY' },
  },
  {
    name: 'an amount in Chinese numerals with 元 (两千五百元)',
    lines: [a('退款两千五百元会原路退回')],
    fields: MONEY,
    expected: { amount: 2500, currency: 'CNY' },
  },
  {
    name: 'colloquial 三块五',
    lines: [c('运费三块五也要退')],
    fields: MONEY,
    expected: { amount: 3.5, currency: 'CNY' },
  },
  {
    name: 'an amount in dollars with $',
    lines: [c('I was charged $12.50 twice')],
    fields: MONEY,
    expected: { amount: 12.5, currency: 'USD' },
  },
  {
    name: 'an amount with a currency code before it',
    lines: [a('The refund is USD 30, it will show in 3 days.')],
    fields: MONEY,
    expected: { amount: 30, currency: 'USD' },
  },
  {
    name: 'an amount in English words',
    lines: [c('it cost me twelve dollars')],
    fields: MONEY,
    expected: { amount: 12, currency: 'USD' },
  },
  {
    name: 'an amount as digits with 元, into a text field',
    lines: [c('订单号 MY20261030，金额 1299 元。')],
    fields: [field('amount', 'amount', 'text')],
    expected: { amount: '1299' },
  },
  // ------------------------------------------------------- dates and times
  {
    name: '明天下午三点 resolves against the call time in Shanghai',
    lines: [c('明天下午三点给我回电')],
    fields: WHEN,
    expected: { date: '2026-11-26', when: '2026-11-26T07:00:00.000Z' },
  },
  {
    name: '下周一上午十点一刻',
    lines: [a('我们下周一上午十点一刻给您答复')],
    fields: WHEN,
    expected: { date: '2026-11-30', when: '2026-11-30T02:15:00.000Z' },
  },
  {
    name: '大后天晚上8点半',
    lines: [c('大后天晚上8点半以后有空')],
    fields: WHEN,
    expected: { date: '2026-11-28', when: '2026-11-28T12:30:00.000Z' },
  },
  {
    name: '这周五 and 后天',
    lines: [c('这周五之前能到吗'), a('预计后天送达')],
    fields: DATE,
    expected: { date: '2026-11-27' },
    ids: { date: ['s1', 's2'] },
  },
  {
    name: '3月5号买的 is the past 5 March',
    lines: [c('我是3月5号买的')],
    fields: DATE,
    expected: { date: '2026-03-05' },
  },
  {
    name: 'a bare weekday said in the past (周一下的单) is the latest one',
    lines: [c('周一下的单，到现在还没发货')],
    fields: DATE,
    expected: { date: '2026-11-23' },
  },
  {
    name: 'an hour alone (下午两点) is today when still ahead',
    lines: [a('下午两点我再给您打过来')],
    fields: DATETIME,
    expected: { when: '2026-11-25T06:00:00.000Z' },
  },
  {
    name: '快一点 is not one o’clock',
    lines: [c('你们能不能快一点')],
    fields: DATETIME,
    expected: {},
  },
  {
    name: '"tomorrow at 3 pm" in Los Angeles time',
    lines: [c('Can you call me tomorrow at 3 pm?')],
    fields: WHEN,
    timeZone: LOS_ANGELES,
    expected: { date: '2026-11-25', when: '2026-11-25T23:00:00.000Z' },
  },
  {
    name: '"next Monday"',
    lines: [a('I will call you back next Monday.')],
    fields: DATE,
    expected: { date: '2026-11-30' },
  },
  {
    name: '"on the 5th" is the next 5th',
    lines: [a('It will be delivered on the 5th.')],
    fields: DATE,
    expected: { date: '2026-12-05' },
  },
  {
    name: '"March 5" with a past verb',
    lines: [c('I ordered it on March 5.')],
    fields: DATE,
    expected: { date: '2026-03-05' },
  },
  {
    name: '"in two days" and a time in the afternoon',
    lines: [a('We will come in two days at 10:30 in the morning.')],
    fields: WHEN,
    expected: { date: '2026-11-27', when: '2026-11-27T02:30:00.000Z' },
  },
  // ---------------------------------------------- category, template, status
  {
    name: 'a late parcel: the delivery-delay leaf and its template',
    lines: [
      c('我上周买的扫地机器人到现在还没收到，订单号是 YT20261118。'),
      a('查到了，包裹在上海转运中心滞留了两天，预计明天送达。'),
      c('如果明天还到不了我就要退货了。'),
    ],
    fields: CATEGORY,
    expected: { categoryId: 'cat-logistics-delivery-delay', templateId: 'tpl-delivery-delay' },
  },
  {
    name: 'a password reset in English',
    lines: [c('I cannot log in, the password reset email never arrives.'), a('I have sent a new reset link now.')],
    fields: CATEGORY,
    expected: { categoryId: 'cat-account-login-password', templateId: 'tpl-password-reset' },
    ids: { categoryId: ['s1', 's2'] },
  },
  {
    name: 'a charge disputed twice picks the specific leaf, with no template for it',
    lines: [c('I was charged twice for the same order, please check the billing')],
    fields: CATEGORY,
    expected: { categoryId: 'cat-account-billing-charge' },
  },
  {
    name: 'a broken item to be repaired on site',
    lines: [c('洗衣机坏了'), a('我给您安排师傅上门维修')],
    fields: CATEGORY,
    expected: { categoryId: 'cat-aftersales-repair-onsite' },
  },
  {
    name: 'status: the agent promising a callback is follow-up',
    lines: [c('还没收到货'), a('明白，我建一个工单跟进，明天下午给您回电。')],
    fields: STATUS,
    expected: { status: 'follow-up' },
    ids: { status: ['s2'] },
  },
  {
    name: 'status: "that fixed it" is resolved',
    lines: [c('The app keeps crashing.'), a('Please clear the cache and restart.'), c('Okay, that fixed it, thanks!')],
    fields: STATUS,
    expected: { status: 'resolved' },
  },
  {
    name: 'status: 没解决 is not resolved, escalation is said last',
    lines: [c('问题还是没解决'), a('我帮您转给主管处理')],
    fields: STATUS,
    expected: { status: 'escalated' },
  },
  {
    name: 'status: 已经解决了 said last wins over an earlier callback promise',
    lines: [a('我稍后给您回电'), c('不用了，已经解决了')],
    fields: STATUS,
    expected: { status: 'resolved' },
  },
  // ------------------------------------------------------------------ remark
  {
    name: 'a Chinese remark: the customer’s problem and the agent’s resolution',
    lines: [
      b('您好，欢迎致电云途科技，售后服务请按 1。'),
      c('我要退货，收到的空气净化器外壳裂了。'),
      a('您好陈女士，很抱歉给您带来不便，请问订单号是多少？'),
      c('订单号 MY20261030，金额 1299 元。'),
      a('好的，已为您提交退货申请，快递员明天上门取件，退款 3 个工作日内到账。'),
      c('好的，谢谢。'),
    ],
    fields: REMARK,
    expected: { remark: '我要退货，收到的空气净化器外壳裂了。好的，已为您提交退货申请，快递员明天上门取件，退款 3 个工作日内到账。' },
    ids: { remark: ['s2', 's5'] },
  },
  {
    name: 'an English remark',
    lines: [
      c('I cannot log in, the password reset email never arrives.'),
      a('Hi Emily, this is Li Na. Let me check your account.'),
      a('I see the emails were blocked by your spam filter. I have sent a new reset link now.'),
      c('Got it, I am in. Thank you!'),
    ],
    fields: REMARK,
    expected: { remark: 'I cannot log in, the password reset email never arrives. I have sent a new reset link now.' },
  },
  // ------------------------------------------------------------ bad input
  {
    name: 'markup in the text is just text',
    lines: [c('<b>电话</b> <script>alert("x")</script>13800138000 <img src=x onerror=alert(1)>')],
    fields: PHONE,
    expected: { phone: '+8613800138000' },
  },
  {
    name: 'full-width digits are read',
    lines: [c('电话１３８００１３８０００')],
    fields: PHONE,
    expected: { phone: '+8613800138000' },
  },
];

describe('smartFill: the case table (exact values, Chinese and English)', () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).to.be.at.least(40);
  });

  for (const testCase of CASES) {
    it(testCase.name, () => {
      const output = fill(testCase.lines, testCase.fields, testCase.timeZone);
      expect({ empty: output.empty, source: output.source }).to.deep.equal({ empty: false, source: 'local' });
      expect(valuesOf(output)).to.deep.equal(testCase.expected);
      for (const [key, ids] of Object.entries(testCase.ids ?? {})) {
        expect(output.values.find((v) => v.key === key)?.segmentIds, `segments of ${key}`).to.deep.equal(ids);
      }
      for (const value of output.values) {
        expect(value.confidence).to.be.within(0, 1);
        expect(value.segmentIds.length).to.be.greaterThan(0);
      }
    });
  }
});

describe('smartFill: which segments count', () => {
  it('says there is nothing to fill for an empty conversation', () => {
    const output = smartFill({ segments: [], fields: SUMMARY, callTime: CALL_TIME, timeZone: SHANGHAI });
    expect(output).to.deep.equal({ values: [], empty: true, source: 'local' });
  });

  it('ignores interim text: interim-only is empty, and an interim never replaces a final', () => {
    const interim = segmentsOf([c('我的电话是 13800138000')]).map((s) => ({ ...s, final: false }));
    expect(smartFill({ segments: interim, fields: PHONE, callTime: CALL_TIME })).to.deep.equal({ values: [], empty: true, source: 'local' });

    const [final] = segmentsOf([c('我的电话是 13800138000')]);
    const late = { ...final!, final: false, text: '我的电话是 139' };
    const output = smartFill({ segments: [final!, late], fields: PHONE, callTime: CALL_TIME });
    expect(valuesOf(output)).to.deep.equal({ phone: '+8613800138000' });
  });

  it('orders out-of-order segments by seq and keeps the last copy of a duplicated id', () => {
    const segments = segmentsOf([c('我的手机是 13800138000'), c('不对，手机是 13912345678'), a('好的')]);
    const [first, second, third] = segments;
    // Arrives shuffled; s2 arrives twice, the second copy corrects the first.
    const shuffled = [third!, { ...second!, text: '不对，手机是 13900000000' }, first!, second!];
    const output = smartFill({ segments: shuffled, fields: PHONE, callTime: CALL_TIME });
    // Equal evidence: the number said last (by seq) wins.
    expect(valuesOf(output)).to.deep.equal({ phone: '+8613912345678' });
    expect(output.values[0]?.segmentIds).to.deep.equal(['s2']);
  });

  it('skips blank segments and fields of unknown kinds, and fills each key once', () => {
    const output = smartFill({
      segments: segmentsOf([c('   '), c('电话 13800138000')]),
      fields: [field('phone', 'phone'), field('phone', 'email'), { key: 'x', kind: 'nonsense' as never, type: 'text' }],
      callTime: CALL_TIME,
    });
    expect(output.values.map((v) => v.key)).to.deep.equal(['phone']);
  });

  it('leaves dates unfilled when the call time is invalid', () => {
    const output = smartFill({ segments: segmentsOf([c('明天下午三点')]), fields: WHEN, callTime: 'not a date' });
    expect(output).to.deep.equal({ values: [], empty: false, source: 'local' });
  });
});

describe('smartFill: values shaped for the field type', () => {
  it('gives a select field one of its option values, a multiselect an array', () => {
    const options = [
      { value: 'cny', label: 'CNY' },
      { value: 'usd', label: 'USD' },
    ];
    const output = fill([c('I paid $40')], [
      field('currency', 'currency', 'select', { options }),
      field('currencies', 'currency', 'multiselect', { options }),
    ]);
    expect(valuesOf(output)).to.deep.equal({ currency: 'usd', currencies: ['usd'] });
  });

  it('drops a value that is not among the select options', () => {
    const output = fill([c('I paid $40')], [field('currency', 'currency', 'select', { options: [{ value: 'CNY', label: '人民币' }] })]);
    expect(output.values).to.deep.equal([]);
  });

  it('gives a date field the day of a date-and-time, and a datetime field midnight of a date', () => {
    const output = fill([c('明天下午三点')], [field('day', 'datetime', 'date')]);
    expect(valuesOf(output)).to.deep.equal({ day: '2026-11-26' });
    const midnight = fill([c('3月5号买的')], [field('at', 'date', 'datetime')]);
    expect(valuesOf(midnight)).to.deep.equal({ at: '2026-03-04T16:00:00.000Z' });
  });

  it('keeps a phone value only in a form the field pattern accepts', () => {
    const national = fill([c('电话 13800138000')], [field('phone', 'phone', 'text', { pattern: '^1\\d{10}$' })]);
    expect(valuesOf(national)).to.deep.equal({ phone: '13800138000' });
    const e164 = fill([c('电话 13800138000')], [field('phone', 'phone', 'text', { pattern: '^\\+?[0-9][0-9 -]{5,19}$' })]);
    expect(valuesOf(e164)).to.deep.equal({ phone: '+8613800138000' });
  });
});

describe('smartFill: confidence follows the evidence', () => {
  it('ranks a validated phone over a pattern-only order number over a keyword-guessed category', () => {
    const output = fill(
      [c('我的快递还没收到，订单号 YT20261118，电话 13800138000')],
      [field('phone', 'phone'), field('order', 'orderNumber'), ...CATEGORY.slice(0, 1)],
    );
    const confidence = Object.fromEntries(output.values.map((v) => [v.key, v.confidence]));
    expect(confidence.phone).to.be.greaterThan(confidence.order ?? 1);
    expect(confidence.order).to.be.greaterThan(confidence.categoryId ?? 1);
  });
});

describe('fieldsFromForm and summaryFields', () => {
  it('turns the ticket form into smart-fill fields, skipping fields without an extract kind', () => {
    const fields = fieldsFromForm(seed.ticketSchema.fields);
    expect(fields.map((f) => [f.key, f.kind, f.type])).to.deep.equal([
      ['orderNumber', 'orderNumber', 'text'],
      ['amount', 'amount', 'number'],
      ['purchaseDate', 'date', 'date'],
      ['callbackAt', 'datetime', 'datetime'],
    ]);
    expect(fields[0]?.pattern).to.equal('^[A-Z]{2}\\d{8}$');
  });

  it('lists the summary’s built-in fields, then its custom ones', () => {
    const fields = summaryFields(schema);
    expect(fields.map((f) => [f.key, f.kind])).to.deep.equal([
      ['status', 'status'],
      ['categoryId', 'category'],
      ['templateId', 'template'],
      ['remark', 'remark'],
      ['callbackPhone', 'phone'],
      ['orderNumber', 'orderNumber'],
    ]);
    expect(fields[0]?.options?.map((o) => o.value)).to.deep.equal(['resolved', 'follow-up', 'escalated', 'no-action']);
  });

  it('fills the whole summary from the seeded 张伟 transcript', () => {
    const segments = seed.conversations.filter((s) => s.callId === seed.conversations[0]?.callId);
    const output = smartFill({
      segments,
      fields: summaryFields(schema),
      categories: schema.categories,
      templates: schema.templates,
      statuses: schema.statuses,
      callTime: CALL_TIME,
      timeZone: SHANGHAI,
    });
    const values = valuesOf(output);
    expect(values.status).to.equal('follow-up');
    expect(values.categoryId).to.equal('cat-logistics-delivery-delay');
    expect(values.templateId).to.equal('tpl-delivery-delay');
    expect(values.callbackPhone).to.equal('+8613800138000');
    expect(values.orderNumber).to.equal('YT20261118');
    expect(values.remark).to.be.a('string').and.contain('还没收到');
    expect((values.remark as string).length).to.be.at.most(200);
  });
});

describe('runSmartFill: the backend extractor first, the local rules as fallback', () => {
  const lines = [c('电话 13800138000')];
  const input = { callId: 'call-1', segments: segmentsOf(lines), fields: PHONE, callTime: CALL_TIME, timeZone: SHANGHAI };

  function adapterWith(extract: (request: SmartFillRequest, options?: { signal?: AbortSignal }) => Promise<SmartFillResult>): BackendAdapter {
    return { smartFill: { extract } } as unknown as BackendAdapter;
  }

  it('uses the backend’s answer, keeping values for known keys only', async () => {
    let request: SmartFillRequest | null = null;
    const adapter = adapterWith(async (r) => {
      request = r;
      return {
        values: [
          { key: 'phone', value: '+8613900000000', confidence: 0.97, segmentIds: ['s1'] },
          { key: 'unknown', value: 'x', confidence: 1, segmentIds: [] },
        ],
      };
    });
    const output = await runSmartFill(input, { adapter });
    expect(output).to.deep.equal({
      values: [{ key: 'phone', value: '+8613900000000', confidence: 0.97, segmentIds: ['s1'] }],
      empty: false,
      source: 'backend',
    });
    expect(request!.callId).to.equal('call-1');
    expect(request!.callTime).to.equal(CALL_TIME);
    expect(request!.fields).to.deep.equal([{ key: 'phone', label: 'phone', type: 'text', extract: 'phone' }]);
    expect(request!.segments.map((s) => s.id)).to.deep.equal(['s1']);
  });

  it('falls back to the local rules when the backend fails', async () => {
    const adapter = adapterWith(async () => {
      throw new Error('model unavailable');
    });
    const output = await runSmartFill(input, { adapter });
    expect(output.source).to.equal('local');
    expect(valuesOf(output)).to.deep.equal({ phone: '+8613800138000' });
  });

  it('falls back to the local rules when the backend is too slow, and aborts its request', async () => {
    const signals: string[] = [];
    const adapter = adapterWith(
      (_request, options) =>
        new Promise((resolve) => {
          options?.signal?.addEventListener('abort', () => {
            signals.push('abort');
          });
          setTimeout(() => resolve({ values: [] }), 1000);
        }),
    );
    const started = performance.now();
    const output = await runSmartFill(input, { adapter, timeoutMs: 50 });
    expect(performance.now() - started).to.be.below(900);
    expect(output.source).to.equal('local');
    expect(valuesOf(output)).to.deep.equal({ phone: '+8613800138000' });
    expect(signals, 'abort signals the backend saw').to.deep.equal(['abort']);
  });

  it('uses the local rules when the adapter has no extractor', async () => {
    const output = await runSmartFill(input, { adapter: {} as BackendAdapter });
    expect(output.source).to.equal('local');
    expect(valuesOf(output)).to.deep.equal({ phone: '+8613800138000' });
  });

  it('does not ask the backend about an empty conversation', async () => {
    const asked: string[] = [];
    const adapter = adapterWith(async (request) => {
      asked.push(request.callId);
      return { values: [] };
    });
    const output = await runSmartFill({ ...input, segments: [] }, { adapter });
    expect(output).to.deep.equal({ values: [], empty: true, source: 'local' });
    expect(asked, 'calls the backend was asked about').to.deep.equal([]);
  });

  it('rejects with an aborted AdapterError when the caller aborts, without falling back', async () => {
    const controller = new AbortController();
    const adapter = adapterWith(() => new Promise(() => undefined));
    const pending = runSmartFill(input, { adapter, signal: controller.signal });
    controller.abort();
    let error: unknown = null;
    try {
      await pending;
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as { code?: string }).code).to.equal('aborted');
  });
});
