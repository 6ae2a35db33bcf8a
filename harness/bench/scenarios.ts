/**
 * Scenarios per second: the model through the whole harness (adapter per scenario, interpreter,
 * comparator against the recorded trace) next to CPython running the same scenarios natively.
 */
import type { LoadedScenario } from '../fixtures/load.ts';
import { resolveImplementation } from '../implementations/registry.ts';
import type { ReferenceId } from '../reference/traces.ts';
import { runAll } from '../run/run.ts';
import { serveBatches } from './serve-batch.ts';
import { median, repeatMs, round } from './stats.ts';

export interface Reps { warmups: number; reps: number }

export interface ScenarioFigures {
  scenarios: number;
  model: { perSecond: number; medianMs: number; passed: number; runsMs: number[] };
  cpython: { python: string; version: string; perSecond: number; medianMs: number; errors: number; runsMs: number[] };
  /** Harness+model time over CPython time for the same scenarios: at most 1.0 meets the target. */
  ratio: number;
}

export async function scenarioFigures(all: LoadedScenario[], reference: ReferenceId, python: string, r: Reps): Promise<ScenarioFigures> {
  const model = await resolveImplementation('model');
  // The scenarios the reference's Python runs (the rest are SKIPPED before any code runs).
  const first = await runAll({ implementation: model, reference, level: 'semantic', scenarios: all });
  const ran = all.filter((_, i) => first.results[i]!.status !== 'SKIPPED');
  let passed = 0;
  const modelMs = await repeatMs(async () => {
    const run = await runAll({ implementation: model, reference, level: 'semantic', scenarios: ran });
    passed = run.counts.PASS;
  }, r);
  const py = await serveBatches(python, ran.map((s) => ({ id: s.id, scenario: s.scenario })), r.warmups + r.reps);
  const pyMs = py.ms.slice(r.warmups);
  const m = median(modelMs), p = median(pyMs);
  return {
    scenarios: ran.length,
    model: { perSecond: Math.round(ran.length / m * 1000), medianMs: round(m), passed, runsMs: modelMs.map((x) => round(x)) },
    cpython: { python, version: py.version, perSecond: Math.round(ran.length / p * 1000), medianMs: round(p), errors: py.errors, runsMs: pyMs.map((x) => round(x)) },
    ratio: round(m / p, 3),
  };
}
