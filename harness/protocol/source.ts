/**
 * A trace source: anything that turns a scenario into a trace. In-process adapters get there
 * through the interpreter; out-of-process runners (any Python, PyPy, Pyodide, a JS adapter under
 * another runtime) produce the trace themselves and speak harness/protocol/PROTOCOL.md.
 * The run orchestration only ever sees TraceSources.
 */
import type { LoadedScenario } from '../scenarios/load.ts';
import type { ErrorStatus } from '../primitives/statuses.ts';
import type { ImplementationInfo, Observation, Trace } from '../format/trace.ts';
import type { Waiting } from '../primitives/waiting.ts';

/** Why a scenario produced no trace. */
export interface SourceFailure {
  /** ERROR: the adapter or harness broke; TIMEOUT: no answer in time; CRASH: the runner process died; PROTOCOL_ERROR: it answered garbage; STALLED: every task waits and nothing is scheduled. */
  status: ErrorStatus;
  message: string;
  /** The observations made before it (streamed by a host or runner, revision 2 of the protocol). */
  observations?: Observation[];
  /** STALLED: the tasks still waiting and the step each waits at. */
  waiting?: Waiting[];
}

export type SourceOutcome =
  | { trace: Trace; failure?: undefined }
  | { trace?: undefined; failure: SourceFailure };

export interface TraceSource {
  /** Who produced the traces, for reports ("cpython" 3.9.18, "node-als" under node24, …). */
  readonly info: ImplementationInfo & { kind: 'adapter' | 'runner'; contract?: string; runtime?: string };
  /** Features it can express (fixtures/features.json); a scenario needing others is UNSUPPORTED. */
  readonly features: readonly string[];
  /** Features whose semantics differ from PEP 567 on purpose, with the reason: SEMANTICS_DIFFER, kept apart from failures. */
  readonly differs?: Readonly<Record<string, string>>;
  run(s: LoadedScenario, options: { timeoutMs: number }): Promise<SourceOutcome>;
  /** Ends processes and timers; the run calls it once at the end. */
  close(): Promise<void>;
}

export interface SourceOptions {
  /** The reference the run compares with; an implementation that models several versions may follow it. */
  reference: { name: string; version: string };
  /** `--runtime NAME` (node20, node24-no-async-context-frame, bun, …) for JS adapters; a resolver that cannot honour it throws a UsageError. */
  runtime?: string;
  /** `--in-process`: JavaScript adapters run in the harness's own process instead of a host of their own. */
  inProcess?: boolean;
  /** `--isolation`: one host per implementation, or a fresh host per scenario; given, it puts the model and mutants in hosts too. */
  isolation?: Isolation;
}

export type Isolation = 'implementation' | 'scenario';
export const ISOLATIONS: readonly Isolation[] = ['implementation', 'scenario'];

/** One row of the implementations table: which specs it accepts and how it opens them. */
export interface SourceResolver {
  /** e.g. "python:PATH" — shown by `pep567 list`. */
  pattern: string;
  description: string;
  matches(spec: string): boolean;
  open(spec: string, options: SourceOptions): Promise<TraceSource>;
  /** For `--all`: the specs of this row that can run here (installed interpreters, runtimes); none when omitted. */
  instances?(): Promise<string[]>;
  /** The Python version the implementation behind spec speaks (e.g. "3.9.18"), to pick the matching CPython reference. */
  pythonVersion?(spec: string): Promise<string | undefined>;
}
