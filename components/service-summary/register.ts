import { registerCategoryPicker } from '../category-picker/register.js';
import { registerSchemaForm } from '../schema-form/register.js';
import { defineElement } from '../shared/define-element.js';
import { ServiceSummaryElement } from './service-summary.js';

/** Register `<service-summary>` (and the picker and form it renders) under `prefix` + name. No side effect on import. */
export function registerServiceSummary(prefix = ''): void {
  registerCategoryPicker(prefix);
  registerSchemaForm(prefix);
  defineElement(prefix, 'service-summary', ServiceSummaryElement);
}
