/**
 * The interpreter: compiles a scenario's bodies once into closures (compile-sync.ts,
 * compile-async.ts), runs main through the adapter, and records the observations itself
 * (fixtures/FORMAT.md, "Execution model"). Between two operations of a body it adds no await,
 * microtask or timer of its own; each Python await is one native await of the hook's promise
 * (harness/contract/INTERPRETING.md, "The await discipline").
 */
import type { Adapter } from '../contract/adapter.ts';
import type { Scenario } from '../format/scenario.ts';
import { TRACE_FORMAT, type Observation, type Trace } from '../format/trace.ts';
import { AsyncCompiler, exec, type End } from './compile-async.ts';
import { drain } from './drain.ts';
import { HarnessFault } from './errors.ts';
import { at, RunState } from './state.ts';

/** 1.1: compiled bodies, no awaits of its own between operations (the await discipline). */
export const INTERPRETER_VERSION = '1.1.0';

export interface InterpretInput { id: string; hash: string; scenario: Scenario }

export interface InterpretResult {
  trace: Trace;
  /** Errors the adapter could not classify, and faults of the wiring: each makes the result ERROR. */
  problems: { message: string; stack: string }[];
}

export interface InterpretOptions {
  /** Called synchronously with each observation as it is logged (hosts stream them). */
  onObservation?(o: Observation): void;
  /** Called once at start with the live run. */
  onStart?(live: LiveRun): void;
}

export interface LiveRun {
  observations(): readonly Observation[];
  /** What each unfinished task is awaiting right now: its task path, the JSON pointer of the await op, the op name.
   * During the end-of-main drain, main waits at step "/program" with op "drain". */
  waiting(): { task: string; step: string; op: string }[];
}

export async function interpret(adapter: Adapter, input: InterpretInput, options: InterpretOptions = {}): Promise<InterpretResult> {
  const r = new RunState(adapter, options.onObservation ? (o) => options.onObservation!(o) : undefined);
  const live: LiveRun = { observations: () => r.log.observations, waiting: () => r.waiting() };
  options.onStart?.(live);
  try {
    const main = new AsyncCompiler(r).compile(input.scenario.program, '/program');
    const end: End = { path: 'main', step: '/program', rethrow: false, tail: () => drain(r) };
    await adapter.runMain(() => exec(r, main, at('main'), end));
  } catch (e) {
    r.problem(e instanceof HarnessFault ? e.message : 'runMain rejected', e);
  }
  if (r.log.listenerError) r.problem('the onObservation listener threw', r.log.listenerError.error);
  return {
    trace: {
      format: TRACE_FORMAT,
      scenario: input.id,
      scenarioHash: input.hash,
      implementation: { name: adapter.name, version: adapter.version },
      recorder: INTERPRETER_VERSION,
      observations: r.log.observations,
    },
    problems: r.problems,
  };
}
