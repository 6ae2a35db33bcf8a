/**
 * The HTML report: one self-contained file (inline CSS, script and SVG; no network) with the
 * implementation × scenario matrix, pass-rate charts, filters, and each failing cell's expected and
 * actual observations side by side. Every string from a report is escaped here; a
 * Content-Security-Policy admits only this file's own script and stylesheet, by hash, so markup
 * that slipped through escaping still could not run.
 */
import { createHash } from 'node:crypto';
import { CSS, SCRIPT } from './html-assets.ts';
import { chart, legend, MAX_BARS, swatchCss } from './html-chart.ts';
import { html as h, truncate } from './escape.ts';
import { BROKEN, expectationText, failures, percent, unexpectedPasses, verdict, REASON_TEXT, VIEW_STATUSES, type CellView, type ImplView, type ReportView, type ScenarioView } from './view.ts';
import type { AlignedRow } from '../../compare/compare.ts';
import type { Observation } from '../../format/trace.ts';

const MAX = 2000;
const t = (s: string) => h(truncate(s, MAX));
const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
/** Matrix cells are narrow when many implementations run; the full status is in the cell's tooltip and data. */
const SHORT: Record<CellView['status'], string> = {
  PASS: 'PASS', FAIL: 'FAIL', UNSUPPORTED: 'UNSUP', SEMANTICS_DIFFER: 'DIFFER', ERROR: 'ERROR', TIMEOUT: 'TIMEOUT', CRASH: 'CRASH', PROTOCOL_ERROR: 'PROTO', STALLED: 'STALL', SKIPPED: 'SKIP',
};
const detailId = (k: number, impl: number) => `f-${k}-${impl}`;

function summaryTable(v: ReportView): string {
  const shown = VIEW_STATUSES.filter((s) => v.counts.some((c) => c[s] > 0));
  const head = `<tr><th>implementation</th><th>spec</th><th>reference</th><th>level</th><th>pass rate</th>${shown.map((s) => `<th>${s}</th>`).join('')}</tr>`;
  const rows = v.impls.map((i) => `<tr><td>${t(i.label)}</td><td><code>${t(i.spec)}</code></td><td>${t(i.reference)}</td><td>${t(i.level)}</td><td class="num">${percent(v.rates[i.index]!.total)}</td>${shown.map((s) => `<td class="num">${v.counts[i.index]![s]}</td>`).join('')}</tr>`);
  return `<table class="summary"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function filters(v: ReportView): string {
  const present = VIEW_STATUSES.filter((s) => v.counts.some((c) => c[s] > 0));
  const boxes = present.map((s) => `<label><input type="checkbox" name="status" value="${s}" checked> <span class="badge s-${s}">${s}</span></label>`).join('');
  const options = (name: string, label: string, items: [string, string][]) =>
    `<label>${label} <select name="${name}"><option value="">all</option>${items.map(([value, text]) => `<option value="${t(value)}">${t(text)}</option>`).join('')}</select></label>`;
  return `<form id="filters" autocomplete="off"><fieldset><legend>status</legend>${boxes}</fieldset>` +
    options('area', 'area', v.areas.map((a) => [a, a])) +
    options('feature', 'feature', v.features.map((f) => [f, f])) +
    options('impl', 'implementation', v.impls.map((i) => [String(i.index), v.impls.length > MAX_BARS ? `${i.index + 1}. ${i.label}` : i.label])) +
    `<label>text <input type="search" name="text" placeholder="id or title"></label></form><p id="shown"></p>`;
}

function searchable(s: ScenarioView): string {
  return `${s.id} ${s.title}`.toLowerCase();
}

function rowAttrs(s: ScenarioView): string {
  return `data-area="${t(s.area)}" data-features="${t(s.features.join(' '))}" data-text="${h(searchable(s))}"`;
}

function matrixCell(k: number, cell: CellView | undefined, impl: ImplView): string {
  if (!cell) return `<td data-impl="${impl.index}"></td>`;
  const known = expectationText(cell);
  const why = [cell.status, cell.detail, known, cell.unstable ? `unstable across repetitions: ${cell.unstable.join(', ')}` : undefined].filter(Boolean).join('; ');
  const hint = why ? ` title="${t(why)}"` : '';
  // A mark says how the expectations take the cell: ✓ a listed failure, ! a new failure or unexpected pass, ~ unstable.
  const mark = cell.expectation === 'expected' && BROKEN.includes(cell.status) ? ' ✓' : cell.expectation && cell.expectation !== 'expected' ? ' !' : '';
  const label = `${SHORT[cell.status]}${mark}${cell.unstable ? ' ~' : ''}`;
  // Failing cells open their failure below; the others say why in their tooltip.
  const inner = BROKEN.includes(cell.status)
    ? `<button type="button" class="cell s-${cell.status}" data-detail="${detailId(k, impl.index)}" aria-expanded="false"${hint}>${label}</button>`
    : `<span class="cell s-${cell.status}"${hint}>${label}</span>`;
  const flag = cell.expectation && cell.expectation !== 'expected' ? ` x-${cell.expectation}` : '';
  return `<td class="s-${cell.status}${flag}" data-impl="${impl.index}" data-status="${cell.status}">${inner}</td>`;
}

function matrix(v: ReportView): string {
  // Many columns: number them as the chart legend does, with the name in the tooltip.
  const numbered = v.impls.length > MAX_BARS;
  const heading = (i: ImplView) => numbered
    ? `<th data-impl="${i.index}" title="${t(`${i.label} vs ${i.reference}`)}">${i.index + 1}</th>`
    : `<th data-impl="${i.index}">${t(i.label)}<br><span class="note">vs ${t(i.reference)}</span></th>`;
  const head = `<tr><th>scenario${numbered ? ' <span class="note">(columns numbered as in the legend)</span>' : ''}</th>${v.impls.map(heading).join('')}</tr>`;
  const rows = v.scenarios.map((s, k) =>
    `<tr class="row" ${rowAttrs(s)}><th class="scenario"><div class="id">${t(s.id)}</div><div class="title">${t(s.title)}</div></th>${v.impls.map((i) => matrixCell(k, v.cells[k]![i.index], i)).join('')}</tr>`);
  return `<table class="matrix"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function observation(o: Observation | undefined): string {
  if (!o) return '<span class="note">(nothing)</span>';
  const what = o.error ? `${o.error.kind}: ${o.error.message}` : o.value === undefined ? '' : JSON.stringify(o.value);
  return `<span class="obs">${t(`${o.task} #${o.seq} ${o.step} ${o.op}`)}${what ? ` → <b>${t(what)}</b>` : ''}</span>`;
}

function sideBySide(rows: AlignedRow[], impl: ImplView, ordered: boolean): string {
  // Unordered comparisons align per task: a thicker line starts each task, and # is the seq in it.
  let task: string | undefined;
  const body = rows.map((r) => {
    const own = (r.expected ?? r.actual)?.task;
    const cls = [r.divergent ? 'divergent' : '', !ordered && own !== task && task !== undefined ? 'task-start' : ''].filter(Boolean).join(' ');
    task = own;
    return `<tr${cls ? ` class="${cls}"` : ''}><td>${r.index}</td><td>${observation(r.expected)}</td><td>${observation(r.actual)}</td></tr>`;
  }).join('');
  return `<table class="side"><colgroup><col class="n"><col><col></colgroup><thead><tr><th>${ordered ? '#' : 'seq'}</th><th>expected (${t(impl.reference)})</th><th>actual (${t(impl.label)})</th></tr></thead><tbody>${body}</tbody></table>`;
}

function failure(v: ReportView, k: number, s: ScenarioView, cell: CellView): string {
  const impl = v.impls[cell.impl]!;
  const attrs = `id="${detailId(k, cell.impl)}" class="failure" data-impl="${impl.index}" data-status="${cell.status}" ${rowAttrs(s)}`;
  const head = `<summary><span class="badge s-${cell.status}">${cell.status}</span> <code>${t(s.id)}</code> on ${t(impl.label)}: ${t(s.title)}</summary>`;
  const parts = [head, `<p class="where">fixture <code>${t(s.file)}</code></p>`];
  const known = expectationText(cell);
  if (known) parts.push(`<p class="where expect-${verdict(v, cell) ?? 'none'}">${t(known)}${cell.expectationNote ? `: ${t(cell.expectationNote)}` : ''}</p>`);
  const d = cell.divergence;
  if (d) {
    parts.push(`<p class="where">first divergence: <b>${t(REASON_TEXT[d.reason])}</b>, task <code>${t(d.task)}</code>, ${d.ordered ? 'global index' : 'seq'} ${d.seq}, from step <code>${t(d.step)}</code></p>`);
    if (d.stepSource) parts.push(`<pre class="step">${t(d.stepSource)}</pre>`);
    parts.push(sideBySide(d.rows, impl, d.ordered));
    if (!d.whole) parts.push('<p class="note">The report carries the observations around the divergence only, not the whole traces.</p>');
  } else {
    parts.push(`<pre class="error">${t(cell.error ?? cell.detail ?? cell.status)}</pre>`);
  }
  return `<details ${attrs}>${parts.join('')}</details>`;
}

function expectationsLine(v: ReportView): string {
  if (!v.expectations) return '';
  const c = Object.entries(v.expectations.counts).map(([k, n]) => `${n} ${k}`).join(', ');
  const flipped = unexpectedPasses(v).map(({ scenario, impl }) => `<li><code>${t(scenario.id)}</code> on ${t(impl.label)}</li>`).join('');
  return `<h2>Expectations</h2><p>${t(c)}${v.expectations.allowUnexpectedPass ? ' (unexpected passes allowed)' : ''}</p>${flipped ? `<p>Unexpected passes:</p><ul class="flipped">${flipped}</ul>` : ''}`;
}

export function renderHtml(v: ReportView): string {
  const bad = failures(v);
  const position = new Map(v.scenarios.map((s, k) => [s.id, k]));
  const css = `${CSS}${swatchCss(v)}\n`;
  const csp = `default-src 'none'; style-src ${sha256(css)}; script-src ${sha256(SCRIPT)}; base-uri 'none'; form-action 'none'`;
  const title = `PEP 567 conformance: ${v.impls.map((i) => i.label).join(', ')}`;
  const body = [
    `<h1>PEP 567 conformance</h1>`,
    `<p class="meta">${v.scenarios.length} scenarios × ${v.impls.length} implementation(s), level ${t(v.level)}, ${t(v.createdAt)}, report ${t(v.format)}. Pass rate = PASS over the cells judged: UNSUPPORTED, SEMANTICS_DIFFER and SKIPPED are left out.</p>`,
    summaryTable(v),
    `<h2>Pass rate</h2>`, legend(v),
    `<div class="charts"><figure><figcaption>by area</figcaption>${chart('Pass rate by area', v.areas, v, (i, a) => v.rates[i]!.byArea[a]!)}</figure>`,
    `<figure><figcaption>by feature</figcaption>${chart('Pass rate by feature', v.features, v, (i, f) => v.rates[i]!.byFeature[f]!)}</figure></div>`,
    `<h2>Matrix</h2>`, filters(v), matrix(v),
    expectationsLine(v),
    `<h2>Failures (${bad.length})</h2>`,
    bad.length ? bad.map(({ scenario, cell }) => failure(v, position.get(scenario.id)!, scenario, cell)).join('\n') : '<p>None.</p>',
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(title)}</title>
<style>${css}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
