/** Running one scenario against one trace source and judging it against the reference trace. */
import type { Adapter, AdapterOptions } from '../contract/adapter.ts';
import { compareObservations, type Level } from '../compare/compare.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import { inRange } from '../primitives/version-range.ts';
import { effectiveFeatures } from '../format/implied.ts';
import { rulesDiffering } from '../contract/rules.ts';
import type { Observation, Trace, UnrecordedScenario } from '../format/trace.ts';
import { stackOf } from '../interpreter/errors.ts';
import { adapterSource } from '../inprocess/adapter-source.ts';
import type { SourceFailure, TraceSource } from '../protocol/source.ts';
import type { ReferenceId } from '../traces/traces.ts';
import type { ScenarioResult, WaitingTask } from '../report/report.ts';
import { causeOf } from '../explain/causes.ts';
import type { Divergence } from '../compare/compare.ts';
import type { Scenario } from '../format/scenario.ts';

/** A FAIL with its primary cause (harness/explain/): computed from the scenario and both traces, never changing the verdict. */
function failed(s: Scenario, divergence: Divergence, expected: Observation[], actual: Observation[]): { cause?: ScenarioResult['cause'] } {
  try { return { cause: causeOf(s, expected, actual, divergence) }; } catch { return {}; }
}

export const DEFAULT_TIMEOUT_MS = 5000;

/** What every result of a scenario says about the scenario itself, whatever became of it. */
export const scenarioFields = (s: LoadedScenario): Pick<ScenarioResult, 'id' | 'area' | 'title' | 'features' | 'rule'> => ({
  id: s.id, area: s.area, title: s.scenario.title, features: [...s.scenario.features],
  ...(s.scenario.rule !== undefined ? { rule: s.scenario.rule } : {}),
});

export interface ScenarioRunOptions {
  reference: ReferenceId;
  /** The reference trace of this scenario, undefined when none is recorded. */
  trace: Trace | undefined;
  /** The reference's own reason for having no trace of this scenario (its unrecorded.json), if it gave one. */
  unrecorded?: UnrecordedScenario;
  level: Level;
  timeoutMs?: number;
  /** What produces the implementation's trace. */
  source?: TraceSource;
  /** Or: a factory of fresh adapters (one per scenario), wrapped into a source here. */
  adapter?: (options: AdapterOptions) => Promise<Adapter>;
}

/** Each open source's features with the implied ones (a source declares them once, when it opens). */
const EFFECTIVE = new WeakMap<TraceSource, Set<string>>();

/** The features behind SEMANTICS_DIFFER and UNSUPPORTED, in that order of precedence for the status. */
function judgeFeatures(source: TraceSource, features: readonly string[]): { missing: string[]; differ: [string, string][] } {
  const differs = source.differs ?? {};
  let have = EFFECTIVE.get(source);
  if (!have) EFFECTIVE.set(source, have = effectiveFeatures(source.features, differs));
  const differ = features.filter((f) => !have.has(f) && Object.hasOwn(differs, f)).map((f) => [f, differs[f]!] as [string, string]);
  const missing = features.filter((f) => !have.has(f) && !Object.hasOwn(differs, f));
  return { missing, differ };
}

/** Implementations that are themselves a Python of some version (runners, not adapters that model one). */
const PYTHONS = /^(?:c?python|pypy|pyodide|graalpy|micropython)/i;
export function isPython(source: { info: { kind: string; name: string } }): boolean {
  return source.info.kind === 'runner' && PYTHONS.test(source.info.name);
}

/** How many observations each task made. */
function madeByTask(actual: readonly Observation[]): Map<string, number> {
  const made = new Map<string, number>();
  for (const a of actual) made.set(a.task, (made.get(a.task) ?? 0) + 1);
  return made;
}

/** The reference cut to what the implementation got to: per task, as many observations as it made. */
export function referencePrefix(expected: readonly Observation[], actual: readonly Observation[]): Observation[] {
  const made = madeByTask(actual);
  const kept = new Map<string, number>();
  return expected.filter((e) => {
    const k = kept.get(e.task) ?? 0;
    if (k >= (made.get(e.task) ?? 0)) return false;
    kept.set(e.task, k + 1);
    return true;
  });
}

const describeObservation = (o: Observation | null | undefined) =>
  !o ? 'nothing more' : `${o.op} at ${o.step}${o.error ? ` raising ${o.error.kind}` : `, ${JSON.stringify(o.value)}`}`;

/**
 * A scenario that ended without a trace but with the observations streamed before it: TIMEOUT and
 * CRASH keep them; a stall whose observations already diverge is that FAIL, else STALLED, each
 * waiting task shown beside what CPython's trace has that task do next.
 */
function judgePartial(s: Scenario, f: SourceFailure, expected: Observation[], level: Level, ordered: boolean): Partial<ScenarioResult> & Pick<ScenarioResult, 'status'> {
  const observations = f.observations;
  if (!observations) return { status: f.status, error: f.message };
  if (f.status !== 'STALLED') return { status: f.status, error: f.message, partial: { observations } };
  const cmp = compareObservations(referencePrefix(expected, observations), observations, { level, ordered });
  if (!cmp.pass) return { status: 'FAIL', divergence: cmp.divergence!, ...failed(s, cmp.divergence!, expected, observations), traces: { expected, actual: observations }, partial: { observations } };
  const made = madeByTask(observations);
  const waiting: WaitingTask[] = (f.waiting ?? []).map((w) => {
    const next = expected.filter((e) => e.task === w.task)[made.get(w.task) ?? 0] ?? null;
    return { ...w, cpythonNext: next };
  });
  const who = waiting.length
    ? waiting.map((w) => `${w.task} waits at ${w.step} (${w.op}); CPython did next: ${describeObservation(w.cpythonNext)}`).join('; ')
    : 'no task was reported waiting';
  return { status: 'STALLED', error: `${f.message}: ${who}`, partial: { observations, waiting } };
}

/**
 * No reference trace: the reference's inability when its recorder listed the scenario with a
 * reason (SKIPPED, with that reason), else a gap in the reference (ERROR).
 */
function untraced(s: LoadedScenario, ref: ReferenceId, u: UnrecordedScenario | undefined): Pick<ScenarioResult, 'status' | 'error'> {
  if (!u) return { status: 'ERROR', error: `no reference trace recorded for ${s.id} in ${ref.dir}` };
  if (u.scenarioHash !== s.hash) return { status: 'ERROR', error: `no reference trace recorded for ${s.id} in ${ref.dir}, which gave a reason (${u.reason}) for an earlier version of the scenario: re-record it` };
  return { status: 'SKIPPED', error: `${ref.dir} did not record this scenario: ${u.reason}` };
}

export async function runScenario(s: LoadedScenario, o: ScenarioRunOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const base = { ...scenarioFields(s), reference: o.reference.dir, level: o.level };
  const done = (extra: Partial<ScenarioResult> & Pick<ScenarioResult, 'status'>): ScenarioResult =>
    ({ ...base, ...extra, durationMs: Math.round((performance.now() - started) * 10) / 10 });

  if (!inRange(o.reference.version, s.scenario.python))
    return done({ status: 'SKIPPED', error: `python ${s.scenario.python} excludes ${o.reference.dir}` });

  let source = o.source;
  if (!source) {
    if (!o.adapter) throw new Error('runScenario needs a source or an adapter factory');
    try { source = await adapterSource(o.adapter, { reference: o.reference }); }
    catch (e) { return done({ status: 'ERROR', error: `could not create the adapter: ${stackOf(e)}` }); }
  }

  // A Python implementation is held to the scenario's range too: Pyodide 3.14 compared with the
  // 3.13 reference must not be judged on a scenario that pins 3.11-3.13 behaviour.
  if (isPython(source)) {
    let included: boolean;
    // A runner's handshake may state any version ("dev"): that scenario cannot be placed, the run goes on.
    try { included = inRange(source.info.version, s.scenario.python); } catch {
      return done({ status: 'ERROR', error: `${source.info.name} states version ${JSON.stringify(source.info.version)} in its handshake, which is not a Python version: the scenario's range ${s.scenario.python} cannot be checked` });
    }
    if (!included) return done({ status: 'SKIPPED', error: `python ${s.scenario.python} excludes ${source.info.name} ${source.info.version}` });
  }

  const { missing, differ } = judgeFeatures(source, s.scenario.features);
  // A scenario the implementation cannot express at all is UNSUPPORTED even if it also differs on purpose.
  if (missing.length) return done({ status: 'UNSUPPORTED', missingFeatures: missing });
  // A rule the library rejects by design (contract 1.6) is declared like a feature it differs on.
  differ.push(...rulesDiffering(source.differs ?? {}, s.scenario));
  if (differ.length) return done({ status: 'SEMANTICS_DIFFER', reason: differ.map(([f, why]) => `${f}: ${why}`).join('; ') });

  if (!o.trace) return done(untraced(s, o.reference, o.unrecorded));
  if (o.trace.scenarioHash !== s.hash) return done({ status: 'ERROR', error: `the reference trace in ${o.reference.dir} is stale: the scenario changed after it was recorded` });

  const outcome = await source.run(s, { timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  const ordered = (s.scenario.flags ?? []).includes('ordered');
  // Own properties only: an in-process implementation could give every object an inherited `failure`.
  if (Object.hasOwn(outcome, 'failure') && outcome.failure) return done(judgePartial(s.scenario, outcome.failure, o.trace.observations, o.level, ordered));
  if (!Object.hasOwn(outcome, 'trace')) return done({ status: 'ERROR', error: 'the implementation gave neither a trace nor a failure' });

  const actual = outcome.trace!.observations;
  const cmp = compareObservations(o.trace.observations, actual, { level: o.level, ordered });
  if (!cmp.pass) return done({ status: 'FAIL', divergence: cmp.divergence!, ...failed(s.scenario, cmp.divergence!, o.trace.observations, actual), traces: { expected: o.trace.observations, actual } });
  return done(cmp.messageDifferences.length ? { status: 'PASS', messageDifferences: cmp.messageDifferences } : { status: 'PASS' });
}
