/**
 * The reference model as a built-in implementation (`--impl model`): every adapter member is
 * answered from the model's own semantics (contextvars.ts, event-loop.ts, asyncio-tools.ts), following
 * the Python version of the reference it is compared with (3.13 when none is given).
 * A member that is one member of the context runtime, the event loop or the object it is given
 * (`k.cancelling()`, `rt.copyContext()`) is not written here: the operation table maps it (a row's
 * `hook` and `model`, fixtures/schema/operations.json), so a new operation whose model lives in
 * contextvars.ts or event-loop.ts needs no line here. The rest, below, is written by hand.
 */
import { ADAPTER_CONTRACT_VERSION, type Adapter, type AdapterOptions } from '../contract/adapter.ts';
import { TABLE } from '../format/operations.ts';
import { AsyncEvent, ModelAsyncGenerator, Pool, ValueFuture, TaskGroup, gather, runInExecutor, runRunner, runTaskGroup, toThread, waitFor } from './asyncio-tools.ts';
import { Context, ContextRuntime, ContextVar, PyError, ThreadState, Token } from './contextvars.ts';
import { FAITHFUL, type Deviations } from './flags.ts';
import { EventLoop, type Task } from './event-loop.ts';
import { DEFAULT_VERSION, fill, messagesFor, type MessageTable } from './messages.ts';
import { FEATURE_NAMES } from '../primitives/features.ts';
import { withValue, type GlobalBindings } from './scoped.ts';
import { timeout } from './timeouts.ts';
import { pyRepr } from '../primitives/repr.ts';
import { bodyOutcome, notSuspended, ranToEnd, type Outcome } from '../contract/no-suspension.ts';

/** The model expresses every feature of the closed list. */
const FEATURES: readonly string[] = FEATURE_NAMES;

/** Everything one scenario run owns: the threads, the loop, the executor's one worker. */
class World {
  readonly rt: ContextRuntime;
  /** The loop the hooks talk to: the scenario's, or a Runner's while its thread runs; and that loop's thread. */
  loop: EventLoop;
  loopThread: ThreadState;
  /** The scenario's one-worker pool: its thread keeps its context between jobs (catalog 93). */
  readonly executor = new Pool(new ThreadState('executor'));
  /** asyncio's default executor, used by to_thread; its jobs run in a copy, so its own context never shows. */
  readonly defaultPool = new Pool(new ThreadState('default-pool'));
  /** Only the scopedGlobal deviation binds here. */
  readonly globals: GlobalBindings = new Map();
  private threads = 0;

  constructor(messages: MessageTable, deviations: Deviations) {
    this.rt = new ContextRuntime(messages, deviations);
    this.loop = this.newLoop(messages);
    this.loopThread = this.rt.mainThread;
  }

  newLoop(messages: MessageTable): EventLoop {
    const l = new EventLoop(this.rt);
    l.handlerInFailingContext = messages.handlerInFailingContext;
    l.awaiterGetsBodyCancel = messages.awaiterGetsBodyCancel;
    l.uncancelWithdraws = messages.uncancelWithdraws;
    return l;
  }

  newThread(): ThreadState { return new ThreadState(`thread-${++this.threads}`); }
}

/** The hooks the table maps (a row's `model`: `rt.M`, `loop.M` or `arg.M`), each one of its row's contract hooks. */
const MAPPED = Object.entries(TABLE.operations).flatMap(([op, row]) => {
  if (!row.model) return [];
  const m = /^(rt|loop|arg)\.([A-Za-z_]\w*)$/.exec(row.model);
  const hooks = Object.values(row.hooks ?? {}).flat();
  if (!m || !row.hook || !hooks.includes(row.hook)) {
    throw new Error(`fixtures/schema/operations.json: ${op} maps ${JSON.stringify(row.hook)} to ${JSON.stringify(row.model)}: a model must be rt.M, loop.M or arg.M, and its hook one of the row's hooks`);
  }
  return [{ hook: row.hook, target: m[1] as 'rt' | 'loop' | 'arg', member: m[2]! }];
});

type Model = Adapter<ContextVar, Token, Context, Task, TaskGroup, AsyncEvent>;

/** Member `member` of `o`: a method called with the arguments given, or a property read. */
const answer = (o: unknown, member: string, a?: unknown, b?: unknown, c?: unknown): unknown => {
  const f = (o as Record<string, unknown>)[member];
  return typeof f === 'function' ? (f as (a?: unknown, b?: unknown, c?: unknown) => unknown).call(o, a, b, c) : f;
};

/**
 * Sets the mapped hooks on one adapter; `world` is read at each call (runMain makes a new one per
 * scenario). Fixed-arity closures set on the adapter itself, not a spread copy of it: a scenario makes
 * an adapter, and rest arguments or an object copied with every member cost a cold run about a third
 * of its time. A mapped hook takes at most three arguments (their signatures: contract/adapter.ts).
 */
function addMappedHooks(adapter: Record<string, unknown>, world: () => World): void {
  for (const { hook, target, member } of MAPPED) {
    if (Object.hasOwn(adapter, hook)) throw new Error(`model: ${hook} is both mapped by the operation table and written in adapter.ts`);
    adapter[hook] = target === 'arg' ? (x: unknown, a?: unknown, b?: unknown) => answer(x, member, a, b)
      : target === 'rt' ? (a?: unknown, b?: unknown, c?: unknown) => answer(world().rt, member, a, b, c)
        : (a?: unknown, b?: unknown, c?: unknown) => answer(world().loop, member, a, b, c);
  }
}

const raise = (spec: { kind: string; message: string }, parts: Record<string, string> = {}): never => {
  throw new PyError(spec.kind, fill(spec.message, parts));
};

export function createModelAdapter(options: AdapterOptions, deviations: Deviations = FAITHFUL, name = 'model'): Model {
  const version = options.reference?.version ?? DEFAULT_VERSION;
  const messages = messagesFor(version);
  let world = new World(messages, deviations);
  const rt = () => world.rt;
  const loop = () => world.loop;

  /**
   * `await sub()`: a coroutine that ran to its end without suspending costs the caller no turn
   * (contract 1.8). The directAwaitCopies deviation runs it in a copy, swapped back as it ends.
   */
  const callNow = (body: () => Promise<void>): Promise<void> => {
    if (!deviations.directAwaitCopies) {
      const p = body(), o = bodyOutcome(p);
      return o ? notSuspended(o) : p;
    }
    const t = loop().runningTask();
    const own = t.context!;
    t.swapContext(rt().copyContext());
    const p = body(), o = bodyOutcome(p);
    if (!o) return p.finally(() => t.swapContext(own));
    t.swapContext(own);
    return notSuspended(o);
  };

  /** A step that never suspends: the await costs the body no turn (contract 1.10). */
  const stepNow = (step: () => Outcome): Promise<unknown> => notSuspended(step());

  /** asyncio refuses to make tasks from a thread that runs no event loop. */
  const requireLoopThread = () => {
    if (world.rt.thread !== world.loopThread) throw new PyError('RuntimeError', messages.noRunningLoop);
  };

  const hand = {
    contract: ADAPTER_CONTRACT_VERSION,
    name,
    version,
    features: FEATURES,

    // Only the scopedGlobal deviation binds beside the contexts: the faithful model's get does not look there.
    get: deviations.scopedGlobal
      ? (v, d) => (world.globals.has(v) ? world.globals.get(v)! : rt().get(v, d))
      : (v, d) => rt().get(v, d),
    /** Context().run(asyncio.run, main()): the main task runs in a copy of a fresh empty context. */
    async runMain(body) {
      world = new World(messages, deviations);
      const { rt: r, loop: l } = world;
      const outer = r.newContext();
      r.enter(outer);
      const main = l.createTask(body, r.copyContext());
      await l.runUntil(() => main.done);
      // asyncio.run's shutdown runs the loop again, so callbacks still queued do run.
      await l.runUntil(() => false);
      r.leave(outer);
      if (!main.done) throw new Error('model: the main task never finished (is a task waiting for an event nobody sets?)');
      main.result();
    },

    spawn(body, { context, group, detached }) {
      requireLoopThread();
      if (context && messages.missingTaskContext) raise(messages.missingTaskContext);
      group?.check();
      const t = loop().createTask(body, context);
      if (detached) t.detached = true;
      group?.add(t);
      return t;
    },
    awaitTask: (k: Task) => loop().awaitFuture(k),
    callCoroutine: (body: () => Promise<void>) => callNow(body),
    yieldOnce: () => loop().yieldOnce(),
    // gather returns notSuspended when its outer future is done at once (every eager child ended in create_task).
    gather: (bodies: (() => Promise<void>)[], adopt?: (children: Task[]) => void) => gather(loop(), bodies, adopt),
    // runTaskGroup returns notSuspended when the body did not suspend and the group holds no task as it exits.
    taskGroup: (body: (g: TaskGroup) => Promise<void>) => {
      // Before 3.11 the attribute lookup asyncio.TaskGroup raises, before any await.
      try { if (messages.missingTaskGroup) raise(messages.missingTaskGroup); } catch (e) { return notSuspended({ ok: false, error: e }); }
      return runTaskGroup(loop(), messages, body);
    },
    callSoon: (fn, { context }) => loop().callSoon(fn, context),
    newEvent: () => new AsyncEvent(loop()),
    waitEvent: (e: AsyncEvent) => e.wait(),

    /** Token.__enter__ returns the token (3.14); before that `with` itself raises. */
    tokenEnter() {
      if (messages.withToken) raise(messages.withToken, { tokenType: messages.tokenType });
    },
    tokenExit(t) {
      if (messages.withToken) raise(messages.withToken, { tokenType: messages.tokenType });
      rt().reset(t.variable, t);
    },

    /** threading.Thread(target=fn).start(); join(): an empty context before 3.14 and by default in 3.14 (catalog 92, 96). */
    thread(fn) {
      const t = world.newThread();
      // An exception in a thread goes to threading.excepthook; join() does not raise it.
      try { rt().inThread(t, fn); } catch (e) { loop().report(e); }
    },
    /** asyncio.to_thread: copy_context().run(fn) on a pool thread (catalog 132). */
    async toThread(fn) {
      if (messages.missingToThread) raise(messages.missingToThread);
      await toThread(loop(), world.defaultPool, fn);
    },
    /** loop.run_in_executor(pool, fn): no context is passed; the worker keeps its own (catalog 93, 133). */
    async runInExecutor(fn) {
      await runInExecutor(loop(), world.executor, fn);
    },
    /** asyncio.wait_for: a task before 3.12, a direct await from 3.12 (catalog 118). */
    waitFor: (body: () => Promise<void>) => waitFor(loop(), body, messages.waitForMakesTask),
    resumeGenerator: (g) => { g.next(); },
    /** with_value: var.set, the body, var.reset in a finally (scoped.ts). */
    withValue: (v, value, body) => withValue(rt(), deviations, world.globals, v, value, body),

    isCurrentContext: (c) => rt().current() === c,
    isSameContext: (a, b) => a === b,
    /** add_done_callback(fn[, context=]): a copy taken now when none is given (catalog 128). */
    addDoneCallback(k, fn, { context }) {
      k.addCallback({ fn: () => fn(), context: context ?? (deviations.doneCallbackLiveContext ? rt().current() : rt().copyContext()) });
    },
    callLater: (fn, { context }) => loop().callLater(fn, context),
    /** Task.get_context(): the object the task runs in (3.12+, catalog 108). */
    taskContext: (k) => k.context ?? k.creatorContext!,
    setEagerTaskFactory: () => { loop().eager = true; },
    /** async with asyncio.timeout(0 or None): the body in this task; due at once, it cancels the task (timeouts.ts). */
    timeout: (body: () => Promise<void>, { expire }: { expire: boolean }) => timeout(loop(), body, expire),
    setExceptionHandler: (fn) => { loop().exceptionHandler = fn; },
    /** A key that is not a ContextVar: CPython's TypeError for ctx[k], k in ctx and ctx.get(k) alike (catalog 81). */
    contextKeyLookup: (_c, key) => raise({ kind: 'TypeError', message: `a ContextVar key was expected, got ${pyRepr(key)}` }),
    async runner(runs, { context }) {
      const here = world, outer = here.loop, thread = here.newThread();
      await runRunner(outer, thread, runs, context, () => here.newLoop(messages), (l) => {
        here.loop = l;
        here.loopThread = l === outer ? here.rt.mainThread : thread;
      });
    },

    /** loop.create_future(); set_result wakes each waiter through its own task's step, in its own context (catalog 129). */
    newFuture: () => new ValueFuture(loop()),
    awaitFuture: (f) => (f as ValueFuture).wait(),
    /** A plain function: called in the caller's context, nothing captured. */
    defineFunction: (fn) => fn,
    callFunction: (f) => (f as () => void)(),
    /** `await obj` whose __await__ runs body in the awaiting task, then yields once (a bare yield: asyncio.sleep(0)). */
    awaitCustom(body) {
      // An error __await__ raises before its yield comes out of the await without a suspension.
      try { body(); } catch (e) { return notSuspended({ ok: false, error: e }); }
      return loop().yieldOnce();
    },

    /** `g = agen()`: a native async generator; its steps run in the awaiting task's context (no context of its own, catalog 98). */
    asyncGenerator: (make) => new ModelAsyncGenerator(make()),
    /** `await g.__anext__()` and `await g.aclose()`: the step runs now, in the running task; it never suspends (contract 1.10). */
    asyncGeneratorNext: (g) => stepNow(() => (g as ModelAsyncGenerator).next()) as Promise<IteratorResult<void, void>>,
    asyncGeneratorClose: (g) => stepNow(() => (g as ModelAsyncGenerator).close()),
    /** The finaliser hook (base_events._asyncgen_finalizer_hook): call_soon_threadsafe(create_task, g.aclose()) for a
     * generator that started and did not finish; the handle's context is a copy taken now, the task copies it (catalog 102). */
    dropAsyncGenerator(g) {
      const a = g as ModelAsyncGenerator, l = loop();
      if (!a.started || a.finished) return;
      l.callSoon(() => { l.createTask(() => ranToEnd(a.close())); });
    },

    classifyError: (e) => (e instanceof PyError ? { kind: e.kind, message: e.pyMessage } : undefined),
  } satisfies Partial<Model>;
  addMappedHooks(hand as unknown as Record<string, unknown>, () => world);
  return hand as unknown as Model;
}

export function createAdapter(options: AdapterOptions): Adapter {
  return createModelAdapter(options);
}
