import { registerBusinessRecords } from '../business-records/register.js';
import { registerCallRecordView } from '../call-record/register.js';
import { defineElement } from '../shared/define-element.js';
import { registerTicketTab } from '../ticket-tab/register.js';
import { CallDetails } from './call-details.js';

/** Register `<call-details>` and the tabs it renders (`<business-records>`, `<ticket-tab>`, `<call-record>`…) under `prefix` + name. */
export function registerCallDetails(prefix = ''): void {
  registerCallRecordView(prefix);
  registerBusinessRecords(prefix);
  registerTicketTab(prefix);
  defineElement(prefix, 'call-details', CallDetails);
}
