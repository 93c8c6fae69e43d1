/**
 * Types shared by the React and Vue declarations (`callpop/react`,
 * `callpop/vue`): which callpop tags a page can write, the properties each
 * element takes, the attributes they reflect from, and the `callpop-*` events.
 * Type-only: this module has no runtime code.
 */
import type { LitElement } from 'lit';
import type { CallpopElementMap, CallpopTag } from '../elements.js';

/**
 * Every public callpop tag (registered by `callpop/define`) and its element
 * class: the element list of `callpop/register` (`callpopElements`), so a new
 * element has its React and Vue types with nothing more to write.
 */
export interface CallpopElements extends CallpopElementMap {}

/** A callpop tag: a key of {@link CallpopElements}. */
export type CallpopElementTag = CallpopTag;

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
