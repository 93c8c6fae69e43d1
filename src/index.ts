/**
 * callpop: the headless core of the agent's current-call experience (workbench,
 * adapters, softphones, state). No elements and no Lit here: the elements are in
 * `callpop/define` (registers every tag), `callpop/register` (`defineCallpop({ prefix })`)
 * and one entry per element (`callpop/call-pop`, `callpop/customer-card`…).
 * This entry has no side effects.
 * @module callpop
 */
export * from './adapter/index.js';
export * from './telephony/index.js';
export * from './state/index.js';
export * from './workbench/index.js';
export * from './phone/index.js';
export { resolveLocale, translate, localizeText, type Locale } from './i18n/locale.js';
export { defineModule, type CoreModules, type ModuleDefinition } from './workbench/modules.js';
export type { LiveTranscripts, TranscriptSource } from './workbench/conversation-registry.js';
export type { ModuleContext, ModuleLifecycle } from './workbench/context.js';
export type { CallReports } from './workbench/call-reports.js';
export type { NumberBoundary } from './workbench/masking.js';
export { type Timers, systemTimers } from './time/timers.js';
