import type { ConversationSegment } from '../adapter/types.js';
import type { ModuleContext } from './context.js';
import type { TranscriptSource } from './conversation-registry.js';

/**
 * What smart fill reads for a call: the live transcript when `<conversation-view>`
 * holds it (pushes included), else the backend's history.
 */
export async function transcriptOf(
  ctx: ModuleContext,
  transcripts: TranscriptSource,
  callId: string,
  signal: AbortSignal,
): Promise<readonly ConversationSegment[]> {
  const conversation = transcripts.current();
  if (conversation) {
    await conversation.load(callId);
    const transcript = conversation.$transcripts.get()[callId];
    if (transcript?.status === 'ready') return transcript.segments;
  }
  await ctx.reports.whenKnown(callId, signal);
  return ctx.adapter.conversation.history(callId, { signal });
}

/** When the call started (relative dates in the conversation resolve against it). */
export async function callStartOf(ctx: ModuleContext, callId: string, signal: AbortSignal): Promise<string> {
  const pop = ctx.stores.$calls.get()[callId];
  if (pop) return new Date(pop.startedAt).toISOString();
  try {
    return (await ctx.adapter.calls.get(callId, { signal })).startedAt;
  } catch {
    return new Date(ctx.now()).toISOString();
  }
}

/**
 * Number masking: smart fill reads the real transcript and the caller's real
 * number (revealed here, inside the workbench, never stored), so phone rules
 * see whole numbers; what it finds is masked again before it reaches a form,
 * a store or the host page (a phone field is filled with `138****8000`, which
 * the masking boundary turns back into the real number when the ticket or
 * summary is saved). Without masking both steps change nothing.
 */
export async function onRealNumbers<I, O>(ctx: ModuleContext, input: I, run: (input: I) => Promise<O>): Promise<O> {
  return ctx.numbers.hide(await run(ctx.numbers.reveal(input)));
}
