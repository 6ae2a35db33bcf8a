/** A whole run: select scenarios, run each against a fresh adapter, collect a report. Nothing is dropped. */
import type { Level } from '../compare/compare.ts';
import { ADAPTER_CONTRACT_VERSION } from '../contract/adapter.ts';
import { loadAll, type LoadedScenario } from '../fixtures/load.ts';
import { INTERPRETER_VERSION } from '../interpreter/interpret.ts';
import { instantiate, type Implementation } from '../implementations/registry.ts';
import { loadTrace, type ReferenceId } from '../reference/traces.ts';
import { countStatuses, REPORT_FORMAT, summarize, type Report, type ScenarioResult } from '../report/format.ts';
import { UsageError } from '../cli/usage-error.ts';
import { globMatcher, GlobError } from './glob.ts';
import { DEFAULT_TIMEOUT_MS, runScenario } from './scenario.ts';

export interface RunOptions {
  implementation: Implementation;
  reference: ReferenceId;
  level: Level;
  include?: string;
  timeoutMs?: number;
  fixturesDir?: string;
  tracesDir?: string;
  /** Called after each scenario, e.g. for progress output. */
  onResult?: (r: ScenarioResult) => void;
}

/** The scenarios a run selects; malformed fixtures and bad globs are misuse (exit 2). */
export function selectScenarios(include: string | undefined, fixturesDir?: string): LoadedScenario[] {
  const { scenarios, errors } = loadAll(fixturesDir);
  if (errors.length) throw new UsageError(`malformed fixture: ${errors[0]!.message.split('\n')[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`);
  if (include === undefined) return scenarios;
  let match: (id: string) => boolean;
  try { match = globMatcher(include); } catch (e) { if (e instanceof GlobError) throw new UsageError(e.message); throw e; }
  const chosen = scenarios.filter((s) => match(s.id));
  if (!chosen.length) throw new UsageError(`--include ${JSON.stringify(include)} matches no scenario`);
  return chosen;
}

export async function runAll(o: RunOptions): Promise<Report> {
  const scenarios = selectScenarios(o.include, o.fixturesDir);
  // One adapter up front: checks the contract version and names the implementation in the report.
  const options = { reference: { name: o.reference.name, version: o.reference.version } };
  const probe = await instantiate(o.implementation, options);
  const guard = (_: unknown) => { /* an adapter's stray rejection must not end the run; the scenario's own result shows the effect */ };
  process.on('unhandledRejection', guard);
  const results: ScenarioResult[] = [];
  try {
    for (const s of scenarios) {
      const r = await runScenario(s, {
        reference: o.reference,
        trace: loadTrace(o.reference, s.id, o.tracesDir),
        level: o.level,
        timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        adapter: (opts) => instantiate(o.implementation, opts),
      });
      results.push(r);
      o.onResult?.(r);
    }
  } finally {
    process.off('unhandledRejection', guard);
  }
  const counts = countStatuses(results);
  return {
    format: REPORT_FORMAT,
    createdAt: new Date().toISOString(),
    harness: { interpreter: INTERPRETER_VERSION, contract: ADAPTER_CONTRACT_VERSION },
    implementation: { spec: o.implementation.spec, name: probe.name, version: probe.version, contract: probe.contract },
    reference: { dir: o.reference.dir, name: o.reference.name, version: o.reference.version },
    level: o.level,
    selection: { include: o.include ?? null, scenarios: scenarios.length },
    timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    counts,
    summary: summarize(counts),
    results,
  };
}

