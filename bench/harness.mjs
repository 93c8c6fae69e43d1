// What the Chromium benchmarks share: the production dev server (scripts/dev-server.mjs),
// Chromium with callpop's flags (scripts/chrome.mjs), a page that collects its errors, and
// clean-up by handle on exit or on SIGINT/SIGTERM.
import puppeteer from 'puppeteer-core';
import { chromeFlags, chromePath } from '../scripts/chrome.mjs';
import { startCallpopServer } from '../scripts/dev-server.mjs';

/**
 * Serve the repo (production builds of lit & co.: dev mode is slower and is not what users
 * ship), launch Chromium and open `path`. `ignoreErrors` filters console errors that are not
 * the page's fault. Call `close()` when done; a signal closes everything too.
 */
export async function openBenchPage(
  path,
  { viewport = { width: 1280, height: 800 }, ignoreErrors = () => false, protocolTimeout = 900_000 } = {},
) {
  let server;
  let browser;
  const close = async () => {
    const b = browser;
    const s = server;
    browser = undefined;
    server = undefined;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await b?.close().catch(() => b.process()?.kill('SIGKILL'));
    await s?.stop().catch(() => undefined);
  };
  const onSignal = async (signal) => {
    await close();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const started = await startCallpopServer({ production: true });
    server = started.server;
    browser = await puppeteer.launch({ executablePath: chromePath, headless: true, args: chromeFlags, protocolTimeout });
    const page = await browser.newPage();
    await page.setViewport(viewport);
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error?.message ?? error)));
    page.on('console', (message) => {
      if (message.type() === 'error' && !ignoreErrors(message.text())) errors.push(message.text());
    });
    await page.goto(`http://127.0.0.1:${started.port}${path}`, { waitUntil: 'load' });
    return { page, browser, errors, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits until the bench page says it is ready (`data-bench-ready`); if it never does, fails with the page's errors. */
export async function waitForBenchPage(page, errors, timeoutMs = 60_000) {
  await page.waitForFunction(() => document.documentElement.dataset.benchReady === 'true', { timeout: timeoutMs }).catch(() => {
    throw new Error(`the bench page did not start${errors.length ? `: ${errors.join('\n')}` : ''}`);
  });
}

/** Refuses figures measured on development builds: `env` is what the page reports (`nodeEnv`, `litDevMode`). */
export function assertProductionBuild(env) {
  if (env.nodeEnv !== 'production') throw new Error(`the bench page ran with NODE_ENV=${env.nodeEnv}, not production`);
  if (env.litDevMode) throw new Error('the bench page loaded the development build of Lit');
}
