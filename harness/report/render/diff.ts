/**
 * Two reports compared, per implementation (matched by what --impl named): regressions (passed,
 * now failing), fixes (failing, now passing), other status or first-divergence changes, and
 * scenarios that are new or gone, like wpt.fyi's run diffs. Reads the reports through the view
 * model, so any format view.ts reads can be compared.
 */
import { groupSignature } from './groups.ts';
import { isFailing, isPassed } from '../../primitives/statuses.ts';
import { percent, type CellView, type ImplView, type ReportView, type ScenarioView } from './view.ts';

export type ChangeKind = 'regression' | 'fix' | 'changed' | 'new' | 'removed';
export const CHANGE_KINDS: readonly ChangeKind[] = ['regression', 'fix', 'changed', 'new', 'removed'];

export interface Change {
  kind: ChangeKind;
  scenario: ScenarioView;
  old?: CellView;
  new?: CellView;
  /** The first divergence (or error) on the side that fails, in one line. */
  detail?: string;
}

export interface ImplDiff {
  spec: string;
  /** The implementation in each report; one is missing when it ran in one report only. */
  old?: ImplView;
  new?: ImplView;
  oldRate?: string;
  newRate?: string;
  changes: Change[];
  counts: Record<ChangeKind, number>;
}

export interface ReportDiff { old: { createdAt: string; file: string }; new: { createdAt: string; file: string }; impls: ImplDiff[] }

function classify(o: CellView | undefined, n: CellView | undefined): ChangeKind | undefined {
  if (!o) return n ? 'new' : undefined;
  if (!n) return 'removed';
  const broken = (c: CellView) => isFailing(c.status);
  if (isPassed(o.status) && broken(n)) return 'regression';
  if (broken(o) && isPassed(n.status)) return 'fix';
  if (o.status !== n.status || (broken(o) && groupSignature(o) !== groupSignature(n))) return 'changed';
  return undefined;
}

export function diffReports(a: ReportView, b: ReportView, files: { old: string; new: string }): ReportDiff {
  const specs = [...new Set([...a.impls.map((i) => i.spec), ...b.impls.map((i) => i.spec)])];
  const cellsOf = (v: ReportView, impl: ImplView | undefined) => {
    const m = new Map<string, { scenario: ScenarioView; cell: CellView }>();
    if (impl) v.scenarios.forEach((s, k) => { const c = v.cells[k]![impl.index]; if (c) m.set(s.id, { scenario: s, cell: c }); });
    return m;
  };
  const impls = specs.map((spec): ImplDiff => {
    const oi = a.impls.find((i) => i.spec === spec), ni = b.impls.find((i) => i.spec === spec);
    const oc = cellsOf(a, oi), nc = cellsOf(b, ni);
    const ids = [...new Set([...oc.keys(), ...nc.keys()])].sort();
    const changes: Change[] = [];
    // A whole implementation that is new or gone is one line, not a change per scenario.
    if (oi && ni) for (const id of ids) {
      const o = oc.get(id), n = nc.get(id);
      const kind = classify(o?.cell, n?.cell);
      if (!kind) continue;
      const failing = [n?.cell, o?.cell].find((c) => c && isFailing(c.status));
      changes.push({ kind, scenario: (n ?? o)!.scenario, ...(o ? { old: o.cell } : {}), ...(n ? { new: n.cell } : {}), ...(failing ? { detail: groupSignature(failing) } : {}) });
    }
    const counts = Object.fromEntries(CHANGE_KINDS.map((k) => [k, changes.filter((c) => c.kind === k).length])) as Record<ChangeKind, number>;
    return { spec, ...(oi ? { old: oi, oldRate: percent(a.rates[oi.index]!.total) } : {}), ...(ni ? { new: ni, newRate: percent(b.rates[ni.index]!.total) } : {}), changes, counts };
  });
  return { old: { createdAt: a.createdAt, file: files.old }, new: { createdAt: b.createdAt, file: files.new }, impls };
}

export const KIND_TITLE: Record<ChangeKind, string> = {
  regression: 'Regressions (passed, now failing)',
  fix: 'Fixes (failing, now passing)',
  changed: 'Other changes (status or first divergence)',
  new: 'New scenarios',
  removed: 'Scenarios no longer run',
};

/** "PASS → FAIL", "(none) → PASS". */
export const transition = (c: Change) => `${c.old?.status ?? '(none)'} → ${c.new?.status ?? '(none)'}`;
export const implName = (d: ImplDiff) => (d.new ?? d.old)!.label;
/** What happened to a whole implementation, when it ran in one report only. */
export const presence = (d: ImplDiff) => (!d.old ? 'new implementation' : !d.new ? 'not in the new report' : undefined);
export const totalRegressions = (r: ReportDiff) => r.impls.reduce((n, d) => n + d.counts.regression, 0);
