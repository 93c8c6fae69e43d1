// A web-test-runner plugin that runs the strict REST backend (server.mjs) beside the tests:
// started on the first request of /__strict-server.json (which answers its base URL and
// token), on 127.0.0.1 and a free port, and stopped by its pid when the runner stops.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/free-port.mjs';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));

/** Starts the server; resolves with `{ baseUrl, token, pid }` once it listens. */
export async function startStrictServer({ flaw } = {}) {
  const port = await freePort();
  const token = randomUUID();
  const child = spawn(process.execPath, [SERVER, '--port', String(port), '--token', token, ...(flaw ? ['--flaw', flaw] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    let seen = '';
    const fail = (why) => reject(new Error(`the strict server did not start: ${why}`));
    child.once('exit', (code) => fail(`exit ${code}`));
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      if (seen.includes(`listening ${port}`)) resolve(undefined);
    });
    setTimeout(() => fail(`no "listening" line in 10 s (saw ${JSON.stringify(seen)})`), 10_000).unref();
  });
  child.stdout.resume();
  return { baseUrl: `http://127.0.0.1:${port}`, token, pid: child.pid };
}

export function strictServerPlugin() {
  let started = null;
  return {
    name: 'callpop-strict-server',
    async serve(context) {
      if (context.path !== '/__strict-server.json') return undefined;
      started ??= startStrictServer();
      const { baseUrl, token } = await started;
      return { body: JSON.stringify({ baseUrl, token }), type: 'application/json' };
    },
    async serverStop() {
      if (!started) return;
      const { pid } = await started.catch(() => ({ pid: undefined }));
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    },
  };
}
