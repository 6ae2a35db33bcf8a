/**
 * The model's context store (a hash array mapped trie) against a plain Map, per context size:
 * copy_context() must cost the same at every size (the copy shares the root), while copying a
 * Map costs time linear in its size. Get and set are measured through the model's runtime
 * (ContextVar.get/set: a lookup, and a path copy plus a Token) and on the Map directly.
 */
import { ContextRuntime, type ContextVar } from '../model/contextvars.ts';
import { messagesFor } from '../model/messages.ts';
import { median, now, round } from './stats.ts';

export interface TrieRow {
  variables: number;
  trie: { copyNs: number; getNs: number; setNs: number };
  map: { copyNs: number; getNs: number; setNs: number };
}

let sink: unknown;

/** Median nanoseconds per call of op over `reps` timed batches of `batch` calls, after one warm-up batch. */
function nsPerOp(op: (i: number) => unknown, batch: number, reps: number): number {
  const times: number[] = [];
  for (let r = 0; r <= reps; r++) {
    const t0 = now();
    for (let i = 0; i < batch; i++) sink = op(i);
    if (r > 0) times.push((now() - t0) * 1e6 / batch);
  }
  return round(median(times), 1);
}

export function trieRow(n: number, o: { ops: number; reps: number }): TrieRow {
  const rt = new ContextRuntime(messagesFor());
  const vars: ContextVar[] = [];
  for (let i = 0; i < n; i++) { const v = rt.newVar(`v${i}`); vars.push(v); rt.set(v, i); }
  const map = new Map<ContextVar, number>(vars.map((v, i) => [v, i]));
  // Keys visited in a scattered order so neither store profits from locality the other lacks.
  const pick = (i: number) => vars[(i * 7919) % n]!;
  // A Map copy walks every entry: fewer calls per batch at large sizes keep a batch near the same time.
  const mapCopies = Math.max(3, Math.floor(o.ops * 10 / n));
  return {
    variables: n,
    trie: {
      copyNs: nsPerOp(() => rt.copyContext(), o.ops, o.reps),
      getNs: nsPerOp((i) => rt.get(pick(i)), o.ops, o.reps),
      setNs: nsPerOp((i) => rt.set(pick(i), i), o.ops, o.reps),
    },
    map: {
      copyNs: nsPerOp(() => new Map(map), mapCopies, o.reps),
      getNs: nsPerOp((i) => map.get(pick(i)), o.ops, o.reps),
      setNs: nsPerOp((i) => map.set(pick(i), i), o.ops, o.reps),
    },
  };
}

export function trieFigures(sizes: number[], o: { ops: number; reps: number }) {
  const rows = sizes.map((n) => trieRow(n, o));
  const first = rows[0]!, last = rows.at(-1)!;
  return {
    sizes, opsPerBatch: o.ops, reps: o.reps, rows,
    // How much dearer a copy gets from the smallest to the largest context.
    trieCopyGrowth: round(last.trie.copyNs / first.trie.copyNs, 2),
    mapCopyGrowth: round(last.map.copyNs / first.map.copyNs, 1),
    sinkType: typeof sink,
  };
}
