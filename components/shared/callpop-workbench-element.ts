import { property } from 'lit/decorators.js';
import type { Workbench } from '../../src/workbench/workbench.js';
import { CallpopElement } from './callpop-element.js';
import { WorkbenchController } from './workbench-controller.js';

/**
 * The base class of the callpop elements that work with a workbench (every
 * element but the form controls): {@link CallpopElement} plus the `workbench`
 * property and the workbench the element works with (its own `workbench`, else
 * a context provider above it, else the page default), re-rendering the
 * element when it changes.
 */
export class CallpopWorkbenchElement extends CallpopElement {
  /** The workbench to use; found through context or the page default when unset. */
  @property({ attribute: false }) workbench: Workbench | undefined;

  /** The workbench this element works with (see {@link WorkbenchController}). */
  protected readonly workbenchController = new WorkbenchController(this);
}
