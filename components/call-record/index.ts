/**
 * `callpop/call-record`: a call's record and its per-agent legs, with the recording when there is one. No side effects.
 * @module callpop/call-record
 */
export { CallRecordView } from './call-record.js';
export { registerCallRecordView } from './register.js';
