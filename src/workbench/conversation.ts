import type { ModuleContext, ModuleLifecycle } from './context.js';
import type { DraftsModule } from './drafts.js';

/** The conversation capability of the workbench (`workbench.conversation`). */
export interface ConversationModule extends ModuleLifecycle {}

export function createConversationModule(_ctx: ModuleContext, _drafts: DraftsModule): ConversationModule {
  return {};
}
