/**
 * One fuzz campaign: an implementation checked by every property (the differential one against
 * the oracle, then the laws), with the regression corpus replayed first. Stops at the first
 * failing property and returns its shrunk counterexample. The CLI and the specs call this.
 */
import fc from 'fast-check';
import type { AsyncOp, Scenario } from '../format/scenario.ts';
import { PythonRunner, RECORDER_PATH } from '../pythons/python-runner.ts';
import { DEFAULT_LIMITS, programArb, sizeOf, type Profile } from './arbitraries.ts';
import { effectiveFeatures } from '../format/implied.ts';
import { usableFeatures } from '../interpreter/features.ts';
import type { Gate } from './gate.ts';
import { withSleeps } from './laws.ts';
import { toScenario } from './build.ts';
import { adapterObserver, cpythonObserver, cpythonUnsupported, implementationAdapter, type Observed, type Observer } from './observe.ts';
import { prefetching } from './prefetch.ts';
import { differential, LAW_DEFS, LAW_NAMES, LAWS, scheduledInterleavings, type FuzzProperty, type Tally } from './properties.ts';
import { schedulable } from './scheduled.ts';
import { regressionPrograms, type Counterexample } from './regressions.ts';

export type OracleName = 'model' | 'cpython';

/** Programs per property when --runs is not given. */
export const DEFAULT_RUNS = 1000;

export interface CampaignOptions {
  impl: string;
  /** Without an oracle only the laws run. */
  oracle?: OracleName;
  runs: number;
  seed: number;
  /** fast-check replay path of a failure (with its seed): replays that counterexample at once. */
  path?: string;
  /** The interpreter for --oracle cpython. */
  python?: string;
  /** Check the laws too (default true). */
  laws?: boolean;
  /** Folder of the regression corpus (default fixtures/regressions). */
  regressionsDir?: string;
  /** Replay the regression corpus first (default true; workers.ts leaves it to worker 1). */
  replayRegressions?: boolean;
  /** Only this property (PROPERTY_NAMES): a replay names the one that failed, as a path fits no other. */
  property?: string;
  /** Which programs to generate (raw.ts): `full` (default) or `run-scoped`. */
  profile?: Profile;
  /** Progress lines (one per property). */
  log?: (line: string) => void;
}

export interface CampaignResult {
  passed: { property: string; runs: number; ms: number; checked: number; skipped: number }[];
  /** `name`: the failing property's --property name; `regressions`: whether the corpus was replayed first (its programs come before the path's index). */
  failure?: Counterexample & { size: number; name: string; regressions: boolean };
  /** With the cpython oracle: programs whose answer was fetched ahead, and those asked one at a time. */
  prefetch?: { hits: number; misses: number };
}

/** The --property names: the differential property, then the laws. */
export const PROPERTY_NAMES: readonly string[] = ['differential', ...LAW_NAMES, 'scheduled-interleavings'];

/** The oracle could not be started (no such interpreter, no handshake): a configuration problem. */
export class OracleUnavailable extends Error {
  override name = 'OracleUnavailable';
}

/** The oracle's observer; for CPython also its version, which the implementation under test follows. */
export async function oracleObserver(name: OracleName, python: string): Promise<{ observer: Observer; version?: string; python: string; features?: readonly string[]; skip?: (s: Scenario) => Observed | undefined; close(): Promise<void> }> {
  if (name === 'model') {
    const model = await implementationAdapter('model');
    // The Python version the model follows when it is given none: the programs must hold there.
    return { observer: adapterObserver(model), python: model.version, close: async () => {} };
  }
  const runner = new PythonRunner({ python });
  let hs;
  try { hs = await runner.start(); } catch (e) { throw new OracleUnavailable(`cannot start the CPython oracle: ${(e as Error).message}`); }
  const version = hs.implementation.version;
  return { observer: cpythonObserver(runner, hs.features, version), version, python: version, features: hs.features, skip: cpythonUnsupported(hs.features, version), close: () => runner.close() };
}

/** The CPython oracle with the programs of the differential property fetched ahead (prefetch.ts); a replay (--path) asks one at a time. */
function aheadOf(oracle: Awaited<ReturnType<typeof oracleObserver>>, o: CampaignOptions, arb: fc.Arbitrary<AsyncOp[]>) {
  if (!oracle.skip || o.path) return undefined;
  const scenarios = fc.sample(arb, { seed: o.seed, numRuns: o.runs }).map((p) => toScenario(p));
  return prefetching(oracle.observer, { python: o.python ?? 'python3', recorder: RECORDER_PATH, scenarios, skip: oracle.skip });
}

/** Regression programs paired with a few fixed choices of a law, so the laws replay them too. */
function lawExamples(programs: AsyncOp[][], choice: fc.Arbitrary<unknown>): unknown[][] {
  if (!programs.length) return [];
  const choices = fc.sample(choice, { numRuns: 3, seed: 0 });
  return programs.flatMap((p) => choices.map((c) => [p, c]));
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const log = o.log ?? (() => {});
  const oracle = o.oracle ? await oracleObserver(o.oracle, o.python ?? 'python3') : undefined;
  let ahead: ReturnType<typeof aheadOf>;
  try {
    // An implementation that follows a Python version (the model) follows the oracle's.
    const adapter = await implementationAdapter(o.impl, oracle?.version ? { reference: { name: 'cpython', version: oracle.version } } : {});
    const impl = adapterObserver(adapter);
    // Only what both sides can run: the implementation's features (and the oracle's), the oracle's Python version.
    const have = effectiveFeatures(usableFeatures(adapter), adapter.differs);
    const oracleHas = oracle?.features ? effectiveFeatures(oracle.features) : undefined;
    const gate: Gate = { features: new Set([...have].filter((f) => !oracleHas || oracleHas.has(f))), python: oracle?.python };
    const arb = programArb(DEFAULT_LIMITS, o.profile ?? 'full', gate);
    const regressions = o.replayRegressions === false ? [] : regressionPrograms(o.regressionsDir);
    /** `changed`: for a law, the program it ran changed, which holds the operations the law added (the fixture shows that one). */
    const plan: { name: string; property: string; make: (t: Tally) => FuzzProperty; examples: unknown[][]; changed?: (program: AsyncOp[], choice: unknown) => AsyncOp[] | undefined }[] = [];
    ahead = oracle ? aheadOf(oracle, o, arb) : undefined;
    if (oracle) plan.push({ name: 'differential', property: `differential against ${o.oracle}`, make: (t) => differential(impl, ahead ?? oracle.observer, arb, t), examples: regressions.map((p) => [p]) });
    if (o.laws !== false) for (const name of LAW_NAMES)
      plan.push({ name, property: `law ${name}`, make: (t) => LAWS[name](impl, arb, t), examples: lawExamples(regressions, LAW_DEFS[name].choice), changed: (p, c) => LAW_DEFS[name].transform(p, c)?.program });
    if (o.laws !== false) {
      if (await schedulable(adapter)) plan.push({ name: 'scheduled-interleavings', property: 'law scheduled-interleavings', make: (t) => scheduledInterleavings(adapter, arb, t), examples: [], changed: (p, c) => withSleeps(p, c as number[])?.program });
      else log(`skip law scheduled-interleavings: ${adapter.name} cannot be driven by fc.scheduler (its loop alone resumes task bodies)`);
    }

    const result: CampaignResult = { passed: [] };
    for (const step of plan) {
      if (o.property !== undefined && step.name !== o.property) continue;
      const t0 = Date.now();
      const tally: Tally = { checked: 0, skipped: 0 };
      const r = await fc.check(step.make(tally), { numRuns: o.runs, seed: o.seed, examples: step.examples as never[], ...(o.path ? { path: o.path } : {}) });
      const ms = Date.now() - t0;
      if (!r.failed) {
        log(`ok   ${step.property}: ${r.numRuns} programs in ${ms} ms (${tally.checked} checked, ${tally.skipped} not applicable)`);
        result.passed.push({ property: step.property, runs: r.numRuns, ms, ...tally });
        continue;
      }
      const [program, choice] = r.counterexample as [AsyncOp[], unknown];
      const shown = step.changed?.(program, choice) ?? program;
      const err = r.errorInstance;
      result.failure = {
        program: shown, property: step.property, name: step.name, regressions: regressions.length > 0, impl: o.impl, seed: r.seed, path: r.counterexamplePath ?? undefined,
        message: err instanceof Error ? err.message : String(err), size: sizeOf(shown),
        ...(o.oracle ? { oracle: o.oracle } : {}),
      };
      log(`FAIL ${step.property} after ${r.numRuns} programs (shrunk ${r.numShrinks} times)`);
      break;
    }
    if (ahead) result.prefetch = { hits: ahead.hits, misses: ahead.misses };
    return result;
  } finally {
    await ahead?.close();
    await oracle?.close();
  }
}
