// End-to-end test of the iframe mode (`node e2e/embed.mjs`).
//
// Serves the repo with scripts/serve-demo.mjs (in this process, strict CSP on every page) and opens
// the demo host page on http://127.0.0.1:<port>/demo/embed-host.html, which frames callpop from
// http://localhost:<port>/embed/embed.html: two origins, so every message really crosses one. The
// host answers the frame's backend calls from its own in-memory CRM (`adapter: { kind: 'host' }`)
// and the frame runs the simulated phone.
//
// Prints one line per scenario and ends with "N passed, N failed"; exits 1 when anything failed.
// The browser is always closed (killed by its pid if closing hangs) and the server stopped.
import puppeteer from 'puppeteer-core';
import { runScenarios, withTimeout } from './runner.mjs';
import { chromeFlags, chromePath } from '../scripts/chrome.mjs';
import { startDemoServer } from '../scripts/serve-demo.mjs';

const WAIT_MS = 15_000;
const SCENARIO_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 150_000;
const KNOWN = { phone: '+8613800138000', formatted: '+86 138 0013 8000', name: '张伟' };
const UNKNOWN = { phone: '+8613900139000' };

/** @type {{ stop(): Promise<void> } | undefined} */
let server;
/** @type {import('puppeteer-core').Browser | undefined} */
let browser;
let cleaning;


async function stopBrowser() {
  const b = browser;
  if (!b) return;
  const child = b.process();
  try {
    await withTimeout(b.close(), 5_000, 'closing the browser');
  } catch {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function cleanup() {
  cleaning ??= Promise.allSettled([stopBrowser(), server?.stop()]);
  return cleaning;
}

process.on('exit', () => {
  const child = browser?.process();
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
let interrupted = false;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    void cleanup().finally(() => process.exit(code));
  });
}

// ------------------------------------------------------------------ helpers

let port = 0;
/** Errors seen on any page or frame: [scenario, message]. */
const pageErrors = [];

/**
 * Opens the host page in a fresh browser context; resolves once the frame said `ready`
 * (configured and started). `warnings` collects console.warn text from the page and its frames.
 */
async function openHost(scenario, query = '') {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const warnings = [];
  page.on('pageerror', (error) => pageErrors.push([scenario, `pageerror: ${error?.message ?? error}`]));
  page.on('console', (message) => {
    if (message.type() === 'warn' || message.type() === 'warning') warnings.push(message.text());
    if (message.type() !== 'error') return;
    const url = message.location()?.url ?? '';
    if (/\/favicon\.ico(\?|$)/.test(url)) return;
    pageErrors.push([scenario, `console.error: ${message.text()}${url ? ` (${url})` : ''}`]);
  });
  await page.goto(`http://127.0.0.1:${port}/demo/embed-host.html?lang=en${query}`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.embedDemo?.events.some((e) => e.type === 'ready'), { timeout: WAIT_MS, polling: 50 }).catch(async () => {
    const log = await page.$eval('#event-log', (el) => el.textContent).catch(() => '(none)');
    throw new Error(`the frame never said ready; host log: ${JSON.stringify(log)}`);
  });
  const frame = page.frames().find((f) => f.url().startsWith(`http://localhost:${port}/embed/embed.html`));
  if (!frame) throw new Error(`no callpop frame on http://localhost:${port}; frames: ${page.frames().map((f) => f.url()).join(', ')}`);
  return { page, frame, warnings, close: () => context.close() };
}

/** Wait until the text at `path` (selectors, each after the first inside the previous shadow root) satisfies `want`. */
async function waitForText(frame, path, want, what) {
  try {
    await frame.waitForFunction(
      (p, expected) => {
        let node = document.querySelector(p[0]);
        for (const selector of p.slice(1)) node = node?.shadowRoot?.querySelector(selector);
        const text = node ? (node.textContent ?? '').replace(/\s+/g, ' ').trim() : null;
        return text !== null && (expected.startsWith('~') ? text.includes(expected.slice(1)) : text === expected);
      },
      { timeout: WAIT_MS, polling: 50 },
      path,
      want,
    );
  } catch (error) {
    const shown = await frame
      .evaluate((p) => {
        let node = document.querySelector(p[0]);
        for (const selector of p.slice(1)) node = node?.shadowRoot?.querySelector(selector);
        return node ? (node.textContent ?? '').replace(/\s+/g, ' ').trim() : null;
      }, path)
      .catch(() => '(frame gone)');
    throw new Error(`${what}: expected ${JSON.stringify(want)}, shown ${JSON.stringify(shown)} (${error.message.split('\n')[0]})`);
  }
}

/** Wait for an event the host received that matches `test` (checked here, in Node: the page's CSP forbids eval). */
async function waitForHostEvent(page, test, what) {
  const deadline = Date.now() + WAIT_MS;
  let events = [];
  while (Date.now() < deadline) {
    events = await page.evaluate(() => window.embedDemo.events);
    const found = events.find(test);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: the host did not receive it; it received ${JSON.stringify(events.map((e) => e.type))}`);
}

/**
 * Posts a fence after the messages a sender already posted to `receiver` (a page or frame) and
 * waits until the receiver has dispatched it. Messages from one window to another arrive in
 * order, and callpop's listener was there first: by then it has handled, and warned about,
 * everything sent before.
 */
async function fence(receiver, post, name) {
  await receiver.evaluate((n) => {
    const seen = (window.__e2eFences ??= new Set());
    addEventListener('message', (event) => {
      if (event.data?.e2eFence === n) seen.add(n);
    });
  }, name);
  await post(name);
  const deadline = Date.now() + WAIT_MS;
  while (!(await receiver.evaluate((n) => window.__e2eFences.has(n), name))) {
    if (Date.now() > deadline) throw new Error(`the fence "${name}" never reached ${receiver.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const POP = ['call-pop'];

// ------------------------------------------------------------------ scenarios

const scenarios = [
  {
    name: 'a. a simulated inbound call pops 张伟 in the frame and the host receives the pop with the customer from its own adapter',
    async run() {
      const { page, frame, close } = await openHost('a');
      try {
        const origins = { host: new URL(page.url()).origin, frame: new URL(frame.url()).origin };
        if (origins.host === origins.frame) throw new Error(`the frame is not cross-origin: ${JSON.stringify(origins)}`);
        const src = new URL(await page.$eval('#frame-container iframe', (el) => el.src));
        if ([...src.searchParams.keys()].join() !== 'host' || src.searchParams.get('host') !== origins.host) {
          throw new Error(`the frame URL carries more than ?host=: ${src.search}`);
        }
        await page.evaluate((n) => window.embedDemo.frame.simulate({ action: 'inbound', number: n }), KNOWN.phone);
        await waitForText(frame, [...POP, '[part~="number"]'], KNOWN.formatted, 'frame pop number');
        await waitForText(frame, [...POP, '[part~="customer-name"]'], KNOWN.name, 'frame pop customer name');
        const pop = await waitForHostEvent(page, (e) => e.type === 'pop', 'the pop event');
        if (pop.lookup !== 'found' || pop.customer?.name !== KNOWN.name || pop.call.direction !== 'inbound' || pop.call.number !== KNOWN.phone) {
          throw new Error(`the pop event is ${JSON.stringify({ lookup: pop.lookup, customer: pop.customer?.name, call: pop.call })}`);
        }
        await waitForHostEvent(page, (e) => e.type === 'call.state' && e.call.state === 'ringing' && e.previous === null, 'call.state ringing');
        await page.evaluate(() => window.embedDemo.frame.answer());
        await waitForHostEvent(page, (e) => e.type === 'call.state' && e.call.state === 'connected' && e.previous === 'ringing', 'call.state connected');
      } finally {
        await close();
      }
    },
  },
  {
    name: 'b. click-to-dial on the host page opens an outbound pop in the frame',
    async run() {
      const { page, frame, close } = await openHost('b');
      try {
        const button = await page.waitForSelector(`#customer-list button[data-dial="${KNOWN.phone}"]`);
        await button.click();
        await waitForText(frame, [...POP, '[part~="direction"]'], 'Outbound', 'frame pop direction');
        await waitForText(frame, [...POP, '[part~="number"]'], KNOWN.formatted, 'frame pop number');
        await waitForText(frame, [...POP, '[part~="customer-name"]'], KNOWN.name, 'frame pop customer name');
        const pop = await waitForHostEvent(page, (e) => e.type === 'pop' && e.call.direction === 'outbound', 'the outbound pop event');
        if (pop.customer?.name !== KNOWN.name) throw new Error(`the outbound pop event has customer ${JSON.stringify(pop.customer?.name)}`);
        const dialled = await page.evaluate((n) => window.embedDemo.frame.dial(n).then(
          (id) => ({ ok: typeof id === 'string' }),
          (error) => ({ ok: false, code: error.code, message: error.message }),
        ), 'not a number');
        if (dialled.ok || dialled.code !== 'validation') throw new Error(`dialling "not a number" gave ${JSON.stringify(dialled)}, expected a validation error`);
      } finally {
        await close();
      }
    },
  },
  {
    name: 'c. a lookup the host never answers times out with a visible error in the frame',
    async run() {
      const { page, frame, close } = await openHost('c', '&timeout=1500');
      try {
        await page.click('#hang-lookups');
        await page.evaluate((n) => window.embedDemo.frame.simulate({ action: 'inbound', number: n }), UNKNOWN.phone);
        await waitForText(frame, [...POP, '[part~="lookup-error"]'], '~did not answer customers.findByPhone within 1.5 s', 'the frame lookup error');
        const pop = await waitForHostEvent(page, (e) => e.type === 'pop', 'the pop event after the timeout');
        if (pop.lookup !== 'error' || !/did not answer/.test(pop.error ?? '')) throw new Error(`the pop event is ${JSON.stringify({ lookup: pop.lookup, error: pop.error })}`);
      } finally {
        await close();
      }
    },
  },
  {
    name: 'd. messages from a wrong origin, of an unknown kind or oversized are ignored with one warning each',
    async run() {
      const { page, frame, warnings, close } = await openHost('d');
      try {
        const eventsBefore = await page.evaluate(() => window.embedDemo.events.length);
        // To the real frame, from the right origin: an unknown kind and an oversized command, twice each.
        await page.evaluate(() => {
          const target = document.querySelector('#frame-container iframe').contentWindow;
          const origin = new URL(document.querySelector('#frame-container iframe').src).origin;
          for (let i = 0; i < 2; i += 1) {
            target.postMessage({ callpop: 1, kind: 'bogus', id: `b${i}` }, origin);
            target.postMessage({ callpop: 1, kind: 'command', id: `o${i}`, command: 'simulate', args: { action: 'inbound', number: '1'.repeat(300_000) } }, origin);
          }
        });
        // A second callpop frame opened for another host origin: this page's messages are refused there.
        await page.evaluate(async (p) => {
          const other = document.createElement('iframe');
          other.id = 'other-frame';
          other.src = `http://localhost:${p}/embed/embed.html?host=${encodeURIComponent(`http://localhost:${p}`)}`;
          document.body.append(other);
          await new Promise((resolve) => other.addEventListener('load', resolve, { once: true }));
          for (let i = 0; i < 2; i += 1) other.contentWindow.postMessage({ callpop: 1, kind: 'command', id: `w${i}`, command: 'simulate', args: { action: 'inbound', number: '+8613800138000' } }, '*');
        }, port);
        // A window that is not the callpop frame (this page's origin) forges an event to the host, twice.
        await page.evaluate(async () => {
          const forger = document.createElement('iframe');
          forger.name = 'forger';
          document.body.append(forger);
        });
        const forger = page.frames().find((f) => f.name() === 'forger');
        if (!forger) throw new Error('could not add the forging frame');
        await forger.evaluate(() => {
          for (let i = 0; i < 2; i += 1) parent.postMessage({ callpop: 1, kind: 'event', event: { type: 'error', code: 'forged', message: 'forged' } }, '*');
        });
        const count = (pattern) => warnings.filter((w) => pattern.test(w)).length;
        const expectations = [
          ['frame: unknown kind', /callpop frame: ignored .*\(unknown-type: unknown kind "bogus"\)/],
          ['frame: oversized', /callpop frame: ignored .*\(too-large: /],
          ['other frame: wrong origin', /callpop frame: ignored a message from http:\/\/127\.0\.0\.1:\d+ \(origin: /],
          ['host: not from the frame', /callpop host: ignored a message from http:\/\/127\.0\.0\.1:\d+ \(origin: not from the callpop frame\)/],
        ];
        const deadline = Date.now() + WAIT_MS;
        while (Date.now() < deadline && expectations.some(([, re]) => count(re) === 0)) await new Promise((r) => setTimeout(r, 100));
        // Every ignored message has been handled once each receiver saw a fence sent after it.
        await fence(frame, (n) => page.evaluate((f) => document.querySelector('#frame-container iframe').contentWindow.postMessage({ e2eFence: f }, '*'), n), 'frame');
        const otherFrame = page.frames().find((f) => f.url().includes(`host=${encodeURIComponent(`http://localhost:${port}`)}`));
        if (!otherFrame) throw new Error('the second callpop frame is gone');
        await fence(otherFrame, (n) => page.evaluate((f) => document.querySelector('#other-frame').contentWindow.postMessage({ e2eFence: f }, '*'), n), 'other frame');
        await fence(page, (n) => forger.evaluate((f) => parent.postMessage({ e2eFence: f }, '*'), n), 'host');
        const wrong = expectations.filter(([, re]) => count(re) !== 1).map(([what, re]) => `${what}: ${count(re)} warnings`);
        if (wrong.length > 0) throw new Error(`${wrong.join('; ')}\n    warnings seen: ${JSON.stringify(warnings)}`);
        const after = await page.evaluate(() => window.embedDemo.events.slice(0).map((e) => e.type));
        if (after.length !== eventsBefore) throw new Error(`the host heard events after ignored messages: ${JSON.stringify(after.slice(eventsBefore))}`);
        const calls = await frame.evaluate(() => document.querySelector('call-pop')?.shadowRoot?.querySelector('[part~="number"]')?.textContent ?? null);
        if (calls) throw new Error(`an ignored message rang a call in the frame: ${calls}`);
        const other = page.frames().find((f) => f.url().includes(`host=${encodeURIComponent(`http://localhost:${port}`)}`));
        const otherCalls = await other?.evaluate(() => document.querySelector('call-pop') !== null);
        if (otherCalls) throw new Error('the frame opened for another origin started anyway');
      } finally {
        await close();
      }
    },
  },
  {
    name: 'e. no page errors and no console errors',
    async run() {
      if (pageErrors.length > 0) throw new Error(`${pageErrors.length} logged:\n${pageErrors.map(([s, m]) => `    [${s}] ${m}`).join('\n')}`);
    },
  },
];

// ------------------------------------------------------------------ main

async function main() {
  const started = Date.now();
  let passed = 0;
  let failed = 0;
  try {
    const started = await startDemoServer(0);
    server = started.server;
    port = started.port;
    browser = await puppeteer.launch({
      executablePath: chromePath,
      headless: true,
      args: chromeFlags,
      protocolTimeout: 60_000,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const counts = await runScenarios(scenarios, { timeoutMs: SCENARIO_TIMEOUT_MS, interrupted: () => interrupted });
    passed += counts.passed;
    failed += counts.failed;
  } catch (error) {
    failed += 1;
    console.log(`FAIL setup: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await cleanup();
  }
  console.log(`e2e embed: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

const watchdog = setTimeout(() => {
  console.log(`FAIL run: still running after ${RUN_TIMEOUT_MS / 1000} s`);
  console.log('0 passed, 1 failed');
  void cleanup().finally(() => process.exit(1));
}, RUN_TIMEOUT_MS);
watchdog.unref();

main().then(
  (code) => process.exit(code),
  (error) => {
    console.log(`FAIL run: ${error?.stack ?? error}`);
    console.log('0 passed, 1 failed');
    void cleanup().finally(() => process.exit(1));
  },
);
