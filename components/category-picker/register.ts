import { defineElement } from '../shared/define-element.js';
import { CategoryPicker } from './category-picker.js';

/** Register `<category-picker>` under `prefix` + name. No side effect on import. */
export function registerCategoryPicker(prefix = ''): void {
  defineElement(prefix, 'category-picker', CategoryPicker);
}
