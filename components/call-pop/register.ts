import { defineElement } from '../shared/define-element.js';
import { registerCustomerCard } from '../customer-card/register.js';
import { CallPop } from './call-pop.js';

/** Register `<call-pop>` (and the `<customer-card>` it shows) under `prefix` + name. No side effect on import. */
export function registerCallPop(prefix = ''): void {
  registerCustomerCard(prefix);
  defineElement(prefix, 'call-pop', CallPop);
}
