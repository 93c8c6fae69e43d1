import { defineElement } from '../shared/define-element.js';
import { ContactPlans } from './contact-plans.js';

/** Register `<contact-plans>` under `prefix` + name. No side effect on import. */
export function registerContactPlans(prefix = ''): void {
  defineElement(prefix, 'contact-plans', ContactPlans);
}
