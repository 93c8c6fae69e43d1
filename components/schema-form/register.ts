import { defineElement } from '../shared/define-element.js';
import { SchemaForm } from './schema-form.js';

/** Register `<schema-form>` under `prefix` + name. No side effect on import. */
export function registerSchemaForm(prefix = ''): void {
  defineElement(prefix, 'schema-form', SchemaForm);
}
