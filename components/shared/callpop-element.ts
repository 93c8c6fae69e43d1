import { LitElement, type CSSResultGroup } from 'lit';
import { property } from 'lit/decorators.js';
import type { Workbench } from '../../src/workbench/workbench.js';
import { LocaleController } from './locale-controller.js';
import { tokens } from './tokens.styles.js';
import { WorkbenchController } from './workbench-controller.js';

/** The look an element is forced to (`theme="dark"`); unset follows `prefers-color-scheme`. */
export type CallpopTheme = 'light' | 'dark';

/** How dense an element is laid out (`density="compact"` for a 360 px side panel); unset inherits the host's, else comfortable. */
export type CallpopDensity = 'comfortable' | 'compact';

/**
 * The base class of every callpop element: what they all share, so each
 * element declares only what is its own.
 *
 * - `workbench`, `theme` and `density`, the same property and attribute on every element;
 * - the workbench the element works with (its own `workbench`, else a context
 *   provider above it, else the page default) and its language (the nearest
 *   `lang`), each re-rendering the element when it changes;
 * - the shared design tokens as the first styles: an element's own styles come
 *   after them (`static override styles = [CallpopElement.styles, styles]`).
 */
export class CallpopElement extends LitElement {
  /** The shared design tokens (docs/theming.md); each element adds its own styles after them. */
  static override styles: CSSResultGroup = [tokens];

  /** The workbench to use; found through context or the page default when unset. */
  @property({ attribute: false }) workbench: Workbench | undefined;

  /** Force the light or dark look; follows `prefers-color-scheme` when unset. */
  @property({ reflect: true }) theme: CallpopTheme | undefined;

  /**
   * `compact` shrinks spacing, control height and font size (for side panels
   * down to 360 px); elements rendered inside inherit it, `comfortable` turns it back.
   */
  @property({ reflect: true }) density: CallpopDensity | undefined;

  /** The workbench this element works with (see {@link WorkbenchController}). */
  protected readonly workbenchController = new WorkbenchController(this);

  /** The element's language and its translations (see {@link LocaleController}). */
  protected readonly localeController = new LocaleController(this);
}

/** A callpop element class (what the element list and `defineElement` take). */
export type CallpopElementClass = typeof CallpopElement;
