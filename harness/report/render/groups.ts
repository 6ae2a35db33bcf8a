/**
 * Failing cells grouped by their first-divergence signature: the scenario, the status and where and
 * how it first went wrong (or the first line of the error). The same cause on many implementations
 * (one adapter under eight runtimes) is one group with its count, not eight entries. The grouping
 * is a GroupBy, so another key (a cause) can replace the default without touching the renderers.
 */
import { createHash } from 'node:crypto';
import type { Observation } from '../../format/trace.ts';
import { LIBRARY_ERROR } from '../../contract/adapter.ts';
import { failures, unexpectedPasses, type CellView, type DivergenceView, type ImplView, type ReportView, type ScenarioView } from './view.ts';

export interface FailureGroup {
  /** Stable across renderings of the same report: the page's address names an open group by it. */
  id: string;
  /** The first member's scenario (the one shown; with a GroupBy across scenarios, its representative). */
  scenario: ScenarioView;
  /** Index of the scenario in the view. */
  k: number;
  status: CellView['status'];
  /** One line: where and how the cells first went wrong. */
  signature: string;
  members: { cell: CellView; impl: ImplView }[];
}

type FirstDivergence = Pick<DivergenceView, 'reason' | 'task' | 'seq' | 'step' | 'expected' | 'actual'>;
const what = (o: Observation | undefined) => (!o ? 'nothing' : o.error ? `${o.error.kind}: ${o.error.message}` : JSON.stringify(o.value ?? null));

/** A first divergence in one line; the text report labels its sides `expected (CPython):` and `actual:`. */
export function divergenceLine(d: FirstDivergence, expected = 'expected', actual = 'actual'): string {
  // A library error CPython has no class for (contract 1.5) is said as such, never as a missing observation.
  if (d.actual?.error?.kind === LIBRARY_ERROR)
    return `at ${d.task} #${d.seq}, step ${d.step} ${d.actual.op}: raised ${LIBRARY_ERROR}: ${d.actual.error.message} where CPython ${d.expected?.error ? `raised ${what(d.expected)}` : d.expected ? `observed ${what(d.expected)}` : 'raised nothing'}`;
  return `${d.reason} at ${d.task} #${d.seq}, step ${d.step} ${d.expected?.op ?? d.actual?.op ?? ''}: ${expected} ${what(d.expected)}, ${actual} ${what(d.actual)}`;
}

/** Where and how a failing cell first went wrong, in one line: cells with the same one share a cause. */
export function groupSignature(cell: CellView): string {
  const d = cell.divergence;
  if (d) return divergenceLine(d);
  if (cell.expectation === 'unexpected-pass') return 'passed, although the expectations list it as failing';
  return (cell.error ?? cell.detail ?? cell.status).split('\n')[0]!;
}

/** A failing cell as grouping sees it. */
export interface Member { scenario: ScenarioView; cell: CellView; impl: ImplView }

/**
 * What puts failing cells in one group: a key (equal keys, one group) and the line the group shows.
 * The default is the first divergence of one scenario; a grouping by cause (one boundary that loses
 * the context, across scenarios) is another GroupBy, passed to failureGroups by the renderer.
 */
export interface GroupBy { key(m: Member): string; signature(m: Member): string }

/** One scenario, one status, one first divergence (or first line of the error). */
export const byFirstDivergence: GroupBy = {
  key: ({ scenario, cell }) => JSON.stringify([scenario.id, cell.status, groupSignature(cell)]),
  signature: ({ cell }) => groupSignature(cell),
};

/** Largest groups first (one cause, many implementations), then by scenario id. */
export function failureGroups(v: ReportView, by: GroupBy = byFirstDivergence): FailureGroup[] {
  const position = new Map(v.scenarios.map((s, k) => [s.id, k]));
  const groups = new Map<string, FailureGroup>();
  for (const { scenario, cell, impl } of [...failures(v), ...unexpectedPasses(v)]) {
    const signature = by.signature({ scenario, cell, impl });
    const key = by.key({ scenario, cell, impl });
    let g = groups.get(key);
    if (!g) {
      const id = `g-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
      g = { id, scenario, k: position.get(scenario.id)!, status: cell.status, signature, members: [] };
      groups.set(key, g);
    }
    g.members.push({ cell, impl });
  }
  return [...groups.values()].sort((a, b) => b.members.length - a.members.length || (a.scenario.id < b.scenario.id ? -1 : a.scenario.id > b.scenario.id ? 1 : 0));
}
