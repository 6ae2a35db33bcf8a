/**
 * The report folder and the user's input under abuse (issue 20), through the real CLI: the previous
 * report survives an implementation that ends the process, one run at a time holds a folder, and
 * malformed input is one line and exit 2, never a stack.
 */
import { expect } from 'chai';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../harness/report/report.ts';
import { ROOT, runCli, startCli } from '../support/cli.ts';
import { probe, readReport, until } from './support/probes.ts';

describe('the previous report survives, and one run at a time holds a report folder (issue 20)', function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pep567-hostile-keep-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('an in-process implementation that calls process.exit(0): it ends only its worker thread, each such scenario a CRASH, the report written', () => {
    expect(runCli(['run', '--include', 'getset/*', '--report', dir]).code).to.equal(0);
    const r = runCli(['run', '--in-process', '--impl', probe('exit'), '--include', 'getset/*', '--report', dir]);
    expect(r.code, r.err).to.equal(1);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.runs.map((x) => x.implementation.spec)).to.deep.equal([probe('exit')]);
    const results = report.runs[0]!.results;
    expect(results).to.have.length(12);
    // Every third scenario that runs (a fresh thread counts again from one) ends its thread.
    const crashed = results.filter((x) => x.status === 'CRASH');
    expect(crashed.length).to.be.greaterThan(0);
    for (const x of crashed) expect(x.error).to.equal('the implementation ended its thread (exit code 0)');
    expect(results.filter((x) => x.status === 'PASS').length).to.be.greaterThan(0);
    const events = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(events.at(-1)!.event).to.equal('end');
  });

  it('a second run into a folder a run is writing: exit 2 with one line naming the first run, which finishes unharmed', async () => {
    const first = startCli(['run', '--impl', 'node-als', '--report', dir]);
    let out = '';
    first.stdout!.on('data', (c) => { out += c; });
    first.stderr!.resume();
    const done = new Promise<number | null>((res) => first.on('exit', res));
    const locked = () => { try { lstatSync(join(dir, '.pep567-lock')); return true; } catch { return false; } };
    expect(await until(locked, 30000), 'the first run took the lock').to.equal(true);
    const second = runCli(['run', '--report', dir]);
    expect(second.code).to.equal(2);
    expect(second.err.split('\n')[0]).to.equal(`pep567: --report ${dir}: another pep567 run (pid ${first.pid}) is writing into this folder; wait for it, or pass another --report`);
    expect(await done).to.equal(1); // node-als fails scenarios
    expect(out).to.match(/\n\d+ passed, \d+ failed, \d+ skipped/); // the summary line: the first run finished and printed
    expect(readReport(dir).runs.map((r) => r.implementation.spec)).to.deep.equal(['node-als']);
    expect(locked()).to.equal(false);
  });
});

describe('malformed input the user gave: exit 2 with one line, never a stack (issue 20)', function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pep567-hostile-input-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });
  const oneLine = (r: { code: number | null; err: string }, pattern: RegExp) => {
    expect(r.code, r.err).to.equal(2);
    expect(r.err).not.to.match(/internal error|\n\s+at /);
    expect(r.err.split('\n')[0]).to.match(pattern);
  };

  it('a fixture nested 1,000 deep', () => {
    const f = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'getset', 'get-lookup-order.json'), 'utf8'));
    let body: unknown[] = [{ op: 'get', var: 'x' }];
    for (let i = 0; i < 1000; i++) body = [{ op: 'with_value', var: 'x', value: 1, body }];
    f.program = [...f.program, ...body];
    mkdirSync(join(dir, 'fixtures', 'getset'), { recursive: true });
    writeFileSync(join(dir, 'fixtures', 'getset', 'deep.json'), JSON.stringify(f));
    oneLine(runCli(['run', '--fixtures', join(dir, 'fixtures'), '--report', join(dir, 'report')]), /^pep567: malformed fixture: .*deep\.json: \/: nested more than 200 levels deep$/);
  });

  it('--expectations naming a folder', () => {
    oneLine(runCli(['run', '--expectations', dir, '--report', join(dir, 'report')]), /^pep567: --expectations .*: is a folder, not an expectation file$/);
  });

  it('pep567 report on a report.json broken in each of several ways', () => {
    expect(runCli(['run', '--include', 'getset/*', '--report', dir]).code).to.equal(0);
    const good = readReport(dir);
    const broken: Record<string, unknown> = {
      'runs null': { ...good, runs: null },
      'results a string': { ...good, runs: good.runs.map((r) => ({ ...r, results: 'x' })) },
      'a result null': { ...good, runs: good.runs.map((r) => ({ ...r, results: [null] })) },
      'implementation null': { ...good, runs: good.runs.map((r) => ({ ...r, implementation: null })) },
      'a status not a status': { ...good, runs: good.runs.map((r) => ({ ...r, results: r.results.map((x) => ({ ...x, status: 7 })) })) },
      'no counts': { ...good, counts: undefined },
      'summary null': { ...good, summary: null },
      'an array': [],
      'a number': 5,
    };
    for (const [what, report] of Object.entries(broken)) {
      const file = join(dir, `${what.replace(/ /g, '-')}.json`);
      writeFileSync(file, JSON.stringify(report));
      const r = runCli(['report', file, '--format', 'html,md,junit', '--out', join(dir, 'out')]);
      expect(r.code, `${what}: ${r.err}`).to.equal(2);
      expect(r.err, what).not.to.match(/internal error|\n\s+at /);
      expect(r.err.split('\n')[0], what).to.match(/^pep567: .*: not a (valid )?report/);
    }
  });
});
