// Browser tests: every *.test.ts under src/ and components/, in headless Chromium.
// The browser comes from CHROME_PATH (default /usr/bin/chromium); nothing is downloaded.
import './scripts/loopback-only.mjs';
import { chromeFlags, chromePath } from './scripts/chrome.mjs';
import { freePort } from './scripts/free-port.mjs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { reactEsmPlugin } from './demo/react/react-esm-plugin.mjs';
import { strictServerPlugin } from './e2e/strict-server/wtr-plugin.mjs';
import { layersPlugin } from './scripts/layers.mjs';
import { manifestPlugin } from './scripts/manifest.mjs';
import { chromeLauncher } from '@web/test-runner-chrome';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const mswWorker = readFileSync(require.resolve('msw/mockServiceWorker.js'), 'utf8');

export default {
  // A port the OS says is free on 127.0.0.1, so the tests run beside `npm start` (8000) and each other.
  port: await freePort(),
  files: ['src/**/*.test.ts', 'components/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  rootDir: fileURLToPath(new URL('.', import.meta.url)),
  // One test page at a time: a page in the background gets no animation frames or scroll
  // events, which virtualized lists and paint-timed tests need.
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 10_000 } },
  plugins: [
    // React ships CommonJS only: served as one ES module build (the framework tests use it).
    reactEsmPlugin(),
    // The strict REST backend of e2e/strict-server, for the contract suite over real HTTP (started on first use).
    strictServerPlugin(),
    // The layer check of src/layers.test.ts: which files under src/ import components/ (read from the source tree).
    layersPlugin(),
    // custom-elements.json of the sources, for components/frameworks/manifest.test.ts (analyzed on first use).
    manifestPlugin(),
    esbuildPlugin({ ts: true, tsx: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
  ],
  middleware: [
    // msw's service worker must be served from the root so its scope covers the test page.
    function mswWorkerMiddleware(context, next) {
      if (context.path === '/mockServiceWorker.js') {
        context.type = 'application/javascript';
        context.body = mswWorker;
        return undefined;
      }
      return next();
    },
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <head><script>window.process = { env: { NODE_ENV: 'development' } };</script></head>
  <body>
    <!-- Failed assertions about DOM nodes print the nodes' markup (see the file). -->
    <script type="module" src="/components/shared/test-failures.ts"></script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromePath,
        args: chromeFlags,
      },
    }),
  ],
};
