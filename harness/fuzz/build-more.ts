/**
 * The builder's rules for the operations beyond variables, contexts and plain tasks (build.ts has
 * the others and the general rules). Why each rule exists:
 * - A body that may run several times (a function, the exception handler) binds no names: a name
 *   is bound once. A body that may run outside the loop's thread (a function, a thread, a plain
 *   generator: `gen_next` may be called from a thread) does nothing that needs the loop.
 * - A future is resolved at most once (a second set_result raises InvalidStateError), and awaited
 *   only where it is surely resolved: after its resolve in the awaiting flow, or by a task made at
 *   main's top that main releases before it can block (build.ts, as events).
 * - An async generator is dropped only where no task made since its creation can see it (that
 *   one could step it after the drop and find it gone), and not used after; steps never suspend,
 *   so two tasks never step one at once. The exception handler is set only at main's top.
 * - A detached task's body never suspends and its creator sleeps once right after making it, so it
 *   has ended before main can (nobody awaits it; one still pending at the end would be cancelled).
 * - Threads main waits for (to_thread, run_in_executor, an asyncio.Runner) only before any task or
 *   callback exists: how many loop iterations others get meanwhile depends on the thread's timing.
 *   A runner's runs see only the variables (their loop is another one), and let no error escape,
 *   as main: a run that raises skips its drain, and closing the runner cancels its tasks.
 * - `cancel` names a plain create_task task made before it (not grouped, not a gather child, not
 *   detached: their cancellation is the group's or gather's business) that nothing has awaited yet
 *   (an awaiter built before the cancel used what the task binds). Its body waits on nothing that
 *   a cancellation would spread to (another task, a future, a gather or group) and holds no bare
 *   `try` around a suspension (CPython 3.7's CancelledError is an Exception, later ones' not).
 *   Every await of it built after the cancel is a `try` catching CancelledError (never bare) and
 *   uses nothing the task binds. Not from a body that may run off the loop's thread.
 */
import type { SyncOp } from '../format/scenario.ts';
import { walk } from '../format/operations.ts';
import { allows } from './gate.ts';
import { at, cloneScope, enteredBelow, mayEnterTwice, type BuilderApi as Builder, type Frame, type Op, type Scope } from './build-scope.ts';
import { DERIVED, type DerivedRaw } from './derive.ts';
import type { RawOp } from './raw.ts';

/** What a task made at main's top waits for, released by main: an event, or a future it resolves. */
export interface Release { event: string; after: number; future?: boolean }

/** A frame for a body run later or elsewhere, not in place. */
const detachedFrame = (kind: Frame['kind'], more: Partial<Frame> = {}): Frame => ({ kind, safe: false, entered: [], callback: true, mainTop: false, ...more });

export function moreOp(b: Builder, r: RawOp, scope: Scope, frame: Frame, out: Op[]): Op[] {
  const binds = !frame.repeat;
  const loop = !frame.noLoop;
  const async = frame.kind === 'async';
  switch (r.k) {
    case 'call_later': {
      if (frame.callback) return [];
      b.concurrent = true;
      const context = r.c === null ? undefined : b.needContext(scope, r.c, out);
      const name = `cl${b.n.task++}`;
      const inner = b.body(r.body, cloneScope(scope), detachedFrame('sync', { entered: context ? [context] : [] }));
      return [{ op: 'call_later', name, body: inner.ops as SyncOp[], ...(context ? { context } : {}) }];
    }
    case 'detached': {
      if (!async || frame.callback || !allows(b.gate, 'sleep')) return [];
      b.concurrent = true;
      b.escape(scope);
      const context = r.c === null || !allows(b.gate, 'create_task', ['context']) ? undefined : b.needContext(scope, r.c, out);
      if (context && mayEnterTwice(context, enteredBelow(frame), b.aliases)) b.taskInEnteredContext = true;
      const name = `D${b.n.task++}`;
      const inner = b.body(r.body, cloneScope(scope), detachedFrame('sync', { entered: context ? [context] : [] }));
      return [{ op: 'create_task', name, detached: true, body: inner.ops, ...(context ? { context } : {}) }, { op: 'sleep' }];
    }
    case 'task_get_context': {
      if (!binds || !scope.tasks.length) return [];
      const as = `c${b.n.c++}`;
      const task = at(scope.tasks, r.t);
      scope.contexts.push(as);
      b.aliases.add(as);
      return [{ op: 'task_get_context', task, as }];
    }
    case 'handler': {
      if (!frame.mainTop) return [];
      const name = `H${b.n.task++}`;
      const inner = b.body(r.body, cloneScope(scope), detachedFrame('sync', { repeat: true }));
      return [{ op: 'set_exception_handler', name, body: inner.ops as SyncOp[] }];
    }
    case 'future_resolve': {
      if (!binds || !loop) return [];
      let future = scope.futures.filter((f) => !b.resolvedAnywhere.has(f)).at(r.f % Math.max(1, scope.futures.length));
      if (future === undefined) {
        future = `fu${b.n.f++}`;
        out.push({ op: 'future_new', name: future });
        scope.futures.push(future);
      }
      b.resolvedAnywhere.add(future);
      scope.resolved.push(future);
      return [{ op: 'future_resolve', future, value: r.value }];
    }
    case 'future_await': return async && scope.resolved.length ? [{ op: 'future_await', future: at(scope.resolved, r.f) }] : [];
    case 'fn_def': {
      if (!binds) return [];
      const name = `f${b.n.task++}`;
      const inner = b.body(r.body, cloneScope(scope), detachedFrame('sync', { repeat: true, noLoop: true }));
      scope.fns.push(name);
      return [{ op: 'fn_def', name, body: inner.ops as SyncOp[] }];
    }
    case 'fn_call': return scope.fns.length ? [{ op: 'fn_call', function: at(scope.fns, r.f) }] : [];
    case 'await_custom': {
      if (!async) return [];
      const inner = b.body(r.body, cloneScope(scope), { ...frame, kind: 'sync', safe: false, group: undefined, mainTop: false });
      Object.assign(scope, inner.exported);
      return [{ op: 'await_custom', body: inner.ops as SyncOp[] }];
    }
    case 'agen_create': {
      if (!binds || !loop) return [];
      const name = `ag${b.n.g++}`;
      const fin = r.fin !== null && scope.fns.length && allows(b.gate, 'agen_create', ['finally']) ? at(scope.fns, r.fin) : undefined;
      const inner = b.body(r.body, cloneScope(scope), detachedFrame('gen'));
      scope.agens.push(name);
      if (r.drop && async) b.dropAtEnd.set(out, [...(b.dropAtEnd.get(out) ?? []), name]);
      return [{ op: 'agen_create', name, body: inner.ops as never, ...(fin ? { finally: fin } : {}) }];
    }
    case 'agen_next': case 'agen_aclose': {
      const live = scope.agens.filter((g) => !b.dropped.has(g));
      return async && live.length ? [{ op: r.k, generator: at(live, r.g) }] : [];
    }
    case 'agen_drop': {
      const mine = scope.agens.filter((g) => b.droppable(g));
      return async && mine.length ? [b.drop(at(mine, r.g))] : [];
    }
    case 'gen_create': {
      if (!binds) return [];
      const name = `gn${b.n.g++}`;
      const inner = b.body(r.body, cloneScope(scope), detachedFrame('gen', { noLoop: true }));
      scope.gens.push(name);
      return [{ op: 'gen_create', name, body: inner.ops as never }];
    }
    case 'gen_next': return scope.gens.length ? [{ op: 'gen_next', generator: at(scope.gens, r.g) }] : [];
    case 'with_token': {
      if (!scope.tokens.length) return [];
      // Binds nothing for what follows: before 3.14 `with tok:` raises before its body runs.
      const inner = b.body(r.body, cloneScope(scope), { ...frame, kind: frame.kind === 'gen' ? 'sync' : frame.kind, safe: false, group: undefined, mainTop: false });
      return [{ op: 'with_token', token: at(scope.tokens, r.t).name, body: inner.ops } as Op];
    }
    case 'thread': {
      if (!binds || !loop || frame.callback) return [];
      const name = `th${b.n.task++}`;
      const inner = b.body(r.body, cloneScope(scope), detachedFrame('sync', { noLoop: true }));
      return [{ op: 'thread', name, body: inner.ops as SyncOp[] }];
    }
    case 'to_thread': case 'run_in_executor': {
      if (!async || !frame.inMain || b.concurrent) return [];
      const name = `j${b.n.task++}`;
      const inner = b.body(r.body, cloneScope(scope), detachedFrame('sync', { noLoop: true }));
      return [{ op: r.k, name, body: inner.ops as SyncOp[] }];
    }
    case 'wait_for': {
      if (!async) return [];
      const inner = b.body(r.body, cloneScope(scope), { ...frame, safe: false, group: undefined, mainTop: false });
      Object.assign(scope, inner.exported);
      return [{ op: 'wait_for', body: inner.ops }];
    }
    case 'runner': {
      if (!async || !frame.inMain || b.concurrent) return [];
      const context = r.c === null ? undefined : b.needContext(scope, r.c, out);
      const only = { ...cloneScope({ ...scope, tokens: [], contexts: [], tasks: [], fns: [], futures: [], resolved: [], agens: [], gens: [] }) };
      const runs = r.runs.map((raw) => ({ name: `R${b.n.task++}`, body: b.body(raw, cloneScope(only), { kind: 'async', safe: true, entered: [], callback: false, mainTop: false }).ops }));
      return [{ op: 'runner', runs, ...(context ? { context } : {}) }];
    }
    case 'cancel': {
      if (!loop) return [];
      const targets = scope.tasks.filter((t) => b.cancellable.has(t) && !b.awaited.has(t));
      if (!targets.length) return [];
      const task = at(targets, r.t);
      b.cancelled.add(task);
      // The message is kept only where the program needs 3.9 anyway (buildProgram).
      const out: Op[] = [{ op: 'cancel', task, ...(r.msg && allows(b.gate, 'cancel', ['message']) ? { message: 'stop' } : {}) }];
      // Derived (3.11+): two cancels in three read the requests pending, one in three also takes one back.
      const k = b.cancelled.size % 3;
      if (k !== 0 && allows(b.gate, 'cancelling')) out.push({ op: 'cancelling', task });
      if (k === 2 && allows(b.gate, 'uncancel')) out.push({ op: 'uncancel', task });
      return out;
    }
    default: return [];
  }
}

/**
 * An operation its row derives (derive.ts): the names it refers to picked among those visible (a
 * variable or context made first when there is none), then the names it binds; dropped where its
 * row does not allow it or a name it refers to has nothing to pick from.
 */
export function derivedOp(b: Builder, r: DerivedRaw, scope: Scope, frame: Frame, out: Op[]): Op[] {
  const d = DERIVED.get(r.op)!;
  if (!allows(b.gate, d.op) || (d.where === 'async' && frame.kind !== 'async') || (d.rule.loop && frame.noLoop)) return [];
  if (frame.repeat && d.fills.some((x) => x.by === 'bind')) return [];
  const filled: Record<string, unknown> = {};
  for (const x of d.fills) {
    if (x.by === 'draw') filled[x.field] = r.f[x.field];
    else if (x.by === 'ref') {
      const name = refer(b, scope, x.slot, r.f[x.field] as number, out);
      if (name === undefined) return [];
      filled[x.field] = name;
    }
  }
  // Bound once nothing can drop the operation: a name bound by a dropped one would be used by what follows.
  for (const x of d.fills) {
    if (x.by !== 'bind') continue;
    const name = x.slot === 'var' ? `v${b.n.v++}` : `c${b.n.c++}`;
    (x.slot === 'var' ? scope.vars : scope.contexts).push(name);
    filled[x.field] = name;
  }
  const op: Record<string, unknown> = { op: d.op };
  for (const x of d.fills) op[x.field] = filled[x.field];
  return [op as unknown as Op];
}

/** A visible name of a slot kind (derive.ts's REFERABLE), or undefined when there is none to pick. */
function refer(b: Builder, scope: Scope, slot: string, pick: number, out: Op[]): string | undefined {
  switch (slot) {
    case 'var': return b.needVar(scope, pick, out);
    case 'context': return b.needContext(scope, pick, out);
    case 'token': return scope.tokens.length ? at(scope.tokens, pick).name : undefined;
    case 'task': return scope.tasks.length ? at(scope.tasks, pick) : undefined;
    case 'function': return scope.fns.length ? at(scope.fns, pick) : undefined;
    case 'generator': return scope.gens.length ? at(scope.gens, pick) : undefined;
    default: throw new Error(`fuzz: a derived operation refers to a ${slot}`);
  }
}

/** Operations through which a cancellation would reach another task, a future, or a group. */
const SPREADS = new Set(['await_task', 'future_await', 'gather', 'task_group', 'wait_for', 'to_thread', 'run_in_executor', 'runner']);
const SUSPENDS = new Set(['sleep', 'event_wait', 'call', 'timeout', 'with_value', 'with_token', 'try', 'await_custom',
  ...[...DERIVED.values()].filter((d) => d.where === 'async').map((d) => d.op)]);

/** Whether a create_task body may be cancelled (see the rule above). */
export function cancellableBody(body: Op[]): boolean {
  for (const { op } of walk(body)) {
    if (SPREADS.has(op.op)) return false;
    if (op.op === 'try' && !('catch' in op) && [...walk(op.body as Op[])].some(({ op: o }) => SUSPENDS.has(o.op) && o !== op)) return false;
  }
  return true;
}
