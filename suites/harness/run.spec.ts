import { expect } from 'chai';
import { join } from 'node:path';
import type { Adapter } from '../../harness/contract/adapter.ts';
import { loadScenarioFile, FIXTURES_DIR } from '../../harness/scenarios/load.ts';
import { parseReference } from '../../harness/traces/traces.ts';
import { runScenario } from '../../harness/run/scenario.ts';
import { createTestAdapter, type Breakage } from './support/als-adapter.ts';
import { pythonVersion, record } from './support/recorder.ts';

const load = (id: string) => loadScenarioFile(join(FIXTURES_DIR, `${id}.json`));
const factory = (b: Breakage = {}) => async (): Promise<Adapter> => createTestAdapter({}, b);

describe('runScenario', function () {
  this.timeout(30000);
  const reference = parseReference(`cpython-${pythonVersion()}`);
  const copyAtCreation = load('tasks/copy-at-creation');
  const invisible = load('tasks/child-changes-invisible-to-parent');
  const unset = load('getset/get-unset-raises-lookup-error');
  const traces = { copyAtCreation: record(copyAtCreation.file), invisible: record(invisible.file), unset: record(unset.file) };

  it('PASS when a conforming adapter matches the recorded CPython trace', async () => {
    const r = await runScenario(copyAtCreation, { reference, trace: traces.copyAtCreation, level: 'semantic', adapter: factory() });
    expect(r).to.include({ status: 'PASS', id: 'tasks/copy-at-creation', area: 'tasks', reference: reference.dir, level: 'semantic' });
    expect(r.durationMs).to.be.a('number');
  });

  it('FAIL with the first divergence when tasks leak into their parent', async () => {
    const r = await runScenario(invisible, { reference, trace: traces.invisible, level: 'semantic', adapter: factory({ tasksShareContext: true }) });
    expect(r.status).to.equal('FAIL');
    expect(r.divergence).to.include({ task: 'main', reason: 'value' });
    expect(r.divergence!.expected!.value).to.equal('parent');
    expect(r.divergence!.actual!.value).to.equal('child');
  });

  it('PASS at the semantic level keeps message differences; strict fails on them', async () => {
    const a = createTestAdapter();
    const classify = a.classifyError;
    a.classifyError = (e) => { const c = classify(e); return c && { ...c, message: 'no value' }; };
    const semantic = await runScenario(unset, { reference, trace: traces.unset, level: 'semantic', adapter: async () => a });
    expect(semantic.status).to.equal('PASS');
    expect(semantic.messageDifferences!.length).to.be.greaterThan(0);
    expect(semantic.messageDifferences![0]).to.include({ kind: 'LookupError', actual: 'no value' });
    const strict = await runScenario(unset, { reference, trace: traces.unset, level: 'strict', adapter: async () => a });
    expect(strict.status).to.equal('FAIL');
    expect(strict.divergence!.reason).to.equal('message');
  });

  it('UNSUPPORTED with the missing features, without running anything', async () => {
    let ran = false;
    const a = createTestAdapter();
    a.runMain = async () => { ran = true; };
    const r = await runScenario(load('taskgroup/children-isolated'), { reference, trace: undefined, level: 'semantic', adapter: async () => a });
    expect(r.status).to.equal('UNSUPPORTED');
    expect(r.missingFeatures).to.include('task_group');
    expect(ran).to.equal(false);
  });

  it('SKIPPED when the python range excludes the reference version', async () => {
    const r = await runScenario(load('tokens/with-token-restores-default'), { reference: parseReference('cpython-3.11.7'), trace: undefined, level: 'semantic', adapter: factory() });
    expect(r.status).to.equal('SKIPPED');
    expect(r.error).to.contain('>=3.14');
  });

  it('STALLED when the scenario never settles with nothing scheduled (as in a host), and the next scenario still runs', async () => {
    const r = await runScenario(copyAtCreation, { reference, trace: traces.copyAtCreation, level: 'semantic', timeoutMs: 150, adapter: factory({ hang: true }) });
    expect(r.status).to.equal('STALLED');
    expect(r.error).to.contain('every task waits and nothing is scheduled');
    const next = await runScenario(copyAtCreation, { reference, trace: traces.copyAtCreation, level: 'semantic', adapter: factory() });
    expect(next.status).to.equal('PASS');
  });

  it('ERROR with the stack when the adapter cannot classify an error', async () => {
    const r = await runScenario(unset, { reference, trace: traces.unset, level: 'semantic', adapter: factory({ unclassifiedLookup: true }) });
    expect(r.status).to.equal('ERROR');
    expect(r.error).to.contain('could not classify').and.contain('nothing there').and.contain('als-adapter.ts');
  });

  it('ERROR for a missing or stale reference trace', async () => {
    const missing = await runScenario(copyAtCreation, { reference, trace: undefined, level: 'semantic', adapter: factory() });
    expect(missing).to.include({ status: 'ERROR' });
    expect(missing.error).to.contain('no reference trace');
    const stale = await runScenario(copyAtCreation, { reference, trace: { ...traces.copyAtCreation, scenarioHash: '0'.repeat(64) }, level: 'semantic', adapter: factory() });
    expect(stale.error).to.contain('stale');
  });

  it('SEMANTICS_DIFFER with the reason when a needed feature differs on purpose; UNSUPPORTED wins when another is missing', async () => {
    const base = createTestAdapter({});
    const differing = { ...base, features: base.features.filter((f) => f !== 'tasks'), differs: { tasks: 'tasks restore the context around every await' } };
    const r = await runScenario(copyAtCreation, { reference, trace: traces.copyAtCreation, level: 'semantic', adapter: async () => differing });
    expect(r).to.include({ status: 'SEMANTICS_DIFFER', reason: 'tasks: tasks restore the context around every await' });
    const lacking = { ...differing, features: differing.features.filter((f) => f !== 'vars') };
    const u = await runScenario(copyAtCreation, { reference, trace: traces.copyAtCreation, level: 'semantic', adapter: async () => lacking });
    expect(u).to.include({ status: 'UNSUPPORTED' });
    // Without `vars` nothing implies `set` (harness/format/implied.ts), so both are missing.
    expect(u.missingFeatures).to.deep.equal(['vars', 'set']);
  });

  it('FAIL carries both whole traces for side-by-side views', async () => {
    const r = await runScenario(invisible, { reference, trace: traces.invisible, level: 'semantic', adapter: factory({ tasksShareContext: true }) });
    expect(r.traces!.expected).to.deep.equal(traces.invisible.observations);
    expect(r.traces!.actual.length).to.be.greaterThan(0);
  });
});
