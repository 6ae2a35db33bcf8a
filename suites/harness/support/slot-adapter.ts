/**
 * A test double for the await discipline (issue 10 §1 (a)): a PEP 567 implementation whose current
 * context is a plain module-level slot. The slot is saved and restored synchronously around
 * Context.run, main's first step, each task's first step and each callback, and nothing puts it
 * back after a native `await`: code resumed by an await finds the slot empty and every operation
 * needing the current context throws NoContextError. So the double is right exactly where a
 * body's operations run in the synchronous stretch that starts its task, callback or run, which
 * is what a promise-patching JavaScript library looks like from the suite's side.
 */
import { promiseEvent, type PromiseEvent as Ev } from '../../../harness/adapters/event.ts';
import { ADAPTER_CONTRACT_VERSION, NoContextError, type Adapter } from '../../../harness/contract/adapter.ts';
import { copy, Ctx, mappingMembers, PyError, variableMembers, Var, type Tok } from './map-context.ts';

/** The current context: one plain variable of this module. */
let slot: Ctx | undefined;
/** setImmediate callbacks scheduled and not yet run: zero with the run unsettled means it stalled. */
let scheduled = 0;

export const pendingWork = (): number => scheduled;

function later(fn: () => void): void {
  scheduled++;
  setImmediate(() => { scheduled--; fn(); });
}

function current(): Ctx {
  if (!slot) throw new NoContextError('no current context: the slot is empty here (a native await lost it)');
  return slot;
}

/** Enters c for fn, synchronously: the slot is saved before and restored after, also when fn throws. */
function enter<R>(c: Ctx, fn: () => R): R {
  if (c.entered) throw new PyError('RuntimeError', 'cannot enter context: <Context> is already entered');
  const saved = slot;
  c.entered = true;
  slot = c;
  try { return fn(); } finally { slot = saved; c.entered = false; }
}

const repr = (v: Var) => `<ContextVar name='${v.name}'>`;

export const SLOT_FEATURES = [
  'vars', 'set', 'defaults', 'tokens', 'copy_context', 'context_new', 'context_copy', 'context_run', 'mapping',
  'context_eq', 'errors', 'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context',
  'events', 'generators',
] as const;

export function createSlotAdapter(): Adapter<Var, Tok, Ctx, Promise<void>, never, Ev> {
  slot = undefined;
  /** A task: its first step runs in a later turn inside the slot, as asyncio starts it when the creator yields. */
  const task = (c: Ctx, body: () => Promise<void>): Promise<void> => {
    const p = new Promise<void>((resolve, reject) => {
      later(() => {
        let done: Promise<void>;
        try { done = enter(c, body); } catch (e) { done = Promise.reject(e); }
        done.then(resolve, reject);
      });
    });
    p.catch(() => { /* observed when awaited or at the drain */ });
    return p;
  };
  return {
    contract: ADAPTER_CONTRACT_VERSION, name: 'test-slot', version: '0', features: SLOT_FEATURES,
    ...variableMembers(current, repr),
    run: enter,
    ...mappingMembers(repr),
    // Context().run(asyncio.run, main()): main's first step runs in the slot, the rest finds it empty.
    runMain: (body) => enter(new Ctx(), body),
    spawn: (body, { context }) => task(context ?? copy(current()), body),
    awaitTask: (p) => p,
    callCoroutine: (body) => body(),
    yieldOnce: () => new Promise<void>((resolve) => later(resolve)),
    async gather(bodies, adopt) {
      const c = current();
      const tasks = bodies.map((b) => task(copy(c), b));
      adopt(tasks);
      await Promise.all(tasks);
    },
    taskGroup() { throw new Error('task_group is not declared'); },
    callSoon(fn, { context }) {
      const c = context ?? copy(current());
      later(() => { try { enter(c, fn); } catch { /* asyncio reports a callback that cannot enter its context */ } });
    },
    newEvent: promiseEvent,
    setEvent: (e) => e.open(),
    waitEvent: (e) => e.promise,
    classifyError: (e) => (e instanceof PyError ? { kind: e.kind, message: e.message } : undefined),
  };
}

/** The module form the registry loads (`--impl suites/harness/support/slot-adapter.ts`). */
export const createAdapter = createSlotAdapter;
