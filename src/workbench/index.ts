export * from './workbench.js';
export * from './default-workbench.js';
export * from './workbench-context.js';
export * from './events.js';
export type { CustomerModule } from './customer.js';
export type { DraftsModule } from './drafts.js';
export type { MyCallsModule } from './my-calls.js';
export {
  AcwError,
  DialError,
  nextAcwEnd,
  SurveyError,
  SURVEY_CONFIRM_MS,
  type SurveyErrorCode,
  type AgentStatus,
  type AgentStatusState,
  type CallFeed,
  type ConsultState,
  type DialCommandOptions,
  type DialErrorCode,
  type DialTarget,
  type PhoneModule,
  type PhoneOptions,
  type PhoneSettingsState,
} from './phone.js';
export { MAX_ENDED_POPS } from './pop.js';
