/**
 * report.json, version pep567-report/2.1 (harness/report/REPORT.md documents every field, and
 * harness/report/schema/report.schema.json checks it). One report holds one run per implementation.
 * A new optional field is a minor change readers may ignore; renaming or removing one changes the version.
 */
import type { Divergence, DivergenceReason, Level, MessageDifference } from '../compare/compare.ts';
import type { Observation } from '../format/trace.ts';
import { addUp, countOf, totalsOf, type Counts, type Status } from '../primitives/statuses.ts';
import type { Cause } from '../explain/causes.ts';

export const REPORT_FORMAT = 'pep567-report/2.1';
/** The formats a reader of this version accepts: 2.1 only added optional fields (a FAIL's `cause`), so a 2 report is read as is. */
export const REPORT_FORMATS_READ = ['pep567-report/2', REPORT_FORMAT] as const;
export type ReportFormat = (typeof REPORT_FORMATS_READ)[number];
export const isReportFormat = (f: unknown): f is ReportFormat => (REPORT_FORMATS_READ as readonly unknown[]).includes(f);

// The statuses and their classes are the table in statuses.ts; the report format names them from there.
export { FAILING, STATUSES, type Counts, type Status } from '../primitives/statuses.ts';

/** A task still waiting when its scenario stalled, and what CPython's trace shows that task doing next (null: nothing more). */
export interface WaitingTask { task: string; step: string; op: string; cpythonNext?: Observation | null }

export interface ReferenceInfo { dir: string; name: string; version: string }

/** What an expectation file says about a result: its status and, for FAIL, the divergence reason. */
export interface Signature { status: Status; divergence?: DivergenceReason }

/**
 * expected: the result matches the file (a PASS or neutral status with no entry, or the listed signature);
 * new-failure: a failing status the file does not list; changed-signature: listed, but the status or
 * divergence differs; unexpected-pass: listed, and it passed.
 */
export type ExpectationOutcome = 'expected' | 'new-failure' | 'changed-signature' | 'unexpected-pass';
export const EXPECTATION_OUTCOMES: readonly ExpectationOutcome[] = ['expected', 'new-failure', 'changed-signature', 'unexpected-pass'];

export interface ScenarioResult {
  id: string;
  area: string;
  title: string;
  /** The scenario's features (fixtures/features.json), for per-feature counts and filters. */
  features: string[];
  /** The PEP 567 rule the scenario tests (its `rule` field, fixtures/rules.json), when it names one. */
  rule?: string;
  status: Status;
  /** The reference folder compared with, e.g. "cpython-3.11.7". */
  reference: string;
  level: Level;
  /** FAIL: the first divergent observation and its neighbourhood. */
  divergence?: Divergence;
  /** FAIL: the primary cause of the divergence and its provenance (harness/explain/EXPLAIN.md; added in 2.1). */
  cause?: Cause;
  /** FAIL: both whole traces, for side-by-side views. */
  traces?: { expected: Observation[]; actual: Observation[] };
  /** PASS at the semantic level with messages that differ from the reference's (masked). */
  messageDifferences?: MessageDifference[];
  /** UNSUPPORTED: the scenario's features the implementation lacks. */
  missingFeatures?: string[];
  /** SEMANTICS_DIFFER: why the implementation differs from PEP 567 on purpose (per feature). */
  reason?: string;
  /** ERROR, TIMEOUT, CRASH, PROTOCOL_ERROR, STALLED: what went wrong; SKIPPED: why. */
  error?: string;
  /** TIMEOUT, CRASH, STALLED (from a host or a runner that streams): the observations made before it; STALLED: who waits where. */
  partial?: { observations: Observation[]; waiting?: WaitingTask[] };
  /** With --repeat: the status of every repetition, present only when they were not all the same. */
  unstable?: Status[];
  /** With --expectations: how the result compares with its entry. */
  expectation?: { outcome: ExpectationOutcome; expected?: Signature; note?: string };
  durationMs: number;
}

/** notRun: present when a run was interrupted (NOT_RUN results), so they are never counted as anything else. */
export interface Summary { passed: number; failed: number; skipped: number; notRun?: number }

export interface ImplementationSummary {
  /** What --impl named: "model", "mutant:global-map", "python:/usr/bin/pypy3", a module path, … */
  spec: string;
  name: string;
  version: string;
  kind: 'adapter' | 'runner';
  /** The adapter contract (adapters) or runner protocol (runners) version it speaks. */
  contract?: string;
  /** The JS runtime and mode, e.g. "node24" or "node24-no-async-context-frame". */
  runtime?: string;
  build?: string;
  /** The features it declared (and can use), as judged: a scenario needing another is UNSUPPORTED. */
  features?: string[];
  /** The features it declared as differing from PEP 567 on purpose (SEMANTICS_DIFFER). */
  differs?: string[];
}

export interface ImplementationRun {
  implementation: ImplementationSummary;
  /** The traces compared with, and why: a CPython of the implementation's version, the canonical one, or --reference. */
  reference: ReferenceInfo & { chosen: 'matching' | 'canonical' | 'explicit' };
  level: Level;
  counts: Counts;
  summary: Summary;
  /** One per selected scenario, in id order; none is dropped. */
  results: ScenarioResult[];
}

export interface Selection {
  include: string[];
  exclude: string[];
  features: string[];
  excludeFeatures: string[];
  chunk: { total: number; this: number } | null;
  /** How many scenarios the selection kept. */
  scenarios: number;
  /** --fixtures: the scenario tree the run read (absolute), when not the package's own. */
  fixtures?: string;
  /** --traces: the reference traces tree (absolute), when not the package's own. */
  traces?: string;
}

export interface Report {
  format: ReportFormat;
  createdAt: string;
  harness: { interpreter: string; contract: string };
  level: Level;
  selection: Selection;
  timeoutMs: number;
  repeat: number;
  runs: ImplementationRun[];
  /** Over every run. */
  counts: Counts;
  /** The CLI's closing line over every run: failed and skipped as statuses.ts classes them. */
  summary: Summary;
  /** How JS adapters ran when the run said so: --in-process, or --isolation implementation|scenario. */
  execution?: 'in-process' | 'implementation' | 'scenario';
  /** The run stopped on this signal; unfinished scenarios are NOT_RUN. */
  interrupted?: { signal: 'SIGINT' | 'SIGTERM' };
  /** With --expectations: the files read and the outcomes counted over every run. */
  expectations?: {
    files: string[]; allowUnexpectedPass: boolean; counts: Record<ExpectationOutcome, number>;
    /** Entries for scenario ids the tree does not have (each fails the gate). */
    stale?: { file: string; id: string }[];
    /** --strict-expectations, and the entries whose reason is still a TODO (each fails the gate then). */
    strict?: boolean;
    todo?: { file: string; id: string }[];
  };
}

export function countStatuses(results: readonly ScenarioResult[]): Counts {
  return countOf(results.map((r) => r.status));
}

/** Counts read from a report written before NOT_RUN existed lack it: it counts 0. */
export const addCounts = (all: readonly Counts[]): Counts => addUp(all);

/** The report's summary: the totals of statuses.ts, in the fields report.json has always had. */
export function summarize(c: Counts): Summary {
  const t = totalsOf(c);
  return { passed: t.passed, failed: t.failed, skipped: t.skipped, ...(t.notRun ? { notRun: t.notRun } : {}) };
}

export function signatureOf(r: Pick<ScenarioResult, 'status' | 'divergence'>): Signature {
  return r.divergence ? { status: r.status, divergence: r.divergence.reason } : { status: r.status };
}
