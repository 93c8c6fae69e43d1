import { defineElement } from '../shared/define-element.js';
import { DockingPages } from './docking-pages.js';

/** Register `<docking-pages>` under `prefix` + name. */
export function registerDockingPages(prefix = ''): void {
  defineElement(prefix, 'docking-pages', DockingPages);
}
