/**
 * Rows of the implementations table (harness/implementations/table.ts) for the JS adapters:
 * `node-als` and `asynccontext` in a host process under the harness's own Node (host.ts; with
 * `--in-process`, in this process), or `NAME@RUNTIME` (or `--runtime RUNTIME`) in a
 * runner process under another runtime. A runtime that is not installed is left out of `--all`.
 */
import { UsageError } from '../primitives/usage-error.ts';
import { threadSource } from '../inprocess/thread.ts';
import type { SourceOptions, SourceResolver, TraceSource } from '../protocol/source.ts';
import { ADAPTER_PACKAGES, JS_ADAPTERS, type JsAdapterName } from '../adapters/builtin.ts';
import { installed, needsPackages } from '../adapters/optional-packages.ts';
import { hostSource } from './host.ts';
import { runnerSource } from './runner-source.ts';
import { availableRuntimes, findRuntime, installHint, RUNTIMES } from './runtimes.ts';

/** Adapters that run only under some runtimes (never in process): @opentelemetry/context-async-hooks 3.x needs Node >= 22.15. */
const ONLY_UNDER: Partial<Record<JsAdapterName, readonly string[]>> = {
  'otel3-als': ['node22', 'node22-acf', 'node24', 'node24-no-acf', 'node26', 'node26-no-acf'],
};
const runsUnder = (a: JsAdapterName, runtime?: string) => !ONLY_UNDER[a] || (runtime !== undefined && ONLY_UNDER[a]!.includes(runtime));

const SPEC = new RegExp(`^(${JS_ADAPTERS.join('|')})(?:@([\\w.-]+))?$`);

/** The adapter and runtime a spec names; `--runtime` must agree with an `@RUNTIME` suffix. */
export function parseSpec(spec: string, runtimeOption?: string): { adapter: JsAdapterName; runtime?: string } | undefined {
  const m = SPEC.exec(spec);
  if (!m) return undefined;
  const suffix = m[2];
  if (suffix && runtimeOption && suffix !== runtimeOption)
    throw new UsageError(`${spec} names runtime ${suffix} but --runtime says ${runtimeOption}`);
  const runtime = suffix ?? runtimeOption;
  return { adapter: m[1] as JsAdapterName, ...(runtime ? { runtime } : {}) };
}

async function open(spec: string, options: SourceOptions): Promise<TraceSource> {
  const parsed = parseSpec(spec, options.runtime)!;
  if (!runsUnder(parsed.adapter, parsed.runtime))
    throw new UsageError(`${parsed.adapter} runs only under ${ONLY_UNDER[parsed.adapter]!.join(', ')}, e.g. ${parsed.adapter}@node24`);
  // Another runtime gets the adapter bundled by esbuild.
  const needs = needsPackages(spec, [...ADAPTER_PACKAGES[parsed.adapter], ...(parsed.runtime ? ['esbuild'] : [])]);
  if (needs) throw new UsageError(needs);
  if (!parsed.runtime && !options.inProcess) return hostSource(parsed.adapter, options);
  // In process: a worker thread the harness can stop (inprocess/thread.ts).
  if (!parsed.runtime) return threadSource(parsed.adapter, options);
  const runtime = findRuntime(parsed.runtime);
  if (!runtime) throw new UsageError(`unknown runtime "${parsed.runtime}"; expected one of ${RUNTIMES.map((r) => r.name).join(', ')}`);
  return runnerSource(parsed.adapter, runtime, options.isolation === 'scenario');
}

export const resolvers: SourceResolver[] = [{
  pattern: `${JS_ADAPTERS.join('|')}[@RUNTIME]`,
  // A getter: installing a runtime shows without a restart; a missing one is listed, not an error.
  get description() {
    const missing = RUNTIMES.filter((r) => !r.binary()).map((r) => r.name);
    return `JS adapters: AsyncLocalStorage (node-als), TC39 AsyncContext (asynccontext), OpenTelemetry's context managers (otel-als, otel-async-hooks: 2.12.1; otel3-als: 3.1.1, Node >= 22.15 rows only), zone.js (zonejs), cls-hooked (cls-hooked), AsyncLocalStorage with AsyncResource contexts (node-resource), in a host of their own (or --in-process) or under RUNTIME (${RUNTIMES.map((r) => r.name).join(', ')})` +
      (missing.length ? `; not installed here: ${missing.join(', ')} (each installs with npm: ${installHint(missing[0]!)}, and so on)` : '');
  },
  matches: (spec) => SPEC.test(spec),
  open,
  async instances() {
    // Only what is installed here: an adapter's optional packages, and esbuild for the other runtimes.
    const here = JS_ADAPTERS.filter((a) => ADAPTER_PACKAGES[a].every(installed));
    const out: string[] = here.filter((a) => runsUnder(a));
    if (installed('esbuild')) for (const r of availableRuntimes()) for (const a of here) if (runsUnder(a, r.name)) out.push(`${a}@${r.name}`);
    return out;
  },
}];
