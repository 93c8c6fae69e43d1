// `npm start`: serves the demo (TypeScript compiled on the fly) on http://127.0.0.1:8000/demo/
import { pathToFileURL } from 'node:url';
import { startCallpopServer } from './dev-server.mjs';

/** The demo runs under a strict Content-Security-Policy: no inline script, no eval. */
export const demoCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // The SIP WebSocket: a local Kamailio in development, wss: in real use.
  "connect-src 'self' ws://127.0.0.1:* wss:",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  'frame-src https: http:',
  "worker-src 'self'",
].join('; ');

/** Start the demo server; resolves with the server and its port. */
export function startDemoServer(port) {
  return startCallpopServer({
    port,
    middleware: [
      async function demo(context, next) {
        if (context.path === '/') {
          context.redirect('/demo/');
          return;
        }
        await next();
        if (context.path.endsWith('.html') || context.path.endsWith('/')) {
          context.set('Content-Security-Policy', demoCsp);
        }
      },
    ],
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { port } = await startDemoServer(Number(process.env.PORT ?? 8000));
  console.log(`callpop demo: http://127.0.0.1:${port}/demo/`);
}
