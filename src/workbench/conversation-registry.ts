import type { ReadableAtom } from 'nanostores';
import type { ConversationSegment } from '../adapter/types.js';

/** What smart fill needs of an attached conversation module (kept small: no module code here). */
export interface LiveTranscripts {
  load(callId: string): Promise<void>;
  readonly $transcripts: ReadableAtom<{
    readonly [callId: string]: { readonly status: string; readonly segments: readonly ConversationSegment[] } | undefined;
  }>;
}

/**
 * The live transcripts of a workbench, an explicit core dependency
 * (`core.transcripts`): the conversation module provides them when something
 * attaches it (a `<conversation-view>`); smart fill reads them, else the
 * backend's history.
 */
export interface TranscriptSource {
  /** The conversation module says it holds the live transcripts. */
  provide(source: LiveTranscripts): void;
  /** The live transcripts, if a conversation module is attached. */
  current(): LiveTranscripts | undefined;
}

export function createTranscriptSource(): TranscriptSource {
  let source: LiveTranscripts | undefined;
  return {
    provide(next) {
      source = next;
    },
    current: () => source,
  };
}
