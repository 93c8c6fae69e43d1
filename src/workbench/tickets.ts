import type { ModuleContext, ModuleLifecycle } from './context.js';
import type { DraftsModule } from './drafts.js';

/** The tickets capability of the workbench (`workbench.tickets`). */
export interface TicketsModule extends ModuleLifecycle {}

export function createTicketsModule(_ctx: ModuleContext, _drafts: DraftsModule): TicketsModule {
  return {};
}
