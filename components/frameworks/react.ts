/**
 * TypeScript JSX types for callpop's tags in React 19 (`callpop/react`).
 * Type-only: import it once anywhere in a React project,
 * `import type {} from 'callpop/react';`, and `<call-pop>`, `<phone-bar>`…
 * type-check with their properties (`workbench`, `theme`, `callId`), their
 * attributes (`call-id`, `list-position`) and their events as React 19 props
 * (`oncallpop-pop={(event) => event.detail.number}`).
 *
 * React 19 sets a prop as a DOM property when the element has one (so define the
 * elements before React renders them) and adds a listener for a prop named
 * `on` + the exact event name. See docs/frameworks.md.
 * @module callpop/react
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  CallpopElementAttributes,
  CallpopElementProperties,
  CallpopElements,
  CallpopElementTag,
  CallpopEventName,
} from './element-types.js';

export type * from './element-types.js';

/** Every `callpop-*` event as a React 19 custom-element event prop: `oncallpop-pop`, `oncallpop-hangup-request`… */
export type CallpopReactEventProps = {
  [N in CallpopEventName as `on${N}`]?: ((event: GlobalEventHandlersEventMap[N]) => void) | undefined;
};

/** The JSX props of a callpop element: the usual HTML props (`ref` typed to the element), its properties, attributes and events. */
export type CallpopReactProps<E extends HTMLElement> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  CallpopElementProperties<E> &
  CallpopElementAttributes<E> &
  CallpopReactEventProps;

/** Every callpop tag → its JSX props. */
export type CallpopIntrinsicElements = {
  [T in CallpopElementTag]: CallpopReactProps<CallpopElements[T]>;
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CallpopIntrinsicElements {}
  }
}
