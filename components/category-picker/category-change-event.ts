import type { CategoryNode } from '../../src/adapter/types.js';

export interface CategoryChangeDetail {
  /** The chosen leaf's id, or null when cleared. */
  readonly value: string | null;
  /** From the top level to the chosen leaf (empty when cleared). */
  readonly path: readonly CategoryNode[];
}

/** The agent chose (or cleared) a category in `<category-picker>`. Bubbles and is composed. */
export class CallpopCategoryChangeEvent extends Event {
  static readonly eventName = 'callpop-category-change';
  readonly detail: CategoryChangeDetail;
  constructor(detail: CategoryChangeDetail) {
    super(CallpopCategoryChangeEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-category-change': CallpopCategoryChangeEvent;
  }
}
