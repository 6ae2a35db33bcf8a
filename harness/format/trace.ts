/**
 * The trace format, version 1: what the CPython recorder writes and what the interpreter
 * produces for an implementation under test. fixtures/FORMAT.md documents it.
 */
import type { ErrorKind } from './scenario.ts';

export const TRACE_FORMAT = 'pep567-trace/1';

/** Token.MISSING, distinct from null (None). */
export interface MissingValue { $missing: true }
/** A ContextVar, named by its scenario name (token.var, keys(), items()). */
export interface VarRef { $var: string }
export type TraceValue = number | string | boolean | null | MissingValue | VarRef | TraceValue[];

export interface ObservedError {
  /** The exception's class name, e.g. "ValueError"; one of ErrorKind for conforming code. */
  kind: ErrorKind | string;
  /** str(exception) as CPython printed it, with 0x… addresses replaced by "0x…". */
  message: string;
}

export interface Observation {
  /** Path of the task (or callback, thread, job) that made it: "main", "main/A", "main/A/B". */
  task: string;
  /** Sequence number within that task, from 0. */
  seq: number;
  /** JSON pointer of the fixture step that made it, e.g. "/program/3/body/0". */
  step: string;
  /** The operation name, or "end" for the end of a task, callback, thread or job. */
  op: string;
  value?: TraceValue;
  error?: ObservedError;
}

export interface ImplementationInfo {
  /** "cpython", "pypy", "model", "node-als", "mutant:global-map", … */
  name: string;
  /** The language version for Pythons ("3.11.7"), else the implementation's own version. */
  version: string;
  /** Full build string (sys.version for Pythons). */
  build?: string;
}

export interface Trace {
  format: typeof TRACE_FORMAT;
  /** Scenario id: its path under fixtures/ without .json. */
  scenario: string;
  /** sha256 (hex) of the scenario's canonical JSON (keys sorted, no spaces). */
  scenarioHash: string;
  implementation: ImplementationInfo;
  /** Version of the program that made the trace (recorder or interpreter). */
  recorder: string;
  /** Caveats about this reference, e.g. callback order that differs from CPython's. */
  notes?: string[];
  observations: Observation[];
}

export const MISSING_VALUE: MissingValue = Object.freeze({ $missing: true as const });

/**
 * The manifest of one reference folder, `reference/traces/<impl>-<version>/unrecorded.json`
 * (version 1): the scenarios in the reference's version range that its recorder did not record,
 * each with the recorder's reason (Pyodide lacks eager tasks, threads, …). Written by
 * `pep567 record` beside the traces and checked by `record --check`; a run reads a scenario listed
 * here as SKIPPED with that reason, and a missing trace that is not listed as ERROR.
 */
export const UNRECORDED_FORMAT = 'pep567-unrecorded/1';

export interface UnrecordedScenario {
  scenario: string;
  /** The scenario the recorder judged (as in a trace): a changed scenario must be judged again. */
  scenarioHash: string;
  /** Why it was not recorded, as `pep567 record` printed it ("requires eager_tasks (not in Pyodide)"). */
  reason: string;
}

export interface UnrecordedManifest {
  format: typeof UNRECORDED_FORMAT;
  /** Sorted by scenario id; empty when the reference recorded every scenario in its range. */
  unrecorded: UnrecordedScenario[];
}
