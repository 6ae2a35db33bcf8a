/**
 * A deterministic event loop that schedules as asyncio does: one FIFO ready queue of handles;
 * a callback handle runs as ctx.run(callback); a task step enters the task's context, resumes
 * the task's JS body and waits until the body suspends again on a loop hook or finishes.
 *
 * Bodies are real async functions. Only one body is ever runnable: every other one is parked on
 * a promise that only this loop resolves, and it resolves it only inside that task's own step,
 * so no task's code (microtasks included) can run while another task's context is current.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Context, ContextRuntime, PyError } from './contextvars.ts';
import { bodyOutcome, notSuspended } from '../contract/no-suspension.ts';

/**
 * Which task a piece of body code belongs to. Promise continuations keep it, so a body resumed by
 * a promise no hook of its own returned (one another task's code settled) is caught at its next
 * awaiting hook, which refuses it (runningTask): the interpreter never gives a body such a promise.
 */
const owner = new AsyncLocalStorage<Task>();

const cancelledError = (message?: string) => new PyError('CancelledError', message ?? '');
export const isCancelled = (e: unknown): boolean => e instanceof PyError && e.kind === 'CancelledError';

interface Handle {
  /** A task step (its wake-up), or a plain callback run inside ctx. */
  task?: Task;
  fn?: () => void;
  context?: Context;
}

type DoneCallback = { task: Task } | { fn: (f: Future) => void; context: Context };

/** asyncio.Future: done-callbacks are scheduled with call_soon when it completes, in registration order. */
export class Future {
  state: 'pending' | 'result' | 'error' | 'cancelled' = 'pending';
  /** The error it failed with; once cancelled, the CancelledError its task's body ended with (given out once, as asyncio does). */
  error: unknown;
  /** cancel(msg)'s message: a cancelled future raises CancelledError(msg). */
  cancelMessage: string | undefined;
  private readonly callbacks: DoneCallback[] = [];
  constructor(readonly loop: EventLoop) {}

  get done(): boolean { return this.state !== 'pending'; }

  /** Future.result(): the error or CancelledError is raised again. */
  result(): void {
    if (this.state === 'error') throw this.error;
    if (this.state === 'cancelled') {
      // _make_cancelled_error: the body's own CancelledError the first time, a new one after that.
      const e = this.error ?? cancelledError(this.cancelMessage);
      this.error = undefined;
      throw e;
    }
    if (this.state === 'pending') throw new PyError('InvalidStateError', 'Result is not set.');
  }

  /** add_done_callback(fn): the context is copied now, as asyncio does when none is given. */
  addDoneCallback(fn: (f: Future) => void): void {
    this.addCallback({ fn, context: this.loop.runtime.copyContext() });
  }

  addCallback(cb: DoneCallback): void {
    if (this.done) this.loop.schedule(this.handleFor(cb));
    else this.callbacks.push(cb);
  }

  private handleFor(cb: DoneCallback): Handle {
    return 'task' in cb ? { task: cb.task } : { fn: () => cb.fn(this), context: cb.context };
  }

  protected complete(state: Future['state'], error?: unknown): void {
    if (this.done) throw new PyError('InvalidStateError', 'invalid state');
    this.state = state;
    this.error = error;
    // The list is never read again: a done future schedules a new callback at once, and completing it twice throws above.
    for (const cb of this.callbacks) this.loop.schedule(this.handleFor(cb));
  }

  setResult(): void { this.complete('result'); }
  setException(e: unknown): void { this.complete('error', e); }

  cancel(message?: string): boolean {
    if (this.done) return false;
    this.cancelMessage = message;
    this.complete('cancelled');
    return true;
  }
}

interface Resumer { resolve: () => void; reject: (e: unknown) => void }


/** asyncio.Task: each step runs inside the task's context; the first step is scheduled at creation. */
export class Task extends Future {
  context: Context | undefined;
  /** The creator's Context object, for the copy-at-first-step deviation. */
  creatorContext: Context | undefined;
  started = false;
  mustCancel = false;
  cancelRequests = 0;
  waiter: Future | undefined;
  resumer: Resumer | undefined;
  /** Nobody keeps the task: an error it ends with goes to the loop's exception handler once it is freed. */
  detached = false;

  constructor(loop: EventLoop, readonly body: () => Promise<void>, context: Context | undefined) {
    super(loop);
    this.context = context;
  }

  /** Task.cancel(msg): cancels what the task waits on, else throws CancelledError(msg) into its next step. */
  override cancel(message?: string): boolean {
    if (this.done) return false;
    this.cancelRequests++;
    if (this.waiter && this.waiter.cancel(message)) return true;
    this.mustCancel = true;
    this.cancelMessage = message;
    return true;
  }

  /** Task.cancelling(): the cancel requests not taken back. */
  cancelling(): number { return this.cancelRequests; }
  /** Task.uncancel(): one request taken back; from 3.13 the last one also withdraws a cancellation not yet delivered. */
  uncancel(): number {
    if (this.cancelRequests > 0 && --this.cancelRequests === 0 && this.loop.uncancelWithdraws) this.mustCancel = false;
    return this.cancelRequests;
  }

  /** Replace the context in the middle of a step (only the direct-await-copies deviation does). */
  swapContext(c: Context): void {
    const rt = this.loop.runtime;
    rt.leave(this.context!);
    rt.enter(c);
    this.context = c;
  }

  /** One __step: enter the context, resume the body, wait until it parks or ends, exit. */
  async step(): Promise<void> {
    if (this.done) return;
    const rt = this.loop.runtime;
    if (!this.context) this.context = rt.contextCopy(this.creatorContext!);
    const ctx = this.context;
    try { rt.enter(ctx); } catch (e) { this.loop.report(e); return; }
    this.waiter = undefined;
    this.loop.currentTask = this;
    const cancel = this.mustCancel;
    this.mustCancel = false;
    if (!this.started) {
      this.started = true;
      // A coroutine cancelled before it starts never runs a line of its body.
      if (cancel) this.finish(cancelledError(this.cancelMessage));
      else {
        // A body is an async function (the interpreter's): it never throws, it rejects.
        owner.run(this, this.body).then(() => this.finish(undefined), (e) => this.finish(e ?? new Error('undefined thrown')));
      }
    } else {
      const r = this.resumer!;
      this.resumer = undefined;
      if (cancel) r.reject(cancelledError(this.cancelMessage)); else r.resolve();
    }
    // The step lasts until every microtask has run: by then the body has parked on a hook or ended.
    await new Promise<void>((r) => setImmediate(r));
    this.loop.currentTask = undefined;
    rt.leave(this.context);
    // CPython frees a finished task nobody keeps as its last handle is dropped: Future.__del__ reports the error then.
    if (this.detached && this.state === 'error') this.loop.report(this.error, this.context);
  }

  /**
   * The eager first step (3.12+ eager_task_factory): inside create_task, synchronously, in the task's
   * own context, until the body parks on its first hook or ends; the creator then goes on where it
   * was. Every await that does not suspend in Python costs the body no turn (contract 1.8; an async
   * generator's step, 1.10), so the body has parked or ended by the time the call returns.
   */
  eagerStep(): void {
    const loop = this.loop, rt = loop.runtime;
    if (!this.context) this.context = rt.contextCopy(this.creatorContext!);
    const ctx = this.context;
    // Deviations only: the step runs in the creator's context, or in the parent's, which is the task's own.
    const inCreator = rt.deviations.eagerInCreatorContext || rt.deviations.taskSharesParent;
    if (!inCreator) rt.enter(ctx);
    const creator = loop.currentTask;
    loop.currentTask = this;
    this.started = true;
    try {
      // Bodies come from the interpreter's exec, which returns a promise and never throws.
      const p = owner.run(this, this.body);
      // A body whose awaits did not suspend ran to its end here: the task is done before create_task returns.
      const o = bodyOutcome(p);
      if (o) this.finish(o.ok ? undefined : o.error ?? new Error('undefined thrown'));
      else p.then(() => this.finish(undefined), (e) => this.finish(e ?? new Error('undefined thrown')));
    } finally {
      loop.currentTask = creator;
      // The context the step ends in: the direct-await-copies deviation may have swapped it.
      if (!inCreator) rt.leave(this.context);
    }
  }

  private finish(error: unknown): void {
    if (error === undefined) { if (this.mustCancel) { this.mustCancel = false; super.cancel(this.cancelMessage); } else this.setResult(); } // cancelled right before the coroutine stopped, as __step does
    else if (isCancelled(error)) { this.cancelMessage = undefined; this.complete('cancelled', this.loop.awaiterGetsBodyCancel ? error : undefined); }
    else this.setException(error);
  }

  /** Called by a hook: park the body until one of this task's steps resumes it. */
  park(): Promise<void> {
    return new Promise<void>((resolve, reject) => { this.resumer = { resolve, reject }; });
  }
}

export class EventLoop {
  private readonly ready: Handle[] = [];
  /** Work of other threads that only gets the GIL once the loop blocks waiting for I/O. */
  private readonly whenIdle: (() => void)[] = [];
  currentTask: Task | undefined;
  /** What asyncio would hand to the loop's exception handler: kept, never re-raised. */
  readonly unhandled: unknown[] = [];
  /** loop.call_later(0, …) handles: moved to the ready queue at the start of the next loop iteration. */
  private readonly timers: Handle[] = [];
  /** Handles left in the current iteration (asyncio runs the ready queue in batches, _run_once). */
  private batch = 0;
  /** loop.set_task_factory(asyncio.eager_task_factory) (3.12+). */
  eager = false;
  /** loop.set_exception_handler(h): called for every error reported. */
  exceptionHandler: (() => void) | undefined;
  /** 3.12+: a user handler runs in the failing task's or handle's context (gh-96704); before, in the loop's own. */
  handlerInFailingContext = false;
  /** 3.11+: awaiting a task cancelled in its body raises the body's own CancelledError (its message too). */
  awaiterGetsBodyCancel = true;
  /** 3.13+: uncancel() taking back the last request clears a cancellation not yet delivered. */
  uncancelWithdraws = true;

  constructor(readonly runtime: ContextRuntime) {}

  schedule(h: Handle): void { this.ready.push(h); }

  /** call_exception_handler: kept; a scenario's handler runs, in `context` from 3.12 when one is known. */
  report(e: unknown, context?: Context): void {
    this.unhandled.push(e);
    const h = this.exceptionHandler;
    if (!h) return;
    // asyncio logs an error of the handler itself (here: entering a context still entered) and goes on.
    try {
      if (context && this.handlerInFailingContext) this.runtime.run(context, h);
      else h();
    } catch (x) { this.unhandled.push(x); }
  }

  /** loop.call_later(0, fn, context=ctx): a timer, due at once, released at the next iteration. */
  callLater(fn: () => void, context?: Context): void {
    this.timers.push({ fn, context: context ?? this.runtime.copyContext() });
  }

  /** Runs fn when no handle is ready: the moment asyncio's loop would block in select(). */
  onIdle(fn: () => void): void { this.whenIdle.push(fn); }

  /** Work of another thread that runs a loop of its own (a Runner): it has the runtime to itself until it ends. */
  private readonly whenIdleAsync: (() => Promise<void>)[] = [];
  onIdleAsync(fn: () => Promise<void>): void { this.whenIdleAsync.push(fn); }

  /** Runs every piece of work waiting for the loop thread to block. */
  flushIdle(): void {
    while (this.whenIdle.length) this.whenIdle.shift()!();
  }

  /** loop.call_soon(fn, context=ctx): ctx is the given object, else a copy of the current context. */
  callSoon(fn: () => void, context?: Context): void {
    const rt = this.runtime;
    this.schedule({ fn, context: context ?? (rt.deviations.callSoonLiveContext ? rt.current() : rt.copyContext()) });
  }

  /** create_task(body, context=ctx): the given object, else a copy taken now; the first step is scheduled now. */
  createTask(body: () => Promise<void>, context?: Context): Task {
    const rt = this.runtime;
    const d = rt.deviations;
    let t: Task;
    if (context) t = new Task(this, body, context);
    else if (d.taskSharesParent) t = new Task(this, body, rt.current());
    else if (d.copyAtFirstStep) { t = new Task(this, body, undefined); t.creatorContext = rt.current(); }
    else t = new Task(this, body, rt.copyContext());
    if (this.eager) t.eagerStep();
    else this.schedule({ task: t });
    return t;
  }

  /** The running task; a hook that can suspend is only meaningful inside one. */
  runningTask(): Task {
    const t = this.currentTask;
    if (!t || owner.getStore() !== t) throw new Error('model: an awaiting hook was called outside its task step');
    return t;
  }

  /** `await fut`: park until fut's done-callback wakes the task, then result(). A future already done
   * does not suspend (Future.__await__ yields only while pending): notSuspended, the body goes on. */
  awaitFuture(fut: Future): Promise<void> {
    if (!fut.done) return this.awaitPending(fut);
    try { fut.result(); } catch (e) { return notSuspended({ ok: false, error: e }); }
    return notSuspended({ ok: true });
  }

  private async awaitPending(fut: Future): Promise<void> {
    const t = this.runningTask();
    t.waiter = fut;
    fut.addCallback({ task: t });
    // A task that cancelled itself before this await: __step cancels what it now waits on at once.
    if (t.mustCancel && fut.cancel(t.cancelMessage)) t.mustCancel = false;
    await t.park();
    fut.result();
  }

  /** A bare `yield` (asyncio.sleep(0)): the next step goes to the back of the ready queue. */
  async yieldOnce(): Promise<void> {
    const t = this.runningTask();
    this.schedule({ task: t });
    await t.park();
  }

  private async runHandle(h: Handle): Promise<void> {
    if (h.task) { await h.task.step(); return; }
    try { this.runtime.run(h.context!, h.fn!); } catch (e) { this.report(e, h.context); }
  }

  /** Runs handles in FIFO order until `until()` holds or nothing is ready; due timers join at each iteration's start. */
  async runUntil(until: () => boolean): Promise<void> {
    while (!until()) {
      if (this.batch === 0) {
        if (this.timers.length) this.ready.push(...this.timers.splice(0));
        this.batch = this.ready.length;
      }
      if (this.ready.length) { this.batch--; await this.runHandle(this.ready.shift()!); }
      else if (this.whenIdle.length) this.whenIdle.shift()!();
      else if (this.whenIdleAsync.length) await this.whenIdleAsync.shift()!();
      else break;
    }
  }
}
