/**
 * Scenarios per second: the model through the whole harness (adapter per scenario, interpreter,
 * comparator against the recorded trace) next to CPython running the same scenarios natively.
 * Wall time is the figure the target is about; CPU time is given too, since other load on the
 * machine moves it less.
 */
import type { LoadedScenario } from '../scenarios/load.ts';
import { resolveImplementation } from '../inprocess/resolve.ts';
import type { ReferenceId } from '../traces/traces.ts';
import { runAll } from '../run/run.ts';
import { serveBatches } from './serve-batch.ts';
import { median, now, round } from './stats.ts';

export interface Reps { warmups: number; reps: number }

interface Side { perSecond: number; medianMs: number; perCpuSecond: number; medianCpuMs: number; runsMs: number[] }

export interface ScenarioFigures {
  scenarios: number;
  warmups: number;
  coldFirstRun: { scenarios: number; ms: number; perSecond: number };
  model: Side & { passed: number };
  cpython: Side & { python: string; version: string; errors: number; peakRssMiB?: number };
  /** Harness+model time over CPython time for the same scenarios: at most 1.0 meets the target. */
  ratio: number;
  cpuRatio: number;
}

const side = (n: number, ms: number[], cpuMs: number[]): Side => {
  const m = median(ms), c = median(cpuMs);
  return { perSecond: Math.round(n / m * 1000), medianMs: round(m), perCpuSecond: Math.round(n / c * 1000), medianCpuMs: round(c), runsMs: ms.map((x) => round(x)) };
};

export async function scenarioFigures(all: LoadedScenario[], reference: ReferenceId, python: string, r: Reps): Promise<ScenarioFigures> {
  const model = await resolveImplementation('model');
  // The scenarios the reference's Python runs (the rest are SKIPPED before any code runs).
  const t0 = now();
  const first = await runAll({ implementation: model, reference, level: 'semantic', scenarios: all });
  // The first run in a fresh process: what a one-off `pep567 run --impl model` pays before the JIT warms up.
  const coldMs = now() - t0;
  const ran = all.filter((_, i) => first.results[i]!.status !== 'SKIPPED');
  let passed = 0;
  const ms: number[] = [], cpuMs: number[] = [];
  for (let i = 0; i < r.warmups + r.reps; i++) {
    const t0 = now(), c0 = process.cpuUsage();
    const run = await runAll({ implementation: model, reference, level: 'semantic', scenarios: ran });
    const c = process.cpuUsage(c0);
    passed = run.counts.PASS;
    if (i >= r.warmups) { ms.push(now() - t0); cpuMs.push((c.user + c.system) / 1000); }
  }
  const py = await serveBatches(python, ran.map((s) => ({ id: s.id, scenario: s.scenario })), r.warmups + r.reps);
  const m = side(ran.length, ms, cpuMs);
  const p = side(ran.length, py.ms.slice(r.warmups), py.cpuMs.slice(r.warmups));
  return {
    scenarios: ran.length,
    warmups: r.warmups,
    coldFirstRun: { scenarios: all.length, ms: round(coldMs), perSecond: Math.round(all.length / coldMs * 1000) },
    model: { ...m, passed },
    cpython: { ...p, python, version: py.version, errors: py.errors, ...(py.peakRssMiB !== undefined ? { peakRssMiB: py.peakRssMiB } : {}) },
    ratio: round(m.medianMs / p.medianMs, 3),
    cpuRatio: round(m.medianCpuMs / p.medianCpuMs, 3),
  };
}
