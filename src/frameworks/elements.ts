/**
 * Types shared by the React and Vue declarations (`callpop/react`,
 * `callpop/vue`): which callpop tags a page can write, the properties each
 * element takes, the attributes they reflect from, and the `callpop-*` events.
 * Type-only: this module has no runtime code.
 */
import type { LitElement } from 'lit';
import type { CallPop } from '../../components/call-pop/call-pop.js';
import type { ContactPlanForm } from '../../components/contact-plan-form/contact-plan-form.js';
import type { ContactPlans } from '../../components/contact-plans/contact-plans.js';
import type { ConversationView } from '../../components/conversation-view/conversation-view.js';
import type { CustomerCard } from '../../components/customer-card/customer-card.js';
import type { DockingPages } from '../../components/docking-pages/docking-pages.js';
import type { PhoneBar } from '../../components/phone-bar/phone-bar.js';
import type { ServiceSummaryElement } from '../../components/service-summary/service-summary.js';
import type { SmsComposer } from '../../components/sms-composer/sms-composer.js';

/** Every public callpop tag (registered by `callpop/define`) and its element class. */
export interface CallpopElements {
  'call-pop': CallPop;
  'customer-card': CustomerCard;
  'phone-bar': PhoneBar;
  'conversation-view': ConversationView;
  'service-summary': ServiceSummaryElement;
  'sms-composer': SmsComposer;
  'contact-plan-form': ContactPlanForm;
  'contact-plans': ContactPlans;
  'docking-pages': DockingPages;
}

export type CallpopElementTag = keyof CallpopElements;

/**
 * An element's own settable properties (`workbench`, `theme`, `callId`,
 * `listPosition`…): its public, non-method members that `LitElement` does not have.
 */
export type CallpopElementProperties<E> = {
  [K in keyof E as K extends keyof LitElement ? never : E[K] extends (...args: never[]) => unknown ? never : K]?: E[K];
};

/** `listPosition` → `list-position`. */
export type KebabCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${KebabCase<Tail>}`
  : S;

/** `callpop-pop` → `callpopPop`. */
export type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/**
 * The attribute form of each property with a different name in HTML
 * (`call-id`, `list-position`, `load-timeout`), for primitive values only: an
 * object such as `workbench` is never an attribute.
 */
export type CallpopElementAttributes<E> = {
  [K in keyof CallpopElementProperties<E> & string as KebabCase<K> extends K
    ? never
    : NonNullable<E[K & keyof E]> extends string | number | boolean
      ? KebabCase<K>
      : never]?: E[K & keyof E] | string;
};

/** The names of the `callpop-*` DOM events the elements fire (from `GlobalEventHandlersEventMap`). */
export type CallpopEventName = Extract<keyof GlobalEventHandlersEventMap, `callpop-${string}`>;
