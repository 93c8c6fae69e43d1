export * from './workbench.js';
export * from './default-workbench.js';
export * from './workbench-context.js';
export * from './events.js';
export type { CustomerModule } from './customer.js';
export type { DraftsModule } from './drafts.js';
export type { MyCallsModule } from './my-calls.js';
export type { PhoneModule } from './phone.js';
