/**
 * `callpop/category-picker`: a hierarchical category picker with search over the whole tree. No side effects.
 * @module callpop/category-picker
 */
export { CategoryPicker } from './category-picker.js';
export { registerCategoryPicker } from './register.js';
export { CallpopCategoryChangeEvent, type CategoryChangeDetail } from './category-change-event.js';
