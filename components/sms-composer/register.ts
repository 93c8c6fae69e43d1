import { defineElement } from '../shared/define-element.js';
import { SmsComposer } from './sms-composer.js';

/** Register `<sms-composer>` under `prefix` + name. No side effect on import. */
export function registerSmsComposer(prefix = ''): void {
  defineElement(prefix, 'sms-composer', SmsComposer);
}
