// End-to-end smoke test of the demo (`npm run test:e2e`).
//
// Starts `node scripts/serve-demo.mjs` on a free loopback port, drives the demo
// in headless Chromium (puppeteer-core, browser from CHROME_PATH) and checks
// what the agent sees: the screen pop, the new-customer form, outbound dials,
// the REST adapter through msw, the "My calls" call-back, and a clean console.
//
// Prints one line per scenario and ends with "N passed, N failed"; exits 1 when
// anything failed. The browser and the server child are always cleaned up
// (by pid), also on errors and on SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromeFlags, chromePath } from '../scripts/chrome.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHROME_PATH = chromePath;
const SERVER_START_TIMEOUT_MS = 30_000;
/** One scenario's limit; generous for a busy machine, well within the 60 s budget. */
const SCENARIO_TIMEOUT_MS = 25_000;
/** One wait for something to show on the page. */
const WAIT_MS = 15_000;
/** The whole run, as a last resort against a hang. */
const RUN_TIMEOUT_MS = 150_000;

const BROWSER_ARGS = chromeFlags;

const KNOWN = { phone: '+8613800138000', formatted: '+86 138 0013 8000', name: '张伟' };
const UNKNOWN = { phone: '+8613900139000', formatted: '+86 139 0013 9000' };

// ------------------------------------------------------------------ cleanup

/** @type {import('node:child_process').ChildProcess | undefined} */
let server;
/** @type {import('puppeteer-core').Browser | undefined} */
let browser;
/** @type {Promise<import('puppeteer-core').Browser> | undefined} */
let launching;
let cleaning;

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function alive(child) {
  return child.exitCode === null && child.signalCode === null;
}

async function stopServer() {
  const child = server;
  if (!child || !alive(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (alive(child)) child.kill('SIGKILL');
  }, 3_000);
  await exited;
  clearTimeout(timer);
}

async function stopBrowser() {
  // A launch in progress still hands over a browser to close.
  const b = browser ?? (await launching?.catch(() => undefined));
  if (!b) return;
  const processOf = b.process();
  try {
    await withTimeout(b.close(), 5_000, 'closing the browser');
  } catch {
    // The browser process is ours (started by puppeteer.launch): end it by its pid.
    if (processOf && alive(processOf)) processOf.kill('SIGKILL');
  }
}

function cleanup() {
  cleaning ??= Promise.allSettled([stopBrowser(), stopServer()]);
  return cleaning;
}

// Last resort when the process exits some other way: the server child must not outlive it.
process.on('exit', () => {
  if (server && alive(server)) server.kill('SIGKILL');
});

let interrupted = false;
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`e2e: ${signal}, cleaning up`);
    void cleanup().finally(() => process.exit(code));
  });
}

// ------------------------------------------------------------------ server

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const child = spawn(process.execPath, ['scripts/serve-demo.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let output = '';
  return withTimeout(
    new Promise((resolve, reject) => {
      const onData = (chunk) => {
        output += chunk;
        const match = /callpop demo: (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]);
      };
      child.stdout.setEncoding('utf8').on('data', onData);
      child.stderr.setEncoding('utf8').on('data', (chunk) => {
        output += chunk;
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        reject(new Error(`the demo server exited (${signal ?? code}) before it was ready:\n${output.slice(-2000)}`));
      });
    }),
    SERVER_START_TIMEOUT_MS,
    'starting the demo server',
  ).catch((error) => {
    throw new Error(`${error.message}${output ? `\nserver output:\n${output.slice(-2000)}` : ''}`);
  });
}

// ------------------------------------------------------------------ page helpers

/** Errors seen on any page: [scenario, message]. */
const pageErrors = [];
let baseUrl = '';

/** A fresh page in its own browser context (own storage and service workers). */
async function openDemo(scenario, query, { onRequest } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (error) => pageErrors.push([scenario, `pageerror: ${error?.message ?? error}`]));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location()?.url ?? '';
    if (/\/favicon\.ico(\?|$)/.test(url)) return;
    pageErrors.push([scenario, `console.error: ${message.text()}${url ? ` (${url})` : ''}`]);
  });
  if (onRequest) page.on('request', onRequest);
  await page.goto(`${baseUrl}${query}`, { waitUntil: 'load' });
  // demo.ts exposes window.callpop once the workbench exists.
  await page.waitForFunction(() => Boolean(window.callpop?.workbench), { timeout: WAIT_MS });
  return { page, close: () => context.close() };
}

/**
 * Runs in the page: text of the element found by walking `path` — a list of
 * selectors, each after the first looked up in the previous one's shadow root.
 */
function deepText(path) {
  /** @type {Element | null | undefined} */
  let node = document.querySelector(path[0]);
  for (const selector of path.slice(1)) node = node?.shadowRoot?.querySelector(selector);
  return node ? (node.textContent ?? '').replace(/\s+/g, ' ').trim() : null;
}

const POP = ['call-pop'];
const CARD = ['call-pop', '[part~="customer"]'];

/** Wait until the text at `path` equals `expected`; fail with what was shown instead. */
async function waitForText(page, path, expected, what) {
  try {
    await page.waitForFunction(
      (p, want) => {
        let node = document.querySelector(p[0]);
        for (const selector of p.slice(1)) node = node?.shadowRoot?.querySelector(selector);
        return node ? (node.textContent ?? '').replace(/\s+/g, ' ').trim() === want : false;
      },
      { timeout: WAIT_MS, polling: 50 },
      path,
      expected,
    );
  } catch (error) {
    const shown = await page.evaluate(deepText, path).catch(() => '(page gone)');
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, shown ${JSON.stringify(shown)} (${error.message.split('\n')[0]})`);
  }
}

/** An ElementHandle for the element at `path` (see deepText), waiting for it to exist. */
async function deepElement(page, path, what) {
  try {
    const handle = await page.waitForFunction(
      (p) => {
        let node = document.querySelector(p[0]);
        for (const selector of p.slice(1)) node = node?.shadowRoot?.querySelector(selector);
        return node ?? false;
      },
      { timeout: WAIT_MS, polling: 50 },
      path,
    );
    return /** @type {import('puppeteer-core').ElementHandle<Element>} */ (handle);
  } catch (error) {
    throw new Error(`${what} did not show (${error.message.split('\n')[0]})`);
  }
}

async function expectInboundPopOfKnownCaller(page) {
  await waitForText(page, [...POP, '[part~="number"]'], KNOWN.formatted, 'pop number');
  await waitForText(page, [...POP, '[part~="customer-name"]'], KNOWN.name, 'pop customer name');
  await waitForText(page, [...POP, '[part~="direction"]'], 'Inbound', 'pop direction');
}

// ------------------------------------------------------------------ scenarios

const scenarios = [
  {
    name: 'a. inbound call from a known customer pops 张伟 and tells the host page',
    async run() {
      const { page, close } = await openDemo('a', `?simulate=inbound:${encodeURIComponent(KNOWN.phone)}&lang=en`);
      try {
        await expectInboundPopOfKnownCaller(page);
        try {
          await page.waitForFunction(
            () => [...document.querySelectorAll('#event-log li')].some((li) => li.textContent?.startsWith('callpop-pop: inbound')),
            { timeout: WAIT_MS, polling: 50 },
          );
        } catch {
          const log = await page.$eval('#event-log', (el) => el.textContent);
          throw new Error(`#event-log has no "callpop-pop: inbound" line: ${JSON.stringify(log)}`);
        }
      } finally {
        await close();
      }
    },
  },
  {
    name: 'b. an unknown caller opens the new-customer form; saving it creates the customer',
    async run() {
      const { page, close } = await openDemo('b', `?simulate=inbound:${encodeURIComponent(UNKNOWN.phone)}&lang=en`);
      try {
        const phone = await deepElement(page, [...CARD, 'form[part~="form"] #phone-0'], 'the new-customer form');
        const phoneValue = await phone.evaluate((input) => /** @type {HTMLInputElement} */ (input).value);
        if (phoneValue !== UNKNOWN.formatted) {
          throw new Error(`#phone-0 is ${JSON.stringify(phoneValue)}, expected ${JSON.stringify(UNKNOWN.formatted)}`);
        }
        const name = `E2E 测试 ${Date.now().toString(36)}`;
        const nameInput = await deepElement(page, [...CARD, 'form[part~="form"] #name'], 'the name field');
        await nameInput.type(name);
        const typed = await nameInput.evaluate((input) => /** @type {HTMLInputElement} */ (input).value);
        if (typed !== name) throw new Error(`typed ${JSON.stringify(name)}, the field holds ${JSON.stringify(typed)}`);
        const save = await page.evaluateHandle(() => {
          const card = document.querySelector('call-pop')?.shadowRoot?.querySelector('[part~="customer"]');
          const buttons = card?.shadowRoot?.querySelectorAll('form[part~="form"] button[type="submit"]') ?? [];
          return [...buttons].find((b) => b.textContent?.trim() === 'Save') ?? null;
        });
        const saveButton = save.asElement();
        if (!saveButton) throw new Error('no "Save" button in the form');
        await /** @type {import('puppeteer-core').ElementHandle<Element>} */ (saveButton).click();
        // Wait for the saved customer, or stop early at a failed save (the card's error part).
        await page
          .waitForFunction(
            (want) => {
              const card = document.querySelector('call-pop')?.shadowRoot?.querySelector('[part~="customer"]')?.shadowRoot;
              const shown = card?.querySelector('[part~="name"]')?.textContent?.trim();
              return shown === want || Boolean(card?.querySelector('[part~="error"]'));
            },
            { timeout: WAIT_MS, polling: 50 },
            name,
          )
          .catch(() => undefined);
        const shownError = await page.evaluate(deepText, [...CARD, '[part~="error"]']);
        if (shownError) throw new Error(`saving failed; the card says ${JSON.stringify(shownError)}`);
        await waitForText(page, [...CARD, '[part~="name"]'], name, 'the card after saving');
        const found = await page.evaluate(async (number) => {
          const customers = await window.callpop.backend.customers.findByPhone(number);
          return customers.map((c) => c.name);
        }, UNKNOWN.phone);
        if (found.length !== 1 || found[0] !== name) {
          throw new Error(`findByPhone(${UNKNOWN.phone}) gave ${JSON.stringify(found)}, expected [${JSON.stringify(name)}]`);
        }
        await waitForText(page, [...POP, '[part~="customer-name"]'], name, 'pop customer name after saving');
      } finally {
        await close();
      }
    },
  },
  {
    name: 'c. an outbound dial pops Outbound with 张伟',
    async run() {
      const { page, close } = await openDemo('c', `?simulate=outbound:${encodeURIComponent(KNOWN.phone)}&lang=en`);
      try {
        await waitForText(page, [...POP, '[part~="direction"]'], 'Outbound', 'pop direction');
        await waitForText(page, [...POP, '[part~="number"]'], KNOWN.formatted, 'pop number');
        await waitForText(page, [...POP, '[part~="customer-name"]'], KNOWN.name, 'pop customer name');
      } finally {
        await close();
      }
    },
  },
  {
    name: 'd. through the REST adapter and msw, the pop looks the caller up over /api/customers',
    async run() {
      const lookups = [];
      const { page, close } = await openDemo('d', `?backend=rest&simulate=inbound:${encodeURIComponent(KNOWN.phone)}&lang=en`, {
        onRequest: (request) => {
          const url = new URL(request.url());
          if (url.pathname === '/api/customers' && url.searchParams.has('phone')) lookups.push(url.href);
        },
      });
      try {
        await expectInboundPopOfKnownCaller(page);
        const entries = await page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .map((e) => e.name)
            .filter((name) => {
              const url = new URL(name);
              return url.pathname === '/api/customers' && url.searchParams.has('phone');
            }),
        );
        const seen = [...lookups, ...entries];
        if (seen.length === 0) throw new Error('no request to /api/customers?phone=… was made');
        const phones = seen.map((href) => new URL(href).searchParams.get('phone'));
        if (!phones.includes(KNOWN.phone)) {
          throw new Error(`/api/customers was asked for ${JSON.stringify(phones)}, not ${KNOWN.phone}`);
        }
        const controlled = await page.evaluate(() => Boolean(navigator.serviceWorker?.controller));
        if (!controlled) throw new Error('the page is not controlled by the msw service worker');
      } finally {
        await close();
      }
    },
  },
  {
    name: 'e. "My calls" call-back dials the caller of the last call',
    async run() {
      const { page, close } = await openDemo('e', `?simulate=inbound:${encodeURIComponent(KNOWN.phone)}&lang=en`);
      try {
        await expectInboundPopOfKnownCaller(page);
        const callback = await deepElement(page, [...POP, '[part~="my-call-callback"]'], 'the "My calls" call-back button');
        await callback.click();
        await waitForText(page, [...POP, '[part~="direction"]'], 'Outbound', 'pop direction after call-back');
        await waitForText(page, [...POP, '[part~="number"]'], KNOWN.formatted, 'pop number after call-back');
        await waitForText(page, [...POP, '[part~="customer-name"]'], KNOWN.name, 'pop customer name after call-back');
        try {
          await page.waitForFunction(
            () => [...document.querySelectorAll('#event-log li')].some((li) => li.textContent?.startsWith('callpop-pop: outbound')),
            { timeout: WAIT_MS, polling: 50 },
          );
        } catch {
          throw new Error('#event-log has no "callpop-pop: outbound" line after the call-back');
        }
      } finally {
        await close();
      }
    },
  },
  {
    name: 'f. no page errors and no console errors',
    async run() {
      // Runs last: checks what every page above logged.
      if (pageErrors.length > 0) {
        throw new Error(`${pageErrors.length} logged:\n${pageErrors.map(([s, m]) => `    [${s}] ${m}`).join('\n')}`);
      }
    },
  },
];

// ------------------------------------------------------------------ main

async function main() {
  const started = Date.now();
  let passed = 0;
  let failed = 0;
  try {
    baseUrl = await startServer();
    launching = puppeteer.launch({
      executablePath: CHROME_PATH,
      headless: true,
      args: BROWSER_ARGS,
      protocolTimeout: 60_000,
      // Signals are handled below, so the server child is stopped too.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    browser = await launching;
    for (const scenario of scenarios) {
      if (interrupted) break;
      const t0 = Date.now();
      try {
        await withTimeout(scenario.run(), SCENARIO_TIMEOUT_MS, 'the scenario');
        passed += 1;
        console.log(`ok  ${scenario.name} (${Date.now() - t0} ms)`);
      } catch (error) {
        if (interrupted) break;
        failed += 1;
        console.log(`FAIL ${scenario.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } catch (error) {
    failed += 1;
    console.log(`FAIL setup: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await cleanup();
  }
  console.log(`e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

const watchdog = setTimeout(() => {
  console.log(`FAIL run: still running after ${RUN_TIMEOUT_MS / 1000} s`);
  console.log(`0 passed, 1 failed`);
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
