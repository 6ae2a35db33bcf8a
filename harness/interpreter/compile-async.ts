/**
 * Async bodies compiled once per scenario into a flat list of instructions, run by one small
 * loop (`exec`) per body execution. The loop is the whole await discipline (INTERPRETING.md,
 * "The await discipline"):
 *
 * - a synchronous instruction runs at once, in the same turn as the one before it;
 * - an await operation is exactly one native `await` of the promise its adapter hook returns;
 * - `try` and `with_token` are regions of the same list, not nested async functions, so entering
 *   or leaving them costs no await either (as a `try:` inside a Python coroutine costs none).
 *
 * Only `call`, `wait_for` and a task group's body are async functions of their own, because
 * Python awaits them as coroutines too, through the hook that receives them.
 */
import { ADAPTER_CONTRACT_VERSION } from '../contract/adapter.ts';
import type { AsyncOp, Value, WithValueSyncOp } from '../format/scenario.ts';
import { HarnessFault } from './errors.ts';
import { compileSync, compileSyncOp, syncTask, type SyncFn, type TaskCompiler, type TaskFn } from './compile-sync.ts';
import { at, type Frame, type RunState } from './state.ts';
import { drain } from './drain.ts';
import { bodyAwaits } from './awaits.ts';
import { awaitOutcome, ranToEnd } from '../contract/no-suspension.ts';
import type { Waiting } from '../primitives/waiting.ts';

const ASYNC_BODY = Object.freeze({ async: true });

/** A `try` (catches, records, resumes after the region) or a `with_token` (exits, then lets the error go on). */
interface Region { kind: 'try' | 'token'; step: string; slot: number; resume: number; parent: Region | undefined; catches?: readonly string[] }

interface Ins {
  /** Runs the operation; an await instruction returns the hook's promise, which exec awaits once. */
  run: (f: Frame, held: unknown[]) => unknown;
  /** Set on await instructions: the step and op a task waiting here is reported at. */
  wait?: { step: string; op: string };
  /** Set on an await instruction that records what it awaited (future_await): called with the value, in the same turn. */
  settled?: (f: Frame, value: unknown) => void;
  /** The innermost region around the instruction. */
  region: Region | undefined;
}

export interface Code { ins: Ins[]; slots: number }

/** How a task body ends: its end observation, and for main the drain that follows it. */
export interface End { path: string; step: string; rethrow: boolean; tail?: () => Promise<void> }

const NONE: unknown[] = [];
/** What Execution.run returns when the body ended (a hook may return undefined to be awaited). */
const ENDED: unique symbol = Symbol('ended');

/**
 * Runs one body. It runs in the caller's turn until an await suspends; from there an async
 * continuation runs it on, with one native `await` per await instruction. An await hook that
 * returns `notSuspended` (contract 1.8) costs no await: the body goes on in the same turn, as
 * Python's does past `await sub()` of a coroutine that never suspends. A body that ran to its end
 * in the call returns a promise marked `ranToEnd`, so an adapter can tell (an eager task's first
 * step ends inside create_task). Main's and a runner run's drain follow as before.
 */
export function exec(r: RunState, code: Code, f: Frame, end?: End): Promise<void> {
  const x = new Execution(r, code, f, end);
  let pending: unknown;
  try { pending = x.run(); } catch (e) {
    return ranToEnd({ ok: false, error: e });
  }
  if (pending !== ENDED) return x.continueAfter(pending);
  if (end?.tail) return (async () => end.tail!())();
  return ranToEnd({ ok: true });
}

/** One execution of a body: its program counter, its held tokens, and the await it is suspended at. */
class Execution {
  private pc = 0;
  private readonly held: unknown[];
  private wait: Waiting | undefined;

  constructor(private readonly r: RunState, private readonly code: Code, private readonly f: Frame, private readonly end: End | undefined) {
    this.held = code.slots ? new Array<unknown>(code.slots) : NONE;
  }

  /** Runs on in this turn until an await suspends (what it awaits is returned) or the body ends (ENDED); throws what escapes. */
  run(): unknown {
    const { r, f, held, end } = this, ins = this.code.ins, n = ins.length;
    for (;;) {
      try {
        while (this.pc < n) {
          const i = ins[this.pc++]!;
          if (i.wait === undefined) { i.run(f, held); continue; }
          const w = r.waitStart({ task: f.path(), step: i.wait.step, op: i.wait.op });
          let suspended = false;
          try {
            const p = i.run(f, held);
            const o = awaitOutcome(p);
            if (!o) { suspended = true; this.wait = w; return p; }
            if (!o.ok) throw o.error;
            if (i.settled) i.settled(f, o.value);
          } finally { if (!suspended) r.waitEnd(w); }
        }
        if (end) r.end(end.path, end.step, undefined, false);
        return ENDED;
      } catch (e) {
        this.pc = unwind(r, ins[this.pc - 1]!.region, e, f, held, end);
        if (this.pc < 0) return ENDED;
      }
    }
  }

  /** The suspended await settled: its value is recorded (or its error unwinds) before the body runs on. */
  private resumed(ok: boolean, v: unknown): unknown {
    const i = this.code.ins[this.pc - 1]!;
    try {
      try {
        if (!ok) throw v;
        if (i.settled) i.settled(this.f, v);
      } finally { this.r.waitEnd(this.wait!); }
    } catch (e) {
      this.pc = unwind(this.r, i.region, e, this.f, this.held, this.end);
      if (this.pc < 0) return ENDED;
    }
    return this.run();
  }

  /** The rest of the body after its first suspension: the only `await` here is the one per await instruction. */
  async continueAfter(first: unknown): Promise<void> {
    for (let p = first; p !== ENDED;) {
      let ok = true, v: unknown;
      try { v = await p; } catch (e) { ok = false; v = e; }
      p = this.resumed(ok, v);
    }
    // Main hands its promise over to the drain (the recorder's end of main): no await here either.
    if (this.end?.tail) return this.end.tail();
  }
}

/** Where an error escaping an instruction goes: the innermost try records it; with_token regions exit on the way. */
function unwind(r: RunState, region: Region | undefined, e: unknown, f: Frame, held: unknown[], end: End | undefined): number {
  let err = e;
  for (let g = region; g; g = g.parent) {
    if (g.kind === 'token') {
      try { r.hook('tokenExit')(held[g.slot]); } catch (x) { err = x; }
      continue;
    }
    try { r.recordTry(f.path(), g.step, err, g.catches); return g.resume; } catch (x) { err = x; }
  }
  if (!end) throw err;
  r.end(end.path, end.step, err, true);
  if (end.rethrow) throw err;
  return -1;
}

/** True when the adapter states contract 1.3 or later (gather hands back its child tasks). */
function handsBackGatherTasks(contract: string): boolean {
  const [major, minor] = String(contract).split('.').map(Number);
  const [ourMajor] = ADAPTER_CONTRACT_VERSION.split('.').map(Number);
  return major === ourMajor && (minor ?? 0) >= 3;
}

/** Emits instructions, fusing runs of synchronous ones in the same region (never across a resume point). */
class Emitter {
  readonly ins: (Ins & { fns?: SyncFn[] })[] = [];
  slots = 0;
  private barrier = 0;

  sync(run: SyncFn, region: Region | undefined): void {
    const last = this.ins[this.ins.length - 1];
    if (last?.fns && this.ins.length - 1 >= this.barrier && last.region === region) { last.fns.push(run); return; }
    const fns = [run];
    this.ins.push({ run: (f) => { for (let i = 0; i < fns.length; i++) fns[i]!(f); }, region, fns });
  }

  raw(run: Ins['run'], region: Region | undefined): void {
    this.ins.push({ run, region });
  }

  await(run: Ins['run'], step: string, op: string, region: Region | undefined, settled?: Ins['settled']): void {
    this.ins.push({ run, wait: { step, op }, region, ...(settled ? { settled } : {}) });
  }

  /** The next instruction is a resume point: nothing before it may absorb it. */
  mark(): number {
    this.barrier = this.ins.length;
    return this.ins.length;
  }
}

export class AsyncCompiler implements TaskCompiler {
  constructor(private readonly r: RunState) {}

  compile(ops: readonly AsyncOp[], ptr: string): Code {
    const e = new Emitter();
    this.emit(e, ops, ptr, undefined);
    return { ins: e.ins, slots: e.slots };
  }

  task(ops: AsyncOp[], bodyPtr: string, endStep: string): TaskFn {
    const code = this.compile(ops, bodyPtr);
    const r = this.r;
    return (path) => {
      const f = at(path), end: End = { path, step: endStep, rethrow: true };
      return () => exec(r, code, f, end);
    };
  }

  private emit(e: Emitter, ops: readonly AsyncOp[], ptr: string, region: Region | undefined): void {
    ops.forEach((op, i) => this.emitOp(e, op, `${ptr}/${i}`, region));
  }

  private emitOp(e: Emitter, op: AsyncOp, p: string, region: Region | undefined): void {
    const r = this.r, a = r.a, n = r.names;
    switch (op.op) {
      case 'sleep': e.await(() => a.yieldOnce(), p, op.op, region); return;
      case 'await_task': e.await(() => {
        const t = n.tasks.get(op.task);
        if (!t) throw new HarnessFault(`"${op.task}" is not a task made by create_task or gather (or it is awaited before it is created)`);
        t.awaited = true;
        return t.wait();
      }, p, op.op, region); return;
      case 'call': {
        const body = this.compile(op.body, `${p}/body`);
        e.await((f) => a.callCoroutine(() => exec(r, body, f)), p, op.op, region);
        return;
      }
      case 'with_value': {
        // A body with no await in its Python is a synchronous function, run in this turn, and
        // nothing is awaited after it: `with` costs Python no await (compile-sync.ts).
        if (!bodyAwaits(op.body)) { e.sync(compileSyncOp(r, op as WithValueSyncOp, p, this), region); return; }
        // Otherwise the body is an async function of its own: the library's scoped call
        // (Variable.run, als.run, context.with) holds it for the extent of its promise, which is
        // awaited once, where the Python's first await inside the body suspends the caller too.
        const body = this.compile(op.body, `${p}/body`);
        e.await((f) => r.hook('withValue')(n.variable(op.var), op.value, () => exec(r, body, f), ASYNC_BODY), p, op.op, region);
        return;
      }
      case 'timeout': {
        const body = this.compile(op.body, `${p}/body`), options = { expire: op.expire === true };
        e.await((f) => r.hook('timeout')(() => exec(r, body, f), options), p, op.op, region);
        return;
      }
      case 'wait_for': {
        const body = this.compile(op.body, `${p}/body`);
        e.await((f) => r.hook('waitFor')(() => exec(r, body, f)), p, op.op, region);
        return;
      }
      case 'gather': e.await(this.gather(op.tasks, p), p, op.op, region); return;
      case 'runner': {
        const runs = op.runs.map((t, i) => ({ name: t.name, step: `${p}/runs/${i}`, code: this.compile(t.body, `${p}/runs/${i}/body`) }));
        e.await((f) => r.hook('runner')(runs.map((run) => () => {
          // runner.run(coro): the run's end, then its own drain, as main's (a failing run skips it, as main's re-raise would).
          const path = `${f.path()}/${run.name}`, from = r.names.spawned.length;
          return exec(r, run.code, at(path), { path, step: run.step, rethrow: true, tail: () => drain(r, from, path, run.step) });
        }), op.context === undefined ? {} : { context: r.ctx(op.context) }), p, op.op, region);
        return;
      }
      case 'task_group': {
        const body = this.compile(op.body, `${p}/body`);
        e.await((f) => a.taskGroup((g) => { n.groups.set(op.name, g); return exec(r, body, f); }), p, op.op, region);
        return;
      }
      case 'event_wait': e.await(() => a.waitEvent(r.event(op.event)), p, op.op, region); return;
      case 'future_await':
        e.await(() => r.hook('awaitFuture')(n.lookup(n.futures, 'future', op.future)), p, op.op, region,
          (f, value) => r.log.value(f.path(), p, op.op, value as Value));
        return;
      case 'agen_next': case 'agen_aclose': {
        // The generator observes for the task that steps or closes it now.
        const hook = op.op === 'agen_next' ? 'asyncGeneratorNext' : 'asyncGeneratorClose';
        const settled = op.op === 'agen_next'
          ? (f: Frame, step: unknown) => r.log.value(f.path(), p, op.op, !(step as IteratorResult<void>).done) : undefined;
        e.await((f) => {
          const g = n.lookup(n.agens, 'async generator', op.generator);
          g.frame = f;
          return r.hook(hook)(g.handle);
        }, p, op.op, region, settled);
        return;
      }
      case 'await_custom': {
        const run = compileSync(r, op.body, `${p}/body`, this);
        e.await((f) => r.hook('awaitCustom')(() => run(f)), p, op.op, region);
        return;
      }
      case 'to_thread': {
        const job = syncTask(r, op.body, p, this, true);
        e.await((f) => r.hook('toThread')(job(`${f.path()}/${op.name}`)), p, op.op, region);
        return;
      }
      case 'run_in_executor': {
        const job = syncTask(r, op.body, p, this, true);
        e.await((f) => r.hook('runInExecutor')(job(`${f.path()}/${op.name}`)), p, op.op, region);
        return;
      }
      case 'try': {
        const g: Region = { kind: 'try', step: p, slot: -1, resume: -1, parent: region, catches: op.catch };
        this.emit(e, op.body, `${p}/body`, g);
        e.raw((f) => r.log.value(f.path(), p, 'try', null), region);
        g.resume = e.mark();
        return;
      }
      case 'with_token': {
        const slot = e.slots++;
        const g: Region = { kind: 'token', step: p, slot, resume: -1, parent: region };
        e.raw((_f, held) => { const t = r.tok(op.token); held[slot] = t; r.hook('tokenEnter')(t); }, region);
        this.emit(e, op.body, `${p}/body`, g);
        e.raw((_f, held) => r.hook('tokenExit')(held[slot]), region);
        e.mark();
        return;
      }
      default: e.sync(compileSyncOp(r, op, p, this), region);
    }
  }

  /**
   * gather's children are tasks too: await_task and the drain wait for them. From contract 1.3 the
   * adapter hands back the child task handles, awaited with awaitTask. A 1.2 adapter does not, so
   * its children are awaited through the promise their own body settles, followed by one empty
   * callCoroutine: the waiter resumes inside the child's turn, and that lets the adapter move it to
   * a turn of its own (the one await of the harness's own left, for 1.2 adapters only).
   */
  private gather(children: readonly { name: string; body: AsyncOp[] }[], p: string): (f: Frame) => Promise<void> {
    const r = this.r, a = r.a, n = r.names;
    const tasks = children.map((t, i) => this.task(t.body, `${p}/tasks/${i}/body`, `${p}/tasks/${i}`));
    const modern = handsBackGatherTasks(a.contract);
    return (f) => {
      const entries = children.map((t) => {
        const entry: GatherEntry = { awaited: false, wait: () => waitGatherChild(r, entry, modern, t.name) };
        n.addTask(t.name, entry);
        return entry;
      });
      const bodies = children.map((t, i) => {
        const body = tasks[i]!(`${f.path()}/${t.name}`);
        if (modern) return body;
        const outcome = settled();
        entries[i]!.outcome = outcome.promise;
        return () => {
          const done = body();
          done.then(outcome.resolve, outcome.reject);
          return done;
        };
      });
      return a.gather(bodies, (handles) => {
        if (!Array.isArray(handles) || handles.length !== entries.length)
          throw new HarnessFault(`gather handed back ${Array.isArray(handles) ? handles.length : 'no'} task handle(s) for ${entries.length} children`);
        entries.forEach((entry, i) => { entry.handle = handles[i]; entry.adopted = true; });
      });
    };
  }
}

interface GatherEntry { wait: () => Promise<void>; awaited: boolean; handle?: unknown; adopted?: boolean; outcome?: Promise<void> }

const noop = async (): Promise<void> => {};

function settled(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void, reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  promise.catch(() => { /* observed through the child's end; awaiting it is optional */ });
  return { promise, resolve, reject };
}

async function legacyOutcome(r: RunState, outcome: Promise<void>): Promise<void> {
  try { await outcome; } finally { await r.a.callCoroutine(noop); }
}

function waitGatherChild(r: RunState, entry: GatherEntry, modern: boolean, name: string): Promise<void> {
  if (entry.adopted) return r.a.awaitTask(entry.handle);
  if (!modern && entry.outcome) return legacyOutcome(r, entry.outcome);
  throw new HarnessFault(`gather child "${name}" is awaited but the adapter's gather never handed back its task handles (contract 1.3: gather(bodies, adopt) must call adopt(tasks))`);
}
