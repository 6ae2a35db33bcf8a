/**
 * An in-process adapter as a TraceSource: a fresh adapter per scenario, driven by the interpreter,
 * bounded by a timeout, and confined so that its timers and context cannot outlive the scenario.
 */
import type { Adapter, AdapterOptions } from '../contract/adapter.ts';
import type { Scenario } from '../format/scenario.ts';
import { stackOf } from '../interpreter/errors.ts';
import { missingFeatures } from '../interpreter/features.ts';
import { interpret } from '../interpreter/interpret.ts';
import { confine } from '../run/confine.ts';
import { TimeoutError, withTimeout } from '../run/timeout.ts';
import type { SourceOptions, SourceOutcome, TraceSource } from './source.ts';

/** An adapter may throw anything, even a value whose toString throws. */
function describe(e: unknown): string {
  try { return stackOf(e); } catch { return `a thrown ${typeof e} that cannot be printed`; }
}

export type MakeAdapter = (options: AdapterOptions) => Promise<Adapter>;

/** The features an adapter can really express: declared, with the optional hooks they need. */
function usableFeatures(a: Adapter): string[] {
  return a.features.filter((f) => missingFeatures(a, { features: [f] } as unknown as Scenario).length === 0);
}

/** Opens the source by creating one adapter (it names the implementation and serves the first scenario). */
export async function adapterSource(make: MakeAdapter, options: SourceOptions): Promise<TraceSource> {
  const adapterOptions: AdapterOptions = { reference: { name: options.reference.name, version: options.reference.version } };
  let spare: Adapter | undefined = await make(adapterOptions);
  const probe = spare;
  return {
    info: { name: probe.name, version: probe.version, kind: 'adapter', contract: probe.contract, ...(options.runtime ? { runtime: options.runtime } : {}) },
    features: usableFeatures(probe),
    ...(probe.differs ? { differs: probe.differs } : {}),
    async run(s, { timeoutMs }): Promise<SourceOutcome> {
      let adapter: Adapter;
      try {
        adapter = spare ?? await make(adapterOptions);
      } catch (e) {
        return { failure: { status: 'ERROR', message: `could not create the adapter: ${describe(e)}` } };
      }
      spare = undefined;
      const scope = confine(() => interpret(adapter, s));
      try {
        const r = await withTimeout(scope.result, timeoutMs, `scenario ${s.id}`);
        if (r.problems.length) return { failure: { status: 'ERROR', message: r.problems.map((p) => `${p.message}\n${p.stack}`).join('\n\n') } };
        return { trace: r.trace };
      } catch (e) {
        if (e instanceof TimeoutError) return { failure: { status: 'TIMEOUT', message: e.message } };
        return { failure: { status: 'ERROR', message: describe(e) } };
      } finally {
        scope.dispose();
      }
    },
    async close() { spare = undefined; },
  };
}
