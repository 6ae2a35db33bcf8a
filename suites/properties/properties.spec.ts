import { expect } from 'chai';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { runCampaign } from '../../harness/fuzz/campaign.ts';
import { implementationObserver, type Observer } from '../../harness/fuzz/observe.ts';
import { LAWS } from '../../harness/fuzz/properties.ts';

/** The CI share: a fixed seed and a few hundred programs per property. */
const SEED = 20240567;
const RUNS = 300;

const pythonWorks = spawnSync('python3', ['-c', 'import asyncio, contextvars'], { stdio: 'ignore' }).status === 0;

describe('properties: the CI share (fixed seed, a few hundred programs each)', function () {
  this.timeout(120_000);
  let model: Observer;
  before(async () => { model = await implementationObserver('model'); });

  for (const law of Object.keys(LAWS) as (keyof typeof LAWS)[]) {
    it(`the model obeys the law ${law}`, async () => {
      await fc.assert(LAWS[law](model), { numRuns: RUNS, seed: SEED });
    });
  }

  it('the model agrees with live CPython (python3) on generated programs, regressions first', async function () {
    if (!pythonWorks) this.skip();
    const r = await runCampaign({ impl: 'model', oracle: 'cpython', runs: RUNS, seed: SEED, laws: false });
    expect(r.failure, r.failure ? `${r.failure.message}\nseed ${r.failure.seed} path ${r.failure.path}\n${JSON.stringify(r.failure.program)}` : '').to.equal(undefined);
  });
});
