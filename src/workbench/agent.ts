import type { ModuleContext, ModuleLifecycle } from './context.js';
import type { DraftsModule } from './drafts.js';

/** The agent capability of the workbench (`workbench.agent`). */
export interface AgentModule extends ModuleLifecycle {}

export function createAgentModule(_ctx: ModuleContext, _drafts: DraftsModule): AgentModule {
  return {};
}
