/**
 * The mapping shared by the OpenTelemetry adapters (`otel-als`, `otel-async-hooks`, `otel3-als`):
 * `@opentelemetry/api`'s `context` API over one of `@opentelemetry/context-async-hooks`'s context
 * managers, registered as the global manager for the scenario, as an application registers it.
 *
 * OpenTelemetry contexts are immutable values: `ctx.setValue(key, v)` returns a new context, and
 * the only way to make one current is `context.with(ctx, fn)` for the extent of fn. So:
 *
 * - `ContextVar(name, default)` is `createContextKey(name)` plus the default the adapter keeps;
 *   `var.get()` is `context.active().getValue(key)`, undefined (never a scenario value) meaning
 *   "no value": LookupError, or the get() argument, or the default.
 * - The scoped op (`with_value`) is `context.with(context.active().setValue(key, v), fn)`.
 * - `copy_context()` is `context.active()` (an immutable value is its own snapshot), `ctx.run(fn)`
 *   is `context.with(ctx, fn)`, `ctx.copy()` is ctx itself, `Context()` is `ROOT_CONTEXT`.
 * - Tasks are async functions called without `await` (with `context=`: inside `context.with`);
 *   gather is Promise.all over them (their promises are the handles it hands back); sleep(0) is a `setImmediate`; `call_soon(fn)` is `setImmediate(fn)`,
 *   left to the manager to propagate, and with `context=` it is `setImmediate(context.bind(ctx, fn))`.
 *   An Event is a promise; a Future a deferred promise; a function called by another task a listener
 *   on an EventEmitter (emit calls it synchronously); an object with `__await__` a thenable; an async generator a native
 *   one stepped with next() and closed with return() (no finaliser: async_generator_finaliser is not declared).
 * - Differing on purpose (SEMANTICS_DIFFER): `set` and `tokens`: there is no way to make a value
 *   current for the rest of the caller, nor a token to undo it.
 * - Not expressible (UNSUPPORTED): the Mapping API (a Context answers getValue(key) only; it has no
 *   size or iteration), context equality, task groups, and the Python-only features.
 */
import { context, createContextKey, ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';
import { EventEmitter } from 'node:events';
import { ADAPTER_CONTRACT_VERSION, type Adapter, type DefaultArg } from '../contract/adapter.ts';
import { asyncGeneratorHooks, deferred, promiseEvent, thenable, type Deferred, type PromiseEvent as Event } from './event.ts';
import type { Value } from '../format/scenario.ts';

export interface Var { readonly name: string; readonly key: symbol; readonly dflt?: DefaultArg }

export class OtelError extends Error {
  constructor(readonly kind: string, message: string) { super(message); }
}

export const FEATURES = [
  'vars', 'defaults', 'scoped_values', 'copy_context', 'context_new', 'context_copy', 'context_run', 'errors',
  'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context', 'events',
  'futures', 'functions', 'custom_awaitables', 'async_generators',
] as const;

export const DIFFERS: Readonly<Record<string, string>> = {
  set: 'OpenTelemetry contexts are immutable: a value is current only for the extent of context.with(ctx.setValue(key, v), fn), never for the rest of the caller',
  tokens: 'without set() there are no tokens and no reset(): leaving context.with restores the outer context',
  // Rules (harness/contract/rules.ts) OpenTelemetry rejects while expressing the operations.
  reentry_refused: 'a Context is an immutable value, never "entered": context.with(ctx, fn) may be nested inside itself, so nothing is refused',
  shared_context_writes: 'a Context is an immutable value: a value bound with context.with(ctx.setValue(...)) is current in that call only, never through the Context another task runs',
};

import { packageVersion } from './package-version.ts';
export { packageVersion };

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const notDeclared = (what: string) => (): never => { throw new Error(`${what} is not declared by the OpenTelemetry adapters`); };
const repr = (v: Var) => `<ContextVar name='${v.name}'>`;

export function createOtelAdapter(name: string, version: string, manager: () => ContextManager): Adapter<Var, never, Context, Promise<void>, never, Event> {
  const active = () => context.active();
  const value = (c: Context, v: Var) => c.getValue(v.key) as Value | undefined;
  return {
    contract: ADAPTER_CONTRACT_VERSION,
    name,
    version: `${version} (${packageVersion('@opentelemetry/api')})`,
    features: FEATURES,
    differs: DIFFERS,

    newVar: (n, dflt) => ({ name: n, key: createContextKey(n), ...(dflt ? { dflt } : {}) }),
    get(v, d) {
      const x = value(active(), v);
      if (x !== undefined) return x;
      if (d) return d.default;
      if (v.dflt) return v.dflt.default;
      throw new OtelError('LookupError', repr(v));
    },
    set: notDeclared('set'),
    reset: notDeclared('reset'),
    tokenVar: notDeclared('Token.var'),
    tokenOldValue: notDeclared('Token.old_value'),
    withValue: (v, x, body) => context.with(active().setValue(v.key, x), body),

    copyContext: active,
    newContext: () => ROOT_CONTEXT,
    contextCopy: (c) => c,
    run: (c, fn) => context.with(c, fn),
    getItem: notDeclared('ctx[var]'),
    contains: notDeclared('var in ctx'),
    contextGet: notDeclared('ctx.get'),
    size: notDeclared('len(ctx)'),
    keys: notDeclared('ctx.keys()'),
    values: notDeclared('ctx.values()'),
    items: notDeclared('ctx.items()'),
    equals: notDeclared('ctx == ctx'),

    /** A fresh manager per scenario, registered globally for its run, as an application does at start-up. */
    async runMain(body) {
      context.disable();
      const m = manager().enable();
      if (!context.setGlobalContextManager(m)) throw new Error('@opentelemetry/api refused the context manager');
      try { await context.with(ROOT_CONTEXT, body); } finally { context.disable(); }
    },
    spawn(body, { context: c }) {
      const task = c ? context.with(c, body) : body();
      task.catch(() => { /* observed when awaited or at the drain */ });
      return task;
    },
    awaitTask: (k) => k,
    callCoroutine: async (body) => { await body(); },
    yieldOnce: nextTurn,
    async gather(bodies, adopt) {
      const tasks = bodies.map((b) => { const t = b(); t.catch(() => {}); return t; });
      adopt(tasks);
      await Promise.all(tasks);
    },
    taskGroup: notDeclared('task_group'),
    callSoon(fn, { context: c }) { setImmediate(c ? context.bind(c, fn) : fn); },
    newEvent: promiseEvent,
    setEvent: (e) => e.open(),
    waitEvent: (e) => e.promise,
    newFuture: () => deferred<Value>(),
    resolveFuture: (f, value) => (f as Deferred<Value>).resolve(value),
    awaitFuture: (f) => (f as Deferred<Value>).promise,
    defineFunction: (fn) => new EventEmitter().on('call', fn),
    callFunction: (e) => { (e as EventEmitter).emit('call'); },
    awaitCustom: thenable,
    ...asyncGeneratorHooks,

    classifyError: (e) => (e instanceof OtelError ? { kind: e.kind, message: e.message } : undefined),
  };
}
