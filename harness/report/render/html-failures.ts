/**
 * One failure group of the HTML report: a one-line summary (status, how many implementations, the
 * scenario, the first divergence) that opens onto the fixture, the commands that rerun it, the
 * scenario as Python annotated with what the reference and the implementation observed, and the
 * two traces side by side.
 */
import type { AlignedRow } from '../../compare/compare.ts';
import type { Observation } from '../../format/trace.ts';
import { html as h, truncate } from './escape.ts';
import type { FailureGroup } from './groups.ts';
import { rowAttrs } from './html-matrix.ts';
import { rerunCommand } from './rerun.ts';
import { expectationText, REASON_TEXT, verdict, type DivergenceView, type ImplView, type ReportView } from './view.ts';

const MAX = 2000;
const t = (s: string) => h(truncate(s, MAX));

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

const outcome = (o: Observation) => (o.error ? `${o.error.kind}: ${o.error.message}` : JSON.stringify(o.value ?? null));

/** The program, each observing line followed by what the reference recorded there and, where it differs, what the implementation did. */
function python(g: FailureGroup, d: DivergenceView | undefined, impl: ImplView): string {
  const lines = g.scenario.program;
  if (!lines) return '<p class="note">The fixture could not be read, so its program is not shown.</p>';
  const at = (side: 'expected' | 'actual') => {
    const m = new Map<string, Observation[]>();
    for (const r of d?.rows ?? []) { const o = r[side]; if (o) m.set(`${o.step} ${o.op}`, [...(m.get(`${o.step} ${o.op}`) ?? []), o]); }
    return m;
  };
  const expected = at('expected'), actual = at('actual');
  const text = lines.map((l) => {
    const keys = (l.notes ?? []).map((n) => `${n.step} ${n.op}`);
    const exp = keys.flatMap((k) => expected.get(k) ?? []).map(outcome).join('; ');
    const act = keys.flatMap((k) => actual.get(k) ?? []).map(outcome).join('; ');
    const divergent = d !== undefined && (l.notes ?? []).some((n) => n.step === d.step && (n.op === (d.expected ?? d.actual)?.op));
    const differs = keys.length > 0 && d !== undefined && exp !== act;
    const note = keys.length && (exp || act) ? `  # ${impl.reference}: ${exp || 'nothing'}${differs ? `  ≠ ${impl.label}: ${act || 'nothing'}` : ''}` : '';
    const cls = divergent ? ' class="divergent"' : differs ? ' class="differs"' : '';
    return `<span${cls}>${t(`${'    '.repeat(l.indent)}${l.text}`)}${note ? `<span class="c">${t(note)}</span>` : ''}</span>`;
  });
  return `<pre class="py">${text.join('')}</pre>`;
}

export function failureGroup(v: ReportView, g: FailureGroup, fixtureHref: (id: string) => string | undefined): string {
  const first = g.members[0]!;
  const impls = ` ${g.members.map((m) => m.impl.index).join(' ')} `;
  const attrs = `id="${g.id}" class="failure" data-status="${g.status}" data-impls="${impls}" ${rowAttrs(g.scenario)}`;
  const names = g.members.map((m) => m.impl.label);
  const who = names.length > 4 ? `<span title="${t(names.join(', '))}">${t(names.slice(0, 3).join(', '))} and ${names.length - 3} more</span>` : t(names.join(', '));
  const head = `<summary><span class="badge s-${g.status}">${g.status}</span> <span class="count" title="implementations">×${g.members.length}</span> <code>${t(g.scenario.id)}</code> <span class="title">${t(g.scenario.title)}</span>` +
    `<div class="sig">${t(g.signature)}${v.impls.length > 1 ? ` <span class="who">on ${who}</span>` : ''}</div></summary>`;
  const href = fixtureHref(g.scenario.id);
  const parts = [head, `<p class="where">fixture ${href ? `<a href="${h(href)}"><code>${t(g.scenario.file)}</code></a>` : `<code>${t(g.scenario.file)}</code>`}</p>`];
  const known = g.members.map((m) => expectationText(m.cell)).find(Boolean);
  if (known) parts.push(`<p class="where expect-${verdict(v, first.cell) ?? 'none'}">${t(known)}${first.cell.expectationNote ? `: ${t(first.cell.expectationNote)}` : ''}</p>`);
  parts.push(`<p class="label">rerun</p><pre class="rerun">${g.members.map((m) => t(rerunCommand(m.impl.rerun, g.scenario.id))).join('\n')}</pre>`);
  const d = first.cell.divergence;
  if (d) parts.push(`<p class="where">first divergence: <b>${t(REASON_TEXT[d.reason])}</b>, task <code>${t(d.task)}</code>, ${d.ordered ? 'global index' : 'seq'} ${d.seq}, from step <code>${t(d.step)}</code>${g.members.length > 1 ? ` <span class="note">(traces of ${t(first.impl.label)})</span>` : ''}</p>`);
  const left = `<div><p class="label">the scenario as Python (<code>npx pep567 show ${t(g.scenario.id)}</code>)</p>${python(g, d, first.impl)}</div>`;
  const right = d
    ? `<div><p class="label">traces</p>${sideBySide(d.rows, first.impl, d.ordered)}${d.whole ? '' : '<p class="note">The report carries the observations around the divergence only, not the whole traces.</p>'}</div>`
    : `<div><p class="label">what happened</p><pre class="error">${t(first.cell.error ?? first.cell.detail ?? first.cell.status)}</pre></div>`;
  parts.push(`<div class="cols">${left}${right}</div>`);
  return `<details ${attrs}>${parts.join('')}</details>`;
}
