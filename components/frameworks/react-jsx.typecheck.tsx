/** @jsxRuntime automatic */
/** @jsxImportSource react */
// Compile-time checks of callpop/react's JSX types (never run): `npx tsc -p demo/react/tsconfig.json --noEmit`.
import type { CallPop } from '../call-pop/call-pop.js';
import type {} from './react.js';
import type { Workbench } from '../../src/workbench/workbench.js';

declare const workbench: Workbench;

export const accepted = (
  <>
    <call-pop
      workbench={workbench}
      theme="dark"
      density="compact"
      lang="zh-CN"
      list-position="none"
      listPosition="start"
      className="pop"
      ref={(el: CallPop | null) => void el?.updateComplete}
      oncallpop-pop={(event) => event.detail.number.toUpperCase()}
    />
    <customer-card call-id="call-0001" callId="call-0001" theme={undefined} />
    <phone-bar workbench={workbench} oncallpop-hangup-request={(event) => event.preventDefault()} />
    <contact-plans view="list" filter="due" />
    <docking-pages load-timeout={5000} page="orders" density="comfortable" />
    <call-details call-id="call-0001" tab="records" density="compact" />
    <ticket-form workbench={workbench} theme="light" />
  </>
);

export const refused = (
  <>
    {/* @ts-expect-error theme is light or dark */}
    <call-pop theme="blue" />
    {/* @ts-expect-error the workbench is an object, not a string */}
    <call-pop workbench="default" />
    {/* @ts-expect-error a pop's detail has callId, direction and number only */}
    <call-pop oncallpop-pop={(event) => event.detail.customerName} />
    {/* @ts-expect-error density is comfortable or compact */}
    <call-pop density="tiny" />
    {/* @ts-expect-error listPosition is start or none */}
    <call-pop listPosition="end" />
    {/* @ts-expect-error not a callpop tag */}
    <call-popup />
  </>
);
