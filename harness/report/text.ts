/**
 * The run command's text output, read at a glance: for one implementation its counts by area; one
 * line per implementation (passed, failed, unsupported, differ, skipped, and a pass rate where at
 * least MIN_JUDGED scenarios were judged); the divergences, at most a screenful, each with the
 * command that reruns it, then where the full list is; the closing summary line, last.
 */
import type { Observation } from '../format/trace.ts';
import type { ImplementationRun, Report, ScenarioResult } from './report.ts';
import { countOf, failedText, isCompared, isFailing, notJudgedText, skippedText, STATUSES, totalsOf, type Status } from '../primitives/statuses.ts';
import { terminalLine } from './render/escape.ts';
import { divergenceLine } from './render/groups.ts';
import { causesHeadline, groupByCause, programSize, showCommand } from './render/causes.ts';
import { fixturesLookup } from './render/view.ts';
import { rerunCommand, rerunTarget, runLabel } from './render/rerun.ts';

/** Fewer judged scenarios than this make a pass rate that says nothing ("100%" of 1). */
export const MIN_JUDGED = 10;
/** Lines the divergences may take: about a screenful. */
export const DIVERGENCE_LINES = 36;

/** Text for the terminal that keeps its lines (escape.ts): `pep567 show` and `diff` print with it. */
export { terminal as terminalSafe } from './render/escape.ts';

/** Rows as aligned columns: text columns (`left`) padded on the right, numbers on the left. */
function table(rows: string[][], left: (i: number) => boolean = (i) => i === 0): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
}

/** Statuses that occur, plus the passed and the failed one (PASS, FAIL) always, so the area table stays narrow. */
function columns(run: ImplementationRun): Status[] {
  return STATUSES.filter((s) => isCompared(s) || run.results.some((r) => r.status === s));
}

function areaTable(run: ImplementationRun): string[] {
  const cols = columns(run);
  const areas = [...new Set(run.results.map((r) => r.area))].sort();
  const count = (area: string | null, s: Status) => run.results.filter((r) => (area === null || r.area === area) && r.status === s).length;
  return table([['area', ...cols], ...areas.map((a) => [a, ...cols.map((s) => String(count(a, s)))]), ['total', ...cols.map((s) => String(count(null, s)))]]);
}

/** The totals of statuses.ts over some results. */
const tally = (results: readonly ScenarioResult[]) => totalsOf(countOf(results.map((r) => r.status)));

export function passRate(results: readonly ScenarioResult[]): string {
  const { judged, passed } = tally(results);
  return judged >= MIN_JUDGED ? `${((100 * passed) / judged).toFixed(1)}%` : judged ? `– (${judged} judged)` : '–';
}

function runLines(report: Report): string[] {
  const notRun = report.runs.some((r) => tally(r.results).notRun > 0);
  // "skipped" here is the not-in-reference kind alone: the other kinds have columns of their own.
  const head = ['implementation', 'reference', 'passed', 'failed', 'unsupported', 'differ', 'skipped', ...(notRun ? ['not run'] : []), 'pass rate', '--impl'];
  const rows = report.runs.map((run) => {
    const t = tally(run.results);
    return [runLabel(run), run.reference.dir, String(t.passed), String(t.failed), String(t.skips.unsupported), String(t.skips.differ), String(t.skips['not in reference']),
      ...(notRun ? [String(t.notRun)] : []), passRate(run.results), run.implementation.spec];
  });
  // The spec column is last: a long adapter path does not push the numbers apart.
  return table([head, ...rows], (i) => i < 2 || i === head.length - 1);
}

/** Where a failing result first went wrong, in one line: the same line on two implementations is one group. */
function whereLine(r: ScenarioResult): string {
  return r.divergence ? divergenceLine(r.divergence, 'expected (CPython):', 'actual:') : (r.error ?? r.status).split('\n')[0]!;
}



interface DivergenceGroup { result: ScenarioResult; where: string; runs: ImplementationRun[]; rerun: string }

/** Failing results grouped by scenario, status and first divergence, the largest groups first (as the HTML report does). */
/**
 * What puts failing results of the text in one group: equal keys, one group, shown with `where`.
 * The default is one scenario, one status, one first divergence; a grouping by cause (explain/) is another.
 */
export interface TextGroupBy { key(r: ScenarioResult, run: ImplementationRun): string; where(r: ScenarioResult, run: ImplementationRun): string }
export const byFirstDivergence: TextGroupBy = { key: (r) => JSON.stringify([r.id, r.status, whereLine(r)]), where: (r) => whereLine(r) };

function divergenceGroups(report: Report, by: TextGroupBy = byFirstDivergence): DivergenceGroup[] {
  const byKey = new Map<string, DivergenceGroup>();
  for (const run of report.runs) for (const r of run.results) {
    if (!isFailing(r.status)) continue;
    const where = by.where(r, run);
    const key = by.key(r, run);
    const c = byKey.get(key);
    if (c) c.runs.push(run); else byKey.set(key, { result: r, where, runs: [run], rerun: rerunCommand(rerunTarget(run, report), r.id) });
  }
  // Against expectations, what changed comes first (a new failure, a changed signature), then the known ones.
  const changed = (c: DivergenceGroup) => (c.result.expectation && c.result.expectation.outcome !== 'expected' ? 0 : 1);
  return [...byKey.values()].sort((a, b) => changed(a) - changed(b) || b.runs.length - a.runs.length || (a.result.id < b.result.id ? -1 : a.result.id > b.result.id ? 1 : 0));
}

/** What a scenario that stopped had observed (TIMEOUT, CRASH, STALLED): how much, and the last observation. */
function partialLine(obs: readonly Observation[]): string {
  const last = obs.at(-1);
  if (!last) return 'observed nothing before it';
  const what = last.error ? `${last.error.kind}` : JSON.stringify(last.value);
  return `observed ${obs.length} observation(s) before it (partial in report.json); the last: ${last.task}#${last.seq} ${last.step} ${last.op} → ${what}`;
}

/** Three lines for a group (four when it stopped with partial observations): what and on which implementations, where it first went wrong, how to rerun it. */
function groupLines(c: DivergenceGroup): string[] {
  const names = c.runs.map(runLabel);
  const who = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  const partial = c.result.partial && !c.result.divergence ? [`  ${partialLine(c.result.partial.observations)}`] : [];
  const outcome = c.result.expectation?.outcome;
  const changed = outcome && outcome !== 'expected' ? `${outcome}: ` : '';
  return [`${changed}${c.result.status} ${c.result.id} on ${who}: ${c.result.title}`, `  ${c.where}`, ...partial, `  rerun: ${c.rerun}`];
}

function divergences(report: Report, fullList: string | undefined, by?: TextGroupBy): string[] {
  const all = divergenceGroups(report, by);
  if (!all.length) return [];
  const cells = all.reduce((n, c) => n + c.runs.length, 0);
  const fit = Math.max(1, Math.floor(DIVERGENCE_LINES / 3));
  const where = fullList ?? 'report.json';
  const what = cells === all.length ? `${cells}` : `${cells} in ${all.length} groups (one scenario, one first divergence)`;
  const out = ['', all.length > fit ? `Divergences: ${what}; the first ${fit} below, every one in ${where}` : `Divergences: ${what}`, ''];
  for (const c of all.slice(0, fit)) out.push(...groupLines(c));
  if (all.length > fit) out.push('', `… ${all.length - fit} more in ${where}`);
  return out;
}

/** Per implementation with FAILs: "node-als: 60 failures from 5 causes", then each cause with its count, its smallest scenario and the commands to see and rerun it. */
function causeSection(report: Report): string[] {
  const lookup = fixturesLookup();
  const size = (id: string) => programSize(lookup(id));
  const out: string[] = [];
  for (const run of report.runs) {
    const fails = run.results.filter((r) => r.status === 'FAIL').map((r) => ({ id: r.id, ...(r.cause ? { cause: r.cause.id } : {}) }));
    if (!fails.length) continue;
    const c = groupByCause(fails, size);
    out.push('', causesHeadline(runLabel(run), c));
    for (const g of c.groups)
      out.push(`  ${g.scenarios.length} × ${g.title}: smallest ${g.smallest}`, `      ${showCommand(g.smallest)}  |  ${rerunCommand(rerunTarget(run, report), g.smallest)}`);
  }
  return out;
}

function notes(report: Report): string[] {
  const out: string[] = [];
  const differ = tally(report.runs.flatMap((run) => run.results)).skips.differ;
  if (differ) out.push(`${differ} result(s) differ from PEP 567 by design (SEMANTICS_DIFFER; reasons in report.json)`);
  const byReference = new Map<string, number>();
  for (const run of report.runs) {
    const n = run.results.filter((r) => r.messageDifferences?.length).length;
    if (n) byReference.set(run.reference.dir, (byReference.get(run.reference.dir) ?? 0) + n);
  }
  for (const [ref, n] of byReference) out.push(`${n} passing result(s) have error messages that differ from ${ref}'s (messageDifferences in report.json)`);
  const unstable = report.runs.flatMap((run) => run.results.filter((r) => r.unstable).map((r) => `  ${r.id} on ${runLabel(run)}: ${r.unstable!.join(' -> ')}`));
  if (unstable.length) out.push(`${unstable.length} result(s) changed status between repetitions:`, ...unstable.slice(0, 10), ...(unstable.length > 10 ? [`  … ${unstable.length - 10} more in report.json`] : []));
  return out;
}

/**
 * `12 passed, 41 failed (31 FAIL, 10 ERROR), 40 skipped (30 unsupported, 8 differ, 2 not in reference)`:
 * the failing statuses and the kinds of skip apart, so the parts add up to what the groups show.
 */
export function summaryLine(report: Report): string {
  const t = tally(report.runs.flatMap((r) => r.results));
  // An interrupted run's results not run (NOT_RUN) come after, as `, N not run`.
  return `${t.passed} passed, ${failedText(t)}, ${skippedText(t)}${t.notRun ? `, ${t.notRun} not run` : ''}`;
}

export interface TextOptions {
  /** Blocks of lines (report paths, expectation outcomes) just before the closing summary line. */
  extra?: (string | readonly string[])[];
  /** Where every failure is listed (matrix.md), named when the screenful cannot hold them. */
  fullList?: string;
  /** How the divergences are grouped (default: byFirstDivergence). */
  groupBy?: TextGroupBy;
}

export function renderReportText(report: Report, o: TextOptions = {}): string {
  const out: string[] = [];
  if (report.runs.length === 1) {
    const run = report.runs[0]!;
    out.push(`${runLabel(run)} (${run.implementation.spec}) against ${run.reference.dir}, level ${run.level}`, '', ...areaTable(run), '');
  }
  out.push(...runLines(report));
  if (report.runs.some((r) => { const t = tally(r.results); return t.judged > 0 && t.judged < MIN_JUDGED; }))
    out.push(`(a pass rate is shown where at least ${MIN_JUDGED} scenarios were judged; ${notJudgedText} are not judged)`);
  out.push(...causeSection(report));
  out.push(...divergences(report, o.fullList, o.groupBy));
  const n = notes(report);
  if (n.length) out.push('', ...n);
  for (const e of o.extra ?? []) if (e.length) out.push('', ...(typeof e === 'string' ? [e] : e));
  out.push('', summaryLine(report));
  // Each element is one line; what an implementation or a fixture wrote inside it cannot make another
  // (a newline in an adapter's name or error), nor a control sequence or a GitHub workflow command.
  return out.map(terminalLine).join('\n') + '\n';
}

/** `extra` lines (report paths, expectation outcomes) come just before the closing summary line, which stays last. */
export function renderText(report: Report, ...extra: string[]): string {
  return renderReportText(report, { extra });
}
