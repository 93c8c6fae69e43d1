// Shared helpers of the SIP end-to-end tests and the SIP benchmark: start and stop
// Kamailio, the dev server, sipp and Chromium, each on 127.0.0.1 and each stopped
// by its own pid.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromeFlags, chromePath, webrtcFlags } from '../../scripts/chrome.mjs';
import { freePort } from '../../scripts/free-port.mjs';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const here = fileURLToPath(new URL('.', import.meta.url));
export const CHROME_PATH = chromePath;
export const KAMAILIO = process.env.KAMAILIO_PATH || 'kamailio';
export const SIPP = process.env.SIPP_PATH || 'sipp';
export const KAMCMD = process.env.KAMCMD_PATH || 'kamcmd';
/** The digest password of account 2001 in kamailio.cfg. */
export const PASSWORD_2001 = 'secret';

/** callpop's Chromium flags plus WebRTC on loopback (fake microphone, autoplay). */
export const BROWSER_ARGS = [...chromeFlags, ...webrtcFlags];

/** Whether a program is on the PATH (or an absolute path that exists). */
export function installed(program) {
  if (program.includes('/')) return existsSync(program);
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function alive(child) {
  return Boolean(child) && child.exitCode === null && child.signalCode === null;
}

/** Stop one child we started, by its pid: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child, graceMs = 3000) {
  if (!alive(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    if (alive(child)) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resolve when something accepts TCP connections on 127.0.0.1:port. */
function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitForPort(port, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error('the process exited');
    if (await listening(port)) return;
    await sleep(30);
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/** Waits until nothing accepts connections on 127.0.0.1:`port` any more. */
export async function waitForPortClosed(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (await listening(port)) {
    if (Date.now() > deadline) throw new Error(`127.0.0.1:${port} still accepts connections after ${timeoutMs} ms`);
    await sleep(30);
  }
}

// ------------------------------------------------------------------ Kamailio

/**
 * Kamailio on loopback with e2e/sip/kamailio.cfg (ports and rundir rewritten into
 * a fresh temp dir). `start()` and `kill()` can be called again (the restart test).
 */
export class Kamailio {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'callpop-kamailio-'));
    this.child = null;
    this.output = '';
    this.sipPort = 0;
    this.wsPort = 0;
  }

  get ws() {
    return `ws://127.0.0.1:${this.wsPort}`;
  }

  async start() {
    if (!this.sipPort) {
      this.sipPort = await freePort({ udp: true });
      this.wsPort = await freePort();
      const config = readFileSync(join(here, 'kamailio.cfg'), 'utf8')
        .replaceAll('127.0.0.1:5060', `127.0.0.1:${this.sipPort}`)
        .replaceAll('127.0.0.1:8080', `127.0.0.1:${this.wsPort}`)
        .replace('$Rp == 8080', `$Rp == ${this.wsPort}`)
        .replace('rundir="/tmp/callpop-kamailio"', `rundir="${this.dir}"`)
        .replace('unix:/tmp/callpop-kamailio/kamailio_ctl', `unix:${join(this.dir, 'kamailio_ctl')}`)
        .replace('PASSWORD_2001', PASSWORD_2001);
      writeFileSync(join(this.dir, 'kamailio.cfg'), config);
    }
    const child = spawn(KAMAILIO, ['-f', join(this.dir, 'kamailio.cfg'), '-DD', '-E', '-m', '64', '-M', '8'], {
      cwd: this.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk) => {
      this.output = (this.output + chunk).slice(-20000);
    };
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    try {
      await waitForPort(this.wsPort, 10_000, () => alive(child));
      await waitForPort(this.sipPort, 5_000, () => alive(child));
    } catch (error) {
      await this.kill();
      throw new Error(`Kamailio did not start (${error.message}):\n${this.output.slice(-3000)}`);
    }
  }

  /** The contacts the location table holds for `user` (asked with kamcmd over the ctl socket), as "address (instance)". */
  contacts(user) {
    let out;
    try {
      out = execFileSync(KAMCMD, ['-s', `unix:${join(this.dir, 'kamailio_ctl')}`, 'ul.lookup', 'location', `${user}@127.0.0.1`], { encoding: 'utf8', timeout: 5000 });
    } catch (error) {
      // "AOR not found" when nothing is registered.
      if (/not found/i.test(`${error.stdout ?? ''}${error.stderr ?? ''}`)) return [];
      throw error;
    }
    return [...out.matchAll(/Address:\s*(\S+)[\s\S]*?Instance:\s*([^\n]+)/g)].map((match) => `${match[1]} (instance ${match[2].trim()})`);
  }

  /** Stop it by its pid (SIGKILL when `hard`, as a crash would). */
  async kill({ hard = false } = {}) {
    const child = this.child;
    this.child = null;
    if (!alive(child)) return;
    if (hard) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGKILL');
      await exited;
      // Its children (its own, not a process group) exit when the parent's pipe closes: the
      // WebSocket port they listen on closes with them.
      await waitForPortClosed(this.wsPort, 5_000);
    } else {
      await stopChild(child);
    }
  }

  cleanup() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ dev server

export async function startDevServer() {
  const port = await freePort();
  const child = spawn(process.execPath, ['scripts/serve-demo.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await withTimeout(
    new Promise((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk) => {
        output += chunk;
        const match = /callpop demo: (http:\/\/\S+)/.exec(output);
        if (match) resolve(new URL(match[1]).origin);
      });
      child.stderr.setEncoding('utf8').on('data', (chunk) => {
        output += chunk;
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`the dev server exited (${signal ?? code}):\n${output.slice(-2000)}`)));
    }),
    30_000,
    'starting the dev server',
  ).catch(async (error) => {
    await stopChild(child);
    throw error;
  });
  return { child, origin: url };
}

// ------------------------------------------------------------------ sipp

/**
 * Run one sipp scenario from e2e/sip/ against Kamailio; resolves with its exit
 * code, output and the messages it traced. `calls` and `rate` map to -m and -r.
 */
export async function runSipp(kamailio, scenario, { service = '1001', calls = 1, rate = 10, timeoutS = 30, extra = [], from = '+8613800138000', onStart } = {}) {
  const sipPort = await freePort({ udp: true });
  const mediaPort = await freePort({ udp: true });
  return new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), 'callpop-sipp-'));
    const fields = join(dir, 'fields.csv');
    writeFileSync(fields, `SEQUENTIAL\n${from};\n`);
    const args = [
      '-sf', join(here, scenario),
      `127.0.0.1:${kamailio.sipPort}`,
      '-s', service,
      '-inf', fields,
      '-i', '127.0.0.1',
      '-mi', '127.0.0.1',
      '-p', String(sipPort),
      '-mp', String(mediaPort),
      '-t', 'u1',
      '-m', String(calls),
      '-r', String(rate),
      '-nostdin',
      '-timeout', `${timeoutS}s`,
      '-timeout_error',
      '-trace_msg',
      '-message_file', join(dir, 'messages.log'),
      '-trace_err',
      '-error_file', join(dir, 'errors.log'),
      ...extra,
    ];
    const child = spawn(SIPP, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    onStart?.(child);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      output = (output + chunk).slice(-20000);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      output = (output + chunk).slice(-20000);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const read = (file) => {
        try {
          return readFileSync(join(dir, file), 'utf8');
        } catch {
          return '';
        }
      };
      const messages = read('messages.log');
      const errors = read('errors.log');
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: code ?? (signal ? 128 : 1), signal, output, messages, errors, child });
    });
  });
}

/** sipp's result in one line (its exit code, errors, and its output when it failed). */
export function sippSummary(result) {
  return `sipp exit ${result.code}${result.errors ? `; errors: ${result.errors.slice(-600)}` : ''}${result.code !== 0 ? `\n${result.output.slice(-1200)}` : ''}`;
}

/** INVITE send times from sipp's -trace_msg log, by Call-ID (epoch ms). */
export function inviteTimes(log) {
  const times = new Map();
  const re = /-{10,} (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\.(\d{6})\n(?:UDP|TCP) message sent[^\n]*\n\nINVITE [\s\S]*?\nCall-ID: ([^\n]+)\n/g;
  for (const m of log.matchAll(re)) {
    const ms = new Date(`${m[1]}T${m[2]}`).getTime() + Number(m[3]) / 1000;
    if (!times.has(m[4].trim())) times.set(m[4].trim(), ms);
  }
  return times;
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// ------------------------------------------------------------------ browser

export async function launchBrowser() {
  return puppeteer.launch({
    executablePath: CHROME_PATH,
    headless: true,
    args: BROWSER_ARGS,
    protocolTimeout: 60_000,
  });
}

/** Close the browser; if it does not close, kill its process by pid. */
export async function closeBrowser(browser) {
  if (!browser) return;
  const proc = browser.process();
  try {
    await withTimeout(browser.close(), 5000, 'closing the browser');
  } catch {
    if (alive(proc)) proc.kill('SIGKILL');
  }
}

/**
 * An agent page (the harness) registered as `user` on Kamailio, in its own browser
 * context. Waits until the softphone is registered. `init` runs in the page before its own scripts.
 */
export async function openAgent(browser, origin, kamailio, user, { errors = [], query = {}, waitRegistered = true, init = null } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  // puppeteer's interval polling (waitForFunction with `polling: <ms>`) evaluates its predicate
  // with `new Function`, which the demo's strict policy (no 'unsafe-eval') refuses. The policy
  // itself is checked by e2e/run.mjs; here the test's own probes need it off.
  await page.setBypassCSP(true);
  // A probe the test runs in the page before its scripts (e.g. one that keeps the page's RTCPeerConnections).
  if (init) await page.evaluateOnNewDocument(init);
  page.on('pageerror', (error) => errors.push(`[${user}] pageerror: ${error?.message ?? error}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`[${user}] console.error: ${message.text()}`);
  });
  const params = new URLSearchParams({
    ws: kamailio.ws,
    uri: `sip:${user}@127.0.0.1`,
    user,
    password: 'x',
    dtmf: 'info',
    lang: 'en',
    ...query,
  });
  await page.goto(`${origin}/e2e/sip/harness.html?${params}`, { waitUntil: 'load' });
  await page.waitForFunction(() => Boolean(window.callpop?.softphone), { timeout: 45_000 });
  if (waitRegistered) await waitRegistration(page, 'registered', 15_000);
  return { page, context, user, close: () => context.close().catch(() => undefined) };
}

export async function waitRegistration(page, state, timeoutMs = 15_000) {
  try {
    await page.waitForFunction((want) => window.callpop.softphone.registration().state === want, { timeout: timeoutMs, polling: 50 }, state);
  } catch (error) {
    const shown = await page.evaluate(() => window.callpop.softphone.registration()).catch(() => null);
    throw new Error(`registration did not become ${state}: ${JSON.stringify(shown)} (${error.message.split('\n')[0]})`);
  }
}

/** Text of the node at `path` (each selector after the first inside the previous one's shadow root). */
export async function deepText(page, path) {
  return page.evaluate((p) => {
    let node = document.querySelector(p[0]);
    for (const selector of p.slice(1)) node = node?.shadowRoot?.querySelector(selector);
    return node ? (node.textContent ?? '').replace(/\s+/g, ' ').trim() : null;
  }, path);
}

export async function waitForText(page, path, expected, what, timeoutMs = 15_000) {
  try {
    await page.waitForFunction(
      (p, want) => {
        let node = document.querySelector(p[0]);
        for (const selector of p.slice(1)) node = node?.shadowRoot?.querySelector(selector);
        const text = node ? (node.textContent ?? '').replace(/\s+/g, ' ').trim() : null;
        return want instanceof Array ? want.includes(text) : text === want;
      },
      { timeout: timeoutMs, polling: 20 },
      path,
      expected,
    );
  } catch (error) {
    const shown = await deepText(page, path).catch(() => '(page gone)');
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, shown ${JSON.stringify(shown)} (${error.message.split('\n')[0]})`);
  }
}

/** Wait until `fn(arg)` in the page is truthy; returns its value. */
export async function waitInPage(page, fn, arg, what, timeoutMs = 15_000) {
  try {
    const handle = await page.waitForFunction(fn, { timeout: timeoutMs, polling: 30 }, arg);
    return await handle.jsonValue();
  } catch (error) {
    throw new Error(`${what} (${error.message.split('\n')[0]})`);
  }
}

/** The first live call in the page's softphone, waiting for one that matches `state`. */
export async function waitCall(page, state, what, timeoutMs = 15_000) {
  return waitInPage(
    page,
    (want) => window.callpop.softphone.calls().find((c) => (want ? c.state === want : true)) ?? null,
    state,
    what ?? `a ${state} call`,
    timeoutMs,
  );
}
