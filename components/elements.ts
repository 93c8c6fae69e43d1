/**
 * The one list of callpop's elements: every tag (its base name, without a
 * prefix) and its class. Registration (`defineCallpop`, `callpop/define`), the
 * React and Vue types (`callpop/react`, `callpop/vue`), `HTMLElementTagNameMap`
 * and the manifest check of `npm run docs` / `npm run build` all come from it:
 * a new element is added here, and nowhere else.
 *
 * Each entry says how its element is loaded: `element` names a class loaded
 * with this module (in the chunk of `callpop/define`); `load` imports it in its
 * own chunk the first time it is needed (a pop opens a form, a detail tab is
 * opened, the page puts the tag in its DOM), and `needs` lists the elements it
 * renders, defined before it. See components/shared/lazy-element.ts.
 */
import type { BusinessRecords } from './business-records/business-records.js';
import { CallDetails } from './call-details/call-details.js';
import { CallPop } from './call-pop/call-pop.js';
import type { CallRecordView } from './call-record/call-record.js';
import type { CategoryPicker } from './category-picker/category-picker.js';
import type { ContactPlanForm } from './contact-plan-form/contact-plan-form.js';
import type { ContactPlans } from './contact-plans/contact-plans.js';
import { ConversationView } from './conversation-view/conversation-view.js';
import { CustomerCard } from './customer-card/customer-card.js';
import type { DockingPages } from './docking-pages/docking-pages.js';
import { PhoneBar } from './phone-bar/phone-bar.js';
import type { SchemaForm } from './schema-form/schema-form.js';
import { ServiceSummaryElement } from './service-summary/service-summary.js';
import type { CallpopElementClass } from './shared/callpop-element.js';
import type { SmsComposer } from './sms-composer/sms-composer.js';
import type { TicketForm } from './ticket-form/ticket-form.js';
import type { TicketTab } from './ticket-tab/ticket-tab.js';

/** One element of the list: its class, or how to load it on first use. */
export type CallpopElementEntry = CallpopEagerEntry | CallpopLazyEntry;

/** An element loaded with `callpop/define`. */
export interface CallpopEagerEntry {
  /** Its class. */
  readonly element: CallpopElementClass;
}

/** An element loaded in its own chunk the first time it is needed. */
export interface CallpopLazyEntry {
  /** Imports its chunk and gives its class. */
  readonly load: () => Promise<CallpopElementClass>;
  /** The tags it renders (base names), defined before it. */
  readonly needs?: readonly string[];
}

/**
 * Every element callpop ships, by base tag, in the order `defineCallpop()`
 * defines them (an element before the ones that render it).
 */
export const callpopElements = {
  'customer-card': { element: CustomerCard },
  'call-pop': { element: CallPop },
  'phone-bar': { element: PhoneBar },
  'call-record': { load: () => import('./call-record/call-record.js').then((m) => m.CallRecordView) },
  'business-records': { load: () => import('./business-records/business-records.js').then((m) => m.BusinessRecords), needs: ['call-record'] },
  'schema-form': { load: () => import('./schema-form/schema-form.js').then((m) => m.SchemaForm) },
  'category-picker': { load: () => import('./category-picker/category-picker.js').then((m) => m.CategoryPicker) },
  'ticket-form': { load: () => import('./ticket-form/ticket-form.js').then((m) => m.TicketForm), needs: ['schema-form', 'category-picker'] },
  'ticket-tab': { load: () => import('./ticket-tab/ticket-tab.js').then((m) => m.TicketTab), needs: ['ticket-form'] },
  'call-details': { element: CallDetails },
  'conversation-view': { element: ConversationView },
  'service-summary': { element: ServiceSummaryElement },
  'sms-composer': { load: () => import('./sms-composer/sms-composer.js').then((m) => m.SmsComposer) },
  'contact-plan-form': { load: () => import('./contact-plan-form/contact-plan-form.js').then((m) => m.ContactPlanForm) },
  'contact-plans': { load: () => import('./contact-plans/contact-plans.js').then((m) => m.ContactPlans) },
  'docking-pages': { load: () => import('./docking-pages/docking-pages.js').then((m) => m.DockingPages) },
} as const;
// Checked here rather than with `satisfies`: a contextual type would widen each `load`'s class to the base class.
const everyEntryIsValid: typeof callpopElements extends { readonly [tag: string]: CallpopElementEntry } ? true : false = true;
void everyEntryIsValid;

/** The base tag name of a callpop element (`call-pop`, `phone-bar`…). */
export type CallpopTag = keyof typeof callpopElements;

/** Every base tag, in the list's order. */
export const callpopTags = Object.keys(callpopElements) as readonly CallpopTag[];

/** The class of an entry of the list (the one it names, or the one its `load` gives). */
export type ElementClassOf<E> = E extends { readonly element: infer C }
  ? C
  : E extends { readonly load: () => Promise<infer C> }
    ? C
    : never;

/** The tags an entry's `needs` names: each must be a tag of the list (checked below, at compile time). */
type NeededTags = { [T in CallpopTag]: (typeof callpopElements)[T] extends { readonly needs: readonly (infer N)[] } ? N : never }[CallpopTag];
const neededTagsAreListed: [NeededTags] extends [CallpopTag] ? true : false = true;
void neededTagsAreListed;

/** Whether an entry loads on first use (in its own chunk). */
export function isLazyEntry(entry: CallpopElementEntry): entry is CallpopLazyEntry {
  return 'load' in entry;
}

/** The class of `tag`: at once for an element loaded with the list, after its chunk for a lazy one. */
export function loadElementClass<T extends CallpopTag>(tag: T): Promise<ElementClassOf<(typeof callpopElements)[T]>> {
  const entry: CallpopElementEntry = callpopElements[tag];
  return (isLazyEntry(entry) ? entry.load() : Promise.resolve(entry.element)) as Promise<ElementClassOf<(typeof callpopElements)[T]>>;
}

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
