import type {
  Agent,
  AgentPhoneSettings,
  CallDirection,
  CallLeg,
  CallOutcome,
  CallRecord,
  CategoryNode,
  ChatMessage,
  ChatSession,
  ContactPlan,
  ConversationSegment,
  Customer,
  DockingPage,
  FieldValue,
  FormField,
  HangupBy,
  ServiceSummary,
  SmsTemplate,
  Speaker,
  SummarySchema,
  Ticket,
  TicketPriority,
  TicketSchema,
  TicketStatus,
} from '../types.js';

/**
 * Everything a {@link MemoryBackend} starts with: plain data, no behaviour.
 * Pass your own to `new MemoryBackend({ seed })`; it is copied, never shared.
 */
export interface Seed {
  readonly agents: readonly Agent[];
  readonly customers: readonly Customer[];
  readonly tickets: readonly Ticket[];
  readonly calls: readonly CallRecord[];
  readonly chats: readonly ChatSession[];
  readonly summaries: readonly ServiceSummary[];
  readonly contactPlans: readonly ContactPlan[];
  /** Transcript segments of any number of calls (each names its `callId`). */
  readonly conversations: readonly ConversationSegment[];
  readonly smsTemplates: readonly SmsTemplate[];
  readonly dockingPages: readonly DockingPage[];
  readonly ticketSchema: TicketSchema;
  readonly summarySchema: SummarySchema;
  /** The signed-in agent's telephony settings. */
  readonly phoneSettings: AgentPhoneSettings;
}

/** Ids and numbers in the default seed that demos and tests can rely on. */
export const SEED_IDS = {
  /** The signed-in agent, 李娜 (Li Na), extension 1001. */
  me: 'agent-1001',
  /** 张伟, VIP at 北京云途科技有限公司, +8613800138000. */
  zhangWei: 'cust-zhang-wei',
  zhangWeiPhone: '+8613800138000',
  /** Emily Carter, English-speaking, +14155550123. */
  emilyCarter: 'cust-emily-carter',
  emilyCarterPhone: '+14155550123',
  /** 陈静, +8613912345678. */
  chenJing: 'cust-chen-jing',
  chenJingPhone: '+8613912345678',
  /** A number no customer has. */
  unknownPhone: '+8613900139000',
  /** The latest call: 张伟 inbound, with a transcript and no summary yet. */
  latestCall: 'call-0001',
  /** Emily Carter inbound, English transcript and a saved summary. */
  englishCall: 'call-0002',
  /** An outbound call to 陈静 with a recording. */
  recordedCall: 'call-0004',
  /** A call transferred from 王强 to 李娜 (two legs), with a downstream ticket. */
  transferredCall: 'call-0005',
} as const;

// ----------------------------------------------------------------- helpers

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** `20261125` for an instant (UTC). */
export function ymd(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error('index into an empty list');
  return item;
}

// ------------------------------------------------------------ configuration

const AGENTS: readonly Agent[] = [
  { id: 'agent-1001', name: '李娜', extension: '1001', email: 'li.na@yuntu.example.com' },
  { id: 'agent-1002', name: '王强', extension: '1002', email: 'wang.qiang@yuntu.example.com' },
  { id: 'agent-1003', name: 'Emily Carter', extension: '1003', email: 'emily.carter@yuntu.example.com' },
  { id: 'agent-1004', name: '刘洋', extension: '1004', email: 'liu.yang@yuntu.example.com' },
  { id: 'agent-1005', name: 'Daniel Wong', extension: '1005', email: 'daniel.wong@yuntu.example.com' },
  { id: 'agent-1006', name: '赵敏', extension: '1006', email: 'zhao.min@yuntu.example.com' },
];

const CATEGORIES: readonly CategoryNode[] = [
  {
    id: 'cat-aftersales',
    name: { en: 'After-sales', 'zh-CN': '售后服务' },
    keywords: ['售后', 'after-sales'],
    children: [
      {
        id: 'cat-aftersales-returns',
        name: { en: 'Returns', 'zh-CN': '退换货' },
        keywords: ['退换', 'return'],
        children: [
          {
            id: 'cat-aftersales-returns-refund',
            name: { en: 'Refund', 'zh-CN': '退货' },
            keywords: ['退货', '退款', 'refund', 'money back'],
          },
          {
            id: 'cat-aftersales-returns-exchange',
            name: { en: 'Exchange', 'zh-CN': '换货' },
            keywords: ['换货', '换一个', '尺码', 'exchange', 'swap'],
          },
        ],
      },
      {
        id: 'cat-aftersales-repair',
        name: { en: 'Repair', 'zh-CN': '维修' },
        keywords: ['维修', '坏了', 'repair', 'broken'],
        children: [
          {
            id: 'cat-aftersales-repair-warranty',
            name: { en: 'Warranty', 'zh-CN': '保修' },
            keywords: ['保修', '质保', 'warranty'],
          },
          {
            id: 'cat-aftersales-repair-onsite',
            name: { en: 'On-site repair', 'zh-CN': '上门维修' },
            keywords: ['上门', '师傅', 'technician', 'on-site'],
          },
        ],
      },
    ],
  },
  {
    id: 'cat-logistics',
    name: { en: 'Logistics', 'zh-CN': '物流' },
    keywords: ['物流', '快递', 'shipping'],
    children: [
      {
        id: 'cat-logistics-delivery',
        name: { en: 'Delivery', 'zh-CN': '配送' },
        keywords: ['配送', '送货', 'delivery'],
        children: [
          {
            id: 'cat-logistics-delivery-delay',
            name: { en: 'Delay', 'zh-CN': '延迟' },
            keywords: ['延迟', '没收到', '还没到', '慢', 'late', 'delay', 'not arrived'],
          },
          {
            id: 'cat-logistics-delivery-lost',
            name: { en: 'Lost parcel', 'zh-CN': '丢件' },
            keywords: ['丢件', '丢了', '签收', 'lost', 'missing parcel'],
          },
        ],
      },
      {
        id: 'cat-logistics-address',
        name: { en: 'Address', 'zh-CN': '地址' },
        keywords: ['地址', 'address'],
        children: [
          {
            id: 'cat-logistics-address-change',
            name: { en: 'Address change', 'zh-CN': '修改地址' },
            keywords: ['改地址', '修改地址', 'change address'],
          },
        ],
      },
    ],
  },
  {
    id: 'cat-account',
    name: { en: 'Account', 'zh-CN': '账户' },
    keywords: ['账户', '账号', 'account'],
    children: [
      {
        id: 'cat-account-login',
        name: { en: 'Login', 'zh-CN': '登录' },
        keywords: ['登录', 'login', 'sign in'],
        children: [
          {
            id: 'cat-account-login-password',
            name: { en: 'Password reset', 'zh-CN': '密码重置' },
            keywords: ['密码', '重置', 'password', 'reset'],
          },
          {
            id: 'cat-account-login-locked',
            name: { en: 'Account locked', 'zh-CN': '账户锁定' },
            keywords: ['锁定', '冻结', 'locked'],
          },
        ],
      },
      {
        id: 'cat-account-billing',
        name: { en: 'Billing', 'zh-CN': '账单' },
        keywords: ['账单', '付款', 'billing'],
        children: [
          {
            id: 'cat-account-billing-invoice',
            name: { en: 'Invoice', 'zh-CN': '发票' },
            keywords: ['发票', '开票', 'invoice', 'receipt'],
          },
          {
            id: 'cat-account-billing-charge',
            name: { en: 'Disputed charge', 'zh-CN': '扣费异议' },
            keywords: ['扣费', '多扣', '重复扣款', 'charged twice', 'charge'],
          },
        ],
      },
    ],
  },
  {
    id: 'cat-inquiry',
    name: { en: 'Inquiry', 'zh-CN': '咨询' },
    keywords: ['咨询', 'question'],
    children: [
      {
        id: 'cat-inquiry-product',
        name: { en: 'Product', 'zh-CN': '产品' },
        keywords: ['产品', 'product'],
        children: [
          {
            id: 'cat-inquiry-product-pricing',
            name: { en: 'Pricing', 'zh-CN': '价格' },
            keywords: ['价格', '多少钱', '报价', 'price', 'pricing', 'quote'],
          },
          {
            id: 'cat-inquiry-product-specs',
            name: { en: 'Specifications', 'zh-CN': '规格参数' },
            keywords: ['尺寸', '参数', '规格', 'size', 'specs'],
          },
        ],
      },
      {
        id: 'cat-inquiry-promotion',
        name: { en: 'Promotions', 'zh-CN': '活动' },
        keywords: ['活动', '促销', 'promotion'],
        children: [
          {
            id: 'cat-inquiry-promotion-coupon',
            name: { en: 'Coupons', 'zh-CN': '优惠券' },
            keywords: ['优惠券', '折扣码', 'coupon', 'discount code'],
          },
        ],
      },
    ],
  },
];

const ORDER_NUMBER_PATTERN = '^[A-Z]{2}\\d{8}$';

const TICKET_FIELDS: readonly FormField[] = [
  {
    key: 'orderNumber',
    label: { en: 'Order number', 'zh-CN': '订单号' },
    type: 'text',
    pattern: ORDER_NUMBER_PATTERN,
    maxLength: 10,
    placeholder: { en: 'e.g. YT20261118', 'zh-CN': '例如 YT20261118' },
    extract: 'orderNumber',
  },
  {
    key: 'channel',
    label: { en: 'Purchase channel', 'zh-CN': '购买渠道' },
    type: 'select',
    required: true,
    options: [
      { value: 'online', label: { en: 'Online store', 'zh-CN': '官方商城' } },
      { value: 'app', label: { en: 'Mobile app', 'zh-CN': '手机 App' } },
      { value: 'wechat', label: { en: 'WeChat mini program', 'zh-CN': '微信小程序' } },
      { value: 'offline', label: { en: 'Retail store', 'zh-CN': '线下门店' } },
    ],
  },
  {
    key: 'amount',
    label: { en: 'Amount (CNY)', 'zh-CN': '金额（元）' },
    type: 'number',
    min: 0,
    max: 1_000_000,
    extract: 'amount',
  },
  {
    key: 'purchaseDate',
    label: { en: 'Purchase date', 'zh-CN': '购买日期' },
    type: 'date',
    extract: 'date',
  },
  {
    key: 'callbackAt',
    label: { en: 'Preferred callback time', 'zh-CN': '期望回电时间' },
    type: 'datetime',
    extract: 'datetime',
  },
  {
    key: 'issueTags',
    label: { en: 'Issues', 'zh-CN': '问题标签' },
    type: 'multiselect',
    options: [
      { value: 'damaged', label: { en: 'Damaged', 'zh-CN': '商品破损' } },
      { value: 'wrong-item', label: { en: 'Wrong item', 'zh-CN': '发错货' } },
      { value: 'late', label: { en: 'Late', 'zh-CN': '延误' } },
      { value: 'missing-parts', label: { en: 'Missing parts', 'zh-CN': '缺少配件' } },
    ],
  },
  {
    key: 'region',
    label: { en: 'Region', 'zh-CN': '所在地区' },
    type: 'cascade',
    options: [
      {
        value: 'beijing',
        label: { en: 'Beijing', 'zh-CN': '北京' },
        children: [
          { value: 'haidian', label: { en: 'Haidian', 'zh-CN': '海淀区' } },
          { value: 'chaoyang', label: { en: 'Chaoyang', 'zh-CN': '朝阳区' } },
        ],
      },
      {
        value: 'shanghai',
        label: { en: 'Shanghai', 'zh-CN': '上海' },
        children: [
          { value: 'pudong', label: { en: 'Pudong', 'zh-CN': '浦东新区' } },
          { value: 'xuhui', label: { en: 'Xuhui', 'zh-CN': '徐汇区' } },
        ],
      },
      {
        value: 'guangdong',
        label: { en: 'Guangdong', 'zh-CN': '广东省' },
        children: [
          { value: 'shenzhen', label: { en: 'Shenzhen', 'zh-CN': '深圳市' } },
          { value: 'guangzhou', label: { en: 'Guangzhou', 'zh-CN': '广州市' } },
        ],
      },
      {
        value: 'zhejiang',
        label: { en: 'Zhejiang', 'zh-CN': '浙江省' },
        children: [
          { value: 'hangzhou', label: { en: 'Hangzhou', 'zh-CN': '杭州市' } },
          { value: 'ningbo', label: { en: 'Ningbo', 'zh-CN': '宁波市' } },
        ],
      },
    ],
  },
  {
    key: 'internalNotes',
    label: { en: 'Internal notes', 'zh-CN': '内部备注' },
    type: 'textarea',
    maxLength: 1000,
  },
  {
    key: 'callbackRequested',
    label: { en: 'Customer asked for a callback', 'zh-CN': '客户要求回电' },
    type: 'checkbox',
  },
];

const SUMMARY_FIELDS: readonly FormField[] = [
  {
    key: 'callbackPhone',
    label: { en: 'Callback number', 'zh-CN': '回电号码' },
    type: 'text',
    pattern: '^\\+?[0-9][0-9 -]{5,19}$',
    extract: 'phone',
    placeholder: { en: '+86 138 0013 8000', 'zh-CN': '例如 13800138000' },
  },
  {
    key: 'orderNumber',
    label: { en: 'Order number', 'zh-CN': '订单号' },
    type: 'text',
    pattern: ORDER_NUMBER_PATTERN,
    extract: 'orderNumber',
  },
  {
    key: 'satisfaction',
    label: { en: 'Customer satisfaction', 'zh-CN': '客户满意度' },
    type: 'select',
    options: [
      { value: 'very-satisfied', label: { en: 'Very satisfied', 'zh-CN': '非常满意' } },
      { value: 'satisfied', label: { en: 'Satisfied', 'zh-CN': '满意' } },
      { value: 'neutral', label: { en: 'Neutral', 'zh-CN': '一般' } },
      { value: 'dissatisfied', label: { en: 'Dissatisfied', 'zh-CN': '不满意' } },
    ],
  },
];

const SUMMARY_SCHEMA: SummarySchema = {
  statuses: [
    { value: 'resolved', label: { en: 'Resolved', 'zh-CN': '已解决' }, resolved: true },
    { value: 'follow-up', label: { en: 'Follow-up', 'zh-CN': '待跟进' } },
    { value: 'escalated', label: { en: 'Escalated', 'zh-CN': '已升级' } },
    { value: 'no-action', label: { en: 'No action needed', 'zh-CN': '无需处理' } },
  ],
  categories: CATEGORIES,
  templates: [
    {
      id: 'tpl-refund',
      name: { en: 'Refund request', 'zh-CN': '退货申请' },
      categoryId: 'cat-aftersales-returns-refund',
      status: 'follow-up',
      remark: '客户申请退货退款，已告知退货流程；仓库收货后 3 个工作日内原路退款。',
      fields: { satisfaction: 'neutral' },
      keywords: ['退货', '退款', 'refund', 'return'],
    },
    {
      id: 'tpl-delivery-delay',
      name: { en: 'Delivery delay', 'zh-CN': '物流延迟' },
      categoryId: 'cat-logistics-delivery-delay',
      status: 'follow-up',
      remark: '包裹延误，已联系物流加急处理，约定次日回电告知进度。',
      fields: {},
      keywords: ['快递', '没收到', '延迟', '物流', 'late', 'delay'],
    },
    {
      id: 'tpl-password-reset',
      name: { en: 'Password reset', 'zh-CN': '密码重置' },
      categoryId: 'cat-account-login-password',
      status: 'resolved',
      remark: 'Verified identity and sent a password reset link; customer signed in successfully.',
      fields: { satisfaction: 'satisfied' },
      keywords: ['密码', 'password', 'reset', 'login'],
    },
    {
      id: 'tpl-pricing',
      name: { en: 'Pricing inquiry', 'zh-CN': '价格咨询' },
      categoryId: 'cat-inquiry-product-pricing',
      status: 'resolved',
      remark: '已介绍产品价格及当前优惠，客户表示会考虑。',
      fields: { satisfaction: 'satisfied' },
      keywords: ['价格', '多少钱', '报价', 'price', 'quote'],
    },
  ],
  fields: SUMMARY_FIELDS,
};

const SMS_TEMPLATES: readonly SmsTemplate[] = [
  {
    id: 'sms-missed-callback',
    name: '未接来电回访',
    body: '{{name}}您好，我们于{{callTime}}未能接通您的来电，客服{{agent}}将尽快回电，也可拨打 400-800-1234 联系我们。',
    variables: ['name', 'callTime', 'agent'],
    signature: '【云途客服】',
  },
  {
    id: 'sms-ticket-created',
    name: '工单受理通知',
    body: '{{name}}您好，您反馈的问题已受理，工单号 {{ticketNumber}}，我们将在 24 小时内处理并回复。',
    variables: ['name', 'ticketNumber'],
    signature: '【云途客服】',
  },
  {
    id: 'sms-ticket-update-en',
    name: 'Ticket update (English)',
    body: 'Hi {{name}}, your request {{ticketNumber}} is being handled by {{agent}}. We will call you back soon. Reply STOP to opt out.',
    variables: ['name', 'ticketNumber', 'agent'],
    signature: '[Yuntu Support]',
  },
  {
    id: 'sms-direct-line-en',
    name: 'Direct line (English)',
    body: 'Hi {{name}}, this is {{agent}} from Yuntu. You can reach me directly at {{phone}}.',
    variables: ['name', 'agent', 'phone'],
    signature: null,
  },
];

const DOCKING_PAGES: readonly DockingPage[] = [
  {
    id: 'dock-orders',
    name: { en: 'Orders', 'zh-CN': '订单查询' },
    urlTemplate: 'https://crm.example.com/orders?phone={{phone}}&call={{callId}}',
    order: 1,
    directions: ['inbound', 'outbound'],
    height: null,
    sandbox: null,
  },
  {
    id: 'dock-kb',
    name: { en: 'Knowledge base', 'zh-CN': '知识库' },
    urlTemplate: 'https://kb.example.com/search?q={{phone}}',
    order: 2,
    directions: ['inbound'],
    height: null,
    sandbox: null,
  },
  {
    id: 'dock-customer-360',
    name: { en: 'Customer 360', 'zh-CN': '客户全景' },
    urlTemplate: 'https://crm.example.com/customers/{{customerId}}?agent={{agentId}}&direction={{direction}}',
    order: 3,
    directions: ['inbound', 'outbound'],
    height: 480,
    sandbox: 'allow-scripts allow-forms allow-popups',
  },
];

function phoneSettingsFor(agent: Agent): AgentPhoneSettings {
  return {
    callPermission: true,
    extension: agent.extension,
    callerId: {
      mode: 'pool',
      numbers: [
        {
          number: '+861058001234',
          label: '北京 Beijing',
          regions: ['CN'],
          prefixes: ['+86138', '+86139', '+86186', '+8610'],
        },
        {
          number: '+862161234567',
          label: '上海 Shanghai',
          regions: ['CN', 'HK'],
          prefixes: ['+86150', '+86151', '+86188', '+8621', '+852'],
        },
        {
          number: '+14155550100',
          label: 'San Francisco (US)',
          regions: ['US', 'CA', 'GB'],
          prefixes: ['+1', '+44'],
        },
      ],
      header: 'X-Display-Number',
    },
    breakReasons: [
      { id: 'lunch', label: { en: 'Lunch', 'zh-CN': '午餐' } },
      { id: 'training', label: { en: 'Training', 'zh-CN': '培训' } },
      { id: 'meeting', label: { en: 'Meeting', 'zh-CN': '会议' } },
    ],
    acwSeconds: 30,
    autoAnswer: false,
    viewFullNumbers: true,
  };
}

/** A seed with the agents, schemas and configuration but no customers, calls, tickets… */
export function createEmptySeed(_now: Date = new Date()): Seed {
  const me = AGENTS[0] as Agent;
  return structuredClone({
    agents: AGENTS,
    customers: [],
    tickets: [],
    calls: [],
    chats: [],
    summaries: [],
    contactPlans: [],
    conversations: [],
    smsTemplates: SMS_TEMPLATES,
    dockingPages: DOCKING_PAGES,
    ticketSchema: { categories: CATEGORIES, fields: TICKET_FIELDS },
    summarySchema: SUMMARY_SCHEMA,
    phoneSettings: phoneSettingsFor(me),
  });
}

// ---------------------------------------------------------------- customers

interface CustomerSpec {
  readonly id: string;
  readonly name: string;
  readonly phones: readonly string[];
  readonly email?: string;
  readonly company?: string;
  readonly address?: string;
  readonly level?: 'vip';
  readonly tags?: readonly string[];
  readonly notes?: string;
  /** Prefers English. */
  readonly en?: true;
}

const CUSTOMERS: readonly CustomerSpec[] = [
  {
    id: 'cust-zhang-wei',
    name: '张伟',
    phones: ['+8613800138000', '+861088886666'],
    email: 'zhang.wei@yuntu-tech.example.com',
    company: '北京云途科技有限公司',
    address: '北京市海淀区中关村大街 27 号中关村大厦 8 层',
    level: 'vip',
    tags: ['VIP', '企业客户', '年度合同'],
    notes: '采购负责人，偏好下午 2 点后联系；对物流时效比较敏感。',
  },
  {
    id: 'cust-emily-carter',
    name: 'Emily Carter',
    phones: ['+14155550123'],
    email: 'emily.carter@example.com',
    company: 'Carter & Lane Design',
    address: '500 Howard St, San Francisco, CA 94105, USA',
    tags: ['English', 'Design studio'],
    notes: 'Prefers email follow-ups. Pacific Time.',
    en: true,
  },
  {
    id: 'cust-chen-jing',
    name: '陈静',
    phones: ['+8613912345678'],
    email: 'chenjing@mingyuan.example.cn',
    company: '上海明远贸易有限公司',
    address: '上海市浦东新区世纪大道 1000 号',
    tags: ['复购客户'],
  },
  { id: 'cust-wang-fang', name: '王芳', phones: ['+8615012345601'], address: '广东省深圳市南山区科技园南区', tags: ['新客户'] },
  {
    id: 'cust-li-ming',
    name: '李明',
    phones: ['+8618611112222', '+8613711112222'],
    email: 'liming@example.cn',
    company: '杭州启明电子商务有限公司',
    address: '浙江省杭州市西湖区文三路 90 号',
    level: 'vip',
    tags: ['VIP', '经销商'],
  },
  { id: 'cust-zhao-lei', name: '赵磊', phones: ['+8615988887777'], tags: [] },
  { id: 'cust-sun-li', name: '孙丽', phones: ['+8613600001111'], email: 'sunli@example.cn', address: '北京市朝阳区建国路 88 号' },
  { id: 'cust-zhou-jie', name: '周杰', phones: ['+8618888880001'], company: '广州星河物流有限公司', tags: ['物流合作'] },
  { id: 'cust-wu-xia', name: '吴霞', phones: ['+8615300002222'], address: '浙江省宁波市鄞州区' },
  {
    id: 'cust-zheng-hao',
    name: '郑浩',
    phones: ['+8613500003333'],
    email: 'zhenghao@example.cn',
    notes: '曾投诉配送延误，沟通时注意语气。',
    tags: ['投诉过'],
  },
  { id: 'cust-huang-lei', name: '黄蕾', phones: ['+8618200004444'], company: '成都锦程文化传媒有限公司' },
  { id: 'cust-he-jun', name: '何军', phones: ['+8613300005555'] },
  { id: 'cust-lin-ting', name: '林婷', phones: ['+8615800006666'], email: 'linting@example.cn', tags: ['会员'] },
  { id: 'cust-ma-chao', name: '马超', phones: ['+8618900007777'], address: '上海市徐汇区漕溪北路 18 号' },
  { id: 'cust-zhu-lin', name: '朱琳', phones: ['+8613100008888'], company: '南京鼎盛家居有限公司', level: 'vip', tags: ['VIP'] },
  { id: 'cust-hu-bin', name: '胡斌', phones: ['+8615100009999'] },
  { id: 'cust-guo-min', name: '郭敏', phones: ['+8618500001234'], email: 'guomin@example.cn' },
  { id: 'cust-gao-xiang', name: '高翔', phones: ['+8613200005678'], tags: ['企业客户'], company: '武汉高新智造有限公司' },
  { id: 'cust-luo-jia', name: '罗佳', phones: ['+8615600004321', '+8615600004322'], address: '广东省广州市天河区体育西路' },
  { id: 'cust-liang-chen', name: '梁晨', phones: ['+8618700008765'] },
  { id: 'cust-song-yu', name: '宋雨', phones: ['+8613400002468'], email: 'songyu@example.cn', tags: ['会员'] },
  { id: 'cust-xie-peng', name: '谢鹏', phones: ['+8615700001357'], company: '重庆山城汽配有限公司' },
  { id: 'cust-han-xue', name: '韩雪', phones: ['+8618300009753'], address: '北京市海淀区学院路 35 号' },
  {
    id: 'cust-oliver-smith',
    name: 'Oliver Smith',
    phones: ['+447700900123'],
    email: 'oliver.smith@smithlogistics.example.co.uk',
    company: 'Smith Logistics Ltd',
    address: '221B Baker Street, London NW1 6XE, UK',
    tags: ['English', 'Wholesale'],
    en: true,
  },
  {
    id: 'cust-chan-tai-man',
    name: '陳大文 Chan Tai Man',
    phones: ['+85291234567'],
    email: 'taiman.chan@example.com.hk',
    company: 'Harbour Trading Co.',
    address: '18 Harbour Road, Wan Chai, Hong Kong',
    tags: ['Hong Kong'],
    en: true,
  },
  {
    id: 'cust-michael-johnson',
    name: 'Michael Johnson',
    phones: ['+12125550147', '+12125550148'],
    email: 'm.johnson@example.com',
    company: 'Johnson Home Goods LLC',
    address: '350 Fifth Avenue, New York, NY 10118, USA',
    level: 'vip',
    tags: ['VIP', 'English'],
    en: true,
  },
  {
    id: 'cust-sarah-lee',
    name: 'Sarah Lee',
    phones: ['+16505550199'],
    email: 'sarah.lee@example.com',
    address: '1 Hacker Way, Menlo Park, CA 94025, USA',
    en: true,
  },
  { id: 'cust-tang-xin', name: '唐欣', phones: ['+8613800138001'], email: 'tangxin@example.cn', notes: '号码与张伟相近，注意核对。' },
  { id: 'cust-feng-tao', name: '冯涛', phones: ['+8615912340000'], company: '西安丝路文旅有限公司' },
  { id: 'cust-cao-ying', name: '曹颖', phones: ['+8618012345678'], email: 'caoying@example.cn', tags: ['会员', '复购客户'] },
];

// ------------------------------------------------------------------ tickets

interface Topic {
  readonly categoryId: string;
  readonly zh: readonly [title: string, description: string];
  readonly en: readonly [title: string, description: string];
  readonly issueTags?: readonly string[];
}

const TOPICS: readonly Topic[] = [
  {
    categoryId: 'cat-aftersales-returns-refund',
    zh: ['申请退货退款', '客户收到的商品外包装破损，机身有划痕，要求退货退款。'],
    en: ['Refund request for a damaged item', 'The item arrived with a cracked casing; the customer wants a refund.'],
    issueTags: ['damaged'],
  },
  {
    categoryId: 'cat-aftersales-returns-exchange',
    zh: ['尺码不合适申请换货', '客户购买的 M 码偏小，希望换成 L 码，商品未拆吊牌。'],
    en: ['Exchange for a different size', 'Ordered size M, needs L. Tags still attached.'],
    issueTags: ['wrong-item'],
  },
  {
    categoryId: 'cat-aftersales-repair-warranty',
    zh: ['扫地机器人无法充电', '购买 8 个月，回充座指示灯不亮，机器无法充电，在保修期内。'],
    en: ['Robot vacuum will not charge', 'Dock light stays off; bought 8 months ago, still under warranty.'],
  },
  {
    categoryId: 'cat-aftersales-repair-onsite',
    zh: ['预约空调上门维修', '空调制冷效果差，客户希望本周六上午安排师傅上门。'],
    en: ['Book an on-site repair visit', 'Air conditioner not cooling; customer asks for a Saturday morning visit.'],
  },
  {
    categoryId: 'cat-logistics-delivery-delay',
    zh: ['快递超过 5 天未送达', '物流信息停留在转运中心已 3 天，客户着急使用。'],
    en: ['Parcel delayed for over a week', 'Tracking has not moved from the sorting centre for 3 days.'],
    issueTags: ['late'],
  },
  {
    categoryId: 'cat-logistics-delivery-lost',
    zh: ['物流显示已签收但未收到', '快递显示已由门卫代签，客户核实后未收到包裹。'],
    en: ['Marked as delivered but not received', 'Tracking says delivered to reception; the customer has nothing.'],
  },
  {
    categoryId: 'cat-logistics-address-change',
    zh: ['修改收货地址', '订单尚未发货，客户搬家需要修改收货地址。'],
    en: ['Change the delivery address', 'Order not shipped yet; customer moved and needs a new address.'],
  },
  {
    categoryId: 'cat-account-login-password',
    zh: ['无法重置登录密码', '客户收不到重置密码的短信验证码。'],
    en: ['Cannot reset password', 'The password reset email never arrives.'],
  },
  {
    categoryId: 'cat-account-login-locked',
    zh: ['账户被锁定', '多次输错密码后账户被锁定，需要人工解锁。'],
    en: ['Account locked after failed sign-ins', 'Locked out after five failed attempts; needs a manual unlock.'],
  },
  {
    categoryId: 'cat-account-billing-invoice',
    zh: ['申请开具增值税专用发票', '企业客户需要开具增值税专用发票，已提供税号。'],
    en: ['Request a VAT invoice', 'Company customer needs a VAT invoice for last month’s order.'],
  },
  {
    categoryId: 'cat-account-billing-charge',
    zh: ['同一订单重复扣费', '客户银行卡对同一订单扣款两次，要求退还多扣金额。'],
    en: ['Charged twice for one order', 'The card statement shows two charges for the same order.'],
  },
  {
    categoryId: 'cat-inquiry-product-pricing',
    zh: ['咨询企业批量采购价格', '客户计划采购 200 台，咨询阶梯价格及开票方式。'],
    en: ['Volume pricing inquiry', 'Customer plans to buy 200 units and asks for tiered pricing.'],
  },
  {
    categoryId: 'cat-inquiry-product-specs',
    zh: ['咨询产品尺寸参数', '客户想确认冰箱的外形尺寸能否放入厨房嵌入位。'],
    en: ['Question about product dimensions', 'Customer wants to know if the fridge fits a built-in space.'],
  },
  {
    categoryId: 'cat-inquiry-promotion-coupon',
    zh: ['优惠券无法使用', '双十一优惠券在结算页提示不满足使用条件。'],
    en: ['Coupon code not accepted', 'Checkout says the holiday coupon does not apply to the cart.'],
  },
];

const STATUSES: readonly TicketStatus[] = ['open', 'open', 'pending', 'pending', 'resolved', 'resolved', 'closed'];
const PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'normal', 'normal', 'high', 'urgent'];
const CHANNELS = ['online', 'app', 'wechat', 'offline'] as const;
const REGIONS: readonly (readonly [string, string])[] = [
  ['beijing', 'haidian'],
  ['beijing', 'chaoyang'],
  ['shanghai', 'pudong'],
  ['shanghai', 'xuhui'],
  ['guangdong', 'shenzhen'],
  ['guangdong', 'guangzhou'],
  ['zhejiang', 'hangzhou'],
  ['zhejiang', 'ningbo'],
];

// -------------------------------------------------------------------- chats

type Script = readonly (readonly [Speaker, string])[];

const CHAT_SCRIPTS_ZH: readonly Script[] = [
  [
    ['customer', '你好，我的订单显示已发货三天了，怎么还没到？'],
    ['bot', '您好，请提供一下订单号，我帮您查询物流。'],
    ['customer', 'YT20261102'],
    ['agent', '查到了，包裹目前在杭州转运中心，预计明天送达。'],
    ['customer', '好的，谢谢。'],
  ],
  [
    ['customer', '请问这款空气净化器现在有活动吗？'],
    ['agent', '您好，本周购买立减 200 元，还赠送一套滤芯。'],
    ['customer', '企业采购可以开专票吗？'],
    ['agent', '可以的，下单时填写税号即可，发票随货寄出。'],
  ],
  [
    ['customer', '我想退货，衣服尺码太小了。'],
    ['bot', '您好，商品签收 7 天内且不影响二次销售可以申请退货。'],
    ['customer', '今天刚收到，吊牌还在。'],
    ['agent', '好的，我已为您提交退货申请，快递员明天上门取件。'],
    ['customer', '退款多久到账？'],
    ['agent', '仓库签收后 3 个工作日内原路退回。'],
    ['customer', '明白了，谢谢！'],
  ],
  [
    ['customer', '账号登录不上，一直提示密码错误。'],
    ['agent', '您好，可以通过登录页的「忘记密码」用手机号重置。'],
    ['customer', '收不到验证码。'],
    ['agent', '我这边帮您重新发送了，请查看短信，注意不要被拦截。'],
    ['customer', '收到了，已经登录上了。'],
  ],
  [
    ['customer', '扫地机器人回充座的灯不亮了。'],
    ['bot', '请尝试拔下电源适配器 10 秒后重新插上。'],
    ['customer', '试过了，还是不行。'],
    ['agent', '您的设备在保修期内，我给您登记售后维修，稍后会有师傅联系您。'],
  ],
  [
    ['customer', '优惠券为什么用不了？'],
    ['agent', '这张券需要满 599 元才能使用，您当前购物车是 560 元。'],
    ['customer', '哦，原来如此。'],
  ],
];

const CHAT_SCRIPTS_EN: readonly Script[] = [
  [
    ['customer', 'Hi, I was charged twice for the same order.'],
    ['bot', 'Sorry about that! Could you share the order number?'],
    ['customer', 'It is YT20261109.'],
    ['agent', 'Thanks, I can see the duplicate charge. I have requested a refund of the second payment.'],
    ['customer', 'How long will it take?'],
    ['agent', 'Usually 3 to 5 business days, depending on your bank.'],
  ],
  [
    ['customer', 'Does the 60L fridge fit a 70 cm wide space?'],
    ['agent', 'Yes, it is 59.5 cm wide and needs 5 cm of clearance at the back.'],
    ['customer', 'Great, thank you!'],
  ],
  [
    ['customer', 'Can I change the delivery address on my order?'],
    ['agent', 'Your order has not shipped yet, so yes. What is the new address?'],
    ['customer', '1 Hacker Way, Menlo Park.'],
    ['agent', 'Done. You will get an updated confirmation email shortly.'],
    ['customer', 'Perfect.'],
  ],
];

const CHAT_CHANNELS = ['web', 'app', 'wechat'] as const;

// -------------------------------------------------------------------- calls

interface CallSpec {
  readonly customer: string | null;
  /** Defaults to the customer's first phone. */
  readonly number?: string;
  readonly direction: CallDirection;
  readonly outcome: CallOutcome;
  readonly transfer?: true;
  readonly recording?: true;
  readonly ticket?: true;
  readonly queue?: string;
  readonly variables?: { readonly [name: string]: string };
}

const HOTLINE = '+864008001234';
const POOL = ['+861058001234', '+862161234567', '+14155550100'] as const;

const CALLS: readonly CallSpec[] = [
  { customer: 'cust-zhang-wei', direction: 'inbound', outcome: 'answered', queue: '售后服务 After-sales', variables: { ivr: '1-2', orderNumber: 'YT20261118' } },
  { customer: 'cust-emily-carter', direction: 'inbound', outcome: 'answered', queue: 'English support', variables: { ivr: '9-1', language: 'en' } },
  { customer: null, number: '+8613900139000', direction: 'inbound', outcome: 'missed', queue: '咨询 Inquiry' },
  { customer: 'cust-chen-jing', direction: 'outbound', outcome: 'answered', recording: true },
  { customer: 'cust-zhang-wei', direction: 'inbound', outcome: 'answered', transfer: true, ticket: true, queue: '售后服务 After-sales' },
  { customer: 'cust-wang-fang', direction: 'inbound', outcome: 'answered', queue: '物流 Logistics' },
  { customer: 'cust-li-ming', number: '+8613711112222', direction: 'outbound', outcome: 'rejected' },
  { customer: 'cust-oliver-smith', direction: 'inbound', outcome: 'answered', queue: 'English support', ticket: true },
  { customer: 'cust-zhao-lei', direction: 'inbound', outcome: 'missed', queue: '咨询 Inquiry' },
  { customer: 'cust-sun-li', direction: 'outbound', outcome: 'answered', ticket: true, variables: { campaign: 'Q4 回访' } },
  { customer: 'cust-zhang-wei', direction: 'outbound', outcome: 'answered' },
  { customer: 'cust-zhou-jie', direction: 'inbound', outcome: 'rejected', queue: '物流 Logistics' },
  { customer: 'cust-chan-tai-man', direction: 'inbound', outcome: 'answered', transfer: true, queue: 'English support' },
  { customer: 'cust-wu-xia', direction: 'outbound', outcome: 'missed' },
  { customer: 'cust-michael-johnson', direction: 'inbound', outcome: 'answered', ticket: true, queue: 'English support' },
  { customer: null, number: '+8617012345678', direction: 'inbound', outcome: 'answered', queue: '咨询 Inquiry' },
  { customer: 'cust-zheng-hao', direction: 'inbound', outcome: 'answered', queue: '物流 Logistics' },
  { customer: 'cust-huang-lei', direction: 'outbound', outcome: 'answered', variables: { campaign: 'Q4 回访' } },
  { customer: 'cust-chen-jing', direction: 'inbound', outcome: 'answered', queue: '售后服务 After-sales' },
  { customer: 'cust-he-jun', direction: 'inbound', outcome: 'missed', queue: '售后服务 After-sales' },
  { customer: 'cust-lin-ting', direction: 'inbound', outcome: 'answered', ticket: true, queue: '账户 Account' },
  { customer: 'cust-emily-carter', direction: 'outbound', outcome: 'answered' },
  { customer: 'cust-ma-chao', direction: 'inbound', outcome: 'answered', queue: '咨询 Inquiry' },
  { customer: 'cust-zhu-lin', direction: 'outbound', outcome: 'rejected' },
  { customer: 'cust-hu-bin', direction: 'inbound', outcome: 'answered', queue: '账户 Account' },
];

const TRANSCRIPTS: { readonly [callIndex: number]: Script } = {
  1: [
    ['bot', '您好，欢迎致电云途科技客服热线，请问有什么可以帮您？'],
    ['customer', '我上周买的扫地机器人到现在还没收到，订单号是 YT20261118。'],
    ['bot', '正在为您转接人工客服，请稍候。'],
    ['agent', '您好，我是客服李娜，工号 1001，我帮您查一下订单 YT20261118。'],
    ['customer', '好的，麻烦快一点，我下午还要出门。'],
    ['agent', '查到了，包裹在上海转运中心滞留了两天，预计明天送达，我给您登记加急处理。'],
    ['customer', '如果明天还到不了我就要退货了。有消息打我这个号码 13800138000 就行。'],
    ['agent', '明白，我建一个工单跟进，明天下午给您回电。'],
  ],
  2: [
    ['bot', 'Welcome to Yuntu support. Please tell us briefly how we can help.'],
    ['customer', 'I cannot log in, the password reset email never arrives.'],
    ['bot', 'Connecting you to an agent.'],
    ['agent', 'Hi Emily, this is Li Na. Let me check your account.'],
    ['customer', 'Thanks. My email is emily.carter@example.com.'],
    ['agent', 'I see the emails were blocked by your spam filter. I have sent a new reset link now.'],
    ['customer', 'Got it, I am in. Thank you!'],
  ],
  19: [
    ['bot', '您好，欢迎致电云途科技，售后服务请按 1。'],
    ['customer', '我要退货，收到的空气净化器外壳裂了。'],
    ['agent', '您好陈女士，很抱歉给您带来不便，请问订单号是多少？'],
    ['customer', '订单号 MY20261030，金额 1299 元。'],
    ['agent', '好的，已为您提交退货申请，快递员明天上门取件，退款 3 个工作日内到账。'],
    ['customer', '好的，谢谢。'],
  ],
};

// --------------------------------------------------------------------- seed

/**
 * The realistic demo data set: 6 agents, 30 customers, ~60 tickets, 20 chats,
 * 25 calls of the last 7 days for agent-1001, summaries, transcripts, contact
 * plans, SMS templates, docking pages and both form schemas. Mixed Chinese and
 * English. Every instant is relative to `now`, and the result is the same for
 * the same `now`.
 */
export function createDefaultSeed(now: Date): Seed {
  const base = createEmptySeed(now);
  const t = now.getTime();
  const iso = (ms: number): string => new Date(ms).toISOString();
  const random = prng(20261125);
  const agentName = (id: string): string => AGENTS.find((agent) => agent.id === id)?.name ?? id;

  // customers ---------------------------------------------------------------
  const customers: Customer[] = CUSTOMERS.map((spec, index) => {
    const created = t - (400 - index * 11) * DAY - Math.floor(random() * 12) * HOUR;
    const updated = t - (index * 37 + 3) * HOUR - Math.floor(random() * 50) * MINUTE;
    return {
      id: spec.id,
      name: spec.name,
      phones: [...spec.phones],
      email: spec.email ?? null,
      company: spec.company ?? null,
      address: spec.address ?? null,
      level: spec.level ?? 'normal',
      tags: [...(spec.tags ?? [])],
      notes: spec.notes ?? null,
      createdAt: iso(created),
      updatedAt: iso(Math.max(updated, created)),
      version: 1 + (index % 4),
    };
  });
  const customerSpec = (id: string): CustomerSpec | undefined => CUSTOMERS.find((spec) => spec.id === id);

  // calls ----------------------------------------------------------------------
  const calls: CallRecord[] = [];
  const conversations: ConversationSegment[] = [];
  CALLS.forEach((spec, index) => {
    const n = index + 1;
    const id = `call-${pad(n, 4)}`;
    const number = spec.number ?? customerSpec(spec.customer ?? '')?.phones[0] ?? SEED_IDS.unknownPhone;
    const started = t - (25 + index * 400 + Math.floor(random() * 120)) * MINUTE;
    const answered = spec.outcome === 'answered';
    const ring = answered ? 4 + Math.floor(random() * 18) : spec.outcome === 'rejected' ? 3 + Math.floor(random() * 5) : 25 + Math.floor(random() * 15);
    const talk = answered ? 60 + Math.floor(random() * 840) : 0;
    const hold = answered && random() < 0.3 ? 10 + Math.floor(random() * 60) : 0;
    const answeredAt = answered ? started + ring * 1000 : null;
    const endedAt = started + (ring + talk) * 1000;
    const hangupBy: HangupBy =
      spec.outcome === 'rejected'
        ? spec.direction === 'inbound'
          ? 'agent'
          : 'customer'
        : spec.outcome === 'missed'
          ? spec.direction === 'inbound'
            ? 'customer'
            : 'system'
          : random() < 0.6
            ? 'customer'
            : 'agent';
    const legs: CallLeg[] = [];
    if (spec.transfer && answeredAt !== null) {
      const handover = answeredAt + Math.floor(talk * 0.35) * 1000;
      const transferRing = 6;
      legs.push({
        id: `${id}-leg-1`,
        agentId: 'agent-1002',
        agentName: agentName('agent-1002'),
        kind: 'normal',
        startedAt: iso(started),
        answeredAt: iso(answeredAt),
        endedAt: iso(handover),
        ringSeconds: ring,
        talkSeconds: Math.round((handover - answeredAt) / 1000),
        holdSeconds: 0,
      });
      legs.push({
        id: `${id}-leg-2`,
        agentId: 'agent-1001',
        agentName: agentName('agent-1001'),
        kind: 'transfer',
        startedAt: iso(handover),
        answeredAt: iso(handover + transferRing * 1000),
        endedAt: iso(endedAt),
        ringSeconds: transferRing,
        talkSeconds: Math.max(0, Math.round((endedAt - handover) / 1000) - transferRing),
        holdSeconds: hold,
      });
    } else {
      legs.push({
        id: `${id}-leg-1`,
        agentId: 'agent-1001',
        agentName: agentName('agent-1001'),
        kind: 'normal',
        startedAt: iso(started),
        answeredAt: answeredAt === null ? null : iso(answeredAt),
        endedAt: iso(endedAt),
        ringSeconds: ring,
        talkSeconds: talk,
        holdSeconds: hold,
      });
    }
    calls.push({
      id,
      direction: spec.direction,
      customerNumber: number,
      displayNumber: spec.direction === 'inbound' ? HOTLINE : number.startsWith('+1') || number.startsWith('+44') ? POOL[2] : number.startsWith('+86139') || number.startsWith('+86138') ? POOL[0] : POOL[1],
      agentId: 'agent-1001',
      customerId: spec.customer,
      queue: spec.direction === 'inbound' ? (spec.queue ?? null) : null,
      startedAt: iso(started),
      answeredAt: answeredAt === null ? null : iso(answeredAt),
      endedAt: iso(endedAt),
      ringSeconds: legs[0]?.ringSeconds ?? ring,
      talkSeconds: legs.reduce((sum, leg) => sum + leg.talkSeconds, 0),
      holdSeconds: hold,
      acwSeconds: answered ? 30 : 0,
      hangupBy,
      outcome: spec.outcome,
      recordingUrl: spec.recording ? `https://recordings.example.com/2026/${id}.mp3` : null,
      legs,
      variables: { ...(spec.variables ?? {}) },
      version: spec.transfer ? 4 : 3,
    });
    const script = TRANSCRIPTS[n];
    if (script && answeredAt !== null) {
      script.forEach(([speaker, text], i) => {
        const offset = speaker === 'bot' && i === 0 ? -ring * 1000 : i * 20_000;
        conversations.push({
          id: `seg-${id}-${pad(i + 1, 2)}`,
          callId: id,
          speaker,
          text,
          final: true,
          seq: i + 1,
          at: iso(answeredAt + offset),
        });
      });
    }
  });
  const callById = new Map(calls.map((call) => [call.id, call]));

  // summaries ------------------------------------------------------------------
  const summaryAt = (callId: string): string => {
    const call = callById.get(callId);
    const ended = call?.endedAt ? Date.parse(call.endedAt) : t;
    return iso(ended + 25_000);
  };
  const summaries: ServiceSummary[] = [
    {
      callId: 'call-0002',
      status: 'resolved',
      categoryId: 'cat-account-login-password',
      templateId: 'tpl-password-reset',
      remark: 'Reset emails were caught by the spam filter; sent a new link and the customer signed in.',
      fields: { callbackPhone: '+14155550123', satisfaction: 'very-satisfied' },
      updatedAt: summaryAt('call-0002'),
      updatedBy: 'agent-1001',
      version: 1,
    },
    {
      callId: 'call-0004',
      status: 'follow-up',
      categoryId: 'cat-aftersales-returns-exchange',
      templateId: null,
      remark: '客户同意换货，新货已安排发出，三天后回访确认。',
      fields: { orderNumber: 'MY20261021', satisfaction: 'satisfied' },
      updatedAt: summaryAt('call-0004'),
      updatedBy: 'agent-1001',
      version: 2,
    },
    {
      callId: 'call-0005',
      status: 'escalated',
      categoryId: 'cat-logistics-delivery-lost',
      templateId: null,
      remark: '包裹显示已签收但客户未收到，已升级至物流组调查，工单跟进。',
      fields: { orderNumber: 'YT20261105', callbackPhone: '13800138000', satisfaction: 'dissatisfied' },
      updatedAt: summaryAt('call-0005'),
      updatedBy: 'agent-1001',
      version: 1,
    },
    {
      callId: 'call-0019',
      status: 'follow-up',
      categoryId: 'cat-aftersales-returns-refund',
      templateId: 'tpl-refund',
      remark: '客户申请退货退款，已告知退货流程；仓库收货后 3 个工作日内原路退款。',
      fields: { orderNumber: 'MY20261030', satisfaction: 'neutral' },
      updatedAt: summaryAt('call-0019'),
      updatedBy: 'agent-1001',
      version: 1,
    },
  ];

  // tickets --------------------------------------------------------------------
  const tickets: Ticket[] = [];
  const addTicket = (
    customerId: string,
    createdMs: number,
    topic: Topic,
    callId: string | null,
    overrides: { status?: TicketStatus; priority?: TicketPriority } = {},
  ): void => {
    const spec = customerSpec(customerId);
    const [title, description] = spec?.en ? topic.en : topic.zh;
    const seq = tickets.length + 1;
    const status = overrides.status ?? pick(STATUSES, random);
    const fields: Record<string, FieldValue> = { channel: pick(CHANNELS, random) };
    if (random() < 0.7) fields['orderNumber'] = `${random() < 0.5 ? 'YT' : 'MY'}${ymd(iso(createdMs - 3 * DAY))}`;
    if (topic.issueTags) fields['issueTags'] = [...topic.issueTags];
    if (topic.categoryId.startsWith('cat-aftersales') || topic.categoryId.startsWith('cat-account-billing')) {
      fields['amount'] = Math.round(99 + random() * 4900);
      fields['purchaseDate'] = new Date(createdMs - (5 + Math.floor(random() * 40)) * DAY).toISOString().slice(0, 10);
    }
    if (!spec?.en && random() < 0.5) fields['region'] = [...pick(REGIONS, random)];
    if (random() < 0.25) {
      fields['callbackRequested'] = true;
      fields['callbackAt'] = iso(createdMs + DAY + 6 * HOUR);
    }
    const updatedMs = status === 'open' ? createdMs : Math.min(t - MINUTE, createdMs + (2 + Math.floor(random() * 70)) * HOUR);
    tickets.push({
      id: `ticket-${pad(seq, 4)}`,
      number: `T-${ymd(iso(createdMs))}-${pad(seq, 4)}`,
      title,
      description,
      status,
      priority: overrides.priority ?? pick(PRIORITIES, random),
      categoryId: topic.categoryId,
      assigneeId: pick(AGENTS, random).id,
      customerId,
      callId,
      fields,
      createdBy: callId ? 'agent-1001' : pick(AGENTS, random).id,
      createdAt: iso(createdMs),
      updatedAt: iso(updatedMs),
      version: status === 'open' ? 1 : 2 + Math.floor(random() * 3),
    });
  };

  // Downstream tickets of seeded calls first (created a few minutes after the call).
  for (const call of calls) {
    const spec = CALLS[Number(call.id.slice(5)) - 1];
    if (!spec?.ticket || !call.customerId || !call.endedAt) continue;
    const topic = call.id === 'call-0005' ? (TOPICS[5] as Topic) : pick(TOPICS, random);
    addTicket(call.customerId, Date.parse(call.endedAt) + 2 * MINUTE, topic, call.id, {
      status: call.id === 'call-0005' ? 'pending' : undefined,
      priority: call.id === 'call-0005' ? 'high' : undefined,
    });
  }
  // Then history over the last ~90 days: 张伟 gets several, everyone else some.
  const ticketOwners: string[] = [
    'cust-zhang-wei',
    'cust-zhang-wei',
    'cust-zhang-wei',
    'cust-zhang-wei',
    'cust-emily-carter',
    'cust-emily-carter',
    'cust-chen-jing',
    'cust-chen-jing',
    'cust-chen-jing',
  ];
  for (let i = 0; ticketOwners.length < 60 - tickets.length; i++) {
    ticketOwners.push(at(CUSTOMERS, i + 3).id);
  }
  ticketOwners.forEach((customerId, i) => {
    const createdMs = t - (6 * HOUR + i * 34 * HOUR + Math.floor(random() * 20) * HOUR);
    addTicket(customerId, createdMs, at(TOPICS, i * 5 + 1), null);
  });

  // Numbers go up with time, like a real ticketing system's.
  tickets.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  tickets.forEach((ticket, index) => {
    tickets[index] = {
      ...ticket,
      id: `ticket-${pad(index + 1, 4)}`,
      number: `T-${ymd(ticket.createdAt)}-${pad(index + 1, 4)}`,
    };
  });

  // chats ----------------------------------------------------------------------
  const chats: ChatSession[] = [];
  for (let i = 0; i < 20; i++) {
    const customer = i < 3 ? (['cust-zhang-wei', 'cust-emily-carter', 'cust-chen-jing'][i] as string) : at(CUSTOMERS, i * 7 + 1).id;
    const en = customerSpec(customer)?.en === true;
    const script = en ? at(CHAT_SCRIPTS_EN, i) : at(CHAT_SCRIPTS_ZH, i);
    const started = t - (2 * HOUR + i * 53 * HOUR + Math.floor(random() * 90) * MINUTE);
    const id = `chat-${pad(i + 1, 4)}`;
    const messages: ChatMessage[] = script.map(([from, text], m) => ({
      id: `${id}-msg-${m + 1}`,
      from,
      text,
      at: iso(started + m * (40_000 + Math.floor(random() * 80_000))),
    }));
    const last = messages[messages.length - 1];
    chats.push({
      id,
      customerId: customer,
      channel: at(CHAT_CHANNELS, i),
      startedAt: iso(started),
      endedAt: last ? iso(Date.parse(last.at) + 60_000) : null,
      messages,
    });
  }

  // contact plans ----------------------------------------------------------------
  const plan = (
    n: number,
    fields: Pick<ContactPlan, 'customerId' | 'phone' | 'callId' | 'startAt' | 'dueAt' | 'remark' | 'status'> &
      Partial<ContactPlan>,
  ): ContactPlan => ({
    id: `plan-${pad(n, 4)}`,
    assigneeId: 'agent-1001',
    snoozedUntil: null,
    createdBy: 'agent-1001',
    createdAt: iso(Date.parse(fields.startAt) - DAY),
    completedAt: null,
    version: 1,
    ...fields,
  });
  const contactPlans: ContactPlan[] = [
    plan(1, {
      customerId: 'cust-zhang-wei',
      phone: '+8613800138000',
      callId: 'call-0005',
      startAt: iso(t + HOUR),
      dueAt: iso(t + 3 * HOUR),
      remark: '回电告知丢件调查结果，必要时安排补发。',
      status: 'pending',
    }),
    plan(2, {
      customerId: 'cust-emily-carter',
      phone: '+14155550123',
      callId: null,
      startAt: iso(t + DAY),
      dueAt: iso(t + DAY + 2 * HOUR),
      remark: 'Confirm the replacement charger arrived (call after 9am Pacific).',
      status: 'pending',
    }),
    plan(3, {
      customerId: 'cust-chen-jing',
      phone: '+8613912345678',
      callId: 'call-0004',
      startAt: iso(t - DAY),
      dueAt: iso(t - 2 * HOUR),
      remark: '换货回访：确认新货已签收且无质量问题。',
      status: 'pending',
      version: 2,
    }),
    plan(4, {
      customerId: 'cust-wang-fang',
      phone: '+8615012345601',
      callId: 'call-0006',
      startAt: iso(t - 3 * DAY),
      dueAt: iso(t - 2 * DAY),
      remark: '确认包裹已送达。',
      status: 'done',
      completedAt: iso(t - 2 * DAY - 3 * HOUR),
      version: 3,
    }),
    plan(5, {
      customerId: null,
      phone: '+8613900139000',
      callId: 'call-0003',
      startAt: iso(t + 2 * HOUR),
      dueAt: iso(t + 2 * DAY),
      remark: '未接来电回拨，陌生号码，先确认客户身份。',
      status: 'pending',
      snoozedUntil: iso(t + 4 * HOUR),
      version: 2,
    }),
  ];

  return {
    ...base,
    customers,
    tickets,
    calls,
    chats,
    summaries,
    contactPlans,
    conversations,
  };
}
