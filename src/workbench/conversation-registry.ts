import type { ReadableAtom } from 'nanostores';
import type { ConversationSegment } from '../adapter/types.js';
import type { ModuleContext } from './context.js';

/** What smart fill needs of an attached conversation module (kept small: no module code here). */
export interface LiveTranscripts {
  load(callId: string): Promise<void>;
  readonly $transcripts: ReadableAtom<{
    readonly [callId: string]: { readonly status: string; readonly segments: readonly ConversationSegment[] } | undefined;
  }>;
}

/** The conversation module attached to a workbench's context, for smart fill. */
const attached = new WeakMap<ModuleContext, LiveTranscripts>();

/** Called by the conversation module when a workbench attaches it. */
export function attachConversation(ctx: ModuleContext, module: LiveTranscripts): void {
  attached.set(ctx, module);
}

/** The conversation module of this workbench if something attached it (a `<conversation-view>`), else undefined. */
export function attachedConversation(ctx: ModuleContext): LiveTranscripts | undefined {
  return attached.get(ctx);
}
