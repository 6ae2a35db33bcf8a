/** Running one scenario against one implementation and judging it against the reference trace. */
import type { Adapter, AdapterOptions } from '../contract/adapter.ts';
import { compareObservations, type Level } from '../compare/compare.ts';
import type { LoadedScenario } from '../fixtures/load.ts';
import { inRange } from '../fixtures/version-range.ts';
import type { Trace } from '../format/trace.ts';
import { interpret } from '../interpreter/interpret.ts';
import { missingFeatures } from '../interpreter/features.ts';
import { stackOf } from '../interpreter/errors.ts';
import type { ReferenceId } from '../reference/traces.ts';
import type { ScenarioResult } from '../report/format.ts';
import { withTimeout } from './timeout.ts';

export const DEFAULT_TIMEOUT_MS = 5000;

export interface ScenarioRunOptions {
  reference: ReferenceId;
  /** The reference trace of this scenario, undefined when none is recorded. */
  trace: Trace | undefined;
  level: Level;
  timeoutMs?: number;
  /** Makes a fresh adapter for the scenario, so no state leaks from one scenario into the next. */
  adapter: (options: AdapterOptions) => Promise<Adapter>;
}

export async function runScenario(s: LoadedScenario, o: ScenarioRunOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const base = { id: s.id, area: s.area, title: s.scenario.title, reference: o.reference.dir, level: o.level };
  const done = (extra: Partial<ScenarioResult> & Pick<ScenarioResult, 'status'>): ScenarioResult =>
    ({ ...base, ...extra, durationMs: Math.round((performance.now() - started) * 10) / 10 });

  if (!inRange(o.reference.version, s.scenario.python))
    return done({ status: 'SKIPPED', error: `python ${s.scenario.python} excludes ${o.reference.dir}` });

  let adapter: Adapter;
  try { adapter = await o.adapter({ reference: { name: o.reference.name, version: o.reference.version } }); }
  catch (e) { return done({ status: 'ERROR', error: `could not create the adapter: ${stackOf(e)}` }); }

  const lacking = missingFeatures(adapter, s.scenario);
  if (lacking.length) return done({ status: 'UNSUPPORTED', missingFeatures: lacking });

  if (!o.trace) return done({ status: 'ERROR', error: `no reference trace recorded for ${s.id} in ${o.reference.dir}` });
  if (o.trace.scenarioHash !== s.hash) return done({ status: 'ERROR', error: `the reference trace in ${o.reference.dir} is stale: the scenario changed after it was recorded` });

  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let result;
  try {
    result = await withTimeout(interpret(adapter, s), timeoutMs, `scenario ${s.id}`);
  } catch (e) {
    return done({ status: 'ERROR', error: stackOf(e) });
  }
  if (result.problems.length)
    return done({ status: 'ERROR', error: result.problems.map((p) => `${p.message}\n${p.stack}`).join('\n\n') });

  const ordered = (s.scenario.flags ?? []).includes('ordered');
  const cmp = compareObservations(o.trace.observations, result.trace.observations, { level: o.level, ordered });
  if (!cmp.pass) return done({ status: 'FAIL', divergence: cmp.divergence! });
  return done(cmp.messageDifferences.length ? { status: 'PASS', messageDifferences: cmp.messageDifferences } : { status: 'PASS' });
}
