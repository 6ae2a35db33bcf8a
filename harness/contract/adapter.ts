/**
 * The adapter contract, version 1 (harness/contract/INTERPRETING.md says what each member must do
 * in PEP 567 terms). An adapter maps each scenario operation onto its implementation's own
 * mechanism; the interpreter (harness/interpreter/) walks the scenario, calls these members, and
 * records the observations. Adapters never record anything and never see the scenario.
 *
 * Type parameters are the implementation's own handles: a variable, a token, a context, a task,
 * a task group, an event. The interpreter treats them as opaque and compares them only by ===.
 */
import type { Value } from '../format/scenario.ts';

/** Semver of this contract. An adapter states the version it was written for; the major must match. */
export const ADAPTER_CONTRACT_VERSION = '1.10.0';

/** Token.MISSING as the adapter returns it from tokenOldValue. */
export const MISSING: unique symbol = Symbol.for('pep567-conformance.MISSING');
export type Missing = typeof MISSING;

/** A default passed explicitly (present even when its value is null). Absent means "no default". */
export interface DefaultArg { default: Value }

/** An error as the adapter classifies it: kind is a Python exception class name, NO_CONTEXT or (1.5) LIBRARY_ERROR. */
export interface ClassifiedError { kind: string; message: string }

/**
 * Since 1.3: the kind of "the implementation has no current context here" (its library lost the
 * context, e.g. after a native await it cannot follow). Not a Python class: the comparator shows it
 * as a divergence ("no context here; CPython read 3"), never as an ERROR.
 */
export const NO_CONTEXT = 'NoContext';

/**
 * Since 1.5: the kind of an error the library raises where CPython has no exception class for it
 * (e.g. a library that refuses nested scopes). Not a Python class: the comparator shows it as a
 * divergence ("raised LibraryError: … where CPython raised nothing"), never as an ERROR. Return it
 * from classifyError, or throw a LibraryError.
 */
export const LIBRARY_ERROR = 'LibraryError';

const LIBRARY_ERROR_BRAND = Symbol.for('pep567-conformance.LibraryError');

/** Since 1.5: wraps an error of the library that no Python class matches; classified as LIBRARY_ERROR without asking classifyError. */
export class LibraryError extends Error {
  readonly [LIBRARY_ERROR_BRAND] = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LibraryError';
  }
}

/** True for a LibraryError, also one made by another copy of this module. */
export function isLibraryError(e: unknown): e is LibraryError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[LIBRARY_ERROR_BRAND] === true;
}

/** Since 1.5: what the interpreter tells withValue about its body. */
export interface BodyInfo {
  /** False when the body's Python holds no await: body() then runs to its end synchronously and returns no promise. */
  async: boolean;
}

const NO_CONTEXT_BRAND = Symbol.for('pep567-conformance.NoContextError');

/** Since 1.3: throw this where the implementation has no current context; it is classified as NO_CONTEXT without asking classifyError. */
export class NoContextError extends Error {
  readonly [NO_CONTEXT_BRAND] = true;
  constructor(message = 'the implementation has no current context here') {
    super(message);
    this.name = 'NoContextError';
  }
}

/** True for a NoContextError, also one made by another copy of this module (a bundle, a second install). */
export function isNoContextError(e: unknown): e is NoContextError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[NO_CONTEXT_BRAND] === true;
}

export interface AdapterOptions {
  /** The reference the run compares with, e.g. { name: 'cpython', version: '3.11.7' }. An
   * implementation that models several Python versions (the reference model) may follow it. */
  reference?: { name: string; version: string };
}

export interface Adapter<V = any, T = any, C = any, K = any, G = any, E = any> {
  /** ADAPTER_CONTRACT_VERSION the adapter was written against. */
  readonly contract: string;
  readonly name: string;
  readonly version: string;
  /** The features (fixtures/features.json) this adapter can express; others make a scenario UNSUPPORTED.
   * Since 1.2 `set` is a feature of its own; declaring `vars` implies it unless `differs` names it. */
  readonly features: readonly string[];
  /** Since 1.1: features the implementation expresses with semantics that differ from PEP 567 on
   * purpose (e.g. TC39 AsyncContext has no `set`), feature → reason. A scenario needing one is
   * SEMANTICS_DIFFER, reported apart from failures; the feature must not also be in `features`.
   * Since 1.6 a key may also name a PEP 567 rule the library rejects by design (harness/contract/rules.ts):
   * the scenarios testing it are SEMANTICS_DIFFER. A key that is neither is refused at load (exit 2). */
  readonly differs?: Readonly<Record<string, string>>;

  /* ---- variables and tokens ---- */
  newVar(name: string, dflt?: DefaultArg): V;
  get(v: V, dflt?: DefaultArg): Value;
  set(v: V, value: Value): T;
  reset(v: V, t: T): void;
  /** Must return the very handle newVar returned (===). */
  tokenVar(t: T): V;
  tokenOldValue(t: T): Value | Missing;

  /* ---- contexts ---- */
  copyContext(): C;
  newContext(): C;
  contextCopy(c: C): C;
  /** Context.run: enter c, call fn synchronously, exit c (also when fn throws), return its result. */
  run<R>(c: C, fn: () => R): R;
  getItem(c: C, v: V): Value;
  contains(c: C, v: V): boolean;
  contextGet(c: C, v: V, dflt?: DefaultArg): Value;
  size(c: C): number;
  /** Variables with a value in c, in any order; handles must be === those from newVar. */
  keys(c: C): V[];
  values(c: C): Value[];
  items(c: C): [V, Value][];
  equals(a: C, b: C): boolean;

  /* ---- asynchronous host hooks: bodies are real async functions built by the interpreter ---- */
  /** Run body as the main task, in a fresh empty context on a fresh event loop; settle with it. */
  runMain(body: () => Promise<void>): Promise<void>;
  /** asyncio.create_task(body()) — or tg.create_task when group is given — with context= when given. */
  spawn(body: () => Promise<void>, options: { context?: C; group?: G; detached?: boolean }): K;
  /** await task: settles when the task does, rejecting with its error. */
  awaitTask(k: K): Promise<void>;
  /** await body(): a directly awaited coroutine, in the caller's task. */
  callCoroutine(body: () => Promise<void>): Promise<void>;
  /** await asyncio.sleep(0). */
  yieldOnce(): Promise<void>;
  /** await asyncio.gather(*bodies): each body in its own task; rejects with the first error.
   * Since 1.3: call adopt(tasks) once with the child task handles, in body order, as soon as they
   * exist (before the children run); `await_task` of a child is then awaitTask(handle). */
  gather(bodies: (() => Promise<void>)[], adopt: (tasks: K[]) => void): Promise<void>;
  /** async with TaskGroup() as g: await body(g) — then wait for g's tasks. */
  taskGroup(body: (g: G) => Promise<void>): Promise<void>;
  /** loop.call_soon(fn) with context= when given. The interpreter catches fn's errors itself. */
  callSoon(fn: () => void, options: { context?: C }): void;
  newEvent(): E;
  setEvent(e: E): void;
  waitEvent(e: E): Promise<void>;

  /* ---- optional: Python-only or version-specific features ---- */
  /** Since 1.3 (feature `scoped_values`): bind v to value for the extent of body, then restore the
   * binding there before, also when body throws; return body's result (a promise for an async
   * body, which the binding covers until it settles). The library's own scoped call:
   * `Variable.run(value, fn)`, `als.run(store, fn)`, `context.with(ctx.setValue(k, value), fn)`.
   * Since 1.5 the fourth argument says whether body is async: a body whose Python has no await is
   * a synchronous function (no promise, and no await follows), so a library with separate
   * synchronous and asynchronous entry points can pick one. Adapters written for 1.4 ignore it. */
  withValue?<R>(v: V, value: Value, body: () => R, info?: BodyInfo): R;
  /** Token as a context manager (3.14): `with t:` calls tokenEnter, then tokenExit when the body ends. */
  tokenEnter?(t: T): void;
  tokenExit?(t: T): void;
  /** A new OS thread running fn, joined at once. */
  thread?(fn: () => void): void;
  /** asyncio.to_thread(fn). */
  toThread?(fn: () => void): Promise<void>;
  /** loop.run_in_executor(<one-worker pool kept for the scenario>, fn). */
  runInExecutor?(fn: () => void): Promise<void>;
  /** asyncio.wait_for(body(), <generous timeout>). */
  waitFor?(body: () => Promise<void>): Promise<void>;
  /** next(g): resume a generator in the current context (default: g.next()). */
  resumeGenerator?(g: Generator<void, void, void>): void;

  /* ---- optional, additive (issue 12): more of asyncio's context surface; each needs its feature ---- */
  /** context_identity: whether c is the very context the caller runs in now. */
  isCurrentContext?(c: C): boolean;
  /** context_identity: whether a and b are the same Context object (default: the handles are ===). */
  isSameContext?(a: C, b: C): boolean;
  /** done_callback: task.add_done_callback(fn, context=…): fn runs in a copy taken now, or in the given context.
   * With an exception handler set (setExceptionHandler), fn's error goes on to the loop. */
  addDoneCallback?(k: K, fn: () => void, options: { context?: C }): void;
  /** call_later: loop.call_later(0, fn, context=…); ordered with the loop's timers, not by time. */
  callLater?(fn: () => void, options: { context?: C }): void;
  /** task_get_context: task.get_context() (3.12+): the task's own Context handle. */
  taskContext?(k: K): C;
  /** eager_tasks: loop.set_task_factory(asyncio.eager_task_factory) (3.12+): later tasks run their first step inside spawn. */
  setEagerTaskFactory?(): void;
  /** exception_handler: loop.set_exception_handler(h); fn is called (in the context asyncio gives the
   * handler) for each error the loop reports: a failing callback, an unretrieved error of a detached task.
   * detached_tasks: spawn(body, { detached: true }) keeps no reference to the task. */
  setExceptionHandler?(fn: () => void): void;
  /** non_var_keys: ctx[key] (getitem), key in ctx (contains) or ctx.get(key) (get) with a key that is not a variable. */
  contextKeyLookup?(c: C, key: Value, via: 'getitem' | 'contains' | 'get'): Value | boolean;
  /** runner (3.11+): in a worker thread started as to_thread does, `with asyncio.Runner() as r:` then
   * r.run(run(), context=…) for each run in order (each in the given context, else the Runner's one copy); settles when the thread ends,
   * rejecting with the first run's error. */
  runner?(runs: (() => Promise<void>)[], options: { context?: C }): Promise<void>;

  /* ---- optional, since 1.5: the shapes of reported context bugs; each needs its feature ---- */
  /** futures: loop.create_future(): a handle one task resolves and any task awaits (JS: a deferred promise). */
  newFuture?(): unknown;
  /** futures: fut.set_result(value), called by a task other than the waiters'. */
  resolveFuture?(f: unknown, value: Value): void;
  /** futures: `await fut`; settles with the value. The waiter must resume in its own context. */
  awaitFuture?(f: unknown): PromiseLike<Value>;
  /** functions: `def f(): body` — register fn to be called later by another task or a callback (JS: a listener
   * on an event emitter); nothing runs and no context is captured. Returns a handle for callFunction. */
  defineFunction?(fn: () => void): unknown;
  /** functions: call it synchronously (JS: emit): fn runs in the caller's context. */
  callFunction?(f: unknown): void;
  /** custom_awaitables: `await obj` where obj.__await__ runs body and yields once (JS: a thenable whose
   * then() runs body and resolves). Return what the task awaits: the harness awaits it once. */
  awaitCustom?(body: () => void): PromiseLike<void>;

  /* ---- optional, since 1.6: async generators stepped from several tasks; each needs its feature ---- */
  /** async_generators: `g = agen()`. `make` returns a native async generator whose steps run the scenario's
   * body; return it, or your library's wrapper around it (a library that binds iterators to their creator).
   * Since 1.10 it carries `generatorSteps(g)` (no-suspension.ts): the same body stepped synchronously. */
  asyncGenerator?(make: () => AsyncGenerator<void, void, void>): unknown;
  /** async_generators: `await g.__anext__()` from the running task: one native await of what this returns. */
  asyncGeneratorNext?(g: unknown): PromiseLike<IteratorResult<void, void>>;
  /** async_generators: `await g.aclose()`: its finally runs in the closing task. */
  asyncGeneratorClose?(g: unknown): PromiseLike<unknown>;
  /** async_generator_finaliser: the last reference to g is dropped; asyncio's finaliser hook then closes an
   * unfinished g in a task of its own, made by call_soon_threadsafe(create_task, g.aclose()). */
  dropAsyncGenerator?(g: unknown): void;

  /* ---- optional, since 1.7: cancellation; needs its feature ---- */
  /** cancellation: task.cancel([message]): ask k to stop; true when the request was made, false when k is
   * already done. k's body then rejects with CancelledError (classified with kind CancelledError, message the
   * message or '') at the await where it waits; what it awaits (a task, a future) is cancelled with it; a task
   * that has not started never runs its body. awaitTask(k) then rejects with CancelledError. */
  cancelTask?(k: K, message?: string): boolean;

  /* ---- optional, since 1.9: cancel requests and timeouts (3.11+); each needs its feature ---- */
  /** cancel_requests: task.cancelling(): the cancel requests made on k and not taken back. */
  cancellingTask?(k: K): number;
  /** cancel_requests: task.uncancel(): take one request back (none below 0); returns those still pending.
   * From 3.13, taking the last one back also withdraws a cancellation k has not yet received. */
  uncancelTask?(k: K): number;
  /** timeouts: `async with asyncio.timeout(0 if expire else None): await body()` in the running task. With
   * expire, the timeout is due at once: the task is cancelled at the body's first suspension, and once the
   * body ends with that CancelledError the block rejects with TimeoutError (classified kind TimeoutError,
   * message ''); a body that does not suspend ends first. Without expire it never fires. */
  timeout?(body: () => Promise<void>, options: { expire: boolean }): Promise<void>;

  /* ---- errors ---- */
  /** Classify an error the implementation threw; undefined when it is not one of its own. */
  classifyError(e: unknown): ClassifiedError | undefined;
}

/** What a module named by --impl PATH (or PEP567_IMPL) exports: `createAdapter`, or a default export of either form. */
export type AdapterFactory = (options: AdapterOptions) => Adapter | Promise<Adapter>;
