/**
 * One test per rule class of issue 13 (order-number shapes and read-back,
 * phone regions from context, service numbers, follow-up time, status cues,
 * amounts and currency, category from names only): a short transcript and
 * the values the agent sees.
 */
import { expect } from '@open-wc/testing';
import type { CategoryNode, ConversationSegment, FormField, Speaker, SummaryStatus } from '../adapter/types.js';
import { fieldsFromForm, prepareSmartFill, smartFill, type SmartFillField, type SmartFillInput } from './index.js';

/** Wednesday 2026-11-25, 10:00 in Shanghai (02:00 UTC). */
const CALL_TIME = '2026-11-25T02:00:00.000Z';
/** Wednesday 2026-11-25, 10:00 in London. */
const LONDON_CALL = '2026-11-25T10:00:00.000Z';

type Line = readonly [speaker: Speaker, text: string];
const c = (text: string): Line => ['customer', text];
const a = (text: string): Line => ['agent', text];
const b = (text: string): Line => ['bot', text];

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

const field = (key: string, kind: SmartFillField['kind'], type = 'text', extra: Partial<SmartFillField> = {}): SmartFillField => ({
  key,
  kind,
  type,
  ...extra,
});

const STATUSES: SummaryStatus[] = [
  { value: 'resolved', label: { en: 'Resolved', 'zh-CN': '已解决' }, resolved: true },
  { value: 'follow-up', label: { en: 'Follow-up needed', 'zh-CN': '待跟进' } },
];

/** A tree with names only, as most admins leave it. */
const TREE: CategoryNode[] = [
  {
    id: 'delivery',
    name: { en: 'Delivery', 'zh-CN': '物流配送' },
    children: [
      { id: 'delay', name: { en: 'Delivery delay', 'zh-CN': '物流异常' } },
      { id: 'missing', name: { en: 'Missing item', 'zh-CN': '丢件' } },
    ],
  },
  {
    id: 'complaints',
    name: { en: 'Complaints', 'zh-CN': '投诉' },
    children: [
      { id: 'service-complaint', name: { en: 'Service complaint', 'zh-CN': '服务投诉' } },
      { id: 'staff-complaint', name: { en: 'Staff complaint', 'zh-CN': '人员投诉' } },
    ],
  },
];

function fill(lines: readonly Line[], fields: readonly SmartFillField[], extra: Partial<SmartFillInput> = {}) {
  const output = smartFill({
    segments: segmentsOf(lines),
    fields,
    categories: TREE,
    statuses: STATUSES,
    callTime: CALL_TIME,
    timeZone: 'Asia/Shanghai',
    ...extra,
  });
  const values = Object.fromEntries(output.values.map((v) => [v.key, v.value]));
  const ids = Object.fromEntries(output.values.map((v) => [v.key, v.segmentIds]));
  return { values, ids };
}

const ORDER = [field('order', 'orderNumber')];
const TRACKING = [field('tracking', 'trackingNumber')];
const PHONE = [field('phone', 'phone')];
const FOLLOW_UP = [
  field('followUpDate', 'date', 'date', { timing: 'follow-up' }),
  field('followUpAt', 'datetime', 'datetime', { timing: 'follow-up' }),
];
const STATUS = [field('status', 'status', 'select', { options: STATUSES.map((s) => ({ value: s.value, label: s.value })) })];
const MONEY = [field('amount', 'amount', 'number'), field('currency', 'currency')];
const CATEGORY = [field('categoryId', 'category', 'cascade')];

describe('smart fill rule classes: order and tracking numbers', () => {
  it('joins an order number said in Chinese digit pieces, confirmed by the customer after the agent read it back', () => {
    const { values, ids } = fill(
      [a('请问您的订单号是多少？'), c('K J 二零二五 零八 幺幺 四零。'), a('跟您核对一下，KJ2025081140，对吗？'), c('对的。')],
      ORDER,
    );
    expect(values).to.deep.equal({ order: 'KJ2025081140' });
    expect(ids.order).to.deep.equal(['s2', 's3']);
  });

  it('reads letters, "dash" and English digit words as one order number, hyphen kept', () => {
    const { values } = fill(
      [a('Could I take the order number?'), c("It's N Z dash four four seven one zero two three."), a("So that's NZ-4471023, right?"), c('Yes.')],
      ORDER,
    );
    expect(values).to.deep.equal({ order: 'NZ-4471023' });
  });

  it('lets the customer’s correction replace the number said first, and the agent’s “not found” count against it', () => {
    const { values } = fill(
      [c('订单号是 YX2026111805。'), a('YX2026111805？系统里没有查到。'), c('不对不对，是 YX2026111806，我看错了。'), a('好的，查到了。')],
      ORDER,
    );
    expect(values).to.deep.equal({ order: 'YX2026111806' });
  });

  it('takes a digits-only answer to "order number?" as the order number, not as a US phone number', () => {
    const { values } = fill([c('I placed it by mistake, order number 7 0 2 2 4 8 1 3 9 5. Can you cancel it?')], [...ORDER, ...PHONE], {
      timeZone: 'America/New_York',
      callTime: '2026-11-25T15:00:00.000Z',
    });
    expect(values).to.deep.equal({ order: '7022481395' });
  });

  it('does not also read an order number the customer gives as digits as their US phone number', () => {
    const { values } = fill(
      [a('Can I get the order number please?'), c("Sure, it's 7022481395."), a('Thanks, and a number to reach you?'), c('Call me on (415) 555-0123.')],
      [...ORDER, ...PHONE],
      { timeZone: 'America/New_York', callTime: '2026-11-25T15:00:00.000Z' },
    );
    expect(values).to.deep.equal({ order: '7022481395', phone: '+14155550123' });
  });

  it('takes a number said in pieces after "运单号?" as the tracking number, not the order number', () => {
    const { values } = fill([a('麻烦提供一下运单号。'), c('中通的，七三幺二 零零八八 六五四三 二幺。')], [...ORDER, ...TRACKING]);
    expect(values).to.deep.equal({ tracking: '73120088654321' });
  });

  it('finds a pieced value of a patterned field', () => {
    const { values } = fill([c('订单号 Y T 二零二六 幺幺 幺八')], [field('order', 'orderNumber', 'text', { pattern: '^[A-Z]{2}\\d{8}$' })]);
    expect(values).to.deep.equal({ order: 'YT20261118' });
  });
});

describe('smart fill rule classes: phone numbers in the call’s region', () => {
  it('reads a UK mobile in a London call as +44 although the default country is CN', () => {
    const { values } = fill([a('Is there a good number to reach you on?'), c('My mobile, 07823 456789.')], PHONE, {
      timeZone: 'Europe/London',
      callTime: LONDON_CALL,
      defaultCountry: 'CN',
    });
    expect(values).to.deep.equal({ phone: '+447823456789' });
  });

  it('reads an eight-digit number as Hong Kong when the customer says they are in Hong Kong', () => {
    const { values } = fill([c('我人在香港，卡被多扣了一笔。'), c('你打我手机 9123 4567。')], PHONE, { defaultCountry: 'CN' });
    expect(values).to.deep.equal({ phone: '+85291234567' });
  });

  it('reads a national number in the caller’s own region', () => {
    const { values } = fill([c('Home phone is (03) 9015 4321.')], PHONE, { defaultCountry: 'CN', callerNumber: '+61433812559' });
    expect(values).to.deep.equal({ phone: '+61390154321' });
  });

  it('does not take a hotline or a 400 number mentioned in passing for the callback number', () => {
    const { values } = fill(
      [
        b('欢迎致电，咨询请拨 400-820-8820。'),
        a('以后有问题也可以打我们的24小时热线 95588。'),
        c('短信里那个400开头的号码是你们的吗？400-820-8820。'),
        a('If anything comes up, call me back on 6123 4567.'),
      ],
      PHONE,
    );
    expect(values).to.deep.equal({});
  });

  it('fills the caller’s number when the customer says "this number"', () => {
    const { values } = fill([a('师傅上门前会先给您打电话。'), c('行，电话就是我现在打的这个号码。')], PHONE, { callerNumber: '+8613612345678' });
    expect(values).to.deep.equal({ phone: '+8613612345678' });
  });

  it('joins a number said over several segments and applies the customer’s correction of its end', () => {
    const { values, ids } = fill([a('请留一个联系电话。'), c('幺八六，'), c('幺二三四，'), c('五六七九。'), c('不对，最后是五六七八。')], PHONE);
    expect(values).to.deep.equal({ phone: '+8618612345678' });
    expect(ids.phone).to.deep.equal(['s5']);
  });
});

describe('smart fill rule classes: follow-up time', () => {
  it('takes the promised callback, not the purchase date', () => {
    const { values } = fill([c('我前天下的单，到现在还没发货。'), a('我给您催一下，明天下午三点前给您回电。')], FOLLOW_UP);
    expect(values).to.deep.equal({ followUpDate: '2026-11-26', followUpAt: '2026-11-26T07:00:00.000Z' });
  });

  it('lets a correction win: 三点不行，四点吧', () => {
    const { values } = fill(
      [a('我帮您安排师傅上门，明天下午三点可以吗？'), c('三点不行，我要去接孩子，四点吧。'), a('好的，那就明天下午四点。')],
      FOLLOW_UP,
    );
    expect(values).to.deep.equal({ followUpDate: '2026-11-26', followUpAt: '2026-11-26T08:00:00.000Z' });
  });

  it('lets "actually make it Thursday" win over the Friday offered, and keeps the range’s start', () => {
    const { values } = fill(
      [
        a('I can book an engineer for Friday morning, between 8 and 12.'),
        c('Actually, can you make it Thursday?'),
        a("Thursday works. I've booked the engineer for Thursday between 8am and 12."),
      ],
      FOLLOW_UP,
      { timeZone: 'Europe/London', callTime: LONDON_CALL },
    );
    expect(values).to.deep.equal({ followUpDate: '2026-11-26', followUpAt: '2026-11-26T08:00:00.000Z' });
  });

  it('keeps a day without a time a date: the datetime field stays empty', () => {
    const { values } = fill([a('投诉我已经记录了，周五之前给您答复。')], FOLLOW_UP);
    expect(values).to.deep.equal({ followUpDate: '2026-11-27' });
  });

  it('ignores an old booking and refund estimates', () => {
    const { values } = fill(
      [c('我原来预约的是明天上午十点的体检。'), a('退款预计3到5个工作日到账。')],
      FOLLOW_UP,
    );
    expect(values).to.deep.equal({});
  });

  it('derives the timing from the form: a callback field wants the follow-up, a purchase date the past', () => {
    const form: FormField[] = [
      { key: 'callbackAt', label: { en: 'Preferred callback time', 'zh-CN': '期望回电时间' }, type: 'datetime', extract: 'datetime' },
      { key: 'purchaseDate', label: { en: 'Purchase date', 'zh-CN': '购买日期' }, type: 'date', extract: 'date' },
      { key: 'when', label: 'When', type: 'date', extract: 'date' },
    ];
    expect(fieldsFromForm(form).map((f) => [f.key, f.timing ?? 'any'])).to.deep.equal([
      ['callbackAt', 'follow-up'],
      ['purchaseDate', 'past'],
      ['when', 'any'],
    ]);
    const { values } = fill([c('我是前天买的。'), a('明天下午三点给您回电。')], fieldsFromForm(form));
    expect(values).to.deep.equal({ callbackAt: '2026-11-26T07:00:00.000Z', purchaseDate: '2026-11-23', when: '2026-11-26' });
  });
});

describe('smart fill rule classes: status cues', () => {
  it('is resolved when the agent has refunded and the customer has nothing else (zh)', () => {
    const { values } = fill([a('这边已经帮您申请了全额退款，3到5个工作日原路退回。'), c('好的，谢谢。'), a('还有其他问题吗？'), c('没有了。')], STATUS);
    expect(values).to.deep.equal({ status: 'resolved' });
  });

  it('is resolved on "that\'s all sorted" and "you should see it in 3 to 5 days" (en)', () => {
    const { values } = fill([a("I've reversed it, you should see it back on your card in 3 to 5 business days."), a("That's all sorted then.")], STATUS);
    expect(values).to.deep.equal({ status: 'resolved' });
  });

  it('is follow-up when a technician will come or someone will call back, even if the customer then says "that\'s all"', () => {
    const en = fill([a("There's a fault on the line. A technician will visit on Saturday."), c("Fine, that's all.")], STATUS);
    const zh = fill([a('我们核实后给您回电。'), c('好的，就这样吧。')], STATUS);
    expect({ en: en.values, zh: zh.values }).to.deep.equal({ en: { status: 'follow-up' }, zh: { status: 'follow-up' } });
  });

  it('is follow-up when an escalation is said and the schema has no escalated status', () => {
    const { values } = fill([a("I'm escalating this to my manager.")], STATUS);
    expect(values).to.deep.equal({ status: 'follow-up' });
  });
});

describe('smart fill rule classes: amounts and currency', () => {
  it('takes the refunded difference over the prices said along the way', () => {
    const { values } = fill([c('我双十一买的，三千九百九十九元，现在只要三千五百九十九元。'), a('差价四百元已经退到您的原支付账户了。')], MONEY);
    expect(values).to.deep.equal({ amount: 400, currency: 'CNY' });
  });

  it('reads A$ and a bare "dollars" in a Sydney call as Australian dollars', () => {
    const { values } = fill([c('Eighty-nine dollars, both on the 20th.'), a("I can see the duplicate payment of A$89. I've reversed it.")], MONEY, {
      timeZone: 'Australia/Sydney',
      callTime: '2026-11-24T23:00:00.000Z',
    });
    expect(values).to.deep.equal({ amount: 89, currency: 'AUD' });
  });

  it('reads "forty quid" as pounds, and a Chinese amount without a unit after a money word', () => {
    const en = fill([c('Why is my bill forty quid more?')], MONEY, { timeZone: 'Europe/London', callTime: LONDON_CALL });
    const zh = fill([c('我信用卡上有一笔一万二的消费，我没刷过。')], MONEY);
    expect({ en: en.values, zh: zh.values }).to.deep.equal({
      en: { amount: 40, currency: 'GBP' },
      zh: { amount: 12000, currency: 'CNY' },
    });
  });
});

describe('smart fill rule classes: written amounts at the end of a sentence', () => {
  it('reads "$1,249.00." with its thousands and cents, not as $1', () => {
    const { values } = fill([c('The laptop was $1,249.00.'), a('I see the charge of $1,249.00. I have refunded it.')], MONEY, {
      timeZone: 'America/New_York',
      callTime: '2026-11-25T15:00:00.000Z',
    });
    expect(values).to.deep.equal({ amount: 1249, currency: 'USD' });
  });
});

describe('smart fill rule classes: category from names only', () => {
  it('finds 物流异常 from "一直显示在途" and "Missing item" from "says delivered but it\'s not here"', () => {
    const zh = fill([c('我买的东西一直显示在途，三天没动了。')], CATEGORY);
    const en = fill([c("My parcel says delivered but it's not here.")], CATEGORY);
    expect({ zh: zh.values, en: en.values }).to.deep.equal({ zh: { categoryId: 'delay' }, en: { categoryId: 'missing' } });
  });

  it('tells sibling categories apart by what differs in their names (staff vs service complaint)', () => {
    const staff = fill([c('我要投诉你们的快递员，态度太差了。')], CATEGORY);
    const service = fill([c('我要投诉，上次说三天内处理，结果一直没处理，也没人联系我。')], CATEGORY);
    expect({ staff: staff.values, service: service.values }).to.deep.equal({
      staff: { categoryId: 'staff-complaint' },
      service: { categoryId: 'service-complaint' },
    });
  });
});

describe('smart fill rule classes: the remark', () => {
  const REMARK = [field('remark', 'remark', 'textarea')];
  it('starts with the reason for the call from the customer\'s opening, then what the agent did', () => {
    const { values } = fill(
      [
        c('Hi there, my parcel was meant to come on Monday and it still has not shown up.'),
        a('Sorry about that. Have you got the order number?'),
        c("It's G B five five three nine two zero one."),
        a('It is held at the depot. I have asked them to send it out today.'),
      ],
      REMARK,
      { timeZone: 'Europe/London', callTime: LONDON_CALL },
    );
    expect(values).to.deep.equal({
      remark: 'My parcel was meant to come on Monday and it still has not shown up. I have asked them to send it out today.',
    });
  });
  it('does not take a number, an address or an email read out for the problem or the resolution', () => {
    const zh = fill([a('您好，请问有什么可以帮您？'), c('我买的东西降价了，能补差价吗？'), a('麻烦报一下订单号。'), c('七三零，五五幺，八二六，四零。'), a('差价是三百元，我这边先给您提交价保申请，周五之前给您答复。')], REMARK);
    expect(zh.values['remark']).to.equal('差价是三百元，我这边先给您提交价保申请，周五之前给您答复。');
    const en = fill(
      [
        a('Can I start with the phone number or email on the account?'),
        c("It's, uh, the email's d kowalski at lakeshoremail dot net."),
        a('What can I help with?'),
        c("Internet's been dead since like seven this morning."),
        a("Oh-four-three-eight, two-two-seven, nine-one-five. I'll send you text updates until it's fixed."),
      ],
      REMARK,
      { timeZone: 'America/Chicago', callTime: '2026-11-25T17:20:00.000Z' },
    );
    expect(en.values['remark']).to.equal("Internet's been dead since like seven this morning. I'll send you text updates until it's fixed.");
  });
});

describe('smart fill rule classes: fields that take several values', () => {
  it('gives a multiple field every order number and amount said, each with its own segments', () => {
    const output = smartFill({
      segments: segmentsOf([
        c('我有两个订单，一个是 YT20261118，退款 199 元。'),
        a('好的，还有一个呢？'),
        c('另一个是 YT20261120，付了 59 元。'),
      ]),
      fields: [
        field('orders', 'orderNumber', 'text', { multiple: true }),
        field('amounts', 'amount', 'text', { multiple: true }),
        field('order', 'orderNumber'),
      ],
      callTime: CALL_TIME,
      timeZone: 'Asia/Shanghai',
    });
    const byKey = Object.fromEntries(output.values.map((v) => [v.key, v]));
    expect(byKey['orders']?.value).to.deep.equal(['YT20261118', 'YT20261120']);
    expect(byKey['orders']?.items?.map((i) => [i.value, i.segmentIds])).to.deep.equal([
      ['YT20261118', ['s1']],
      ['YT20261120', ['s3']],
    ]);
    expect(byKey['amounts']?.value).to.deep.equal(['199', '59']);
    // A single-value field still gets one value.
    expect(typeof byKey['order']?.value).to.equal('string');
  });

  it('asks for several values only for text fields the form marks multiple', () => {
    const fields = fieldsFromForm([
      { key: 'orders', label: 'Orders', type: 'text', extract: 'orderNumber', multiple: true },
      { key: 'order', label: 'Order', type: 'text', extract: 'orderNumber' },
    ]);
    expect(fields.map((f) => [f.key, f.multiple ?? false])).to.deep.equal([
      ['orders', true],
      ['order', false],
    ]);
  });
});

describe('smart fill rule classes: spoken email addresses', () => {
  const EMAIL = [field('email', 'email')];
  it('joins a letter or a number said beside a word, and the pieces "dot" joins, stopping at the words before', () => {
    const en = { timeZone: 'Europe/London', callTime: LONDON_CALL };
    expect(fill([a('Is the email on the order still right?'), c('Uh, actually no, use jess dot nguyen eighty-eight at outlook dot com.')], EMAIL, en).values).to.deep.equal({
      email: 'jess.nguyen88@outlook.com',
    });
    expect(fill([a('Can I start with the email on the account?'), c("It's, uh, the email's d kowalski at lakeshoremail dot net.")], EMAIL, en).values).to.deep.equal({
      email: 'dkowalski@lakeshoremail.net',
    });
    expect(fill([a('May I have your registered email?'), c('Yes, raymond dot tan dot s g at gmail dot com.')], EMAIL, en).values).to.deep.equal({
      email: 'raymond.tan.sg@gmail.com',
    });
  });

  it('reads an agent’s spelled read-back and a Chinese address with 下划线 and pauses around "at"', () => {
    expect(fill([a('发到哪个邮箱？'), c('caiwu下划线lin，at，hzyuanda点com。'), a('我核对一下，c-a-i-w-u下划线l-i-n，at hzyuanda.com。')], [field('email', 'email')]).values).to.deep.equal({
      email: 'caiwu_lin@hzyuanda.com',
    });
  });

  it('does not take "you" in "send it to you at gmail dot com" for the address’s name', () => {
    const { values } = fill([a("What's the email? I'll send it to you at gmail dot com?"), c('Hmm, let me check.')], [field('email', 'email')], {
      timeZone: 'Europe/London',
      callTime: LONDON_CALL,
    });
    expect(values).to.deep.equal({});
  });
});

describe('smart fill rule classes: numbers said in groups with pauses', () => {
  it('joins digit groups separated by commas into one order number, in Chinese digits and in Arabic ones', () => {
    expect(fill([a('请问订单号是多少？'), c('二零二六，幺零二八，三五九零二。'), a('2026102835902，对吗？'), c('对的。')], ORDER).values).to.deep.equal({
      order: '2026102835902',
    });
    expect(fill([a('订单号方便提供吗？'), c('2026，1109，7788，1203。')], ORDER).values).to.deep.equal({ order: '2026110977881203' });
  });

  it('keeps a quantity after a pause out of the number: ABC123，456元', () => {
    expect(fill([c('订单号 AB123456，300元退给我。')], ORDER).values).to.deep.equal({ order: 'AB123456' });
  });

  it('reads an international parcel number with its country letters said after the digits (S10: HX447109236GB)', () => {
    const { values } = fill(
      [a('Can I take your tracking number please?'), c('Yeah, it’s H X four four seven, one oh nine, two three six, G B.')],
      [...TRACKING, ...ORDER],
      { timeZone: 'Europe/London', callTime: LONDON_CALL },
    );
    expect(values).to.deep.equal({ tracking: 'HX447109236GB' });
  });

  it('takes the letters, "dash" and digits of a work order said with pauses as one number, as the agent wrote it back', () => {
    const { values } = fill([a('Do you have the work order number?'), c('Uh, it’s on the invoice... W O, dash, one one six four two.'), a('WO-11642, yes, I have it.')], ORDER, {
      timeZone: 'America/New_York',
      callTime: '2026-11-25T15:00:00.000Z',
    });
    expect(values).to.deep.equal({ order: 'WO-11642' });
  });

  it('counts "I’m not finding that one" against the number said just before it', () => {
    const { values } = fill(
      [
        a("What's the order number?"),
        c("It's C A four zero zero one eight eight seven three."),
        a("Hmm, I'm not finding that one. Could you read it once more?"),
        c("Oh sorry, the last digit's an eight, not a three. Eight eight seven eight."),
        a('CA40018878, there we go.'),
      ],
      ORDER,
      { timeZone: 'America/Toronto', callTime: '2026-11-25T15:00:00.000Z' },
    );
    expect(values).to.deep.equal({ order: 'CA40018878' });
  });
});

describe('smart fill rule classes: callback numbers said with pauses, corrected, or agreed to', () => {
  it('reads a mobile said in groups and corrected at its end in one breath, not the branch number the customer rang', () => {
    const { values } = fill(
      [
        c('驿站说没有，我还打了你们网点电话，零五七幺八八零九三三二幺，没人接。'),
        a('今天下午五点前网点主管会给您回电话，请问打哪个号码？'),
        c('一五八，二六七三，四四九幺……哦不对不对，最后是四四九七。'),
      ],
      PHONE,
    );
    expect(values).to.deep.equal({ phone: '+8615826734497' });
  });

  it('takes the caller’s number when the customer says yes to “shall we call the number you are calling from?”', () => {
    const { values } = fill([a('网点一般24小时内回复，我明天给您回个电话，打您现在这个号码可以吗？'), c('可以，就打这个。')], PHONE, { callerNumber: '+8613816620457' });
    expect(values).to.deep.equal({ phone: '+8613816620457' });
  });

  it('reads a UK mobile with "double-oh" in a London call as +44, in a range kept for drama (07700 900xxx)', () => {
    const { values } = fill(
      [a("What's the best number?"), c("My number's withheld, sorry, it's oh seven seven double-oh, nine double-oh, four six one.")],
      PHONE,
      { timeZone: 'Europe/London', callTime: LONDON_CALL, defaultCountry: 'GB' },
    );
    expect(values).to.deep.equal({ phone: '+447700900461' });
  });
});

describe('smart fill rule classes: amounts in words with their minor unit', () => {
  const london = { timeZone: 'Europe/London', callTime: LONDON_CALL };
  it('reads "eighty-nine pounds fifty" as 89.50 and "six hundred and twelve dollars forty" as 612.40', () => {
    expect(fill([c('The refund should have been eighty-nine pounds fifty.')], MONEY, london).values).to.deep.equal({ amount: 89.5, currency: 'GBP' });
    expect(
      fill([c('They charged me six hundred and twelve dollars forty for the repair, I want it refunded.')], MONEY, {
        timeZone: 'America/New_York',
        callTime: '2026-11-25T15:00:00.000Z',
      }).values,
    ).to.deep.equal({ amount: 612.4, currency: 'USD' });
  });

  it('does not read a count after the currency word as pence: "fifty pounds two weeks ago"', () => {
    expect(fill([c('I paid fifty pounds two weeks ago and want a refund.')], MONEY, london).values).to.deep.equal({ amount: 50, currency: 'GBP' });
  });

  it('does not take the phone’s pound key in an IVR prompt for a currency', () => {
    const { values } = fill([b('Please enter the last four digits of your card, followed by the pound key.'), c('Four four one nine.')], MONEY, {
      timeZone: 'America/New_York',
      callTime: '2026-11-25T15:00:00.000Z',
    });
    expect(values).to.deep.equal({});
  });
});

describe('smart fill rule classes: follow-up slots said in words', () => {
  const london = { timeZone: 'Europe/London', callTime: LONDON_CALL };
  it('takes the start of a slot said in words: "between two and four", "between nine and noon", "eight till one"', () => {
    expect(fill([a("I'll give you a ring tomorrow between two and four with an update.")], FOLLOW_UP, london).values).to.deep.equal({
      followUpDate: '2026-11-26',
      followUpAt: '2026-11-26T14:00:00.000Z',
    });
    expect(fill([a('The earliest is Friday, between nine and noon. Does that work?'), c("Friday's fine, I'm home.")], FOLLOW_UP, london).values).to.deep.equal({
      followUpDate: '2026-11-27',
      followUpAt: '2026-11-27T09:00:00.000Z',
    });
    expect(fill([c('Is there a Monday?'), a('Monday the thirtieth, eight till one, yes.'), c('Go on then, Monday.')], FOLLOW_UP, london).values).to.deep.equal({
      followUpDate: '2026-11-30',
      followUpAt: '2026-11-30T08:00:00.000Z',
    });
  });

  it('reads "afternoon, around three", "half nine" and "at ten-thirty", and skips a slot that is gone or cancelled', () => {
    expect(fill([a('A specialist will call you Thursday afternoon, around three, to take a statement.')], FOLLOW_UP, london).values).to.deep.equal({
      followUpDate: '2026-11-26',
      followUpAt: '2026-11-26T15:00:00.000Z',
    });
    const { values } = fill(
      [
        c('Could you do Monday morning? Like half nine?'),
        a("Monday the thirtieth... nine-thirty's gone, I'm afraid. I have ten-thirty or eleven-fifteen."),
        c("Ten-thirty's good."),
        a("Great, so I've moved you to Monday the thirtieth at ten-thirty, and cancelled the Friday one."),
      ],
      FOLLOW_UP,
      london,
    );
    expect(values).to.deep.equal({ followUpDate: '2026-11-30', followUpAt: '2026-11-30T10:30:00.000Z' });
  });

  it('does not read digits said one by one with dashes as a slot, nor a count of days as one', () => {
    const { values } = fill(
      [a("I'll call you back tomorrow. So oh-seven-seven-oh-oh, nine-oh-oh, four-six-one?"), c('Yep. And repairs take seven to ten business days?')],
      FOLLOW_UP,
      london,
    );
    expect(values).to.deep.equal({ followUpDate: '2026-11-26' });
  });

  it('does not take an estimate, a past day or a day that says what did not happen for the follow-up', () => {
    expect(fill([a('The current estimate is six p.m. today, but that could change. I can send you text updates.')], FOLLOW_UP, london).values).to.deep.equal({});
    expect(fill([c('Yeah, the new one came on Monday, and it just says card not valid. Can you call me?')], FOLLOW_UP, london).values).to.deep.equal({});
    expect(fill([a('好的，尾号1207的卡今天没有新的交易，我现在就给您做挂失。')], FOLLOW_UP).values).to.deep.equal({});
  });
});

describe('smart fill rule classes: status from what the agent did and promised', () => {
  const en = { timeZone: 'Europe/London', callTime: LONDON_CALL };
  const status = (lines: readonly Line[], extra: Partial<SmartFillInput> = {}): unknown => fill(lines, STATUS, extra).values['status'];

  it('is resolved when the agent reports it done in the first person, in both languages', () => {
    expect(status([c('Can I swap them for a ten?'), a("I've set up the exchange and emailed you a prepaid return label."), c('Great, thanks a lot.')], en)).to.equal('resolved');
    expect(status([c('So can refund or not?'), a("Yes, I've already refunded one of the charges back to your Visa."), c('Okay, thank you.')], en)).to.equal('resolved');
    expect(status([c('那给我退一笔啊。'), a('已经帮您把其中一笔25元退回到微信支付了。'), c('好的好的。')])).to.equal('resolved');
    expect(status([a('已经提交重开了，系统显示开具成功，十分钟左右会到您邮箱。'), c('好嘞，麻烦了。')])).to.equal('resolved');
  });

  it('lets a reported refund close a review it was stuck in, but not a callback still promised', () => {
    expect(status([a('我这边看到退款还卡在待审核，我现在就帮您提交……好了，四百五十九元已经原路退回到您的支付宝了。'), c('行，那我等着，谢谢。')])).to.equal(
      'resolved',
    );
    expect(status([a('明天下午六点前会有争议专员给您回电。'), c('好的。'), a('好的，已经记下了。这张卡已经冻结，请您留意专员的电话。')])).to.equal('follow-up');
  });

  it('is follow-up on "someone will call you", "I\'ll give you a ring", "while we look into it"', () => {
    expect(status([a('A specialist from our disputes team will call you Thursday afternoon.'), c('Okay.')], en)).to.equal('follow-up');
    expect(status([a("I'll give you a ring tomorrow with an update."), c("No, that's it, cheers.")], en)).to.equal('follow-up');
    expect(status([a("You'll get a temporary credit within a couple of days while we look into it."), c('Great, thanks.')], en)).to.equal('follow-up');
  });

  it('does not take "that\'s it" confirming a read-back, a callback question or 核实身份 for a status', () => {
    expect(status([a('A specialist will call you tomorrow.'), a('07456 882310?'), c("That's it.")], en)).to.equal('follow-up');
    expect(status([a('今天下午五点前网点主管会给您回电话，请问打哪个号码？')])).to.equal('follow-up');
    expect(status([a('为了核实身份，麻烦报一下姓名。'), c('王丽娟。'), a('好的，核实通过。已经挂失成功了。'), c('好，谢谢你啊。')])).to.equal('resolved');
  });
});

describe('smart fill rule classes: categories customers describe without their names', () => {
  const tree: CategoryNode[] = [
    {
      id: 'shopping',
      name: { en: 'Shopping', 'zh-CN': '购物' },
      children: [{ id: 'order-issue', name: { en: 'Order problem', 'zh-CN': '订单问题' } }],
    },
    {
      id: 'delivery',
      name: { en: 'Delivery', 'zh-CN': '物流配送' },
      children: [
        { id: 'delivery-delay', name: { en: 'Delivery delay', 'zh-CN': '物流异常' } },
        { id: 'missing-item', name: { en: 'Missing item', 'zh-CN': '丢件' } },
      ],
    },
    {
      id: 'after-sales',
      name: { en: 'After-sales', 'zh-CN': '售后服务' },
      children: [
        { id: 'repair', name: { en: 'Repair', 'zh-CN': '维修' } },
        { id: 'exchange', name: { en: 'Exchange', 'zh-CN': '换货' } },
      ],
    },
    {
      id: 'appointments',
      name: { en: 'Appointments', 'zh-CN': '预约服务' },
      children: [
        { id: 'booking', name: { en: 'Book an appointment', 'zh-CN': '预约' } },
        { id: 'reschedule', name: { en: 'Reschedule', 'zh-CN': '改约' } },
      ],
    },
  ];
  const category = (lines: readonly Line[]): unknown => fill(lines, CATEGORY, { categories: tree }).values['categoryId'];

  it('files a part missing from the box as a missing item, not an exchange, though a replacement is sent', () => {
    expect(
      category([
        c('I got my order yesterday, the box had the headphones and the case, but no charging dock. It’s just not in there.'),
        a("The dock wasn't packed. I've sent a replacement dock out at no charge."),
      ]),
    ).to.equal('missing-item');
  });

  it('files a leak a technician must look at as a repair, and an order changed before it ships as an order problem', () => {
    expect(category([c('我家洗衣机一洗就往下漏水，地上全是水。'), a('好的，那需要安排师傅上门检测。')])).to.equal('repair');
    expect(category([c('我前天下了个单，颜色选错了，应该还没发货吧？能不能帮我改一下。'), a('可以的，我这边直接帮您修改。')])).to.equal('order-issue');
    expect(category([c("I placed an order eight days ago and it's still saying processing. Nothing's shipped.")])).to.equal('order-issue');
  });

  it('files moving an existing appointment as a reschedule, not a booking', () => {
    expect(category([c("I've got a physio appointment this Friday at two and I need to move it."), a('When suits instead?')])).to.equal('reschedule');
  });
});

describe('smart fill rule classes: phone numbers of every region, and "this number" that only identifies', () => {
  // As the workbench does with the engine's chunk: the phone metadata of every region.
  before(() => prepareSmartFill());

  it('reads an Irish mobile in a Dublin call and an Australian landline in a call where the customer "won\'t" be in', () => {
    const dublin = { timeZone: 'Europe/Dublin', callTime: LONDON_CALL, defaultCountry: 'GB' };
    expect(fill([a("What's the best number?"), c('My mobile, oh eight five, seven seven one, four oh two six.')], PHONE, dublin).values).to.deep.equal({
      phone: '+353857714026',
    });
    const brisbane = { timeZone: 'Australia/Brisbane', callTime: '2026-11-25T00:00:00.000Z', defaultCountry: 'AU' };
    expect(
      fill([c("I won't be home, so ring me on oh-seven, three three six nine, double four one two. That's the office.")], PHONE, brisbane).values,
    ).to.deep.equal({ phone: '+61733694412' });
  });

  it('reads "oh seven seven hundred, nine hundred, four one two", and not the caller’s landline the agent asked about', () => {
    const { values } = fill(
      [
        a('Is this number best, the oh one six one?'),
        c("No, don't use the landline, I won't be in. Mobile, it's oh seven seven hundred, nine hundred, four one two."),
      ],
      PHONE,
      { timeZone: 'Europe/London', callTime: LONDON_CALL, defaultCountry: 'GB', callerNumber: '+441614960734' },
    );
    expect(values).to.deep.equal({ phone: '+447700900412' });
  });

  it('does not take "it is this number" naming the account the call is about for a callback number', () => {
    const { values } = fill([a('您好，请问是哪个手机号开通的会员？'), c('就是我现在打的这个。'), a('好的，我查一下。')], PHONE, { callerNumber: '+8613560087721' });
    expect(values).to.deep.equal({});
  });
});

describe('smart fill rule classes: spoken emails with digits in Chinese, hyphenated domains and "all one word"', () => {
  const EMAIL = [field('email', 'email')];
  it('reads Chinese digits and pauses in an address, with the cue in the question it answers', () => {
    expect(fill([a('可以发到您邮箱。'), c('发吧，八六五三二幺零九九，艾特，qq点com。')], EMAIL).values).to.deep.equal({ email: '865321099@qq.com' });
    expect(fill([a('您的邮箱是？'), c('lily，下划线，chen，八八，艾特，一六三，点，com。')], EMAIL).values).to.deep.equal({ email: 'lily_chen88@163.com' });
  });

  it('reads "okafor hyphen build dot co dot uk" and joins words the agent confirms are "all one word"', () => {
    const london = { timeZone: 'Europe/London', callTime: LONDON_CALL };
    expect(fill([a('What email shall they send it to?'), c("It's j dot okafor at okafor hyphen build dot co dot uk.")], EMAIL, london).values).to.deep.equal({
      email: 'j.okafor@okafor-build.co.uk',
    });
    expect(
      fill([a('Would you like an email copy?'), c('Yeah, g whitfield plumbing at bigpond dot com.'), a('G whitfield plumbing, all one word?'), c('All one word, yeah.')], EMAIL, london)
        .values,
    ).to.deep.equal({ email: 'gwhitfieldplumbing@bigpond.com' });
  });
});
