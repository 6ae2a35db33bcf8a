/**
 * `node-als`: Node's AsyncLocalStorage (node:async_hooks) used the way a JavaScript developer uses
 * it for task-local state. It runs unchanged on Node 20–26 (async_hooks or AsyncContextFrame),
 * Bun and Deno, which all provide node:async_hooks.
 *
 * Mapping decisions (each one is what the platform offers, not a PEP 567 emulation):
 *
 * - One AsyncLocalStorage per scenario run; its store is the current "context". A store is a value,
 *   so a context is an immutable Map (variable handle → value) that is never mutated once it is a
 *   store. This is the only modelling: ALS stores one value, and a Map is how several task-local
 *   values are kept in one store.
 * - `ContextVar(name, default)` is a plain key object carrying its name and default. `var.get()` is
 *   a Map lookup in the current store; absent with no default is LookupError (JS would answer
 *   undefined: only the shape is translated).
 * - `var.set(v)` is `als.enterWith(new Map(store).set(var, v))`: the new store replaces the old one
 *   for the rest of the current synchronous execution and everything it schedules afterwards.
 * - The scoped binding (`with_value`) is `als.run(new Map(store).set(var, v), fn)`: ALS's own
 *   scoped call, the store current again when fn returns (for an async fn, its continuations keep
 *   the new store).
 * - Tokens: ALS has no tokens and no reset, so `tokens` is not declared (UNSUPPORTED) rather than
 *   modelled: a token record with hand-written reset checks would test the adapter, not ALS.
 * - `copy_context()` is the current store itself: it is immutable, so the value is already a
 *   snapshot. `Context()` is an empty Map; `ctx.copy()` is `new Map(ctx)`.
 * - `ctx.run(fn)` is `als.run(ctx, fn)`. Sets inside fn make new stores, so they never show in
 *   ctx afterwards, and nothing stops a context being run while it is already running.
 * - The Mapping API is the Map's own (get, has, size, keys, values, entries). Context equality is
 *   left out (UNSUPPORTED): Maps have no structural equality and identity is not PEP 567's `==`.
 * - The main task is `als.run(new Map(), body)`: a fresh, empty store.
 * - `asyncio.create_task(coro)` is calling the async function without `await`: it starts at once,
 *   synchronously, in the caller's execution context, until its first await. With `context=` it is
 *   started inside `als.run(ctx, …)`. `await task` awaits its promise.
 * - `gather` is `Promise.all` over async functions started without `await`; their promises are
 *   the child task handles it hands back.
 * - A directly awaited coroutine is a native `await body()`.
 * - `asyncio.sleep(0)` is awaiting a `setImmediate`: one turn of the event loop, after the pending
 *   promise jobs, in order with `call_soon` callbacks.
 * - `loop.call_soon(fn)` is `setImmediate(fn)` (ALS carries the store current when it was
 *   scheduled); with `context=` it is `setImmediate(() => als.run(ctx, fn))`.
 * - An asyncio.Event is a promise and its resolve function (glue: the platform has no Event).
 * - An asyncio Future is a deferred promise: `set_result(v)` is its resolve, `await fut` awaits it.
 * - A function defined in one task and called by another is a listener on an EventEmitter:
 *   `def f()` is `emitter.on('call', f)`, `f()` is `emitter.emit('call')` (listeners run synchronously).
 * - An object with `__await__` is a thenable: `await` calls its then(), which runs the body and resolves.
 * - An async generator is a native one: `await g.__anext__()` is `await g.next()` and `await g.aclose()` is
 *   `await g.return()`, from whichever task steps it. JavaScript never finalises an abandoned one, so the
 *   loop's finaliser (async_generator_finaliser) is not declared.
 * - Not expressible, so not declared: tokens, task groups, and the Python-only
 *   features (threads, to_thread, executor, generators, wait_for).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ADAPTER_CONTRACT_VERSION, type Adapter, type DefaultArg } from '../contract/adapter.ts';
import { asyncGeneratorHooks, type PromiseEvent as Event } from './event.ts';
import { PROMISE_SHAPES } from './promise-shapes.ts';
import type { Value } from '../format/scenario.ts';

export type Store = ReadonlyMap<Var, Value>;
export interface Var { readonly name: string; readonly dflt?: DefaultArg }

/** An error the adapter raises where Python would; kind is the Python class name. */
export class AlsError extends Error {
  constructor(readonly kind: string, message: string) { super(message); }
}

const repr = (v: Var) => `<ContextVar name='${v.name}'>`;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export const FEATURES = [
  'vars', 'defaults', 'copy_context', 'context_new', 'context_copy', 'context_run', 'mapping',
  'errors', 'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context', 'events',
  'scoped_values', 'futures', 'functions', 'custom_awaitables', 'async_generators',
] as const;

/** The runtime the adapter finds itself in, for the report ("node 24.1.0", "bun 1.4.0", …). */
export function hostVersion(): string {
  const g = globalThis as any;
  if (g.Bun?.version) return `bun-${g.Bun.version}`;
  if (g.Deno?.version?.deno) return `deno-${g.Deno.version.deno}`;
  return `node-${process.versions.node}`;
}

/** ALS has no tokens: the members exist for the contract's shape and refuse to be called. */
const notDeclared = (what: string) => (): never => { throw new Error(`${what}: tokens are not declared by the node-als adapter (AsyncLocalStorage has none)`); };

export function createAdapter(): Adapter<Var, void, Store, Promise<void>, never, Event> {
  return alsAdapter(new AsyncLocalStorage<Store>());
}

/** The adapter over a given AsyncLocalStorage (node-resource builds its contexts on the same one). */
export function alsAdapter(als: AsyncLocalStorage<Store>): Adapter<Var, void, Store, Promise<void>, never, Event> {
  const store = (): Store => als.getStore() ?? new Map();
  const enter = (m: Store) => als.enterWith(m);

  return {
    contract: ADAPTER_CONTRACT_VERSION,
    name: 'node-als',
    version: hostVersion(),
    features: FEATURES,

    newVar: (name, dflt) => ({ name, dflt }),
    get(v, d) {
      const s = store();
      if (s.has(v)) return s.get(v)!;
      if (d) return d.default;
      if (v.dflt) return v.dflt.default;
      throw new AlsError('LookupError', repr(v));
    },
    set(v, value) {
      enter(new Map(store()).set(v, value));
    },
    reset: notDeclared('reset'),
    tokenVar: notDeclared('Token.var'),
    tokenOldValue: notDeclared('Token.old_value'),
    withValue: (v, value, body) => als.run(new Map(store()).set(v, value), body),

    copyContext: store,
    newContext: () => new Map(),
    contextCopy: (c) => new Map(c),
    run: (c, fn) => als.run(c, fn),
    getItem(c, v) {
      if (!c.has(v)) throw new AlsError('KeyError', repr(v));
      return c.get(v)!;
    },
    contains: (c, v) => c.has(v),
    contextGet: (c, v, d) => (c.has(v) ? c.get(v)! : d ? d.default : null),
    size: (c) => c.size,
    keys: (c) => [...c.keys()],
    values: (c) => [...c.values()],
    items: (c) => [...c.entries()],
    equals() { throw new Error('context_eq is not declared'); },

    runMain: (body) => als.run(new Map(), body),
    spawn(body, { context }) {
      const task = context ? als.run(context, body) : body();
      // A failure is observed when the task is awaited (or at the drain), not as an unhandled rejection.
      task.catch(() => {});
      return task;
    },
    yieldOnce: nextTurn,
    taskGroup() { throw new Error('task_group is not declared'); },
    callSoon(fn, { context }) {
      setImmediate(context ? () => als.run(context, fn) : fn);
    },
    ...PROMISE_SHAPES,
    ...asyncGeneratorHooks,

    classifyError: (e) => (e instanceof AlsError ? { kind: e.kind, message: e.message } : undefined),
  };
}

export default createAdapter;
