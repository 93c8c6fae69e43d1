// `npm start`: serves the demo (TypeScript compiled on the fly) on http://127.0.0.1:8000/demo/
import './loopback-only.mjs';
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const mswWorker = readFileSync(require.resolve('msw/mockServiceWorker.js'), 'utf8');
const port = Number(process.env.PORT ?? 8000);

const server = await startDevServer({
  config: {
    rootDir: root,
    hostname: '127.0.0.1',
    port,
    appIndex: undefined,
    nodeResolve: { exportConditions: ['browser', 'development'] },
    open: false,
    watch: false,
    plugins: [esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })],
    middleware: [
      function redirectRoot(context, next) {
        if (context.path === '/') {
          context.redirect('/demo/');
          return undefined;
        }
        if (context.path === '/mockServiceWorker.js') {
          context.type = 'application/javascript';
          context.body = mswWorker;
          return undefined;
        }
        return next();
      },
      async function nodeEnv(context, next) {
        await next();
        // The demo runs under a strict Content-Security-Policy: no inline script, no eval.
        if (context.path.endsWith('.html') || context.path.endsWith('/')) {
          context.set('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; media-src 'self' blob:; frame-src https: http:; worker-src 'self'");
        }
      },
    ],
  },
  readCliArgs: false,
  readFileConfig: false,
  logStartMessage: false,
});
console.log(`callpop demo: http://127.0.0.1:${server.config.port}/demo/`);
