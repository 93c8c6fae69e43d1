/**
 * The one list of callpop's elements: every tag (its base name, without a
 * prefix) and its class. Registration (`defineCallpop`, `callpop/define`), the
 * React and Vue types (`callpop/react`, `callpop/vue`), `HTMLElementTagNameMap`
 * and the manifest check of `npm run docs` / `npm run build` all come from it:
 * a new element is added here, and nowhere else.
 *
 * Each entry is an object so that it can say how the element is loaded: today
 * every entry names its class (`element`), loaded with this module.
 */
import { BusinessRecords } from './business-records/business-records.js';
import { CallDetails } from './call-details/call-details.js';
import { CallPop } from './call-pop/call-pop.js';
import { CallRecordView } from './call-record/call-record.js';
import { CategoryPicker } from './category-picker/category-picker.js';
import { ContactPlanForm } from './contact-plan-form/contact-plan-form.js';
import { ContactPlans } from './contact-plans/contact-plans.js';
import { ConversationView } from './conversation-view/conversation-view.js';
import { CustomerCard } from './customer-card/customer-card.js';
import { DockingPages } from './docking-pages/docking-pages.js';
import { PhoneBar } from './phone-bar/phone-bar.js';
import { SchemaForm } from './schema-form/schema-form.js';
import { ServiceSummaryElement } from './service-summary/service-summary.js';
import type { CallpopElementClass } from './shared/callpop-element.js';
import { SmsComposer } from './sms-composer/sms-composer.js';
import { TicketForm } from './ticket-form/ticket-form.js';
import { TicketTab } from './ticket-tab/ticket-tab.js';

/** One element of the list: its class. */
export interface CallpopElementEntry {
  readonly element: CallpopElementClass;
}

/**
 * Every element callpop ships, by base tag, in the order `defineCallpop()`
 * defines them (an element before the ones that render it).
 */
export const callpopElements = {
  'customer-card': { element: CustomerCard },
  'call-pop': { element: CallPop },
  'phone-bar': { element: PhoneBar },
  'call-record': { element: CallRecordView },
  'business-records': { element: BusinessRecords },
  'schema-form': { element: SchemaForm },
  'category-picker': { element: CategoryPicker },
  'ticket-form': { element: TicketForm },
  'ticket-tab': { element: TicketTab },
  'call-details': { element: CallDetails },
  'conversation-view': { element: ConversationView },
  'service-summary': { element: ServiceSummaryElement },
  'sms-composer': { element: SmsComposer },
  'contact-plan-form': { element: ContactPlanForm },
  'contact-plans': { element: ContactPlans },
  'docking-pages': { element: DockingPages },
} as const satisfies { readonly [tag: string]: CallpopElementEntry };

/** The base tag name of a callpop element (`call-pop`, `phone-bar`…). */
export type CallpopTag = keyof typeof callpopElements;

/** Every base tag, in the list's order. */
export const callpopTags = Object.keys(callpopElements) as readonly CallpopTag[];

/** The class of an entry of the list. */
export type ElementClassOf<E> = E extends { readonly element: infer C } ? C : never;

/** Every callpop tag and its element: what `document.createElement(tag)` gives. */
export type CallpopElementMap = {
  [T in CallpopTag]: InstanceType<ElementClassOf<(typeof callpopElements)[T]>>;
};

declare global {
  // Every tag of the list, whichever define modules a page imports (each `<tag>/define.ts` states its own too);
  // components/frameworks/elements.typecheck.ts fails when this and the list differ.
  interface HTMLElementTagNameMap {
    'customer-card': CustomerCard;
    'call-pop': CallPop;
    'phone-bar': PhoneBar;
    'call-record': CallRecordView;
    'business-records': BusinessRecords;
    'schema-form': SchemaForm;
    'category-picker': CategoryPicker;
    'ticket-form': TicketForm;
    'ticket-tab': TicketTab;
    'call-details': CallDetails;
    'conversation-view': ConversationView;
    'service-summary': ServiceSummaryElement;
    'sms-composer': SmsComposer;
    'contact-plan-form': ContactPlanForm;
    'contact-plans': ContactPlans;
    'docking-pages': DockingPages;
  }
}
