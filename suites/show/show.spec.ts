/**
 * `pep567 show`: every fixture written out as Python runs under python3 and prints exactly the
 * observations the recorder recorded for that python3's version (all programs in one process).
 * The other CPythons run them in the slow group (show-pythons.slow.spec.ts).
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listReferences, loadTrace } from '../../harness/traces/traces.ts';
import { recordCommand } from '../../harness/cli/commands/record.ts';
import { cli } from '../report/support/reports.ts';
import { writeHostileFixtures } from '../report/support/hostile.ts';
import { disagreements } from './support/disagreements.ts';

const version = execFileSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
const reference = listReferences().find((r) => r.dir === `cpython-${version}`);

describe('pep567 show: the scenario as the Python program the recorder runs', function () {
  this.timeout(180000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-show-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`for every fixture, the program run by python3 ${version} prints the observations of reference/traces/cpython-${version}`, async function () {
    if (!reference) this.skip();
    const { checked, total, wrong } = await disagreements(dir, 'python3', reference!);
    // Only the scenarios whose python range excludes this version have no trace.
    expect(checked).to.be.greaterThan(total * 0.8);
    expect(wrong).to.deep.equal([]);
  });

  it('prints, for one id, a program that runs as shown (recorded values and trace are comments) and observes what it shows', async () => {
    const r = await cli(['show', 'tokens/reset-missing-removes']);
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/^async def program\(path\):/m);
    expect(r.out).to.match(/observe\(path, "\/program\/7", "get", var\["v"\]\.get\(\)\)  # cpython-[\d.]+: main #3 → 7$/m);
    const traceLines = r.out.split('\n').filter((l) => l.startsWith('# {"task"')).map((l) => JSON.parse(l.slice(2)));
    expect(traceLines.length).to.be.greaterThan(3);
    const f = join(dir, 'shown.py');
    writeFileSync(f, r.out);
    const printed = execFileSync('python3', [f], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
    // The canonical trace and python3's agree on this scenario (no version difference in it).
    expect(printed).to.deep.equal(traceLines);
  });

  it('writes hostile names, values and titles (markup, control characters, line breaks) as valid Python that observes what the recorder did', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pep567-show-hostile-'));
    try {
      const fixtures = join(root, 'fixtures'), traces = join(root, 'traces');
      const ids = writeHostileFixtures(fixtures);
      const quiet = () => {};
      expect(await recordCommand({ python: ['python3'], discover: false, fixturesDir: fixtures, tracesDir: traces, out: quiet, err: quiet })).to.equal(0);
      const ref = listReferences(traces).find((r) => r.dir === `cpython-${version}`)!;
      for (const id of ids) {
        const r = await cli(['show', id, '--fixtures', fixtures, '--traces', traces, '--reference', ref.dir]);
        expect(r.code, r.err).to.equal(0);
        // eslint-disable-next-line no-control-regex
        expect(r.out).to.not.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
        const f = join(root, 'shown.py');
        writeFileSync(f, r.out);
        const printed = execFileSync('python3', [f], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
        expect(printed, id).to.deep.equal(loadTrace(ref, id, traces)!.observations);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('takes a fixture path, and exits 2 with a reason for an unknown id or a folder', async () => {
    const byPath = await cli(['show', 'fixtures/tokens/reset-missing-removes.json', '--program-only']);
    expect(byPath.code).to.equal(0);
    expect(byPath.out).to.not.include('# {"task"');
    expect(byPath.out).to.not.match(/# cpython-/);
    const unknown = await cli(['show', 'tokens/no-such-scenario']);
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.match(/^pep567: tokens\/no-such-scenario: not a scenario id/);
    const folder = await cli(['show', 'tokens']);
    expect(folder.code).to.equal(2);
    expect(folder.err).to.include('show takes one scenario');
  });

  it("names the reason a reference gave for not recording a scenario (its unrecorded.json), and the range otherwise", async () => {
    const eager = 'eager/body-awaiting-a-done-task-ends-in-create-task';
    const listed = await cli(['show', eager, '--reference', 'pyodide-3.14.2']);
    expect(listed.code).to.equal(0);
    expect(listed.out).to.include('pyodide-3.14.2 recorded no trace for it (its recorder could not: requires eager_tasks (not in Pyodide))');
    const js = await cli(['show', eager, '--reference', 'pyodide-3.14.2', '--js', '--impl', 'node-als']);
    expect(js.code).to.equal(2);
    expect(js.err).to.include('no trace recorded in pyodide-3.14.2 (its recorder could not: requires eager_tasks');
    const outOfRange = await cli(['show', 'tokens/with-token-attribute-error-before-3-11', '--reference', 'pyodide-3.14.2']);
    expect(outOfRange.out).to.match(/recorded no trace for it \(.*does not exist: see the scenario's python range\)/);
  });
});
