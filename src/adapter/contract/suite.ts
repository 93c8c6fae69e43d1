/**
 * The contract checks (checks.ts) as a mocha suite, for callpop's own tests: one `it` per
 * check, named by its route and rule. Test-only (left out of the build).
 */
import { CONTRACT_CHECKS, contractContext, type ContractContext, type ContractTarget } from './checks.js';

export type { ContractTarget } from './checks.js';

export interface ContractSuiteOptions {
  /** Runs once, before the first check. */
  readonly setup: () => Promise<ContractTarget>;
  readonly teardown?: () => Promise<void> | void;
  /** The target is an HTTP backend: the checks of statuses and headers run too (its `http` is then required). */
  readonly overHttp?: boolean;
}

/** Registers the contract checks for one target. */
export function contractSuite(name: string, { setup, teardown, overHttp = false }: ContractSuiteOptions): void {
  describe(`backend contract: ${name}`, function () {
    let context: ContractContext;

    before(async function () {
      this.timeout(20_000);
      const target = await setup();
      if (overHttp && !target.http) throw new Error('an HTTP target must give `http`');
      context = await contractContext(target);
    });

    after(async () => {
      await teardown?.();
    });

    for (const check of CONTRACT_CHECKS) {
      if (check.httpOnly && !overHttp) continue;
      it(`${check.route}: ${check.rule}`, () => check.run(context));
    }
  });
}
