// End-to-end smoke test of the demo (`npm run test:e2e`).
//
// Starts `node scripts/serve-demo.mjs` on a free loopback port, drives the demo
// in headless Chromium (puppeteer-core, browser from CHROME_PATH) and checks
// what the agent sees: the screen pop, the new-customer form, outbound dials,
// the REST adapter through msw, the "My calls" call-back, the strict
// Content-Security-Policy (no violation while a call rings and its forms open),
// and a clean console.
//
// Prints one line per scenario and ends with "N passed, N failed"; exits 1 when
// anything failed. The browser and the server child are always cleaned up
// (by pid), also on errors and on SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { runScenarios, withTimeout } from './runner.mjs';
import { chromeFlags, chromePath } from '../scripts/chrome.mjs';
import { freePort } from '../scripts/free-port.mjs';

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

/** What a scenario could not check, printed after the results. */
const notes = [];
/** Errors seen on any page: [scenario, message]. */
const pageErrors = [];
let baseUrl = '';

/**
 * A fresh page in its own browser context (own storage and service workers).
 * `ignoreConsole()` returning true drops console errors from the check (a deliberate probe).
 */
async function newDemoPage(scenario, { onRequest, ignoreConsole = () => false } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (error) => pageErrors.push([scenario, `pageerror: ${error?.message ?? error}`]));
  page.on('console', (message) => {
    if (message.type() !== 'error' || ignoreConsole()) return;
    const url = message.location()?.url ?? '';
    if (/\/favicon\.ico(\?|$)/.test(url)) return;
    if (message.text().includes('csp-fence.invalid')) return; // refused on purpose (see violationsSoFar)
    pageErrors.push([scenario, `console.error: ${message.text()}${url ? ` (${url})` : ''}`]);
  });
  if (onRequest) page.on('request', onRequest);
  return { page, close: () => context.close() };
}

/** A fresh demo page (see newDemoPage) loaded with `query`, once demo.ts has made its workbench. */
async function openDemo(scenario, query, options = {}) {
  const { page, close } = await newDemoPage(scenario, options);
  await page.goto(`${baseUrl}${query}`, { waitUntil: 'load' });
  // demo.ts exposes window.callpop once the workbench exists.
  await page.waitForFunction(() => Boolean(window.callpop?.workbench), { timeout: WAIT_MS });
  return { page, close };
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

// ------------------------------------------------------------------ strict CSP

/**
 * Options for waits that look into shadow roots: puppeteer's default polling watches DOM mutations
 * of the document, which changes inside shadow roots never trigger; poll every frame instead
 * (in puppeteer's isolated world, which the page's CSP does not govern).
 */
const DEEP = { polling: 'raf' };

/** Source keywords a strict policy never allows for scripts and styles. */
const UNSAFE_SOURCES = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*', 'data:', 'blob:'];

/**
 * The policy's directives (name → sources), from a Content-Security-Policy header.
 * Several policies (comma-separated) all apply; every copy of a directive is kept and checked,
 * which is stricter than the browser (it enforces each policy, so the strictest one wins).
 */
function parseCsp(header) {
  /** @type {Map<string, string[][]>} */
  const directives = new Map();
  for (const policy of header.split(',')) {
    for (const part of policy.split(';')) {
      const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
      if (!name) continue;
      const key = name.toLowerCase();
      directives.set(key, [...(directives.get(key) ?? []), sources.map((source) => source.toLowerCase())]);
    }
  }
  return directives;
}

/** Why the policy is not strict for scripts and styles, or an empty list. */
function cspWeaknesses(header) {
  const directives = parseCsp(header);
  const problems = [];
  for (const kind of ['script', 'style']) {
    // The directives a browser consults for this kind of resource, most specific first. All are
    // checked, also those a more specific one overrides: a loose fallback is a trap for later edits.
    const names = [`${kind}-src-elem`, `${kind}-src-attr`, `${kind}-src`, 'default-src'];
    if (!directives.has(`${kind}-src`) && !directives.has('default-src')) {
      problems.push(`neither ${kind}-src nor default-src is set (anything goes)`);
      continue;
    }
    for (const name of names) {
      for (const sources of directives.get(name) ?? []) {
        const unsafe = sources.filter((source) => UNSAFE_SOURCES.includes(source));
        if (unsafe.length > 0) problems.push(`${name} allows ${unsafe.join(' ')}`);
      }
    }
  }
  return [...new Set(problems)];
}

/**
 * Runs in every document before its own scripts (page.evaluateOnNewDocument): records each
 * `securitypolicyviolation` (they bubble to the document from shadow roots too).
 */
function recordCspViolations() {
  const seen = [];
  Object.defineProperty(window, '__cspViolations', { value: seen });
  document.addEventListener(
    'securitypolicyviolation',
    (event) => {
      seen.push({
        directive: event.effectiveDirective || event.violatedDirective,
        blocked: event.blockedURI,
        source: event.sourceFile ? `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}` : '',
        sample: event.sample,
        disposition: event.disposition,
      });
    },
    true,
  );
}

/** The violations recorded so far (see recordCspViolations), emptied. */
async function takeCspViolations(page) {
  return page.evaluate(() => window.__cspViolations.splice(0));
}

function describeViolations(violations) {
  return violations
    .map((v) => `    ${v.directive}: blocked ${v.blocked || '(inline)'}${v.source ? ` at ${v.source}` : ''}${v.sample ? ` (${JSON.stringify(v.sample)})` : ''}`)
    .join('\n');
}

/**
 * Polls the violations recorded so far (in Node: the page's CSP forbids the `new Function`
 * puppeteer's waitForFunction uses) until `done(violations)`; on the deadline, fails naming what
 * was awaited and what was heard. Returns them, emptied from the page.
 */
async function waitForViolations(page, done, what) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const heard = await page.evaluate(() => window.__cspViolations.slice());
    if (done(heard)) return takeCspViolations(page);
    if (Date.now() > deadline) {
      throw new Error(`${what} within ${WAIT_MS} ms; heard ${heard.length ? `\n${describeViolations(heard)}` : 'nothing'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The image a fence loads: refused by img-src, so reported, and never one the demo uses. */
const FENCE_IMAGE = 'http://csp-fence.invalid/fence.png';
/** A report of the fence image (the browser may report only its origin). */
const isFence = (violation) => violation.blocked.startsWith('http://csp-fence.invalid');

/**
 * The violations of everything done so far, without a fixed wait: lets pending renders happen
 * (two frames), then causes one more violation, an image from FENCE_IMAGE, and waits until it
 * is reported. Reports are queued as tasks in the order the violations happen, so every earlier
 * one has been heard by then. Returns them, without the fence's own.
 */
async function violationsSoFar(page) {
  await page.evaluate(
    (src) =>
      new Promise((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const img = document.createElement('img');
            img.src = src;
            resolve(undefined);
          }),
        ),
      ),
    FENCE_IMAGE,
  );
  const heard = await waitForViolations(page, (seen) => seen.some(isFence), `the fence image ${FENCE_IMAGE} was not reported as refused`);
  return heard.filter((v) => !isFence(v));
}

/**
 * Waits for `selector` (puppeteer's `>>>` pierces shadow roots); on timeout fails with the text
 * `around` (a host element, also piercing) shows instead.
 */
async function waitDeep(page, selector, what, around) {
  try {
    return await page.waitForSelector(selector, DEEP);
  } catch (error) {
    const shown = around
      ? await page
          .$eval(around, (el) => (el.shadowRoot ?? el).textContent?.replace(/\s+/g, ' ').trim().slice(0, 300) ?? '')
          .catch(() => `(no ${around})`)
      : '';
    throw new Error(`${what} did not show${around ? `; ${around} shows ${JSON.stringify(shown)}` : ''} (${error.message.split('\n')[0]})`);
  }
}

/** Clicks a header action of the pop, waits for its form in the panel dialog, then closes the dialog. */
async function openPanelForm(page, action, tag, what) {
  const button = await page.waitForSelector(`call-pop >>> button[part~="${action}"]`, DEEP).catch(() => null);
  if (!button) throw new Error(`the pop has no "${action}" header action (is <${tag}> defined on the demo page?)`);
  await button.click();
  await page.waitForSelector(`call-pop >>> dialog[part~="panel"] ${tag} >>> form`, DEEP).catch(async (error) => {
    const shown = await page
      .$eval('call-pop >>> dialog[part~="panel"]', (dialog) => {
        const inner = [...dialog.children].map((child) => `<${child.localName}> ${(child.shadowRoot ?? child).textContent?.replace(/\s+/g, ' ').trim().slice(0, 200)}`);
        return `${dialog.open ? 'open' : 'closed'}: ${inner.join(' | ')}`;
      })
      .catch(() => 'no panel dialog');
    throw new Error(`${what}: <${tag}> did not show its form in the panel dialog (${shown}; ${error.message.split('\n')[0]})`);
  });
  const open = await page.$eval('call-pop >>> dialog[part~="panel"]', (dialog) => dialog.open);
  if (!open) throw new Error(`${what}: the panel dialog is not open`);
  const violations = await violationsSoFar(page);
  if (violations.length > 0) {
    throw new Error(`${violations.length} Content-Security-Policy violation(s) by the time the ${what} form was open:\n${describeViolations(violations)}`);
  }
  const close = await page.waitForSelector('call-pop >>> dialog[part~="panel"] [part~="panel-close"]', DEEP);
  await close.click();
  await page.waitForSelector('call-pop >>> dialog[part~="panel"]:not([open])', DEEP);
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
    name: 'f. under the strict CSP, ringing a call and opening the summary, SMS, contact-plan and ticket forms violates nothing',
    async run() {
      let probing = false;
      const { page, close } = await newDemoPage('f', { ignoreConsole: () => probing });
      try {
        await page.evaluateOnNewDocument(recordCspViolations);
        const response = await page.goto(`${baseUrl}?lang=en`, { waitUntil: 'load' });
        const header = response?.headers()['content-security-policy'];
        if (!header) throw new Error('the demo page was served without a Content-Security-Policy header');
        const weaknesses = cspWeaknesses(header);
        if (weaknesses.length > 0) throw new Error(`the demo's CSP is not strict: ${weaknesses.join('; ')} (${header})`);

        // The policy is enforced and the listener hears it: an inline script and an inline
        // style attribute are refused and reported (console errors of this probe are expected).
        probing = true;
        const probe = await page.evaluate(() => {
          window.__cspProbeRan = false;
          const script = document.createElement('script');
          script.textContent = 'window.__cspProbeRan = true;';
          document.head.append(script);
          script.remove();
          const div = document.createElement('div');
          document.body.append(div);
          div.setAttribute('style', 'margin-left: 37px');
          const styled = getComputedStyle(div).marginLeft;
          div.remove();
          return { ran: window.__cspProbeRan, styled };
        });
        if (probe.ran) throw new Error('an inline script ran: the CSP is not enforced');
        if (probe.styled === '37px') throw new Error('an inline style attribute applied: the CSP is not enforced');
        await waitForViolations(
          page,
          (seen) => ['script-src-elem', 'style-src-attr'].every((directive) => seen.some((v) => v.directive === directive)),
          "the securitypolicyviolation listener did not hear the probe's violations (script-src-elem and style-src-attr)",
        );
        probing = false;

        // Ring a call on the demo's simulated softphone once the workbench has started (the
        // wait runs inside the page: waitForFunction compiles its predicate with new Function,
        // which this policy forbids).
        await page.evaluate(
          async (number, limit) => {
            const started = performance.now();
            while (!window.callpop?.workbench) {
              if (performance.now() - started > limit) throw new Error('demo.ts did not create its workbench');
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
            await window.callpop.workbench.start();
            window.callpop.softphone.simulateInbound(number);
          },
          KNOWN.phone,
          WAIT_MS,
        );
        await waitDeep(page, 'call-pop >>> [part~="customer-name"]', "the pop's customer name", 'call-pop');
        const number = await page.$eval('call-pop >>> [part~="number"]', (el) => el.textContent?.trim());
        if (number !== KNOWN.formatted) throw new Error(`the pop shows ${JSON.stringify(number)}, expected ${JSON.stringify(KNOWN.formatted)}`);

        // The service summary in the pop: its form, category picker and remark field.
        await waitDeep(page, 'call-pop >>> service-summary >>> [part~="form"]', 'the service summary form', 'call-pop >>> service-summary');
        const remark = await waitDeep(page, 'call-pop >>> service-summary >>> textarea[part~="remark"]', 'the summary remark field');
        await remark.type('CSP check');
        await page.waitForSelector('call-pop >>> service-summary >>> [part~="category"]', DEEP);

        await openPanelForm(page, 'sms', 'sms-composer', 'SMS');
        await openPanelForm(page, 'contact-plan', 'contact-plan-form', 'contact plan');
        // <ticket-form> is opened whenever the page defines it (callpop/define registers it once it ships).
        if (await page.evaluate(() => Boolean(customElements.get('ticket-form')))) {
          await openPanelForm(page, 'ticket', 'ticket-form', 'ticket');
        } else {
          notes.push('f: <ticket-form> is not defined on the demo page, so its form was not opened');
        }

        const violations = await violationsSoFar(page);
        if (violations.length > 0) {
          throw new Error(`${violations.length} Content-Security-Policy violation(s):\n${describeViolations(violations)}`);
        }
      } finally {
        await close();
      }
    },
  },
  {
    name: 'g. no page errors and no console errors',
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
    const counts = await runScenarios(scenarios, { timeoutMs: SCENARIO_TIMEOUT_MS, interrupted: () => interrupted });
    passed += counts.passed;
    failed += counts.failed;
  } catch (error) {
    failed += 1;
    console.log(`FAIL setup: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await cleanup();
  }
  for (const note of notes) console.log(`note: ${note}`);
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
