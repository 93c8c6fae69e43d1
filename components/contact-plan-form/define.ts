/** Side-effect entry: registers `<contact-plan-form>`. */
import type { ContactPlanForm } from './contact-plan-form.js';
import { registerContactPlanForm } from './register.js';

registerContactPlanForm();

declare global {
  interface HTMLElementTagNameMap {
    'contact-plan-form': ContactPlanForm;
  }
}
