// `npm run screenshots`: a PNG of every callpop element in light and dark (and
// the pop and the phone bar compact at 360 px) into docs/screenshots/, taken in
// headless Chromium from the gallery page (docs/screenshots/gallery.html).
//
//   node scripts/screenshots.mjs                 every element
//   node scripts/screenshots.mjs phone-bar …     only these elements
//
// Chinese text needs a CJK font on this machine (`fc-list :lang=zh`); the shots
// are English pages, and the one zh-CN shot is skipped when no such font exists.
import './loopback-only.mjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromeFlags, chromePath } from './chrome.mjs';
import { startDemoServer } from './serve-demo.mjs';

const outDir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

/** Every element the gallery shows, in the order of docs/screenshots/README.md. */
const galleryElements = [...readFileSync(new URL('gallery.ts', `file://${outDir}`), 'utf8').matchAll(/^ {4}tag: '([a-z-]+)',$/gm)].map(
  (match) => match[1],
);

function hasCjkFont() {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

/** The shots to take: [file name, query string]. */
function plan(only) {
  const elements = only.length > 0 ? galleryElements.filter((tag) => only.includes(tag)) : galleryElements;
  const shots = [];
  for (const tag of elements) {
    for (const theme of ['light', 'dark']) shots.push([`${tag}-${theme}.png`, { el: tag, theme }]);
  }
  for (const tag of ['call-pop', 'phone-bar']) {
    if (elements.includes(tag)) shots.push([`${tag}-compact-360.png`, { el: tag, theme: 'light', density: 'compact', width: '360' }]);
  }
  if (elements.includes('call-pop')) {
    if (hasCjkFont()) shots.push(['call-pop-zh-CN-light.png', { el: 'call-pop', theme: 'light', lang: 'zh-CN' }]);
    else console.warn('screenshots: no CJK font (fc-list :lang=zh); skipping the zh-CN shot');
  }
  return shots;
}

const only = process.argv.slice(2);
const unknown = only.filter((tag) => !galleryElements.includes(tag));
if (unknown.length > 0) {
  console.error(`screenshots: no gallery scene for ${unknown.join(', ')}; known: ${galleryElements.join(', ')}`);
  process.exit(2);
}

mkdirSync(outDir, { recursive: true });
const { server, port } = await startDemoServer(0);
const browser = await puppeteer.launch({ executablePath: chromePath, args: chromeFlags, headless: true });
const problems = [];
try {
  for (const [file, query] of plan(only)) {
    // A fresh page per shot: a live call arms the phone's "leave the page?" guard.
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900, deviceScaleFactor: 1 });
    page.on('pageerror', (error) => problems.push(`${file}: page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${file}: console ${message.type()}: ${message.text()}`);
    });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: query.theme }]);
    const search = new URLSearchParams(query).toString();
    await page.goto(`http://127.0.0.1:${port}/docs/screenshots/gallery.html?${search}`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.galleryReady === true, { timeout: 30_000 });
    const error = await page.evaluate(() => window.galleryError ?? null);
    if (error) throw new Error(`gallery <${query.el}>: ${error}`);
    // Let fonts, iframes and the last frame settle before the shot.
    await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 150)))));
    const overflow = await page.evaluate((tag) => {
      const el = document.querySelector(tag);
      const wide = [];
      const visit = (root) => {
        for (const node of root.querySelectorAll('*')) {
          // Scroll containers only: ellipsized text is clipped on purpose.
          const { overflowX } = getComputedStyle(node);
          if ((overflowX === 'auto' || overflowX === 'scroll') && node.scrollWidth > node.clientWidth + 1) wide.push(node.getAttribute('part') ?? node.localName);
          if (node.shadowRoot) visit(node.shadowRoot);
        }
      };
      if (el.scrollWidth > el.clientWidth + 1) wide.push(`<${tag}>`);
      if (el.shadowRoot) visit(el.shadowRoot);
      return wide;
    }, query.el);
    if (overflow.length > 0) problems.push(`${file}: horizontal overflow in ${overflow.join(', ')}`);
    const figure = await page.$('figure.shot');
    await figure.screenshot({ path: `${outDir}${file}` });
    console.log(`docs/screenshots/${file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
for (const problem of problems) console.warn(`screenshots: ${problem}`);
