/** Side-effect entry: registers `<ticket-tab>`. */
import { registerTicketTab } from './register.js';
import type { TicketTab } from './ticket-tab.js';

registerTicketTab();

declare global {
  interface HTMLElementTagNameMap {
    'ticket-tab': TicketTab;
  }
}
