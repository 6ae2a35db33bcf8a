/**
 * Example adapter: a run-scoped library, one that binds a value only for the extent of a call
 * (`variable.run(value, fn)`), with no set() for the rest of the caller: the TC39 AsyncContext
 * proposal and OpenTelemetry's `context.with` work this way. Here the library is Node's
 * AsyncLocalStorage used through `als.run` alone.
 *
 *   npx pep567 run --impl node_modules/pep567-conformance/examples/run-scoped.mjs
 *
 * What PEP 567 has and the library refuses by design goes into `differs` with the reason: the
 * scenarios needing it are SEMANTICS_DIFFER, reported apart from failures. The scenarios that bind
 * through `with_value` (the run-scoped ones) and those that only create and read variables run.
 * What each member must do: harness/contract/INTERPRETING.md in the package.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ADAPTER_CONTRACT_VERSION } from 'pep567-conformance';

class PyError extends Error {
  constructor(kind, message) { super(message); this.kind = kind; }
}

const repr = (v) => `<ContextVar name='${v.name}'>`;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

export function createAdapter() {
  const als = new AsyncLocalStorage();
  const store = () => als.getStore() ?? new Map();

  return {
    contract: ADAPTER_CONTRACT_VERSION,
    name: 'example-run-scoped',
    version: `node-${process.versions.node}`,
    features: [
      'vars', 'defaults', 'scoped_values', 'copy_context', 'context_new', 'context_copy', 'context_run',
      'errors', 'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context', 'events',
    ],
    differs: {
      set: 'a value is bound only for the extent of run(value, fn), never for the rest of the caller',
      tokens: 'without set() there are no tokens and no reset(): leaving run(value, fn) restores the outer value',
    },

    newVar: (name, dflt) => ({ name, dflt }),
    get(v, d) {
      const s = store();
      if (s.has(v)) return s.get(v);
      if (d) return d.default;
      if (v.dflt) return v.dflt.default;
      throw new PyError('LookupError', repr(v));
    },
    // The one way to bind: for the extent of body (a promise for an async body, which the binding covers until it settles).
    withValue: (v, value, body) => als.run(new Map(store()).set(v, value), body),

    // A context is an immutable value (as an OpenTelemetry Context or an AsyncContext.Snapshot):
    // capturing it is taking the current one, running in it is the library's scoped call.
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
      let open;
      const promise = new Promise((resolve) => { open = resolve; });
      return { promise, open };
    },
    setEvent: (e) => e.open(),
    waitEvent: (e) => e.promise,

    classifyError: (e) => (e instanceof PyError ? { kind: e.kind, message: e.message } : undefined),
  };
}
