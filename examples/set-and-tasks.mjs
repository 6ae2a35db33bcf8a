/**
 * Example adapter: a library with `set` and tasks, on Node's AsyncLocalStorage.
 *
 *   npx pep567 run --impl node_modules/pep567-conformance/examples/set-and-tasks.mjs
 *
 * The library under test here is AsyncLocalStorage used the usual way: a store per "context", a
 * variable's set() replacing the store with enterWith for the rest of the caller. For your own
 * library, keep the shape and replace each `als.…` call by your library's own call: every member
 * maps one PEP 567 operation onto the library's mechanism, nothing more (no emulation: a member the
 * library cannot express is left out and its feature not declared, and the scenarios that need it
 * are UNSUPPORTED, never failed). What each member must do: harness/contract/INTERPRETING.md in
 * the package; the types: dist/contract/adapter.d.ts (`import type { Adapter } from 'pep567-conformance'`).
 *
 * Members of features not declared (tokens, the context equality, task groups, Python-only
 * features) are left out: the harness refuses at load only a member that a declared feature needs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ADAPTER_CONTRACT_VERSION } from 'pep567-conformance';

/** An error where Python raises one; `kind` is the Python class name, compared with CPython's. */
class PyError extends Error {
  constructor(kind, message) { super(message); this.kind = kind; }
}

const repr = (v) => `<ContextVar name='${v.name}'>`;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

export function createAdapter() {
  // One AsyncLocalStorage per scenario (the harness creates a fresh adapter for each). A store is
  // a value, so a context is an immutable Map (variable -> value), never changed once current.
  const als = new AsyncLocalStorage();
  const store = () => als.getStore() ?? new Map();

  return {
    contract: ADAPTER_CONTRACT_VERSION,
    name: 'example-set-and-tasks',
    version: `node-${process.versions.node}`,
    features: [
      'vars', 'set', 'defaults', 'scoped_values', 'copy_context', 'context_new', 'context_copy', 'context_run', 'mapping',
      'errors', 'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context', 'events',
    ],

    /* ---- variables: ContextVar(name, default=…), var.get(default), var.set(value) ---- */
    newVar: (name, dflt) => ({ name, dflt }),
    get(v, d) {
      const s = store();
      if (s.has(v)) return s.get(v);
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
      return c.get(v);
    },
    contains: (c, v) => c.has(v),
    contextGet: (c, v, d) => (c.has(v) ? c.get(v) : d ? d.default : null),
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
      let open;
      const promise = new Promise((resolve) => { open = resolve; });
      return { promise, open };
    },
    setEvent: (e) => e.open(),
    waitEvent: (e) => e.promise,

    /* ---- errors: which of the library's errors stand for which Python exception ---- */
    classifyError: (e) => (e instanceof PyError ? { kind: e.kind, message: e.message } : undefined),
  };
}
