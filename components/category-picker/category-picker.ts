import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CategoryNode } from '../../src/adapter/types.js';
import {
  categoryPath,
  categoryPathLabel,
  flattenCategories,
  searchCategories,
  type CategoryEntry,
} from '../../src/forms/categories.js';
import { localizeText } from '../../src/i18n/locale.js';
import { CallpopElement } from '../shared/callpop-element.js';
import { CallpopCategoryChangeEvent } from './category-change-event.js';
import { categoryPickerMessages } from './category-picker.messages.js';
import { styles } from './category-picker.styles.js';

/**
 * Picks a leaf of a category tree (ticket types, service categories): browse
 * the tree, or search the whole tree by name (every language) and keyword.
 * Shows the chosen path. Keyboard: in the search box ↓/↑ move through the
 * matches, Enter chooses, Escape clears the search; in the tree ↑/↓ move,
 * → opens a branch or enters it, ← closes it or goes to the parent,
 * Home/End, Enter/Space choose a leaf or open/close a branch.
 *
 * ```ts
 * html`<category-picker .categories=${schema.categories} .value=${draft.categoryId}
 *   @callpop-category-change=${(e) => keep(e.detail.value)}></category-picker>`
 * ```
 *
 * @tagname category-picker
 * @summary A searchable tree of categories; the value is a leaf's id.
 *
 * @fires callpop-category-change - A leaf was chosen or the choice cleared: `detail: { value, path }`. Bubbles, composed.
 *
 * @csspart base - The picker.
 * @csspart label - The picker's label.
 * @csspart selected - The chosen path, with the clear button.
 * @csspart clear - The clear button.
 * @csspart search - The search box.
 * @csspart tree - The tree (shown while not searching).
 * @csspart item - One node of the tree.
 * @csspart results - The search matches.
 * @csspart result - One match (a leaf with its path).
 * @csspart empty - No category, or no match.
 * @csspart error - The problem given in `error`.
 *
 * @cssprop --callpop-category-picker-max-height - Height of the tree and the matches before they scroll.
 */
export class CategoryPicker extends CallpopElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopElement.styles, styles];

  /** The category tree. */
  @property({ attribute: false }) categories: readonly CategoryNode[] = [];

  /** The chosen leaf's id. */
  @property() value: string | null = null;

  /** The visible label (default "Category"). */
  @property() label: string | undefined;

  @property({ type: Boolean, reflect: true }) required = false;

  @property({ type: Boolean, reflect: true }) disabled = false;

  /** A problem to show (and mark the picker invalid), e.g. "Category is required." */
  @property() error: string | null = null;

  @state() private query = '';
  @state() private expanded: ReadonlySet<string> = new Set();
  /** The tree item that takes focus (roving tabindex). */
  @state() private focusId: string | null = null;
  /** The highlighted search match. */
  @state() private active = 0;

  readonly #i18n = this.localeController;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value') || changed.has('categories')) {
      // Open the branches down to the chosen leaf.
      const path = categoryPath(this.categories, this.value);
      if (path) {
        const next = new Set(this.expanded);
        for (const node of path.slice(0, -1)) next.add(node.id);
        this.expanded = next;
        this.focusId = path[path.length - 1]?.id ?? this.focusId;
      }
    }
    this.toggleAttribute('invalid', Boolean(this.error));
  }

  // ------------------------------------------------------------ handlers

  #choose(entry: CategoryEntry | null): void {
    if (this.disabled) return;
    this.value = entry?.node.id ?? null;
    if (entry) this.focusId = entry.node.id;
    this.dispatchEvent(new CallpopCategoryChangeEvent({ value: this.value, path: entry?.path ?? [] }));
  }

  #visible(): CategoryEntry[] {
    const all = flattenCategories(this.categories);
    return all.filter((entry) => entry.path.slice(0, -1).every((ancestor) => this.expanded.has(ancestor.id)));
  }

  #toggle(id: string, open?: boolean): void {
    const next = new Set(this.expanded);
    if (open ?? !next.has(id)) next.add(id);
    else next.delete(id);
    this.expanded = next;
  }

  async #focusItem(id: string): Promise<void> {
    this.focusId = id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`)?.focus();
  }

  #onTreeKey(event: KeyboardEvent, entry: CategoryEntry): void {
    const visible = this.#visible();
    const index = visible.findIndex((e) => e.node.id === entry.node.id);
    const go = (i: number): void => {
      const target = visible[Math.max(0, Math.min(visible.length - 1, i))];
      if (target) void this.#focusItem(target.node.id);
    };
    switch (event.key) {
      case 'ArrowDown':
        go(index + 1);
        break;
      case 'ArrowUp':
        go(index - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(visible.length - 1);
        break;
      case 'ArrowRight':
        if (entry.leaf) return;
        if (!this.expanded.has(entry.node.id)) this.#toggle(entry.node.id, true);
        else go(index + 1);
        break;
      case 'ArrowLeft': {
        if (!entry.leaf && this.expanded.has(entry.node.id)) {
          this.#toggle(entry.node.id, false);
        } else {
          const parent = entry.path[entry.path.length - 2];
          if (parent) void this.#focusItem(parent.id);
        }
        break;
      }
      case 'Enter':
      case ' ':
        if (entry.leaf) this.#choose(entry);
        else this.#toggle(entry.node.id);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  #onSearchKey(event: KeyboardEvent, matches: readonly CategoryEntry[]): void {
    if (event.key === 'Escape') {
      if (!this.query) return;
      this.query = '';
    } else if (!this.query) {
      if (event.key !== 'ArrowDown') return;
      const visible = this.#visible();
      const target = this.focusId ?? visible[0]?.node.id;
      if (target) void this.#focusItem(target);
    } else if (event.key === 'ArrowDown') {
      this.active = Math.min(matches.length - 1, this.active + 1);
    } else if (event.key === 'ArrowUp') {
      this.active = Math.max(0, this.active - 1);
    } else if (event.key === 'Enter') {
      const match = matches[this.active];
      if (!match) return;
      this.#choose(match);
      this.query = '';
    } else {
      return;
    }
    event.preventDefault();
  }

  // ------------------------------------------------------------ render

  #renderTree(): TemplateResult {
    const { locale } = this.#i18n;
    const visible = this.#visible();
    const focusable = visible.some((e) => e.node.id === this.focusId) ? this.focusId : (visible[0]?.node.id ?? null);
    return html`<ul part="tree" role="tree" aria-labelledby="label">
      ${visible.map((entry) => {
        const { node, leaf } = entry;
        const open = this.expanded.has(node.id);
        const selected = leaf && node.id === this.value;
        return html`<li
          part="item"
          role="treeitem"
          data-id=${node.id}
          aria-level=${entry.path.length}
          aria-expanded=${leaf ? nothing : open ? 'true' : 'false'}
          aria-selected=${leaf ? (selected ? 'true' : 'false') : nothing}
          aria-disabled=${this.disabled ? 'true' : nothing}
          tabindex=${node.id === focusable ? '0' : '-1'}
          data-depth=${Math.min(entry.path.length, 10)}
          @click=${() => (leaf ? this.#choose(entry) : this.#toggle(node.id))}
          @keydown=${(e: KeyboardEvent) => this.#onTreeKey(e, entry)}
          @focus=${() => (this.focusId = node.id)}
        >
          <span class="twisty" aria-hidden="true">${leaf ? '' : open ? '▾' : '▸'}</span>${localizeText(node.name, locale)}
        </li>`;
      })}
    </ul>`;
  }

  #renderResults(matches: readonly CategoryEntry[]): TemplateResult {
    const { locale } = this.#i18n;
    const m = (key: 'noMatch' | 'results', params: { readonly [name: string]: string | number }): string =>
      this.#i18n.msg(categoryPickerMessages, key, params);
    if (matches.length === 0) return html`<p part="empty" class="muted" role="status">${m('noMatch', { query: this.query })}</p>`;
    return html`<span class="visually-hidden" role="status">${m('results', { count: matches.length })}</span>
      <ul part="results" role="listbox" id="results" aria-labelledby="label">
        ${matches.map(
          (entry, i) => html`<li
            part="result"
            role="option"
            id=${`result-${i}`}
            class=${i === this.active ? 'active' : ''}
            aria-selected=${entry.node.id === this.value ? 'true' : 'false'}
            @mousedown=${(e: Event) => e.preventDefault()}
            @click=${() => {
              this.#choose(entry);
              this.query = '';
            }}
          >
            ${categoryPathLabel(entry.path, locale)}
          </li>`,
        )}
      </ul>`;
  }

  protected override render(): TemplateResult {
    const { locale } = this.#i18n;
    const m = (key: keyof (typeof categoryPickerMessages)['en'], params?: { readonly [name: string]: string | number }): string =>
      this.#i18n.msg(categoryPickerMessages, key, params);
    const path = categoryPath(this.categories, this.value);
    const matches = this.query.trim() ? searchCategories(this.categories, this.query).slice(0, 50) : [];
    const searching = this.query.trim() !== '';
    return html`<div part="base">
      <span part="label" id="label"
        >${this.label ?? m('label')}${this.required ? html`<span aria-hidden="true" class="error"> *</span>` : nothing}</span
      >
      <div part="selected" aria-live="polite">
        <span>${path ? m('selected', { path: categoryPathLabel(path, locale) }) : m('none')}</span>
        ${path && !this.disabled
          ? html`<button type="button" part="clear" aria-label=${m('clearLabel')} @click=${() => this.#choose(null)}>
              ${m('clear')}
            </button>`
          : nothing}
      </div>
      ${this.categories.length === 0
        ? html`<p part="empty" class="muted">${m('empty')}</p>`
        : html`<input
              part="search"
              type="search"
              role="combobox"
              aria-label=${m('search')}
              aria-autocomplete="list"
              aria-expanded=${searching ? 'true' : 'false'}
              aria-controls=${searching && matches.length > 0 ? 'results' : nothing}
              aria-activedescendant=${searching && matches.length > 0 ? `result-${Math.min(this.active, matches.length - 1)}` : nothing}
              aria-invalid=${this.error ? 'true' : 'false'}
              aria-required=${this.required ? 'true' : 'false'}
              aria-describedby=${this.error ? 'error' : nothing}
              placeholder=${m('searchPlaceholder')}
              ?disabled=${this.disabled}
              .value=${this.query}
              @input=${(e: Event) => {
                this.query = (e.target as HTMLInputElement).value;
                this.active = 0;
              }}
              @keydown=${(e: KeyboardEvent) => this.#onSearchKey(e, matches)}
            />
            ${searching ? this.#renderResults(matches) : this.#renderTree()}`}
      ${this.error ? html`<p part="error" id="error" class="error">${this.error}</p>` : nothing}
    </div>`;
  }
}
