import { LitElement, type CSSResultGroup } from 'lit';
import { property } from 'lit/decorators.js';
import { LocaleController } from './locale-controller.js';
import { tokens } from './tokens.styles.js';

/**
 * The base class of every callpop element: what they all share, so each
 * element declares only what is its own. The elements that work with a
 * workbench (all but the form controls `<schema-form>` and `<category-picker>`,
 * fed by properties) extend `CallpopWorkbenchElement`, which adds it.
 *
 * - `theme` and `density`, the same property and attribute on every element;
 * - the element's language (the nearest `lang`), re-rendering it when that changes;
 * - the shared design tokens as the first styles: an element's own styles come
 *   after them (`static override styles = [CallpopElement.styles, styles]`).
 *
 * The design tokens every element reads (defaults in docs/theming.md), set on
 * any ancestor or on the element:
 * @cssprop --callpop-color-bg - Background of cards, forms, inputs.
 * @cssprop --callpop-color-surface - Quieter background: buttons, selected rows, notices.
 * @cssprop --callpop-color-fg - Text.
 * @cssprop --callpop-color-muted - Secondary text (times, hints, labels).
 * @cssprop --callpop-color-border - Borders of cards and controls.
 * @cssprop --callpop-color-accent - Primary buttons, the selected tab, links, the pop's edge.
 * @cssprop --callpop-color-accent-fg - Text on the accent (primary buttons).
 * @cssprop --callpop-color-danger - Errors, hang up, missed calls.
 * @cssprop --callpop-color-success - Registered, connected, saved.
 * @cssprop --callpop-color-warning - Ringing, after-call work, VIP, due reminders.
 * @cssprop --callpop-color-focus - The keyboard focus ring.
 * @cssprop --callpop-shadow - Shadow of dialogs (the pop's form panel).
 * @cssprop --callpop-font-family - Type face.
 * @cssprop --callpop-font-size - Base font size (everything else is relative to it).
 * @cssprop --callpop-radius - Corner radius of cards and controls.
 * @cssprop --callpop-space - The spacing unit: gaps and paddings are multiples of it.
 * @cssprop --callpop-control-height - Least height of buttons, inputs and selects.
 */
export class CallpopElement extends LitElement {
  /** The shared design tokens (docs/theming.md); each element adds its own styles after them. */
  static override styles: CSSResultGroup = [tokens];

  // The types are written out (not aliases) so that custom-elements.json lists the values.
  /** Force the light or dark look; follows `prefers-color-scheme` when unset. */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;

  /**
   * `compact` shrinks spacing, control height and font size (for side panels
   * down to 360 px); elements rendered inside inherit it, `comfortable` turns it back.
   */
  @property({ reflect: true }) density: 'comfortable' | 'compact' | undefined;

  /** The element's language and its translations (see {@link LocaleController}). */
  protected readonly localeController = new LocaleController(this);
}

/** A callpop element class (what the element list takes). */
export type CallpopElementClass = typeof CallpopElement;
