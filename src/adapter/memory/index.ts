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
export { smsSegments } from './sms.js';
