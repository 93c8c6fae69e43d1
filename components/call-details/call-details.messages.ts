import { defineMessages } from '../../src/i18n/locale.js';

export const callDetailsMessages = defineMessages({
  en: {
    tabs: 'Call details',
    records: 'Business records',
    tickets: 'Tickets',
    call: 'Call record',
    noCall: 'No call selected.',
    loading: 'Loading the call…',
    failed: 'Could not load the call: {reason}',
    retry: 'Retry',
  },
  'zh-CN': {
    tabs: '通话详情',
    records: '业务记录',
    tickets: '工单',
    call: '通话记录',
    noCall: '未选择通话。',
    loading: '正在加载通话…',
    failed: '无法加载通话：{reason}',
    retry: '重试',
  },
});

export type CallDetailsMessage = keyof (typeof callDetailsMessages)['en'];
