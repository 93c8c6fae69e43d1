import type {
  CategoryNode,
  ConversationSegment,
  FieldType,
  FieldValue,
  SmartFillValue,
  SummaryStatus,
  SummaryTemplate,
} from '../adapter/types.js';
import type { CategoryModel } from './history.js';

/**
 * What a field takes, for the extractor. Custom form fields name it in their
 * schema (`FormField.extract`); the summary's built-in fields are `status`,
 * `category`, `template` and `remark`.
 */
export type ExtractKind =
  | 'phone'
  | 'email'
  | 'orderNumber'
  | 'trackingNumber'
  | 'idNumber'
  | 'amount'
  | 'currency'
  | 'date'
  | 'datetime'
  | 'category'
  | 'template'
  | 'status'
  | 'remark';

/** One field the engine is asked to fill. */
export interface SmartFillField {
  readonly key: string;
  readonly kind: ExtractKind;
  /** The form field's type (text, select, date…): values are shaped for it. */
  readonly type: FieldType | (string & {});
  /** For order/tracking/ID numbers: the pattern a value must match (a JS regular expression source). */
  readonly pattern?: string;
  /** For select fields: the allowed values. */
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  /**
   * For date and datetime fields: which date the field wants. `follow-up`: the
   * time someone committed to act (a callback, a reply, a visit, a booking),
   * in the future of the call, corrections winning; a datetime field stays
   * empty when only a day was said. `past`: a date before the call (a
   * purchase date). `any` (default): the best-evidenced date said.
   * {@link fieldsFromForm} derives it from the field's key and label.
   */
  readonly timing?: 'follow-up' | 'past' | 'any';
  /**
   * A text field that takes several values (`FormField.multiple`): phone,
   * email, order, tracking and ID numbers and amounts get every distinct value
   * said (a list, in the order first said), each with its own source in `items`.
   */
  readonly multiple?: boolean;
}

export interface SmartFillInput {
  readonly segments: readonly ConversationSegment[];
  readonly fields: readonly SmartFillField[];
  readonly categories?: readonly CategoryNode[];
  readonly templates?: readonly SummaryTemplate[];
  readonly statuses?: readonly SummaryStatus[];
  /** The call's start: relative dates ("明天下午三点", "next Monday") resolve against it. */
  readonly callTime: Date | string;
  /** IANA time zone for relative dates (default: the browser's); also a hint of the customer's region. */
  readonly timeZone?: string;
  /**
   * The workbench's default country (ISO 3166 alpha-2, e.g. `CN`): national
   * phone numbers are read in it when the call says nothing more specific.
   */
  readonly defaultCountry?: string;
  /**
   * The caller's own number (E.164 or national): its region is a hint for
   * other numbers said, and it is the callback number when the customer says
   * "call me on this number".
   */
  readonly callerNumber?: string;
  /**
   * A model of this call center's own history ({@link trainCategoryModel} over
   * saved summaries): the category then fits how its agents file calls. Without
   * it, the category comes from the tree's names and keywords only.
   */
  readonly categoryModel?: CategoryModel;
}

/** A filled value, with how sure the engine is and the segments it came from. */
export type { SmartFillValue, FieldValue };

export interface SmartFillOutput {
  readonly values: readonly SmartFillValue[];
  /** True when the conversation had nothing to fill from (empty, or only interim text). */
  readonly empty: boolean;
  /** `backend` when the adapter's extractor answered, `local` for the built-in rules. */
  readonly source: 'local' | 'backend';
}
