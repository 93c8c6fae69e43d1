#!/usr/bin/env node
// callpop's command line.
//
//   npx callpop contract-test <baseUrl> [--token <token>] [--numbers] [--json]
//
// Runs callpop's backend contract checks (the ones callpop's own tests run against its in-memory
// backend, its msw handlers and a strict HTTP server) against a REST backend, and prints route by
// route what conforms and what does not. The token may come from CALLPOP_TOKEN instead of
// --token (which keeps it out of the shell history). The checks write test data: a few calls,
// summaries, customers and one ticket, all with ids or numbers no real record has. Run it
// against a test instance. Exit code 0: every check passed; 1: some failed; 2: could not run.
import { restTarget, runContractChecks } from '../dist/src/adapter/contract/checks.js';

const USAGE = 'usage: callpop contract-test <baseUrl> [--token <token>] [--numbers] [--json]   (or CALLPOP_TOKEN=<token>; --numbers: check the optional numbers domain too)';

function parse(argv) {
  const [command, ...rest] = argv;
  const options = { command, baseUrl: undefined, token: process.env.CALLPOP_TOKEN, json: false, numbers: false };
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    if (arg === '--token') options.token = rest[(i += 1)];
    else if (arg.startsWith('--token=')) options.token = arg.slice('--token='.length);
    else if (arg === '--json') options.json = true;
    else if (arg === '--numbers') options.numbers = true;
    else if (arg === '--help' || arg === '-h') options.command = 'help';
    else if (!options.baseUrl) options.baseUrl = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  return options;
}

async function contractTest({ baseUrl, token, json, numbers }) {
  if (!baseUrl || !/^https?:\/\//.test(baseUrl)) throw new Error('give the base URL of the REST API, e.g. https://crm.example.com/callpop/v1');
  const print = json ? () => {} : (line) => process.stdout.write(`${line}\n`);
  print(`callpop contract-test ${baseUrl}`);
  const results = await runContractChecks(restTarget({ baseUrl, token, numbers }), {
    onResult(result) {
      print(`  ${result.ok ? '✓' : '✗'} ${result.route.padEnd(32)} ${result.rule}`);
      if (!result.ok) print(`      ${result.problem}`);
    },
  });
  const failed = results.filter((r) => !r.ok).length;
  if (json) process.stdout.write(`${JSON.stringify({ baseUrl, passed: results.length - failed, failed, results }, null, 2)}\n`);
  else print(`${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

try {
  const options = parse(process.argv.slice(2));
  if (options.command === 'contract-test') {
    process.exitCode = await contractTest(options);
  } else {
    process.stdout.write(`${USAGE}\n`);
    process.exitCode = options.command === 'help' || options.command === undefined ? 0 : 2;
  }
} catch (error) {
  process.stderr.write(`callpop: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exitCode = 2;
}
