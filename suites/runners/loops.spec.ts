/**
 * The loop and task-factory rows (harness/runners/python-loops.ts): uvloop, eager:VERSION and trio are
 * the recorder with one part swapped. Each reports every selected scenario with a status, against
 * the CPython of its Python version; a missing part is a reason, never a silent pass.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { RECORDER_PATH } from '../../harness/pythons/python-runner.ts';
import { UsageError } from '../../harness/primitives/usage-error.ts';
import { findResolver } from '../../harness/implementations/table.ts';
import { runAll } from '../../harness/run/run.ts';
import { matchingReference } from '../../harness/run/reference.ts';
import { applySelection, loadScenarios } from '../../harness/run/select.ts';
import { eagerResolver, trioResolver, uvloopResolver } from '../../harness/runners/python-loops.ts';

const REF = { reference: { name: 'cpython', version: '3.13.0' } };
const STATUSES = ['PASS', 'FAIL', 'UNSUPPORTED', 'SKIPPED', 'SEMANTICS_DIFFER'];

async function runRow(spec: string, include: string[]) {
  const row = await findResolver(spec);
  const version = (await row.pythonVersion!(spec))!;
  const reference = matchingReference(version)!;
  const scenarios = applySelection(loadScenarios(), { include });
  const source = await row.open(spec, { reference: { name: reference.name, version: reference.version } });
  try {
    const run = await runAll({ source, reference, level: 'semantic', scenarios, timeoutMs: 15000 });
    expect(run.results.length).to.equal(scenarios.length);
    for (const r of run.results) expect(STATUSES, `${spec} ${r.id}: ${r.status}`).to.include(r.status);
    return { source, run, reference };
  } finally {
    await source.close();
  }
}

const status = (run: { results: { id: string; status: string }[] }, id: string) => run.results.find((r) => r.id === id)?.status;

describe('runners: uvloop, eager:VERSION, trio', function () {
  this.timeout(180000);

  it('the recorder refuses an unknown or unusable loop with a reason and exit 2', () => {
    const unknown = spawnSync('python3', [RECORDER_PATH, '--loop', 'nope', '--serve'], { encoding: 'utf8', input: '' });
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.match(/unknown loop nope: expected asyncio, uvloop, eager or trio/);
    const old = spawnSync('python3', ['-c', 'import asyncio, sys; sys.exit(0 if hasattr(asyncio, "eager_task_factory") else 1)']);
    if (old.status === 1) {
      const eager = spawnSync('python3', [RECORDER_PATH, '--loop', 'eager', '--features'], { encoding: 'utf8' });
      expect(eager.status).to.equal(2);
      expect(eager.stderr).to.match(/eager_task_factory needs Python 3\.12\+/);
    }
  });

  it('refuses a malformed or uninstalled eager version, and --runtime', async () => {
    const refused = async (spec: string, runtime?: string) => {
      const e = await eagerResolver.open(spec, { ...REF, ...(runtime ? { runtime } : {}) }).then(() => undefined, (x: unknown) => x);
      expect(e, spec).to.be.instanceOf(UsageError);
      return (e as Error).message;
    };
    expect(await refused('eager:3.12')).to.match(/expected eager:VERSION/);
    expect(await refused('eager:3.99.0')).to.match(/no CPython 3\.99\.0 with eager tasks is installed/);
    const [first] = await eagerResolver.instances!();
    if (first) expect(await refused(first, 'node24')).to.match(/--runtime node24 does not apply/);
  });

  it('eager rows: one per CPython 3.12+, the eager first step in the task\'s copy, lazy-only traces failing', async function () {
    const specs = await eagerResolver.instances!();
    if (!specs.length) this.skip();
    for (const spec of specs) {
      const { run, reference } = await runRow(spec, ['eager/**', 'tasks/**']);
      expect(reference.version).to.equal(spec.slice('eager:'.length));
      expect(status(run, 'eager/first-step-in-task-copy'), spec).to.equal('PASS');
      // The first step runs inside create_task: the lazy trace of this scenario is not the eager one.
      expect(status(run, 'tasks/explicit-context-changed-before-first-step'), spec).to.equal('FAIL');
      expect(status(run, 'tasks/copy-at-creation'), spec).to.equal('PASS');
    }
  });

  it('uvloop: compared with the nearest CPython of its version; the handler context differs', async function () {
    if (!(await uvloopResolver.instances!()).length) this.skip();
    const { run, source, reference } = await runRow('uvloop', ['handler/**', 'callbacks/**', 'tasks/**']);
    expect(source.info.name).to.equal('uvloop');
    expect(reference.version.split('.').slice(0, 2)).to.deep.equal((await uvloopResolver.pythonVersion!('uvloop'))!.split('.').slice(0, 2));
    expect(status(run, 'handler/failing-callback-handler-context')).to.equal('FAIL');
    expect(status(run, 'callbacks/done-callback-copies-at-registration')).to.equal('PASS');
  });

  it('trio: tasks copy at start_soon; what trio lacks is UNSUPPORTED', async function () {
    if (!(await trioResolver.instances!()).length) this.skip();
    const { run } = await runRow('trio', ['tasks/**', 'callbacks/**', 'tutorial/**']);
    expect(status(run, 'tasks/copy-at-creation')).to.equal('PASS');
    expect(status(run, 'callbacks/copies-at-scheduling')).to.equal('UNSUPPORTED');
    expect(run.results.filter((r) => r.id.startsWith('tutorial/')).every((r) => r.status === 'PASS')).to.equal(true);
  });
});
