// Compile-time checks of callpop/vue's types (never run; part of `npm run typecheck`).
import type { GlobalComponents } from 'vue';
import type {} from './vue.js';
import type { CallPop } from '../call-pop/call-pop.js';
import type { Workbench } from '../../src/workbench/workbench.js';

type PopComponent = InstanceType<GlobalComponents['call-pop']>;
type PopProps = PopComponent['$props'];

declare const workbench: Workbench;

export const accepted: PopProps = {
  workbench,
  theme: 'dark',
  density: 'compact',
  listPosition: 'none',
  'list-position': 'start',
  class: 'pop',
  onCallpopPop: (event) => event.detail.number.toUpperCase(),
};
export const cardProps: InstanceType<GlobalComponents['customer-card']>['$props'] = { 'call-id': 'call-0001', callId: 'call-0001' };
export const barProps: InstanceType<GlobalComponents['phone-bar']>['$props'] = { onCallpopHangupRequest: (event) => event.preventDefault() };
/** A template ref on <call-pop> holds the element. */
export const element = (component: PopComponent): CallPop => component;
export const emits = (component: PopComponent, event: Parameters<NonNullable<PopProps['onCallpopPop']>>[0]): void =>
  component.$emit('callpop-pop', event);

// @ts-expect-error density is comfortable or compact
export const wrongDensity: PopProps = { density: 'tiny' };
// @ts-expect-error theme is light or dark
export const wrongTheme: PopProps = { theme: 'blue' };
// @ts-expect-error the workbench is an object, not a string
export const wrongWorkbench: PopProps = { workbench: 'default' };
// @ts-expect-error a pop's detail has callId, direction and number only
export const wrongDetail: PopProps = { onCallpopPop: (event) => event.detail.customerName };
