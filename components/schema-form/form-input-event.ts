import type { FieldValue } from '../../src/adapter/types.js';

export interface FormInputDetail {
  /** The field that changed. */
  readonly key: string;
  /** Its new value (already in the stored shape: number, ISO instant, list…). */
  readonly value: FieldValue;
  /** Every value of the form after the change. */
  readonly values: { readonly [key: string]: FieldValue | undefined };
}

/** A `<schema-form>` field changed. Bubbles and is composed; keep `detail.values` as the draft. */
export class CallpopFormInputEvent extends Event {
  static readonly eventName = 'callpop-form-input';
  readonly detail: FormInputDetail;
  constructor(detail: FormInputDetail) {
    super(CallpopFormInputEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'callpop-form-input': CallpopFormInputEvent;
  }
}
