/**
 * The scenario format, version 1.3 (fixtures/FORMAT.md documents it; fixtures/schema/scenario.schema.json
 * is the machine-checked form). Exported for adapter and runner authors.
 *
 * A scenario is a program of operations. Names (variables, tokens, contexts, tasks, task groups,
 * events, generators) live in one namespace per scenario, so a token made in one task can be
 * reset in another: that misuse is part of what the suite checks.
 */
export const SCENARIO_FORMAT_VERSION = '1.3.0';

/** Values a scenario can store: small integers, short strings and null (Python None). */
export type Value = number | string | null;

export type ErrorKind = 'LookupError' | 'KeyError' | 'RuntimeError' | 'ValueError' | 'TypeError' | 'AttributeError';
export const ERROR_KINDS: readonly ErrorKind[] = ['LookupError', 'KeyError', 'RuntimeError', 'ValueError', 'TypeError', 'AttributeError'];
/** Kinds a `raise` operation may use, and a `try` may list in `catch`: every kind the catalog names.
 * A raised KeyError's message is the repr of its argument, as str(KeyError(m)) is. */
export type RaisableKind = ErrorKind;
/** The Python base class of each kind below Exception, for `catch` (isinstance: LookupError catches KeyError). */
export const KIND_PARENT: Readonly<Record<string, string>> = { KeyError: 'LookupError', IndexError: 'LookupError' };

export type Flag = 'ordered' | 'python-only';

export interface SpecRef {
  /** The PEP 567 section or docs anchor, e.g. "PEP 567: ContextVar.reset()". */
  section: string;
  /** Item numbers of ../shared/spec/pep567-catalog.md section 1 that the scenario covers. */
  catalog: number[];
}

export interface Scenario {
  $schema?: string;
  title: string;
  description?: string;
  spec: SpecRef;
  /** From the closed list in fixtures/features.json; must include every feature its operations need. */
  features: string[];
  /** Python versions where the behaviour holds: comma-separated comparators, e.g. ">=3.11" or ">=3.9,<3.12". */
  python?: string;
  flags?: Flag[];
  /** The PEP 567 rule this scenario tests (fixtures/rules.json), since format 1.3: an adapter that names
   * the rule in `differs` gets SEMANTICS_DIFFER here instead of a FAIL. */
  rule?: string;
  /** The body of the main task (`main`), run by asyncio.run inside a fresh Context(). */
  program: AsyncOp[];
}

/* ---- synchronous operations: allowed in every body ---- */
export interface VarOp { op: 'var'; name: string; default?: Value }
/** Records the value, or the error. `default` present (even null) means get(default). */
export interface GetOp { op: 'get'; var: string; default?: Value }
export interface SetOp { op: 'set'; var: string; value: Value; token?: string }
export interface ResetOp { op: 'reset'; var: string; token: string }
/** Records {"$var": name} of token.var. */
export interface TokenVarOp { op: 'token_var'; token: string }
/** Records token.old_value, {"$missing": true} for Token.MISSING. */
export interface TokenOldValueOp { op: 'token_old_value'; token: string }
export interface CopyContextOp { op: 'copy_context'; as: string }
export interface NewContextOp { op: 'new_context'; as: string }
export interface CtxCopyOp { op: 'ctx_copy'; context: string; as: string }
export interface RunOp { op: 'run'; context: string; body: SyncOp[] }
export interface CtxGetItemOp { op: 'ctx_getitem'; context: string; var: string }
export interface CtxContainsOp { op: 'ctx_contains'; context: string; var: string }
export interface CtxGetOp { op: 'ctx_get'; context: string; var: string; default?: Value }
export interface CtxLenOp { op: 'ctx_len'; context: string }
export interface CtxKeysOp { op: 'ctx_keys'; context: string }
export interface CtxValuesOp { op: 'ctx_values'; context: string }
export interface CtxItemsOp { op: 'ctx_items'; context: string }
export interface CtxEqOp { op: 'ctx_eq'; left: string; right: string }
export interface RaiseOp { op: 'raise'; kind: RaisableKind; message: string }
/** Runs the body; records "ok" (value null) or the error that escaped it, and swallows the error.
 * With `catch`, only errors of those kinds (or their subclasses) are caught; others propagate. */
export interface TrySyncOp { op: 'try'; body: SyncOp[]; catch?: RaisableKind[] }
/** `with token:` (3.14+): enter returns the token, exit resets it, exceptions propagate. */
export interface WithTokenSyncOp { op: 'with_token'; token: string; body: SyncOp[] }
/** asyncio.create_task(body) (or tg.create_task when `group` names a task_group; `context=` for 3.11+). */
export interface CreateTaskOp { op: 'create_task'; name: string; body: AsyncOp[]; context?: string; group?: string; detached?: true }
/** loop.call_soon(callback, context=…); the callback body is synchronous. */
export interface CallSoonOp { op: 'call_soon'; name: string; body: SyncOp[]; context?: string }
export interface EventSetOp { op: 'event_set'; event: string }
/** python-only: start a threading.Thread running body and join it at once. */
export interface ThreadOp { op: 'thread'; name: string; body: SyncOp[] }
/** python-only: create a generator object whose body may `yield`; it has no context of its own. */
export interface GenCreateOp { op: 'gen_create'; name: string; body: GenOp[] }
/** python-only: next(generator): runs the generator to its next yield in the current context. */
export interface GenNextOp { op: 'gen_next'; generator: string }
export interface YieldOp { op: 'yield' }
/**
 * Since 1.2: bind `var` to `value` for the extent of the body, then restore the binding that was
 * there before, also when the body raises: `tok = var.set(value)`, body, `var.reset(tok)` in a
 * `finally`. The run-scoped form every context library can express (`Variable.run`, `als.run`).
 */
export interface WithValueSyncOp { op: 'with_value'; var: string; value: Value; body: SyncOp[] }
/** Records `left is right`: the same Context object, not merely equal. */
export interface CtxIsOp { op: 'ctx_is'; left: string; right: string }
/** Records whether the named context is the very one the code runs in. */
export interface CtxIsCurrentOp { op: 'ctx_is_current'; context: string }
/** task.add_done_callback(cb[, context=ctx]): cb runs as its own path, in a copy taken now or in ctx. */
export interface AddDoneCallbackOp { op: 'add_done_callback'; task: string; name: string; body: SyncOp[]; context?: string }
/** `as` = task.get_context() (3.12+). */
export interface TaskGetContextOp { op: 'task_get_context'; task: string; as: string }
/** loop.call_later(0, cb[, context=ctx]). */
export interface CallLaterOp { op: 'call_later'; name: string; body: SyncOp[]; context?: string }
/** loop.set_task_factory(asyncio.eager_task_factory) (3.12+): later tasks start eagerly. */
export interface EagerTaskFactoryOp { op: 'eager_task_factory' }
/** loop.set_exception_handler(h): each call of h runs body as path/NAME; failing callbacks then reach it. */
export interface SetExceptionHandlerOp { op: 'set_exception_handler'; name: string; body: SyncOp[] }
/** ctx[key], key in ctx or ctx.get(key) with a key that is not a variable (a value): records the result, or raises. */
export interface CtxKeyOp { op: 'ctx_key'; context: string; key: Value; via: 'getitem' | 'contains' | 'get' }

/** `fut = loop.create_future()`. */
export interface FutureNewOp { op: 'future_new'; name: string }
/** `fut.set_result(value)`: wakes every task awaiting it (each in its own context). */
export interface FutureResolveOp { op: 'future_resolve'; future: string; value: Value }
/** `def name(): body`: a plain function; nothing runs yet and no context is captured. */
export interface FnDefOp { op: 'fn_def'; name: string; body: SyncOp[] }
/** `name()`: runs the function's body in the caller's context; its observations are the caller's. */
export interface FnCallOp { op: 'fn_call'; function: string }
/** `async def f(): try: body finally: finally()` then `name = f()`: an async generator, not started. A step runs in
 * the context of the task awaiting it and observes for that task; `finally` names a fn_def called on close. */
export interface AgenCreateOp { op: 'agen_create'; name: string; body: GenOp[]; finally?: string }
/** Drop the last reference to an async generator: asyncio's finaliser hook closes an unfinished one in a task
 * of its own (`call_soon_threadsafe(create_task, agen.aclose())`), whose observations are <dropper>/<name>. */
export interface AgenDropOp { op: 'agen_drop'; generator: string; name: string }

export type SyncOp =
  | VarOp | GetOp | SetOp | ResetOp | TokenVarOp | TokenOldValueOp
  | CopyContextOp | NewContextOp | CtxCopyOp | RunOp
  | CtxGetItemOp | CtxContainsOp | CtxGetOp | CtxLenOp | CtxKeysOp | CtxValuesOp | CtxItemsOp | CtxEqOp
  | RaiseOp | TrySyncOp | WithTokenSyncOp | WithValueSyncOp | CreateTaskOp | CallSoonOp | EventSetOp
  | ThreadOp | GenCreateOp | GenNextOp
  | CtxIsOp | CtxIsCurrentOp | AddDoneCallbackOp | TaskGetContextOp | CallLaterOp | EagerTaskFactoryOp | SetExceptionHandlerOp
  | CtxKeyOp | FutureNewOp | FutureResolveOp | FnDefOp | FnCallOp | AgenCreateOp | AgenDropOp;

/** Operations of a generator body: the synchronous ones plus `yield`. */
export type GenOp = SyncOp | YieldOp;

/* ---- asynchronous operations: only in async bodies (main, tasks, call, wait_for) ---- */
/** await asyncio.sleep(0): yield to the event loop once. */
export interface SleepOp { op: 'sleep' }
export interface AwaitTaskOp { op: 'await_task'; task: string }
/** Directly await a sub-coroutine: it shares the caller's task and context. */
export interface CallOp { op: 'call'; body: AsyncOp[] }
export interface GatherChild { name: string; body: AsyncOp[] }
/** await asyncio.gather(child coroutines…): each child is wrapped in its own task. */
export interface GatherOp { op: 'gather'; tasks: GatherChild[] }
/** async with asyncio.TaskGroup() as <name>: the body runs in the enclosing task (3.11+). */
export interface TaskGroupOp { op: 'task_group'; name: string; body: AsyncOp[] }
export interface EventWaitOp { op: 'event_wait'; event: string }
export interface TryAsyncOp { op: 'try'; body: AsyncOp[]; catch?: RaisableKind[] }
export interface WithTokenAsyncOp { op: 'with_token'; token: string; body: AsyncOp[] }
/** with_value around an async body: the binding holds across its awaits, and tasks made inside inherit it. */
export interface WithValueAsyncOp { op: 'with_value'; var: string; value: Value; body: AsyncOp[] }
/** python-only: await asyncio.to_thread(body) (3.9+). */
export interface ToThreadOp { op: 'to_thread'; name: string; body: SyncOp[] }
/** python-only: await loop.run_in_executor(<the scenario's one-worker pool>, body). */
export interface RunInExecutorOp { op: 'run_in_executor'; name: string; body: SyncOp[] }
/** python-only: await asyncio.wait_for(body coroutine, timeout=<generous>): a task before 3.12, a direct await from 3.12. */
export interface WaitForOp { op: 'wait_for'; body: AsyncOp[] }
/** python-only, 3.11+: in a worker thread started as to_thread does, `with asyncio.Runner() as r:`
 * then r.run(child()[, context=ctx]) for each run in order; a run's path is <caller>/<name>, and it drains like main. */
export interface RunnerOp { op: 'runner'; context?: string; runs: GatherChild[] }

/** `await fut`: records the future's result. */
export interface FutureAwaitOp { op: 'future_await'; future: string }
/** `await Custom()` whose `__await__` runs body (in the awaiting task) and then yields once, as `asyncio.sleep(0)`. */
export interface AwaitCustomOp { op: 'await_custom'; body: SyncOp[] }
/** `await agen.__anext__()`: records true when it yielded, false when it was exhausted (StopAsyncIteration). */
export interface AgenNextOp { op: 'agen_next'; generator: string }
/** `await agen.aclose()`: GeneratorExit at its yield, so its finally runs in the closing task. */
export interface AgenAcloseOp { op: 'agen_aclose'; generator: string }

export type AsyncOp =
  | Exclude<SyncOp, TrySyncOp | WithTokenSyncOp | WithValueSyncOp>
  | SleepOp | AwaitTaskOp | CallOp | GatherOp | TaskGroupOp | EventWaitOp
  | TryAsyncOp | WithTokenAsyncOp | WithValueAsyncOp | ToThreadOp | RunInExecutorOp | WaitForOp | RunnerOp
  | FutureAwaitOp | AwaitCustomOp | AgenNextOp | AgenAcloseOp;

export type AnyOp = SyncOp | AsyncOp | YieldOp;
export type OpName = AnyOp['op'];
