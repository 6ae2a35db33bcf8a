/**
 * Synchronous operations compiled into closures, once per scenario: each closure calls the adapter
 * and logs what it observes, with no lookup of the operation at run time. Sync bodies (run, try,
 * callbacks, threads, executor jobs) and generator bodies are built from them.
 */
import type { DefaultArg } from '../contract/adapter.ts';
import type { AsyncOp, GenOp, SyncOp } from '../format/scenario.ts';
import { HarnessFault, ScenarioRaise } from './errors.ts';
import { at, type Frame, type RunState } from './state.ts';
import { sortedItems, sortedKeys, sortedValues, traceValue, varRef } from './values.ts';
import { pyRepr } from '../primitives/repr.ts';
import { withGeneratorSteps } from '../contract/no-suspension.ts';

export type SyncFn = (f: Frame) => void;
/** A compiled async task body: given the task's path, the function the adapter runs as the task. */
export type TaskFn = (path: string) => () => Promise<void>;

/** What the sync compiler needs from the async one (create_task holds an async body). */
export interface TaskCompiler {
  task(ops: AsyncOp[], bodyPtr: string, endStep: string): TaskFn;
}

const noop: SyncFn = () => {};

/** withValue's fourth argument (contract 1.5) for a body that runs to its end synchronously. */
const SYNC_BODY = Object.freeze({ async: false });

const hasDefault = (op: object): op is { default: DefaultArg['default'] } => Object.prototype.hasOwnProperty.call(op, 'default');

/** A sequence of closures as one. */
export function sequence(fns: SyncFn[]): SyncFn {
  if (fns.length === 0) return noop;
  if (fns.length === 1) return fns[0]!;
  return (f) => { for (let i = 0; i < fns.length; i++) fns[i]!(f); };
}

export function compileSync(r: RunState, ops: readonly SyncOp[], ptr: string, c: TaskCompiler): SyncFn {
  return sequence(ops.map((op, i) => compileSyncOp(r, op, `${ptr}/${i}`, c)));
}

/** A sync body run as its own task path (callback, thread, job): records its end; `rethrow` for jobs awaited by the caller. */
export function syncTask(r: RunState, body: readonly SyncOp[], p: string, c: TaskCompiler, rethrow: boolean): (path: string) => () => void {
  const run = compileSync(r, body, `${p}/body`, c);
  return (path) => {
    const f = at(path);
    return () => {
      try {
        run(f);
      } catch (e) {
        r.end(path, p, e, true);
        if (rethrow) throw e;
        return;
      }
      r.end(path, p, undefined, false);
    };
  };
}

export function compileSyncOp(r: RunState, op: SyncOp, p: string, c: TaskCompiler): SyncFn {
  const a = r.a, n = r.names, log = r.log, ctx = r.ctx, tok = r.tok;
  switch (op.op) {
    case 'var': {
      const d = hasDefault(op) ? { default: op.default } : undefined;
      return d ? () => n.addVar(op.name, a.newVar(op.name, d)) : () => n.addVar(op.name, a.newVar(op.name));
    }
    case 'get': {
      if (hasDefault(op)) {
        const d = { default: op.default };
        return (f) => { const v = n.variable(op.var); log.value(f.path(), p, 'get', traceValue(a.get(v, d))); };
      }
      return (f) => { const v = n.variable(op.var); log.value(f.path(), p, 'get', traceValue(a.get(v))); };
    }
    case 'set': {
      const token = op.token;
      return token === undefined
        ? () => { a.set(n.variable(op.var), op.value); }
        : () => { n.tokens.set(token, a.set(n.variable(op.var), op.value)); };
    }
    case 'reset': return () => a.reset(n.variable(op.var), tok(op.token));
    case 'token_var': return (f) => log.value(f.path(), p, op.op, varRef(n, a.tokenVar(tok(op.token))));
    case 'token_old_value': return (f) => log.value(f.path(), p, op.op, traceValue(a.tokenOldValue(tok(op.token))));
    case 'copy_context': return () => { n.contexts.set(op.as, a.copyContext()); };
    case 'new_context': return () => { n.contexts.set(op.as, a.newContext()); };
    case 'ctx_copy': return () => { n.contexts.set(op.as, a.contextCopy(ctx(op.context))); };
    case 'run': {
      const body = compileSync(r, op.body, `${p}/body`, c);
      return (f) => { a.run(ctx(op.context), () => body(f)); };
    }
    case 'ctx_getitem': return (f) => log.value(f.path(), p, op.op, traceValue(a.getItem(ctx(op.context), n.variable(op.var))));
    case 'ctx_contains': return (f) => log.value(f.path(), p, op.op, traceValue(a.contains(ctx(op.context), n.variable(op.var))));
    case 'ctx_get': {
      if (hasDefault(op)) {
        const d = { default: op.default };
        return (f) => { const k = ctx(op.context), v = n.variable(op.var); log.value(f.path(), p, op.op, traceValue(a.contextGet(k, v, d))); };
      }
      return (f) => { const k = ctx(op.context), v = n.variable(op.var); log.value(f.path(), p, op.op, traceValue(a.contextGet(k, v))); };
    }
    case 'ctx_len': return (f) => log.value(f.path(), p, op.op, traceValue(a.size(ctx(op.context))));
    case 'ctx_keys': return (f) => log.value(f.path(), p, op.op, sortedKeys(n, [...a.keys(ctx(op.context))]));
    case 'ctx_values': return (f) => {
      const k = ctx(op.context);
      const values = [...a.values(k)];
      log.value(f.path(), p, op.op, sortedValues(n, [...a.keys(k)], values));
    };
    case 'ctx_items': return (f) => log.value(f.path(), p, op.op, sortedItems(n, [...a.items(ctx(op.context))]));
    case 'ctx_eq': return (f) => log.value(f.path(), p, op.op, traceValue(a.equals(ctx(op.left), ctx(op.right))));
    case 'raise': {
      // str(KeyError(m)) is repr(m), as CPython prints a KeyError.
      const message = op.kind === 'KeyError' ? pyRepr(op.message) : op.message;
      return () => { throw new ScenarioRaise(op.kind, message); };
    }
    case 'try': {
      const body = compileSync(r, op.body, `${p}/body`, c);
      const catches = op.catch;
      return (f) => {
        try { body(f); } catch (e) { r.recordTry(f.path(), p, e, catches); return; }
        log.value(f.path(), p, 'try', null);
      };
    }
    case 'with_token': {
      const body = compileSync(r, op.body, `${p}/body`, c);
      return (f) => {
        const t = tok(op.token);
        r.hook('tokenEnter')(t);
        try { body(f); } finally { r.hook('tokenExit')(t); }
      };
    }
    case 'with_value': {
      const body = compileSync(r, op.body, `${p}/body`, c);
      return (f) => { r.hook('withValue')(n.variable(op.var), op.value, () => body(f), SYNC_BODY); };
    }
    case 'create_task': {
      const task = c.task(op.body, `${p}/body`, p);
      return (f) => {
        const path = `${f.path()}/${op.name}`;
        const options: { context?: unknown; group?: unknown } = {};
        if (op.context !== undefined) options.context = ctx(op.context);
        if (op.group !== undefined) options.group = n.lookup(n.groups, 'task group', op.group);
        if (op.detached) {
          // Nobody keeps it: not awaitable, not drained; its error goes to the loop's exception handler.
          a.spawn(task(path), { ...options, detached: true });
          return;
        }
        const handle = a.spawn(task(path), options);
        n.addTask(op.name, { wait: () => a.awaitTask(handle), awaited: false, handle });
      };
    }
    case 'call_soon': {
      const cb = callback(r, op.body, p, c);
      return (f) => { a.callSoon(cb(f, op.name), contextOption(r, op.context)); };
    }
    case 'call_later': {
      const cb = callback(r, op.body, p, c);
      return (f) => { r.hook('callLater')(cb(f, op.name), contextOption(r, op.context)); };
    }
    case 'add_done_callback': {
      const cb = callback(r, op.body, p, c);
      return (f) => {
        const t = n.lookup(n.tasks, 'task', op.task);
        if (t.handle === undefined) throw new HarnessFault(`"${op.task}" has no task handle to add a done-callback to`);
        r.hook('addDoneCallback')(t.handle, cb(f, op.name), contextOption(r, op.context));
      };
    }
    case 'ctx_is': return (f) => {
      const x = ctx(op.left), y = ctx(op.right);
      log.value(f.path(), p, op.op, a.isSameContext ? a.isSameContext(x, y) : x === y);
    };
    case 'ctx_key': return (f) => log.value(f.path(), p, op.op, traceValue(r.hook('contextKeyLookup')(ctx(op.context), op.key, op.via)));
    case 'ctx_is_current': return (f) => log.value(f.path(), p, op.op, r.hook('isCurrentContext')(ctx(op.context)) === true);
    case 'cancel': return (f) => {
      const t = n.lookup(n.tasks, 'task', op.task);
      if (t.handle === undefined) throw new HarnessFault(`"${op.task}" has no task handle to cancel`);
      const cancel = r.hook('cancelTask');
      log.value(f.path(), p, op.op, (op.message === undefined ? cancel(t.handle) : cancel(t.handle, op.message)) === true);
    };
    case 'cancelling': case 'uncancel': {
      const hook = op.op === 'cancelling' ? 'cancellingTask' : 'uncancelTask';
      return (f) => {
        const t = n.lookup(n.tasks, 'task', op.task);
        if (t.handle === undefined) throw new HarnessFault(`"${op.task}" has no task handle to ask for its cancel requests`);
        log.value(f.path(), p, op.op, traceValue(r.hook(hook)(t.handle)));
      };
    }
    case 'task_get_context': return () => {
      const t = n.lookup(n.tasks, 'task', op.task);
      if (t.handle === undefined) throw new HarnessFault(`"${op.task}" has no task handle to ask for its context`);
      n.contexts.set(op.as, r.hook('taskContext')(t.handle));
    };
    case 'eager_task_factory': return () => r.hook('setEagerTaskFactory')();
    case 'set_exception_handler': {
      const body = syncTask(r, op.body, p, c, false);
      return (f) => {
        const run = body(`${f.path()}/${op.name}`);
        r.handlerSet = true;
        r.hook('setExceptionHandler')(run);
      };
    }
    case 'event_set': return () => a.setEvent(r.event(op.event));
    case 'thread': {
      const body = syncTask(r, op.body, p, c, false);
      return (f) => r.hook('thread')(body(`${f.path()}/${op.name}`));
    }
    case 'gen_create': {
      const body = compileGen(r, op.body, `${p}/body`, c);
      return (f) => {
        const resumer: Frame = { path: () => r.resumers.at(-1) ?? f.path() };
        n.generators.set(op.name, runGen(r, body, resumer));
      };
    }
    case 'gen_next': return (f) => {
      const g = n.lookup(n.generators, 'generator', op.generator);
      r.resumers.push(f.path());
      try {
        if (a.resumeGenerator) a.resumeGenerator(g); else g.next();
      } finally { r.resumers.pop(); }
    };
    case 'agen_create': {
      const body = compileGen(r, op.body, `${p}/body`, c);
      const fin = op.finally;
      return () => {
        // Like a generator, it has no path: it observes for whoever steps or closes it (entry.frame).
        // Its yields await as every JavaScript async generator's do: the mapping of Python's, not awaits of ours.
        const entry = { handle: undefined as unknown, frame: undefined as unknown as Frame };
        const frame: Frame = { path: () => entry.frame.path() };
        const cleanup = fin === undefined ? undefined : n.lookup(n.functions, 'function', fin);
        // The body, stepped synchronously (it never awaits); the native generator drives the same
        // steps, and carries them for an adapter that steps it without a microtask (contract 1.10).
        function* genBody(): Generator<void, void, void> {
          const steps = runGen(r, body, frame);
          try {
            while (!steps.next().done) yield;
          } finally {
            steps.return();
            if (cleanup) {
              const outer = cleanup.caller;
              cleanup.caller = frame;
              try { r.hook('callFunction')(cleanup.handle); } finally { cleanup.caller = outer; }
            }
          }
        }
        entry.handle = r.hook('asyncGenerator')(() => {
          const steps = genBody();
          return withGeneratorSteps((async function* nativeAsyncGenerator() {
            try {
              while (!steps.next().done) yield;
            } finally { steps.return(); }
          })(), steps);
        });
        n.agens.set(op.name, entry);
      };
    }
    case 'agen_drop': return (f) => {
      const entry = n.lookup(n.agens, 'async generator', op.generator);
      n.agens.delete(op.generator);
      entry.frame = at(`${f.path()}/${op.name}`);
      r.hook('dropAsyncGenerator')(entry.handle);
    };
    case 'future_new': return () => { n.futures.set(op.name, r.hook('newFuture')()); };
    case 'future_resolve': return () => r.hook('resolveFuture')(n.lookup(n.futures, 'future', op.future), op.value);
    case 'fn_def': {
      const run = compileSync(r, op.body, `${p}/body`, c);
      return () => {
        const fn: { handle: unknown; caller: Frame | undefined } = { handle: undefined, caller: undefined };
        fn.handle = r.hook('defineFunction')(() => run(fn.caller!));
        n.functions.set(op.name, fn);
      };
    }
    case 'fn_call': return (f) => {
      const fn = n.lookup(n.functions, 'function', op.function);
      const outer = fn.caller;
      fn.caller = f;
      try { r.hook('callFunction')(fn.handle); } finally { fn.caller = outer; }
    };
    default: {
      const never: never = op;
      throw new HarnessFault(`operation ${(never as { op: string }).op} is not valid in a synchronous body`);
    }
  }
}

/** `context=` of a callback operation, when it names one. */
function contextOption(r: RunState, name: string | undefined): { context?: unknown } {
  return name === undefined ? {} : { context: r.ctx(name) };
}

/**
 * A loop callback (call_soon, call_later, a done-callback) running a sync body as path/NAME: counted
 * until it runs (the drain waits for it), its end recorded; with an exception handler set its error
 * goes on to the loop, which hands it to the handler.
 */
function callback(r: RunState, body: readonly SyncOp[], p: string, c: TaskCompiler): (f: Frame, name: string) => () => void {
  const run = compileSync(r, body, `${p}/body`, c);
  return (f, name) => {
    const path = `${f.path()}/${name}`, at0 = at(path);
    r.pendingCallbacks++;
    let ran = false;
    return () => {
      if (!ran) { ran = true; r.pendingCallbacks--; }
      try {
        run(at0);
      } catch (e) {
        r.end(path, p, e, true);
        if (r.handlerSet) throw e;
        return;
      }
      r.end(path, p, undefined, false);
    };
  };
}

/* ---- generator bodies: sync closures with yields, try and with_token between them ---- */

type GenNode =
  | { kind: 'sync'; fn: SyncFn }
  | { kind: 'yield' }
  | { kind: 'try'; step: string; body: GenNode[]; catches?: readonly string[] }
  | { kind: 'with'; token: string; body: GenNode[] };

function compileGen(r: RunState, ops: readonly GenOp[], ptr: string, c: TaskCompiler): GenNode[] {
  return ops.map((op, i): GenNode => {
    const p = `${ptr}/${i}`;
    if (op.op === 'yield') return { kind: 'yield' };
    if (op.op === 'try') return { kind: 'try', step: p, body: compileGen(r, op.body as GenOp[], `${p}/body`, c), catches: op.catch };
    if (op.op === 'with_token') return { kind: 'with', token: op.token, body: compileGen(r, op.body as GenOp[], `${p}/body`, c) };
    return { kind: 'sync', fn: compileSyncOp(r, op, p, c) };
  });
}

function* runGen(r: RunState, nodes: GenNode[], f: Frame): Generator<void, void, void> {
  for (const node of nodes) {
    switch (node.kind) {
      case 'yield': yield; break;
      case 'sync': node.fn(f); break;
      case 'try': {
        let failed = false, err: unknown;
        try { yield* runGen(r, node.body, f); } catch (e) { failed = true; err = e; }
        if (failed) r.recordTry(f.path(), node.step, err, node.catches);
        else r.log.value(f.path(), node.step, 'try', null);
        break;
      }
      case 'with': {
        const t = r.tok(node.token);
        r.hook('tokenEnter')(t);
        try { yield* runGen(r, node.body, f); } finally { r.hook('tokenExit')(t); }
        break;
      }
    }
  }
}
