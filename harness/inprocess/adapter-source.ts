/**
 * An in-process adapter as a TraceSource: a fresh adapter per scenario, driven by the interpreter,
 * bounded by a timeout, and confined so that its timers and context cannot outlive the scenario.
 */
import type { Adapter, AdapterOptions } from '../contract/adapter.ts';
import { printable } from '../interpreter/errors.ts';
import { usableFeatures } from '../interpreter/features.ts';
import { interpret, type LiveRun } from '../interpreter/interpret.ts';
import { resourcesWatchable, snapshot, watchStall } from '../protocol/stall.ts';
import { confine } from './confine.ts';
import { undoPrototypeChanges } from './realm.ts';
import { TimeoutError, withTimeout } from './timeout.ts';
import { instantiate, type Implementation } from './resolve.ts';
import type { SourceOptions, SourceOutcome, TraceSource } from '../protocol/source.ts';

export type MakeAdapter = (options: AdapterOptions) => Promise<Adapter>;

const STALLED = Symbol('stalled');
type Stalled = typeof STALLED;

/** Thrown inside the confined scope when the adapter cannot be created, to tell that apart from a failing run. */
class NoAdapter { constructor(readonly cause: unknown) {} }

/**
 * Opens the source by creating one adapter (it names the implementation and serves the first
 * scenario). Creation happens inside the scenario's confined scope too, so an adapter that calls
 * AsyncLocalStorage.enterWith or starts timers while being created reaches no other scenario.
 */
export async function adapterSource(make: MakeAdapter, options: SourceOptions): Promise<TraceSource> {
  const adapterOptions: AdapterOptions = { reference: { name: options.reference.name, version: options.reference.version } };
  const opening = confine(() => make(adapterOptions));
  let spare: Adapter | undefined;
  try { spare = await opening.result; } finally { opening.dispose(); }
  const probe = spare;
  return {
    info: { name: probe.name, version: probe.version, kind: 'adapter', contract: probe.contract, ...(options.runtime ? { runtime: options.runtime } : {}) },
    features: usableFeatures(probe),
    ...(probe.differs ? { differs: probe.differs } : {}),
    async run(s, { timeoutMs }): Promise<SourceOutcome> {
      let live: LiveRun | undefined;
      const scope = confine(async () => {
        let adapter: Adapter;
        try { adapter = spare ?? await make(adapterOptions); } catch (e) { throw new NoAdapter(e); }
        spare = undefined;
        return interpret(adapter, s, { onStart: (l) => { live = l; } });
      });
      // The host's stall check, in process too (the same verdict in both modes): every task waits and
      // nothing beyond what was scheduled before the scenario started (the timeout timer included) is
      // left, so nothing can ever settle a task. Judged on the observations made until then.
      let stop = () => {}, watch = () => {};
      const stalled = new Promise<Stalled>((resolve) => {
        if (resourcesWatchable()) watch = () => { stop = watchStall(snapshot(), () => resolve(STALLED)); };
      });
      // The timeout's timer is cleared as soon as either settles; it exists before the idle snapshot.
      const timed = withTimeout(Promise.race([scope.result, stalled]), timeoutMs, `scenario ${s.id}`);
      watch();
      let outcome: SourceOutcome;
      try {
        const r = await timed;
        if (r === STALLED) {
          scope.result.catch(() => { /* never settles, or settles after the scope is disposed */ });
          outcome = { failure: { status: 'STALLED', message: 'every task waits and nothing is scheduled', observations: [...(live?.observations() ?? [])], waiting: live?.waiting() ?? [] } };
        } else {
          outcome = r.problems.length
            ? { failure: { status: 'ERROR', message: r.problems.map((p) => `${p.message}\n${p.stack}`).join('\n\n') } }
            : { trace: r.trace };
        }
      } catch (e) {
        const observations = live ? { observations: [...live.observations()] } : {};
        outcome = e instanceof TimeoutError ? { failure: { status: 'TIMEOUT', message: e.message, ...observations } }
          : e instanceof NoAdapter ? { failure: { status: 'ERROR', message: `could not create the adapter: ${printable(e.cause)}` } }
          : { failure: { status: 'ERROR', message: printable(e) } };
      } finally {
        stop();
        spare = undefined;
      }
      const left = scope.dispose();
      // Added to Object.prototype or Array.prototype: every result the harness reads would inherit it.
      const added = undoPrototypeChanges();
      if (added.length) return { failure: { status: 'ERROR', message: `the implementation added ${added.join(', ')}; in process it shares the harness's objects, so the result cannot be trusted (removed again; run it in its host, the default, instead of --in-process)` } };
      // Work still scheduled after the scenario ended would run during the next one.
      if (left && outcome.trace) outcome = { failure: { status: 'ERROR', message: `the implementation left ${left} timer(s) or immediate(s) pending after the scenario ended; they were cancelled` } };
      return outcome;
    },
    async close() { spare = undefined; },
  };
}

/** An Implementation (registry.ts) as a source: a fresh adapter per scenario, its contract version checked. */
export function implementationSource(impl: Implementation, options: SourceOptions): Promise<TraceSource> {
  return adapterSource((o) => instantiate(impl, o), options);
}
