#!/usr/bin/env node
// One agent, one phone: end-to-end tests of the phone shared by the tabs of one
// browser profile (callpop's default `sharing: 'tabs'`), against real parts:
// Kamailio on 127.0.0.1 (its location table asked with kamcmd), sipp as the
// customer's phone, headless Chromium pages of e2e/sip/harness.html in ONE
// browser context (one profile: shared Web Locks, BroadcastChannel, localStorage).
//
//   node e2e/sip/tabs.mjs [--only 1,2]
//
// Prints one line per scenario, then "N passed, N failed"; exits 1 on any failure.
// Skips (exit 0) only when kamailio, kamcmd or sipp is missing and CI is not set.
// Every process is stopped by its pid at the end, also on errors and signals.
import {
  alive,
  closeBrowser,
  installed,
  Kamailio,
  KAMAILIO,
  KAMCMD,
  launchBrowser,
  openAgent,
  runSipp,
  SIPP,
  sleep,
  startDevServer,
  stopChild,
  waitCall,
  waitForText,
  waitInPage,
  assert,
  sippSummary,
} from './lib.mjs';

const RUN_TIMEOUT_MS = 200_000;
const SCENARIO_TIMEOUT_MS = 60_000;
const KNOWN = { phone: '+8613800138000', name: '张伟' };
const POP = ['call-pop'];

const only = (() => {
  const index = process.argv.indexOf('--only');
  return index > 0 ? new Set(process.argv[index + 1].split(',')) : null;
})();

const missing = [KAMAILIO, KAMCMD, SIPP].filter((program) => !installed(program));
if (missing.length > 0) {
  if (process.env.CI) {
    console.error(`e2e/sip/tabs: ${missing.join(', ')} not installed, and CI is set: failing.`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`e2e/sip/tabs: SKIPPED — ${missing.join(', ')} not installed (apt-get install kamailio kamailio-websocket-modules sip-tester).`);
  process.exit(0);
}

// ------------------------------------------------------------------ processes and cleanup

const kamailio = new Kamailio();
let server;
let browser;
const sippChildren = new Set();
let cleaning;

function cleanup() {
  cleaning ??= (async () => {
    await closeBrowser(browser).catch(() => undefined);
    await Promise.allSettled([...sippChildren].map((child) => stopChild(child, 1000)));
    await stopChild(server?.child).catch(() => undefined);
    await kamailio.kill().catch(() => undefined);
    kamailio.cleanup();
  })();
  return cleaning;
}

let interrupted = false;
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`e2e/sip/tabs: ${signal}, cleaning up`);
    void cleanup().finally(() => process.exit(code));
  });
}

function sipp(scenario, options = {}) {
  return runSipp(kamailio, scenario, {
    ...options,
    onStart: (child) => {
      sippChildren.add(child);
      child.once('exit', () => sippChildren.delete(child));
    },
  });
}

/** The final answers sipp received to its INVITEs (`200`, `486`…), from its message trace. */
function inviteAnswers(result) {
  const codes = [];
  const blocks = result.messages.split(/-{10,} [^\n]*\n/);
  for (const block of blocks) {
    if (!/message received/.test(block)) continue;
    const status = /^SIP\/2\.0 (\d{3})/m.exec(block);
    if (status && Number(status[1]) >= 200 && /^CSeq:\s*\d+\s+INVITE/im.test(block)) codes.push(Number(status[1]));
  }
  return codes;
}

/** Kamailio's bindings for 1001, checked to be exactly one. */
function oneContact(what) {
  const contacts = kamailio.contacts('1001');
  assert(contacts.length === 1, `${what}: Kamailio holds ${contacts.length} contacts for 1001: ${contacts.join(', ') || 'none'}`);
  return contacts[0];
}

// ------------------------------------------------------------------ the profile's tabs

const pageErrors = [];
let origin;
let profile;
const tabs = [];
let windowTab = null;

function harnessUrl(query = {}) {
  const params = new URLSearchParams({
    ws: kamailio.ws,
    uri: 'sip:1001@127.0.0.1',
    user: '1001',
    password: 'x',
    dtmf: 'info',
    lang: 'en',
    bar: '1',
    sharing: 'tabs',
    storage: 'local',
    ...query,
  });
  return `${origin}/e2e/sip/harness.html?${params}`;
}

async function openTab(name, query = {}) {
  const page = await profile.newPage();
  page.setDefaultTimeout(15_000);
  await page.setBypassCSP(true);
  page.on('pageerror', (error) => pageErrors.push(`[${name}] pageerror: ${error?.message ?? error}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`[${name}] console.error: ${message.text()}`);
  });
  await page.goto(harnessUrl(query), { waitUntil: 'load' });
  await page.waitForFunction(() => Boolean(window.callpop?.softphone), { timeout: 45_000 });
  return { name, page };
}

const where = (tab) => tab.page.evaluate(() => window.callpop.softphone.location());
const registration = (tab) => tab.page.evaluate(() => window.callpop.softphone.registration().state);

async function waitRegistered(tab, what, timeoutMs = 15_000) {
  await waitInPage(tab.page, () => window.callpop.softphone.registration().state === 'registered', null, `${what}: ${tab.name} is not registered`, timeoutMs);
}

/** The open tab that holds the phone (its own SIP softphone registered). */
async function leader(list = tabs) {
  const found = [];
  for (const tab of list) if ((await where(tab)) === 'here') found.push(tab);
  assert(found.length === 1, `one tab holds the phone, saw ${found.map((t) => t.name).join(', ') || 'none'}`);
  return found[0];
}

async function endAfterCallWork(page) {
  await page.evaluate(() => {
    const button = document.querySelector('phone-bar')?.shadowRoot?.querySelector('[part~="acw-end"]');
    if (button instanceof HTMLElement) button.click();
  });
}

async function noLiveCalls(tab, what) {
  await waitInPage(tab.page, () => window.callpop.softphone.calls().length === 0, null, `${what}: ${tab.name} still shows a live call`);
}

// ------------------------------------------------------------------ scenarios

const scenarios = [
  {
    id: '1',
    name: '1. three tabs as 1001: one contact in Kamailio; a sipp call pops in all three, is answered from the third; sipp gets one 200 OK',
    async run() {
      for (const name of ['tab1', 'tab2', 'tab3']) tabs.push(await openTab(name));
      for (const tab of tabs) await waitRegistered(tab, 'three tabs');
      const contact = oneContact('three tabs registered');
      const call = sipp('uac-answered.xml', { service: '1001', from: KNOWN.phone });
      const ringing = [];
      for (const tab of tabs) ringing.push(await waitCall(tab.page, 'ringing', `no call rang in ${tab.name}`));
      assert(new Set(ringing.map((c) => c.id)).size === 1, `one call in every tab, saw ids ${ringing.map((c) => c.id).join(', ')}`);
      for (const tab of tabs) await waitForText(tab.page, [...POP, '[part~="customer-name"]'], KNOWN.name, `pop in ${tab.name}`);
      await tabs[2].page.evaluate((id) => window.callpop.workbench.answer(id), ringing[2].id);
      for (const tab of tabs) await waitCall(tab.page, 'connected', `${tab.name} does not show the call connected`);
      const result = await call;
      assert(result.code === 0, sippSummary(result));
      const answers = inviteAnswers(result);
      assert(answers.length === 1 && answers[0] === 200, `sipp's INVITE got ${JSON.stringify(answers)}, one 200 expected`);
      for (const tab of tabs) await noLiveCalls(tab, 'after the BYE');
      await endAfterCallWork(tabs[0].page);
      return `contact ${contact}; INVITE answered ${JSON.stringify(answers)}`;
    },
  },
  {
    id: '2',
    name: '2. the tab with the phone closes while idle: another tab is registered again within 2 s, one contact, the next call rings',
    async run() {
      const old = await leader();
      const contactBefore = oneContact('before');
      const rest = tabs.filter((tab) => tab !== old);
      const t0 = Date.now();
      // As the agent closes a tab: beforeunload, pagehide and unload run (puppeteer skips them by default).
      await old.page.close({ runBeforeUnload: true });
      tabs.splice(tabs.indexOf(old), 1);
      // Registered again: a remaining tab holds the phone and its own SIP softphone is registered.
      let took = null;
      while (Date.now() - t0 < 10_000) {
        const states = await Promise.all(rest.map((tab) => tab.page.evaluate(() => window.callpop.sip()?.registration().state ?? null)));
        if (states.includes('registered')) {
          took = Date.now() - t0;
          break;
        }
        await sleep(20);
      }
      assert(took !== null, 'no tab registered again within 10 s');
      assert(took < 2000, `registered again after ${took} ms (2000 ms at most)`);
      const contactAfter = oneContact('after the hand-off');
      const next = await leader(rest);
      const call = sipp('uac-cancel.xml', { service: '1001', from: KNOWN.phone });
      for (const tab of rest) await waitCall(tab.page, 'ringing', `the next call did not ring in ${tab.name}`);
      const result = await call;
      assert(result.code === 0, sippSummary(result));
      for (const tab of rest) await noLiveCalls(tab, 'after the cancel');
      return `registered again from ${next.name} in ${took} ms; contact ${contactAfter === contactBefore ? 'the same' : `${contactBefore} -> ${contactAfter}`}`;
    },
  },
  {
    id: '3',
    name: '3. a tab without the phone navigates during a call: the call goes on, the reloaded tab shows it',
    async run() {
      tabs.push(await openTab('tab4'));
      await waitRegistered(tabs.at(-1), 'a new tab');
      const phone = await leader();
      const other = tabs.find((tab) => tab !== phone);
      const call = sipp('uac-long.xml', { service: '1001', from: KNOWN.phone, extra: ['-d', '6000'] });
      const ringing = await waitCall(other.page, 'ringing', 'no call rang');
      await other.page.evaluate((id) => window.callpop.workbench.answer(id), ringing.id);
      await waitCall(phone.page, 'connected', 'the call was not answered');
      const t0 = Date.now();
      await other.page.goto(harnessUrl(), { waitUntil: 'load' });
      await other.page.waitForFunction(() => Boolean(window.callpop?.softphone), { timeout: 15_000 });
      const shown = await waitCall(other.page, 'connected', 'the navigated tab does not show the live call');
      const showedAfter = Date.now() - t0;
      assert(shown.id === ringing.id, `the navigated tab shows call ${shown.id}, expected ${ringing.id}`);
      const stillConnected = await phone.page.evaluate((id) => window.callpop.softphone.calls().find((c) => c.id === id)?.state ?? 'gone', ringing.id);
      assert(stillConnected === 'connected', `the call is ${stillConnected} in the tab with the phone`);
      const result = await call;
      assert(result.code === 0, sippSummary(result));
      for (const tab of tabs) await noLiveCalls(tab, 'after the BYE');
      await endAfterCallWork(phone.page);
      return `the navigated tab showed the live call ${showedAfter} ms after navigating (load included)`;
    },
  },
  {
    id: '4',
    name: '4. the phone window holds the phone: a CRM tab reloads during a call, RTP keeps flowing, the reloaded tab shows the call',
    async run() {
      windowTab = await openTab('phone-window', { role: 'phone-window' });
      await waitInPage(windowTab.page, () => window.callpop.softphone.location() === 'here' && window.callpop.sip()?.registration().state === 'registered', null, 'the phone window did not take the phone');
      for (const tab of tabs) {
        await waitInPage(tab.page, () => window.callpop.softphone.location() === 'phone-window', null, `${tab.name} does not show the phone in the phone window`);
      }
      oneContact('phone window registered');
      const customer = await openAgent(browser, origin, kamailio, '1002', { errors: pageErrors });
      try {
        await customer.page.evaluate(() => window.callpop.softphone.dial('1001'));
        const ringing = await waitCall(tabs[0].page, 'ringing', 'the customer’s call did not ring in the CRM tab');
        await tabs[0].page.evaluate((id) => window.callpop.workbench.answer(id), ringing.id);
        await waitCall(windowTab.page, 'connected', 'the window did not answer');
        const stats = () => windowTab.page.evaluate((id) => window.callpop.diag().stats(id), ringing.id);
        await waitInPage(windowTab.page, async (id) => (await window.callpop.diag().stats(id)).packetsReceived > 0, ringing.id, 'no RTP before the reload');
        const before = await stats();
        const t0 = Date.now();
        await tabs[0].page.reload({ waitUntil: 'load' });
        await tabs[0].page.waitForFunction(() => Boolean(window.callpop?.softphone), { timeout: 15_000 });
        const shown = await waitCall(tabs[0].page, 'connected', 'the reloaded tab does not show the live call');
        const showedAfter = Date.now() - t0;
        assert(shown.id === ringing.id, `the reloaded tab shows ${shown.id}`);
        await waitInPage(
          windowTab.page,
          async ([id, sent, received]) => {
            const now = await window.callpop.diag().stats(id);
            return now.packetsSent > sent + 10 && now.packetsReceived > received + 10;
          },
          [ringing.id, before.packetsSent, before.packetsReceived],
          'RTP did not keep flowing after the reload',
        );
        const after = await stats();
        await tabs[0].page.evaluate((id) => window.callpop.workbench.hangup(id), ringing.id);
        await noLiveCalls(customer, 'after the agent hung up');
        for (const tab of [...tabs, windowTab]) await noLiveCalls(tab, 'after the hang-up');
        return `packets sent/received ${before.packetsSent}/${before.packetsReceived} -> ${after.packetsSent}/${after.packetsReceived}; the reloaded tab showed the call ${showedAfter} ms after reloading`;
      } finally {
        await customer.close();
      }
    },
  },
];

// ------------------------------------------------------------------ main

async function main() {
  const started = Date.now();
  let passed = 0;
  let failed = 0;
  const guard = setTimeout(() => {
    console.error(`e2e/sip/tabs: the whole run took over ${RUN_TIMEOUT_MS / 1000} s, stopping`);
    void cleanup().finally(() => process.exit(1));
  }, RUN_TIMEOUT_MS);
  try {
    await kamailio.start();
    server = await startDevServer();
    origin = server.origin;
    browser = await launchBrowser();
    profile = await browser.createBrowserContext();
    for (const scenario of scenarios) {
      if (only && !only.has(scenario.id)) continue;
      const t0 = Date.now();
      try {
        assert(alive(kamailio.child), 'Kamailio is not running');
        const note = await Promise.race([
          scenario.run(),
          sleep(SCENARIO_TIMEOUT_MS).then(() => {
            throw new Error(`timed out after ${SCENARIO_TIMEOUT_MS / 1000} s`);
          }),
        ]);
        passed += 1;
        console.log(`ok    ${scenario.name} (${Date.now() - t0} ms)${note ? ` — ${note}` : ''}`);
      } catch (error) {
        failed += 1;
        console.log(`FAIL  ${scenario.name} (${Date.now() - t0} ms)\n      ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n      ')}`);
      }
    }
    const uncaught = pageErrors.filter((e) => e.includes('pageerror'));
    if (uncaught.length > 0) {
      failed += 1;
      console.log(`FAIL  no uncaught errors in the pages\n      ${uncaught.join('\n      ')}`);
    } else {
      passed += 1;
      console.log('ok    no uncaught errors in the pages');
    }
  } catch (error) {
    failed += 1;
    console.log(`FAIL  setup: ${String(error?.stack ?? error)}\n      page errors: ${pageErrors.join('\n      ')}`);
  } finally {
    clearTimeout(guard);
    await cleanup();
  }
  console.log(`e2e/sip/tabs took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();
