// The one dev server callpop's tools use (demo, benchmarks, end-to-end runs):
// TypeScript compiled on the fly by esbuild, bare imports resolved, msw's
// worker served from the root, listening on 127.0.0.1 only.
import './loopback-only.mjs';
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { reactEsmPlugin } from '../demo/react/react-esm-plugin.mjs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Start the server. `production: true` resolves the production builds of lit &
 * co. (benchmarks); `middleware` runs before the files are served.
 * Resolves with the server and the port it listens on.
 */
export async function startCallpopServer({ port = 0, production = false, middleware = [] } = {}) {
  const mswWorker = readFileSync(require.resolve('msw/mockServiceWorker.js'), 'utf8');
  const server = await startDevServer({
    config: {
      rootDir: root,
      hostname: '127.0.0.1',
      port,
      appIndex: undefined,
      nodeResolve: { exportConditions: ['browser', production ? 'production' : 'development'] },
      open: false,
      watch: false,
      plugins: [
        // React ships CommonJS only; the React demo gets it as one ES module build.
        reactEsmPlugin({ production }),
        esbuildPlugin({ ts: true, tsx: true, tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) }),
      ],
      middleware: [
        function mswWorkerFile(context, next) {
          if (context.path !== '/mockServiceWorker.js') return next();
          context.type = 'application/javascript';
          context.body = mswWorker;
          return undefined;
        },
        ...middleware,
      ],
    },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
  });
  const address = server.server.address();
  return { server, port: typeof address === 'object' && address ? address.port : server.config.port };
}
