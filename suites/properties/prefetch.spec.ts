/** The CPython oracle fetched ahead (harness/fuzz/prefetch.ts) answers as the one-at-a-time oracle does. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { programArb } from '../../harness/fuzz/arbitraries.ts';
import { toScenario } from '../../harness/fuzz/build.ts';
import { oracleObserver, runCampaign } from '../../harness/fuzz/campaign.ts';
import { prefetching } from '../../harness/fuzz/prefetch.ts';
import { RECORDER_PATH } from '../../harness/pythons/python-runner.ts';

const hasPython = spawnSync('python3', ['-c', 'import contextvars'], { encoding: 'utf8' }).status === 0;

describe('fuzz: CPython answers fetched ahead', function () {
  this.timeout(60000);
  before(function () { if (!hasPython) this.skip(); });

  it('gives the answers the one-at-a-time oracle gives, in any order asked, and falls back for a program not fetched', async () => {
    const oracle = await oracleObserver('cpython', 'python3');
    const scenarios = fc.sample(programArb(), { seed: 11, numRuns: 40 }).map((p) => toScenario(p));
    const ahead = prefetching(oracle.observer, { python: 'python3', recorder: RECORDER_PATH, scenarios, skip: oracle.skip!, window: 8 });
    try {
      const asked = [...scenarios.slice(20), ...scenarios.slice(0, 20)];
      for (const s of asked) expect(await ahead.observe(s)).to.deep.equal(await oracle.observer.observe(s));
      const other = toScenario(fc.sample(programArb(), { seed: 12, numRuns: 1 })[0]!);
      expect(await ahead.observe(other)).to.deep.equal(await oracle.observer.observe(other));
      expect(ahead.misses).to.be.at.least(1);
      expect(ahead.hits + ahead.misses).to.be.at.most(asked.length + 1);
      expect(ahead.hits).to.be.at.least(1);
    } finally {
      await ahead.close();
      await oracle.close();
    }
  });

  it('serves a campaign\'s generated programs from the programs fetched ahead', async () => {
    const r = await runCampaign({ impl: 'model', oracle: 'cpython', runs: 100, seed: 3, laws: false });
    expect(r.failure).to.equal(undefined);
    expect(r.prefetch!.hits).to.be.at.least(r.passed[0]!.checked);
  });
});
