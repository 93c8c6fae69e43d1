/** Side-effect entry: registers `<contact-plans>`. */
import type { ContactPlans } from './contact-plans.js';
import { registerContactPlans } from './register.js';

registerContactPlans();

declare global {
  interface HTMLElementTagNameMap {
    'contact-plans': ContactPlans;
  }
}
