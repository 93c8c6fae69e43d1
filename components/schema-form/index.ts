/**
 * `callpop/schema-form`: the schema-driven form (tickets, summary custom fields) and the pure form rules. No side effects.
 * @module callpop/schema-form
 */
export { SchemaForm, type FieldHighlight, type FieldSuggestion } from './schema-form.js';
export { registerSchemaForm } from './register.js';
export * from './events.js';
export * from '../../src/forms/index.js';
