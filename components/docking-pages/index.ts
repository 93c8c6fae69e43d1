/**
 * `callpop/docking-pages`: admin-configured pages as tabs of iframes, and their postMessage protocol. No side effects.
 *
 * @module callpop/docking-pages
 */
export { DockingPages, type DockingFrameStatus } from './docking-pages.js';
export { registerDockingPages } from './register.js';
export { CallpopDockingSelectEvent, type DockingSelectDetail } from './docking-select-event.js';
export * from '../../src/docking/index.js';
export { dockingModule, type DockingModule, type DockingRequest, type DockingPagesState } from '../../src/workbench/docking.js';
