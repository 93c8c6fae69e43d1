/** Side-effect entry: registers `<call-details>`. */
import { registerCallDetails } from './register.js';
import type { CallDetails } from './call-details.js';

registerCallDetails();

declare global {
  interface HTMLElementTagNameMap {
    'call-details': CallDetails;
  }
}
