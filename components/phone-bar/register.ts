import { defineElement } from '../shared/define-element.js';
import { PhoneBar } from './phone-bar.js';

/** Register `<phone-bar>` under `prefix` + name. No side effect on import. */
export function registerPhoneBar(prefix = ''): void {
  defineElement(prefix, 'phone-bar', PhoneBar);
}
