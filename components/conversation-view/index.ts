/**
 * `callpop/conversation-view`: the live transcript and its workbench module. No side effects.
 *
 * @module callpop/conversation-view
 */
export { ConversationView } from './conversation-view.js';
export { registerConversationView } from './register.js';
export {
  conversationModule,
  mergeSegment,
  mergeSegments,
  searchTranscript,
  splitByQuery,
  MAX_SEGMENTS_PER_CALL,
  type ConversationModule,
  type Transcript,
  type TranscriptMatch,
} from '../../src/workbench/conversation.js';
