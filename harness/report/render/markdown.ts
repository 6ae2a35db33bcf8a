/**
 * The Markdown summary for pull requests, GitHub step summaries and matrix.md: totals per
 * implementation, pass rates per area, then the failing cells with their first divergence.
 */
import { mdCode, mdInline, mdInlineCode, truncate } from './escape.ts';
import { rerunCommand } from './rerun.ts';
import { causesByImpl, expectationText, failures, observationText, percent, REASON_TEXT, unexpectedPasses, type ReportView } from './view.ts';
import { notJudgedText, STATUSES } from '../../primitives/statuses.ts';
import { causesHeadline, showCommand } from './causes.ts';

export interface MarkdownOptions {
  /** At most this many failures are listed in full (GitHub caps a step summary at 1 MiB); matrix.md lists every one. */
  maxFailures?: number;
  /** Longest text kept from any one string. */
  maxString?: number;
}

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

export function renderMarkdown(v: ReportView, o: MarkdownOptions = {}): string {
  const maxFailures = o.maxFailures ?? Infinity;
  const cut = (s: string) => truncate(s, o.maxString ?? 300);
  const t = (s: string) => mdInline(cut(s));
  const out: string[] = ['# PEP 567 conformance', ''];
  const shown = STATUSES.filter((s) => v.counts.some((c) => c[s] > 0));
  out.push(`${v.scenarios.length} scenario(s), ${v.impls.length} implementation(s), level ${t(v.level)}, ${t(v.createdAt)}.`, '');
  out.push(row(['implementation', 'reference', 'pass rate', ...shown]), row(['---', '---', '---:', ...shown.map(() => '---:')]));
  for (const i of v.impls) out.push(row([t(i.label), t(i.reference), percent(v.rates[i.index]!.total), ...shown.map((s) => String(v.counts[i.index]![s]))]));
  out.push('', `Pass rate = PASS over the cells judged (${notJudgedText} left out).`, '');
  if (v.expectations) {
    const c = v.expectations.counts;
    out.push(`Expectations: ${Object.entries(c).map(([k, n]) => `${n} ${t(k)}`).join(', ')}${v.expectations.allowUnexpectedPass ? ' (unexpected passes allowed)' : ''}.`, '');
  }

  out.push('## By area', '', row(['area', ...v.impls.map((i) => t(i.label))]), row(['---', ...v.impls.map(() => '---:')]));
  for (const a of v.areas) out.push(row([t(a), ...v.impls.map((i) => { const r = v.rates[i.index]!.byArea[a]!; return `${percent(r)} (${r.pass}/${r.judged})`; })]));
  out.push('');

  const byCause = causesByImpl(v);
  if (byCause.length) {
    out.push('## Causes', '');
    for (const { impl, causes } of byCause) {
      out.push(`### ${t(causesHeadline(impl.label, causes))}`, '', row(['cause', 'failures', 'what the implementation does', 'smallest scenario', 'rerun']), row(['---', '---:', '---', '---', '---']));
      for (const g of causes.groups)
        out.push(row([t(g.title), String(g.scenarios.length), t(g.explanation), `${t(g.smallest)} (${mdInlineCode(showCommand(g.smallest))})`, mdInlineCode(rerunCommand(impl.rerun, g.smallest))]));
      out.push('');
      for (const g of causes.groups) {
        const program = v.scenarios.find((s) => s.id === g.smallest)?.program;
        if (!program) continue;
        out.push(`<details><summary>${t(g.title)}: ${t(g.smallest)} as Python</summary>`, '', mdCode(program.map((l) => `${'    '.repeat(l.indent)}${l.text}`).join('\n'), 'python'), '', '</details>', '');
      }
    }
  }

  const bad = failures(v);
  out.push(`## Failures (${bad.length})`, '');
  if (!bad.length) out.push('None.', '');
  for (const { scenario, cell, impl } of bad.slice(0, maxFailures)) {
    const known = expectationText(cell);
    out.push(`- **${cell.status}** ${t(scenario.id)} on ${t(impl.label)}: ${t(scenario.title)}${known ? ` (${t(known)})` : ''}`);
    const d = cell.divergence;
    if (d) {
      out.push(`  - ${t(REASON_TEXT[d.reason])}: task ${t(d.task)}, ${d.ordered ? 'global index' : 'seq'} ${d.seq}, step ${t(d.step)} of ${t(scenario.file)}`);
      const lines = [`expected (CPython): ${cut(observationText(d.expected))}`, `actual:             ${cut(observationText(d.actual))}`];
      if (d.stepSource) lines.push(`fixture step:       ${cut(d.stepSource)}`);
      out.push('', mdCode(lines.join('\n')).split('\n').map((l) => `    ${l}`).join('\n'), '');
    } else if (cell.detail) {
      out.push(`  - ${t(cell.detail)}`);
    }
    out.push(`  - rerun: ${mdInlineCode(rerunCommand(impl.rerun, scenario.id))}`);
  }
  if (bad.length > maxFailures) out.push('', `… and ${bad.length - maxFailures} more (see the HTML report or report.json).`);
  const flipped = unexpectedPasses(v);
  if (flipped.length) {
    out.push('', `## Unexpected passes (${flipped.length})`, '');
    for (const { scenario, impl, cell } of flipped) out.push(`- ${t(scenario.id)} on ${t(impl.label)}${cell.expectationNote ? `: ${t(cell.expectationNote)}` : ''}`);
  }
  out.push('');
  return out.join('\n');
}
