/** Side-effect entry: registers `<conversation-view>`. */
import { registerConversationView } from './register.js';
import type { ConversationView } from './conversation-view.js';

registerConversationView();

declare global {
  interface HTMLElementTagNameMap {
    'conversation-view': ConversationView;
  }
}
