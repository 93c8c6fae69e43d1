#!/usr/bin/env node
// One phone shared by the tabs (runnable alone: `node bench/tabs.mjs [--handoffs 20] [--calls 30] [--json]`).
//
// Real parts, on loopback: Kamailio, sipp, headless Chromium; agent pages are
// e2e/sip/harness.html with `sharing=tabs` in ONE browser context (one profile).
//
// 1. Hand-off: three tabs share 1001; the tab holding the phone is closed
//    (page.close(), so pagehide runs); timed from the close until another tab's
//    own SIP softphone reports `registered` (polled every 10 ms), then a new
//    tab is opened to keep three. Repeated N times.
// 2. Ring → pop painted in a tab without the phone (brought to the front: hidden
//    tabs get no frames): sipp (uac-rejected.xml) calls 1001 every 500 ms; the page
//    polls with requestAnimationFrame until <call-pop> shows the caller's number
//    for that call and takes performance.timeOrigin + performance.now() in that
//    frame. "Sent" is the INVITE's timestamp in sipp's message trace (this
//    machine's wall clock). The channel hop is the time from the ringing event in
//    the tab with the phone to the same event in the other tab (both clocks are
//    this machine's). The phone rejects each call 300 ms after the ring.
//
// Reports only; exits 1 only if the benchmark itself could not run.
import {
  closeBrowser,
  installed,
  Kamailio,
  KAMAILIO,
  launchBrowser,
  runSipp,
  SIPP,
  sleep,
  startDevServer,
  stopChild,
  inviteTimes,
} from '../e2e/sip/lib.mjs';
import { stats } from './stats.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const HANDOFFS = arg('--handoffs', 20);
const CALLS = arg('--calls', 30);
const JSON_OUT = args.includes('--json');
const result = { date: new Date().toISOString(), handoff: null, ringToPop: null };
const say = (line = '') => {
  if (!JSON_OUT) console.log(line);
};

async function main() {
  if (![KAMAILIO, SIPP].every(installed)) {
    say('bench/tabs: kamailio or sipp is not installed; nothing measured.');
    if (JSON_OUT) console.log(JSON.stringify(result, null, 2));
    return;
  }
  const kamailio = new Kamailio();
  let server;
  let browser;
  const stop = async () => {
    await closeBrowser(browser).catch(() => undefined);
    await stopChild(server?.child).catch(() => undefined);
    await kamailio.kill().catch(() => undefined);
    kamailio.cleanup();
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop().finally(() => process.exit(130)));
  try {
    await kamailio.start();
    server = await startDevServer();
    browser = await launchBrowser();
    const profile = await browser.createBrowserContext();
    const url = () =>
      `${server.origin}/e2e/sip/harness.html?${new URLSearchParams({
        ws: kamailio.ws,
        uri: 'sip:1001@127.0.0.1',
        user: '1001',
        password: 'x',
        lang: 'en',
        latency: '0',
        sharing: 'tabs',
        storage: 'local',
      })}`;
    const open = async () => {
      const page = await profile.newPage();
      await page.setBypassCSP(true);
      await page.goto(url(), { waitUntil: 'load' });
      await page.waitForFunction(() => window.callpop?.softphone?.registration().state === 'registered', { timeout: 30_000, polling: 20 });
      if (process.env.BENCH_TABS_DEBUG) {
        await page.evaluate(() => {
          window.__heard = [];
          new BroadcastChannel('callpop-phone:sip:1001@127.0.0.1').onmessage = (e) => window.__heard.push({ t: e.data.t, from: e.data.from, at: Date.now() });
        });
      }
      return page;
    };
    const holder = async (pages) => {
      for (const page of pages) if (await page.evaluate(() => window.callpop.softphone.location() === 'here')) return page;
      throw new Error('no tab holds the phone');
    };

    // ---- 1. hand-off
    const pages = [await open(), await open(), await open()];
    await sleep(2000);
    const handoffs = [];
    for (let i = 0; i < HANDOFFS; i += 1) {
      const old = await holder(pages);
      pages.splice(pages.indexOf(old), 1);
      const t0 = performance.now();
      // As the agent closes a tab: beforeunload, pagehide and unload run (puppeteer skips them by default).
      await old.close({ runBeforeUnload: true });
      let took = null;
      while (performance.now() - t0 < 10_000) {
        const states = await Promise.all(pages.map((page) => page.evaluate(() => window.callpop.sip()?.registration().state ?? null)));
        if (states.includes('registered')) {
          took = performance.now() - t0;
          break;
        }
        await sleep(10);
      }
      if (took === null) throw new Error(`hand-off ${i + 1}: no tab registered again within 10 s`);
      handoffs.push(took);
      if (process.env.BENCH_TABS_DEBUG) {
        const next = await holder(pages);
        const phases = await next.evaluate((start) => {
          const here = window.callpop.events.find((e) => e.type === 'location' && e.location === 'here');
          const registering = window.callpop.events.findLast((e) => e.type === 'registration' && e.registration.state === 'registering');
          const registered = window.callpop.events.findLast((e) => e.type === 'registration' && e.registration.state === 'registered');
          const sip = performance.getEntriesByType('resource').filter((e) => e.name.includes('sip-softphone') || e.name.includes('node_modules/sip.js'));
          const first = sip.length ? Math.min(...sip.map((e) => e.startTime)) + performance.timeOrigin - start : null;
          const last = sip.length ? Math.max(...sip.map((e) => e.responseEnd)) + performance.timeOrigin - start : null;
          const leaving = (window.__heard ?? []).filter((m) => m.t === 'leaving').map((m) => m.at - start);
          return { leaving, sipFiles: sip.length, sipFetchFrom: first, sipFetchTo: last, elected: here ? here.at - start : null, registering: registering ? registering.at - start : null, registered: registered ? registered.at - start : null };
        }, Date.now() - took);
        console.error(`hand-off ${i + 1}: ${Math.round(took)} ms`, JSON.stringify(phases));
      }
      const contacts = kamailio.contacts('1001');
      if (contacts.length !== 1) throw new Error(`hand-off ${i + 1}: Kamailio holds ${contacts.length} contacts`);
      // A tab the agent opened a moment ago, not this very instant (it fetches sip.js in the background).
      pages.push(await open());
      await sleep(2000);
    }
    result.handoff = { ...stats(handoffs), samples: handoffs.map((v) => Math.round(v)) };
    say(`1. The tab with the phone closes → another tab registered again (${HANDOFFS} hand-offs, 3 tabs, loopback Kamailio)`);
    say(`   in order: ${result.handoff.samples.join(' ')} ms`);
    say(`   median ${result.handoff.median} ms, p95 ${result.handoff.p95} ms (min ${result.handoff.min}, max ${result.handoff.max}); one contact in Kamailio after every hand-off`);

    // ---- 2. ring → pop painted in a tab without the phone (in front: hidden tabs get no frames)
    const leader = await holder(pages);
    const follower = pages.find((page) => page !== leader);
    await follower.bringToFront();
    const watch = (page, isLeader) =>
      page.evaluate((rejects) => {
        window.__painted = {};
        window.__rang = {};
        window.__sipCallIds = {};
        const softphone = window.callpop.softphone;
        softphone.on((event) => {
          if (event.type !== 'call' || event.call.state !== 'ringing') return;
          const id = event.call.id;
          window.__rang[id] = performance.timeOrigin + performance.now();
          if (rejects) {
            window.__sipCallIds[id] = window.callpop.diag()?.debug(id)?.sipCallId ?? null;
            setTimeout(() => void softphone.reject(id).catch(() => undefined), 300);
            return;
          }
          const frame = () => {
            const pop = document.querySelector('call-pop');
            const number = pop?.shadowRoot?.querySelector('[part~="number"]')?.textContent?.trim();
            if (window.callpop.workbench.stores.$activeCallId.get() === id && number === '+86 138 0013 8000') {
              window.__painted[id] = performance.timeOrigin + performance.now();
            } else requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        });
      }, isLeader);
    await watch(leader, true);
    await watch(follower, false);
    const run = await runSipp(kamailio, 'uac-rejected.xml', { calls: CALLS, rate: 2, timeoutS: CALLS + 30 });
    const sipIds = await leader.evaluate(() => window.__sipCallIds);
    const rangAtLeader = await leader.evaluate(() => window.__rang);
    const { painted, rang } = await follower.evaluate(() => ({ painted: window.__painted, rang: window.__rang }));
    const sent = inviteTimes(run.messages);
    const toPaint = [];
    const hop = [];
    for (const [id, sipCallId] of Object.entries(sipIds)) {
      const t = sent.get(sipCallId);
      if (t === undefined || painted[id] === undefined) continue;
      toPaint.push(painted[id] - t);
      if (rang[id] !== undefined) hop.push(rang[id] - rangAtLeader[id]);
    }
    result.ringToPop = { follower: stats(toPaint), hop: stats(hop), sippExit: run.code };
    say(`2. sipp INVITE sent → pop painted in a tab WITHOUT the phone (${toPaint.length}/${CALLS} calls; sipp exit ${run.code})`);
    say(`   median ${result.ringToPop.follower.median} ms, p95 ${result.ringToPop.follower.p95} ms (min ${result.ringToPop.follower.min}, max ${result.ringToPop.follower.max})`);
    say(`   the channel hop (ringing event in the tab with the phone → the same event in the other tab): median ${result.ringToPop.hop.median} ms, p95 ${result.ringToPop.hop.p95} ms`);
  } finally {
    await stop();
  }
  if (JSON_OUT) console.log(JSON.stringify(result, null, 2));
}

main().catch((error) => {
  console.error(`bench/tabs: ${error?.stack ?? error}`);
  process.exit(1);
});
