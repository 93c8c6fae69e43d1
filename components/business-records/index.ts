/**
 * `callpop/business-records`: the customer's chats, calls and tickets in one paged, virtualized timeline. No side effects.
 * @module callpop/business-records
 */
export { BusinessRecords } from './business-records.js';
export { registerBusinessRecords } from './register.js';
export {
  recordsModule,
  createPagedList,
  playableRecordingUrl,
  RECORDS_PAGE_SIZE,
  type RecordsModule,
  type PagedList,
  type PagedListState,
} from '../../src/workbench/records.js';
