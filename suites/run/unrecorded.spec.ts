import { expect } from 'chai';
import { cpSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveImplementation } from '../../harness/inprocess/resolve.ts';
import { runAll } from '../../harness/run/run.ts';
import { runScenario } from '../../harness/run/scenario.ts';
import { applySelection, loadScenarios } from '../../harness/run/select.ts';
import { listReferences, loadUnrecorded, TRACES_DIR, UNRECORDED_FILE, type ReferenceId } from '../../harness/traces/traces.ts';

/**
 * A reference that cannot record a scenario (Pyodide has no eager tasks) says so in its folder's
 * unrecorded.json, written by `pep567 record --pyodide`: a run against it reads SKIPPED with the
 * recorder's reason. A trace missing without a recorded reason is a gap in the reference: ERROR.
 */
describe('a run against a reference that could not record a scenario', function () {
  this.timeout(60000);
  const pyodide = listReferences().filter((r) => r.name === 'pyodide').at(-1);
  const EAGER = 'eager/body-awaiting-a-resolved-future-ends-in-create-task';
  const RECORDED = 'futures/resolved-by-another-task';
  const scenarios = applySelection(loadScenarios(), { include: [EAGER, RECORDED] });
  const run = async (reference: ReferenceId, tracesDir?: string) => {
    const r = await runAll({ implementation: await resolveImplementation('model'), reference, level: 'strict', scenarios, tracesDir });
    return Object.fromEntries(r.results.map((x) => [x.id, x]));
  };
  let copy: string;
  beforeEach(() => { copy = mkdtempSync(join(tmpdir(), 'pep567-unrecorded-')); });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  before(function () { if (!pyodide) this.skip(); });

  it('is SKIPPED with the reason the Pyodide recorder wrote for an eager scenario', async () => {
    expect(scenarios.map((s) => s.id)).to.have.members([EAGER, RECORDED]);
    expect(loadUnrecorded(pyodide!).get(EAGER)?.reason).to.equal('requires eager_tasks (not in Pyodide)');
    const r = await run(pyodide!);
    expect(r[EAGER]).to.include({ status: 'SKIPPED', error: `${pyodide!.dir} did not record this scenario: requires eager_tasks (not in Pyodide)` });
    expect(r[RECORDED]!.status).to.equal('PASS');
  });

  it('is ERROR for a deleted trace the recorder gave no reason for, and for an eager one once the manifest is gone', async () => {
    cpSync(join(TRACES_DIR, pyodide!.dir), join(copy, pyodide!.dir), { recursive: true });
    unlinkSync(join(copy, pyodide!.dir, `${RECORDED}.json`));
    const deleted = await run(pyodide!, copy);
    expect(deleted[RECORDED]).to.include({ status: 'ERROR', error: `no reference trace recorded for ${RECORDED} in ${pyodide!.dir}` });
    expect(deleted[EAGER]!.status).to.equal('SKIPPED');
    unlinkSync(join(copy, pyodide!.dir, UNRECORDED_FILE));
    expect((await run(pyodide!, copy))[EAGER]!.status).to.equal('ERROR');
  });

  it('is ERROR when the reason was given for an earlier version of the scenario', async () => {
    const eager = scenarios.find((s) => s.id === EAGER)!;
    const unrecorded = { ...loadUnrecorded(pyodide!).get(EAGER)!, scenarioHash: '0'.repeat(64) };
    const model = await resolveImplementation('model');
    const r = await runScenario(eager, { reference: pyodide!, trace: undefined, unrecorded, level: 'strict', adapter: async (o) => model.createAdapter(o) });
    expect(r.status).to.equal('ERROR');
    expect(r.error).to.contain('earlier version of the scenario').and.contain('eager_tasks');
  });
});
