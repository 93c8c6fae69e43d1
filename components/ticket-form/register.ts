import { registerCategoryPicker } from '../category-picker/register.js';
import { registerSchemaForm } from '../schema-form/register.js';
import { defineElement } from '../shared/define-element.js';
import { TicketForm } from './ticket-form.js';

/** Register `<ticket-form>` (and the `<schema-form>` and `<category-picker>` it renders) under `prefix` + name. */
export function registerTicketForm(prefix = ''): void {
  registerSchemaForm(prefix);
  registerCategoryPicker(prefix);
  defineElement(prefix, 'ticket-form', TicketForm);
}
