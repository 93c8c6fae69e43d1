/** Side-effect entry: registers `<call-pop>` and `<customer-card>`. */
import { registerCallPop } from './register.js';
import type { CallPop } from './call-pop.js';

registerCallPop();

declare global {
  interface HTMLElementTagNameMap {
    'call-pop': CallPop;
  }
}
