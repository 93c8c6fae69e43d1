/** Side-effect entry: registers `<category-picker>`. */
import { registerCategoryPicker } from './register.js';
import type { CategoryPicker } from './category-picker.js';

registerCategoryPicker();

declare global {
  interface HTMLElementTagNameMap {
    'category-picker': CategoryPicker;
  }
}
