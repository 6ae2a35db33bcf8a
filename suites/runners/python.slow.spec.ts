/**
 * python:PATH end to end on every installed interpreter: each CPython pyenv has against the
 * CPython reference of its version, and PyPy from Debian on every scenario its version allows.
 * Slow group: the subject is the real interpreters themselves (python.spec.ts checks python3).
 */
import { expect } from 'chai';
import { runCli } from '../support/cli.ts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAll } from '../../harness/run/run.ts';
import { matchingReference } from '../../harness/run/reference.ts';
import { applySelection, loadScenarios } from '../../harness/run/select.ts';
import { pythonResolver } from '../../harness/runners/python.ts';
import type { Report } from '../../harness/report/report.ts';

const which = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || undefined;

describe('runners: python:PATH on every installed interpreter', function () {
  this.timeout(300000);

  it('lists every installed interpreter once for --all, and each runs against the CPython of its version', async () => {
    const specs = await pythonResolver.instances!();
    expect(specs).to.include('python:python3');
    const scenarios = applySelection(loadScenarios(), { include: 'getset/**' });
    for (const spec of specs) {
      const version = (await pythonResolver.pythonVersion!(spec))!;
      const reference = matchingReference(version);
      if (!reference) continue; // e.g. a Python with no recorded CPython of its minor version
      const source = await pythonResolver.open(spec, { reference: { name: reference.name, version: reference.version } });
      try {
        const run = await runAll({ source, reference, level: 'semantic', scenarios, timeoutMs: 10000 });
        expect(run.counts.PASS, `${spec} against ${reference.dir}`).to.equal(scenarios.length);
      } finally {
        await source.close();
      }
    }
  });

  it('runs PyPy on every scenario its version allows: semantic passes, message differences apart, exit 0', function () {
    const pypy = which('pypy3');
    if (!pypy) this.skip(); // .ci/setup.d/pypy.sh installs it
    const out = mkdtempSync(join(tmpdir(), 'pep567-pypy-'));
    // PyPy has no reference counting: a failed task nobody keeps is reported to the loop's exception
    // handler only when the GC frees it, and a dropped async generator is finalised only then, in
    // whatever context is current at that moment, not during the scenario (harness/adapters/FINDINGS.md).
    const GC_TIMED = ['handler/unretrieved-task-error-handler-context', 'handler/only-unretrieved-errors-reach-the-handler',
      'async-generators/finalised-after-a-drop-in-its-task', 'async-generators/finalised-by-the-loop-after-its-task-ended'];
    const gc = runCli(['run', '--impl', `python:${pypy}`, ...GC_TIMED.flatMap((id) => ['--include', id]), '--report', mkdtempSync(join(tmpdir(), 'pep567-pypy-gc-'))], { timeout: 120000 });
    expect(gc.code, gc.out + gc.err).to.equal(1);
    for (const id of GC_TIMED) expect(gc.out).to.contain(`FAIL ${id}`);
    const r = runCli(['run', '--impl', `python:${pypy}`, ...GC_TIMED.flatMap((id) => ['--exclude', id]), '--report', out], { timeout: 120000 });
    expect(r.code, r.out + r.err).to.equal(0);
    expect(r.out).to.match(/error messages that differ from cpython-3\.9\.\d+/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    const [run] = report.runs;
    expect(run!.implementation).to.include({ name: 'pypy', kind: 'runner' });
    expect(run!.reference).to.include({ name: 'cpython', chosen: 'matching' });
    expect(run!.reference.version).to.match(/^3\.9\./);
    expect(run!.counts.FAIL + run!.counts.ERROR + run!.counts.CRASH + run!.counts.TIMEOUT + run!.counts.PROTOCOL_ERROR).to.equal(0);
    // Every scenario in 3.9's range ran; the rest are SKIPPED, none lost.
    const ran = run!.results.filter((x) => x.status !== 'SKIPPED').length;
    expect(ran).to.be.greaterThan(140);
    expect(run!.results.length).to.equal(loadScenarios().length - GC_TIMED.length);
    expect(run!.results.some((x) => (x.messageDifferences ?? []).length > 0)).to.equal(true);
  });
});
