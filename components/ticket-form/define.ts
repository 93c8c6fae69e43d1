/** Side-effect entry: registers `<ticket-form>`. */
import { registerTicketForm } from './register.js';
import type { TicketForm } from './ticket-form.js';

registerTicketForm();

declare global {
  interface HTMLElementTagNameMap {
    'ticket-form': TicketForm;
  }
}
