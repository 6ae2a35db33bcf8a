import { expect } from 'chai';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { runCampaign } from '../../harness/fuzz/campaign.ts';
import { implementationAdapter, implementationObserver, type Observer } from '../../harness/fuzz/observe.ts';
import { LAW_NAMES, LAWS, scheduledInterleavings } from '../../harness/fuzz/properties.ts';
import { schedulable } from '../../harness/fuzz/scheduled.ts';

/** The CI share: a fixed seed and a few hundred programs per property. */
const SEED = 20240567;
const RUNS = 300;

const pythonWorks = spawnSync('python3', ['-c', 'import asyncio, contextvars'], { stdio: 'ignore' }).status === 0;

describe('properties: the CI share (fixed seed, a few hundred programs each)', function () {
  this.timeout(120_000);
  let model: Observer;
  before(async () => { model = await implementationObserver('model'); });

  for (const law of LAW_NAMES) {
    it(`the model obeys the law ${law}`, async () => {
      await fc.assert(LAWS[law](model), { numRuns: RUNS, seed: SEED });
    });
  }

  it('fc.scheduler drives an adapter on real promises, and finds the interleaving a leaking one depends on', async () => {
    const good = await implementationAdapter('suites/harness/support/als-adapter.ts');
    const leaky = await implementationAdapter('suites/harness/support/leaky-adapter.ts');
    expect(await schedulable(good)).to.equal(true);
    await fc.assert(scheduledInterleavings(good), { numRuns: RUNS, seed: SEED });
    // Leaks show only in programs where a task's set meets another flow's read across a yield: rare
    // since the default profile spreads over every operation (with_value, eager factory, futures…),
    // so a larger budget; the run ends at the first failure. The seed is one whose first failure comes
    // early (219 programs against seed 2's 2,409, about 3.5 s of CPU less); the budget stays for a
    // generator that changes under it.
    const r = await fc.check(scheduledInterleavings(leaky), { numRuns: 10000, seed: 19, endOnFailure: true });
    expect(r.failed, 'the leaking adapter passed').to.equal(true);
  });

  it('the model cannot be driven by fc.scheduler (its loop alone resumes task bodies), so that law is skipped for it', async () => {
    expect(await schedulable(await implementationAdapter('model'))).to.equal(false);
  });

  it('the model agrees with live CPython (python3) on generated programs, regressions first', async function () {
    if (!pythonWorks) this.skip();
    const r = await runCampaign({ impl: 'model', oracle: 'cpython', runs: RUNS, seed: SEED, laws: false });
    expect(r.failure, r.failure ? `${r.failure.message}\nseed ${r.failure.seed} path ${r.failure.path}\n${JSON.stringify(r.failure.program)}` : '').to.equal(undefined);
  });
});
