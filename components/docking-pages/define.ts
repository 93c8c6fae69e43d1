/** Side-effect entry: registers `<docking-pages>`. */
import { registerDockingPages } from './register.js';
import type { DockingPages } from './docking-pages.js';

registerDockingPages();

declare global {
  interface HTMLElementTagNameMap {
    'docking-pages': DockingPages;
  }
}
