import { defineElement } from '../shared/define-element.js';
import { ConversationView } from './conversation-view.js';

/** Register `<conversation-view>` under `prefix` + name. No side effect on import. */
export function registerConversationView(prefix = ''): void {
  defineElement(prefix, 'conversation-view', ConversationView);
}
