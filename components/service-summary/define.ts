/** Side-effect entry: registers `<service-summary>` (and `<category-picker>`, `<schema-form>`). */
import { registerServiceSummary } from './register.js';
import type { ServiceSummaryElement } from './service-summary.js';

registerServiceSummary();

declare global {
  interface HTMLElementTagNameMap {
    'service-summary': ServiceSummaryElement;
  }
}
