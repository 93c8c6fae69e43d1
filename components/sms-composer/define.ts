/** Side-effect entry: registers `<sms-composer>`. */
import { registerSmsComposer } from './register.js';
import type { SmsComposer } from './sms-composer.js';

registerSmsComposer();

declare global {
  interface HTMLElementTagNameMap {
    'sms-composer': SmsComposer;
  }
}
