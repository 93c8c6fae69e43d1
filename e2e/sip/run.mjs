#!/usr/bin/env node
// End-to-end tests of the SIP softphone against real parts: Kamailio (SIP over
// WebSocket) started here on 127.0.0.1, sipp as the customer's phone, and agent
// pages (e2e/sip/harness.html: workbench + <call-pop> on SipSoftphone) in headless
// Chromium with fake media devices, served by scripts/serve-demo.mjs.
//
//   node e2e/sip/run.mjs [--only 1,2]
//
// Prints one line per scenario, then "N passed, N failed"; exits 1 on any failure.
// Skips (exit 0) only when kamailio or sipp is missing and CI is not set.
// Every process (Kamailio, sipp, the dev server, the browser) is stopped by its pid
// at the end, also on errors and on SIGINT/SIGTERM.
//
// Transfers (scenario 3) use a third browser page registered as 1003 as the
// customer: sipp cannot follow a REFER (it would have to start a new INVITE
// with Replaces on its own).
import { createHash } from 'node:crypto';
import net from 'node:net';
import {
  alive,
  closeBrowser,
  deepText,
  installed,
  Kamailio,
  KAMAILIO,
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
  waitRegistration,
  assert,
  sippSummary,
} from './lib.mjs';

const RUN_TIMEOUT_MS = 230_000;
const SCENARIO_TIMEOUT_MS = 60_000;
/** The agent page's connectionLossTimeoutMs (scenario 10). */
const LOSS_TIMEOUT_MS = 4000;
const KNOWN = { phone: '+8613800138000', formatted: '+86 138 0013 8000', name: '张伟' };
const POP = ['call-pop'];

const only = (() => {
  const index = process.argv.indexOf('--only');
  return index > 0 ? new Set(process.argv[index + 1].split(',')) : null;
})();

// ------------------------------------------------------------------ preflight

const missing = [KAMAILIO, SIPP].filter((program) => !installed(program));
if (missing.length > 0) {
  if (process.env.CI) {
    console.error(`e2e/sip: ${missing.join(' and ')} not installed, and CI is set: failing.`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`e2e/sip: SKIPPED — ${missing.join(' and ')} not installed (apt-get install kamailio kamailio-websocket-modules sip-tester).`);
  process.exit(0);
}

// ------------------------------------------------------------------ processes and cleanup

const kamailio = new Kamailio();
let server;
let browser;
const sippChildren = new Set();
const extraServers = new Set();
let cleaning;

function cleanup() {
  cleaning ??= (async () => {
    await closeBrowser(browser).catch(() => undefined);
    await Promise.allSettled([...sippChildren].map((child) => stopChild(child, 1000)));
    for (const s of extraServers) s.close();
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
    console.error(`e2e/sip: ${signal}, cleaning up`);
    void cleanup().finally(() => process.exit(code));
  });
}

/** sipp, remembered so cleanup can stop it by pid. */
function sipp(scenario, options = {}) {
  return runSipp(kamailio, scenario, {
    ...options,
    onStart: (child) => {
      sippChildren.add(child);
      child.once('exit', () => sippChildren.delete(child));
    },
  });
}

/** The SIP messages sipp traced: [{ dir: 'sent'|'received', first: 'INVITE sip:…' | 'SIP/2.0 200 OK' }]. */
function sippMessages(result) {
  const out = [];
  const re = /-{10,} [^\n]*\n(UDP|TCP) message (sent|received)[^\n]*:\n\n([^\n]*)/g;
  for (const match of result.messages.matchAll(re)) out.push({ dir: match[2], first: match[3].trim() });
  return out;
}


/** Every SIP message sipp traced, whole: [{ dir: 'sent'|'received', text: 'REFER sip:… SIP/2.0\r\n…' }]. */
function sippTexts(result) {
  const out = [];
  for (const block of result.messages.split(/^-{10,} [^\n]*\n/m)) {
    const match = /^(?:UDP|TCP) message (sent|received)[^\n]*:\n\n([\s\S]*)$/.exec(block);
    if (match) out.push({ dir: match[1], text: match[2].replace(/\r/g, '') });
  }
  return out;
}

/** One header's value in a traced SIP message (first occurrence), or null. */
function headerOf(text, name) {
  const match = new RegExp(`^${name}\\s*:\\s*(.*)$`, 'im').exec(text);
  return match ? match[1].trim() : null;
}

/** The SDP body of a traced SIP message (what follows the blank line). */
function bodyOf(text) {
  const at = text.indexOf('\n\n');
  return at < 0 ? '' : text.slice(at + 2);
}

/**
 * Keeps the page's RTCPeerConnections in `window.__pcs`, and every RTCDTMFSender tone it
 * played (its `tonechange` events) in `window.__tones`. Runs before the page's scripts.
 */
function keepPeerConnections() {
  const Original = window.RTCPeerConnection;
  window.__pcs = [];
  window.__tones = [];
  window.RTCPeerConnection = class extends Original {
    constructor(...args) {
      super(...args);
      window.__pcs.push(this);
    }
  };
  const insert = RTCDTMFSender.prototype.insertDTMF;
  const watched = new WeakSet();
  RTCDTMFSender.prototype.insertDTMF = function (...args) {
    if (!watched.has(this)) {
      watched.add(this);
      this.addEventListener('tonechange', (event) => window.__tones.push({ tone: event.tone, at: Date.now() }));
    }
    return insert.apply(this, args);
  };
}

// ------------------------------------------------------------------ page helpers

const pageErrors = [];

/**
 * After an answered call the agent is in after-call work and is not offered calls; end it
 * the way the agent does, with the phone bar's "end after-call work" button.
 */
async function endAfterCallWork(page) {
  await page.evaluate(() => {
    const button = document.querySelector('phone-bar')?.shadowRoot?.querySelector('[part~="acw-end"]');
    if (button instanceof HTMLElement) button.click();
    // A page without a phone bar (a transfer target) ends it as the agent would through the workbench.
    else if (window.callpop.workbench.stores.$agentStatus.get().status === 'acw') window.callpop.workbench.endAcw();
  });
}

/** Answer like the agent: the phone bar's answer button when there is one, else the workbench. */
async function answerAsAgent(page, callId) {
  await page.evaluate(async (id) => {
    const button = document.querySelector('phone-bar')?.shadowRoot?.querySelector('[part~="answer"]');
    if (button instanceof HTMLElement) button.click();
    else await window.callpop.workbench.answer(id);
  }, callId);
}

async function popState(page) {
  return page.evaluate(() => document.querySelector('call-pop')?.shadowRoot?.querySelector('[part~="state"]')?.getAttribute('data-state') ?? null);
}

async function waitPopState(page, state, what) {
  await waitInPage(
    page,
    (want) => document.querySelector('call-pop')?.shadowRoot?.querySelector('[part~="state"]')?.getAttribute('data-state') === want,
    state,
    `${what}: the pop's state did not become ${state} (it is ${await popState(page).catch(() => '?')})`,
  );
}

async function waitSnapshot(page, callId, predicateSource, what, timeoutMs = 15_000) {
  return waitInPage(
    page,
    ([id, source]) => {
      const test = new Function('c', `return (${source});`);
      return window.callpop.events.filter((e) => e.type === 'call' && e.call.id === id).map((e) => e.call).find((c) => test(c)) ?? null;
    },
    [callId, predicateSource],
    what,
    timeoutMs,
  );
}

async function debugOf(page, callId) {
  return page.evaluate((id) => window.callpop.diag().debug(id), callId);
}

async function liveCalls(page) {
  return page.evaluate(() => window.callpop.softphone.calls());
}

async function waitNoLiveCalls(page, what) {
  await waitInPage(page, () => window.callpop.softphone.calls().length === 0, null, `${what}: calls are still live`);
}

async function endedSnapshot(page, callId) {
  return waitSnapshot(page, callId, "c.state === 'ended'", `call ${callId} did not end`);
}

// ------------------------------------------------------------------ scenarios

let origin = '';
let agent;
/** Call ids of scenario 5, checked in "My calls". */

const scenarios = [
  {
    id: '1',
    name: '1. sipp calls 1001: pop shows 张伟; agent answers; sipp gets 200 OK and ACKs (confirmed); sipp hangs up; pop shows ended',
    async run() {
      const call = sipp('uac-answered.xml', { service: '1001', from: KNOWN.phone });
      const ringing = await waitCall(agent.page, 'ringing', 'no ringing call arrived from sipp');
      await waitForText(agent.page, [...POP, '[part~="number"]'], KNOWN.formatted, 'pop number');
      await waitForText(agent.page, [...POP, '[part~="customer-name"]'], KNOWN.name, 'pop customer name');
      await waitPopState(agent.page, 'ringing', 'before answering');
      const bar = await deepText(agent.page, ['phone-bar', '[part~="registration"]']);
      assert(/Registered/.test(bar), `the phone bar shows ${JSON.stringify(bar)}`);
      assert(ringing.remoteName === 'Customer', `remote name ${JSON.stringify(ringing.remoteName)}`);
      assert(ringing.variables.Order === 'A-1001', `X-Call-Var-Order not read: ${JSON.stringify(ringing.variables)}`);
      await answerAsAgent(agent.page, ringing.id);
      await waitSnapshot(agent.page, ringing.id, "c.state === 'connected' && c.confirmed === true", 'the ACK never confirmed the call');
      await waitPopState(agent.page, 'connected', 'after answering');
      const ended = await endedSnapshot(agent.page, ringing.id);
      assert(ended.endReason === 'hangup' && ended.hangupBy === 'customer', `ended as ${ended.endReason} by ${ended.hangupBy}`);
      await waitPopState(agent.page, 'ended', 'after the BYE');
      const result = await call;
      assert(result.code === 0, sippSummary(result));
      const messages = sippMessages(result);
      assert(messages.some((m) => m.dir === 'received' && /^SIP\/2\.0 200/.test(m.first)), 'sipp did not receive 200 OK');
      assert(messages.some((m) => m.dir === 'sent' && /^ACK /.test(m.first)), 'sipp did not send the ACK');
      const debug = await debugOf(agent.page, ringing.id);
      assert(debug.ackReceived, 'the page did not see the ACK');
    },
  },
  {
    id: '2',
    name: '2. 1001 dials 1002: rings, answered, RTP both ways, hold/resume by re-INVITE, DTMF 123# (INFO) arrives, hang up',
    async run() {
      const callee = await openAgent(browser, origin, kamailio, '1002', { errors: pageErrors });
      try {
        const outId = await agent.page.evaluate(() => window.callpop.softphone.dial('1002', { displayNumber: '+861088886666' }));
        const inbound = await waitCall(callee.page, 'ringing', '1002 did not ring');
        assert(inbound.remoteNumber === '1001', `1002 sees the caller as ${inbound.remoteNumber}`);
        const headers = (await debugOf(callee.page, inbound.id)).xHeaders;
        assert(headers['X-Display-Number'] === '+861088886666', `X-Display-Number at 1002: ${JSON.stringify(headers)}`);
        await waitSnapshot(agent.page, outId, "c.state === 'early'", '1001 did not hear it ring (180)');
        await callee.page.evaluate((id) => window.callpop.softphone.answer(id), inbound.id);
        await waitSnapshot(agent.page, outId, "c.state === 'connected' && c.confirmed", '1001 not connected');
        await waitSnapshot(callee.page, inbound.id, "c.state === 'connected' && c.confirmed", '1002 not confirmed by the ACK');
        await waitPopState(agent.page, 'connected', '1001 pop');
        const flowing = (page, id) =>
          waitInPage(
            page,
            async (callId) => {
              const s = await window.callpop.diag().stats(callId);
              return s.packetsSent > 0 && s.packetsReceived > 0 ? s : null;
            },
            id,
            'RTP did not flow both ways',
          );
        const [a, b] = await Promise.all([flowing(agent.page, outId), flowing(callee.page, inbound.id)]);
        // Hold, then resume: the other side sees each re-INVITE.
        await agent.page.evaluate((id) => window.callpop.softphone.hold(id, true), outId);
        await waitSnapshot(agent.page, outId, "c.state === 'held'", '1001 not held');
        await waitPopState(agent.page, 'held', '1001 pop on hold');
        let debug = await debugOf(callee.page, inbound.id);
        assert(debug.reinvitesReceived >= 1 && debug.remoteDirection === 'sendonly', `1002 saw ${JSON.stringify(debug)}`);
        await agent.page.evaluate((id) => window.callpop.softphone.hold(id, false), outId);
        await waitSnapshot(agent.page, outId, "c.state === 'connected' && c.answeredAt !== null", '1001 not resumed');
        debug = await debugOf(callee.page, inbound.id);
        assert(debug.reinvitesReceived >= 2 && debug.remoteDirection === 'sendrecv', `1002 after resume saw ${JSON.stringify(debug)}`);
        await agent.page.evaluate((id) => window.callpop.softphone.sendDtmf(id, '123#'), outId);
        await waitInPage(callee.page, (id) => window.callpop.diag().debug(id)?.dtmfReceived === '123#', inbound.id, 'DTMF 123# did not arrive at 1002');
        await agent.page.evaluate((id) => window.callpop.softphone.hangup(id), outId);
        const mine = await endedSnapshot(agent.page, outId);
        const theirs = await endedSnapshot(callee.page, inbound.id);
        assert(mine.endReason === 'hangup' && mine.hangupBy === 'agent', `1001 ended ${mine.endReason}/${mine.hangupBy}`);
        assert(theirs.endReason === 'hangup' && theirs.hangupBy === 'customer', `1002 ended ${theirs.endReason}/${theirs.hangupBy}`);
        return `RTP 1001 sent/recv ${a.packetsSent}/${a.packetsReceived}, 1002 ${b.packetsSent}/${b.packetsReceived}`;
      } finally {
        await callee.close();
      }
    },
  },
  {
    id: '3',
    name: '3. transfers (customer = browser page 1003): blind REFER to 1002; attended with consult and Replaces',
    async run() {
      const target = await openAgent(browser, origin, kamailio, '1002', { errors: pageErrors });
      const customer = await openAgent(browser, origin, kamailio, '1003', { errors: pageErrors });
      try {
        // --- blind
        const c1 = await customer.page.evaluate(() => window.callpop.softphone.dial('1001'));
        const in1 = await waitCall(agent.page, 'ringing', '1001 did not ring (blind)');
        await answerAsAgent(agent.page, in1.id);
        await waitSnapshot(agent.page, in1.id, "c.state === 'connected' && c.confirmed", 'blind: 1001 not connected');
        await agent.page.evaluate((id) => window.callpop.softphone.transfer(id, '1002'), in1.id);
        const atTarget = await waitCall(target.page, 'ringing', 'blind: 1002 did not ring');
        assert(atTarget.remoteNumber === '1003', `blind: 1002 sees ${atTarget.remoteNumber}, not the customer 1003`);
        await target.page.evaluate((id) => window.callpop.softphone.answer(id), atTarget.id);
        await waitSnapshot(target.page, atTarget.id, "c.state === 'connected' && c.confirmed", 'blind: 1002 not connected');
        const agentLeg = await endedSnapshot(agent.page, in1.id);
        assert(agentLeg.endReason === 'transferred', `blind: 1001 leg ended ${agentLeg.endReason}`);
        await endedSnapshot(customer.page, c1);
        const customerCalls = await liveCalls(customer.page);
        assert(customerCalls.length === 1 && customerCalls[0].state === 'connected', `blind: customer calls ${JSON.stringify(customerCalls.map((c) => c.state))}`);
        await customer.page.evaluate((id) => window.callpop.softphone.hangup(id), customerCalls[0].id);
        await endedSnapshot(target.page, atTarget.id);
        await waitNoLiveCalls(customer.page, 'blind');

        // --- attended
        await endAfterCallWork(agent.page);
        // 1002 took the blind transfer and is in after-call work now: a call would be refused (busy).
        await endAfterCallWork(target.page);
        const c2 = await customer.page.evaluate(() => window.callpop.softphone.dial('1001'));
        const in2 = await waitCall(agent.page, 'ringing', '1001 did not ring (attended)');
        await answerAsAgent(agent.page, in2.id);
        await waitSnapshot(agent.page, in2.id, "c.state === 'connected' && c.confirmed", 'attended: 1001 not connected');
        await agent.page.evaluate((id) => window.callpop.softphone.hold(id, true), in2.id);
        const consultId = await agent.page.evaluate(() => window.callpop.softphone.dial('1002'));
        const consultAtTarget = await waitCall(target.page, 'ringing', 'attended: 1002 did not ring for the consultation').catch(async (error) => {
          const seen = await agent.page.evaluate((id) => JSON.stringify(window.callpop.softphone.calls?.() ?? window.callpop.workbench.stores.$calls.get()[id] ?? null), consultId);
          const there = await target.page.evaluate(() => JSON.stringify({ status: window.callpop.workbench.stores.$agentStatus.get(), calls: Object.values(window.callpop.workbench.stores.$calls.get()).map((c) => c && [c.callId, c.state, c.outcome]) }));
          throw new Error(`${error.message}; agent: ${seen}; 1002: ${there}`);
        });
        assert(consultAtTarget.remoteNumber === '1001', `consult: 1002 sees ${consultAtTarget.remoteNumber}`);
        await target.page.evaluate((id) => window.callpop.softphone.answer(id), consultAtTarget.id);
        await waitSnapshot(agent.page, consultId, "c.state === 'connected'", 'attended: consultation not connected');
        await agent.page.evaluate(([id, consult]) => window.callpop.softphone.transfer(id, '1002', { consultCallId: consult }), [in2.id, consultId]);
        // The customer's INVITE with Replaces takes over the consultation call at 1002.
        const replaced = await endedSnapshot(target.page, consultAtTarget.id);
        assert(replaced.endReason === 'transferred', `attended: the consultation at 1002 ended ${replaced.endReason}`);
        const joined = await waitInPage(
          target.page,
          () => window.callpop.softphone.calls().find((c) => c.remoteNumber === '1003' && c.state === 'connected') ?? null,
          null,
          'attended: 1002 is not talking to the customer 1003',
        );
        const [held, consult] = [await endedSnapshot(agent.page, in2.id), await endedSnapshot(agent.page, consultId)];
        assert(held.endReason === 'transferred' && consult.endReason === 'transferred', `attended: 1001 legs ended ${held.endReason}/${consult.endReason}`);
        await endedSnapshot(customer.page, c2);
        const now = await liveCalls(customer.page);
        assert(now.length === 1 && now[0].state === 'connected', `attended: customer calls ${JSON.stringify(now.map((c) => c.state))}`);
        await target.page.evaluate((id) => window.callpop.softphone.hangup(id), joined.id);
        await waitNoLiveCalls(customer.page, 'attended');
        await waitNoLiveCalls(agent.page, 'attended (agent)');
      } finally {
        await Promise.all([target.close(), customer.close()]);
      }
    },
  },
  {
    id: '4',
    name: '4. Kamailio killed while idle: reconnecting; back: registered within 10 s; a call then rings normally',
    async run() {
      await kamailio.kill(); // SIGTERM to its pid: Kamailio takes its children down with it
      await waitRegistration(agent.page, 'reconnecting', 10_000);
      const shown = await agent.page.evaluate(() => window.callpop.workbench.stores.$registration.get());
      assert(shown.state === 'reconnecting' && shown.attempt >= 1 && shown.reason, `the store shows ${JSON.stringify(shown)}`);
      const bar = await agent.page.evaluate(() => document.querySelector('phone-bar')?.shadowRoot?.textContent ?? null);
      // Kamailio comes back only once the phone has retried against it while it was down and
      // is waiting out its backoff again (a later attempt than the one the kill caused).
      const retried = await waitInPage(
        agent.page,
        (at) => {
          const reg = window.callpop.softphone.registration();
          return reg.state === 'reconnecting' && (reg.attempt ?? 0) > at ? reg : null;
        },
        shown.attempt,
        `no reconnect attempt failed while Kamailio was down (still ${JSON.stringify(shown)})`,
      );
      const back = Date.now();
      await kamailio.start();
      await waitRegistration(agent.page, 'registered', 10_000);
      const took = Date.now() - back;
      const status = await agent.page.evaluate(() => window.callpop.workbench.stores.$agentStatus.get());
      const call = sipp('uac-cancel.xml', { service: '1001', from: KNOWN.phone });
      const ringing = await waitCall(agent.page, 'ringing', `no call rang after the restart (agent status ${JSON.stringify(status)})`);
      await waitForText(agent.page, [...POP, '[part~="customer-name"]'], KNOWN.name, 'pop after the restart');
      await endedSnapshot(agent.page, ringing.id);
      const result = await call;
      assert(result.code === 0, sippSummary(result));
      return `registered ${took} ms after Kamailio was back (attempt ${shown.attempt} at the kill, ${retried.attempt} when it was back)${bar === null ? '' : '; phone bar present'}`;
    },
  },
  {
    id: '5',
    name: '5. a call the agent rejects (603) and a call the caller cancels land in My calls as rejected and missed',
    async run() {
      const rejectedCall = sipp('uac-rejected.xml', { service: '1001', from: KNOWN.phone });
      const r = await waitCall(agent.page, 'ringing', 'the call to reject did not ring');
      await waitForText(agent.page, [...POP, '[part~="customer-name"]'], KNOWN.name, 'pop of the call to reject');
      await agent.page.evaluate((id) => window.callpop.workbench.reject(id), r.id);
      const rejected = await endedSnapshot(agent.page, r.id);
      assert(rejected.endReason === 'rejected', `rejected call ended ${rejected.endReason}`);
      const rr = await rejectedCall;
      assert(rr.code === 0, sippSummary(rr));
      assert(sippMessages(rr).some((m) => m.dir === 'received' && /^SIP\/2\.0 603/.test(m.first)), 'sipp did not get 603 Decline');

      const cancelCall = sipp('uac-cancel.xml', { service: '1001', from: KNOWN.phone });
      const c = await waitCall(agent.page, 'ringing', 'the call to be cancelled did not ring');
      const cancelled = await endedSnapshot(agent.page, c.id);
      assert(cancelled.endReason === 'cancelled' && cancelled.hangupBy === 'customer', `cancelled call ended ${cancelled.endReason}/${cancelled.hangupBy}`);
      const cr = await cancelCall;
      assert(cr.code === 0, sippSummary(cr));
      assert(sippMessages(cr).some((m) => m.dir === 'received' && /^SIP\/2\.0 487/.test(m.first)), 'sipp did not get 487 after CANCEL');

      const outcomes = await waitInPage(
        agent.page,
        ([a, b]) => {
          const { $recentCalls, $calls } = window.callpop.workbench.stores;
          const ids = $recentCalls.get().ids;
          const calls = $calls.get();
          const ok = ids.includes(a) && ids.includes(b) && calls[a]?.outcome === 'rejected' && calls[b]?.outcome === 'missed';
          return ok ? { rejected: calls[a].outcome, missed: calls[b].outcome, listed: ids.indexOf(b) < ids.indexOf(a) } : null;
        },
        [r.id, c.id],
        'My calls does not show the rejected and missed calls with those outcomes',
      );
      assert(outcomes.listed, 'My calls is not newest first');
      const items = await agent.page.evaluate(() => document.querySelector('call-pop')?.shadowRoot?.querySelectorAll('[part~="my-call"]').length ?? 0);
      assert(items >= 2, `the My calls list in <call-pop> shows ${items} items`);
    },
  },
  {
    id: '6',
    name: '6. wrong password (account 2001): failed with a clear reason, and no retry storm',
    async run() {
      // A short backoff: had the phone taken the 401 for a transport failure, it would retry
      // within BACKOFF_MS; the watch below lasts several of those.
      const BACKOFF_MS = 200;
      const page2001 = await openAgent(browser, origin, kamailio, '2001', {
        errors: pageErrors,
        query: { password: 'wrong', backoff: String(BACKOFF_MS) },
        waitRegistered: false,
      });
      try {
        await waitRegistration(page2001.page, 'failed', 15_000);
        const reg = await page2001.page.evaluate(() => window.callpop.softphone.registration());
        assert(/Wrong user name or password \(401/.test(reg.reason ?? ''), `reason: ${reg.reason}`);
        assert(reg.nextAttemptAt == null, `a failed registration still plans a retry: ${JSON.stringify(reg)}`);
        const count = await page2001.page.evaluate(() => window.callpop.events.filter((e) => e.type === 'registration').length);
        // Fails at the first registration change after the failure; passes when none came in 5 backoffs.
        const changed = await waitInPage(
          page2001.page,
          (n) => {
            const changes = window.callpop.events.filter((e) => e.type === 'registration').slice(n);
            return changes.length > 0 ? changes.map((e) => e.registration.state) : null;
          },
          count,
          'no registration change',
          5 * BACKOFF_MS * 2,
        ).catch(() => null);
        assert(changed === null, `registration kept changing after the failure: ${JSON.stringify(changed)}`);
        const stillFailed = await page2001.page.evaluate(() => window.callpop.softphone.registration().state);
        assert(stillFailed === 'failed', `state ${stillFailed}`);
        // And the right password registers.
        const good = await openAgent(browser, origin, kamailio, '2001', { errors: pageErrors, query: { password: 'secret' } });
        await good.close();
      } finally {
        await page2001.close();
      }
    },
  },
  {
    id: '7',
    name: '7. a server that accepts the WebSocket but never answers: a timeout and a visible reconnecting state, never a hung "registering"',
    async run() {
      const silent = await silentWebSocketServer();
      try {
        const page = await openAgent(browser, origin, { ws: `ws://127.0.0.1:${silent.port}` }, '1009', {
          errors: pageErrors,
          query: { timeout: '1500' },
          waitRegistered: false,
        });
        try {
          await waitRegistration(page.page, 'reconnecting', 8000);
          const reg = await page.page.evaluate(() => window.callpop.softphone.registration());
          assert(/did not answer within 2 s/.test(reg.reason ?? ''), `reason: ${reg.reason}`);
          assert(silent.registers() >= 1, 'the silent server saw no REGISTER');
        } finally {
          await page.close();
        }
      } finally {
        silent.close();
      }
    },
  },
  {
    id: '8',
    name: '8. survey transfer: blind REFER to the configured survey target with its header; sipp (the customer) sees Refer-To and X-Survey; NOTIFY 200 → the agent leaves (transferred); NOTIFY 603 → the call stays with the agent',
    async run() {
      // The survey as the backend's phone settings configure it.
      const survey = await agent.page.evaluate(async () => {
        window.callpop.backend.setPhoneSettings({ survey: { mode: 'refer', target: '9001', headers: { 'X-Survey': 'csat-1' } } });
        // The workbench reads the new settings, as after an admin's change and a reload.
        await window.callpop.workbench.loadPhoneSettings();
        return (await window.callpop.backend.agents.phoneSettings()).survey;
      });
      const notes = [];
      for (const notify of ['200 OK', '603 Decline']) {
        await endAfterCallWork(agent.page);
        const call = sipp('uac-refer.xml', { service: '1001', from: KNOWN.phone, extra: ['-key', 'notify', notify] });
        const ringing = await waitCall(agent.page, 'ringing', `${notify}: no call from sipp`);
        await answerAsAgent(agent.page, ringing.id);
        await waitSnapshot(agent.page, ringing.id, "c.state === 'connected' && c.confirmed", `${notify}: not connected`);
        // The agent's path: the workbench's survey hand-over, as the phone bar's Survey button calls it.
        await agent.page.evaluate((id) => window.callpop.workbench.transferToSurvey(id), ringing.id);
        if (notify === '200 OK') {
          const ended = await endedSnapshot(agent.page, ringing.id);
          assert(ended.endReason === 'transferred' && ended.hangupBy === 'agent', `after NOTIFY 200 the call ended ${ended.endReason}/${ended.hangupBy}`);
          const offered = await waitInPage(
            agent.page,
            async (id) => (await window.callpop.backend.calls.get(id).catch(() => null))?.survey ?? null,
            ringing.id,
            'the record never said the survey was offered',
          );
          assert(offered.mode === 'refer', `the record's survey: ${JSON.stringify(offered)}`);
        } else {
          // The pop says the survey declined, with the SIP status, at once (not after a timeout).
          const refused = await waitInPage(
            agent.page,
            (id) => { const s = window.callpop.workbench.stores.$calls.get()[id]?.survey; return s?.status === 'refused' ? s : null; },
            ringing.id,
            'the refused survey never showed',
          );
          assert(refused.error === 'SIP 603', `the refusal says ${JSON.stringify(refused)}`);
          // The NOTIFY's 603 reached the phone (sipp got its 200), and the call is still the agent's.
          const status = await waitInPage(agent.page, (id) => window.callpop.diag().debug(id)?.transferStatus ?? null, ringing.id, 'the NOTIFY 603 was not seen');
          assert(status === 603, `the phone saw the transfer end with ${status}`);
          const [live] = await liveCalls(agent.page);
          assert(live?.id === ringing.id && live.state === 'connected' && live.link === 'ok', `after NOTIFY 603 the agent has ${JSON.stringify(live)}`);
          await waitPopState(agent.page, 'connected', 'after the refused survey transfer');
          await agent.page.evaluate((id) => window.callpop.softphone.hangup(id), ringing.id);
          const ended = await endedSnapshot(agent.page, ringing.id);
          assert(ended.endReason === 'hangup' && ended.hangupBy === 'agent', `the call kept after 603 ended ${ended.endReason}/${ended.hangupBy}`);
        }
        const result = await call;
        assert(result.code === 0, `${notify}: ${sippSummary(result)}`);
        const messages = sippTexts(result);
        const refer = messages.find((m) => m.dir === 'received' && /^REFER /.test(m.text));
        assert(refer, `${notify}: sipp got no REFER`);
        const referTo = headerOf(refer.text, 'Refer-To');
        assert(/^<?sip:9001@127\.0\.0\.1>?$/.test(referTo ?? ''), `${notify}: Refer-To ${referTo}`);
        assert(headerOf(refer.text, 'X-Survey') === 'csat-1', `${notify}: X-Survey on the REFER: ${headerOf(refer.text, 'X-Survey')}`);
        assert(messages.some((m) => m.dir === 'received' && /^BYE /.test(m.text)), `${notify}: sipp got no BYE from the agent`);
        notes.push(`${notify}: Refer-To ${referTo}`);
      }
      return notes.join('; ');
    },
  },
  {
    id: '9',
    name: '9. DTMF: SIP INFO (dtmf=info) — sipp gets 1, 9, *, # as application/dtmf-relay; RFC 4733 (default) — telephone-event negotiated with sipp and between browsers, RTCDTMFSender plays the tones while RTP flows',
    async run() {
      // --- SIP INFO, to sipp (the agent page is dtmf=info)
      const info = sipp('uac-dtmf-info.xml', { service: '1001', from: KNOWN.phone });
      const ringing = await waitCall(agent.page, 'ringing', 'INFO: no call from sipp');
      await answerAsAgent(agent.page, ringing.id);
      await waitSnapshot(agent.page, ringing.id, "c.state === 'connected' && c.confirmed", 'INFO: not connected');
      await agent.page.evaluate((id) => window.callpop.softphone.sendDtmf(id, '19*#'), ringing.id);
      await agent.page.evaluate((id) => window.callpop.softphone.hangup(id), ringing.id);
      const result = await info;
      assert(result.code === 0, sippSummary(result));
      const messages = sippTexts(result);
      const infos = messages.filter((m) => m.dir === 'received' && /^INFO /.test(m.text));
      assert(infos.every((m) => /^application\/dtmf-relay/i.test(headerOf(m.text, 'Content-Type') ?? '')), `INFO content types ${infos.map((m) => headerOf(m.text, 'Content-Type'))}`);
      const digits = infos.map((m) => /Signal=(.)/.exec(m.text)?.[1] ?? '?').join('');
      assert(digits === '19*#', `sipp got the digits ${JSON.stringify(digits)}`);
      const answer = messages.find((m) => m.dir === 'received' && /^SIP\/2\.0 200/.test(m.text) && /^CSeq:\s*1 INVITE/im.test(m.text));
      assert(/a=rtpmap:\d+ telephone-event\/8000/.test(bodyOf(answer?.text ?? '')), `the agent's SDP answer to sipp has no telephone-event:\n${bodyOf(answer?.text ?? '')}`);

      // --- RFC 4733: a page with the default DTMF mode calls the agent (browser to browser: real ICE and RTP)
      const rfc = await openAgent(browser, origin, kamailio, '1005', { errors: pageErrors, query: { dtmf: 'rfc4733' }, init: keepPeerConnections });
      try {
        await endAfterCallWork(agent.page);
        const outId = await rfc.page.evaluate(() => window.callpop.softphone.dial('1001'));
        const inbound = await waitCall(agent.page, 'ringing', 'RFC 4733: 1001 did not ring');
        await answerAsAgent(agent.page, inbound.id);
        await waitSnapshot(rfc.page, outId, "c.state === 'connected' && c.confirmed", 'RFC 4733: not connected');
        const before = await waitInPage(
          rfc.page,
          async (id) => {
            const s = await window.callpop.diag().stats(id);
            return s.packetsSent > 0 && s.packetsReceived > 0 ? s : null;
          },
          outId,
          'RFC 4733: RTP did not flow',
        );
        const sdp = await rfc.page.evaluate(() => {
          const pc = window.__pcs.find((p) => p.connectionState !== 'closed');
          return { local: pc?.currentLocalDescription?.sdp ?? '', remote: pc?.currentRemoteDescription?.sdp ?? '', canInsert: pc?.getSenders().find((x) => x.track?.kind === 'audio')?.dtmf?.canInsertDTMF ?? false };
        });
        assert(/telephone-event\/8000/.test(sdp.local) && /telephone-event\/8000/.test(sdp.remote), 'telephone-event is not in both the offer and the answer');
        assert(sdp.canInsert, 'the audio sender cannot insert DTMF');
        await rfc.page.evaluate((id) => window.callpop.softphone.sendDtmf(id, '42#'), outId);
        const tones = await waitInPage(rfc.page, () => (window.__tones.some((t) => t.tone === '') ? window.__tones.map((t) => t.tone) : null), null, 'RFC 4733: the tones did not finish playing');
        assert(tones.join(',') === '4,2,#,', `RTCDTMFSender played ${JSON.stringify(tones)}`);
        const after = await rfc.page.evaluate((id) => window.callpop.diag().stats(id), outId);
        assert(after.packetsSent > before.packetsSent, `outbound RTP did not grow while the tones played (${before.packetsSent} → ${after.packetsSent})`);
        // Not as SIP INFO: the agent's phone saw no INFO digits.
        const agentDebug = await debugOf(agent.page, inbound.id);
        assert(agentDebug.dtmfReceived === '', `the digits went as SIP INFO too: ${agentDebug.dtmfReceived}`);
        await rfc.page.evaluate((id) => window.callpop.softphone.hangup(id), outId);
        await endedSnapshot(agent.page, inbound.id);
        return `sipp got INFO ${digits}; RFC 4733 tones ${tones.slice(0, -1).join('')}, RTP sent ${before.packetsSent} → ${after.packetsSent}`;
      } finally {
        await rfc.close();
      }
    },
  },
  {
    id: '10',
    name: '10. Kamailio killed mid-call: link lost, then the call ends as connection-lost after connectionLossTimeoutMs (pop and record say so); Kamailio back within the timeout: re-registered, ICE-restart re-INVITE answered by sipp, link ok again',
    async run() {
      const notes = [];
      // --- A: Kamailio stays down past the timeout
      const long = sipp('uac-recover.xml', { service: '1001', from: KNOWN.phone });
      const a = await waitCall(agent.page, 'ringing', 'loss: no call from sipp');
      await answerAsAgent(agent.page, a.id);
      await waitSnapshot(agent.page, a.id, "c.state === 'connected' && c.confirmed", 'loss: not connected');
      await kamailio.kill();
      await waitSnapshot(agent.page, a.id, "c.link === 'lost' && c.state === 'connected'", 'loss: the call did not show its link lost', 5000);
      const ended = await waitSnapshot(agent.page, a.id, "c.state === 'ended'", 'loss: the call did not end', LOSS_TIMEOUT_MS + 5000);
      assert(ended.endReason === 'connection-lost' && ended.hangupBy === 'system', `loss: ended ${ended.endReason}/${ended.hangupBy}`);
      const [lostAt, endedAt] = await agent.page.evaluate(
        (id) => ['lost', 'ended'].map((what) => window.callpop.events.find((e) => e.type === 'call' && e.call.id === id && (what === 'lost' ? e.call.link === 'lost' : e.call.state === 'ended'))?.at ?? 0),
        a.id,
      );
      const waited = endedAt - lostAt;
      assert(waited >= LOSS_TIMEOUT_MS - 50 && waited < LOSS_TIMEOUT_MS + 2000, `loss: ended ${waited} ms after the link was lost (timeout ${LOSS_TIMEOUT_MS} ms)`);
      await waitPopState(agent.page, 'ended', 'loss: pop');
      // sipp waits for a re-INVITE that cannot come: stop it by its pid.
      for (const child of sippChildren) await stopChild(child, 1000);
      await long;
      await kamailio.start();
      await waitRegistration(agent.page, 'registered', 15_000);
      const record = await waitInPage(
        agent.page,
        (id) => {
          const r = window.callpop.workbench.stores.$calls.get()[id]?.record;
          return r && r.endedAt ? r : null;
        },
        a.id,
        'loss: the backend has no ended record of the call',
      );
      assert(
        record.outcome === 'answered' && record.hangupBy === 'system' && record.endReason === 'connection-lost',
        `loss: the record says ${record.outcome}/${record.hangupBy}/${record.endReason}`,
      );
      notes.push(`ended as connection-lost ${waited} ms after the link was lost`);

      // --- B: Kamailio back within the timeout
      await endAfterCallWork(agent.page);
      const rec = sipp('uac-recover.xml', { service: '1001', from: KNOWN.phone });
      const b = await waitCall(agent.page, 'ringing', 'recover: no call from sipp');
      await answerAsAgent(agent.page, b.id);
      await waitSnapshot(agent.page, b.id, "c.state === 'connected' && c.confirmed", 'recover: not connected');
      await kamailio.kill();
      await waitSnapshot(agent.page, b.id, "c.link === 'lost'", 'recover: the call did not show its link lost', 5000);
      const down = Date.now();
      await kamailio.start();
      await waitSnapshot(agent.page, b.id, "c.link === 'recovering'", 'recover: the call never started recovering', LOSS_TIMEOUT_MS);
      // The call as it is now (its earlier snapshots were ok too, before the loss).
      await waitInPage(
        agent.page,
        (id) => window.callpop.softphone.calls().find((c) => c.id === id && c.state === 'connected' && c.link === 'ok') ?? null,
        b.id,
        'recover: the link did not come back',
        LOSS_TIMEOUT_MS,
      );
      const tookMs = Date.now() - down;
      const debug = await debugOf(agent.page, b.id);
      assert(debug.iceRestarts === 1, `recover: ${debug.iceRestarts} ICE restarts`);
      const live = await liveCalls(agent.page);
      assert(live.length === 1 && live[0].id === b.id && live[0].state === 'connected', `recover: live calls ${JSON.stringify(live)}`);
      await agent.page.evaluate((id) => window.callpop.softphone.hangup(id), b.id);
      const bEnded = await endedSnapshot(agent.page, b.id);
      assert(bEnded.endReason === 'hangup' && bEnded.hangupBy === 'agent', `recover: ended ${bEnded.endReason}/${bEnded.hangupBy}`);
      const result = await rec;
      assert(result.code === 0, `recover: ${sippSummary(result)}`);
      const traced = sippTexts(result);
      const invites = traced.filter((m) => m.dir === 'received' && /^INVITE /.test(m.text));
      const firstAnswer = traced.find((m) => m.dir === 'received' && /^SIP\/2\.0 200/.test(m.text) && /^CSeq:\s*1 INVITE/im.test(m.text));
      const ufragOf = (m) => /a=ice-ufrag:(\S+)/.exec(bodyOf(m?.text ?? ''))?.[1] ?? null;
      const [before, ufrag] = [ufragOf(firstAnswer), ufragOf(invites[0])];
      assert(invites.length === 1, `recover: sipp got ${invites.length} re-INVITEs`);
      assert(before && ufrag && before !== ufrag, `recover: the re-INVITE is no ICE restart (ice-ufrag ${before} → ${ufrag})`);
      notes.push(`recovered (re-INVITE, new ufrag ${ufrag}) ${tookMs} ms after Kamailio was restarted`);
      return notes.join('; ');
    },
  },
];

/** A WebSocket server (handshake only, RFC 6455) that reads SIP and never answers. */
function silentWebSocketServer() {
  let registers = 0;
  const sockets = new Set();
  const srv = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    let upgraded = false;
    socket.on('data', (chunk) => {
      if (upgraded) {
        if (chunk.includes(Buffer.from('REGISTER')) || chunk.length > 0) registers += 1;
        return;
      }
      buffer += chunk.toString('latin1');
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const key = /Sec-WebSocket-Key:\s*(\S+)/i.exec(buffer)?.[1] ?? '';
      const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: sip\r\n\r\n`);
      upgraded = true;
    });
  });
  extraServers.add(srv);
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () =>
      resolve({
        port: srv.address().port,
        registers: () => registers,
        close: () => {
          for (const s of sockets) s.destroy();
          srv.close();
          extraServers.delete(srv);
        },
      }),
    );
  });
}

// ------------------------------------------------------------------ main

async function main() {
  const started = Date.now();
  let passed = 0;
  let failed = 0;
  const guard = setTimeout(() => {
    console.error(`e2e/sip: the whole run took over ${RUN_TIMEOUT_MS / 1000} s, stopping`);
    void cleanup().finally(() => process.exit(1));
  }, RUN_TIMEOUT_MS);
  try {
    await kamailio.start();
    server = await startDevServer();
    origin = server.origin;
    browser = await launchBrowser();
    agent = await openAgent(browser, origin, kamailio, '1001', { errors: pageErrors, query: { bar: '1', loss: String(LOSS_TIMEOUT_MS) } });
    for (const scenario of scenarios) {
      if (only && !only.has(scenario.id)) continue;
      const t0 = Date.now();
      try {
        if (!alive(kamailio.child)) await kamailio.start();
        // The agent is ready for this scenario's calls (the last one may have left after-call work).
        await endAfterCallWork(agent.page);
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
        // Leave no call behind for the next scenario.
        await agent.page
          .evaluate(async () => {
            for (const c of window.callpop.softphone.calls()) await window.callpop.softphone.hangup(c.id).catch(() => undefined);
          })
          .catch(() => undefined);
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
    console.log(`FAIL  setup: ${String(error?.stack ?? error)}\n      page errors: ${pageErrors.join("\n      ")}`);
  } finally {
    clearTimeout(guard);
    await cleanup();
  }
  console.log(`e2e/sip took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();
