import type { AdapterDomain } from '../../src/adapter/partial.js';
import type { Workbench } from '../../src/workbench/workbench.js';
import type { CallpopTag } from './define-element.js';

/**
 * What each element needs of the backend: the adapter domains without which it is not shown.
 * A backend adapter may leave domains out (`PartialBackendAdapter`); an element that needs one
 * of them renders nothing, and the elements that compose it (`<call-pop>`, `<call-details>`)
 * leave out its part, tab or button. docs/adapter.md has the table with the methods and routes.
 */
export const ELEMENT_NEEDS: { readonly [T in CallpopTag]: readonly AdapterDomain[] } = {
  // The pop itself always shows: the number and call state come from the softphone.
  'call-pop': [],
  'customer-card': ['customers'],
  // Always shown (registration, calls, dialling come from the softphone); without `agents` it
  // leaves out the agent status menu and the caller ID, and dials with no caller-ID rules.
  'phone-bar': [],
  // Shows the tabs the backend offers (records, tickets, call record, docking pages).
  'call-details': [],
  'business-records': ['customers', 'records'],
  'ticket-tab': ['tickets'],
  'ticket-form': ['tickets'],
  'call-record': ['calls'],
  'schema-form': [],
  'category-picker': [],
  'conversation-view': ['conversation'],
  'service-summary': ['summary'],
  'sms-composer': ['sms'],
  'contact-plan-form': ['contactPlans'],
  'contact-plans': ['contactPlans'],
  'docking-pages': ['dockingPages'],
};

/** Whether the workbench's backend offers every domain in `needs` (true while no workbench is found). */
export function offers(workbench: Workbench | undefined, needs: readonly AdapterDomain[] | AdapterDomain): boolean {
  if (!workbench) return true;
  const list = typeof needs === 'string' ? [needs] : needs;
  // A workbench from another copy of the SDK may not know `supports` yet: it offers everything.
  return typeof workbench.supports !== 'function' || list.every((domain) => workbench.supports(domain));
}

/** Whether the element `tag` can be shown with this workbench's backend. */
export function canShow(workbench: Workbench | undefined, tag: CallpopTag): boolean {
  return offers(workbench, ELEMENT_NEEDS[tag]);
}
