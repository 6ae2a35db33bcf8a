/**
 * `pep567 show`: every fixture written out as Python runs under python3 and prints exactly the
 * observations the recorder recorded for that python3's version (all programs in one process).
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from '../../harness/scenarios/load.ts';
import { listReferences, loadTrace, type ReferenceId } from '../../harness/traces/traces.ts';
import { probe, pyenvPythons } from '../../harness/pythons/pythons.ts';
import { runPrograms } from '../../harness/show/batch.ts';
import { scenarioToPython } from '../../harness/show/python.ts';
import { recordCommand } from '../../harness/cli/commands/record.ts';
import { cli } from '../report/support/reports.ts';
import { writeHostileFixtures } from '../report/support/hostile.ts';

const version = execFileSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
const reference = listReferences().find((r) => r.dir === `cpython-${version}`);

describe('pep567 show: the scenario as the Python program the recorder runs', function () {
  this.timeout(180000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-show-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The fixtures with a trace in `ref`, each run as its shown program by `python`: the ones that printed something else. */
  async function disagreements(python: string, ref: ReferenceId): Promise<{ checked: number; total: number; wrong: string[] }> {
    const { scenarios, errors } = loadAll();
    expect(errors).to.deep.equal([]);
    const withTrace = scenarios.filter((s) => loadTrace(ref, s.id));
    const sub = mkdtempSync(join(dir, `${ref.dir}-`));
    const files = withTrace.map((s, i) => {
      const f = join(sub, `p${i}.py`);
      writeFileSync(f, scenarioToPython(s.id, s.scenario));
      return f;
    });
    const outputs = await runPrograms(python, files);
    expect(outputs.map((o) => o.file)).to.deep.equal(files);
    const wrong = withTrace.flatMap((s, i) => {
      const o = outputs[i]!;
      const want = loadTrace(ref, s.id)!.observations;
      if (o.error !== undefined) return [`${s.id}: ${o.error.split('\n').slice(-3).join(' ')}`];
      try { expect(o.observations).to.deep.equal(want); return []; } catch (e) { return [`${s.id}: ${(e as Error).message.slice(0, 300)}`]; }
    });
    return { checked: withTrace.length, total: scenarios.length, wrong };
  }

  it(`for every fixture, the program run by python3 ${version} prints the observations of reference/traces/cpython-${version}`, async function () {
    if (!reference) this.skip();
    const { checked, total, wrong } = await disagreements('python3', reference!);
    // Only the scenarios whose python range excludes this version have no trace.
    expect(checked).to.be.greaterThan(total * 0.8);
    expect(wrong).to.deep.equal([]);
  });

  it('and so does the program run by every other CPython pyenv has a reference folder for (the operations of 3.12+ among them)', async function () {
    const others: { python: string; ref: ReferenceId }[] = [];
    for (const python of await pyenvPythons()) {
      const info = await probe(python);
      const ref = typeof info === 'string' || info.name !== 'cpython' || info.version === version ? undefined : listReferences().find((r) => r.dir === info.dir);
      if (ref && !others.some((o) => o.ref.dir === ref.dir)) others.push({ python, ref });
    }
    if (!others.length) this.skip();
    const wrong: string[] = [];
    for (const { python, ref } of others) wrong.push(...(await disagreements(python, ref)).wrong.map((w) => `${ref.dir}: ${w}`));
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
});
