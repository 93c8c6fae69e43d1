import type { ModuleContext, ModuleLifecycle } from './context.js';
import type { DraftsModule } from './drafts.js';
import type { CallFeed, PhoneModule } from './phone.js';
import type { TranscriptSource } from './conversation-registry.js';

/** The core modules a capability may use: its explicit dependencies. */
export interface CoreModules {
  readonly drafts: DraftsModule;
  /** The phone commands (dial, answer, status…): the one path to the softphone. */
  readonly phone: PhoneModule;
  /** Every call event after the phone module decided whether the call is offered. */
  readonly calls: CallFeed;
  /** The live transcripts, when a conversation module is attached (smart fill reads them). */
  readonly transcripts: TranscriptSource;
}

/**
 * A capability the workbench attaches on demand (the phone bar's agent module,
 * tickets, the summary…). Defining a capability beside the element that needs
 * it keeps it out of the core bundle: a page that never shows `<phone-bar>`
 * never loads the agent module.
 *
 * ```ts
 * export const ticketsModule = defineModule('tickets', (ctx, { drafts }) => ({ … }));
 * const tickets = workbench.use(ticketsModule); // created once per workbench
 * ```
 */
export interface ModuleDefinition<M extends ModuleLifecycle> {
  readonly name: string;
  create(ctx: ModuleContext, core: CoreModules): M;
}

export function defineModule<M extends ModuleLifecycle>(
  name: string,
  create: (ctx: ModuleContext, core: CoreModules) => M,
): ModuleDefinition<M> {
  return { name, create };
}

/** The per-workbench registry behind `workbench.use()`. */
export function createModuleRegistry(ctx: ModuleContext, core: CoreModules) {
  const modules = new Map<ModuleDefinition<ModuleLifecycle>, ModuleLifecycle>();
  let started = false;

  function startModule(name: string, module: ModuleLifecycle): Promise<void> {
    return Promise.resolve()
      .then(() => module.start?.())
      .catch((error: unknown) => console.warn(`callpop: the ${name} module did not start`, error));
  }

  return {
    use<M extends ModuleLifecycle>(definition: ModuleDefinition<M>): M {
      let module = modules.get(definition) as M | undefined;
      if (!module) {
        module = definition.create(ctx, core);
        modules.set(definition, module);
        if (started) void startModule(definition.name, module);
      }
      return module;
    },
    /** Start the modules created so far; later ones start when created. */
    async start(): Promise<void> {
      started = true;
      await Promise.all([...modules].map(([definition, module]) => startModule(definition.name, module)));
    },
  };
}
