import { registerCallRecordView } from '../call-record/register.js';
import { defineElement } from '../shared/define-element.js';
import { BusinessRecords } from './business-records.js';

/** Register `<business-records>` (and the `<call-record>` it opens) under `prefix` + name. No side effect on import. */
export function registerBusinessRecords(prefix = ''): void {
  registerCallRecordView(prefix);
  defineElement(prefix, 'business-records', BusinessRecords);
}
