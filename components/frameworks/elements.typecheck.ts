// Compile-time checks (never run; part of `npm run typecheck`): the element list (components/elements.ts)
// is the one list, and everything typed per tag follows it.
import type { GlobalComponents } from 'vue';
import type { CallpopElementMap, CallpopTag } from '../elements.js';
import type { CallpopIntrinsicElements } from './react.js';
import type { CallpopGlobalComponents } from './vue.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** `HTMLElementTagNameMap` (written out in components/elements.ts) has every tag of the list, with its class. */
export const tagNameMap: { [T in CallpopTag]: Same<HTMLElementTagNameMap[T], CallpopElementMap[T]> } = {
  'customer-card': true,
  'call-pop': true,
  'phone-bar': true,
  'call-record': true,
  'business-records': true,
  'schema-form': true,
  'category-picker': true,
  'ticket-form': true,
  'ticket-tab': true,
  'call-details': true,
  'conversation-view': true,
  'service-summary': true,
  'sms-composer': true,
  'contact-plan-form': true,
  'contact-plans': true,
  'docking-pages': true,
};

/** React's JSX and Vue's global components have exactly the tags of the list. */
export const reactTags: Same<keyof CallpopIntrinsicElements, CallpopTag> = true;
export const vueTags: Same<keyof CallpopGlobalComponents, CallpopTag> = true;
export const vueGlobal: Same<Extract<keyof GlobalComponents, CallpopTag>, CallpopTag> = true;
