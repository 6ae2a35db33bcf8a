/**
 * Failing cells grouped by their first-divergence signature: the scenario, the status and where and
 * how it first went wrong (or the first line of the error). The same cause on many implementations
 * (one adapter under eight runtimes) is one group with its count, not eight entries.
 */
import { createHash } from 'node:crypto';
import type { Observation } from '../../format/trace.ts';
import { LIBRARY_ERROR } from '../../contract/adapter.ts';
import { failures, unexpectedPasses, type CellView, type DivergenceView, type ImplView, type ReportView, type ScenarioView } from './view.ts';

export interface FailureGroup {
  /** Stable across renderings of the same report: the page's address names an open group by it. */
  id: string;
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

/** Largest groups first (one cause, many implementations), then by scenario id. */
export function failureGroups(v: ReportView): FailureGroup[] {
  const position = new Map(v.scenarios.map((s, k) => [s.id, k]));
  const groups = new Map<string, FailureGroup>();
  for (const { scenario, cell, impl } of [...failures(v), ...unexpectedPasses(v)]) {
    const signature = groupSignature(cell);
    const key = JSON.stringify([scenario.id, cell.status, signature]);
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
