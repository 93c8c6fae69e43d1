/**
 * Vue 3 types for callpop's tags (`callpop/vue`). Type-only: import it once,
 * `import type {} from 'callpop/vue';`, and Vue's language tools (vue-tsc,
 * Volar) check `<call-pop :workbench="wb" theme="dark" @callpop-pop="onPop">`
 * in templates: the element's properties, its attributes and its `callpop-*`
 * events, through Vue's `GlobalComponents`.
 *
 * The tags are custom elements, not Vue components: tell Vue's template
 * compiler so (`compilerOptions.isCustomElement`), or render them with `h()`.
 * See docs/frameworks.md.
 * @module callpop/vue
 */
import type { EmitFn, HTMLAttributes } from 'vue';
import type {
  CallpopElementAttributes,
  CallpopElementProperties,
  CallpopElements,
  CallpopElementTag,
  CallpopEventName,
  CamelCase,
} from './element-types.js';

export type * from './element-types.js';

/** Every `callpop-*` event as a Vue listener prop: `@callpop-pop` in a template is `onCallpopPop`. */
export type CallpopVueEventProps = {
  [N in CallpopEventName as `on${Capitalize<CamelCase<N>>}`]?: ((event: GlobalEventHandlersEventMap[N]) => void) | undefined;
};

/** What a callpop element accepts in a Vue template or `h()`: HTML attributes, its properties, attributes and events. */
export type CallpopVueProps<E extends HTMLElement> = HTMLAttributes &
  CallpopElementProperties<E> &
  CallpopElementAttributes<E> &
  CallpopVueEventProps;

/**
 * A callpop element as Vue's tools see a global component (the pattern Vue's
 * guide gives for custom elements): the element instance (what a template ref
 * holds) plus the `$props` and `$emit` the template is checked against.
 */
export type CallpopVueElement<E extends HTMLElement> = new () => E & {
  /** @deprecated For template type-checking only; a custom element has no `$props`. */
  $props: CallpopVueProps<E>;
  /** @deprecated For template type-checking only; a custom element has no `$emit`. */
  $emit: EmitFn<{ [N in CallpopEventName]: (event: GlobalEventHandlersEventMap[N]) => void }>;
};

/** Every callpop tag → its Vue global component type. */
export type CallpopGlobalComponents = {
  [T in CallpopElementTag]: CallpopVueElement<CallpopElements[T]>;
};

declare module 'vue' {
  interface GlobalComponents extends CallpopGlobalComponents {}
}
