/** `pep567 fuzz --workers N`: how a campaign is split, and that a worker's failure replays in one process. */
import { expect } from 'chai';
import { join } from 'node:path';
import { runCampaign } from '../../harness/fuzz/campaign.ts';
import { runParallel, shares, workerSeed } from '../../harness/fuzz/workers.ts';

const LEAKY = join('suites', 'harness', 'support', 'leaky-adapter.ts');

describe('fuzz workers', function () {
  this.timeout(60000);

  it('split the runs evenly, worker 1 keeping the campaign seed and the others distinct, fixed seeds', () => {
    const s = shares(7, 1001, 3);
    expect(s.map((x) => x.runs)).to.deep.equal([334, 334, 333]);
    expect(s[0]!.seed).to.equal(7);
    expect(new Set(s.map((x) => x.seed)).size).to.equal(3);
    expect(shares(7, 1001, 3)).to.deep.equal(s);
    expect(workerSeed(8, 2)).to.not.equal(workerSeed(7, 2));
    expect(shares(7, 2, 8)).to.have.length(2);
  });

  it('merge the properties over the workers, and report a failure that --workers 1 with its seed, path, property and regression setting replays', async () => {
    const ok = await runParallel({ impl: 'model', oracle: 'model', runs: 40, seed: 5, laws: false, workers: 2 });
    expect(ok.failure).to.equal(undefined);
    expect(ok.workers).to.equal(2);
    expect(ok.passed).to.have.length(1);
    expect(ok.passed[0]).to.include({ property: 'differential against model', runs: 40 });

    const bad = await runParallel({ impl: LEAKY, oracle: 'model', runs: 400, seed: 1, laws: false, workers: 2 });
    expect(bad.failure, 'the leaking adapter is caught').to.not.equal(undefined);
    const { seed, runs } = bad.share!;
    expect(bad.failure!.seed).to.equal(seed);
    const replay = await runCampaign({ impl: LEAKY, oracle: 'model', runs, seed, path: bad.failure!.path, laws: false, property: bad.failure!.name, replayRegressions: bad.failure!.regressions });
    expect(replay.failure?.program).to.deep.equal(bad.failure!.program);
  });
});
