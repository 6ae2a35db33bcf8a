/**
 * The renderers' view of a report.json: an implementations × scenarios matrix, pass rates per
 * area and per feature, and the failing cells with what they observed. Only this module reads the
 * report format, so a format change touches nothing else here. It reads pep567-report/2 and 2.1 (several
 * implementations) and, for reports written before it, pep567-report/1 (one implementation).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlignedRow, DivergenceReason } from '../../compare/compare.ts';
import { FIXTURES_DIR } from '../../scenarios/load.ts';
import type { Observation } from '../../format/trace.ts';
import { isReportFormat, type Report, type ScenarioResult } from '../report.ts';
import { countOf, isFailing, isJudged, isPassed, junitOf, knownStatus, skipKindOf, UNKNOWN_STATUS, type Status } from '../../primitives/statuses.ts';
import { rerunTarget, runLabel, type RerunTarget, type RunContext, type RunIdentity } from './rerun.ts';
import type { Scenario } from '../../format/scenario.ts';
import { programLines, type PyLine } from '../../show/python.ts';
import { groupByCause, type ImplCauses } from './causes.ts';

/** A cell's status: one of statuses.ts, whose classes (failing, judged, …) every renderer reads. */
export type CellStatus = Status;

export interface ImplView {
  /** Column index: cells name their implementation by it. */
  index: number;
  /** "node-als 1.0 (node24)", for headings. */
  label: string;
  spec: string;
  name: string;
  version: string;
  runtime?: string;
  reference: string;
  level: string;
  /** What the command that reruns one of its scenarios needs (rerun.ts). */
  rerun: RerunTarget;
}

export interface ScenarioView {
  id: string;
  area: string;
  title: string;
  features: string[];
  /** The fixture file, relative to the repository: fixtures/<id>.json. */
  file: string;
  /** Scenarios with a failing cell: the program as Python (harness/show), when the fixture could be read. */
  program?: PyLine[];
}

export interface DivergenceView {
  task: string;
  seq: number;
  ordered: boolean;
  /** JSON pointer of the fixture operation the divergent observation came from. */
  step: string;
  /** That operation, as JSON, when the fixture could be read. */
  stepSource?: string;
  reason: DivergenceReason;
  expected?: Observation;
  actual?: Observation;
  /** The observations side by side: whole traces when the report has them, else the neighbourhood. */
  rows: AlignedRow[];
  whole: boolean;
}

export interface CellView {
  impl: number;
  scenario: string;
  status: CellStatus;
  /** One line saying why, for every status but PASS (error, missing features, reason). */
  detail?: string;
  /** The full error text (stacks included) of ERROR-like statuses. */
  error?: string;
  divergence?: DivergenceView;
  messageDifferences: number;
  /** Statuses of repetitions that disagreed (--repeat). */
  unstable?: string[];
  /** Outcome against an expectation file, when the run had one: expected, new-failure, changed-signature, unexpected-pass. */
  expectation?: string;
  /** What the expectation file said about it (reason or link), when it said anything. */
  expectationNote?: string;
  durationMs?: number;
  /** FAIL: the primary cause id (harness/explain/causes.ts), "unclassified" when the report has none. */
  cause?: string;
}

export interface Rate { pass: number; judged: number; total: number }

/** How CI should take a cell: an error, a warning (a known failure, an allowed unexpected pass), or nothing. */
export type Verdict = 'error' | 'warning' | undefined;

export interface ReportView {
  format: string;
  createdAt: string;
  level: string;
  impls: ImplView[];
  scenarios: ScenarioView[];
  /** cells[scenario index][impl index]; undefined where an implementation did not run a scenario. */
  cells: (CellView | undefined)[][];
  areas: string[];
  features: string[];
  /** counts[impl][status] */
  counts: Record<CellStatus, number>[];
  /** With an expectation file: outcomes counted over every run, and whether unexpected passes are allowed. */
  expectations?: { counts: Record<string, number>; allowUnexpectedPass: boolean };
  /** rates[impl].byArea[area], rates[impl].byFeature[feature], rates[impl].total */
  rates: { total: Rate; byArea: Record<string, Rate>; byFeature: Record<string, Rate> }[];
}

/** Reads a scenario's JSON for its features and steps; undefined when there is no such fixture. */
export type FixtureLookup = (id: string) => unknown;

export function fixturesLookup(dir: string = FIXTURES_DIR): FixtureLookup {
  const cache = new Map<string, unknown>();
  return (id) => {
    if (!cache.has(id)) {
      const file = join(dir, `${id}.json`);
      let data: unknown;
      try { data = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined; } catch { data = undefined; }
      cache.set(id, data);
    }
    return cache.get(id);
  };
}

/** The value a JSON pointer names inside doc, or undefined. */
export function atPointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  if (!pointer.startsWith('/')) return undefined;
  let cur: any = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object' || !(key in cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** The operation at a step without its nested bodies, which can be long and are not the point. */
function stepSource(fixture: unknown, step: string): string | undefined {
  const op = atPointer(fixture, step);
  if (op === undefined) return undefined;
  if (op && typeof op === 'object' && !Array.isArray(op)) {
    const shallow: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(op)) shallow[k] = (k === 'body' || k === 'tasks') && Array.isArray(v) ? `[${v.length} operation(s)]` : v;
    return JSON.stringify(shallow);
  }
  return JSON.stringify(op);
}

/* ---- the report formats this module reads ---- */

interface V1Report {
  format: 'pep567-report/1';
  createdAt: string;
  implementation: { spec: string; name: string; version: string; contract?: string };
  reference: { dir: string };
  level: string;
  results: (Omit<ScenarioResult, 'features' | 'status'> & { status: string; features?: string[] })[];
}

interface RunLike extends RunIdentity {
  results: (Omit<ScenarioResult, 'status' | 'features'> & { status: string; features?: string[] })[];
}

/** Runs of a v2 report, or the one run of a v1 report. */
function runsOf(report: unknown): { format: string; createdAt: string; level: string; runs: RunLike[]; context: RunContext; expectations?: ReportView['expectations'] } {
  const r = report as Partial<Report> & Partial<V1Report> & { format?: string };
  if (!r || typeof r !== 'object' || typeof r.format !== 'string') throw new Error('not a report: no "format" field');
  if (isReportFormat(r.format)) {
    const v2 = r as Report;
    const e = v2.expectations;
    return { format: v2.format, createdAt: v2.createdAt, level: v2.level, runs: v2.runs as RunLike[], context: v2,
      ...(e ? { expectations: { counts: { ...e.counts }, allowUnexpectedPass: e.allowUnexpectedPass } } : {}) };
  }
  if (r.format === 'pep567-report/1') {
    const v1 = r as V1Report;
    return { format: v1.format, createdAt: v1.createdAt, level: v1.level, runs: [{ implementation: v1.implementation, reference: v1.reference, level: v1.level, results: v1.results }], context: {} };
  }
  throw new Error(`unsupported report format ${JSON.stringify(r.format)}: this renderer reads pep567-report/1, pep567-report/2 and pep567-report/2.1`);
}

const statusOf = (s: string): CellStatus => knownStatus(s) ?? UNKNOWN_STATUS;

/** Aligns two whole traces per task path, like the comparator does, marking the divergent row. */
function wholeRows(expected: Observation[], actual: Observation[], d: { task: string; seq: number; ordered: boolean }): AlignedRow[] {
  if (d.ordered) {
    const n = Math.max(expected.length, actual.length);
    return Array.from({ length: n }, (_, i) => row(i, expected[i], actual[i], i === d.seq));
  }
  const tasks = [...new Set([...expected, ...actual].map((o) => o.task))];
  // The divergent task first: that is where the reader looks.
  tasks.sort((a, b) => (a === d.task ? -1 : b === d.task ? 1 : 0));
  const rows: AlignedRow[] = [];
  for (const t of tasks) {
    const es = expected.filter((o) => o.task === t), as = actual.filter((o) => o.task === t);
    for (let i = 0; i < Math.max(es.length, as.length); i++) rows.push(row(i, es[i], as[i], t === d.task && i === d.seq));
  }
  return rows;
}

function row(index: number, expected: Observation | undefined, actual: Observation | undefined, divergent: boolean): AlignedRow {
  const r: AlignedRow = { index, divergent };
  if (expected) r.expected = expected;
  if (actual) r.actual = actual;
  return r;
}

function detailOf(r: RunLike['results'][number], status: CellStatus): string | undefined {
  if (isPassed(status)) return r.messageDifferences?.length ? `${r.messageDifferences.length} error message(s) differ from the reference's` : undefined;
  const skip = skipKindOf(status);
  if (skip === 'unsupported') return `missing features: ${(r.missingFeatures ?? []).join(', ') || '(unknown)'}`;
  if (skip === 'differ') return (r as { reason?: string }).reason ?? 'semantics differ on purpose';
  if (junitOf(status) === 'failure' && r.divergence) return `${r.divergence.reason} at ${r.divergence.task} #${r.divergence.seq}, step ${r.divergence.step}`;
  const first = (r.error ?? '').split('\n')[0];
  return first || status;
}

export function buildView(report: unknown, lookup: FixtureLookup = fixturesLookup()): ReportView {
  const { format, createdAt, level, runs, context, expectations } = runsOf(report);
  const impls: ImplView[] = runs.map((run, index) => {
    const i = run.implementation;
    return { index, label: runLabel(run), spec: i.spec, name: i.name, version: i.version, runtime: i.runtime, reference: run.reference.dir, level: run.level, rerun: rerunTarget(run, context) };
  });
  // Two runs can share a label (the same adapter twice): the spec tells them apart.
  const seen = new Map<string, number>();
  for (const i of impls) seen.set(i.label, (seen.get(i.label) ?? 0) + 1);
  for (const i of impls) if (seen.get(i.label)! > 1) i.label = `${i.label} [${i.spec}]`;

  const scenarios = new Map<string, ScenarioView>();
  for (const run of runs) for (const r of run.results) {
    if (scenarios.has(r.id)) continue;
    const fixture = lookup(r.id) as { features?: unknown } | undefined;
    const features = r.features ?? (Array.isArray(fixture?.features) ? (fixture!.features as unknown[]).map(String) : []);
    scenarios.set(r.id, { id: r.id, area: r.area, title: r.title, features: [...features].sort(), file: `fixtures/${r.id}.json` });
  }
  const ordered = [...scenarios.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const position = new Map(ordered.map((s, i) => [s.id, i]));
  const cells: (CellView | undefined)[][] = ordered.map(() => impls.map(() => undefined));

  runs.forEach((run, impl) => {
    for (const r of run.results) {
      const status = statusOf(r.status);
      const cell: CellView = { impl, scenario: r.id, status, messageDifferences: r.messageDifferences?.length ?? 0, durationMs: r.durationMs };
      const detail = detailOf(r, status);
      if (detail !== undefined) cell.detail = detail;
      if (r.error && !isPassed(status)) cell.error = r.error;
      const extra = r as { unstable?: string[]; expectation?: { outcome: string; note?: string } };
      if (extra.unstable?.length) cell.unstable = extra.unstable;
      if (status === 'FAIL') cell.cause = (r as { cause?: { id?: string } }).cause?.id ?? 'unclassified';
      if (extra.expectation) {
        cell.expectation = extra.expectation.outcome;
        if (extra.expectation.note) cell.expectationNote = extra.expectation.note;
      }
      if (r.divergence) {
        const d = r.divergence;
        const traces = (r as { traces?: { expected: Observation[]; actual: Observation[] } }).traces;
        const view: DivergenceView = {
          task: d.task, seq: d.seq, ordered: d.ordered, step: d.step, reason: d.reason,
          rows: traces ? wholeRows(traces.expected, traces.actual, d) : d.context,
          whole: Boolean(traces),
        };
        if (d.expected) view.expected = d.expected;
        if (d.actual) view.actual = d.actual;
        const src = stepSource(lookup(r.id), d.step);
        if (src !== undefined) view.stepSource = src;
        cell.divergence = view;
      }
      cells[position.get(r.id)!]![impl] = cell;
    }
  });

  // The Python of scenarios that failed somewhere: what a reader of the failure wants to see.
  ordered.forEach((s, k) => {
    if (!cells[k]!.some((c) => c && (isFailing(c.status) || c.expectation === 'unexpected-pass'))) return;
    const fixture = lookup(s.id) as Scenario | undefined;
    if (!fixture || !Array.isArray(fixture.program)) return;
    try { s.program = programLines(fixture); } catch { /* a fixture this renderer cannot write out: shown without its program */ }
  });

  const areas = [...new Set(ordered.map((s) => s.area))].sort();
  const features = [...new Set(ordered.flatMap((s) => s.features))].sort();
  const counts = impls.map((_, i) => countOf(cells.flatMap((rowCells) => rowCells[i] ? [rowCells[i]!.status] : [])));
  const rate = (impl: number, keep: (s: ScenarioView) => boolean): Rate => {
    const r: Rate = { pass: 0, judged: 0, total: 0 };
    ordered.forEach((s, k) => {
      const cell = cells[k]![impl];
      if (!cell || !keep(s)) return;
      r.total++;
      if (!isJudged(cell.status)) return;
      r.judged++;
      if (isPassed(cell.status)) r.pass++;
    });
    return r;
  };
  const rates = impls.map((_, i) => ({
    total: rate(i, () => true),
    byArea: Object.fromEntries(areas.map((a) => [a, rate(i, (s) => s.area === a)])),
    byFeature: Object.fromEntries(features.map((f) => [f, rate(i, (s) => s.features.includes(f))])),
  }));
  return { format, createdAt, level, impls, scenarios: ordered, cells, areas, features, counts, rates, ...(expectations ? { expectations } : {}) };
}

/** Without expectations every failure is an error; with them, listed failures are warnings and unexpected passes errors (unless allowed). */
export function verdict(v: ReportView, cell: CellView): Verdict {
  switch (cell.expectation) {
    case 'expected': return isFailing(cell.status) ? 'warning' : undefined;
    case 'unexpected-pass': return v.expectations?.allowUnexpectedPass ? 'warning' : 'error';
    case 'new-failure': case 'changed-signature': return 'error';
    default: return isFailing(cell.status) ? 'error' : undefined;
  }
}

/** A few words on the expectation outcome of a cell, or undefined without one. */
export function expectationText(cell: CellView): string | undefined {
  switch (cell.expectation) {
    case undefined: return undefined;
    case 'expected': return isFailing(cell.status) ? 'known failure (listed in the expectations)' : undefined;
    case 'new-failure': return 'new failure (not in the expectations)';
    case 'changed-signature': return 'changed signature (the expectations list another status or divergence)';
    case 'unexpected-pass': return 'unexpected pass (the expectations list it as failing)';
    default: return cell.expectation;
  }
}

/** Cells that passed although the expectations list them as failing. */
export function unexpectedPasses(v: ReportView): { scenario: ScenarioView; cell: CellView; impl: ImplView }[] {
  const out: { scenario: ScenarioView; cell: CellView; impl: ImplView }[] = [];
  v.scenarios.forEach((scenario, k) => {
    for (const cell of v.cells[k]!) if (cell?.expectation === 'unexpected-pass') out.push({ scenario, cell, impl: v.impls[cell.impl]! });
  });
  return out;
}

/** A pass rate as text: "97.0%" of the judged cells, or "–" when none was judged. */
export function percent(r: Rate): string {
  return r.judged ? `${((100 * r.pass) / r.judged).toFixed(1)}%` : '–';
}

/** Failing cells (statuses of class failing) with their scenario, in scenario then implementation order. */
export function failures(v: ReportView): { scenario: ScenarioView; cell: CellView; impl: ImplView }[] {
  const out: { scenario: ScenarioView; cell: CellView; impl: ImplView }[] = [];
  v.scenarios.forEach((scenario, k) => {
    for (const cell of v.cells[k]!) if (cell && isFailing(cell.status)) out.push({ scenario, cell, impl: v.impls[cell.impl]! });
  });
  return out;
}

/** What each divergence reason means, in a few words. */
export const REASON_TEXT: Record<DivergenceReason, string> = {
  missing: 'the implementation did not make this observation',
  extra: 'the implementation made an observation CPython did not',
  task: 'another task made this observation (the global order differs)',
  op: 'another operation was observed',
  step: 'the observation comes from another fixture step',
  value: 'the value differs',
  'error-expected': 'CPython raised here, the implementation did not',
  'value-expected': 'the implementation raised here, CPython did not',
  kind: 'the exception class differs',
  message: 'the exception message differs',
};

/** Text of one observation: "main/A #2 get → 5" or "… try → LookupError: message". */
export function observationText(o: Observation | undefined): string {
  if (!o) return '(nothing)';
  const what = o.error ? `${o.error.kind}: ${o.error.message}` : o.value === undefined ? '' : JSON.stringify(o.value);
  return `${o.task} #${o.seq} ${o.op}${what ? ` → ${what}` : ''}`;
}

/** Per implementation, its FAIL cells grouped by cause (causes.ts), in implementation order. */
export function causesByImpl(v: ReportView): { impl: ImplView; causes: ImplCauses }[] {
  // A scenario's size is the length of its program as Python (the failing ones carry it).
  const lines = new Map(v.scenarios.map((s) => [s.id, s.program?.length ?? Infinity]));
  const size = (id: string) => lines.get(id) ?? Infinity;
  return v.impls.map((impl) => {
    const fails: { id: string; cause?: string }[] = [];
    v.scenarios.forEach((scenario, k) => {
      const cell = v.cells[k]![impl.index];
      if (cell?.status === 'FAIL') fails.push({ id: scenario.id, ...(cell.cause ? { cause: cell.cause } : {}) });
    });
    return { impl, causes: groupByCause(fails, size) };
  }).filter((x) => x.causes.failures > 0);
}
