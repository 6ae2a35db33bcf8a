/**
 * The run command's text output, read at a glance: for one implementation its counts by area; one
 * line per implementation (passed, failed, unsupported, differ, skipped, and a pass rate where at
 * least MIN_JUDGED scenarios were judged); the divergences, at most a screenful, each with the
 * command that reruns it, then where the full list is; the closing summary line, last.
 */
import type { Observation } from '../format/trace.ts';
import { FAILING, STATUSES, type ImplementationRun, type Report, type ScenarioResult, type Status } from './report.ts';
import { divergenceLine } from './render/groups.ts';
import { rerunCommand, rerunTarget, runLabel } from './render/rerun.ts';

/** Fewer judged scenarios than this make a pass rate that says nothing ("100%" of 1). */
export const MIN_JUDGED = 10;
/** Lines the divergences may take: about a screenful. */
export const DIVERGENCE_LINES = 36;

/** Escapes control characters (terminal escape sequences included) in text an implementation or fixture supplied; keeps newlines. */
export function terminalSafe(s: string): string {
  return s.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Rows as aligned columns: text columns (`left`) padded on the right, numbers on the left. */
function table(rows: string[][], left: (i: number) => boolean = (i) => i === 0): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
}

/** Statuses that occur, plus PASS and FAIL always, so the area table stays narrow. */
function columns(run: ImplementationRun): Status[] {
  return STATUSES.filter((s) => s === 'PASS' || s === 'FAIL' || run.results.some((r) => r.status === s));
}

function areaTable(run: ImplementationRun): string[] {
  const cols = columns(run);
  const areas = [...new Set(run.results.map((r) => r.area))].sort();
  const count = (area: string | null, s: Status) => run.results.filter((r) => (area === null || r.area === area) && r.status === s).length;
  return table([['area', ...cols], ...areas.map((a) => [a, ...cols.map((s) => String(count(a, s)))]), ['total', ...cols.map((s) => String(count(null, s)))]]);
}

/** The counts a run line shows; `failed` is every failing status, `skipped` what the range excluded (SKIPPED). */
function tally(results: readonly ScenarioResult[]) {
  const n = (s: Status) => results.filter((r) => r.status === s).length;
  const failed = results.filter((r) => FAILING.includes(r.status)).length;
  // NOT_RUN (an interrupted run) has its own count; a status this code does not know yet counts as other.
  const t = { passed: n('PASS'), failed, unsupported: n('UNSUPPORTED'), differ: n('SEMANTICS_DIFFER'), skipped: n('SKIPPED'), notRun: n('NOT_RUN' as Status) };
  return { ...t, other: results.length - t.passed - t.failed - t.unsupported - t.differ - t.skipped - t.notRun };
}

export function passRate(results: readonly ScenarioResult[]): string {
  const t = tally(results);
  const judged = t.passed + t.failed;
  return judged >= MIN_JUDGED ? `${((100 * t.passed) / judged).toFixed(1)}%` : judged ? `– (${judged} judged)` : '–';
}

function runLines(report: Report): string[] {
  const other = report.runs.some((r) => tally(r.results).other > 0), notRun = report.runs.some((r) => tally(r.results).notRun > 0);
  const head = ['implementation', 'reference', 'passed', 'failed', 'unsupported', 'differ', 'skipped', ...(notRun ? ['not run'] : []), ...(other ? ['other'] : []), 'pass rate', '--impl'];
  const rows = report.runs.map((run) => {
    const t = tally(run.results);
    return [runLabel(run), run.reference.dir, String(t.passed), String(t.failed), String(t.unsupported), String(t.differ), String(t.skipped),
      ...(notRun ? [String(t.notRun)] : []), ...(other ? [String(t.other)] : []), passRate(run.results), run.implementation.spec];
  });
  // The spec column is last: a long adapter path does not push the numbers apart.
  return table([head, ...rows], (i) => i < 2 || i === head.length - 1);
}

/** Where a failing result first went wrong, in one line: the same line on two implementations is one cause. */
function whereLine(r: ScenarioResult): string {
  return r.divergence ? divergenceLine(r.divergence, 'expected (CPython):', 'actual:') : (r.error ?? r.status).split('\n')[0]!;
}

const rerunOf = (run: ImplementationRun, id: string) => rerunCommand(rerunTarget(run), id);

interface Cause { result: ScenarioResult; where: string; runs: ImplementationRun[] }

/** Failing results grouped by scenario, status and first divergence, the largest groups first (as the HTML report does). */
function causes(report: Report): Cause[] {
  const byKey = new Map<string, Cause>();
  for (const run of report.runs) for (const r of run.results) {
    if (!FAILING.includes(r.status)) continue;
    const where = whereLine(r);
    const key = JSON.stringify([r.id, r.status, where]);
    const c = byKey.get(key);
    if (c) c.runs.push(run); else byKey.set(key, { result: r, where, runs: [run] });
  }
  return [...byKey.values()].sort((a, b) => b.runs.length - a.runs.length || (a.result.id < b.result.id ? -1 : a.result.id > b.result.id ? 1 : 0));
}

/** What a scenario that stopped had observed (TIMEOUT, CRASH, STALLED): how much, and the last observation. */
function partialLine(obs: readonly Observation[]): string {
  const last = obs.at(-1);
  if (!last) return 'observed nothing before it';
  const what = last.error ? `${last.error.kind}` : JSON.stringify(last.value);
  return `observed ${obs.length} observation(s) before it (partial in report.json); the last: ${last.task}#${last.seq} ${last.step} ${last.op} → ${what}`;
}

/** Three lines for a cause (four when it stopped with partial observations): what and on which implementations, where it first went wrong, how to rerun it. */
function causeLines(c: Cause): string[] {
  const names = c.runs.map(runLabel);
  const who = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  const partial = c.result.partial && !c.result.divergence ? [`  ${partialLine(c.result.partial.observations)}`] : [];
  return [`${c.result.status} ${c.result.id} on ${who}: ${c.result.title}`, `  ${c.where}`, ...partial, `  rerun: ${rerunOf(c.runs[0]!, c.result.id)}`];
}

function divergences(report: Report, fullList: string | undefined): string[] {
  const all = causes(report);
  if (!all.length) return [];
  const cells = all.reduce((n, c) => n + c.runs.length, 0);
  const fit = Math.max(1, Math.floor(DIVERGENCE_LINES / 3));
  const where = fullList ?? 'report.json';
  const what = cells === all.length ? `${cells}` : `${cells} in ${all.length} causes (one scenario, one first divergence)`;
  const out = ['', all.length > fit ? `Divergences: ${what}; the first ${fit} below, every one in ${where}` : `Divergences: ${what}`, ''];
  for (const c of all.slice(0, fit)) out.push(...causeLines(c).map(terminalSafe));
  if (all.length > fit) out.push('', `… ${all.length - fit} more in ${where}`);
  return out;
}

function notes(report: Report): string[] {
  const out: string[] = [];
  const differ = report.runs.flatMap((run) => run.results.filter((r) => r.status === 'SEMANTICS_DIFFER'));
  if (differ.length) out.push(`${differ.length} result(s) differ from PEP 567 by design (SEMANTICS_DIFFER; reasons in report.json)`);
  const byReference = new Map<string, number>();
  for (const run of report.runs) {
    const n = run.results.filter((r) => r.messageDifferences?.length).length;
    if (n) byReference.set(run.reference.dir, (byReference.get(run.reference.dir) ?? 0) + n);
  }
  for (const [ref, n] of byReference) out.push(`${n} passing result(s) have error messages that differ from ${ref}'s (messageDifferences in report.json)`);
  const unstable = report.runs.flatMap((run) => run.results.filter((r) => r.unstable).map((r) => `  ${r.id} on ${runLabel(run)}: ${r.unstable!.join(' -> ')}`));
  if (unstable.length) out.push(`${unstable.length} result(s) changed status between repetitions:`, ...unstable.slice(0, 10), ...(unstable.length > 10 ? [`  … ${unstable.length - 10} more in report.json`] : []));
  return out.map(terminalSafe);
}

/** `12 passed, 3 failed, 40 skipped (30 unsupported, 8 differ, 2 out of range)`: the first three counts as always, the kinds of skip apart. */
export function summaryLine(report: Report): string {
  const { passed, failed, skipped } = report.summary;
  const all = report.runs.flatMap((r) => r.results);
  const t = tally(all);
  const parts = [[t.unsupported, 'unsupported'], [t.differ, 'differ'], [t.skipped, 'out of range'], [t.other, 'other']] as const;
  const kinds = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  // An interrupted run's results not run (NOT_RUN) come after, as `, N not run`.
  return `${passed} passed, ${failed} failed, ${skipped} skipped${skipped && kinds.length ? ` (${kinds.join(', ')})` : ''}${t.notRun ? `, ${t.notRun} not run` : ''}`;
}

export interface TextOptions {
  /** Lines (report paths, expectation outcomes) just before the closing summary line. */
  extra?: string[];
  /** Where every failure is listed (matrix.md), named when the screenful cannot hold them. */
  fullList?: string;
}

export function renderReportText(report: Report, o: TextOptions = {}): string {
  const out: string[] = [];
  if (report.runs.length === 1) {
    const run = report.runs[0]!;
    out.push(terminalSafe(`${runLabel(run)} (${run.implementation.spec}) against ${run.reference.dir}, level ${run.level}`), '', ...areaTable(run), '');
  }
  out.push(...runLines(report).map(terminalSafe));
  if (report.runs.some((r) => { const t = tally(r.results); return t.passed + t.failed > 0 && t.passed + t.failed < MIN_JUDGED; }))
    out.push(`(a pass rate is shown where at least ${MIN_JUDGED} scenarios were judged; UNSUPPORTED, SEMANTICS_DIFFER and SKIPPED are not judged)`);
  out.push(...divergences(report, o.fullList));
  const n = notes(report);
  if (n.length) out.push('', ...n);
  for (const e of o.extra ?? []) if (e) out.push('', e);
  out.push('', summaryLine(report));
  return out.join('\n') + '\n';
}

/** `extra` lines (report paths, expectation outcomes) come just before the closing summary line, which stays last. */
export function renderText(report: Report, ...extra: string[]): string {
  return renderReportText(report, { extra });
}
