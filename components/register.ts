/**
 * Register callpop's elements without side effects on import:
 * `defineCallpop()` defines every tag under its own name,
 * `defineCallpop({ prefix: 'acme-' })` under a prefix (`<acme-call-pop>`) when the
 * bare names are taken on the host page.
 *
 * @module callpop/register
 */
import { registerCallPop } from './call-pop/register.js';
import { registerCustomerCard } from './customer-card/register.js';
import { registerPhoneBar } from './phone-bar/register.js';
import { registerConversationView } from './conversation-view/register.js';
import { registerServiceSummary } from './service-summary/register.js';
import { registerSmsComposer } from './sms-composer/register.js';
import { registerContactPlanForm } from './contact-plan-form/register.js';
import { registerContactPlans } from './contact-plans/register.js';
import { registerDockingPages } from './docking-pages/register.js';
import { registerCallDetails } from './call-details/register.js';

export interface DefineOptions {
  /**
   * Put every tag under a prefix (`acme-` gives `<acme-call-pop>`) when the
   * bare names are taken on the host page.
   */
  readonly prefix?: string;
}

/** Register all of callpop's elements. Safe to call twice with the same prefix. */
export function defineCallpop(options: DefineOptions = {}): void {
  const prefix = options.prefix ?? '';
  if (prefix && !/^[a-z][a-z0-9]*-(?:[a-z0-9]+-)*$/.test(prefix)) {
    throw new Error(`callpop: "${prefix}" is not a valid tag prefix; use lower-case letters and end it with "-", e.g. "acme-".`);
  }
  registerCustomerCard(prefix);
  registerCallPop(prefix);
  registerPhoneBar(prefix);
  registerConversationView(prefix);
  registerServiceSummary(prefix);
  registerSmsComposer(prefix);
  registerContactPlanForm(prefix);
  registerContactPlans(prefix);
  registerDockingPages(prefix);
  registerCallDetails(prefix);
}
