/**
 * `cls-hooked`: continuation-local storage on async_hooks (npm `cls-hooked`), the shared-mutable
 * context library: a namespace's contexts are plain objects chained by prototype, `ns.set` writes
 * into the active one, and async_hooks re-enters, for each callback, the context object that was
 * active when its resource was created (the object itself, not a copy).
 *
 * Mapping decisions (each one is the library's own call):
 *
 * - One namespace per scenario run (`createNamespace`, destroyed with the adapter's process). A
 *   variable is a key string of its own; `var.get()` is `ns.get(key)` when the key is in the active
 *   context (its prototype chain included), else the get() argument, the default, or LookupError.
 * - `var.set(v)` is `ns.set(key, v)`: a write into the active context object.
 * - The scoped binding (`with_value`) is `ns.runAndReturn(() => { ns.set(key, v); return body(); })`:
 *   the library's scoped call, a child context for the extent of body (and its continuations).
 * - `copy_context()` is `ns.createContext()`: a child of the active context by prototype, so later
 *   writes to the parent still show through it (the library's own "copy"). `Context()` is a context
 *   with no parent; `ctx.copy()` is a child of ctx by prototype, the same shape.
 * - `ctx.run(fn)` is `ns.bind(fn, ctx)()`: enter ctx, call fn, exit. Nothing refuses re-entry.
 * - The Mapping API enumerates the context's keys (own and inherited) that are variables.
 * - The main task is `ns.runPromise(body)`. A task is an async function called without `await`
 *   (with `context=`: bound to ctx); gather is Promise.all; sleep(0) and call_soon are setImmediate
 *   (call_soon with `context=` binds the callback to ctx); an Event is a promise, a Future a deferred
 *   promise, a function called by another task an EventEmitter listener, `__await__` a thenable.
 * - Not expressible, so not declared: tokens (cls has no reset), context equality, task groups, and
 *   the Python-only features.
 */
// @ts-expect-error cls-hooked ships no types: the adapter states the shape it uses (Cls, below).
import clsModule from 'cls-hooked';
import { ADAPTER_CONTRACT_VERSION, type Adapter, type DefaultArg } from '../contract/adapter.ts';
import type { PromiseEvent as Event } from './event.ts';
import { PROMISE_SHAPES } from './promise-shapes.ts';
import type { Value } from '../format/scenario.ts';
import { packageVersion } from './package-version.ts';

interface Var { readonly name: string; readonly key: string; readonly dflt?: DefaultArg }
type Ctx = Record<string, unknown>;
interface Namespace {
  active: Ctx | null;
  set(key: string, value: unknown): unknown;
  get(key: string): unknown;
  createContext(): Ctx;
  bind<F extends (...a: any[]) => any>(fn: F, ctx?: Ctx): F;
  runAndReturn<R>(fn: (ctx: Ctx) => R): R;
  runPromise<R>(fn: (ctx: Ctx) => Promise<R>): Promise<R>;
}
interface Cls { createNamespace(name: string): Namespace; destroyNamespace(name: string): void }

// cls-hooked is CommonJS: its default import is module.exports (a static import, so bundles carry it).
const cls = clsModule as Cls;

export class ClsError extends Error {
  constructor(readonly kind: string, message: string) { super(message); }
}

export const FEATURES = [
  'vars', 'defaults', 'set', 'scoped_values', 'copy_context', 'context_new', 'context_copy', 'context_run', 'mapping',
  'errors', 'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context', 'events',
  'futures', 'functions', 'custom_awaitables',
] as const;

const repr = (v: Var) => `<ContextVar name='${v.name}'>`;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const unsupported = (what: string) => (): never => { throw new Error(`${what} is not declared by the cls-hooked adapter`); };

let namespaces = 0;

export function createAdapter(): Adapter<Var, void, Ctx, Promise<void>, never, Event> {
  const ns = cls.createNamespace(`pep567-${++namespaces}`);
  const byKey = new Map<string, Var>();
  let vars = 0;
  // A key is in a context when set there or in an ancestor (cls's own lookup is ctx[key]).
  const has = (c: Ctx | null, v: Var) => !!c && v.key in c;
  const varKeys = (c: Ctx) => { const out: Var[] = []; for (const k in c) { const v = byKey.get(k); if (v) out.push(v); } return out; };

  return {
    contract: ADAPTER_CONTRACT_VERSION,
    name: 'cls-hooked',
    version: packageVersion('cls-hooked'),
    features: FEATURES,

    newVar(name, dflt) {
      const v = { name, key: `pep567:${++vars}:${name}`, ...(dflt ? { dflt } : {}) };
      byKey.set(v.key, v);
      return v;
    },
    get(v, d) {
      if (has(ns.active, v)) return ns.get(v.key) as Value;
      if (d) return d.default;
      if (v.dflt) return v.dflt.default;
      throw new ClsError('LookupError', repr(v));
    },
    set(v, value) { ns.set(v.key, value); },
    reset: unsupported('reset'),
    tokenVar: unsupported('Token.var'),
    tokenOldValue: unsupported('Token.old_value'),
    withValue: (v, value, body) => ns.runAndReturn(() => { ns.set(v.key, value); return body(); }),

    copyContext: () => ns.createContext(),
    newContext: () => Object.create(Object.prototype) as Ctx,
    contextCopy: (c) => Object.create(c) as Ctx,
    run: (c, fn) => ns.bind(fn, c)(),
    getItem(c, v) {
      if (!has(c, v)) throw new ClsError('KeyError', repr(v));
      return c[v.key] as Value;
    },
    contains: (c, v) => has(c, v),
    contextGet: (c, v, d) => (has(c, v) ? (c[v.key] as Value) : d ? d.default : null),
    size: (c) => varKeys(c).length,
    keys: (c) => varKeys(c),
    values: (c) => varKeys(c).map((v) => c[v.key] as Value),
    items: (c) => varKeys(c).map((v) => [v, c[v.key] as Value] as [Var, Value]),
    equals: unsupported('ctx == ctx'),

    runMain: (body) => ns.runPromise(() => body()),
    spawn(body, { context }) {
      const task = context ? ns.bind(body, context)() : body();
      task.catch(() => { /* observed when awaited or at the drain */ });
      return task;
    },
    yieldOnce: nextTurn,
    taskGroup: unsupported('task_group'),
    callSoon(fn, { context }) { setImmediate(context ? ns.bind(fn, context) : fn); },
    ...PROMISE_SHAPES,

    classifyError: (e) => (e instanceof ClsError ? { kind: e.kind, message: e.message } : undefined),
  };
}

export default createAdapter;
