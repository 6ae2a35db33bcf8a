/**
 * `zonejs`: Angular's zone.js (npm `zone.js`, its Node build `zone.js/node`), the promise-patching
 * context library: loading it replaces the global Promise with ZoneAwarePromise and patches timers,
 * EventEmitter and the other Node callback APIs so that each callback runs in the zone it was
 * scheduled from. Native `await` is not patched (it resumes through the engine's own promise jobs).
 *
 * Mapping decisions (each one is zone.js's own call):
 *
 * - A context is a Zone. A variable is a property key of its own: `var.get()` is
 *   `Zone.current.get(key)` when `Zone.current.getZoneWith(key)` finds it (the zone or a parent),
 *   else the get() argument, the default, or LookupError.
 * - Zones are immutable: a property is given when a zone is forked, never set later. So `set` and
 *   `tokens` are declared in `differs` (SEMANTICS_DIFFER, like the AsyncContext proposal), and the
 *   scoped binding (`with_value`) is `Zone.current.fork({ properties: { [key]: v } }).run(body)`.
 * - `copy_context()` is `Zone.current` (an immutable value); `ctx.copy()` is `ctx.fork()` (a child
 *   that sees the same properties); `Context()` is `Zone.root` (no properties); `ctx.run(fn)` is
 *   `zone.run(fn)`. A zone has no enumeration of its properties and no equality: the Mapping API
 *   and context equality are not declared (UNSUPPORTED).
 * - The main task runs in `Zone.root.fork({ name: 'main' })`. A task is an async function called
 *   without `await` (with `context=`: called inside `zone.run`); gather is Promise.all; sleep(0) is
 *   awaiting a (Zone-aware) promise resolved by setImmediate; call_soon is setImmediate, scheduled
 *   inside `zone.run` when given `context=`; an Event is a promise, a Future a deferred promise, a
 *   function called by another task an EventEmitter listener, `__await__` a thenable.
 * - Not expressible, so not declared: tokens, context equality, the Mapping API, task groups, and
 *   the Python-only features.
 */
import 'zone.js/node';
import { ADAPTER_CONTRACT_VERSION, type Adapter, type DefaultArg } from '../contract/adapter.ts';
import type { PromiseEvent as Event } from './event.ts';
import { PROMISE_SHAPES } from './promise-shapes.ts';
import type { Value } from '../format/scenario.ts';
import { packageVersion } from './package-version.ts';

interface ZoneLike {
  readonly name: string;
  get(key: string): unknown;
  getZoneWith(key: string): ZoneLike | null;
  fork(spec: { name: string; properties?: Record<string, unknown> }): ZoneLike;
  run<R>(fn: () => R): R;
}
interface ZoneStatic { readonly current: ZoneLike; readonly root: ZoneLike }
const Zone = (globalThis as unknown as { Zone: ZoneStatic }).Zone;

interface Var { readonly name: string; readonly key: string; readonly dflt?: DefaultArg }

export class ZoneError extends Error {
  constructor(readonly kind: string, message: string) { super(message); }
}

export const FEATURES = [
  'vars', 'defaults', 'scoped_values', 'copy_context', 'context_new', 'context_copy', 'context_run',
  'errors', 'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context', 'events',
  'futures', 'functions', 'custom_awaitables',
] as const;

/** PEP 567 features zone.js deliberately does otherwise, with the reason. */
export const DIFFERS: Readonly<Record<string, string>> = {
  set: "a Zone's properties are fixed when it is forked: a value is given only by running in a zone forked with it (zone.fork({ properties }).run(fn)), never for the rest of the caller",
  tokens: 'without set() there are no tokens and no reset(): leaving zone.run restores the outer zone',
  // A rule (harness/contract/rules.ts), not a feature: zones express run, but never refuse it.
  reentry_refused: 'a Zone is never "entered" as one owner: zone.run(fn) may be nested inside a run of the same zone, so nothing is refused',
};

const repr = (v: Var) => `<ContextVar name='${v.name}'>`;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const unsupported = (what: string) => (): never => { throw new Error(`${what} is not declared by the zonejs adapter`); };

export function createAdapter(): Adapter<Var, never, ZoneLike, Promise<void>, never, Event> {
  let vars = 0;
  const lookup = (z: ZoneLike, v: Var) => (z.getZoneWith(v.key) ? { value: z.get(v.key) as Value } : undefined);
  return {
    contract: ADAPTER_CONTRACT_VERSION,
    name: 'zonejs',
    version: packageVersion('zone.js'),
    features: FEATURES,
    differs: DIFFERS,

    newVar: (name, dflt) => ({ name, key: `pep567:${++vars}:${name}`, ...(dflt ? { dflt } : {}) }),
    get(v, d) {
      const found = lookup(Zone.current, v);
      if (found) return found.value;
      if (d) return d.default;
      if (v.dflt) return v.dflt.default;
      throw new ZoneError('LookupError', repr(v));
    },
    set: unsupported('set'),
    reset: unsupported('reset'),
    tokenVar: unsupported('Token.var'),
    tokenOldValue: unsupported('Token.old_value'),
    withValue: (v, value, body) => Zone.current.fork({ name: `with_value ${v.name}`, properties: { [v.key]: value } }).run(body),

    copyContext: () => Zone.current,
    newContext: () => Zone.root,
    contextCopy: (c) => c.fork({ name: `copy of ${c.name}` }),
    run: (c, fn) => c.run(fn),
    getItem: unsupported('ctx[var]'),
    contains: unsupported('var in ctx'),
    contextGet: unsupported('ctx.get'),
    size: unsupported('len(ctx)'),
    keys: unsupported('ctx.keys()'),
    values: unsupported('ctx.values()'),
    items: unsupported('ctx.items()'),
    equals: unsupported('ctx == ctx'),

    runMain: (body) => Zone.root.fork({ name: 'main' }).run(body),
    spawn(body, { context }) {
      const task = context ? context.run(body) : body();
      task.catch(() => { /* observed when awaited or at the drain */ });
      return task;
    },
    yieldOnce: nextTurn,
    taskGroup: unsupported('task_group'),
    callSoon(fn, { context }) {
      if (context) context.run(() => setImmediate(fn));
      else setImmediate(fn);
    },
    ...PROMISE_SHAPES,

    classifyError: (e) => (e instanceof ZoneError ? { kind: e.kind, message: e.message } : undefined),
  };
}

export default createAdapter;
