/**
 * Turns a raw skeleton (raw.ts) into a well-formed, deterministic scenario program.
 *
 * Why each rule exists:
 * - Names are lexically scoped: a body sees what was bound before it in its own body and its
 *   enclosing bodies, so every name is bound at run time before it is used. A nested body that
 *   runs to completion in place (run, try, call, task_group) exports the names it binds before
 *   its first operation that may raise; anything after that might never have run. A task's body
 *   exports the same way, but only to code after an `await_task` of it.
 * - A reference with nothing visible creates what it needs (a variable, a context) or is dropped
 *   (a token, a task): shrinking can remove any binding and the program stays valid.
 * - The main task, task group bodies and task group children never let an error escape (risky
 *   operations are wrapped in `try`): an escaping error there cancels other tasks, and
 *   cancellation is not part of what the generated programs check.
 * - `event_wait` only appears in tasks created at the top of main, and main sets the event before
 *   its next operation that could block, so every wait is surely released: no deadlock.
 * - Callbacks create no tasks or callbacks: what main drains at its end stays simple.
 */
import type { AnyOp, AsyncOp, Scenario, SyncOp, Value } from '../format/scenario.ts';
import { OPERATIONS } from '../format/operations.ts';
import { opsOf } from './ops.ts';
import { FEATURES } from '../primitives/features.ts';
import { allows, OPEN, programRange, type Gate } from './gate.ts';
import { inRange } from '../primitives/version-range.ts';
import { cancellableBody, derivedOp, moreOp, type Release } from './build-more.ts';
import { DERIVED_RAISES, ruledAt } from './derive.ts';
import { at, cloneScope, emptyScope, enteredBelow, mayEnterTwice, type BuilderApi, type Frame, type Op, type Scope } from './build-scope.ts';
import { EMITS, type RawOp } from './raw.ts';

/** Adds what `more` binds that `scope` lacks (names are unique, so equal names are the same binding). */
function merge(scope: Scope, more: Scope): void {
  for (const k of ['vars', 'contexts', 'tasks', 'fns', 'futures', 'resolved', 'agens', 'gens'] as const)
    for (const v of more[k]) if (!scope[k].includes(v)) scope[k].push(v);
  for (const t of more.tokens) if (!scope.tokens.some((x) => x.name === t.name)) scope.tokens.push(t);
}

/**
 * Whether an operation may let an error escape (conservative). `defaulted` names the variables
 * created with a default, whose get() cannot raise; `entered` the contexts a `run` cannot enter.
 */
export function mayRaise(op: Op | SyncOp, defaulted: ReadonlySet<string>, entered: readonly string[] = [], aliases: ReadonlySet<string> = new Set()): boolean {
  const any = (body: (Op | SyncOp)[], e = entered) => body.some((o) => mayRaise(o, defaulted, e, aliases));
  switch (op.op) {
    case 'get': return !('default' in op) && !defaulted.has(op.var);
    case 'reset': case 'raise': case 'ctx_getitem': case 'await_task': case 'gather': return true;
    case 'fn_call': case 'agen_next': case 'agen_aclose': case 'with_token': case 'gen_next': case 'runner': return true;
    case 'run': return mayEnterTwice(op.context, entered, aliases) || any(op.body, [...entered, op.context]);
    // A try that catches some kinds lets the others through.
    case 'try': return 'catch' in op && any(op.body);
    case 'call': case 'timeout': case 'task_group': case 'with_value': case 'await_custom': case 'to_thread': case 'run_in_executor': case 'wait_for': return any(op.body);
    default: return DERIVED_RAISES.has(op.op);
  }
}

/** Each operation's optional fields (the table's), listed once rather than for every operation built. */
const OPTIONAL_FIELDS: Record<string, string[]> = Object.fromEntries(Object.entries(OPERATIONS).map(([name, row]) => [name, Object.keys(row.optional ?? {})]));

export class Builder implements BuilderApi {
  readonly n = { v: 0, t: 0, c: 0, task: 0, g: 0, e: 0, f: 0 };
  private readonly defaulted = new Set<string>();
  /** What each create_task body surely bound: once the task is awaited, its awaiter may use it. */
  private readonly taskExports = new Map<string, Scope>();
  /** A create_task was given context= of a context entered where it is made (no eager factory then). */
  taskInEnteredContext = false;
  readonly aliases = new Set<string>();
  /** Futures some operation resolves (each is resolved once); async generators dropped, or seen by a body run later. */
  readonly resolvedAnywhere = new Set<string>();
  readonly dropped = new Set<string>();
  readonly escaped = new Set<string>();
  /** Async generators to drop at the end of the body (its output array) that made them. */
  readonly dropAtEnd = new Map<Op[], string[]>();
  readonly cancellable = new Set<string>();
  readonly awaited = new Set<string>();
  readonly cancelled = new Set<string>();
  /** A task or callback exists by now: a thread main waits for would race with it. Operations built so far (derive.ts's ruledAt). */
  concurrent = false;
  built = 0;

  constructor(readonly gate: Gate = OPEN) {}

  /** Whether the gate allows this operation with its optional fields. */
  allowed(op: Op | SyncOp): boolean {
    const optional = OPTIONAL_FIELDS[op.op]!;
    return allows(this.gate, op.op, optional.length ? optional.filter((f) => f in op) : optional);
  }

  body(raw: RawOp[], scope: Scope, frame: Frame): { ops: Op[]; exported: Scope } {
    const out: Op[] = [];
    const exported = cloneScope(scope);
    let clean = true;
    const pendingEvents: Release[] = [];
    // Releases what a task made at main's top waits for: its event, or the future it awaits (resolved once, here).
    const release = (p: Release) => {
      if (!p.future) out.push({ op: 'event_set', event: p.event });
      else { out.push({ op: 'future_resolve', future: p.event, value: 7 }); scope.resolved.push(p.event); }
    };
    const flush = () => { for (const p of pendingEvents.splice(0)) release(p); };
    // After each operation of the skeleton, maybe one a derived row adds by rule (drawing nothing).
    for (const r of raw) for (const x of ruledAt(this.built++, r)) {
      const start = out.length;
      const blocking = frame.kind === 'async' && ['await_task', 'call', 'gather', 'task_group', 'try', 'with_value', 'with_token', 'wait_for', 'to_thread', 'run_in_executor', 'runner'].includes(x.k);
      if (blocking) flush();
      const made = this.op(x, scope, frame, out, pendingEvents).filter((op) => this.allowed(op));
      const risky = (op: Op) => mayRaise(op, this.defaulted, frame.entered, this.aliases);
      for (const op of made) out.push(frame.safe && risky(op) ? { op: 'try', body: [op] } as Op : op);
      if (clean) {
        for (const op of out.slice(start)) if (risky(op)) clean = false;
        if (clean) Object.assign(exported, cloneScope(scope));
      }
      if (x !== r) continue;
      // Events due after a number of further operations of the skeleton (never later than the next blocking one).
      for (const p of pendingEvents) p.after--;
      while (pendingEvents.length && pendingEvents[0]!.after < 0) release(pendingEvents.shift()!);
    }
    flush();
    for (const g of this.dropAtEnd.get(out) ?? []) if (this.droppable(g)) out.push(this.drop(g));
    return { ops: out, exported };
  }

  /** No task made since its creation can see it, and it is not dropped yet. */
  droppable(g: string): boolean { return !this.escaped.has(g) && !this.dropped.has(g); }

  drop(generator: string): Op {
    this.dropped.add(generator); this.concurrent = true;
    return { op: 'agen_drop', generator, name: `F${this.n.task++}` };
  }

  needVar(scope: Scope, pick: number, out: Op[]): string {
    if (scope.vars.length) return at(scope.vars, pick);
    const name = `v${this.n.v++}`;
    out.push({ op: 'var', name }); scope.vars.push(name);
    return name;
  }

  needContext(scope: Scope, pick: number, out: Op[]): string {
    if (scope.contexts.length) return at(scope.contexts, pick);
    const name = `c${this.n.c++}`;
    out.push({ op: 'copy_context', as: name });
    scope.contexts.push(name);
    return name;
  }

  /** Builds one raw operation; returns the operations to emit (prerequisites go straight to out). */
  private op(r: RawOp, scope: Scope, frame: Frame, out: Op[], events: Release[]): Op[] {
    if (r.k === 'derived') return derivedOp(this, r, scope, frame, out);
    const dflt = (d: Value | undefined) => (d === undefined ? {} : { default: d });
    if (!allows(this.gate, EMITS[r.k].op, EMITS[r.k].fields)) return [];
    switch (r.k) {
      case 'var': {
        const name = `v${this.n.v++}`;
        scope.vars.push(name);
        if (r.dflt !== undefined) this.defaulted.add(name);
        return [{ op: 'var', name, ...dflt(r.dflt) }];
      }
      case 'get': return [{ op: 'get', var: this.needVar(scope, r.v, out), ...dflt(r.dflt) }];
      case 'set': {
        const v = this.needVar(scope, r.v, out);
        if (!r.token) return [{ op: 'set', var: v, value: r.value }];
        const token = `t${this.n.t++}`;
        scope.tokens.push({ name: token, var: v });
        return [{ op: 'set', var: v, value: r.value, token }];
      }
      case 'reset': {
        if (!scope.tokens.length) return [];
        const t = at(scope.tokens, r.t);
        return [{ op: 'reset', var: r.own ? t.var : at(scope.vars, r.v), token: t.name }];
      }
      case 'token_var': case 'token_old_value':
        if (!scope.tokens.length) return [];
        return [{ op: r.k, token: at(scope.tokens, r.t).name }];
      case 'copy_context': case 'new_context': {
        const name = `c${this.n.c++}`;
        scope.contexts.push(name);
        return [{ op: r.k, as: name }];
      }
      case 'ctx_copy': {
        const from = this.needContext(scope, r.c, out);
        const name = `c${this.n.c++}`;
        scope.contexts.push(name);
        return [{ op: 'ctx_copy', context: from, as: name }];
      }
      case 'map': {
        const context = this.needContext(scope, r.c, out);
        switch (r.read) {
          case 'len': case 'keys': case 'values': case 'items':
            return [{ op: `ctx_${r.read}`, context } as Op];
          case 'get': return [{ op: 'ctx_get', context, var: this.needVar(scope, r.v, out), ...dflt(r.dflt) }];
          default: return [{ op: `ctx_${r.read}`, context, var: this.needVar(scope, r.v, out) } as Op];
        }
      }
      case 'ctx_eq': {
        const left = this.needContext(scope, r.a, out);
        return [{ op: 'ctx_eq', left, right: at(scope.contexts, r.b) }];
      }
      case 'raise': return [{ op: 'raise', kind: r.kind, message: r.message }];
      case 'run': {
        const context = this.needContext(scope, r.c, out);
        const inner = this.body(r.body, cloneScope(scope), { ...frame, kind: 'sync', safe: false, entered: [...frame.entered, context], group: undefined, mainTop: false });
        // Entering a context that is already entered raises at once, before the body binds anything.
        if (!mayEnterTwice(context, frame.entered, this.aliases)) Object.assign(scope, inner.exported);
        // One a creator holds entered is entered again only in an eager first step: no factory then
        // (fuzz-scale, model, seed 31008: the run raised in create_task and left a name unbound).
        if (mayEnterTwice(context, frame.held ?? [], this.aliases)) this.taskInEnteredContext = true;

        return [{ op: 'run', context, body: inner.ops as SyncOp[] }];
      }
      case 'try': {
        // In a generator, no yield inside try (the schema keeps yield to the generator's own body).
        const inner = this.body(r.body, cloneScope(scope), { ...frame, kind: frame.kind === 'gen' ? 'sync' : frame.kind, safe: false, group: undefined, mainTop: false });
        Object.assign(scope, inner.exported);
        return [{ op: 'try', body: inner.ops } as Op];
      }
      case 'call_soon': {
        if (frame.callback) return [];
        this.concurrent = true;
        const context = r.c === null || !allows(this.gate, 'call_soon', ['context']) ? undefined : this.needContext(scope, r.c, out);
        const name = `cb${this.n.task++}`;
        const inner = this.body(r.body, cloneScope(scope), { kind: 'sync', safe: false, entered: context ? [context] : [], callback: true, mainTop: false });
        return [{ op: 'call_soon', name, body: inner.ops as SyncOp[], ...(context ? { context } : {}) }];
      }
      case 'create_task': {
        if (frame.callback) return [];
        this.concurrent = true;
        this.escape(scope);
        const context = r.c === null || !allows(this.gate, 'create_task', ['context']) ? undefined : this.needContext(scope, r.c, out);
        const group = r.grouped && allows(this.gate, 'create_task', ['group']) ? frame.group : undefined;
        const name = `T${this.n.task++}`;
        if (context && mayEnterTwice(context, enteredBelow(frame), this.aliases)) this.taskInEnteredContext = true;
        const inner = this.body(r.body, cloneScope(scope), { kind: 'async', safe: group !== undefined, entered: context ? [context] : [], held: enteredBelow(frame), callback: false, mainTop: false });
        const ops = inner.ops;
        if (r.waitAt !== null && frame.mainTop && !group) {
          // What it waits for: an event, a future of its own, or the future a task made before waits on (one resolver, several waiters).
          const futures = allows(this.gate, 'future_await') ? (r.fut ?? 0) : 0;
          const shared = futures === 2 ? events.findLast((p) => p.future) : undefined;
          if (futures === 0) {
            const event = `e${this.n.e++}`;
            ops.splice(Math.min(r.waitAt, ops.length), 0, { op: 'event_wait', event });
            events.push({ event, after: r.setAfter });
          } else {
            const future = shared?.event ?? `fu${this.n.f++}`;
            if (!shared) {
              out.push({ op: 'future_new', name: future });
              this.resolvedAnywhere.add(future);
              events.push({ event: future, after: r.setAfter, future: true });
            }
            ops.splice(Math.min(r.waitAt, ops.length), 0, { op: 'future_await', future });
          }
        }
        scope.tasks.push(name);
        if (!group) this.taskExports.set(name, inner.exported);
        if (!group && cancellableBody(ops)) this.cancellable.add(name);
        return [{ op: 'create_task', name, body: ops, ...(context ? { context } : {}), ...(group ? { group } : {}) }];
      }
      case 'sleep': return frame.kind === 'async' ? [{ op: 'sleep' }] : [];
      case 'yield': return frame.kind === 'gen' ? [{ op: 'yield' } as unknown as Op] : [];
      case 'await_task': {
        if (frame.kind !== 'async' || !scope.tasks.length) return [];
        // Derived, not drawn (as the done-callbacks below): an eighth of the awaits cancel a task
        // instead, when one may be cancelled; every other cancel with a message.
        if (r.t === 5) {
          const cancel = moreOp(this, { k: 'cancel', t: this.n.task, msg: this.cancelled.size % 2 === 0 }, scope, frame, out);
          if (cancel.length && this.allowed(cancel[0]!)) return cancel;
        }
        const task = at(scope.tasks, r.t);
        this.awaited.add(task);
        // A task some cancel names may have bound nothing: its await catches CancelledError, never with a bare try.
        const cancelled = this.cancelled.has(task);
        const awaitOp: Op = cancelled ? { op: 'try', catch: ['CancelledError'], body: [{ op: 'await_task', task }] } as Op : { op: 'await_task', task };
        // After the await the task has ended (well or not), so what it bound before it could fail exists:
        // its tokens can then be reset here, in the wrong context.
        const done = cancelled ? undefined : this.taskExports.get(task);
        if (done) merge(scope, done);
        // Derived, not drawn (the skeleton's stream, and the seeds the suites pin, stay as they are):
        // a quarter of the awaits first add a done-callback that sets a variable in its own copy,
        // and read the variable after the await (the set must not be there).
        if (r.t >= 6 && !frame.callback && allows(this.gate, 'add_done_callback')) {
          const name = `dc${this.n.task++}`;
          const v = this.needVar(scope, r.t, out);
          return [{ op: 'add_done_callback', task, name, body: [{ op: 'set', var: v, value: 'done' }] }, awaitOp, { op: 'get', var: v, default: null }];
        }
        return [awaitOp];
      }
      case 'call': {
        if (frame.kind !== 'async') return [];
        const inner = this.body(r.body, cloneScope(scope), { ...frame, safe: false, group: undefined, mainTop: false });
        Object.assign(scope, inner.exported);
        // Derived (3.11+): a call whose skeleton has three ops mod four is an `async with asyncio.timeout(None)`
        // block instead, which never fires: the same task, context and awaits.
        if (r.body.length % 4 === 3 && allows(this.gate, 'timeout')) return [{ op: 'timeout', body: inner.ops }];
        return [{ op: 'call', body: inner.ops }];
      }
      case 'gather': {
        if (frame.kind !== 'async') return [];
        this.concurrent = true;
        this.escape(scope);
        const tasks = r.children.map((c) => {
          const name = `G${this.n.task++}`;
          return { name, body: this.body(c, cloneScope(scope), { kind: 'async', safe: false, entered: [], held: enteredBelow(frame), callback: false, mainTop: false }).ops };
        });
        scope.tasks.push(...tasks.map((t) => t.name));
        return [{ op: 'gather', tasks }];
      }
      case 'with_value': {
        // Runs in place to completion (errors pass through it, as through call), in the caller's context.
        // In a generator its body holds no yield.
        const v = this.needVar(scope, r.v, out);
        const inner = this.body(r.body, cloneScope(scope), { ...frame, kind: frame.kind === 'gen' ? 'sync' : frame.kind, safe: false, group: undefined, mainTop: false });
        Object.assign(scope, inner.exported);
        return [{ op: 'with_value', var: v, value: r.value, body: inner.ops } as Op];
      }
      case 'task_group': {
        if (frame.kind !== 'async' || !allows(this.gate, 'task_group')) return [];
        this.concurrent = true;
        const name = `g${this.n.g++}`;
        const inner = this.body(r.body, cloneScope(scope), { ...frame, safe: true, group: name, mainTop: false });
        Object.assign(scope, inner.exported);
        return [{ op: 'task_group', name, body: inner.ops }];
      }
      default: return moreOp(this, r, scope, frame, out);
    }
  }

  /** The async generators in scope are seen by a body that runs later (a task): none of them may be dropped now. */
  escape(scope: Scope): void { for (const g of scope.agens) this.escaped.add(g); }
}

/** The main program of a skeleton: well-formed and deterministic by construction. */
export function buildProgram(raw: RawOp[], gate: Gate = OPEN): AsyncOp[] {
  const builder = new Builder(gate);
  const ops = builder.body(raw, emptyScope(), { kind: 'async', safe: true, entered: [], callback: false, mainTop: true, inMain: true }).ops;
  // Derived like the done-callbacks: a program whose skeleton starts with a sleep runs on the
  // eager task factory (3.12+), its tasks' first steps inside create_task.
  // Not where a task is given context= of a context its creator runs in: eagerly its first step
  // would enter that context again, CPython 3.12/3.13 refuse inside create_task, and the
  // recorder's run then never ends (found by the fuzzer; the recorder reports it as a timeout).
  if (!builder.taskInEnteredContext && allows(gate, 'eager_task_factory')) {
    if (raw[0]?.k === 'sleep' && ops[0]?.op === 'sleep') ops[0] = { op: 'eager_task_factory' };
    else {
      // Or installed mid-program: a sleep of main right after it made a task with an odd number
      // becomes the factory, so that task's first step is an ordinary one and the tasks it makes
      // are eager (the shape of issue 18's model bug).
      // (Not the sleep after a detached task: that one lets it run before main can end.)
      const i = ops.findIndex((op, k) => op.op === 'sleep' && k > 0 && ops[k - 1]!.op === 'create_task' && !('detached' in ops[k - 1]!) && /[13579]$/.test((ops[k - 1] as { name: string }).name));
      if (i > 0) ops[i] = { op: 'eager_task_factory' };
    }
    endsInCreateTask(ops, gate);
  }
  // A cancel's message only where the program needs 3.9 for another reason (its range stays as it was).
  const bare = (op: AnyOp): object => { if (op.op !== 'cancel') return op; const { message: _, ...rest } = op; return rest; };
  const all = opsOf<AnyOp>(ops);
  const others = programRange(all.map((op) => OPERATIONS[op.op].pythonOf(bare(op))));
  if (!others || !inRange(others.slice(2), '>=3.9')) {
    for (const op of all) if (op.op === 'cancel' && 'message' in op) delete (op as { message?: string }).message;
  }
  return ops.length ? ops : [{ op: 'sleep' }]; // a scenario needs a feature: the smallest program that has one
}

/**
 * Derived: main's first eager task whose body cannot suspend (no await but calls of such bodies)
 * awaits an empty coroutine first and is cancelled right after create_task. Its body ends inside
 * create_task all the same, so cancel() returns False (the model once said True: issue 18).
 */
function endsInCreateTask(ops: AsyncOp[], gate: Gate): void {
  const f = ops.findIndex((op) => op.op === 'eager_task_factory');
  if (f < 0 || !allows(gate, 'cancel') || !allows(gate, 'call')) return;
  const k = ops.findIndex((op, j) => j > f && op.op === 'create_task' && !op.group && !op.detached && !op.context
    && opsOf<AnyOp>(op.body).every((o) => o.op === 'call' || OPERATIONS[o.op].where !== 'async'));
  if (k < 0) return;
  const t = ops[k] as Extract<AsyncOp, { op: 'create_task' }>;
  if (opsOf<AnyOp>(ops).some((op) => op.op === 'cancel' && op.task === t.name)) return;
  t.body.unshift({ op: 'call', body: [] });
  ops.splice(k + 1, 0, { op: 'cancel', task: t.name });
}

/**
 * The features and version range of the operations whose optional fields change neither (no
 * featuresIf, no pythonIf in the table): what featuresOf and pythonOf answer for every instance,
 * worked out once instead of per operation of every program (a twentieth of a campaign).
 */
const FIXED: Partial<Record<string, { features: readonly string[]; python: string | undefined }>> = Object.fromEntries(Object.entries(OPERATIONS)
  .filter(([, row]) => !row.featuresIf && !row.pythonIf).map(([name, row]) => [name, { features: row.featuresOf({}), python: row.pythonOf({}) }]));

/** Wraps a program as a scenario with derived features and the Python range its features need. */
export function toScenario(program: AsyncOp[], title = 'Generated program'): Scenario {
  const ops = opsOf<AnyOp>(program);
  // The features of every operation (format/operations.ts's requiredFeatures), on the list made once.
  const seen = new Set<string>();
  for (const op of ops) for (const f of FIXED[op.op]?.features ?? OPERATIONS[op.op].featuresOf(op)) seen.add(f);
  const features = [...seen].sort();
  const s: Scenario = {
    title,
    spec: { section: 'PEP 567: generated program', catalog: [] },
    features,
    program,
  };
  if (features.some((f) => FEATURES[f]?.pythonOnly)) s.flags = ['python-only'];
  const python = programRange(ops.map((op) => { const fixed = FIXED[op.op]; return fixed ? fixed.python : OPERATIONS[op.op].pythonOf(op); }));
  if (python) s.python = python;
  return s;
}
