/** Side-effect entry: registers `<customer-card>`. */
import { registerCustomerCard } from './register.js';
import type { CustomerCard } from './customer-card.js';

registerCustomerCard();

declare global {
  interface HTMLElementTagNameMap {
    'customer-card': CustomerCard;
  }
}
