/**
 * The SIP softphone, loaded on demand: `loadSipSoftphone()` downloads sip.js
 * (its own chunk) only when a page actually registers a SIP account. This file
 * imports sip.js only through `import()`; the types below are erased.
 *
 * ```ts
 * const softphone = await loadSipSoftphone({ server: 'wss://sip.example.com', uri: 'sip:1001@example.com', password });
 * const workbench = createWorkbench({ adapter, softphone });
 * await softphone.register();
 * ```
 *
 * @module callpop/sip
 */
import type { SipConfig } from './config.js';
import type { SipSoftphone } from './sip-softphone.js';

export type { DtmfMode, MediaPrewarm, ResolvedSipConfig, SipConfig, SipReconnectOptions } from './config.js';
export { resolveSipConfig } from './config.js';
export type { SipAnswerTiming, SipCallDebug, SipCallStats, SipSoftphone } from './sip-softphone.js';

/** Load sip.js and create a SIP softphone (not yet registered: call `register()`). */
export async function loadSipSoftphone(config: SipConfig): Promise<SipSoftphone> {
  const { SipSoftphone: Implementation } = await import('./sip-softphone.js');
  return new Implementation(config);
}
