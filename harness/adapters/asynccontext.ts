/**
 * `asynccontext`: the TC39 AsyncContext proposal, through the `@webfill/async-context` polyfill
 * (on Node and Deno it wraps AsyncLocalStorage, elsewhere zone.js). No runtime ships AsyncContext.
 *
 * The proposal has two things: `AsyncContext.Variable` (`run(value, fn)`, `get()`) and
 * `AsyncContext.Snapshot` (captures every variable now; `run(fn)` runs fn inside the capture).
 * Mapping decisions:
 *
 * - `ContextVar(name, default)` is `new Variable({ name, defaultValue })`; `var.get()` is
 *   `variable.get()`, undefined (never a scenario value) meaning "no value": LookupError, or the
 *   get() argument when one is given. The proposal's get() takes no argument, so a variable with a
 *   default answers its default even where Python would answer the argument.
 * - `copy_context()` is `new Snapshot()`, `ctx.run(fn)` is `snapshot.run(fn)`, and `ctx.copy()` is
 *   a Snapshot taken inside `snapshot.run`. `Context()` (an empty context) has no counterpart, nor
 *   has the Mapping API or equality: a Snapshot is opaque. Those are not declared (UNSUPPORTED).
 * - Tasks are async functions called without `await` (with `context=`: called inside
 *   `snapshot.run`); gather is Promise.all over them; sleep(0) and call_soon are setImmediate
 *   (setTimeout where the host has none); an Event is a promise; a Future a deferred promise; a
 *   function called by another task a listener list called synchronously (an emitter without
 *   node:events); an object with `__await__` a thenable; an async generator a native
 *   one stepped with next() and closed with return() (no finaliser: async_generator_finaliser is not declared).
 *
 * - The scoped binding (`with_value`, scenario format 1.2) is `variable.run(value, fn)` itself.
 *
 * Where the proposal differs from PEP 567 on purpose, the feature is declared in `differs`, so the
 * scenarios needing it are SEMANTICS_DIFFER, not failures. `set` is a feature of its own, so the
 * scenarios that only create variables and read them (defaults, tasks, copies) still run.
 * `direct_await` is declared: the proposal restores the caller's context around every await, but
 * that differs from PEP 567 only when the callee calls set(), and every such scenario is already
 * SEMANTICS_DIFFER through `set`; bound through variable.run, caller and callee agree.
 */
import AsyncContext from '@webfill/async-context';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ADAPTER_CONTRACT_VERSION, type Adapter } from '../contract/adapter.ts';
import { asyncGeneratorHooks, deferred, promiseEvent, thenable, type Deferred, type PromiseEvent as Event } from './event.ts';
import type { Value } from '../format/scenario.ts';

type Variable = InstanceType<typeof AsyncContext.Variable>;
type Snapshot = InstanceType<typeof AsyncContext.Snapshot>;

export class AsyncContextError extends Error {
  constructor(readonly kind: string, message: string) { super(message); }
}

export const FEATURES = [
  'vars', 'defaults', 'scoped_values', 'copy_context', 'context_copy', 'context_run', 'errors',
  'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context', 'events',
  'futures', 'functions', 'custom_awaitables', 'async_generators',
] as const;

/** PEP 567 features the proposal deliberately does otherwise, with the reason. */
export const DIFFERS: Readonly<Record<string, string>> = {
  set: 'AsyncContext.Variable has no set(): a value is given only for the extent of variable.run(value, fn), never for the rest of the caller',
  tokens: 'without set() there are no tokens and no reset(): leaving variable.run restores the outer value',
  // Rules (harness/contract/rules.ts) the proposal rejects while expressing the operations.
  reentry_refused: 'a Snapshot is not "entered": snapshot.run may be nested inside itself, so nothing is refused',
  shared_context_writes: 'a Snapshot is an immutable capture: variable.run binds for the extent of its callback in that async flow only, never through a Snapshot another flow runs',
  get_default_argument: "the proposal's get() takes no argument: a variable with a defaultValue answers it where Python answers get's argument",
  // test262 (tc39/test262#3874) checks this; the polyfill cannot hook generator creation, so nothing here emulates it.
  generators: "the proposal runs a generator's body in the context captured when the generator was created, every time it is resumed; PEP 567 runs each step in the context of whoever resumes it",
};

/** The polyfill's own version; found through module resolution so it also works from a bundle. */
function polyfillVersion(): string {
  try {
    const main = createRequire(import.meta.url).resolve('@webfill/async-context');
    return JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

const later = (fn: () => void) => (typeof setImmediate === 'function' ? setImmediate(fn) : setTimeout(fn, 0));

const unsupported = (what: string) => (): never => { throw new Error(`${what} is not declared by the asynccontext adapter`); };

export function createAdapter(): Adapter<Variable, never, Snapshot, Promise<void>, never, Event> {
  return {
    contract: ADAPTER_CONTRACT_VERSION,
    name: 'asynccontext',
    version: `@webfill/async-context@${polyfillVersion()}`,
    features: FEATURES,
    differs: DIFFERS,

    newVar: (name, d) => new AsyncContext.Variable({ name, defaultValue: d?.default }),
    get(v, d) {
      const x = v.get() as Value | undefined;
      if (x !== undefined) return x;
      if (d) return d.default;
      throw new AsyncContextError('LookupError', `<AsyncContext.Variable name='${v.name}'>`);
    },
    set: unsupported('set'),
    reset: unsupported('reset'),
    tokenVar: unsupported('Token.var'),
    tokenOldValue: unsupported('Token.old_value'),
    withValue: (v, value, body) => v.run(value, body),

    copyContext: () => new AsyncContext.Snapshot(),
    newContext: unsupported('Context()'),
    contextCopy: (c) => c.run(() => new AsyncContext.Snapshot()),
    run: (c, fn) => c.run(fn),
    getItem: unsupported('ctx[var]'),
    contains: unsupported('var in ctx'),
    contextGet: unsupported('ctx.get'),
    size: unsupported('len(ctx)'),
    keys: unsupported('ctx.keys()'),
    values: unsupported('ctx.values()'),
    items: unsupported('ctx.items()'),
    equals: unsupported('ctx == ctx'),

    runMain: (body) => body(),
    spawn(body, { context }) {
      const task = context ? context.run(body) : body();
      task.catch(() => { /* observed when awaited or at the drain */ });
      return task;
    },
    awaitTask: (k) => k,
    callCoroutine: async (body) => { await body(); },
    yieldOnce: () => new Promise<void>((resolve) => { later(resolve); }),
    async gather(bodies, adopt) {
      const tasks = bodies.map((b) => { const t = b(); t.catch(() => {}); return t; });
      adopt(tasks);
      await Promise.all(tasks);
    },
    taskGroup: unsupported('task_group'),
    callSoon(fn, { context }) { later(context ? () => context.run(fn) : fn); },
    newEvent: promiseEvent,
    setEvent: (e) => e.open(),
    waitEvent: (e) => e.promise,
    newFuture: () => deferred<Value>(),
    resolveFuture: (f, value) => (f as Deferred<Value>).resolve(value),
    awaitFuture: (f) => (f as Deferred<Value>).promise,
    // A listener list called synchronously (hosts without node:events have no EventEmitter).
    defineFunction: (fn) => [fn],
    callFunction: (listeners) => { for (const fn of listeners as (() => void)[]) fn(); },
    awaitCustom: thenable,
    ...asyncGeneratorHooks,

    classifyError: (e) => (e instanceof AsyncContextError ? { kind: e.kind, message: e.message } : undefined),
  };
}

export default createAdapter;
