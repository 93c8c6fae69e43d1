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
        const c2 = await customer.page.evaluate(() => window.callpop.softphone.dial('1001'));
        const in2 = await waitCall(agent.page, 'ringing', '1001 did not ring (attended)');
        await answerAsAgent(agent.page, in2.id);
        await waitSnapshot(agent.page, in2.id, "c.state === 'connected' && c.confirmed", 'attended: 1001 not connected');
        await agent.page.evaluate((id) => window.callpop.softphone.hold(id, true), in2.id);
        const consultId = await agent.page.evaluate(() => window.callpop.softphone.dial('1002'));
        const consultAtTarget = await waitCall(target.page, 'ringing', 'attended: 1002 did not ring for the consultation');
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
    agent = await openAgent(browser, origin, kamailio, '1001', { errors: pageErrors, query: { bar: '1' } });
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
