import { defineElement } from '../shared/define-element.js';
import { CallRecordView } from './call-record.js';

/** Register `<call-record>` under `prefix` + name. No side effect on import. */
export function registerCallRecordView(prefix = ''): void {
  defineElement(prefix, 'call-record', CallRecordView);
}
