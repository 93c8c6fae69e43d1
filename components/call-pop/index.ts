/**
 * `callpop/call-pop`: the screen pop of the current call. No side effects.
 *
 * @module callpop/call-pop
 */
export { CallPop } from './call-pop.js';
export { registerCallPop } from './register.js';
