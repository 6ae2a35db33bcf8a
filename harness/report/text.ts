/** The run command's text output: counts by area, then each failure's first divergence, then the summary line. */
import { formatDivergence } from '../compare/format.ts';
import { STATUSES, type Report, type Status } from './format.ts';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

/** `reportFile`, when given, is named just before the closing summary line (which stays last). */
export function renderText(report: Report, reportFile?: string): string {
  const areas = [...new Set(report.results.map((r) => r.area))].sort();
  const count = (area: string | null, s: Status) => report.results.filter((r) => (area === null || r.area === area) && r.status === s).length;
  const rows = [['area', ...STATUSES], ...areas.map((a) => [a, ...STATUSES.map((s) => String(count(a, s)))]), ['total', ...STATUSES.map((s) => String(count(null, s)))]];
  const out = [
    `${report.implementation.name} ${report.implementation.version} (${report.implementation.spec}) against ${report.reference.dir}, level ${report.level}`,
    '',
    table(rows),
  ];
  const bad = report.results.filter((r) => r.status === 'FAIL' || r.status === 'ERROR');
  if (bad.length) {
    out.push('', 'Divergences:');
    for (const r of bad) {
      out.push('', `${r.status} ${r.id}: ${r.title}`);
      if (r.divergence) out.push(formatDivergence(r.divergence));
      if (r.error) out.push(r.error.split('\n').map((l) => `  ${l}`).join('\n'));
    }
  }
  const differing = report.results.filter((r) => r.messageDifferences?.length).length;
  if (differing) out.push('', `${differing} passing scenario(s) have error messages that differ from ${report.reference.dir}'s (messageDifferences in report.json)`);
  if (reportFile) out.push('', `report: ${reportFile}`);
  const { passed, failed, skipped } = report.summary;
  out.push('', `${passed} passed, ${failed} failed, ${skipped} skipped`);
  return out.join('\n') + '\n';
}
