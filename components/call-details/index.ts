/**
 * `callpop/call-details`: the pop's detail tabs (business records, tickets, call record, docking pages). No side effects.
 * @module callpop/call-details
 */
export { CallDetails, type CallDetailsTab } from './call-details.js';
export { registerCallDetails } from './register.js';
