/** Side-effect entry: registers `<call-record>`. */
import { registerCallRecordView } from './register.js';
import type { CallRecordView } from './call-record.js';

registerCallRecordView();

declare global {
  interface HTMLElementTagNameMap {
    'call-record': CallRecordView;
  }
}
