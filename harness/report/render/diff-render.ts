/** `pep567 diff` output: terminal text, Markdown (diff.md) and a self-contained HTML page (diff.html). */
import { createHash } from 'node:crypto';
import { html as h, mdInline, truncate } from './escape.ts';
import { CHANGE_KINDS, implName, KIND_TITLE, presence, transition, type Change, type ChangeKind, type ImplDiff, type ReportDiff } from './diff.ts';
import { rerunCommand } from './rerun.ts';
import { isPassed } from '../../primitives/statuses.ts';

/** Changes listed per kind in the terminal before "… N more". */
const TERMINAL_PER_KIND = 10;

function rerun(d: ImplDiff, c: Change): string | undefined {
  return d.new && c.new && c.kind !== 'fix' && !isPassed(c.new.status) ? rerunCommand(d.new.rerun, c.scenario.id) : undefined;
}

function table(d: ReportDiff): string[][] {
  return [['implementation', 'pass rate', ...CHANGE_KINDS.map((k) => (k === 'regression' ? 'regressions' : k === 'fix' ? 'fixes' : k))],
    ...d.impls.map((x) => [implName(x), presence(x) ?? `${x.oldRate} → ${x.newRate}`, ...CHANGE_KINDS.map((k) => String(x.counts[k]))])];
}

export function diffText(d: ReportDiff, safe: (s: string) => string): string {
  const rows = table(d);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const out = [`${d.old.file} (${d.old.createdAt}) → ${d.new.file} (${d.new.createdAt})`, '',
    ...rows.map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd())];
  for (const kind of ['regression', 'fix', 'changed', 'new', 'removed'] as ChangeKind[]) {
    const all = d.impls.flatMap((x) => x.changes.filter((c) => c.kind === kind).map((c) => ({ x, c })));
    if (!all.length) continue;
    out.push('', `${KIND_TITLE[kind]}: ${all.length}`);
    for (const { x, c } of all.slice(0, TERMINAL_PER_KIND)) {
      out.push(`  ${c.scenario.id} on ${implName(x)}: ${transition(c)}`);
      if (c.detail && kind !== 'fix') out.push(`    ${c.detail}`);
      const cmd = rerun(x, c);
      if (cmd) out.push(`    rerun: ${cmd}`);
    }
    if (all.length > TERMINAL_PER_KIND) out.push(`  … ${all.length - TERMINAL_PER_KIND} more (diff.md, diff.html: \`--format md,html\`)`);
  }
  const r = d.impls.reduce((n, x) => n + x.counts.regression, 0), f = d.impls.reduce((n, x) => n + x.counts.fix, 0);
  const c = d.impls.reduce((n, x) => n + x.counts.changed, 0), nw = d.impls.reduce((n, x) => n + x.counts.new, 0);
  out.push('', `${r} regression(s), ${f} fix(es), ${c} other change(s), ${nw} new scenario result(s)`);
  return safe(out.join('\n')) + '\n';
}

export function diffMarkdown(d: ReportDiff): string {
  const t = (s: string) => mdInline(truncate(s, 300));
  const rows = table(d);
  const out = ['# PEP 567 conformance: changes', '', `${t(d.old.file)} (${t(d.old.createdAt)}) → ${t(d.new.file)} (${t(d.new.createdAt)})`, '',
    `| ${rows[0]!.join(' | ')} |`, `| --- | --- | ${CHANGE_KINDS.map(() => '---:').join(' | ')} |`, ...rows.slice(1).map((r) => `| ${r.map(t).join(' | ')} |`), ''];
  for (const kind of CHANGE_KINDS) {
    const all = d.impls.flatMap((x) => x.changes.filter((c) => c.kind === kind).map((c) => ({ x, c })));
    if (!all.length) continue;
    out.push(`## ${KIND_TITLE[kind]} (${all.length})`, '');
    for (const { x, c } of all) {
      const cmd = rerun(x, c);
      out.push(`- ${t(c.scenario.id)} on ${t(implName(x))}: ${t(transition(c))}${c.detail && kind !== 'fix' ? ` (${t(c.detail)})` : ''}${cmd ? ` \`${cmd.replace(/`/g, "'")}\`` : ''}`);
    }
    out.push('');
  }
  return out.join('\n');
}

const CSS = `body { font: 14px/1.4 system-ui, sans-serif; margin: 0 1.5rem 3rem; color: #212121; }
table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } td.bad { color: #c62828; font-weight: 700; } td.good { color: #2e7d32; font-weight: 700; }
code { font: 12px ui-monospace, monospace; } .detail { color: #555; font: 12px ui-monospace, monospace; overflow-wrap: anywhere; }
h2.regression { color: #c62828; } h2.fix { color: #2e7d32; }`;

export function diffHtml(d: ReportDiff): string {
  const t = (s: string) => h(truncate(s, 2000));
  const head = `<tr>${table(d)[0]!.map((c) => `<th>${t(c)}</th>`).join('')}</tr>`;
  const body = d.impls.map((x) => `<tr><td>${t(implName(x))}</td><td>${t(presence(x) ?? `${x.oldRate} → ${x.newRate}`)}</td>${CHANGE_KINDS.map((k) => `<td class="num${x.counts[k] && k === 'regression' ? ' bad' : x.counts[k] && k === 'fix' ? ' good' : ''}">${x.counts[k]}</td>`).join('')}</tr>`).join('');
  const lists = CHANGE_KINDS.map((kind) => {
    const all = d.impls.flatMap((x) => x.changes.filter((c) => c.kind === kind).map((c) => ({ x, c })));
    if (!all.length) return '';
    const items = all.map(({ x, c }) => {
      const cmd = rerun(x, c);
      return `<tr><td><code>${t(c.scenario.id)}</code></td><td>${t(implName(x))}</td><td>${t(transition(c))}</td><td class="detail">${c.detail && kind !== 'fix' ? t(c.detail) : ''}${cmd ? `<br><code>${t(cmd)}</code>` : ''}</td></tr>`;
    }).join('');
    return `<h2 class="${kind}">${t(KIND_TITLE[kind])} (${all.length})</h2><table><thead><tr><th>scenario</th><th>implementation</th><th>status</th><th>first divergence, rerun</th></tr></thead><tbody>${items}</tbody></table>`;
  }).join('\n');
  const csp = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS, 'utf8').digest('base64')}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>PEP 567 conformance: changes</title>
<style>${CSS}</style>
</head>
<body>
<h1>PEP 567 conformance: changes</h1>
<p>${t(d.old.file)} (${t(d.old.createdAt)}) → ${t(d.new.file)} (${t(d.new.createdAt)})</p>
<table><thead>${head}</thead><tbody>${body}</tbody></table>
${lists || '<p>No change.</p>'}
</body>
</html>
`;
}
