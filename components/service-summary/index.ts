/**
 * `callpop/service-summary`: the service summary, smart fill and its workbench module. No side effects.
 *
 * @module callpop/service-summary
 */
export { ServiceSummaryElement } from './service-summary.js';
export { registerServiceSummary } from './register.js';
export {
  summaryModule,
  summaryDraftKey,
  summaryValues,
  summaryInput,
  checkSummary,
  customKey,
  REMARK_MAX_LENGTH,
  type SummaryModule,
  type CallSummaryState,
  type SummarySchemaState,
  type SummaryFormValues,
} from '../../src/workbench/summary.js';
export type { FieldProblem, FieldProblemCode } from '../../src/forms/values.js';
export { applyFill, undoFill, sourceText, SUGGEST_BELOW, type AppliedFill, type FillSource, type FillSuggestion } from '../../src/workbench/fill.js';
