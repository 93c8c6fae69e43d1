/**
 * A long-standing customer for scale tests and `bench/records.mjs`: the
 * default seed plus, for one customer, generated chats, calls and tickets
 * (10,000 business records, 5,000 of them tickets, by default). Deterministic.
 */
import { createDefaultSeed, SEED_IDS, type Seed } from '../src/adapter/memory/index.js';
import type {
  CallRecord,
  ChatSession,
  Ticket,
  TicketPriority,
  TicketStatus,
} from '../src/adapter/types.js';

export interface RecordsSeedOptions {
  /** Business records in all (chats + calls + tickets). Default 10,000. */
  readonly records?: number;
  /** How many of them are tickets. Default half of `records`. */
  readonly tickets?: number;
  /** Whose records. Default 张伟. */
  readonly customerId?: string;
}

const STATUSES: readonly TicketStatus[] = ['open', 'pending', 'resolved', 'closed'];
const PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
const AGENT_IDS = ['agent-1001', 'agent-1002', 'agent-1003', 'agent-1004', 'agent-1005', 'agent-1006'];
const CHANNELS = ['web', 'app', 'wechat'];
const TITLES = ['物流延迟，客户催件', '退货退款申请', '发票抬头修改', '账户登录异常', '配件缺失补发', '价格咨询', 'Password reset request', 'Invoice copy needed'];

export function createRecordsSeed(now: Date, options: RecordsSeedOptions = {}): Seed {
  const base = createDefaultSeed(now);
  const total = options.records ?? 10_000;
  const ticketCount = options.tickets ?? Math.floor(total / 2);
  const customerId = options.customerId ?? SEED_IDS.zhangWei;
  const customer = base.customers.find((c) => c.id === customerId);
  const phone = customer?.phones[0] ?? SEED_IDS.zhangWeiPhone;
  const rest = Math.max(0, total - ticketCount);
  const chatCount = Math.floor(rest / 2);
  const callCount = rest - chatCount;
  const t = now.getTime();
  const iso = (ms: number): string => new Date(ms).toISOString();
  // Spread everything over ~3 years, one item every few hours, older than the default seed's data.
  const step = Math.max(60_000, Math.floor((3 * 365 * 24 * 3600_000) / Math.max(1, total)));
  const start = t - 100 * 24 * 3600_000;

  const tickets: Ticket[] = [];
  const calls: CallRecord[] = [];
  const chats: ChatSession[] = [];
  for (let i = 0; i < total; i += 1) {
    const at = start - i * step;
    const slot = i % 4;
    const left = { ticket: ticketCount - tickets.length, chat: chatCount - chats.length, call: callCount - calls.length };
    const preferred: readonly ('ticket' | 'chat' | 'call')[] =
      slot === 1 ? ['chat', 'call', 'ticket'] : slot === 3 ? ['call', 'chat', 'ticket'] : ['ticket', 'chat', 'call'];
    const kind = preferred.find((k) => left[k] > 0);
    if (kind === 'ticket') {
      const n = tickets.length + 1;
      tickets.push({
        id: `bench-ticket-${n}`,
        number: `T-B-${String(n).padStart(5, '0')}`,
        title: `${TITLES[n % TITLES.length]} #${n}`,
        description: `第 ${n} 个历史工单的描述。`,
        status: STATUSES[n % STATUSES.length]!,
        priority: PRIORITIES[n % PRIORITIES.length]!,
        categoryId: 'cat-logistics-delivery-delay',
        assigneeId: AGENT_IDS[n % AGENT_IDS.length]!,
        customerId,
        callId: null,
        fields: { channel: CHANNELS[n % 3] === 'web' ? 'online' : CHANNELS[n % 3]! },
        createdBy: 'agent-1001',
        createdAt: iso(at),
        updatedAt: iso(at + 3600_000),
        version: 2,
      });
    } else if (kind === 'chat') {
      const n = chats.length + 1;
      const id = `bench-chat-${n}`;
      chats.push({
        id,
        customerId,
        channel: CHANNELS[n % 3]!,
        startedAt: iso(at),
        endedAt: iso(at + 300_000),
        messages: [
          { id: `${id}-1`, from: 'customer', text: `我的订单 YT${String(20000000 + n)} 还没到`, at: iso(at) },
          { id: `${id}-2`, from: 'agent', text: '您好，我帮您查一下物流。', at: iso(at + 60_000) },
        ],
      });
    } else if (kind === 'call') {
      const n = calls.length + 1;
      const answered = iso(at + 8_000);
      calls.push({
        id: `bench-call-${n}`,
        direction: n % 3 === 0 ? 'outbound' : 'inbound',
        customerNumber: phone,
        displayNumber: '+864008001234',
        agentId: 'agent-1001',
        customerId,
        queue: 'VIP',
        startedAt: iso(at),
        answeredAt: answered,
        endedAt: iso(at + 200_000),
        ringSeconds: 8,
        talkSeconds: 192,
        holdSeconds: 0,
        acwSeconds: 30,
        hangupBy: 'customer',
        outcome: 'answered',
        recordingUrl: null,
        legs: [
          {
            id: `bench-call-${n}-leg-1`,
            agentId: 'agent-1001',
            agentName: '李娜',
            kind: 'normal',
            startedAt: iso(at),
            answeredAt: answered,
            endedAt: iso(at + 200_000),
            ringSeconds: 8,
            talkSeconds: 192,
            holdSeconds: 0,
          },
        ],
        variables: {},
        version: 3,
      });
    }
  }
  return {
    ...base,
    tickets: [...base.tickets, ...tickets],
    calls: [...base.calls, ...calls],
    chats: [...base.chats, ...chats],
  };
}
