/**
 * What a scenario's data says about its await points, for the await-discipline specs:
 * - `crossesAwait`: does some operation need the current context after a native await of its
 *   body (its task, callback or Context.run)? A library that loses the context at every await
 *   (suites/harness/support/slot-adapter.ts) must fail exactly these scenarios.
 * - `AWAIT_OPS`: the operations that are one `await` in Python.
 */
import type { AnyOp, Scenario } from '../../../harness/format/scenario.ts';
import { OPERATIONS } from '../../../harness/format/operations.ts';

/** Every operation only async bodies may hold is one `await` (the operation table's `where: async`). */
export const AWAIT_OPS: ReadonlySet<string> = new Set(Object.entries(OPERATIONS).filter(([, o]) => o.where === 'async').map(([name]) => name));

/** Operations that read or write the current context (tokenExit resets, gen_next runs the generator in it). */
function needsCurrent(op: AnyOp): boolean {
  switch (op.op) {
    case 'get': case 'set': case 'reset': case 'copy_context': case 'gather': case 'gen_next': case 'with_token': case 'with_value': return true;
    case 'create_task': case 'call_soon': return op.context === undefined;
    default: return false;
  }
}

interface Flow { has: boolean; ended: boolean }

class Walker {
  crosses = false;
  /** Where the first operation needing a lost context is, for the assertion message. */
  where: string | undefined;

  need(op: AnyOp, has: boolean, p: string): void {
    if (needsCurrent(op) && !has && !this.crosses) { this.crosses = true; this.where = `${p} (${op.op})`; }
  }

  /** A body that starts with the context (a task's first step, a callback, a run). */
  sync(ops: readonly AnyOp[], ptr: string): Flow {
    return this.body(ops, ptr, true);
  }

  /** Walks a body from the state `has`; `raise` ends it (a try catches it). */
  body(ops: readonly AnyOp[], ptr: string, has: boolean): Flow {
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!, p = `${ptr}/${i}`;
      this.need(op, has, p);
      switch (op.op) {
        case 'raise': return { has, ended: true };
        case 'run': this.sync(op.body, `${p}/body`); break;
        case 'call_soon': this.sync(op.body, `${p}/body`); break;
        case 'create_task': this.sync(op.body, `${p}/body`); break;
        case 'gather': op.tasks.forEach((t, j) => this.sync(t.body, `${p}/tasks/${j}/body`)); has = false; break;
        // Each runner.run starts its main task in the runner's context; the caller awaits the worker thread.
        case 'runner': op.runs.forEach((t, j) => this.sync(t.body, `${p}/runs/${j}/body`)); has = false; break;
        case 'call': { const f = this.body(op.body, `${p}/body`, has); if (f.ended) return { has: false, ended: true }; has = false; break; }
        case 'try': { const f = this.body(op.body as AnyOp[], `${p}/body`, has); has = f.has; break; }
        // A plain `with` in Python: its body runs in the same frame; an await in it loses the context for the rest.
        case 'with_value': { const f = this.body(op.body as AnyOp[], `${p}/body`, has); if (f.ended) return f; has = f.has; break; }
        default: if (AWAIT_OPS.has(op.op)) has = false;
      }
    }
    return { has, ended: false };
  }
}

export function crossesAwait(s: Scenario): { crosses: boolean; where?: string } {
  const w = new Walker();
  w.sync(s.program, '/program');
  return w.where ? { crosses: w.crosses, where: w.where } : { crosses: w.crosses };
}
