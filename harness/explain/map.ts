/**
 * What a scenario's data says about each operation, for explaining a divergence: the task path
 * that runs it (as traces name tasks: "main", "main/A", "main/A/cb"), the chain of operations that
 * enclose it, and whether the Python has awaited in that task before it. Computed from the program
 * alone; nothing is annotated by hand.
 */
import type { AnyOp, Scenario } from '../format/scenario.ts';
import { childBodies, OPERATIONS } from '../format/operations.ts';

/** What started the body a task path runs. */
export type Origin = 'main' | 'task' | 'gather' | 'callback' | 'thread' | 'runner';

export interface TaskInfo {
  path: string;
  origin: Origin;
  /** The pointer of the operation that made it (undefined for main). */
  madeAt?: string;
  /** The task path that made it. */
  parent?: string;
  /** The context it was given (create_task/call_soon context=), by scenario name. */
  context?: string;
}

export interface OpInfo {
  op: AnyOp;
  pointer: string;
  task: string;
  /** The enclosing operations inside the same task, outermost first (run, try, with_value, call, …). */
  enclosing: { op: AnyOp; pointer: string }[];
  /** The operations of this task that run before it in program order within its own body chain, nearest last. */
  before: { op: AnyOp; pointer: string }[];
}

export interface ScenarioMap {
  ops: Map<string, OpInfo>;
  tasks: Map<string, TaskInfo>;
  /** Every operation in program order. */
  all: OpInfo[];
}

const NEW_PATH: Partial<Record<string, Origin>> = {
  create_task: 'task', call_soon: 'callback', call_later: 'callback', add_done_callback: 'callback',
  set_exception_handler: 'callback', thread: 'thread', to_thread: 'thread', run_in_executor: 'thread',
};

export function mapScenario(s: Scenario): ScenarioMap {
  const ops = new Map<string, OpInfo>(), tasks = new Map<string, TaskInfo>(), all: OpInfo[] = [];
  tasks.set('main', { path: 'main', origin: 'main' });
  const visit = (body: readonly AnyOp[], ptr: string, task: string, enclosing: OpInfo['enclosing'], before: OpInfo['before']): void => {
    const seen = [...before];
    body.forEach((op, i) => {
      const pointer = `${ptr}/${i}`;
      const info: OpInfo = { op, pointer, task, enclosing, before: [...seen] };
      ops.set(pointer, info); all.push(info);
      const origin = NEW_PATH[op.op];
      const named = (op as { name?: string }).name;
      for (const child of childBodies(op)) {
        const childPtr = pointer + child.pointer;
        if (op.op === 'gather' || op.op === 'runner') {
          const list = op.op === 'gather' ? op.tasks : op.runs;
          const idx = Number(child.pointer.split('/')[2]);
          const path = `${task}/${list[idx]!.name}`;
          tasks.set(path, { path, origin: op.op === 'gather' ? 'gather' : 'runner', madeAt: pointer, parent: task });
          visit(child.body, childPtr, path, [], []);
        } else if (origin && named !== undefined) {
          const path = `${task}/${named}`;
          const ctx = (op as { context?: string }).context;
          tasks.set(path, { path, origin, madeAt: pointer, parent: task, ...(ctx !== undefined ? { context: ctx } : {}) });
          visit(child.body, childPtr, path, [], []);
        } else {
          // Same task: run, try, with_token, with_value, call, wait_for, task_group, generators (run by their resumer).
          visit(child.body, childPtr, task, [...enclosing, { op, pointer }], seen);
        }
      }
      seen.push({ op, pointer });
    });
  };
  visit(s.program, '/program', 'main', [], []);
  return { ops, tasks, all };
}

/** Whether an operation is one `await` in Python (or holds one in its own frame: a call, a with_value around awaits). */
export function isAwait(op: AnyOp): boolean {
  return OPERATIONS[op.op].where === 'async';
}

/** The relation of task `other` to task `reader`, as a reader of a value would put it. */
export type Relation = 'itself' | 'parent' | 'child' | 'sibling' | 'shares-context' | 'other';

export function relation(m: ScenarioMap, reader: string, other: string): Relation {
  if (reader === other) return 'itself';
  const r = m.tasks.get(reader), o = m.tasks.get(other);
  if (r?.context !== undefined && r.context === o?.context) return 'shares-context';
  if (reader.startsWith(`${other}/`)) return 'parent';
  if (other.startsWith(`${reader}/`)) return 'child';
  const up = (p: string) => p.slice(0, p.lastIndexOf('/'));
  if (reader.includes('/') && other.includes('/') && up(reader) === up(other)) return 'sibling';
  return 'other';
}

/** Compares two JSON pointers in program order (depth first). */
export function pointerOrder(a: string, b: string): number {
  const pa = a.split('/').slice(1), pb = b.split('/').slice(1);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const na = Number(pa[i]), nb = Number(pb[i]);
    if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
    return pa[i]! < pb[i]! ? -1 : 1;
  }
  return pa.length - pb.length;
}
