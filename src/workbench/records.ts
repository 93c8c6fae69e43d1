import type { ModuleContext, ModuleLifecycle } from './context.js';
import type { DraftsModule } from './drafts.js';

/** The records capability of the workbench (`workbench.records`). */
export interface RecordsModule extends ModuleLifecycle {}

export function createRecordsModule(_ctx: ModuleContext, _drafts: DraftsModule): RecordsModule {
  return {};
}
