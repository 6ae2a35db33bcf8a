/**
 * The HTML report: one self-contained file (inline CSS and script; no network). Failures come
 * first, grouped by first-divergence signature; then the areas × implementations matrix, the
 * implementations, and (folded) features × implementations and every scenario × implementation.
 * Filters and the open failure live in the page address. Every string from a report is escaped
 * here; a Content-Security-Policy admits only this file's own script and stylesheet, by hash, so
 * markup that slipped through escaping still could not run.
 */
import { createHash } from 'node:crypto';
import { CSS, SCRIPT } from './html-assets.ts';
import { failureGroup } from './html-failures.ts';
import { implementationsTable, judgedNote, rateMatrix, scenarioMatrix } from './html-matrix.ts';
import { html as h, truncate } from './escape.ts';
import { failureGroups, type FailureGroup } from './groups.ts';
import { addUp, notJudgedText, SKIP_KINDS, STATUSES, totalsOf } from '../../primitives/statuses.ts';
import { causesByImpl, unexpectedPasses, type ReportView } from './view.ts';
import { causesHeadline, showCommand } from './causes.ts';
import { rerunCommand } from './rerun.ts';

const t = (s: string) => h(truncate(s, 2000));
const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

export interface HtmlOptions {
  /** A link to a scenario's fixture file (a file: URL where the report was rendered), or undefined for none. */
  fixtureHref?: (id: string) => string | undefined;
}

function filters(v: ReportView, groups: FailureGroup[]): string {
  // The statuses of the failure groups (PASS for unexpected passes): what the status filter can hide.
  const present = STATUSES.filter((s) => groups.some((g) => g.status === s));
  const boxes = present.map((s) => `<label><input type="checkbox" name="status" value="${s}" checked> <span class="badge s-${s}">${s}</span></label>`).join('');
  const options = (name: string, label: string, items: [string, string][]) =>
    `<label>${label} <select name="${name}"><option value="">all</option>${items.map(([value, text]) => `<option value="${t(value)}">${t(text)}</option>`).join('')}</select></label>`;
  return `<form id="filters" autocomplete="off">${boxes ? `<fieldset><legend>status</legend>${boxes}</fieldset>` : ''}` +
    options('area', 'area', v.areas.map((a) => [a, a])) +
    options('feature', 'feature', v.features.map((f) => [f, f])) +
    options('impl', 'implementation', v.impls.map((i) => [String(i.index), i.label])) +
    `<label>text <input type="search" name="text" placeholder="id or title"></label> <a href="#" class="reset">reset</a></form><p id="shown"></p>`;
}

function totals(v: ReportView): string {
  const { passed, failed, skipped, skips } = totalsOf(addUp(v.counts));
  const detail = SKIP_KINDS.filter((k) => skips[k] > 0).map((k) => `${skips[k]} ${k}`).join(', ');
  return `<p class="totals"><b>${passed}</b> passed, <b class="bad">${failed}</b> failed, <b>${skipped}</b> skipped${detail ? ` (${detail})` : ''} over ${v.impls.length} implementation(s) and ${v.scenarios.length} scenarios</p>`;
}

function expectationsLine(v: ReportView): string {
  if (!v.expectations) return '';
  const c = Object.entries(v.expectations.counts).map(([k, n]) => `${n} ${k}`).join(', ');
  const flipped = unexpectedPasses(v).map(({ scenario, impl }) => `<li><code>${t(scenario.id)}</code> on ${t(impl.label)}</li>`).join('');
  return `<h2>Expectations</h2><p>${t(c)}${v.expectations.allowUnexpectedPass ? ' (unexpected passes allowed)' : ''}</p>${flipped ? `<p>Unexpected passes:</p><ul class="flipped">${flipped}</ul>` : ''}`;
}

/** Per implementation, its FAILs grouped by cause, each with its count, explanation, smallest scenario (as Python) and rerun command. */
function causesSection(v: ReportView): string {
  const byImpl = causesByImpl(v);
  if (!byImpl.length) return '';
  const parts = byImpl.map(({ impl, causes }) => {
    const rows = causes.groups.map((g) => {
      const program = v.scenarios.find((s) => s.id === g.smallest)?.program;
      const py = program ? `<details><summary>as Python</summary><pre>${t(program.map((l) => `${'    '.repeat(l.indent)}${l.text}`).join('\n'))}</pre></details>` : '';
      return `<tr><td>${t(g.title)}</td><td class="num">${g.scenarios.length}</td><td>${t(g.explanation)}</td><td><code>${t(g.smallest)}</code>${py}<code>${t(showCommand(g.smallest))}</code></td><td><code>${t(rerunCommand(impl.rerun, g.smallest))}</code></td></tr>`;
    }).join('');
    return `<h3>${t(causesHeadline(impl.label, causes))}</h3><table class="causes"><thead><tr><th>cause</th><th>failures</th><th>what the implementation does</th><th>smallest scenario</th><th>rerun</th></tr></thead><tbody>${rows}</tbody></table>`;
  });
  // Folded to one line (every implementation's headline), so the first failure stays on the first screen.
  const headline = byImpl.map(({ impl, causes }) => causesHeadline(impl.label, causes)).join('; ');
  return `<details class="fold" id="causes"><summary><h2>Causes: ${t(headline)}</h2></summary>${parts.join('\n')}</details>`;
}

export function renderHtml(v: ReportView, o: HtmlOptions = {}): string {
  const groups = failureGroups(v);
  const cells = groups.reduce((n, g) => n + g.members.length, 0);
  const csp = `default-src 'none'; style-src ${sha256(CSS)}; script-src ${sha256(SCRIPT)}; base-uri 'none'; form-action 'none'`;
  const title = `PEP 567 conformance: ${v.impls.map((i) => i.label).join(', ')}`;
  const body = [
    `<h1>PEP 567 conformance</h1>`,
    totals(v),
    `<p class="meta">Level ${t(v.level)}, ${t(v.createdAt)}, report ${t(v.format)}. A pass rate is PASS over the cells judged: ${notJudgedText} are left out.</p>`,
    causesSection(v),
    filters(v, groups),
    `<h2 id="failures">Failures: ${cells} failing cell(s) in ${groups.length} group(s)</h2>`,
    groups.length ? `<p class="note">One group per scenario and first divergence: the same cause on several implementations shows once, with its count (×N).</p>${groups.map((g) => failureGroup(v, g, o.fixtureHref ?? (() => undefined))).join('\n')}` : '<p>None.</p>',
    expectationsLine(v),
    `<h2>Areas × implementations</h2>`, rateMatrix(v, 'area', v.areas, (i, a) => v.rates[i]!.byArea[a]!), `<p class="note">${t(judgedNote)}</p>`,
    `<h2>Implementations</h2>`, implementationsTable(v),
    `<details class="fold"><summary><h2>Features × implementations</h2></summary>${rateMatrix(v, 'feature', v.features, (i, f) => v.rates[i]!.byFeature[f]!)}</details>`,
    `<details class="fold" id="scenarios"><summary><h2>Every scenario × implementation (${v.scenarios.length} rows)</h2></summary>${scenarioMatrix(v, groups)}</details>`,
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
