/** The run command's text output: per implementation, counts by area and each failure's first divergence; then the summary line. */
import { formatDivergence } from '../compare/format.ts';
import type { Observation } from '../format/trace.ts';
import { FAILING, STATUSES, type ImplementationRun, type Report, type Status } from './format.ts';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

/** Statuses that occur, plus PASS and FAIL always, so the common table stays narrow. */
function columns(run: ImplementationRun): Status[] {
  return STATUSES.filter((s) => s === 'PASS' || s === 'FAIL' || run.counts[s] > 0);
}

/** Escapes control characters (terminal escape sequences included) in text an implementation or fixture supplied; keeps newlines. */
export function terminalSafe(s: string): string {
  return s.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What a scenario that stopped had observed (TIMEOUT, CRASH, STALLED): how much, and the last observation. */
function partialLine(obs: readonly Observation[]): string {
  const last = obs.at(-1);
  if (!last) return 'observed nothing before it';
  const what = last.error ? `${last.error.kind}` : JSON.stringify(last.value);
  return `observed ${obs.length} observation(s) before it (partial in report.json); the last: ${last.task}#${last.seq} ${last.step} ${last.op} → ${what}`;
}

function renderRun(run: ImplementationRun): string[] {
  const cols = columns(run);
  const areas = [...new Set(run.results.map((r) => r.area))].sort();
  const count = (area: string | null, s: Status) => run.results.filter((r) => (area === null || r.area === area) && r.status === s).length;
  const rows = [['area', ...cols], ...areas.map((a) => [a, ...cols.map((s) => String(count(a, s)))]), ['total', ...cols.map((s) => String(count(null, s)))]];
  const i = run.implementation;
  const out = [
    terminalSafe(`${i.name} ${i.version} (${i.spec}${i.runtime ? `, ${i.runtime}` : ''}) against ${run.reference.dir}, level ${run.level}`),
    '',
    table(rows),
  ];
  const bad = run.results.filter((r) => FAILING.includes(r.status));
  if (bad.length) {
    out.push('', 'Divergences:');
    for (const r of bad) {
      out.push('', terminalSafe(`${r.status} ${r.id}: ${r.title}`));
      if (r.divergence) out.push(terminalSafe(formatDivergence(r.divergence)));
      if (r.error) out.push(terminalSafe(r.error.split('\n').map((l) => `  ${l}`).join('\n')));
      if (r.partial && !r.divergence) out.push(terminalSafe(`  ${partialLine(r.partial.observations)}`));
    }
  }
  const differ = run.results.filter((r) => r.status === 'SEMANTICS_DIFFER');
  if (differ.length) out.push('', `${differ.length} scenario(s) differ from PEP 567 by design (SEMANTICS_DIFFER; reasons in report.json)`);
  const differing = run.results.filter((r) => r.messageDifferences?.length).length;
  if (differing) out.push('', `${differing} passing scenario(s) have error messages that differ from ${run.reference.dir}'s (messageDifferences in report.json)`);
  const unstable = run.results.filter((r) => r.unstable);
  if (unstable.length) {
    out.push('', `${unstable.length} scenario(s) changed status between repetitions:`);
    for (const r of unstable) out.push(`  ${r.id}: ${r.unstable!.join(' -> ')}`);
  }
  return out;
}

/** `extra` lines (report paths, expectation outcomes) come just before the closing summary line, which stays last. */
export function renderText(report: Report, ...extra: string[]): string {
  const out: string[] = [];
  for (const run of report.runs) out.push(...(out.length ? ['', ''] : []), ...renderRun(run));
  for (const e of extra) if (e) out.push('', e);
  const { passed, failed, skipped } = report.summary;
  out.push('', `${passed} passed, ${failed} failed, ${skipped} skipped`);
  return out.join('\n') + '\n';
}
