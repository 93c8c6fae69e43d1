import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createDefaultSeed, SEED_IDS } from '../../src/adapter/memory/index.js';
import type { AgentPhoneSettings } from '../../src/adapter/types.js';
import { contactPlansModule } from '../../src/workbench/contact-plans.js';
import { DialError } from '../../src/workbench/phone.js';
import type { CallPop } from '../call-pop/call-pop.js';
import type { ContactPlans } from '../contact-plans/contact-plans.js';
import type { PhoneBar } from '../phone-bar/phone-bar.js';
import { button, createTestRig, TEST_START, testBackend, typeInto, type TestRig } from './test-rig.js';
import '../call-pop/define.js';
import '../contact-plans/define.js';
import '../phone-bar/define.js';

/**
 * Every way an agent starts a call — the phone bar's dial box, "Call back" in
 * My calls, "Call back" on a contact plan, and the host page's click-to-dial
 * (`workbench.dial`, as the README shows) — takes the one command path: the
 * same call permission, the same caller-ID rule. (The iframe's dial command
 * is held to it in components/embed/frame.test.ts.)
 */
describe('one command path for every way to dial', () => {
  let rig: TestRig;
  afterEach(() => rig.dispose());

  async function rigWith(settings: Partial<AgentPhoneSettings>): Promise<TestRig> {
    const seed = createDefaultSeed(new Date(TEST_START));
    const backend = testBackend({ seed: { ...seed, phoneSettings: { ...seed.phoneSettings, ...settings } } });
    rig = await createTestRig({ backend });
    rig.workbench.use(contactPlansModule).useEnvironment({ reminders: { lockPrefix: `path-${crypto.randomUUID()}-`, channelName: crypto.randomUUID() }, notifications: null });
    return rig;
  }

  /** Whether the element shows this text somewhere (its error line). */
  const said = (el: Element, text: string): boolean => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').includes(text);

  /** One entry point: start a call to Chen Jing (+86 139 1234 5678) the way the agent would there. */
  type EntryPoint = (rig: TestRig) => Promise<void>;

  const entryPoints: { readonly [name: string]: EntryPoint } = {
    async 'the phone bar dial box'(r) {
      const bar = await fixture<PhoneBar>(html`<phone-bar lang="en" .workbench=${r.workbench}></phone-bar>`);
      await waitUntil(() => r.workbench.stores.$phoneSettings.get().status === 'ready', 'the phone settings never loaded');
      typeInto(bar.shadowRoot!.querySelector<HTMLInputElement>('[part~="dial-input"]')!, '139 1234 5678');
      await bar.updateComplete;
      bar.shadowRoot!.querySelector<HTMLButtonElement>('[part~="dial-button"]')!.click();
      await waitUntil(() => r.softphone.calls().length > 0 || said(bar, 'You may not make outbound calls.'), 'the phone bar neither dialled nor said why');
    },
    async '"Call back" in My calls'(r) {
      const pop = await fixture<CallPop>(html`<call-pop lang="en" .workbench=${r.workbench}></call-pop>`);
      const earlier = r.softphone.simulateInbound(SEED_IDS.chenJingPhone);
      await r.workbench.hangup(earlier);
      await pop.updateComplete;
      button(pop.shadowRoot!, 'Call back +86 139 1234 5678').click();
      await waitUntil(
        () => r.softphone.calls().some((c) => c.direction === 'outbound') || said(pop, 'Could not call back: This agent may not make outbound calls.'),
        'My calls neither dialled nor said why',
      );
    },
    async '"Call back" on a contact plan'(r) {
      const plans = await fixture<ContactPlans>(html`<contact-plans lang="en" view="list" .workbench=${r.workbench}></contact-plans>`);
      await waitUntil(() => r.workbench.use(contactPlansModule).$mine.get().status === 'ready', 'plans never loaded');
      plans.shadowRoot!.querySelector<HTMLButtonElement>('[part~="filter"][data-filter="overdue"]')!.click();
      await plans.updateComplete;
      button(plans.shadowRoot!, 'Call back +86 139 1234 5678').click();
      await waitUntil(
        () => r.softphone.calls().length > 0 || said(plans, 'This agent may not make outbound calls.'),
        'the plan neither dialled nor said why',
      );
    },
    async 'click-to-dial on the host page (workbench.dial)'(r) {
      await r.workbench.dial('+86 139 1234 5678').catch((error: unknown) => {
        if (!(error instanceof DialError)) throw error;
      });
    },
  };

  for (const [name, start] of Object.entries(entryPoints)) {
    it(`${name}: presents the caller-ID rules' number`, async () => {
      await rigWith({ callerId: { mode: 'fixed', numbers: [{ number: '+862161234567', label: '上海 Shanghai' }], header: 'X-Caller' } });
      await start(rig);
      const [call] = rig.softphone.calls().filter((c) => c.direction === 'outbound');
      expect(call?.remoteNumber, 'the number dialled').to.equal(SEED_IDS.chenJingPhone);
      expect(call?.displayNumber, 'the caller ID the customer sees').to.equal('+862161234567');
    });

    it(`${name}: dials nothing without the call permission`, async () => {
      await rigWith({ callPermission: false });
      await start(rig);
      expect(rig.softphone.calls().map((c) => `${c.direction} ${c.remoteNumber}`)).to.deep.equal([]);
    });
  }
});
