export * from './pop-state.js';
export * from './phone-state.js';
export * from './stores.js';
export * from './persistent.js';
