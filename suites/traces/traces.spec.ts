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

  it('show a Future refusing a second result (InvalidStateError) exactly in the scenarios that list future_states', () => {
    // future_states is a listed feature: no operation implies it, so CPython's traces say which scenarios need it.
    const refused = new Set<string>();
    for (const ref of refs) {
      for (const id of traceIds(ref)) {
        if (loadTrace(ref, id)!.observations.some((o) => o.error?.kind === 'InvalidStateError')) refused.add(id);
      }
    }
    const listing = scenarios.filter((s) => s.scenario.features.includes('future_states')).map((s) => s.id);
    expect(listing, 'scenarios listing future_states').to.have.members([...refused]);
    expect(listing, 'the futures scenarios that resolve a done Future').to.include.members(['futures/resolved-twice-second-raises', 'futures/resolved-twice-before-it-is-awaited']);
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
