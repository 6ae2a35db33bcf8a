/**
 * A small real PEP 567 implementation on AsyncLocalStorage with its adapter, for the harness's
 * own tests (the same design as the example in harness/contract/INTERPRETING.md). Options break
 * it on purpose so the tests can see the harness catch the breakage.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { promiseEvent, type PromiseEvent as Ev } from '../../../harness/adapters/event.ts';
import type { Adapter, AdapterOptions } from '../../../harness/contract/adapter.ts';
import { copy, Ctx, mappingMembers, PyError, resetIn, setIn, Var, type Tok } from './map-context.ts';

export interface Breakage {
  /** Tasks run in their creator's Context object instead of a copy (a classic leak). */
  tasksShareContext?: boolean;
  /** get() of an unset variable throws a plain Error the adapter cannot classify. */
  unclassifiedLookup?: boolean;
  /** The main task never finishes. */
  hang?: boolean;
  /** keys() lists handles in reverse insertion order (harmless: the views are sorted). */
  reverseKeys?: boolean;
}

export function createTestAdapter(options: AdapterOptions = {}, breakage: Breakage = {}): Adapter<Var, Tok, Ctx, Promise<void>, never, Ev> {
  const als = new AsyncLocalStorage<Ctx>();
  const current = () => als.getStore()!;
  const enter = <R>(c: Ctx, fn: () => R): R => {
    if (c.entered) throw new PyError('RuntimeError', 'cannot enter context: <Context> is already entered');
    c.entered = true;
    try { return als.run(c, fn); } finally { c.entered = false; }
  };
  const later = () => new Promise<void>((r) => setImmediate(r));
  const repr = (v: Var) => `<ContextVar name='${v.name}'${v.d ? ` default=${JSON.stringify(v.d.default)}` : ''} at 0x7f00>`;
  const adapter: Adapter<Var, Tok, Ctx, Promise<void>, never, Ev> = {
    contract: '1.3.0', name: 'test-als', version: options.reference ? `for-${options.reference.version}` : '0',
    features: ['vars', 'defaults', 'tokens', 'copy_context', 'context_new', 'context_copy', 'context_run', 'mapping',
      'context_eq', 'errors', 'tasks', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context', 'events', 'generators'],
    newVar: (name, d) => new Var(name, d),
    get(v, d) {
      const m = current().map;
      if (m.has(v)) return m.get(v)!;
      if (d) return d.default;
      if (v.d) return v.d.default;
      if (breakage.unclassifiedLookup) throw new Error('nothing there');
      throw new PyError('LookupError', repr(v));
    },
    set: (v, value) => setIn(current(), v, value),
    reset(v, t) {
      if (t.used) throw new PyError('RuntimeError', `<Token used var=${repr(t.v)} at 0x1> has already been used once`);
      if (t.v !== v) throw new PyError('ValueError', `<Token var=${repr(t.v)} at 0x1> was created by a different ContextVar`);
      const c = current();
      if (t.ctx !== c) throw new PyError('ValueError', `<Token var=${repr(t.v)} at 0x1> was created in a different Context`);
      resetIn(c, v, t);
    },
    copyContext: () => copy(current()),
    run: enter,
    ...mappingMembers(repr, breakage.reverseKeys),
    runMain: (body) => (breakage.hang ? new Promise<void>(() => {}) : als.run(new Ctx(), body)),
    spawn(body) {
      const ctx = breakage.tasksShareContext ? current() : copy(current());
      const p = als.run(ctx, () => later().then(body));
      p.catch(() => {});
      return p;
    },
    awaitTask: (p) => p,
    callCoroutine: (body) => body(),
    yieldOnce: later,
    async gather(bodies, adopt) {
      const tasks = bodies.map((b) => adapter.spawn(b, {}));
      adopt(tasks);
      await Promise.all(tasks);
    },
    taskGroup() { throw new Error('task_group is not declared'); },
    callSoon(fn, { context }) { const c = context ?? copy(current()); setImmediate(() => enter(c, fn)); },
    newEvent: promiseEvent,
    setEvent: (e) => e.open(),
    waitEvent: (e) => e.promise,
    classifyError: (e) => (e instanceof PyError ? { kind: e.kind, message: e.message } : undefined),
  };
  return adapter;
}

/** The module form the registry loads (`--impl suites/harness/support/als-adapter.ts`). */
export function createAdapter(options: AdapterOptions): Adapter {
  return createTestAdapter(options);
}
