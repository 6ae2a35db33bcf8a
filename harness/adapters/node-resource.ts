/**
 * `node-resource`: Node's AsyncLocalStorage with a context as an `AsyncResource`, the form a
 * JavaScript developer reaches for to carry a mutable context across callbacks: `copy_context()` is
 * a new AsyncResource (it captures the current store), `ctx.run(fn)` is `resource.runInAsyncScope(fn)`,
 * and `var.set(v)` is `als.enterWith(…)`, as in node-als (which this row otherwise is).
 *
 * Whether a set inside `runInAsyncScope` stays with the resource depends on how the runtime
 * implements AsyncLocalStorage (nodejs/node#58204): on async_hooks (Node 20, Node 22, Node 24/26
 * with `--no-async-context-frame`) `enterWith` writes the store into the resource, so the next
 * `runInAsyncScope` sees it, as the next `ctx.run` sees a set in CPython; on AsyncContextFrame
 * (Node 24/26 by default, Node 22 with `--experimental-async-context-frame`) the frame is restored
 * when `runInAsyncScope` returns and the set is gone. Each runtime-and-mode pair is its own row.
 *
 * Mapping decisions beyond node-als's: `Context()` is a resource created inside `als.run(new Map())`;
 * `ctx.copy()` is a resource created inside `ctx.runInAsyncScope`; the Mapping API reads the store
 * seen inside `ctx.runInAsyncScope`; a task or callback given `context=` runs inside
 * `ctx.runInAsyncScope`. Not declared, as for node-als: tokens, equality, task groups, Python-only features.
 */
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { ADAPTER_CONTRACT_VERSION, type Adapter } from '../contract/adapter.ts';
import { alsAdapter, AlsError, FEATURES, hostVersion, type Store, type Var } from './node-als.ts';
import type { PromiseEvent as Event } from './event.ts';
import type { Value } from '../format/scenario.ts';

const repr = (v: Var) => `<ContextVar name='${v.name}'>`;

export function createAdapter(): Adapter<Var, void, AsyncResource, Promise<void>, never, Event> {
  const als = new AsyncLocalStorage<Store>();
  // Every member that takes no context is node-als's; those that do are replaced below.
  const base = alsAdapter(als) as unknown as Adapter<Var, void, AsyncResource, Promise<void>, never, Event>;
  const resource = () => new AsyncResource('pep567.Context');
  const storeOf = (c: AsyncResource): Store => c.runInAsyncScope(() => als.getStore()) ?? new Map();
  return {
    ...base,
    contract: ADAPTER_CONTRACT_VERSION,
    name: 'node-resource',
    version: hostVersion(),
    features: FEATURES,

    copyContext: resource,
    newContext: () => als.run(new Map(), resource),
    contextCopy: (c) => c.runInAsyncScope(resource),
    run: (c, fn) => c.runInAsyncScope(fn),
    getItem(c, v) {
      const s = storeOf(c);
      if (!s.has(v)) throw new AlsError('KeyError', repr(v));
      return s.get(v)!;
    },
    contains: (c, v) => storeOf(c).has(v),
    contextGet: (c, v, d) => { const s = storeOf(c); return s.has(v) ? s.get(v)! : d ? d.default : null; },
    size: (c) => storeOf(c).size,
    keys: (c) => [...storeOf(c).keys()],
    values: (c) => [...storeOf(c).values()] as Value[],
    items: (c) => [...storeOf(c).entries()],
    equals() { throw new Error('context_eq is not declared'); },

    spawn(body, { context }) {
      const task = context ? context.runInAsyncScope(body) : body();
      task.catch(() => { /* observed when awaited or at the drain */ });
      return task;
    },
    callSoon(fn, { context }) {
      setImmediate(context ? () => context.runInAsyncScope(fn) : fn);
    },
  };
}

export default createAdapter;
