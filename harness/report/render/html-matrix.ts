/**
 * The HTML report's tables: implementations (one row each), areas × implementations and features ×
 * implementations (pass rates, heat-coloured, names as column headers written upright so 30
 * columns fit a screen), and every scenario × implementation. Cells link to the page address that
 * filters (or opens) what they count, so the script only has to read the address.
 */
import { html as h, truncate } from './escape.ts';
import type { FailureGroup } from './groups.ts';
import { isFailing, NOT_JUDGED, STATUS_TABLE, STATUSES, totalsOf } from '../../primitives/statuses.ts';
import { percent, type CellView, type ImplView, type Rate, type ReportView, type ScenarioView } from './view.ts';

const t = (s: string) => h(truncate(s, 300));
/** The page address for a filter state (the script reads the same keys). */
export const stateHref = (s: Record<string, string>) => `#${Object.entries(s).filter(([, v]) => v !== '').map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;

/** Pass rate deciles as classes: the stylesheet is hashed for the CSP, so no inline colours. */
const heat = (r: Rate) => (r.judged ? `h${Math.floor((10 * r.pass) / r.judged)}` : 'none');

function implHead(i: ImplView): string {
  return `<th class="impl" data-impl="${i.index}" title="${t(`${i.label} (--impl ${i.spec}) vs ${i.reference}`)}"><span>${t(i.label)}</span></th>`;
}

export function implementationsTable(v: ReportView): string {
  const head = '<tr><th>implementation</th><th>--impl</th><th>reference</th><th>level</th><th>passed</th><th>failed</th><th>unsupported</th><th>differ</th><th>skipped</th><th>pass rate</th></tr>';
  const rows = v.impls.map((i) => {
    const c = v.counts[i.index]!;
    const { failed, skips } = totalsOf(c);
    const r = v.rates[i.index]!.total;
    return `<tr data-impl="${i.index}"><td>${t(i.label)}</td><td><code>${t(i.spec)}</code></td><td>${t(i.reference)}</td><td>${t(i.level)}</td>` +
      `<td class="num">${c.PASS}</td><td class="num">${failed}</td><td class="num">${skips.unsupported}</td><td class="num">${skips.differ}</td><td class="num">${skips['not in reference']}</td>` +
      `<td class="num">${r.judged >= 10 ? percent(r) : `– <span class="note">(${r.judged} judged)</span>`}</td></tr>`;
  });
  return `<table class="summary"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** keys × implementations: each cell the pass rate of the judged cells, linking to the failures it counts. */
export function rateMatrix(v: ReportView, kind: 'area' | 'feature', keys: string[], rateOf: (impl: number, key: string) => Rate): string {
  const head = `<tr><th class="key">${kind}</th>${v.impls.map(implHead).join('')}</tr>`;
  const cell = (i: ImplView, key: string | undefined, r: Rate) => {
    const tip = `${i.label}${key ? `, ${key}` : ''}: ${r.pass} of ${r.judged} judged pass (${r.total} ran)`;
    // Few judged cells make a percentage that says little (100 of 1): show the fraction instead.
    const text = !r.judged ? '–' : r.judged < 10 ? `${r.pass}/${r.judged}` : String(Math.floor((100 * r.pass) / r.judged));
    const inner = r.judged > r.pass ? `<a href="${h(stateHref({ ...(key ? { [kind]: key } : {}), impl: String(i.index) }))}">${text}</a>` : text;
    return `<td class="rate ${heat(r)}" data-impl="${i.index}" title="${t(tip)}">${inner}</td>`;
  };
  const rows = keys.map((key) => `<tr class="${kind}-row" data-${kind}="${t(key)}"><th class="key">${t(key)}</th>${v.impls.map((i) => cell(i, key, rateOf(i.index, key))).join('')}</tr>`);
  const total = kind === 'area' ? `<tr class="total"><th class="key">total</th>${v.impls.map((i) => cell(i, undefined, v.rates[i.index]!.total)).join('')}</tr>` : '';
  return `<table class="rates ${kind}s"><thead>${head}</thead><tbody>${rows.join('')}${total}</tbody></table>`;
}

/** Narrow codes (statuses.ts) when many implementations share the row; the full status is in the tooltip. */

export function rowAttrs(s: ScenarioView): string {
  return `data-area="${t(s.area)}" data-features="${t(s.features.join(' '))}" data-text="${h(`${s.id} ${s.title}`.toLowerCase())}"`;
}

function scenarioCell(v: ReportView, cell: CellView | undefined, impl: ImplView, groupOf: (c: CellView) => FailureGroup | undefined): string {
  if (!cell) return `<td data-impl="${impl.index}"></td>`;
  const known = cell.expectation === 'expected' && isFailing(cell.status);
  const why = [cell.status, cell.detail, known ? 'known failure (listed in the expectations)' : cell.expectation && cell.expectation !== 'expected' ? cell.expectation : undefined,
    cell.unstable ? `unstable across repetitions: ${cell.unstable.join(', ')}` : undefined].filter(Boolean).join('; ');
  // A mark says how the expectations take the cell: ✓ a listed failure, ! a new failure or unexpected pass, ~ unstable.
  const mark = known ? ' ✓' : cell.expectation && cell.expectation !== 'expected' ? ' !' : '';
  const label = `${STATUS_TABLE[cell.status][v.impls.length > 6 ? 'letter' : 'short']}${mark}${cell.unstable ? ' ~' : ''}`;
  const g = groupOf(cell);
  const inner = g ? `<a class="cell s-${cell.status}" href="${h(stateHref({ open: g.id }))}" title="${t(why)}">${label}</a>` : `<span class="cell s-${cell.status}" title="${t(why)}">${label}</span>`;
  const flag = cell.expectation && cell.expectation !== 'expected' ? ` x-${cell.expectation}` : '';
  return `<td class="s-${cell.status}${flag}" data-impl="${impl.index}" data-status="${cell.status}">${inner}</td>`;
}

export function scenarioMatrix(v: ReportView, groups: FailureGroup[]): string {
  const byCell = new Map<CellView, FailureGroup>();
  for (const g of groups) for (const m of g.members) byCell.set(m.cell, g);
  const head = `<tr><th class="key">scenario</th>${v.impls.map(implHead).join('')}</tr>`;
  const rows = v.scenarios.map((s, k) =>
    `<tr class="row" ${rowAttrs(s)}><th class="scenario"><div class="id">${t(s.id)}</div><div class="title">${t(s.title)}</div></th>${v.impls.map((i) => scenarioCell(v, v.cells[k]![i.index], i, (c) => byCell.get(c))).join('')}</tr>`);
  const legend = v.impls.length > 6 ? `<p class="note">${STATUSES.map((s) => `${STATUS_TABLE[s].letter} ${s}`).join(' · ')}</p>` : '';
  return `${legend}<table class="matrix"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Whether a status counts towards a pass rate (for the legend under the rate tables). */
export const judgedNote = `Cells: percentage of the judged scenarios that pass (${NOT_JUDGED.join(', ')} are not judged), passed/judged where fewer than 10 were judged, – where none was. A number links to its failures.`;
