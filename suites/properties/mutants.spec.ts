import { expect } from 'chai';
import { DEFAULT_RUNS, runCampaign } from '../../harness/fuzz/campaign.ts';
import { loadMutants } from '../../harness/inprocess/resolve.ts';

// The registry is how `--impl mutant:NAME` finds them; the spec lists the same ones.
const MUTANTS = await loadMutants();

/** The seed the CI uses; a mutant must fall within the default number of runs from it. */
const SEED = 1;

/** Mutants of the scoped binding: the run-scoped profile (bindings only through with_value) must find them too. */
const RUN_SCOPED = new Set(['scoped-keeps-on-error', 'scoped-restores-default', 'scoped-global-binding', 'scoped-exits-at-first-await']);

describe('properties: every mutant is caught by the default profile alone with the default runs (differential against the model)', function () {
  this.timeout(120_000);

  it('has mutants to check', () => expect(Object.keys(MUTANTS)).to.not.be.empty);

  const cases = [...Object.keys(MUTANTS).map((name) => [name, 'full'] as const), ...[...RUN_SCOPED].map((name) => [name, 'run-scoped'] as const)];
  for (const [name, profile] of cases) {
    it(`catches mutant:${name} within ${DEFAULT_RUNS} ${profile} programs, shrunk`, async () => {
      const r = await runCampaign({ impl: `mutant:${name}`, oracle: 'model', runs: DEFAULT_RUNS, seed: SEED, laws: false, profile });
      expect(r.failure, 'no property failed').to.not.equal(undefined);
      // The mutant itself must be the one found wrong, not the oracle failing to run the program.
      expect(r.failure!.message).to.not.match(/^the oracle/);
      // A scoped mutant found among set and tokens shrinks less far (15 operations for
      // scoped-keeps-on-error from seed 1): the run-scoped case bounds those at 10. A full program
      // may hold the later operations, whose wrappers (wait_for, await_custom) cannot shrink to their
      // body: 12 for reset-restores-default from seed 1.
      expect(r.failure!.size, JSON.stringify(r.failure!.program)).to.be.at.most(profile === 'full' && RUN_SCOPED.has(name) ? 16 : profile === 'full' ? 12 : 10);
    });
  }
});
