export * from './schema.js';
export * from './values.js';
export * from './cascade.js';
export * from './categories.js';
export * from './ticket-form.js';
