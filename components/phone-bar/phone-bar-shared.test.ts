import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeBrowser } from '../../src/telephony/shared/fakes.js';
import { SharedSoftphone } from '../../src/telephony/shared/shared-softphone.js';
import { SimulatedSoftphone } from '../../src/telephony/simulated-softphone.js';
import { createWorkbench, type Workbench } from '../../src/workbench/workbench.js';
import { FakeRingerAudio } from '../../src/telephony/fake-ringer-audio.js';
import { agentModule } from '../../src/workbench/agent.js';
import { partText, TEST_TIME_ZONE, testBackend } from '../shared/test-rig.js';
import type { PhoneBar } from './phone-bar.js';
import './define.js';

/** A CRM tab's workbench on the profile's shared phone. */
async function tab(browser: FakeBrowser, phoneWindowUrl?: string): Promise<{ workbench: Workbench; phone: SharedSoftphone }> {
  const fake = browser.tab();
  const phone = new SharedSoftphone({
    account: 'sip:1001@callpop.test',
    locks: fake.locks,
    createChannel: (name) => fake.createChannel(name),
    lifecycle: new EventTarget(),
    create: () => new SimulatedSoftphone({ outboundAnswerAfterMs: null, inboundTimeoutMs: null }),
  });
  const workbench = createWorkbench({
    adapter: testBackend(),
    softphone: phone,
    storage: null,
    timeZone: TEST_TIME_ZONE,
    ...(phoneWindowUrl ? { phoneWindowUrl } : {}),
  });
  workbench.use(agentModule).useEnvironment({ storage: null, notifications: null, ringer: { createAudio: () => new FakeRingerAudio() } });
  await workbench.start();
  return { workbench, phone };
}

describe('<phone-bar> on a phone shared by the tabs', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => cleanup.splice(0).forEach((run) => run()));

  it('says where the phone is in a tab that does not hold it, and offers the phone window', async () => {
    const browser = new FakeBrowser();
    const first = await tab(browser, '/phone-window.html');
    const second = await tab(browser, '/phone-window.html');
    cleanup.push(() => [first, second].forEach(({ workbench, phone }) => (workbench.dispose(), phone.dispose())));
    await waitUntil(() => second.phone.location() === 'tab', 'the second tab follows');
    const here = await fixture<PhoneBar>(html`<phone-bar lang="en" .workbench=${first.workbench}></phone-bar>`);
    const there = await fixture<PhoneBar>(html`<phone-bar lang="en" .workbench=${second.workbench}></phone-bar>`);
    await waitUntil(() => partText(there, 'phone-location-text') !== '', 'the follower shows where the phone is');
    expect(partText(there, 'phone-location-text')).to.equal('The phone is in another tab');
    expect(partText(here, 'phone-location-text'), 'the tab with the phone').to.equal('');
    expect(partText(there, 'open-phone-window')).to.equal('Open phone window');

    const opened: Array<[string | URL | undefined, string | undefined]> = [];
    const open = window.open;
    window.open = ((url?: string | URL, target?: string) => {
      opened.push([url, target]);
      return null;
    }) as typeof window.open;
    try {
      there.shadowRoot!.querySelector<HTMLButtonElement>('[part~="open-phone-window"]')!.click();
      await there.updateComplete;
    } finally {
      window.open = open;
    }
    expect(opened).to.deep.equal([['/phone-window.html', 'callpop-phone-window']]);
    expect(partText(there, 'error')).to.equal('The browser blocked the phone window. Allow pop-ups for this site, then try again.');
  });

  it('offers no phone window when none is configured, and refuses one on another origin', async () => {
    const browser = new FakeBrowser();
    const only = await tab(browser);
    cleanup.push(() => (only.workbench.dispose(), only.phone.dispose()));
    const bar = await fixture<PhoneBar>(html`<phone-bar lang="en" .workbench=${only.workbench}></phone-bar>`);
    await waitUntil(() => only.phone.location() === 'here', 'the only tab holds the phone');
    expect(bar.shadowRoot!.querySelector('[part~="open-phone-window"]'), 'the phone window button').to.equal(null);
    expect(() => only.workbench.configurePhone({ phoneWindowUrl: 'https://elsewhere.example/phone.html' })).to.throw(
      TypeError,
      /the phone window must be on this page's origin/,
    );
  });
});
