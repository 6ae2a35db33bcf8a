/**
 * Observers: something that runs a scenario and returns its observations. An adapter (through the
 * interpreter) and live CPython (through the recorder's serve mode) look the same to the properties.
 */
import type { Adapter, AdapterOptions } from '../contract/adapter.ts';
import { inRange } from '../primitives/version-range.ts';
import { effectiveFeatures } from '../format/implied.ts';
import type { Scenario } from '../format/scenario.ts';
import type { Observation } from '../format/trace.ts';
import { interpret, missingFeatures } from '../interpreter/index.ts';
import { instantiate, resolveImplementation } from '../inprocess/resolve.ts';
import type { PythonRunner } from '../pythons/python-runner.ts';

/** The scenario id generated programs run under. */
export const GENERATED_ID = 'generated/fuzz';

export type Observed =
  | { kind: 'ok'; observations: Observation[] }
  /** The observer cannot express a feature the program needs. */
  | { kind: 'unsupported'; features: string[] }
  /** The run itself went wrong (a harness fault, an unclassified error, a runner crash). */
  | { kind: 'error'; message: string };

export interface Observer {
  readonly name: string;
  observe(scenario: Scenario): Promise<Observed>;
  close?(): Promise<void>;
}

/**
 * Runs each program through the interpreter on `adapter`. `drive`, when given, sees the run's
 * promise through to its end (the fc.scheduler observer in scheduled.ts releases its steps).
 */
export function adapterObserver(adapter: Adapter, o: { name?: string; drive?: <T>(run: Promise<T>) => Promise<T> } = {}): Observer {
  const drive = o.drive ?? ((run) => run);
  return {
    name: o.name ?? adapter.name,
    async observe(scenario) {
      const missing = missingFeatures(adapter, scenario);
      if (missing.length) return { kind: 'unsupported', features: missing };
      // The hash only labels the trace; properties never read it, and hashing every program costs.
      const { trace, problems } = await drive(interpret(adapter, { id: GENERATED_ID, hash: '', scenario }));
      if (problems.length) return { kind: 'error', message: problems.map((p) => p.message).join('; ') };
      return { kind: 'ok', observations: trace.observations };
    },
  };
}

/** An implementation named as on the command line: model, mutant:NAME or a module path. */
export async function implementationAdapter(spec: string, options: AdapterOptions = {}): Promise<Adapter> {
  return instantiate(await resolveImplementation(spec), options);
}

export async function implementationObserver(spec: string, options: AdapterOptions = {}): Promise<Observer> {
  return adapterObserver(await implementationAdapter(spec, options));
}

/** Why CPython of these features and version does not run a scenario; undefined when it does. */
export function cpythonUnsupported(features: readonly string[], version?: string): (scenario: Scenario) => Observed | undefined {
  // Judged as a run judges a runner's features: `vars` implies `set` (format/implied.ts).
  const have = effectiveFeatures(features);
  return (scenario) => {
    const missing = scenario.features.filter((f) => !have.has(f));
    if (missing.length) return { kind: 'unsupported', features: missing };
    if (version && !inRange(version, scenario.python)) return { kind: 'unsupported', features: [`python ${scenario.python}`] };
    return undefined;
  };
}

export function cpythonObserver(runner: PythonRunner, features: readonly string[], version?: string): Observer {
  const unsupported = cpythonUnsupported(features, version);
  return {
    name: `cpython (${runner.python})`,
    async observe(scenario) {
      const skip = unsupported(scenario);
      if (skip) return skip;
      const r = await runner.run(GENERATED_ID, scenario);
      if (r.error) return { kind: 'error', message: `${r.error.kind}: ${r.error.message}` };
      return { kind: 'ok', observations: r.trace.observations };
    },
    close: () => runner.close(),
  };
}
