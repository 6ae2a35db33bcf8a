/**
 * Example adapter: a library that loses its context at native awaits.
 *
 *   npx pep567 run --impl node_modules/pep567-conformance/examples/lost-at-await.mjs
 *
 * Many context libraries written before AsyncLocalStorage keep the current context in a variable
 * of their own, saved and restored around their own entry points (run, a task's start, a
 * callback). Code resumed by a native `await` runs outside all of them and finds no context. The
 * library below is such a stand-in, in a few lines; the adapter after it maps each PEP 567
 * operation onto it as for any library. Where the library reports that it has no context, the
 * adapter classifies that as NO_CONTEXT: the report shows "no context here; CPython read …" at the
 * first observation after the await, a divergence with its place, never an ERROR of the harness.
 *
 * Expect failures (exit 1): this is what a library with this defect looks like. To gate CI on them
 * while you fix it, record them once: `--expectations pep567-expectations.json --update-expectations`.
 */
import { ADAPTER_CONTRACT_VERSION, NO_CONTEXT } from 'pep567-conformance';

/* ---------------- the library under test (a stand-in: yours is imported instead) ---------------- */

class NoActiveContext extends Error {}
let active; // the current context, or undefined outside the library's entry points

class Context {
  constructor(values = new Map()) { this.values = values; }
  /** Runs fn with this context current, synchronously; the previous one is back afterwards. */
  run(fn) {
    const saved = active;
    active = this;
    try { return fn(); } finally { active = saved; }
  }
  copy() { return new Context(new Map(this.values)); }
}

function current() {
  if (!active) throw new NoActiveContext('no active context (lost at an await)');
  return active;
}

class ContextVar {
  constructor(name, dflt) { this.name = name; this.dflt = dflt; }
  get() { return current().values.get(this); }
  has() { return current().values.has(this); }
  set(value) { current().values.set(this, value); }
}

/** Starts fn in a later turn, in a copy of the creator's context (or the given one). */
function spawn(fn, context = current().copy()) {
  return new Promise((resolve, reject) => {
    setImmediate(() => { try { context.run(fn).then(resolve, reject); } catch (e) { reject(e); } });
  });
}

/* ---------------- the adapter: each PEP 567 operation as the library's own call ---------------- */

class PyError extends Error {
  constructor(kind, message) { super(message); this.kind = kind; }
}
const repr = (v) => `<ContextVar name='${v.name}'>`;

export function createAdapter() {
  active = undefined; // a fresh start for each scenario
  return {
    contract: ADAPTER_CONTRACT_VERSION,
    name: 'example-lost-at-await',
    version: '0.0.1',
    features: [
      'vars', 'set', 'defaults', 'copy_context', 'context_new', 'context_copy', 'context_run',
      'errors', 'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'events',
    ],

    newVar: (name, dflt) => new ContextVar(name, dflt),
    get(v, d) {
      if (v.has()) return v.get();
      if (d) return d.default;
      if (v.dflt) return v.dflt.default;
      throw new PyError('LookupError', repr(v));
    },
    set(v, value) { v.set(value); },

    copyContext: () => current().copy(),
    newContext: () => new Context(),
    contextCopy: (c) => c.copy(),
    run: (c, fn) => c.run(fn),

    runMain: (body) => new Context().run(body),
    spawn(body, { context }) {
      const task = spawn(body, context);
      task.catch(() => {});
      return task;
    },
    awaitTask: (task) => task,
    callCoroutine: async (body) => { await body(); },
    yieldOnce: () => new Promise((resolve) => setImmediate(resolve)),
    async gather(bodies, adopt) {
      const tasks = bodies.map((b) => { const t = spawn(b); t.catch(() => {}); return t; });
      adopt(tasks);
      await Promise.all(tasks);
    },
    callSoon(fn) {
      const context = current().copy();
      setImmediate(() => context.run(fn));
    },
    newEvent() {
      let open;
      const promise = new Promise((resolve) => { open = resolve; });
      return { promise, open };
    },
    setEvent: (e) => e.open(),
    waitEvent: (e) => e.promise,

    classifyError(e) {
      if (e instanceof NoActiveContext) return { kind: NO_CONTEXT, message: e.message };
      return e instanceof PyError ? { kind: e.kind, message: e.message } : undefined;
    },
  };
}
