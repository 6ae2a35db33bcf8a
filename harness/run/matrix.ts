/**
 * The comparison matrix: implementations as columns, scenarios grouped by area as rows, each cell
 * its status, with pass counts per area and per feature and the first divergence of each failing
 * cell and its cause, with each implementation's FAILs by cause (harness/explain/). Derived from a report alone, with nothing time-dependent, so the same run gives the same file.
 */
import type { Observation } from '../format/trace.ts';
import type { Report, ScenarioResult } from '../report/report.ts';
import { causesHeadline, groupByCause, type ImplCauses } from '../report/render/causes.ts';
import { isFailing, isJudged, isPassed, notJudgedText, NOT_IN_REFERENCE, skipKindOf, type Status } from '../primitives/statuses.ts';

export const MATRIX_FORMAT = 'pep567-matrix/1';

/** cause: a FAIL's primary cause (report.json `cause.id`, harness/explain/EXPLAIN.md). */
export interface Cell { status: Status; firstDivergence?: string; cause?: string }
/** differ: results the implementation differs on by design (SEMANTICS_DIFFER), counted apart from judged ones. */
export interface Tally { pass: number; judged: number; differ: number; total: number }
export interface Matrix {
  format: typeof MATRIX_FORMAT;
  level: string;
  implementations: { spec: string; name: string; version: string; runtime?: string; reference: string }[];
  areas: { area: string; tally: Tally[]; rows: { id: string; title: string; cells: Cell[] }[] }[];
  features: { feature: string; tally: Tally[] }[];
  totals: Tally[];
  /** Per implementation, its FAILs by cause, the largest first (absent in matrices written before causes). */
  causes?: { failures: number; unclassified: number; groups: { cause: string; title: string; count: number }[] }[];
}

const what = (o: Observation | undefined) => (!o ? 'nothing' : o.error ? `${o.error.kind}: ${o.error.message}` : JSON.stringify(o.value ?? null));

/** One line naming where and how a failing cell first went wrong. */
export function firstDivergence(r: ScenarioResult): string | undefined {
  if (!isFailing(r.status)) return undefined;
  const d = r.divergence;
  if (d) return `${d.reason} at ${d.task}#${d.seq} ${d.step} ${d.expected?.op ?? d.actual?.op ?? ''}: expected ${what(d.expected)}, got ${what(d.actual)}`;
  return (r.error ?? r.status).split('\n')[0]!;
}

function tally(results: (ScenarioResult | undefined)[]): Tally {
  const present = results.filter((r): r is ScenarioResult => !!r);
  return {
    pass: present.filter((r) => isPassed(r.status)).length,
    judged: present.filter((r) => isJudged(r.status)).length,
    differ: present.filter((r) => skipKindOf(r.status) === 'differ').length,
    total: present.length,
  };
}

export function buildMatrix(report: Report): Matrix {
  const byId = report.runs.map((run) => new Map(run.results.map((r) => [r.id, r])));
  const ids = [...new Set(report.runs.flatMap((run) => run.results.map((r) => r.id)))].sort();
  const info = new Map(report.runs.flatMap((run) => run.results.map((r) => [r.id, r] as const)));
  const cellsOf = (id: string) => byId.map((m) => m.get(id));
  const areas = [...new Set(ids.map((id) => info.get(id)!.area))].sort().map((area) => {
    const rows = ids.filter((id) => info.get(id)!.area === area);
    return {
      area,
      tally: byId.map((m) => tally(rows.map((id) => m.get(id)))),
      rows: rows.map((id) => ({
        id, title: info.get(id)!.title,
        cells: cellsOf(id).map((r) => {
          if (!r) return { status: NOT_IN_REFERENCE };
          const fd = firstDivergence(r);
          return fd ? { status: r.status, firstDivergence: fd, ...(r.status === 'FAIL' && r.cause ? { cause: r.cause.id } : {}) } : { status: r.status };
        }),
      })),
    };
  });
  const features = [...new Set(ids.flatMap((id) => info.get(id)!.features))].sort().map((feature) => ({
    feature,
    tally: byId.map((m) => tally(ids.filter((id) => info.get(id)!.features.includes(feature)).map((id) => m.get(id)))),
  }));
  return {
    format: MATRIX_FORMAT,
    level: report.level,
    implementations: report.runs.map((run) => ({
      spec: run.implementation.spec, name: run.implementation.name, version: run.implementation.version,
      ...(run.implementation.runtime ? { runtime: run.implementation.runtime } : {}), reference: run.reference.dir,
    })),
    areas, features,
    totals: byId.map((m) => tally([...m.values()])),
    causes: report.runs.map((run) => {
      // Smallest-first order needs the fixtures; the matrix is the report's alone, so ids order each group.
      const c: ImplCauses = groupByCause(run.results.filter((x) => x.status === 'FAIL').map((x) => ({ id: x.id, ...(x.cause ? { cause: x.cause.id } : {}) })), () => 0);
      return { failures: c.failures, unclassified: c.unclassified, groups: c.groups.map((g) => ({ cause: g.cause, title: g.title, count: g.scenarios.length })) };
    }),
  };
}

// Markdown table cells: a pipe or newline from a title or a value would break the table.
const md = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
const rate = (t: Tally) => (t.judged ? `${t.pass}/${t.judged}` : '–');

/** The matrix as Markdown: pass counts per area and per feature, then every failing cell's first divergence. */
export function matrixMarkdown(m: Matrix): string {
  const head = m.implementations.map((i) => md(i.spec + (i.runtime ? ` (${i.runtime})` : '')));
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const out = [
    `Level ${m.level}; each cell is PASS / scenarios judged (${notJudgedText} are not judged).`,
    '',
    row(['area', ...head]), row(['---', ...head.map(() => '---:')]),
    row(['*compared with*', ...m.implementations.map((i) => md(i.reference))]),
    ...m.areas.map((a) => row([md(a.area), ...a.tally.map(rate)])),
    row(['**total**', ...m.totals.map((t) => `**${rate(t)}**`)]),
    row(['*differ by design*', ...m.totals.map((t) => (t.differ ? String(t.differ) : '–'))]),
    ...(m.causes ? [row(['*FAIL from causes*', ...m.causes.map((c) => (c.failures ? `${c.failures} from ${c.groups.filter((g) => g.cause !== 'unclassified').length}${c.unclassified ? ` (+${c.unclassified} unclassified)` : ''}` : '–'))])] : []),
    '',
    row(['feature', ...head]), row(['---', ...head.map(() => '---:')]),
    ...m.features.map((f) => row([md(f.feature), ...f.tally.map(rate)])),
  ];
  if (m.causes?.some((c) => c.failures)) {
    out.push('', 'FAILs by cause (each cause\'s explanation and smallest scenario: `harness/explain/EXPLAIN.md`; per scenario: the failing cells below):', '');
    m.causes.forEach((c, i) => {
      if (!c.failures) return;
      const headline = causesHeadline(head[i]!, c);
      out.push(`- **${headline}**: ${c.groups.map((g) => `\`${g.cause}\` ${g.count}${g.cause === 'unclassified' ? '' : ` (${md(g.title)})`}`).join('; ')}`);
    });
  }
  const failing = m.areas.flatMap((a) => a.rows.flatMap((r) => r.cells.map((c, i) => ({ r, c, i })).filter((x) => x.c.firstDivergence)));
  out.push('', `Failing cells (${failing.length}), with the first divergence:`, '');
  if (failing.length) {
    out.push(row(['scenario', 'implementation', 'status', 'cause', 'first divergence']), row(['---', '---', '---', '---', '---']));
    for (const { r, c, i } of failing) out.push(row([md(r.id), head[i]!, c.status, c.cause ? `\`${c.cause}\`` : '–', md(c.firstDivergence!.slice(0, 300))]));
  } else out.push('None.');
  return out.join('\n') + '\n';
}
