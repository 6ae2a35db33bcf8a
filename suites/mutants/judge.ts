/**
 * Judges an adapter factory on every fixture against one recorded reference, from the stable
 * pieces only (interpreter, comparator, trace lookup), so these specs do not depend on how the
 * run command reports.
 */
import type { AdapterFactory } from '../../harness/contract/adapter.ts';
import { compareObservations, type Level } from '../../harness/compare/index.ts';
import { loadAll } from '../../harness/scenarios/load.ts';
import { inRange } from '../../harness/primitives/version-range.ts';
import { interpret } from '../../harness/interpreter/index.ts';
import { loadTrace, type ReferenceId } from '../../harness/traces/traces.ts';

export type Verdict = 'PASS' | 'FAIL' | 'ERROR' | 'SKIPPED' | 'NO_TRACE';

export interface Judged { id: string; verdict: Verdict; detail?: string }

export async function judgeAll(factory: AdapterFactory, reference: ReferenceId, level: Level): Promise<Judged[]> {
  const out: Judged[] = [];
  for (const s of loadAll().scenarios) {
    if (!inRange(reference.version, s.scenario.python)) { out.push({ id: s.id, verdict: 'SKIPPED' }); continue; }
    const trace = loadTrace(reference, s.id);
    if (!trace || trace.scenarioHash !== s.hash) { out.push({ id: s.id, verdict: 'NO_TRACE' }); continue; }
    const adapter = await factory({ reference: { name: reference.name, version: reference.version } });
    const r = await interpret(adapter, { id: s.id, hash: s.hash, scenario: s.scenario });
    if (r.problems.length) { out.push({ id: s.id, verdict: 'ERROR', detail: r.problems[0]!.message }); continue; }
    const c = compareObservations(trace.observations, r.trace.observations, { level, ordered: (s.scenario.flags ?? []).includes('ordered') });
    out.push(c.pass ? { id: s.id, verdict: 'PASS' } : { id: s.id, verdict: 'FAIL', detail: JSON.stringify(c.divergence) });
  }
  return out;
}
