export type * from './types.js';
export type * from './backend-adapter.js';
export * from './errors.js';
export { withValidation, isValidatedAdapter } from './validated-adapter.js';
export {
  ADAPTER_DOMAINS,
  ADAPTER_METHODS,
  completeAdapter,
  notSupported,
  supportedDomains,
  supportsDomain,
  type AdapterDomain,
  type PartialBackendAdapter,
} from './partial.js';
export { createRestAdapter, type RestAdapterOptions } from './rest/index.js';
