/**
 * A test double in the style of async-listener / continuation-local-storage: the current context is
 * a module-level slot, and the library wraps the scheduling functions (setTimeout, setImmediate,
 * queueMicrotask, process.nextTick, Promise.prototype.then): each captures the slot when a callback
 * is scheduled and restores it around the callback. A native `await` goes through none of them, so
 * code it resumes finds the slot as whoever ran last left it: empty, and every operation needing the
 * current context throws NoContextError. The wrappers are installed once, when the module loads, and
 * stay, as such a library's do; they reach whatever else runs in the process (the harness too, in
 * process), which is what the host and in-process modes must both survive with the same verdicts.
 */
import { promiseEvent, type PromiseEvent as Ev } from '../../../harness/adapters/event.ts';
import { ADAPTER_CONTRACT_VERSION, NoContextError, type Adapter } from '../../../harness/contract/adapter.ts';
import { copy, Ctx, mappingMembers, PyError, resetIn, setIn, variableMembers, Var, type Tok } from './map-context.ts';

let slot: Ctx | undefined;

/** fn bound to the slot as it is now. */
function bind<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const captured = slot;
  return function (this: unknown, ...args: A): R {
    const saved = slot;
    slot = captured;
    try { return fn.apply(this, args); } finally { slot = saved; }
  };
}

const g = globalThis as any;
const WRAPPED = Symbol.for('pep567-test.listener-wrapped');
if (!g[WRAPPED]) {
  g[WRAPPED] = true;
  for (const name of ['setTimeout', 'setImmediate', 'setInterval', 'queueMicrotask'] as const) {
    const orig = g[name];
    g[name] = Object.assign(function (this: unknown, fn: unknown, ...rest: unknown[]) {
      return orig.call(this, typeof fn === 'function' ? bind(fn as () => unknown) : fn, ...rest);
    }, orig);
  }
  const nextTick = process.nextTick;
  process.nextTick = function (fn: (...a: unknown[]) => void, ...rest: unknown[]) { return nextTick.call(process, bind(fn), ...rest); } as typeof process.nextTick;
  const then = Promise.prototype.then;
  Promise.prototype.then = function (this: Promise<unknown>, ok?: unknown, bad?: unknown) {
    return then.call(this, typeof ok === 'function' ? bind(ok as () => unknown) : ok as undefined, typeof bad === 'function' ? bind(bad as () => unknown) : bad as undefined);
  } as typeof Promise.prototype.then;
}

function current(): Ctx {
  if (!slot) throw new NoContextError('no current context: a native await lost it (only the wrapped scheduling functions carry it)');
  return slot;
}

function enter<R>(c: Ctx, fn: () => R): R {
  if (c.entered) throw new PyError('RuntimeError', 'cannot enter context: <Context> is already entered');
  const saved = slot;
  c.entered = true;
  slot = c;
  try { return fn(); } finally { slot = saved; c.entered = false; }
}

/** Runs fn with the slot set to c (no entered flag: the library's own "run in context"). */
function within<R>(c: Ctx, fn: () => R): R {
  const saved = slot;
  slot = c;
  try { return fn(); } finally { slot = saved; }
}

const repr = (v: Var) => `<ContextVar name='${v.name}'>`;
/** Immediates the double scheduled and that have not run yet: zero with the run unsettled means it stalled. */
let scheduled = 0;
export const pendingWork = (): number => scheduled;
function soon(fn: () => void): void {
  scheduled++;
  setImmediate(() => { scheduled--; fn(); });
}
const later = (): Promise<void> => new Promise<void>((resolve) => soon(resolve));

export const LISTENER_FEATURES = [
  'vars', 'set', 'defaults', 'tokens', 'copy_context', 'context_new', 'context_copy', 'context_run', 'mapping',
  'context_eq', 'errors', 'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context',
  'events', 'generators', 'scoped_values',
] as const;

export function createListenerAdapter(): Adapter<Var, Tok, Ctx, Promise<void>, never, Ev> {
  slot = undefined;
  scheduled = 0;
  /** A task: its first step starts in a later turn, in c, carried there by the wrapped setImmediate and then. */
  const task = (c: Ctx, body: () => Promise<void>): Promise<void> => {
    const p = within(c, () => later().then(body));
    p.catch(() => { /* observed when awaited or at the drain */ });
    return p;
  };
  return {
    contract: ADAPTER_CONTRACT_VERSION, name: 'test-listener', version: '0', features: LISTENER_FEATURES,
    ...variableMembers(current, repr),
    run: enter,
    ...mappingMembers(repr),
    runMain: (body) => within(new Ctx(), body),
    spawn: (body, { context }) => task(context ?? copy(current()), body),
    awaitTask: (p) => p,
    callCoroutine: (body) => body(),
    yieldOnce: later,
    gather(bodies, adopt) {
      const c = current();
      const tasks = bodies.map((b) => task(copy(c), b));
      adopt(tasks);
      return Promise.all(tasks).then(() => undefined);
    },
    taskGroup() { throw new Error('task_group is not declared'); },
    callSoon(fn, { context }) {
      const c = context ?? copy(current());
      soon(() => { try { enter(c, fn); } catch { /* asyncio reports a callback that cannot enter its context */ } });
    },
    newEvent: promiseEvent,
    setEvent: (e) => e.open(),
    waitEvent: (e) => e.promise,
    // The library's scoped call writes into the current Context object and takes the binding back
    // when body ends: at once for a synchronous body (contract 1.5: info.async false), when its
    // promise settles for an async one.
    withValue(v, value, body, info) {
      const c = current();
      const t = setIn(c, v, value);
      let r;
      try { r = body(); } catch (e) { resetIn(c, v, t); throw e; }
      if (info?.async && r instanceof Promise) return r.finally(() => resetIn(c, v, t)) as typeof r;
      resetIn(c, v, t);
      return r;
    },
    classifyError: (e) => (e instanceof PyError ? { kind: e.kind, message: e.message } : undefined),
  };
}

/** The module form the registry loads (`--impl suites/harness/support/listener-adapter.ts`). */
export const createAdapter = createListenerAdapter;
