/**
 * callpop: the agent's current-call experience as custom elements.
 * This entry has no side effects; import `callpop/define` to register the tags, or
 * `defineCallpop({ prefix })` from `callpop/register` to register them under a prefix.
 * @module callpop
 */
export * from './adapter/index.js';
export * from './telephony/index.js';
export * from './state/index.js';
export * from './workbench/index.js';
export * from './phone/index.js';
export { resolveLocale, translate, localizeText, type Locale } from './i18n/locale.js';
export { CallPop } from '../components/call-pop/call-pop.js';
export { CustomerCard } from '../components/customer-card/customer-card.js';
export { defineModule, type CoreModules, type ModuleDefinition } from './workbench/modules.js';
export type { LiveTranscripts, TranscriptSource } from './workbench/conversation-registry.js';
export type { ModuleContext, ModuleLifecycle } from './workbench/context.js';
export type { CallReports } from './workbench/call-reports.js';
export type { NumberBoundary } from './workbench/masking.js';
export { type Timers, systemTimers } from './time/timers.js';
