export type * from './types.js';
export type * from './backend-adapter.js';
export * from './errors.js';
export { withValidation, isValidatedAdapter } from './validated-adapter.js';
export { createRestAdapter, type RestAdapterOptions } from './rest/index.js';
