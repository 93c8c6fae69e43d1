/** Side-effect entry: registers `<phone-bar>`. */
import { registerPhoneBar } from './register.js';
import type { PhoneBar } from './phone-bar.js';

registerPhoneBar();

declare global {
  interface HTMLElementTagNameMap {
    'phone-bar': PhoneBar;
  }
}
