import { AdapterError } from '../adapter/errors.js';
import { messageOf, type ModuleContext } from './context.js';
import type { PhoneModule } from './phone.js';
import type { PopModule } from './pop.js';

export interface MyCallsModule {
  /** Load this agent's recent calls from the backend (newest first), merged with this session's calls. */
  loadRecentCalls(): Promise<void>;
  /** Load the next page of the list. */
  loadMoreRecentCalls(): Promise<void>;
  /** Dial the customer of an earlier call again; the new call opens its own pop. */
  callback(callId: string): Promise<string>;
}

export function createMyCallsModule(ctx: ModuleContext, pop: PopModule, phone: PhoneModule): MyCallsModule {
  const { $recentCalls, $calls } = ctx.stores;
  let loading: AbortController | null = null;

  function sortIds(ids: Iterable<string>): string[] {
    const calls = $calls.get();
    return [...new Set(ids)]
      .filter((id) => calls[id] !== undefined)
      .sort((a, b) => (calls[b]?.startedAt ?? 0) - (calls[a]?.startedAt ?? 0));
  }

  async function load(cursor: string | null): Promise<void> {
    let agent = ctx.stores.$agent.get();
    if (!agent) {
      try {
        agent = await ctx.adapter.agents.me({ signal: ctx.signal });
        ctx.stores.$agent.set(agent);
      } catch (error) {
        if (ctx.signal.aborted) return;
        // No signed-in agent (a backend without `agents`): "My calls" holds this session's calls only.
        const unsupported = error instanceof AdapterError && error.code === 'not-supported';
        const current = $recentCalls.get();
        $recentCalls.set(
          unsupported
            ? { status: 'ready', ids: sortIds(current.ids), error: null, nextCursor: null }
            : { ...current, status: 'error', error: messageOf(error) },
        );
        return;
      }
    }
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    $recentCalls.set({ ...$recentCalls.get(), status: 'loading', error: null });
    try {
      const page = await ctx.adapter.calls.listByAgent(
        agent.id,
        { cursor, limit: 20 },
        { signal: AbortSignal.any([controller.signal, ctx.signal]) },
      );
      if (loading !== controller) return;
      pop.addRecords(page.items);
      const current = $recentCalls.get();
      $recentCalls.set({
        status: 'ready',
        ids: sortIds([...current.ids, ...page.items.map((r) => r.id)]),
        error: null,
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      if (loading !== controller || controller.signal.aborted) return;
      $recentCalls.set({ ...$recentCalls.get(), status: 'error', error: messageOf(error) });
    } finally {
      if (loading === controller) loading = null;
    }
  }

  return {
    loadRecentCalls: () => load(null),
    async loadMoreRecentCalls() {
      const { nextCursor, status } = $recentCalls.get();
      if (nextCursor !== null && status !== 'loading') await load(nextCursor);
    },
    async callback(callId) {
      const call = $calls.get()[callId];
      if (!call) throw new Error(`No call ${callId}.`);
      return phone.dial(call.number);
    },
  };
}
