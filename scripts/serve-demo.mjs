// `npm start`: serves the demo (TypeScript compiled on the fly) on http://127.0.0.1:8000/demo/
import { startCallpopServer } from './dev-server.mjs';

/** The demo runs under a strict Content-Security-Policy: no inline script, no eval. */
export const demoCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* wss:",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  'frame-src https: http:',
  "worker-src 'self'",
].join('; ');

const { port } = await startCallpopServer({
  port: Number(process.env.PORT ?? 8000),
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
console.log(`callpop demo: http://127.0.0.1:${port}/demo/`);
