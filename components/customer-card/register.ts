import { defineElement } from '../shared/define-element.js';
import { CustomerCard } from './customer-card.js';

/** Register `<customer-card>` under `prefix` + name. No side effect on import. */
export function registerCustomerCard(prefix = ''): void {
  defineElement(prefix, 'customer-card', CustomerCard);
}
