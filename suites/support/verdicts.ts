/**
 * Every scenario's verdict for one implementation against the canonical reference, at the semantic
 * level, through the run's own path. An implementation the README matrix shows is judged in that
 * run, made once for every spec file (shared-run.ts); any other runs here, in a host of its own.
 */
import { loadAll } from '../../harness/scenarios/load.ts';
import { openSource } from '../../harness/implementations/table.ts';
import { canonicalReference, loadTrace } from '../../harness/traces/traces.ts';
import type { ScenarioResult } from '../../harness/report/report.ts';
import { README_SPECS } from '../../harness/run/readme.ts';
import { runScenario } from '../../harness/run/scenario.ts';
import { readmeRun } from './shared-run.ts';

export async function verdictsFor(spec: string): Promise<Map<string, ScenarioResult>> {
  const reference = canonicalReference()!;
  if (README_SPECS.includes(spec)) {
    const run = (await readmeRun()).runs.find((r) => r.implementation.spec === spec)!;
    if (run.reference.dir !== reference.dir) throw new Error(`the README run judged ${spec} against ${run.reference.dir}, not the canonical ${reference.dir}`);
    return new Map(run.results.map((r) => [r.id, r]));
  }
  const { source } = await openSource(spec, { reference });
  const verdicts = new Map<string, ScenarioResult>();
  try {
    for (const s of loadAll().scenarios)
      verdicts.set(s.id, await runScenario(s, { reference, trace: loadTrace(reference, s.id), level: 'semantic', source }));
  } finally {
    await source.close();
  }
  return verdicts;
}
