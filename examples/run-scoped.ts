/**
 * Example adapter: a run-scoped library (the TypeScript twin of run-scoped.mjs, typed by the
 * contract), one that binds a value only for the extent of a call (`variable.run(value, fn)`), with
 * no set() for the rest of the caller: the TC39 AsyncContext proposal and OpenTelemetry's
 * `context.with` work this way. Here the library is Node's AsyncLocalStorage used through `als.run` alone.
 *
 *   npx pep567 run --impl ./run-scoped.ts     (a copy in your project; Node >= 22.18, or tsx)
 *
 * What PEP 567 has and the library refuses by design goes into `differs` with the reason: the
 * scenarios needing it are SEMANTICS_DIFFER, reported apart from failures. What each member must
 * do: harness/contract/INTERPRETING.md in the package. The contract's type lists every member; the
 * ones of features not declared are stubs at the end (the harness never calls them).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ADAPTER_CONTRACT_VERSION, type Adapter, type AdapterFactory, type DefaultArg, type Value } from 'pep567-conformance';

class PyError extends Error {
  readonly kind: string;
  constructor(kind: string, message: string) { super(message); this.kind = kind; }
}

interface Var { readonly name: string; readonly dflt?: DefaultArg }
/** A context: an immutable value, as an OpenTelemetry Context or an AsyncContext.Snapshot. */
type Store = ReadonlyMap<Var, Value>;
interface Event { promise: Promise<void>; open: () => void }

const repr = (v: Var) => `<ContextVar name='${v.name}'>`;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const notDeclared = (what: string) => (): never => { throw new Error(`${what}: its feature is not declared by this adapter`); };

export const createAdapter: AdapterFactory = () => {
  const als = new AsyncLocalStorage<Store>();
  const store = (): Store => als.getStore() ?? new Map();

  const adapter: Adapter<Var, never, Store, Promise<void>, never, Event> = {
    contract: ADAPTER_CONTRACT_VERSION,
    name: 'example-run-scoped-ts',
    version: `node-${process.versions.node}`,
    features: [
      'vars', 'defaults', 'scoped_values', 'copy_context', 'context_new', 'context_copy', 'context_run',
      'errors', 'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context', 'events',
    ],
    differs: {
      set: 'a value is bound only for the extent of run(value, fn), never for the rest of the caller',
      tokens: 'without set() there are no tokens and no reset(): leaving run(value, fn) restores the outer value',
    },

    newVar: (name, dflt) => ({ name, ...(dflt ? { dflt } : {}) }),
    get(v, d) {
      const s = store();
      if (s.has(v)) return s.get(v)!;
      if (d) return d.default;
      if (v.dflt) return v.dflt.default;
      throw new PyError('LookupError', repr(v));
    },
    // The one way to bind: for the extent of body (a promise for an async body, which the binding covers until it settles).
    withValue: (v, value, body) => als.run(new Map(store()).set(v, value), body),

    // Capturing a context is taking the current one, running in it is the library's scoped call.
    copyContext: store,
    newContext: () => new Map(),
    contextCopy: (c) => c,
    run: (c, fn) => als.run(c, fn),

    runMain: (body) => als.run(new Map(), body),
    spawn(body, { context }) {
      const task = context ? als.run(context, body) : body();
      task.catch(() => {});
      return task;
    },
    awaitTask: (task) => task,
    callCoroutine: async (body) => { await body(); },
    yieldOnce: nextTurn,
    async gather(bodies, adopt) {
      const tasks = bodies.map((b) => { const t = b(); t.catch(() => {}); return t; });
      adopt(tasks);
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

    classifyError: (e) => (e instanceof PyError ? { kind: e.kind, message: e.message } : undefined),

    /* ---- features not declared or differing: never called ---- */
    set: notDeclared('ContextVar.set'),
    reset: notDeclared('ContextVar.reset'),
    tokenVar: notDeclared('Token.var'),
    tokenOldValue: notDeclared('Token.old_value'),
    getItem: notDeclared('ctx[var]'),
    contains: notDeclared('var in ctx'),
    contextGet: notDeclared('ctx.get'),
    size: notDeclared('len(ctx)'),
    keys: notDeclared('ctx.keys()'),
    values: notDeclared('ctx.values()'),
    items: notDeclared('ctx.items()'),
    equals: notDeclared('ctx == other'),
    taskGroup: notDeclared('asyncio.TaskGroup'),
  };
  return adapter;
};
