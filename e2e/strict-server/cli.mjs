// The shipped command line against real HTTP: `callpop contract-test` (bin/callpop.mjs, from
// dist/ — run `npm run build` first) against the strict server passes every check and exits 0;
// against the server with a known flaw it names the route and the rule, and exits 1.
//
//   node e2e/strict-server/cli.mjs
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startStrictServer } from './wtr-plugin.mjs';

const BIN = fileURLToPath(new URL('../../bin/callpop.mjs', import.meta.url));

function run(baseUrl, token) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'contract-test', baseUrl], {
      env: { ...process.env, CALLPOP_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

async function scenario(name, flaw, expect) {
  const server = await startStrictServer({ flaw });
  try {
    const { code, out } = await run(server.baseUrl, server.token);
    const problems = expect(code, out);
    if (problems.length > 0) throw new Error(`${name}:\n  ${problems.join('\n  ')}\n--- output ---\n${out}`);
    console.log(`ok  ${name}`);
  } finally {
    process.kill(server.pid, 'SIGTERM');
  }
}

await scenario('a conforming backend: every check passes, exit 0', undefined, (code, out) => {
  const problems = [];
  if (code !== 0) problems.push(`exit code: expected 0, saw ${code}`);
  if (!/\n\d+ passed, 0 failed\n$/.test(out)) problems.push('expected "N passed, 0 failed" as the last line');
  if (out.includes('✗')) problems.push('expected no ✗ line');
  return problems;
});

await scenario('a backend answering 204 for a summary of an unknown call: named, exit 1', 'unknown-call-summary', (code, out) => {
  const problems = [];
  if (code !== 1) problems.push(`exit code: expected 1, saw ${code}`);
  const failed = out.split('\n').filter((line) => line.includes('✗'));
  const wanted = [
    '✗ GET /calls/{id}/summary          a call never reported (not `null`) is not-found (404)',
    '✗ GET /calls/{id}/summary          an unknown call is 404 with error.code not-found; a known call without a summary is 200 null or 204',
  ];
  if (JSON.stringify(failed.map((line) => line.trim())) !== JSON.stringify(wanted)) {
    problems.push(`failed lines: expected ${JSON.stringify(wanted)}, saw ${JSON.stringify(failed.map((l) => l.trim()))}`);
  }
  if (!out.includes('expected not-found, but it succeeded with null')) problems.push('expected the problem "expected not-found, but it succeeded with null"');
  if (!out.includes('the status for an unknown call: expected 404, saw 204')) problems.push('expected the problem "expected 404, saw 204"');
  return problems;
});
