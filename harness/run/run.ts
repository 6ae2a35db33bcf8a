/**
 * A whole run: each implementation against its reference over the selected scenarios, with
 * repetitions, collected into one report. Nothing is dropped: every selected scenario has a result.
 */
import { resolve } from 'node:path';
import type { Level } from '../compare/compare.ts';
import { ADAPTER_CONTRACT_VERSION } from '../contract/adapter.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import { INTERPRETER_VERSION } from '../interpreter/interpret.ts';
import { printable, thrownOutsideOperations } from '../interpreter/errors.ts';
import { implementationSource } from '../inprocess/adapter-source.ts';
import type { Implementation } from '../inprocess/resolve.ts';
import type { Isolation, TraceSource } from '../protocol/source.ts';
import { OpenFailure } from '../protocol/open-failure.ts';
import { findResolver } from '../implementations/table.ts';
import { loadTraces, loadUnrecorded, type ReferenceId } from '../traces/traces.ts';
import {
  addCounts, countStatuses, REPORT_FORMAT, summarize,
  type ImplementationRun, type ImplementationSummary, type Report, type ScenarioResult, type Status,
} from '../report/report.ts';
import { terminalLine } from '../report/render/escape.ts';
import { isCompared } from '../primitives/statuses.ts';
import { killAllRunners } from '../protocol/process.ts';
import { ABORTED, unlessAborted, type InterruptSignal } from './interrupt.ts';
import { chooseReference, type Chosen } from './reference.ts';
import { DEFAULT_TIMEOUT_MS, isPython, runScenario, scenarioFields } from './scenario.ts';
import { applySelection, describeSelection, loadScenarios, type SelectOptions } from './select.ts';

export interface Progress {
  /** A new implementation (or repetition of it) starts: `total` scenarios to go. */
  start(label: string, total: number): void;
  result(r: ScenarioResult): void;
  end(): void;
}

export interface RunOptions {
  /** What to run: an open source (the caller closes it) or, as in the first version, an Implementation. */
  source?: TraceSource;
  implementation?: Implementation;
  /** What the user named, for the report (defaults to the Implementation's spec). */
  spec?: string;
  reference: ReferenceId;
  chosen?: Chosen;
  level: Level;
  /** The scenarios to run; else every fixture matching `include`. */
  scenarios?: LoadedScenario[];
  include?: string;
  timeoutMs?: number;
  fixturesDir?: string;
  tracesDir?: string;
  /** Run the whole selection this many times; a status that changes marks the result `unstable`. */
  repeat?: number;
  progress?: Progress;
  /** Called after each scenario of the first repetition. */
  onResult?: (r: ScenarioResult) => void;
  /** Aborted (SIGINT, SIGTERM): no scenario starts, the one in flight is abandoned, the rest are NOT_RUN. */
  signal?: AbortSignal;
}

/**
 * An adapter's stray rejections and uncaught throws (from its own callbacks) must not end the run:
 * while a scenario runs they are charged to it (ERROR), otherwise kept for the run's end.
 */
function faultGuard() {
  let charged: unknown[] | null = null;
  const stray: unknown[] = [];
  const onRejection = () => { /* the scenario's own result shows the effect of a lost promise */ };
  const onThrow = (e: unknown) => { (charged ?? stray).push(e); };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onThrow);
  return {
    async during<T>(fn: () => Promise<T>): Promise<{ value: T; thrown: unknown[] }> {
      const thrown: unknown[] = [];
      charged = thrown;
      try { return { value: await fn(), thrown }; } finally { charged = null; }
    },
    stray,
    off() { process.off('unhandledRejection', onRejection); process.off('uncaughtException', onThrow); },
  };
}

/** One implementation over the selection; the report's entry for it. */
export async function runAll(o: RunOptions): Promise<ImplementationRun> {
  const scenarios = o.scenarios ?? applySelection(loadScenarios(o.fixturesDir), { include: o.include });
  const impl = o.implementation;
  const source = o.source ?? (impl ? await implementationSource(impl, { reference: { name: o.reference.name, version: o.reference.version } }) : undefined);
  if (!source) throw new Error('runAll needs a source or an implementation');
  const spec = o.spec ?? impl?.spec ?? source.info.name;
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const repeat = Math.max(1, o.repeat ?? 1);
  const traces = loadTraces(o.reference, scenarios.map((s) => s.id), o.tracesDir);
  const unrecorded = loadUnrecorded(o.reference, o.tracesDir);
  const guard = faultGuard();
  const rounds: ScenarioResult[][] = [];
  try {
    rounds: for (let round = 0; round < repeat; round++) {
      o.progress?.start(repeat > 1 ? `${spec} (${round + 1}/${repeat})` : spec, scenarios.length);
      const results: ScenarioResult[] = [];
      for (const s of scenarios) {
        const settled = await unlessAborted(guard.during(() => runScenario(s, { reference: o.reference, trace: traces.get(s.id), unrecorded: unrecorded.get(s.id), level: o.level, timeoutMs, source })), o.signal);
        if (settled === ABORTED) {
          o.progress?.end();
          // Only the first repetition's finished results are kept: a partial later one proves nothing.
          if (round === 0) rounds.push(results);
          break rounds;
        }
        const { value: r, thrown } = settled;
        const judged: ScenarioResult = thrown.length && isCompared(r.status)
          ? { ...r, status: 'ERROR', error: thrownOutsideOperations(thrown), divergence: undefined, traces: undefined }
          : r;
        results.push(judged);
        o.progress?.result(judged);
        if (round === 0) o.onResult?.(judged);
      }
      o.progress?.end();
      rounds.push(results);
    }
  } finally {
    guard.off();
    if (!o.source) await source.close();
  }
  // Thrown between scenarios, so no scenario can carry it; say so rather than lose it.
  for (const e of guard.stray) process.stderr.write(`${terminalLine(`pep567: ${spec} threw outside any scenario: ${printable(e).split('\n')[0]}`)}\n`);
  const complete = rounds.filter((rs) => rs.length === scenarios.length);
  const finished = rounds[0]!.map((r, i) => {
    const seen: Status[] = (complete.length ? complete : rounds).map((rs) => rs[i]!.status);
    const clean = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as ScenarioResult;
    return seen.some((s) => s !== seen[0]) ? { ...clean, unstable: seen } : clean;
  });
  const results = [...finished, ...scenarios.slice(finished.length).map((s) => notRun(s, o.reference, o.level, o.signal))];
  const counts = countStatuses(results);
  return {
    implementation: summaryOf(spec, source),
    reference: { dir: o.reference.dir, name: o.reference.name, version: o.reference.version, chosen: o.chosen ?? 'explicit' },
    level: o.level,
    counts,
    summary: summarize(counts),
    results,
  };
}

/** What the report says about an opened source. */
export function summaryOf(spec: string, source: TraceSource): ImplementationSummary {
  return {
    spec,
    name: source.info.name, version: source.info.version, kind: source.info.kind,
    ...(source.info.contract ? { contract: source.info.contract } : {}),
    ...(source.info.runtime ? { runtime: source.info.runtime } : {}),
    ...(source.info.build ? { build: source.info.build } : {}),
    // The feature set judged: what an expectation file records, so a feature dropped later shows.
    features: [...source.features].sort(),
    ...(source.differs && Object.keys(source.differs).length ? { differs: Object.keys(source.differs).sort() } : {}),
  };
}

/** The result of a scenario an interrupted run did not finish. */
function notRun(s: LoadedScenario, reference: ReferenceId, level: Level, signal?: AbortSignal): ScenarioResult {
  return {
    ...scenarioFields(s), status: 'NOT_RUN',
    reference: reference.dir, level, error: `not run: the run was interrupted${signal?.reason ? ` (${String(signal.reason)})` : ''}`, durationMs: 0,
  };
}

/** What the run knows before the first scenario: the implementations as they describe themselves, and every scenario id of the tree. */
export interface BeforeRun {
  implementations: ImplementationSummary[];
  corpus: string[];
  /** What runs: the selection, each implementation's reference, the report's settings (the journal's plan: a killed run's report can be rebuilt). */
  plan?: RunPlan;
}

export interface RunPlan {
  level: Level; timeoutMs: number; repeat: number; selection: Report['selection'];
  references: { dir: string; name: string; version: string; chosen: Chosen }[];
  scenarios: Pick<ScenarioResult, 'id' | 'area' | 'title' | 'features' | 'rule'>[];
}

export interface ReportOptions {
  /** Implementation specs, in column order. */
  specs: string[];
  /** --reference: one reference for every implementation. */
  reference?: string;
  runtime?: string;
  level: Level;
  select: SelectOptions;
  timeoutMs?: number;
  repeat?: number;
  fixturesDir?: string;
  tracesDir?: string;
  progress?: Progress;
  /** --all: an implementation that cannot be opened gets a run of ERRORs saying why, instead of refusing the run. */
  tolerateOpenFailures?: boolean;
  /** After every implementation is open, before the first scenario: may throw to refuse the run (expectation files that match none). */
  beforeRun?: (b: BeforeRun) => void;
  /** Each scenario of an implementation's first repetition as it finishes (index: its place in specs). */
  onResult?: (index: number, spec: string, r: ScenarioResult) => void;
  /** Each implementation's run as it finishes (also an interrupted one). */
  onImplementationDone?: (index: number, run: ImplementationRun) => void;
  /** Aborted (its reason 'SIGINT' or 'SIGTERM'): the report holds what finished, every other scenario NOT_RUN, and `interrupted`. */
  signal?: AbortSignal;
  /** --in-process and --isolation (SourceOptions). */
  inProcess?: boolean;
  isolation?: Isolation;
}

/**
 * The run of an implementation that could not be opened (every scenario ERROR, with the reason), or
 * of one an interrupted run never reached (every scenario NOT_RUN).
 */
function unopened(spec: string, why: string | AbortSignal, scenarios: LoadedScenario[], reference: ReferenceId, chosen: Chosen, level: Level, source?: TraceSource,
  status: Status = 'ERROR', kind: 'adapter' | 'runner' = 'runner'): ImplementationRun {
  const results: ScenarioResult[] = scenarios.map((s) => typeof why === 'string' ? {
    ...scenarioFields(s), status,
    reference: reference.dir, level, error: `${spec} could not be started: ${why}`, durationMs: 0,
  } : notRun(s, reference, level, why));
  const counts = countStatuses(results);
  return {
    implementation: source ? summaryOf(spec, source) : { spec, name: spec, version: 'unknown', kind },
    reference: { dir: reference.dir, name: reference.name, version: reference.version, chosen },
    level, counts, summary: summarize(counts), results,
  };
}

/**
 * Names every implementation's row first, so a misnamed one refuses the whole run before any host
 * or runner starts; opens them all, so one that cannot load refuses it before any scenario runs;
 * then runs them one at a time (runners never compete for the machine) and closes them all.
 */
export async function runReport(o: ReportOptions): Promise<Report> {
  const all = loadScenarios(o.fixturesDir);
  const scenarios = applySelection(all, o.select, new Set(all.flatMap((s) => s.scenario.features)));
  const opened: { spec: string; source?: TraceSource; failed?: string; status?: Status; hosted?: boolean; reference: ReferenceId; chosen: Chosen }[] = [];
  const runs: ImplementationRun[] = [];
  const unstarted: string[] = [];
  const rows = new Map<string, Awaited<ReturnType<typeof findResolver>>>();
  for (const spec of o.specs) rows.set(spec, await findResolver(spec));
  try {
    for (const spec of o.specs) {
      // An open in progress is let finish (its source must be closed); the rest are not opened.
      if (o.signal?.aborted) { unstarted.push(spec); continue; }
      const resolver = rows.get(spec)!;
      const pythonVersion = resolver.pythonVersion ? await resolver.pythonVersion(spec) : undefined;
      let { reference, chosen } = chooseReference({ explicit: o.reference, pythonVersion, tracesDir: o.tracesDir });
      let source: TraceSource;
      try {
        source = await resolver.open(spec, {
          reference: { name: reference.name, version: reference.version }, ...(o.runtime ? { runtime: o.runtime } : {}),
          ...(o.inProcess ? { inProcess: true } : {}), ...(o.isolation ? { isolation: o.isolation } : {}),
        });
      } catch (e) {
        // A host that was named correctly but would not start: its scenarios say why, the others run.
        if (e instanceof OpenFailure) {
          process.stderr.write(`${terminalLine(`pep567: ${e.message}`)}\n`);
          opened.push({ spec, failed: e.message, status: e.status, hosted: true, reference, chosen });
          continue;
        }
        if (!o.tolerateOpenFailures) throw e;
        opened.push({ spec, failed: (e as Error)?.message ?? String(e), reference, chosen });
        continue;
      }
      // A runner states its Python version in its handshake; follow it when the row could not say beforehand.
      if (chosen === 'canonical' && !pythonVersion && isPython(source))
        ({ reference, chosen } = chooseReference({ pythonVersion: source.info.version, tracesDir: o.tracesDir }));
      opened.push({ spec, source, reference, chosen });
    }
    if (!o.signal?.aborted) o.beforeRun?.({
      implementations: opened.map(({ spec, source }) => source ? summaryOf(spec, source) : { spec, name: spec, version: 'unknown', kind: 'runner' }),
      corpus: all.map((s) => s.id),
      plan: {
        level: o.level, timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS, repeat: Math.max(1, o.repeat ?? 1), selection: describeSelection(o.select, scenarios.length),
        references: opened.map(({ reference, chosen }) => ({ dir: reference.dir, name: reference.name, version: reference.version, chosen })),
        scenarios: scenarios.map(scenarioFields),
      },
    });
    for (const [index, { spec, source, failed, status, hosted, reference, chosen }] of opened.entries()) {
      const run = o.signal?.aborted ? unopened(spec, o.signal, scenarios, reference, chosen, o.level, source)
        : source
          ? await runAll({
            source, spec, reference, chosen, level: o.level, scenarios, timeoutMs: o.timeoutMs, tracesDir: o.tracesDir, repeat: o.repeat, progress: o.progress,
            signal: o.signal, ...(o.onResult ? { onResult: (r: ScenarioResult) => o.onResult!(index, spec, r) } : {}),
          })
          : unopened(spec, failed!, scenarios, reference, chosen, o.level, undefined, status, hosted ? 'adapter' : 'runner');
      runs.push(run);
      o.onImplementationDone?.(index, run);
    }
    for (const spec of unstarted) {
      const { reference, chosen } = chooseReference({ explicit: o.reference, tracesDir: o.tracesDir });
      runs.push(unopened(spec, o.signal!, scenarios, reference, chosen, o.level));
    }
  } finally {
    // Interrupted: a runner answering a scenario would hold close() until its timeout.
    if (o.signal?.aborted) killAllRunners();
    for (const { source } of opened) await source?.close();
  }
  const counts = addCounts(runs.map((r) => r.counts));
  return {
    format: REPORT_FORMAT,
    createdAt: new Date().toISOString(),
    harness: { interpreter: INTERPRETER_VERSION, contract: ADAPTER_CONTRACT_VERSION },
    level: o.level,
    // The trees and the process mode are recorded so a rerun command (report/render/rerun.ts) repeats them.
    selection: { ...describeSelection(o.select, scenarios.length), ...(o.fixturesDir ? { fixtures: resolve(o.fixturesDir) } : {}), ...(o.tracesDir ? { traces: resolve(o.tracesDir) } : {}) },
    ...(o.inProcess ? { execution: 'in-process' as const } : o.isolation ? { execution: o.isolation } : {}),
    timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    repeat: Math.max(1, o.repeat ?? 1),
    runs,
    counts,
    summary: summarize(counts),
    ...(o.signal?.aborted ? { interrupted: { signal: (o.signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT') as InterruptSignal } } : {}),
  };
}
