import type { ModuleContext, ModuleLifecycle } from './context.js';
import type { DraftsModule } from './drafts.js';

/** The summary capability of the workbench (`workbench.summary`). */
export interface SummaryModule extends ModuleLifecycle {}

export function createSummaryModule(_ctx: ModuleContext, _drafts: DraftsModule): SummaryModule {
  return {};
}
