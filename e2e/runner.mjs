// What the end-to-end scripts share: a time limit on a promise, and running scenarios
// one after the other with one line each ("ok  …" / "FAIL …").

/** `promise`, or a rejection naming `what` after `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Run `{ name, run }` scenarios in order, each within `timeoutMs`; stops early when
 * `interrupted()` says so. Returns the counts.
 */
export async function runScenarios(scenarios, { timeoutMs, interrupted = () => false }) {
  let passed = 0;
  let failed = 0;
  for (const scenario of scenarios) {
    if (interrupted()) break;
    const t0 = Date.now();
    try {
      await withTimeout(scenario.run(), timeoutMs, 'the scenario');
      passed += 1;
      console.log(`ok  ${scenario.name} (${Date.now() - t0} ms)`);
    } catch (error) {
      if (interrupted()) break;
      failed += 1;
      console.log(`FAIL ${scenario.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { passed, failed };
}
