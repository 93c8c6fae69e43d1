/**
 * Fakes for integrators' tests: the in-memory backend and the simulated
 * softphone that callpop's own tests use, and the SIP softphone's diagnostics
 * (`sipDiagnostics`: SIP Call-IDs, what the peer did, RTP counters, answer timing).
 * @module callpop/testing
 */
export { MemoryBackend, createDefaultSeed, type MemoryBackendOptions, type Seed } from './adapter/memory/index.js';
export { SimulatedSoftphone, type SimulatedSoftphoneOptions, type SimulatedInboundOptions } from './telephony/simulated-softphone.js';
export { FakeRingerAudio } from './telephony/fake-ringer-audio.js';
export { ManualClock } from './time/manual-clock.js';
export { FakeBrowser, type FakeTab, type ChannelLike } from './telephony/shared/fakes.js';
export {
  sipDiagnostics,
  type SipAnswerTiming,
  type SipCallDebug,
  type SipCallStats,
  type SipDiagnostics,
} from './telephony/sip/diagnostics.js';
