import { expect } from 'chai';
import { loadAll } from '../../harness/scenarios/load.ts';
import { scenarioHash } from '../../harness/primitives/canonical.ts';
import { inRange } from '../../harness/primitives/version-range.ts';
import { canonicalReference, listReferences, loadTrace, traceIds } from '../../harness/traces/traces.ts';
import { TRACE_FORMAT } from '../../harness/format/trace.ts';

const RERECORD = 'run `npx pep567 record` and commit reference/traces';

describe('reference traces', () => {
  const { scenarios } = loadAll();
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const refs = listReferences();

  it('include a canonical CPython reference', () => {
    expect(canonicalReference(), `no CPython reference is recorded: ${RERECORD}`).to.not.equal(undefined);
  });

  it('cover every fixture in range of the canonical reference', () => {
    const canon = canonicalReference();
    if (!canon) return;
    const missing = scenarios.filter((s) => inRange(canon.version, s.scenario.python) && !loadTrace(canon, s.id)).map((s) => s.id);
    expect(missing, `fixtures without a trace in ${canon.dir}: ${RERECORD}`).to.deep.equal([]);
  });

  it('each belong to an existing fixture in range of its Python', () => {
    const orphans: string[] = [];
    for (const ref of refs) {
      for (const id of traceIds(ref)) {
        const s = byId.get(id);
        if (!s) orphans.push(`${ref.dir}/${id}: no fixture`);
        else if (ref.name === 'cpython' && !inRange(ref.version, s.scenario.python)) orphans.push(`${ref.dir}/${id}: out of range ${s.scenario.python}`);
      }
    }
    expect(orphans, `stale traces: ${RERECORD}`).to.deep.equal([]);
  });

  it('were recorded from the current fixture (scenarioHash) and name it', () => {
    const stale: string[] = [];
    for (const ref of refs) {
      for (const id of traceIds(ref)) {
        const s = byId.get(id);
        if (!s) continue;
        const t = loadTrace(ref, id)!;
        if (t.format !== TRACE_FORMAT || t.scenario !== id) stale.push(`${ref.dir}/${id}: format ${t.format}, scenario ${t.scenario}`);
        else if (t.scenarioHash !== scenarioHash(s.scenario)) stale.push(`${ref.dir}/${id}: fixture changed since recording`);
        else if (`${t.implementation.name}-${t.implementation.version}` !== ref.dir) stale.push(`${ref.dir}/${id}: recorded by ${t.implementation.name}-${t.implementation.version}`);
      }
    }
    expect(stale, `out-of-date traces: ${RERECORD}`).to.deep.equal([]);
  });
});
