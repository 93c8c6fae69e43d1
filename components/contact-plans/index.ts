/**
 * `callpop/contact-plans`: the contact-plan form, "my contact plans" with reminders, their module and time rules. No side effects.
 *
 * @module callpop/contact-plans
 */
export { ContactPlans } from './contact-plans.js';
export { registerContactPlans } from './register.js';
export { CallpopOpenCustomerEvent, type OpenCustomerDetail } from './open-customer-event.js';
export { ContactPlanForm } from '../contact-plan-form/contact-plan-form.js';
export { registerContactPlanForm } from '../contact-plan-form/register.js';
export { CallpopContactPlanCreatedEvent, type ContactPlanCreatedDetail } from '../contact-plan-form/contact-plan-created-event.js';
export { CallpopContactPlanFormCloseEvent } from '../contact-plan-form/contact-plan-form-close-event.js';
export {
  contactPlansModule,
  ContactPlanFormError,
  type ContactPlansModule,
  type ContactPlanFormValues,
  type ContactPlanField,
  type ContactPlanProblem,
  type ContactPlansOptions,
  type MyPlansState,
  type PlanAgentsState,
} from '../../src/workbench/contact-plans.js';
export * from '../../src/contact-plans/index.js';
export type { PagedList, PagedListState } from '../../src/workbench/records.js';
