import type { FieldValue } from '../../src/adapter/types.js';

export interface FormAcceptSuggestionDetail {
  readonly key: string;
  readonly value: FieldValue;
}

/**
 * The agent pressed "Use" on a suggestion of `<schema-form>`. Bubbles, is
 * composed and cancelable: unless cancelled, the form then puts the value in
 * the field (and fires `callpop-form-input`).
 */
export class CallpopFormAcceptSuggestionEvent extends Event {
  static readonly eventName = 'callpop-form-accept-suggestion';
  readonly detail: FormAcceptSuggestionDetail;
  constructor(detail: FormAcceptSuggestionDetail) {
    super(CallpopFormAcceptSuggestionEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-form-accept-suggestion': CallpopFormAcceptSuggestionEvent;
  }
}
