/**
 * The asyncio helpers scenarios use, built on the model loop with asyncio's own hops:
 * Event (waiters woken in FIFO order through their futures), gather (one task per body, the
 * parent woken through a gathering future), TaskGroup (waits for its tasks; a failing child
 * cancels the rest and the parent's body), wait_for (a task before 3.12), and executor jobs
 * for to_thread and run_in_executor (woken through a chained future).
 */
import { PyError, type Context, type ThreadState } from './contextvars.ts';
import { Future, Task, isCancelled, type EventLoop } from './event-loop.ts';
import { fill, type MessageTable } from './messages.ts';
import type { Value } from '../format/scenario.ts';
import { awaitOutcome, bodyOutcome, generatorSteps, notSuspended, type GeneratorSteps, type Outcome } from '../contract/no-suspension.ts';

export class AsyncEvent {
  private value = false;
  private waiters: Future[] = [];
  constructor(private readonly loop: EventLoop) {}

  set(): void {
    if (this.value) return;
    this.value = true;
    for (const f of this.waiters) if (!f.done) f.setResult();
  }

  /** Event.wait(): an event already set returns at once, without suspending (contract 1.8). */
  wait(): Promise<void> {
    return this.value ? notSuspended({ ok: true }) : this.waitUnset();
  }

  private async waitUnset(): Promise<void> {
    const f = new Future(this.loop);
    this.waiters.push(f);
    try { await this.loop.awaitFuture(f); }
    finally { this.waiters = this.waiters.filter((w) => w !== f); }
  }
}

/**
 * A scenario's async generator (agen_create): whether the finaliser hook would close it (started,
 * not finished). Its body never awaits, so CPython's `await g.__anext__()` and `await g.aclose()`
 * never suspend: each step runs now, through the body's synchronous steps (contract 1.10), and
 * says how it ended.
 */
export class ModelAsyncGenerator {
  started = false;
  finished = false;
  private readonly steps: GeneratorSteps;
  constructor(gen: AsyncGenerator<void, void, void>) { this.steps = generatorSteps(gen)!; }

  /** __anext__(): the body runs to its next yield, or to its end (done). */
  next(): Outcome {
    this.started = true;
    return outcomeOf(() => {
      const step = this.steps.next();
      if (step.done) this.finished = true;
      return step;
    });
  }

  /** aclose(): GeneratorExit at its yield; a generator never started or already finished runs nothing. */
  close(): Outcome {
    this.finished = true;
    return outcomeOf(() => { this.steps.return(); });
  }
}

function outcomeOf(step: () => unknown): Outcome {
  try { return { ok: true, value: step() }; } catch (e) { return { ok: false, error: e }; }
}

/** A scenario's Future (future_new): resolved with a value by one task, awaited by any. */
export class ValueFuture {
  private readonly f: Future;
  private value: Value = null;
  constructor(private readonly loop: EventLoop) { this.f = new Future(loop); }

  /** set_result: InvalidStateError when already done. */
  resolve(value: Value): void {
    this.f.setResult();
    this.value = value;
  }

  /** `await fut`: a future already resolved does not suspend, so the body goes on in its turn (contract 1.8). */
  wait(): Promise<Value> {
    const p = this.loop.awaitFuture(this.f), o = awaitOutcome(p);
    // A cancelled one (its waiter was cancelled) raises at once, without suspending either.
    if (o) return o.ok ? notSuspended({ ok: true, value: this.value }) : p as Promise<never>;
    return this.waitPending(p);
  }

  private async waitPending(p: Promise<void>): Promise<Value> {
    await p;
    return this.value;
  }
}

/** gather's outer future: cancelling it cancels the children. */
class GatheringFuture extends Future {
  constructor(loop: EventLoop, readonly children: Task[]) { super(loop); }
  override cancel(message?: string): boolean {
    if (this.done) return false;
    let any = false;
    for (const c of this.children) if (c.cancel(message)) any = true;
    return any;
  }
}

/**
 * asyncio.gather(*coros) without return_exceptions: tasks made in order, first error wins. With the
 * eager factory each child's first step parks or ends inside create_task, before the next is made.
 */
export function gather(loop: EventLoop, bodies: (() => Promise<void>)[], adopt?: (children: Task[]) => void): Promise<void> {
  const children = bodies.map((body) => loop.createTask(body));
  adopt?.(children);
  return awaitChildren(loop, children);
}

/**
 * `await` of gather's outer future once every child is made. 3.12+: a child already done (an eager
 * task that ended in its first step) gets no done-callback; gather calls that callback itself, in
 * order. When that settles the outer future (every child ended, or one failed) it is returned done
 * and its await does not suspend (notSuspended, through awaitFuture). A gather has at least one
 * child (the format's minItems), so gather() of nothing never comes here.
 */
function awaitChildren(loop: EventLoop, children: Task[]): Promise<void> {
  const doneAtOnce = children.filter((c) => c.done);
  const outer = new GatheringFuture(loop, children);
  let finished = 0;
  const onChildDone = (f: Future) => {
    finished++;
    if (outer.done) return;
    // _make_cancelled_error: the child's own CancelledError (3.11+: its message too).
    if (f.state === 'cancelled') { try { f.result(); } catch (e) { outer.setException(e); } return; }
    if (f.state === 'error') { outer.setException(f.error); return; }
    if (finished === children.length) outer.setResult();
  };
  for (const c of children) if (!doneAtOnce.includes(c)) c.addDoneCallback(onChildDone);
  for (const c of doneAtOnce) onChildDone(c);
  return loop.awaitFuture(outer);
}

/** async with asyncio.TaskGroup() as g: the body runs in the enclosing task (catalog 119–120). */
export class TaskGroup {
  private readonly tasks = new Set<Task>();
  /** Null once the group has raised them, as asyncio drops its list. */
  private errors: unknown[] | null = [];
  private exiting = false;
  private aborting = false;
  private parentCancelRequested = false;
  private onCompleted: Future | undefined;

  constructor(private readonly loop: EventLoop, private readonly parent: Task, private readonly messages: MessageTable) {}

  /** asyncio's repr, which its RuntimeErrors quote: <TaskGroup tasks=1 errors=1 cancelling>. */
  repr(): string {
    const info = [''];
    if (this.tasks.size) info.push(`tasks=${this.tasks.size}`);
    if (this.errors?.length) info.push(`errors=${this.errors.length}`);
    info.push(this.aborting ? 'cancelling' : 'entered');
    return `<TaskGroup${info.join(' ')}>`;
  }

  add(task: Task): void {
    // 3.12+ create_task: a task already done (an eager one that ended in create_task) is never held;
    // its done-callback runs now, so __aexit__ need not wait for it.
    if (task.done) { this.onTaskDone(task); return; }
    this.tasks.add(task);
    task.addDoneCallback((t) => this.onTaskDone(t as Task));
  }

  /** tg.create_task refuses work once the group is done or shutting down. */
  check(): void {
    if (this.exiting && this.tasks.size === 0) throw new PyError('RuntimeError', fill(this.messages.taskGroupFinished, { group: this.repr() }));
    if (this.aborting) throw new PyError('RuntimeError', fill(this.messages.taskGroupShuttingDown, { group: this.repr() }));
  }

  private abort(): void {
    this.aborting = true;
    for (const t of this.tasks) if (!t.done) t.cancel();
  }

  private onTaskDone(task: Task): void {
    this.tasks.delete(task);
    if (this.onCompleted && this.tasks.size === 0 && !this.onCompleted.done) this.onCompleted.setResult();
    if (task.state !== 'error') return;
    this.errors?.push(task.error);
    if (this.parent.done) { this.loop.report(task.error); return; }
    if (!this.aborting && !this.parentCancelRequested) {
      this.abort();
      this.parentCancelRequested = true;
      this.parent.cancel();
    }
  }

  /** __aexit__: wait for every task, then raise what went wrong. */
  exit(bodyError: unknown): Promise<void> {
    this.exiting = true;
    const propagateCancel: unknown = isCancelled(bodyError) ? bodyError : undefined;
    if (bodyError !== undefined && !this.aborting) this.abort();
    // With no task to wait for, __aexit__ awaits nothing: the `async with` costs its task no turn (contract 1.8).
    if (this.tasks.size === 0) return settledNow(() => this.end(bodyError, propagateCancel));
    return this.waitForTasks(bodyError, propagateCancel);
  }

  private async waitForTasks(bodyError: unknown, propagateCancel: unknown): Promise<void> {
    while (this.tasks.size) {
      this.onCompleted ??= new Future(this.loop);
      try { await this.loop.awaitFuture(this.onCompleted); }
      catch (e) {
        if (!isCancelled(e)) throw e;
        if (!this.aborting) { propagateCancel = e; this.abort(); }
      }
      this.onCompleted = undefined;
    }
    this.end(bodyError, propagateCancel);
  }

  /** The end of __aexit__ once the group holds no task: raise what went wrong. */
  private end(bodyError: unknown, propagateCancel: unknown): void {
    if (this.parentCancelRequested && this.parent.uncancel() === 0) propagateCancel = undefined;
    const errors = this.errors ?? [];
    if (propagateCancel !== undefined && errors.length === 0) throw propagateCancel;
    if (bodyError !== undefined && !isCancelled(bodyError)) errors.push(bodyError);
    if (errors.length) {
      // 3.13+: a parent also cancelled from outside the group keeps that cancellation after the
      // ExceptionGroup (uncancel() then cancel(): it reaches the parent's next await, or its end).
      if (this.messages.taskGroupRecancelsParent && this.parent.cancelRequests > 0) { this.parent.uncancel(); this.parent.cancel(); }
      this.errors = null;
      const n = errors.length;
      throw new ExceptionGroup(fill(this.messages.taskGroupErrors, { n: String(n), s: n === 1 ? '' : 's' }), errors);
    }
  }
}

/**
 * async with TaskGroup() as g: await body(g), then the group's __aexit__. __aenter__ never yields:
 * a body that ran to its end in the call goes straight on to __aexit__, in the same turn.
 */
export function runTaskGroup(loop: EventLoop, messages: MessageTable, body: (g: TaskGroup) => Promise<void>): Promise<void> {
  const g = new TaskGroup(loop, loop.runningTask(), messages);
  // The body is the interpreter's (exec), which returns a promise and never throws.
  const p = body(g), o = bodyOutcome(p);
  if (!o) return exitAfter(g, p);
  return g.exit(o.ok ? undefined : o.error ?? new Error('undefined thrown'));
}

async function exitAfter(g: TaskGroup, body: Promise<void>): Promise<void> {
  let failure: unknown;
  try { await body; } catch (e) { failure = e ?? new Error('undefined thrown'); }
  await g.exit(failure);
}

/** What an await that did not suspend returns: how `end` ended. */
function settledNow(end: () => void): Promise<void> {
  try { end(); } catch (e) { return notSuspended({ ok: false, error: e }); }
  return notSuspended({ ok: true });
}

/** BaseExceptionGroup of Exceptions, which Python turns into an ExceptionGroup. */
export class ExceptionGroup extends PyError {
  constructor(message: string, readonly exceptions: unknown[]) { super('ExceptionGroup', message); }
}

/** A thread pool as the loop sees it: whether its worker thread exists yet. */
export class Pool {
  started = false;
  constructor(readonly thread: ThreadState) {}
}

/**
 * An executor job as asyncio sees it. Submitting to a pool with no thread yet starts one, and
 * Thread.start() waits until the new thread runs, which then does the job at once; an existing
 * idle worker only gets the GIL when the loop thread blocks (in select() when nothing is ready, or
 * in such a Thread.start()). Thread timing is not deterministic in CPython: only per-task
 * observations are stable, and this is the usual order, not the only one.
 * The result comes back through call_soon_threadsafe(_set_state), and the awaiting task is woken
 * by the asyncio future's done-callback: two trips through the ready queue.
 */
async function awaitExecutorJob(loop: EventLoop, pool: Pool, job: () => void, jobContext: Context): Promise<void> {
  const fut = new Future(loop);
  const work = () => {
    let failed = false, error: unknown;
    try { job(); } catch (e) { failed = true; error = e; }
    loop.schedule({ fn: () => { if (!fut.done) { if (failed) fut.setException(error); else fut.setResult(); } }, context: jobContext });
  };
  if (pool.started) loop.onIdle(work);
  else {
    // While Thread.start() waits for the new thread, idle workers get the GIL too.
    pool.started = true;
    work();
    loop.flushIdle();
  }
  await loop.awaitFuture(fut);
}

/** asyncio.to_thread(fn): copy_context().run(fn) on the default executor's thread. */
export async function toThread(loop: EventLoop, pool: Pool, fn: () => void): Promise<void> {
  const rt = loop.runtime;
  const ctx = rt.copyContext();
  await awaitExecutorJob(loop, pool, () => rt.inThread(pool.thread, () => rt.run(ctx, fn)), rt.copyContext());
}

/** loop.run_in_executor(pool, fn): fn runs in whatever context the worker thread has. */
export async function runInExecutor(loop: EventLoop, pool: Pool, fn: () => void): Promise<void> {
  const rt = loop.runtime;
  await awaitExecutorJob(loop, pool, () => rt.inThread(pool.thread, fn), rt.copyContext());
}

/**
 * asyncio.wait_for(body(), timeout): before 3.12 the coroutine becomes a task (a copy) and the
 * caller waits on a waiter future its done-callback releases; from 3.12 it is awaited directly.
 */
export function waitFor(loop: EventLoop, body: () => Promise<void>, makesTask: boolean): Promise<void> {
  if (makesTask) return waitForTask(loop, body);
  // A coroutine that ran to its end without suspending: the timeout block around it does not yield either.
  const p = body(), o = bodyOutcome(p);
  return o ? notSuspended(o) : p;
}

async function waitForTask(loop: EventLoop, body: () => Promise<void>): Promise<void> {
  const task = loop.createTask(body);
  const waiter = new Future(loop);
  task.addDoneCallback(() => { if (!waiter.done) waiter.setResult(); });
  try { await loop.awaitFuture(waiter); }
  catch (e) { task.cancel(); throw e; }
  task.result();
}

/**
 * asyncio.Runner(context=ctx) in a worker thread started as to_thread does (catalog 113): the
 * thread runs in a copy of the caller's context; the Runner takes ctx, or copies the thread's
 * context once, and every run's main task runs in that one context (Runner.run passes it as
 * context=). The worker's loop runs when the caller's loop would block, and has the runtime to
 * itself until the Runner closes; `use` makes it the loop the adapter's hooks talk to meanwhile.
 */
export async function runRunner(loop: EventLoop, thread: ThreadState, runs: (() => Promise<void>)[], context: Context | undefined,
  newLoop: () => EventLoop, use: (l: EventLoop) => void): Promise<void> {
  const rt = loop.runtime;
  const threadContext = rt.copyContext();
  const fut = new Future(loop);
  loop.onIdleAsync(async () => {
    let failed = false, error: unknown;
    const saved = rt.thread;
    rt.thread = thread;
    rt.enter(threadContext);
    const inner = newLoop();
    use(inner);
    try {
      const shared = context ?? rt.copyContext();
      for (const run of runs) {
        const main = inner.createTask(run, shared);
        await inner.runUntil(() => main.done);
        main.result();
      }
    } catch (e) { failed = true; error = e; }
    try { await inner.runUntil(() => false); } finally {
      use(loop);
      rt.leave(threadContext);
      rt.thread = saved;
    }
    loop.schedule({ fn: () => { if (!fut.done) { if (failed) fut.setException(error); else fut.setResult(); } }, context: rt.copyContext() });
  });
  await loop.awaitFuture(fut);
}
