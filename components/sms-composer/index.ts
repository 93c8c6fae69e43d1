/**
 * `callpop/sms-composer`: the template-SMS composer, its module and the SMS rules. No side effects.
 *
 * @module callpop/sms-composer
 */
export { SmsComposer } from './sms-composer.js';
export { registerSmsComposer } from './register.js';
export { CallpopSmsSentEvent, type SmsSentDetail } from './sms-sent-event.js';
export { CallpopSmsComposerCloseEvent } from './sms-composer-close-event.js';
export {
  smsModule,
  SmsRefusedError,
  type SmsModule,
  type SmsComposition,
  type SmsCallContext,
  type SmsOptions,
  type SmsSendState,
  type SmsTemplatesState,
} from '../../src/workbench/sms.js';
export * from '../../src/sms/index.js';
