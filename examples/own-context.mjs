/**
 * Example adapter: a library that is its own PEP 567, on Node's AsyncLocalStorage.
 *
 *   npx pep567 run --impl node_modules/pep567-conformance/examples/own-context.mjs
 *
 * Here the implementation and its adapter are one file: the store is the current Context object,
 * and a Context holds a variable -> value map that every set replaces (so a copy never sees a later
 * set), with tokens, re-entry refused and context equality. A real adapter would import its
 * library instead of defining it. It leaves out task groups, explicit task contexts and the
 * Python-only features (UNSUPPORTED). Its messages are shorter than CPython's reprs, so it is
 * judged at the semantic level; with `--level strict` the message differences show. What each
 * member must do: harness/contract/INTERPRETING.md in the package.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ADAPTER_CONTRACT_VERSION } from 'pep567-conformance';
const MISSING = Symbol.for('pep567-conformance.MISSING');

class PyError extends Error { constructor(kind, message) { super(message); this.kind = kind; } }
class Var { constructor(name, d) { this.name = name; this.d = d; } }
class Context { constructor(map = new Map()) { this.map = map; this.entered = false; } }
const als = new AsyncLocalStorage();
const current = () => als.getStore();
const copy = (c) => new Context(new Map(c.map));
function enter(c, fn) {
  if (c.entered) throw new PyError('RuntimeError', 'cannot enter context: <Context> is already entered');
  c.entered = true;
  try { return als.run(c, fn); } finally { c.entered = false; }
}
const later = () => new Promise((r) => setImmediate(r));

export function createAdapter() {
  return {
    contract: ADAPTER_CONTRACT_VERSION, name: 'example-own-context', version: '0.1.0',
    features: ['vars', 'defaults', 'tokens', 'copy_context', 'context_new', 'context_copy', 'context_run',
      'mapping', 'context_eq', 'errors', 'tasks', 'direct_await', 'sleep', 'gather', 'call_soon',
      'call_soon_context', 'events'],
    newVar: (name, d) => new Var(name, d),
    get(v, d) {
      const m = current().map;
      if (m.has(v)) return m.get(v);
      if (d) return d.default;
      if (v.d) return v.d.default;
      throw new PyError('LookupError', `<ContextVar name='${v.name}'>`);
    },
    set(v, value) {
      const c = current();
      const t = { v, ctx: c, old: c.map.has(v) ? c.map.get(v) : MISSING, used: false };
      c.map = new Map(c.map).set(v, value);
      return t;
    },
    reset(v, t) {
      if (t.used) throw new PyError('RuntimeError', 'token has already been used once');
      if (t.v !== v) throw new PyError('ValueError', 'token was created by a different ContextVar');
      const c = current();
      if (t.ctx !== c) throw new PyError('ValueError', 'token was created in a different Context');
      const m = new Map(c.map);
      if (t.old === MISSING) m.delete(v); else m.set(v, t.old);
      c.map = m; t.used = true;
    },
    tokenVar: (t) => t.v,
    tokenOldValue: (t) => t.old,
    copyContext: () => copy(current()),
    newContext: () => new Context(),
    contextCopy: copy,
    run: enter,
    getItem(c, v) { if (!c.map.has(v)) throw new PyError('KeyError', `<ContextVar name='${v.name}'>`); return c.map.get(v); },
    contains: (c, v) => c.map.has(v),
    contextGet: (c, v, d) => (c.map.has(v) ? c.map.get(v) : d ? d.default : null),
    size: (c) => c.map.size,
    keys: (c) => [...c.map.keys()],
    values: (c) => [...c.map.values()],
    items: (c) => [...c.map.entries()],
    equals: (a, b) => a.map.size === b.map.size && [...a.map].every(([k, x]) => b.map.has(k) && b.map.get(k) === x),
    runMain: (body) => als.run(new Context(), body),
    spawn(body) {
      // The copy is taken now; the body starts after the creator yields.
      const p = als.run(copy(current()), () => later().then(body));
      p.catch(() => {});
      return p;
    },
    awaitTask: (p) => p,
    callCoroutine: (body) => body(),
    yieldOnce: later,
    gather(bodies, adopt) { const tasks = bodies.map((b) => this.spawn(b)); adopt(tasks); return Promise.all(tasks); },
    taskGroup() { throw new Error('task_group is not declared'); },
    callSoon(fn, { context }) { const c = context ?? copy(current()); setImmediate(() => enter(c, fn)); },
    newEvent() { let open; const p = new Promise((r) => { open = r; }); return { p, open }; },
    setEvent(e) { e.open(); },
    waitEvent: (e) => e.p,
    classifyError: (e) => (e instanceof PyError ? { kind: e.kind, message: e.message } : undefined),
  };
}
