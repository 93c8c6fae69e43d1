/** Side-effect entry: registers `<business-records>`. */
import { registerBusinessRecords } from './register.js';
import type { BusinessRecords } from './business-records.js';

registerBusinessRecords();

declare global {
  interface HTMLElementTagNameMap {
    'business-records': BusinessRecords;
  }
}
