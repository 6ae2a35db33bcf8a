import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalReference } from '../../harness/traces/traces.ts';
import { buildMatrix } from '../../harness/run/matrix.ts';
import { README, readmeMatrix, withMatrix } from '../../harness/run/readme.ts';
import { runAll, runReport } from '../../harness/run/run.ts';
import { applySelection, loadScenarios } from '../../harness/run/select.ts';
import { pep567InProcess } from '../support/in-process.ts';
import { flakyImplementation } from '../support/flaky.ts';
import { readmeRun } from '../support/shared-run.ts';

/** report.json without what legitimately changes between runs: the date and the timings. */
function stable(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'), (k, v) => (k === 'createdAt' || k === 'durationMs' ? undefined : v));
}

describe('determinism', function () {
  this.timeout(120000);

  it('the same command twice gives the same report.json (apart from dates and timings) and the same matrix', async () => {
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'pep567-same-')));
    for (const d of dirs) {
      // node-als in a worker thread (--in-process), as the README matrix runs it: the subject is the report, not the host.
      const r = await pep567InProcess('run', '--impl', 'model', '--impl', 'mutant:global-map', '--impl', 'node-als', '--in-process', '--report', d);
      expect(r.code, r.err).to.equal(1);
    }
    expect(stable(join(dirs[0]!, 'report.json'))).to.deep.equal(stable(join(dirs[1]!, 'report.json')));
    expect(readFileSync(join(dirs[0]!, 'matrix.json'), 'utf8')).to.equal(readFileSync(join(dirs[1]!, 'matrix.json'), 'utf8'));
  });

  it('--repeat 20 on the model changes no status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-repeat-'));
    const r = await pep567InProcess('run', '--repeat', '20', '--report', dir);
    expect(r.code, r.out).to.equal(0);
    expect(r.out).not.to.contain('changed status');
    const rep = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(rep.repeat).to.equal(20);
    expect(rep.runs[0].results.filter((x: { unstable?: unknown }) => x.unstable)).to.deep.equal([]);
  });

  it('--repeat flags a scenario whose status changes between repetitions', async () => {
    const run = await runAll({
      implementation: flakyImplementation((n) => n === 1),
      reference: canonicalReference()!, level: 'semantic', repeat: 3,
      scenarios: applySelection(loadScenarios(), { include: ['tasks/child-changes-invisible-to-parent', 'getset/get-lookup-order'] }),
    });
    // Adapters: #0 serves getset in round 1, #1 (leaky) tasks in round 1, then the model throughout.
    expect(run.results.map((r) => [r.id, r.status, r.unstable])).to.deep.equal([
      ['getset/get-lookup-order', 'PASS', undefined],
      ['tasks/child-changes-invisible-to-parent', 'FAIL', ['FAIL', 'PASS', 'PASS']],
    ]);
  });

  it('the matrix counts per area and per feature, with the first divergence of each failing cell', async () => {
    const report = await runReport({ specs: ['model', 'mutant:global-map'], level: 'semantic', select: { include: ['tasks/**', 'getset/**'] } });
    const m = buildMatrix(report);
    expect(m.implementations.map((i) => i.spec)).to.deep.equal(['model', 'mutant:global-map']);
    expect(m.areas.map((a) => a.area)).to.deep.equal(['getset', 'tasks']);
    const tasks = m.areas[1]!;
    expect(tasks.tally[0]).to.deep.equal({ pass: tasks.rows.length, judged: tasks.rows.length, differ: 0, total: tasks.rows.length });
    expect(tasks.tally[1]!.pass).to.be.below(tasks.rows.length);
    const failing = tasks.rows.filter((r) => r.cells[1]!.status === 'FAIL');
    expect(failing.length).to.equal(tasks.tally[1]!.judged - tasks.tally[1]!.pass);
    for (const r of failing) expect(r.cells[1]!.firstDivergence).to.match(/^(value|missing|extra|kind|op|error-expected|value-expected) at main/);
    for (const r of tasks.rows) expect(r.cells[0]).to.deep.equal({ status: 'PASS' });
    const vars = m.features.find((f) => f.feature === 'vars')!;
    expect(vars.tally[0]!.total).to.equal(report.runs[0]!.results.length);
  });

  it('the matrix in README.md is not stale (npx pep567 matrix regenerates it)', async function () {
    const readme = existsSync(README) ? readFileSync(README, 'utf8') : '';
    // The README run the adapter specs judge too (made once per mocha run: support/shared-run.ts).
    const next = withMatrix(readme, await readmeMatrix(await readmeRun()));
    if (next === undefined) this.skip();
    expect(next === readme, 'README.md matrix is stale: run npx pep567 matrix').to.equal(true);
  });
});
