import { html, nothing, type TemplateResult } from 'lit';
import type { PagedListState } from '../../src/workbench/records.js';

/** The words a paged list shows in each of its states. */
export interface ListStatusTexts {
  readonly loading: string;
  readonly loadingMore: string;
  readonly failed: (reason: string) => string;
  readonly retry: string;
  readonly empty: string;
  readonly end: (count: number) => string;
  readonly more: string;
}

/**
 * The status line under a paged list: loading, error with retry, empty,
 * loading more, end of list, or a "load more" button (for keyboard and
 * screen-reader users; scrolling loads by itself).
 */
export function renderListStatus(
  state: PagedListState<unknown> | undefined,
  texts: ListStatusTexts,
  actions: { readonly retry: () => void; readonly more: () => void },
): TemplateResult | typeof nothing {
  if (!state) return nothing;
  const count = state.items.length;
  switch (state.status) {
    case 'idle':
    case 'loading':
      return html`<p part="loading" role="status" aria-busy="true">${count === 0 ? texts.loading : texts.loadingMore}</p>`;
    case 'error':
      return html`<p part="error" role="alert" class="error">
        ${texts.failed(state.error ?? '')}
        <button type="button" part="retry" @click=${actions.retry}>${texts.retry}</button>
      </p>`;
    case 'end':
      return count === 0
        ? html`<p part="empty" class="muted">${texts.empty}</p>`
        : html`<p part="end" class="muted">${texts.end(count)}</p>`;
    case 'ready':
      return html`<p part="more-row"><button type="button" part="more" @click=${actions.more}>${texts.more}</button></p>`;
  }
}
