/**
 * The in-memory backend: a complete {@link "callpop"!BackendAdapter} kept in memory, with
 * a seed of sample customers, calls, tickets and templates ({@link SEED_IDS}),
 * for demos and tests. It can fail or slow down on demand
 * ({@link MemoryBackend.failNext}, {@link MemoryBackend.setLatency}).
 *
 * @module callpop/memory
 */
export { MemoryBackend, MEMORY_READ_METHODS, MEMORY_WRITE_METHODS } from './memory-backend.js';
export type {
  FailNextOptions,
  MemoryBackendOptions,
  MemoryMethod,
  MemoryReadMethod,
  MemoryWriteMethod,
  SentSms,
} from './memory-backend.js';
export { SEED_IDS, createDefaultSeed, createEmptySeed } from './seed.js';
export type { Seed } from './seed.js';
import { smsLength } from '../../sms/encoding.js';

/**
 * How many SMS parts a text needs (GSM-7: 160, 153 per part; UCS-2: 70, 67 per part).
 * The same rule as the SMS composer (one copy, in src/sms), for tests that check a memory backend's SMS results.
 */
export function smsSegments(text: string): number {
  return Math.max(1, smsLength(text).segments);
}
