import { defineMessages } from '../i18n/locale.js';

/** Strings the agent module shows outside any element (desktop notifications). */
export const agentMessages = defineMessages({
  en: {
    incomingTitle: 'Incoming call',
    incomingBody: '{caller} is calling',
    waitingTitle: 'Call waiting',
  },
  'zh-CN': {
    incomingTitle: '来电',
    incomingBody: '{caller} 来电',
    waitingTitle: '呼叫等待',
  },
});
