import { expect } from 'chai';
import { UsageError } from '../../harness/primitives/usage-error.ts';
import { runReport } from '../../harness/run/run.ts';

describe('runReport: several implementations in one report', function () {
  this.timeout(60000);
  const select = { include: ['getset/**'] };

  it('keeps the order named and sums the counts over the runs', async () => {
    const r = await runReport({ specs: ['mutant:global-map', 'model'], level: 'semantic', select });
    expect(r.runs.map((x) => x.implementation.spec)).to.deep.equal(['mutant:global-map', 'model']);
    expect(r.counts.PASS).to.equal(r.runs[0]!.counts.PASS + r.runs[1]!.counts.PASS);
    expect(r.runs[1]!.counts.PASS).to.equal(12);
  });

  it('refuses the whole run when an implementation cannot be opened', async () => {
    let err: unknown;
    try { await runReport({ specs: ['model', './nowhere/adapter.ts'], level: 'semantic', select }); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(UsageError);
  });

  it('with --all, an implementation that cannot be opened gets a run of ERRORs saying why', async () => {
    const r = await runReport({ specs: ['model', './nowhere/adapter.ts'], level: 'semantic', select, tolerateOpenFailures: true });
    const broken = r.runs[1]!;
    expect(broken.results).to.have.length(12);
    expect(broken.counts.ERROR).to.equal(12);
    expect(broken.results[0]!.error).to.match(/could not be started: .*not found/);
    expect(r.summary).to.deep.equal({ passed: 12, failed: 12, skipped: 0 });
  });
});
