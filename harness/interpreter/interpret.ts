/**
 * The interpreter: walks a scenario, calls the adapter for each operation, and records the
 * observations itself (fixtures/FORMAT.md, "Execution model"). Async bodies become real async
 * functions and sync bodies plain functions, handed to the adapter's hooks.
 */
import type { Adapter, DefaultArg } from '../contract/adapter.ts';
import type { AsyncOp, GenOp, Scenario, SyncOp } from '../format/scenario.ts';
import { TRACE_FORMAT, type Observation, type ObservedError, type Trace } from '../format/trace.ts';
import { classify, HarnessFault, ScenarioRaise, stackOf } from './errors.ts';
import { ObservationLog } from './log.ts';
import { Names } from './names.ts';
import { sortedItems, sortedKeys, sortedValues, traceValue, varRef } from './values.ts';

export const INTERPRETER_VERSION = '1.0.0';

/** Where a body's observations go: a fixed task path, or (for generators) whoever resumed it. */
interface Frame { path(): string }
const at = (path: string): Frame => ({ path: () => path });

/** Python classes outside Exception (CancelledError from 3.8 on), which `except Exception` lets through. */
const BASE_EXCEPTION_ONLY = new Set(['CancelledError', 'BaseExceptionGroup', 'KeyboardInterrupt', 'SystemExit', 'GeneratorExit']);

/** After this many yields with callbacks still pending, the adapter is taken to have lost them. */
const MAX_DRAIN_YIELDS = 10_000;

export interface InterpretInput { id: string; hash: string; scenario: Scenario }

export interface InterpretResult {
  trace: Trace;
  /** Errors the adapter could not classify, and faults of the wiring: each makes the result ERROR. */
  problems: { message: string; stack: string }[];
}

/** What a host watches while a run goes on (streaming, stall reports). */
export interface LiveRun { observations(): readonly Observation[]; waiting(): { task: string; step: string; op: string }[] }
export interface InterpretOptions { onObservation?(o: Observation): void; onStart?(live: LiveRun): void }

function settled(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void, reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  promise.catch(() => { /* observed through the child's end; awaiting it is optional */ });
  return { promise, resolve, reject };
}

const noop = async (): Promise<void> => {};

const hasDefault = (op: object): op is { default: DefaultArg['default'] } => Object.prototype.hasOwnProperty.call(op, 'default');

export async function interpret(adapter: Adapter, input: InterpretInput, options: InterpretOptions = {}): Promise<InterpretResult> {
  const run = new Run(adapter, options.onObservation);
  options.onStart?.({ observations: () => run.log.observations, waiting: () => [] });
  try {
    await adapter.runMain(() => run.main(input.scenario.program));
  } catch (e) {
    run.problem('runMain rejected', e);
  }
  return {
    trace: {
      format: TRACE_FORMAT,
      scenario: input.id,
      scenarioHash: input.hash,
      implementation: { name: adapter.name, version: adapter.version },
      recorder: INTERPRETER_VERSION,
      observations: run.log.observations,
    },
    problems: run.problems,
  };
}

class Run {
  readonly log: ObservationLog;
  readonly names = new Names();
  readonly problems: { message: string; stack: string }[] = [];
  private pendingCallbacks = 0;
  /** Task paths of the callers of gen_next, innermost last. */
  private readonly resumers: string[] = [];

  constructor(private readonly a: Adapter, onObservation?: (o: Observation) => void) { this.log = new ObservationLog(onObservation); }

  problem(message: string, e: unknown): void {
    this.problems.push({ message, stack: stackOf(e) });
  }

  private observe(e: unknown): ObservedError {
    if (e instanceof HarnessFault) {
      this.problem(e.message, e);
      return { kind: 'HarnessFault', message: e.message };
    }
    const c = classify(this.a, e);
    if (c.unmapped) this.problem(`the adapter could not classify an error: ${c.error.message}`, e);
    return c.error;
  }

  private end(path: string, step: string, e: unknown, failed: boolean): void {
    if (failed) this.log.error(path, step, 'end', this.observe(e));
    else this.log.value(path, step, 'end', null);
  }

  async main(program: AsyncOp[]): Promise<void> {
    try {
      await this.execAsync(program, '/program', at('main'));
      this.end('main', '/program', undefined, false);
    } catch (e) {
      this.end('main', '/program', e, true);
    }
    await this.drain();
  }

  /**
   * Await every task not yet awaited, in creation order (tasks made meanwhile included), then
   * yield until every call_soon callback ran: the recorder's end of main, step for step.
   */
  private async drain(): Promise<void> {
    for (let i = 0; i < this.names.spawned.length; i++) {
      const t = this.names.spawned[i]!;
      if (t.awaited) continue;
      try { await t.wait(); } catch { /* already recorded in that task's end */ }
    }
    let yields = 0;
    while (this.pendingCallbacks > 0) {
      if (++yields > MAX_DRAIN_YIELDS) throw new HarnessFault(`${this.pendingCallbacks} call_soon callback(s) never ran`);
      await this.a.yieldOnce();
    }
  }

  /* ---- bodies ---- */

  private execSync(ops: SyncOp[], ptr: string, frame: Frame): void {
    for (let i = 0; i < ops.length; i++) this.syncOp(ops[i]!, `${ptr}/${i}`, frame);
  }

  private *execGen(ops: GenOp[], ptr: string, frame: Frame): Generator<void, void, void> {
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const p = `${ptr}/${i}`;
      if (op.op === 'yield') yield;
      else if (op.op === 'try') {
        let failed = false, err: unknown;
        try { yield* this.execGen(op.body as GenOp[], `${p}/body`, frame); } catch (e) { failed = true; err = e; }
        this.recordTry(frame, p, err, failed);
      } else if (op.op === 'with_token') {
        const t = this.tok(op.token);
        this.hook('tokenEnter')(t);
        try { yield* this.execGen(op.body as GenOp[], `${p}/body`, frame); } finally { this.hook('tokenExit')(t); }
      } else this.syncOp(op, p, frame);
    }
  }

  private async execAsync(ops: AsyncOp[], ptr: string, frame: Frame): Promise<void> {
    for (let i = 0; i < ops.length; i++) await this.asyncOp(ops[i]!, `${ptr}/${i}`, frame);
  }

  /** `try` is `except Exception`: an error classified as a BaseException-only class goes through it. */
  private recordTry(frame: Frame, step: string, err: unknown, failed: boolean): void {
    if (!failed) { this.log.value(frame.path(), step, 'try', null); return; }
    const observed = this.observe(err);
    if (BASE_EXCEPTION_ONLY.has(observed.kind)) throw err;
    this.log.error(frame.path(), step, 'try', observed);
  }

  private hook<K extends 'tokenEnter' | 'tokenExit' | 'thread' | 'toThread' | 'runInExecutor' | 'waitFor'>(name: K): NonNullable<Adapter[K]> {
    const f = this.a[name];
    if (typeof f !== 'function') throw new HarnessFault(`the adapter has no ${name} hook but declares the feature that needs it`);
    return (f as Function).bind(this.a);
  }

  private event(name: string): unknown {
    if (!this.names.events.has(name)) this.names.events.set(name, this.a.newEvent());
    return this.names.events.get(name);
  }

  /** A sync body run as its own task path (callback, thread, job): records its end. */
  private syncTask(path: string, body: SyncOp[], ptr: string, rethrow: boolean): () => void {
    return () => {
      try {
        this.execSync(body, `${ptr}/body`, at(path));
      } catch (e) {
        this.end(path, ptr, e, true);
        if (rethrow) throw e;
        return;
      }
      this.end(path, ptr, undefined, false);
    };
  }

  /** An async body run as its own task: records its end and re-raises, so awaiting it sees the error. */
  private asyncTask(path: string, body: AsyncOp[], bodyPtr: string, endStep: string): () => Promise<void> {
    return async () => {
      try {
        await this.execAsync(body, bodyPtr, at(path));
      } catch (e) {
        this.end(path, endStep, e, true);
        throw e;
      }
      this.end(path, endStep, undefined, false);
    };
  }

  /**
   * Awaits a gather child through the promise its own body settles. The waiter then resumes inside
   * the child's turn, so before its next operation an empty direct await (no suspension in Python)
   * hands control back to the adapter, which can move the waiter to a turn of its own.
   */
  private async awaitOutcome(outcome: Promise<void>): Promise<void> {
    try { await outcome; } finally { await this.a.callCoroutine(noop); }
  }

  /* ---- operations ---- */

  // Made once per run rather than per operation: closures built in a hot path cost (tsx names each one).
  private readonly ctx = (name: string) => this.names.lookup(this.names.contexts, 'context', name);
  private readonly tok = (name: string) => this.names.lookup(this.names.tokens, 'token', name);

  private syncOp(op: SyncOp, p: string, frame: Frame): void {
    const a = this.a, n = this.names, log = this.log;
    const ctx = this.ctx, tok = this.tok;
    switch (op.op) {
      case 'var': n.addVar(op.name, hasDefault(op) ? a.newVar(op.name, { default: op.default }) : a.newVar(op.name)); return;
      case 'get': {
        const v = n.variable(op.var);
        log.value(frame.path(), p, op.op, traceValue(hasDefault(op) ? a.get(v, { default: op.default }) : a.get(v)));
        return;
      }
      case 'set': { const t = a.set(n.variable(op.var), op.value); if (op.token !== undefined) n.tokens.set(op.token, t); return; }
      case 'reset': a.reset(n.variable(op.var), tok(op.token)); return;
      case 'token_var': log.value(frame.path(), p, op.op, varRef(n, a.tokenVar(tok(op.token)))); return;
      case 'token_old_value': log.value(frame.path(), p, op.op, traceValue(a.tokenOldValue(tok(op.token)))); return;
      case 'copy_context': n.contexts.set(op.as, a.copyContext()); return;
      case 'new_context': n.contexts.set(op.as, a.newContext()); return;
      case 'ctx_copy': n.contexts.set(op.as, a.contextCopy(ctx(op.context))); return;
      case 'run': a.run(ctx(op.context), () => this.execSync(op.body, `${p}/body`, frame)); return;
      case 'ctx_getitem': log.value(frame.path(), p, op.op, traceValue(a.getItem(ctx(op.context), n.variable(op.var)))); return;
      case 'ctx_contains': log.value(frame.path(), p, op.op, traceValue(a.contains(ctx(op.context), n.variable(op.var)))); return;
      case 'ctx_get': {
        const c = ctx(op.context), v = n.variable(op.var);
        log.value(frame.path(), p, op.op, traceValue(hasDefault(op) ? a.contextGet(c, v, { default: op.default }) : a.contextGet(c, v)));
        return;
      }
      case 'ctx_len': log.value(frame.path(), p, op.op, traceValue(a.size(ctx(op.context)))); return;
      case 'ctx_keys': log.value(frame.path(), p, op.op, sortedKeys(n, [...a.keys(ctx(op.context))])); return;
      case 'ctx_values': {
        const c = ctx(op.context);
        const values = [...a.values(c)];
        log.value(frame.path(), p, op.op, sortedValues(n, [...a.keys(c)], values));
        return;
      }
      case 'ctx_items': log.value(frame.path(), p, op.op, sortedItems(n, [...a.items(ctx(op.context))])); return;
      case 'ctx_eq': log.value(frame.path(), p, op.op, traceValue(a.equals(ctx(op.left), ctx(op.right)))); return;
      case 'raise': throw new ScenarioRaise(op.kind, op.message);
      case 'try': {
        let failed = false, err: unknown;
        try { this.execSync(op.body, `${p}/body`, frame); } catch (e) { failed = true; err = e; }
        this.recordTry(frame, p, err, failed);
        return;
      }
      case 'with_token': {
        const t = tok(op.token);
        this.hook('tokenEnter')(t);
        try { this.execSync(op.body, `${p}/body`, frame); } finally { this.hook('tokenExit')(t); }
        return;
      }
      case 'create_task': {
        const path = `${frame.path()}/${op.name}`;
        const options: { context?: unknown; group?: unknown } = {};
        if (op.context !== undefined) options.context = ctx(op.context);
        if (op.group !== undefined) options.group = n.lookup(n.groups, 'task group', op.group);
        const handle = a.spawn(this.asyncTask(path, op.body, `${p}/body`, p), options);
        n.addTask(op.name, { wait: () => a.awaitTask(handle), awaited: false });
        return;
      }
      case 'call_soon': {
        const body = this.syncTask(`${frame.path()}/${op.name}`, op.body, p, false);
        const options: { context?: unknown } = {};
        if (op.context !== undefined) options.context = ctx(op.context);
        this.pendingCallbacks++;
        let ran = false;
        a.callSoon(() => {
          if (!ran) { ran = true; this.pendingCallbacks--; }
          body();
        }, options);
        return;
      }
      case 'event_set': a.setEvent(this.event(op.event)); return;
      case 'thread': this.hook('thread')(this.syncTask(`${frame.path()}/${op.name}`, op.body, p, false)); return;
      case 'gen_create': {
        const resumer: Frame = { path: () => this.resumers.at(-1) ?? frame.path() };
        const self = this;
        n.generators.set(op.name, (function* () { yield* self.execGen(op.body, `${p}/body`, resumer); })());
        return;
      }
      case 'gen_next': {
        const g = n.lookup(n.generators, 'generator', op.generator);
        this.resumers.push(frame.path());
        try {
          if (a.resumeGenerator) a.resumeGenerator(g); else g.next();
        } finally { this.resumers.pop(); }
        return;
      }
      default: {
        const never: never = op;
        throw new HarnessFault(`operation ${(never as { op: string }).op} is not valid in a synchronous body`);
      }
    }
  }

  private async asyncOp(op: AsyncOp, p: string, frame: Frame): Promise<void> {
    const a = this.a, n = this.names;
    switch (op.op) {
      case 'sleep': await a.yieldOnce(); return;
      case 'await_task': {
        const t = n.tasks.get(op.task);
        if (!t) throw new HarnessFault(`"${op.task}" is not a task made by create_task or gather (or it is awaited before it is created)`);
        t.awaited = true;
        await t.wait();
        return;
      }
      case 'call': await a.callCoroutine(() => this.execAsync(op.body, `${p}/body`, frame)); return;
      case 'wait_for': await this.hook('waitFor')(() => this.execAsync(op.body, `${p}/body`, frame)); return;
      case 'gather': {
        // gather's children are tasks too: the drain and await_task wait for their outcome.
        const bodies = op.tasks.map((t, i) => {
          const body = this.asyncTask(`${frame.path()}/${t.name}`, t.body, `${p}/tasks/${i}/body`, `${p}/tasks/${i}`);
          const outcome = settled();
          n.addTask(t.name, { wait: () => this.awaitOutcome(outcome.promise), awaited: false });
          return async () => {
            try { await body(); outcome.resolve(); } catch (e) { outcome.reject(e); throw e; }
          };
        });
        await a.gather(bodies);
        return;
      }
      case 'task_group':
        await a.taskGroup(async (g) => {
          n.groups.set(op.name, g);
          await this.execAsync(op.body, `${p}/body`, frame);
        });
        return;
      case 'event_wait': await a.waitEvent(this.event(op.event)); return;
      case 'to_thread': await this.hook('toThread')(this.syncTask(`${frame.path()}/${op.name}`, op.body, p, true)); return;
      case 'run_in_executor': await this.hook('runInExecutor')(this.syncTask(`${frame.path()}/${op.name}`, op.body, p, true)); return;
      case 'try': {
        let failed = false, err: unknown;
        try { await this.execAsync(op.body, `${p}/body`, frame); } catch (e) { failed = true; err = e; }
        this.recordTry(frame, p, err, failed);
        return;
      }
      case 'with_token': {
        const t = this.tok(op.token);
        this.hook('tokenEnter')(t);
        try { await this.execAsync(op.body, `${p}/body`, frame); } finally { this.hook('tokenExit')(t); }
        return;
      }
      default: this.syncOp(op, p, frame);
    }
  }
}
