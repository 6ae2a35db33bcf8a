import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_FORMAT } from '../../harness/report/report.ts';
import { loadScenarios } from '../../harness/run/select.ts';
import { pep567, ROOT } from '../support/cli.ts';
import { pep567InProcess, runInProcess } from '../support/in-process.ts';
import { recordTree } from './support/recorder.ts';

const ADAPTER = join(ROOT, 'suites', 'harness', 'support', 'als-adapter.ts');
const LEAKY = join(ROOT, 'suites', 'harness', 'support', 'leaky-adapter.ts');
const OLD = join(ROOT, 'suites', 'harness', 'support', 'old-contract-adapter.ts');
const MARKING = join(ROOT, 'suites', 'harness', 'support', 'marking-adapter.ts');

describe('pep567 command line', function () {
  this.timeout(60000);
  const ids = ['tasks/copy-at-creation', 'tasks/child-changes-invisible-to-parent', 'getset/get-lookup-order'];
  const { dir: traces, reference } = recordTree(ids);
  const report = mkdtempSync(join(tmpdir(), 'pep567-report-'));
  const common = ['--traces', traces, '--report', report];

  it('run exits 0 when nothing failed, prints the table and the summary line, writes report.json', () => {
    const r = pep567('run', '--impl', ADAPTER, '--include', '{tasks/copy-at-creation,tasks/child-changes-invisible-to-parent,getset/get-lookup-order}', ...common);
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/^area\s+PASS\s+FAIL$/m);
    expect(r.out).to.match(/^tasks\s+2\s+0$/m);
    expect(r.out.trimEnd().split('\n').at(-1)).to.equal('3 passed, 0 failed, 0 skipped');
    const rep = JSON.parse(readFileSync(join(report, 'report.json'), 'utf8'));
    expect(rep).to.include({ format: REPORT_FORMAT, level: 'semantic' });
    expect(rep.runs).to.have.length(1);
    expect(rep.runs[0].reference).to.include({ dir: reference, chosen: 'canonical' });
    expect(rep.runs[0].results.map((x: { id: string; status: string }) => [x.id, x.status])).to.deep.equal([
      ['getset/get-lookup-order', 'PASS'], ['tasks/child-changes-invisible-to-parent', 'PASS'], ['tasks/copy-at-creation', 'PASS'],
    ]);
  });

  it('run exits 1 and prints the first divergence when something fails', () => {
    const r = pep567('run', '--impl', LEAKY, '--include', 'tasks/child-changes-invisible-to-parent', ...common);
    expect(r.code).to.equal(1);
    expect(r.out).to.contain('Divergences:');
    expect(r.out).to.contain('FAIL tasks/child-changes-invisible-to-parent');
    expect(r.out).to.contain('expected (CPython):');
    expect(r.out.split('\n')).to.include('0 passed, 1 failed, 0 skipped');
  });

  it('counts UNSUPPORTED and SKIPPED as skipped, and a missing trace as failed', async () => {
    const r = await pep567InProcess('run', '--impl', ADAPTER, '--include', '{taskgroup/children-isolated,tokens/with-token-restores-default,tasks/siblings-no-bleed}', ...common);
    expect(r.code).to.equal(1);
    expect(r.out.split('\n')).to.include('0 passed, 1 failed (1 ERROR), 2 skipped (1 unsupported, 1 not in reference)');
  });

  for (const [what, args, message] of [
    ['an unknown implementation', ['--impl', 'nosuch'], 'unknown implementation'],
    ['an unknown mutant', ['--impl', 'mutant:nosuch'], 'unknown implementation'],
    ['an adapter module that does not exist', ['--impl', './nowhere/adapter.js'], 'not found'],
    ['an adapter of another contract major version', ['--impl', OLD], 'contract 0.9.0'],
    ['an unknown reference', ['--reference', 'cpython-2.7.18'], 'unknown reference'],
    ['a malformed reference name', ['--reference', 'cpython'], 'IMPL-VERSION'],
    ['a bad glob', ['--include', 'tokens/{a,b'], 'unclosed'],
    ['a glob matching nothing', ['--include', 'nothing/here'], 'matches no scenario'],
    ['a bad level', ['--level', 'loose'], '--level'],
    ['a chunk beyond the total', ['--total-chunks', '3', '--this-chunk', '4'], '1 <= K <= N'],
    ['a chunk without a total', ['--this-chunk', '1'], 'go together'],
    ['an unknown feature', ['--feature', 'nosuch'], 'unknown feature'],
    ['an exclusion that leaves nothing', ['--exclude', '**'], 'matches no scenario'],
    ['a zero repeat', ['--repeat', '0'], '--repeat'],
    ['a negative timeout multiplier', ['--timeout-multiplier', '-1'], '--timeout-multiplier'],
  ] as const) {
    it(`run exits 2 on ${what} with a one-line reason`, async () => {
      const r = await pep567InProcess('run', '--impl', ADAPTER, ...common, ...args);
      expect(r.code).to.equal(2);
      expect(r.err.split('\n')[0]).to.match(/^pep567: /).and.contain(message);
      expect(r.out).to.equal('');
    });
  }

  it('refuses a misnamed implementation before it starts the host of one named before it', async () => {
    const mark = join(mkdtempSync(join(tmpdir(), 'pep567-mark-')), 'loads');
    const env = { PEP567_TEST_LOAD_MARK: mark };
    const misnamed = await runInProcess(['run', '--impl', MARKING, '--impl', 'nosuch', ...common], { env });
    expect(misnamed.err).to.contain('unknown implementation "nosuch"');
    expect(existsSync(mark), 'the first adapter\'s host started').to.equal(false);
    // A module that is named right but cannot load is found only by opening it: by then the first host has started.
    const missing = await runInProcess(['run', '--impl', MARKING, '--impl', './nowhere/adapter.js', ...common], { env });
    expect(missing.code).to.equal(2);
    expect(readFileSync(mark, 'utf8').trim().split('\n')).to.have.length(1);
  });

  it('leaves no process listener behind after runs refused once the report folder was opened', async () => {
    // A run refused after its session opened (an adapter that is not there) once kept its exit
    // listeners and the folder's lock: after about ten such runs in one process Node printed a
    // MaxListenersExceeded warning on stderr's first line.
    const events = ['exit', 'SIGINT', 'SIGTERM', 'unhandledRejection', 'uncaughtException'] as const;
    const before = events.map((e) => process.listenerCount(e));
    for (let i = 0; i < 3; i++) {
      const r = await pep567InProcess('run', '--impl', './nowhere/adapter.js', ...common);
      expect(r.code).to.equal(2);
    }
    expect(events.map((e) => process.listenerCount(e))).to.deep.equal(before);
  });

  it('run exits 2 on a malformed fixture tree', async () => {
    const r = await pep567InProcess('run', '--impl', ADAPTER, '--fixtures', join(ROOT, 'suites', 'harness', 'support', 'bad-fixtures'), ...common);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('malformed fixture');
  });

  it('list prints scenarios, implementations and references, and JSON with --json (every scenario with its features)', async () => {
    const text = await pep567InProcess('list');
    expect(text.code).to.equal(0);
    expect(text.out).to.contain('tokens/reset-missing-removes');
    expect(text.out).to.contain('References (');
    const listed = await pep567InProcess('list', '--json');
    expect(listed.code).to.equal(0);
    const json = JSON.parse(listed.out);
    expect(json.scenarios.map((x: { id: string }) => x.id)).to.deep.equal(loadScenarios().map((x) => x.id));
    for (const x of json.scenarios) expect(x.features).to.be.an('array').that.is.not.empty;
    const s = json.scenarios.find((x: { id: string }) => x.id === 'tokens/with-token-restores-default');
    expect(s).to.include({ python: '>=3.14' });
    expect(s.features).to.include('token_context_manager');
    expect(json.implementations.map((i: { name: string }) => i.name)).to.include('model');
    for (const i of json.implementations) expect(i.description).to.be.a('string').and.not.equal('');
    expect(json.implementations.find((i: { name: string }) => i.name === 'model').instances).to.deep.equal(['model']);
    expect(json.references.map((r: { name: string }) => r.name)).to.include('cpython');
  });

  it('runs several implementations into one report, one table each, the summary over all, and the matrix', async () => {
    const r = await pep567InProcess('run', '--impl', ADAPTER, '--impl', LEAKY, '--include', '{getset/get-lookup-order,tasks/child-changes-invisible-to-parent}', ...common);
    expect(r.code).to.equal(1);
    expect(r.out.trimEnd().split('\n').at(-1)).to.equal('3 passed, 1 failed, 0 skipped');
    const rep = JSON.parse(readFileSync(join(report, 'report.json'), 'utf8'));
    expect(rep.runs.map((x: { implementation: { spec: string } }) => x.implementation.spec)).to.deep.equal([ADAPTER, LEAKY]);
    expect(rep.counts).to.include({ PASS: 3, FAIL: 1 });
    const matrix = JSON.parse(readFileSync(join(report, 'matrix.json'), 'utf8'));
    const cells = matrix.areas.flatMap((a: { rows: { id: string; cells: { status: string }[] }[] }) => a.rows.map((x) => [x.id, x.cells.map((c) => c.status)]));
    expect(cells).to.deep.equal([['getset/get-lookup-order', ['PASS', 'PASS']], ['tasks/child-changes-invisible-to-parent', ['PASS', 'FAIL']]]);
    expect(existsSync(join(report, 'matrix.md'))).to.equal(true);
    expect(readdirSync(join(report, 'failures'))).to.deep.equal([`2-${LEAKY.replace(/[^A-Za-z0-9._-]/g, (c) => `~${c.charCodeAt(0).toString(16)}`).replace(/^\./, '~2e').slice(0, 200)}`]);
  });

  it('writes no report when the run is refused', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'pep567-report-'));
    await pep567InProcess('run', '--impl', 'nosuch', '--report', fresh);
    expect(existsSync(join(fresh, 'report.json'))).to.equal(false);
  });
});
