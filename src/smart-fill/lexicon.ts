/**
 * A small bilingual customer-service lexicon for category choice when the
 * admin's tree has names only: each concept lists words that appear in
 * category names (`names`) and words customers and agents say about it
 * (`says`). A category whose name names a concept is also found by what is
 * said about it ("物流异常" ← 一直显示在途, "Missing item" ← "says
 * delivered"). Internal to `src/smart-fill/`.
 */

export interface Concept {
  readonly names: readonly string[];
  readonly says: readonly string[];
}

export const CONCEPTS: readonly Concept[] = [
  {
    // Late or stuck delivery.
    names: ['物流异常', '物流', '延误', '延迟', '配送', '未送达', '派送', 'delay', 'delayed', 'late', 'shipping', 'logistics', 'not delivered'],
    says: [
      '没到', '还没到', '没送到', '在途', '没动', '不动', '滞留', '派送失败', '重新派送', '一直显示', '转运', '催', '迟迟', '还没收到', '没发货', '卡在',
      "hasn't arrived", 'not arrived', "hasn't turned up", "hasn't moved", 'not moved', 'stuck', 'depot', 'delayed', 'late', 'customs', 'failed delivery',
      'still waiting', 'on its way', 'in transit', 'rebook', 'rebooked', 'trace', 'meant to come', 'supposed to come', 'supposed to arrive',
    ],
  },
  {
    // Parcel lost or marked delivered but not received.
    names: ['丢件', '丢失', '遗失', '未收到', 'missing', 'lost parcel', 'lost item', 'lost package', 'not received'],
    says: ['签收', '已签收', '没收到', '丢了', '被人拿走', '找不到包裹', 'says delivered', 'marked as delivered', 'shows delivered', 'not here', 'never arrived', 'never got', 'lost parcel', 'missing', 'claim', 'stolen from', '少发', '漏发', '少了一', '缺了', '缺件', '没有配件', 'not in the box', 'not in there', "wasn't packed", 'missing from', 'left out', "wasn't in the box"],
  },
  {
    names: ['修改地址', '改地址', '地址', 'address'],
    says: ['改地址', '收货地址', '新地址', '地址改', '搬家', 'change the address', 'new address', 'delivery address', 'wrong address', 'moving', 'moved'],
  },
  {
    names: ['退货', '退款', 'return', 'refund'],
    says: ['退货', '退款', '退钱', '不想要了', '七天无理由', '寄回', 'return', 'refund', 'money back', 'send it back', 'return label', 'returned'],
  },
  {
    names: ['维修', '报修', '修理', 'repair', 'fix', 'fault'],
    says: ['坏了', '维修', '修一下', '不工作', '不加热', '异响', '响得', '报错', '故障', '保修', '上门维修', '开不了机', '屏幕', 'broken', 'not working', 'stopped working', 'faulty', 'noise', 'repair', 'warranty', 'engineer', 'leaking', 'leak', '漏水', '漏电', '检测', '不转', '不制冷', '不出水', '不启动', '死机', '黑屏', '花屏', '闪屏', 'flicker', 'flickering', 'black screen', 'going black', 'goes black', 'cracked', "won't turn on", "won't start", 'overheating'],
  },
  {
    names: ['换货', '更换', '调换', 'exchange', 'replacement', 'swap', 'wrong item'],
    says: ['换货', '换一个', '发错', '错了货', '颜色不对', '尺码不对', '型号不对', '破损', '裂', 'wrong item', 'wrong colour', 'wrong color', 'wrong size', 'sent me', 'replacement', 'swap', 'damaged', 'instead of'],
  },
  {
    names: ['价格', '价保', '差价', '优惠', 'price', 'pricing', 'discount', 'promotion'],
    says: ['降价', '价保', '差价', '优惠券', '便宜', '多付', '原价', '活动价', 'cheaper', 'difference', 'coupon', 'discount', 'promo', 'price drop'],
  },
  {
    names: ['发票', '开票', 'invoice', 'receipt'],
    says: ['发票', '开票', '电子发票', '收据', '抬头', '税号', 'invoice', 'receipt', 'vat', 'resend'],
  },
  {
    names: ['订单问题', '下单', 'order problem', 'order issue', 'ordering'],
    says: ['取消订单', '下错', '下单', '取消', '付款失败', '重复下单', 'cancel', 'cancelled', 'by mistake', 'placed an order', 'checkout', 'two of', 'only ordered', '选错', '拍错', '改颜色', '修改订单', '改订单', '还没发货', '缺货', 'processing', 'still processing', "hasn't shipped", 'not shipped', "nothing's shipped", 'hold-up', 'stock check', 'out of stock', 'backorder', 'dispatch date', 'change my order'],
  },
  {
    names: ['重复扣费', '重复扣款', '多扣', '扣费', 'double charge', 'charged twice', 'duplicate charge', 'overcharge'],
    says: ['扣了两次', '重复扣', '多扣', '收了两次', '两次', '扣两次', '自动续费', 'charged twice', 'twice', 'duplicate', 'double', 'two payments', 'reversed'],
  },
  {
    names: ['账单疑问', '账单', '话费', '资费', 'bill', 'billing', 'charges', 'statement'],
    says: ['话费', '账单', '套餐', '怎么扣了', '这么多', '流量', '增值业务', 'bill', 'more this month', 'data', 'allowance', 'usually', 'plan', 'tariff'],
  },
  {
    names: ['网络故障', '断网', '无法上网', 'no connection', 'outage', 'no internet', 'connection'],
    says: ['上不了网', '断网', '没网', '断断续续', '掉线', '连不上', '线路故障', '光猫', '抢修', '红灯', 'down', 'outage', 'no internet', 'dropping out', 'drops out', 'modem', 'router', "can't connect", 'disconnect', 'no signal'],
  },
  {
    names: ['网速慢', '网速', 'slow', 'speed'],
    says: ['网速', '很慢', '特别慢', '卡', '兆', '测速', 'slow', 'speed', 'meg', 'mbps', 'buffering'],
  },
  {
    names: ['安装', '装机', '新装', '移机', 'installation', 'install', 'setup'],
    says: ['安装', '装宽带', '新办', '移机', '装机', '刚办', 'install', 'installation', 'set up', 'new address', 'connect the new', '上门安装', '装机师傅', '开通', 'fibre', 'fiber', 'nobody turned up', 'no-show', 'go live', 'goes live', 'new line'],
  },
  {
    names: ['挂失', '补卡', '丢卡', 'lost card', 'stolen card', 'lost or stolen', 'stolen'],
    says: ['丢了', '挂失', '被偷', '吞卡', '被吞', '补卡', '冻结', 'lost', 'stolen', 'wallet', 'block', 'blocked', 'swallowed', 'freeze', 'frozen'],
  },
  {
    names: ['交易争议', '争议交易', '盗刷', '可疑交易', 'disputed', 'disputed transaction', 'fraud', 'unauthorised', 'unauthorized'],
    says: ['没刷过', '盗刷', '不是我', '不认识', '争议', '境外', '可疑', "don't recognise", "don't recognize", 'not mine', "didn't make", 'fraud', 'dispute', 'unauthorised', 'unauthorized', 'investigation', 'never been', 'never made'],
  },
  {
    names: ['激活', '开卡', 'activation', 'activate'],
    says: ['激活', '开卡', '新卡', '用不了', '刷不了', 'activate', 'activated', 'new card', 'declined', "won't work", 'not working at'],
  },
  {
    names: ['预约', '预定', '挂号', 'book', 'booking', 'appointment'],
    says: ['预约', '约一下', '挂号', '保养', '体检', '号源', 'book', 'booking', 'appointment', 'exam', 'slot', 'consultation'],
  },
  {
    names: ['改约', '改期', '重新预约', '取消预约', 'reschedule', 'change appointment', 'rebook appointment'],
    says: ['改个时间', '改到', '改期', '改约', '换个时间', '改成', 'reschedule', 'move it', 'change the time', 'rebook', 'move my appointment', 'cancel and rebook', 'need to move', 'moved you', 'suits instead', 'different day', 'different time', '换一天', '推迟', '往后挪', '提前到'],
  },
  {
    names: ['服务投诉', '服务', 'service complaint', 'service'],
    says: ['投诉', '没人联系', '不负责任', '没有结果', '没结果', '一直没处理', '又是', '好几次', '太慢', 'complain', 'complaint', 'nobody', 'no one called', 'again', 'unacceptable', 'escalate'],
  },
  {
    names: ['人员投诉', '员工', '人员', '态度', 'staff', 'employee', 'agent', 'rude'],
    says: ['态度', '态度差', '快递员', '骂人', '工作人员', '不礼貌', '师傅态度', 'rude', 'attitude', 'staff', 'driver', 'courier', 'unprofessional', 'shouted', 'left a mess', 'conduct', 'swore', 'swearing', 'behaviour', 'behavior', 'yelled', '骂', '脏话', '甩脸'],
  },
];

/** The `says` terms of every concept whose name terms appear in `name` (lower case). */
export function conceptTerms(name: string): string[] {
  const out: string[] = [];
  for (const concept of CONCEPTS) {
    if (concept.names.some((n) => containsTerm(name, n))) out.push(...concept.says);
  }
  return out;
}

function containsTerm(text: string, term: string): boolean {
  if (/^[\x20-\x7e]+$/.test(term)) {
    const at = text.indexOf(term);
    if (at < 0) return false;
    const before = text[at - 1] ?? ' ';
    const after = text[at + term.length] ?? ' ';
    return !/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after);
  }
  return text.includes(term);
}
