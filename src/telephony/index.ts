export * from './softphone.js';
export * from './simulated-softphone.js';
