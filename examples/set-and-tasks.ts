/**
 * Example adapter: a library with `set` and tasks, on Node's AsyncLocalStorage (the TypeScript twin
 * of set-and-tasks.mjs, typed by the contract).
 *
 *   npx pep567 run --impl ./set-and-tasks.ts     (a copy in your project; Node >= 22.18, or tsx)
 *
 * The library under test here is AsyncLocalStorage used the usual way: a store per "context", a
 * variable's set() replacing the store with enterWith for the rest of the caller. For your own
 * library, keep the shape and replace each `als.…` call by your library's own call: every member
 * maps one PEP 567 operation onto the library's mechanism, nothing more. What each member must do:
 * harness/contract/INTERPRETING.md in the package; the types: dist/contract/adapter.d.ts.
 *
 * The contract's type lists every member; the ones of features not declared are stubs at the end
 * that say so (the harness never calls them). Erasable syntax only (no enums, no parameter
 * properties), so Node's own type stripping runs this file as is.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ADAPTER_CONTRACT_VERSION, type Adapter, type AdapterFactory, type DefaultArg, type Value } from 'pep567-conformance';

/** An error where Python raises one; `kind` is the Python class name, compared with CPython's. */
class PyError extends Error {
  readonly kind: string;
  constructor(kind: string, message: string) { super(message); this.kind = kind; }
}

interface Var { readonly name: string; readonly dflt?: DefaultArg }
/** A context: an immutable Map, never changed once it is a store. */
type Store = ReadonlyMap<Var, Value>;
interface Event { promise: Promise<void>; open: () => void }

const repr = (v: Var) => `<ContextVar name='${v.name}'>`;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const notDeclared = (what: string) => (): never => { throw new Error(`${what}: its feature is not declared by this adapter`); };

export const createAdapter: AdapterFactory = () => {
  // One AsyncLocalStorage per scenario (the harness creates a fresh adapter for each).
  const als = new AsyncLocalStorage<Store>();
  const store = (): Store => als.getStore() ?? new Map();

  const adapter: Adapter<Var, void, Store, Promise<void>, never, Event> = {
    contract: ADAPTER_CONTRACT_VERSION,
    name: 'example-set-and-tasks-ts',
    version: `node-${process.versions.node}`,
    features: [
      'vars', 'set', 'defaults', 'scoped_values', 'copy_context', 'context_new', 'context_copy', 'context_run', 'mapping',
      'errors', 'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context', 'events',
    ],

    /* ---- variables: ContextVar(name, default=…), var.get(default), var.set(value) ---- */
    newVar: (name, dflt) => ({ name, ...(dflt ? { dflt } : {}) }),
    get(v, d) {
      const s = store();
      if (s.has(v)) return s.get(v)!;
      if (d) return d.default;
      if (v.dflt) return v.dflt.default;
      throw new PyError('LookupError', repr(v));
    },
    // set() returns a token in Python; with no `tokens` feature declared, nothing reads it.
    set(v, value) { als.enterWith(new Map(store()).set(v, value)); },
    // `with_value` (run-scoped binding): the library's own scoped call.
    withValue: (v, value, body) => als.run(new Map(store()).set(v, value), body),

    /* ---- contexts: copy_context(), Context(), ctx.copy(), ctx.run(fn), the Mapping API ---- */
    copyContext: store, // the current store is immutable: already a snapshot
    newContext: () => new Map(),
    contextCopy: (c) => new Map(c),
    run: (c, fn) => als.run(c, fn),
    getItem(c, v) {
      if (!c.has(v)) throw new PyError('KeyError', repr(v));
      return c.get(v)!;
    },
    contains: (c, v) => c.has(v),
    contextGet: (c, v, d) => (c.has(v) ? c.get(v)! : d ? d.default : null),
    size: (c) => c.size,
    keys: (c) => [...c.keys()],
    values: (c) => [...c.values()],
    items: (c) => [...c.entries()],

    /* ---- asyncio: the bodies are real async functions; each hook is one native await ---- */
    runMain: (body) => als.run(new Map(), body),
    spawn(body, { context }) {
      // create_task: an async function called without await (it starts at once, in its creator's context).
      const task = context ? als.run(context, body) : body();
      task.catch(() => {}); // seen when awaited, not as an unhandled rejection
      return task;
    },
    awaitTask: (task) => task,
    callCoroutine: async (body) => { await body(); },
    yieldOnce: nextTurn, // asyncio.sleep(0): one turn of the event loop
    async gather(bodies, adopt) {
      const tasks = bodies.map((b) => { const t = b(); t.catch(() => {}); return t; });
      adopt(tasks); // hand the child tasks back before they run
      await Promise.all(tasks);
    },
    callSoon(fn, { context }) { setImmediate(context ? () => als.run(context, fn) : fn); },
    newEvent() {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => { open = resolve; });
      return { promise, open };
    },
    setEvent: (e) => e.open(),
    waitEvent: (e) => e.promise,

    /* ---- errors: which of the library's errors stand for which Python exception ---- */
    classifyError: (e) => (e instanceof PyError ? { kind: e.kind, message: e.message } : undefined),

    /* ---- features not declared: never called ---- */
    reset: notDeclared('ContextVar.reset'),
    tokenVar: notDeclared('Token.var'),
    tokenOldValue: notDeclared('Token.old_value'),
    equals: notDeclared('ctx == other'),
    taskGroup: notDeclared('asyncio.TaskGroup'),
  };
  return adapter;
};
