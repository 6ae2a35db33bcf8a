/**
 * The comparator: an implementation's trace against a reference trace. Observations are compared
 * per task path in order (the global interleaving only for scenarios flagged `ordered`), at the
 * `semantic` level (values and error kinds) or the `strict` level (messages too, addresses masked).
 */
import type { Observation } from '../format/trace.ts';
import { maskAddresses } from '../primitives/mask.ts';
import { sameValue } from './normalize.ts';

export type Level = 'semantic' | 'strict';
export const LEVELS: readonly Level[] = ['semantic', 'strict'];

export type DivergenceReason = 'missing' | 'extra' | 'task' | 'op' | 'step' | 'value' | 'error-expected' | 'value-expected' | 'kind' | 'message';

export interface AlignedRow { index: number; expected?: Observation; actual?: Observation; divergent: boolean }

export interface Divergence {
  /** The task path (for ordered comparisons, the expected observation's task, else the actual's). */
  task: string;
  /** Position in that task's projection (the seq both sides should carry); for ordered, the global index. */
  seq: number;
  step: string;
  reason: DivergenceReason;
  /** The CPython observation; absent when the implementation made an extra one. */
  expected?: Observation;
  /** The implementation's observation; absent when it is missing. */
  actual?: Observation;
  /** Whether the projection compared was the global order (ordered scenarios). */
  ordered: boolean;
  /** A few aligned observations around the divergent one. */
  context: AlignedRow[];
}

export interface MessageDifference { task: string; seq: number; step: string; op: string; kind: string; expected: string; actual: string }

export interface Comparison { pass: boolean; divergence?: Divergence; messageDifferences: MessageDifference[] }

export interface CompareOptions { level: Level; ordered?: boolean; contextRows?: number }

/** Why two aligned observations differ, or undefined when they agree at this level. */
export function differ(e: Observation, a: Observation, level: Level, ordered: boolean): DivergenceReason | undefined {
  if (ordered && e.task !== a.task) return 'task';
  if (e.op !== a.op) return 'op';
  if (e.step !== a.step) return 'step';
  if (e.error && !a.error) return 'error-expected';
  if (!e.error && a.error) return 'value-expected';
  if (e.error && a.error) {
    if (e.error.kind !== a.error.kind) return 'kind';
    if (level === 'strict' && maskAddresses(e.error.message) !== maskAddresses(a.error.message)) return 'message';
    return undefined;
  }
  return sameValue(e, a) ? undefined : 'value';
}

function projections(obs: Observation[]): Map<string, Observation[]> {
  const m = new Map<string, Observation[]>();
  for (const o of obs) {
    if (!m.has(o.task)) m.set(o.task, []);
    m.get(o.task)!.push(o);
  }
  return m;
}

interface Found { divergence: Divergence; rank: number }

function firstIn(expected: Observation[], actual: Observation[], o: { level: Level; ordered: boolean; rows: number; task: string; rank: (i: number, e?: Observation) => number }): Found | undefined {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i], a = actual[i];
    let reason: DivergenceReason | undefined;
    if (!a) reason = 'missing';
    else if (!e) reason = 'extra';
    else reason = differ(e, a, o.level, o.ordered);
    if (!reason) continue;
    const context: AlignedRow[] = [];
    for (let j = Math.max(0, i - o.rows); j <= Math.min(n - 1, i + o.rows); j++) {
      const row: AlignedRow = { index: j, divergent: j === i };
      if (expected[j]) row.expected = expected[j];
      if (actual[j]) row.actual = actual[j];
      context.push(row);
    }
    const ref = e ?? a!;
    const divergence: Divergence = { task: o.ordered ? ref.task : o.task, seq: o.ordered ? i : ref.seq, step: ref.step, reason, ordered: o.ordered, context };
    if (e) divergence.expected = e;
    if (a) divergence.actual = a;
    return { divergence, rank: o.rank(i, e) };
  }
  return undefined;
}

function messageDifferences(expected: Map<string, Observation[]>, act: Map<string, Observation[]>): MessageDifference[] {
  const out: MessageDifference[] = [];
  for (const [task, exp] of expected) {
    const acts = act.get(task) ?? [];
    exp.forEach((e, i) => {
      const a = acts[i];
      if (!a || !e.error || !a.error || e.op !== a.op || e.step !== a.step || e.error.kind !== a.error.kind) return;
      const em = maskAddresses(e.error.message), am = maskAddresses(a.error.message);
      if (em !== am) out.push({ task, seq: e.seq, step: e.step, op: e.op, kind: e.error.kind, expected: em, actual: am });
    });
  }
  return out;
}

export function compareObservations(expected: Observation[], actual: Observation[], options: CompareOptions): Comparison {
  const ordered = options.ordered ?? false;
  const rows = options.contextRows ?? 2;
  const exp = projections(expected), act = projections(actual);
  let found: Found | undefined;
  if (ordered) {
    found = firstIn(expected, actual, { level: options.level, ordered, rows, task: '', rank: (i) => i });
  } else {
    // The first divergence is the one whose expected observation comes earliest in CPython's global
    // order; extra observations (no expected one) rank after every expected one, by their own position.
    const globalIndex = new Map<Observation, number>(expected.map((o, i) => [o, i]));
    const actualIndex = new Map<Observation, number>(actual.map((o, i) => [o, i]));
    const tasks = [...new Set([...exp.keys(), ...act.keys()])];
    for (const task of tasks) {
      const es = exp.get(task) ?? [], as = act.get(task) ?? [];
      const f = firstIn(es, as, {
        level: options.level, ordered, rows, task,
        rank: (i, e) => (e ? globalIndex.get(e)! : expected.length + actualIndex.get(as[i]!)!),
      });
      if (f && (!found || f.rank < found.rank)) found = f;
    }
  }
  const result: Comparison = { pass: !found, messageDifferences: messageDifferences(exp, act) };
  if (found) result.divergence = found.divergence;
  return result;
}
