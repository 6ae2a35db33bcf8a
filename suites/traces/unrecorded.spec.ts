import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UNRECORDED_FORMAT, type Trace } from '../../harness/format/trace.ts';
import type { LoadedScenario } from '../../harness/scenarios/load.ts';
import { loadAll } from '../../harness/scenarios/load.ts';
import { scenarioHash } from '../../harness/primitives/canonical.ts';
import { inRange } from '../../harness/primitives/version-range.ts';
import { compareTrees, recordInto, type PythonRecord } from '../../harness/traces/record.ts';
import { jsonIds, listReferences, loadTrace, readUnrecorded, TRACES_DIR, UNRECORDED_FILE } from '../../harness/traces/traces.ts';

const RERECORD = 'run `npx pep567 record --pyodide` and commit reference/traces';

const scenario = (id: string, features: string[]): LoadedScenario => {
  const s = { title: id, spec: { section: 's', catalog: [] }, features, program: [] };
  return { id, file: `${id}.json`, area: id.split('/')[0]!, scenario: s as unknown as LoadedScenario['scenario'], hash: scenarioHash(s) };
};

describe('the manifest of the scenarios a reference did not record (unrecorded.json)', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'pep567-unrecorded-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A recording where `lacking` features make a scenario unrecordable in range; `a/old` is out of range. */
  const record = async (dir: string, scenarios: LoadedScenario[], owned: (id: string) => boolean = () => true) => {
    const result: PythonRecord = { python: { path: 'fake', name: 'fake', version: '3.14.0', dir: 'fake-3.14.0' }, recorded: [], skipped: [], failed: [], deleted: [], ms: 0 };
    await recordInto(join(dir, 'fake-3.14.0'), scenarios, owned, result,
      (s) => (s.id === 'a/old' ? { reason: 'requires <3.8', inRange: false }
        : s.scenario.features.includes('eager_tasks') ? { reason: 'requires eager_tasks (not here)', inRange: true } : undefined),
      async (s) => ({ format: 'pep567-trace/1', scenario: s.id, scenarioHash: s.hash, implementation: { name: 'fake', version: '3.14.0' }, recorder: 't', observations: [] }) as Trace);
    return result;
  };
  const manifest = (dir = root) => readUnrecorded(join(dir, 'fake-3.14.0'));

  it('lists each scenario in range that was not recorded, with its hash and reason, and never one out of range', async () => {
    const r = await record(root, [scenario('a/old', []), scenario('b/eager', ['eager_tasks']), scenario('a/plain', [])]);
    expect(r.recorded).to.deep.equal(['a/plain']);
    expect(r.skipped).to.deep.equal([{ id: 'a/old', reason: 'requires <3.8' }, { id: 'b/eager', reason: 'requires eager_tasks (not here)', unrecordable: true }]);
    expect(manifest()).to.deep.equal({ format: UNRECORDED_FORMAT, unrecorded: [{ scenario: 'b/eager', scenarioHash: scenario('b/eager', ['eager_tasks']).hash, reason: 'requires eager_tasks (not here)' }] });
    const text = readFileSync(join(root, 'fake-3.14.0', UNRECORDED_FILE), 'utf8');
    expect(text).to.equal(JSON.stringify(manifest(), null, 2) + '\n');
    expect(jsonIds(join(root, 'fake-3.14.0')), 'the manifest is not taken for a trace').to.deep.equal(['a/plain']);
  });

  it('keeps the entries a narrower recording (--include) does not own, and drops those it owns and recorded', async () => {
    await record(root, [scenario('b/eager', ['eager_tasks']), scenario('c/eager', ['eager_tasks'])]);
    await record(root, [scenario('c/eager', [])], (id) => id.startsWith('c/'));
    expect(manifest()!.unrecorded.map((u) => u.scenario)).to.deep.equal(['b/eager']);
  });

  it('record --check names a manifest that is missing or differs, within what it owns', async () => {
    const fresh = join(root, 'fresh'), committed = join(root, 'committed');
    await record(fresh, [scenario('b/eager', ['eager_tasks']), scenario('a/plain', [])]);
    await record(committed, [scenario('a/plain', [])]);
    const file = `fake-3.14.0/${UNRECORDED_FILE}`;
    expect(compareTrees(fresh, committed, ['fake-3.14.0'])).to.deep.equal([{ kind: 'differs', file }]);
    expect(compareTrees(fresh, committed, ['fake-3.14.0'], (id) => id.startsWith('a/'))).to.deep.equal([]);
    rmSync(join(committed, file));
    expect(compareTrees(fresh, committed, ['fake-3.14.0'], (id) => id.startsWith('a/'))).to.deep.equal([{ kind: 'missing', file }]);
    writeFileSync(join(committed, file), readFileSync(join(fresh, file)));
    expect(compareTrees(fresh, committed, ['fake-3.14.0'])).to.deep.equal([]);
  });

  it('is written for every committed reference, lists only current scenarios in its range, none of them with a trace', () => {
    const { scenarios } = loadAll();
    const byId = new Map(scenarios.map((s) => [s.id, s]));
    const wrong: string[] = [];
    for (const ref of listReferences()) {
      const m = readUnrecorded(join(TRACES_DIR, ref.dir));
      if (!m) { wrong.push(`${ref.dir}: no ${UNRECORDED_FILE}`); continue; }
      for (const u of m.unrecorded) {
        const s = byId.get(u.scenario);
        if (!s) wrong.push(`${ref.dir}: ${u.scenario} has no fixture`);
        else if (u.scenarioHash !== s.hash) wrong.push(`${ref.dir}: ${u.scenario} changed since the recorder judged it`);
        else if (!inRange(ref.version, s.scenario.python)) wrong.push(`${ref.dir}: ${u.scenario} is out of range`);
        else if (loadTrace(ref, u.scenario)) wrong.push(`${ref.dir}: ${u.scenario} is listed and has a trace`);
      }
    }
    expect(wrong, RERECORD).to.deep.equal([]);
  });
});
