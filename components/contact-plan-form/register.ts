import { defineElement } from '../shared/define-element.js';
import { ContactPlanForm } from './contact-plan-form.js';

/** Register `<contact-plan-form>` under `prefix` + name. No side effect on import. */
export function registerContactPlanForm(prefix = ''): void {
  defineElement(prefix, 'contact-plan-form', ContactPlanForm);
}
