export * from './template.js';
export * from './sandbox.js';
export * from './pages.js';
export * from './protocol.js';
export * from './bridge.js';
export * from './fill-summary-event.js';
export * from './open-ticket-event.js';
export * from './probe.js';
