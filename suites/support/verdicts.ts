/** Every scenario's verdict for one implementation against the canonical reference, at the semantic level, through the run's own path. */
import { loadAll } from '../../harness/scenarios/load.ts';
import { openSource } from '../../harness/implementations/table.ts';
import { canonicalReference, loadTrace } from '../../harness/traces/traces.ts';
import type { ScenarioResult } from '../../harness/report/report.ts';
import { runScenario } from '../../harness/run/scenario.ts';

export async function verdictsFor(spec: string): Promise<Map<string, ScenarioResult>> {
  const reference = canonicalReference()!;
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
