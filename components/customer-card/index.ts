/**
 * `callpop/customer-card`: the caller's customer record. No side effects.
 *
 * @module callpop/customer-card
 */
export { CustomerCard } from './customer-card.js';
export { registerCustomerCard } from './register.js';
