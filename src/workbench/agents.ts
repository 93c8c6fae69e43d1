import type { Agent } from '../adapter/types.js';
import type { ModuleContext } from './context.js';

/** At most this many agents are loaded for assignee lists and names. */
export const MAX_AGENTS = 1000;

/** Every agent (page after page, up to {@link MAX_AGENTS}), for assignee lists and names. */
export async function listAllAgents(ctx: ModuleContext): Promise<Agent[]> {
  const list: Agent[] = [];
  let cursor: string | null = null;
  do {
    const page = await ctx.adapter.agents.list({ cursor, limit: 100 }, { signal: ctx.signal });
    list.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && list.length < MAX_AGENTS);
  return list;
}
