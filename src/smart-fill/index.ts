/**
 * Smart fill: fill the service summary or a ticket from the call's
 * conversation. {@link smartFill} is the pure local engine (Chinese and
 * English rules); {@link runSmartFill} asks the backend's extractor first when
 * the adapter has one.
 *
 * @module callpop/smart-fill
 */
export { smartFill, fieldsFromForm, summaryFields, isExtractKind, EXTRACT_KINDS } from './smart-fill.js';
export { prepareSmartFill } from './prepare.js';
export { runSmartFill, DEFAULT_SMART_FILL_TIMEOUT_MS, type RunSmartFillOptions } from './run.js';
export type { ExtractKind, SmartFillField, SmartFillInput, SmartFillOutput, SmartFillValue, FieldValue } from './types.js';
export {
  trainCategoryModel,
  type CategoryModel,
  type CategoryExample,
  type HistoryGuess,
} from './history.js';
