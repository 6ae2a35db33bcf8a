/**
 * Rows of the implementations table (harness/implementations/table.ts) for the JS adapters:
 * `node-als` and `asynccontext` in this process, or `NAME@RUNTIME` (or `--runtime RUNTIME`) in a
 * runner process under another runtime. A runtime that is not installed is left out of `--all`.
 */
import type { AdapterFactory } from '../contract/adapter.ts';
import { UsageError } from '../cli/usage-error.ts';
import { implementationSource } from '../implementations/adapter-source.ts';
import type { SourceOptions, SourceResolver, TraceSource } from '../implementations/source.ts';
import { JS_ADAPTERS, type JsAdapterName } from './bundle.ts';
import { runnerSource } from './runner-source.ts';
import { availableRuntimes, findRuntime, installHint, RUNTIMES } from './runtimes.ts';

// Literal specifiers: the build rewrites only those from .ts to .js.
const ADAPTER_MODULES: Record<JsAdapterName, () => Promise<{ createAdapter: AdapterFactory }>> = {
  'node-als': () => import('../adapters/node-als.ts'),
  asynccontext: () => import('../adapters/asynccontext.ts'),
};

const SPEC = /^(node-als|asynccontext)(?:@([\w.-]+))?$/;

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
  if (!parsed.runtime) {
    const mod = await ADAPTER_MODULES[parsed.adapter]();
    const impl = { spec, kind: 'module' as const, createAdapter: mod.createAdapter };
    return implementationSource(impl, options);
  }
  const runtime = findRuntime(parsed.runtime);
  if (!runtime) throw new UsageError(`unknown runtime "${parsed.runtime}"; expected one of ${RUNTIMES.map((r) => r.name).join(', ')}`);
  return runnerSource(parsed.adapter, runtime);
}

export const resolvers: SourceResolver[] = [{
  pattern: 'node-als|asynccontext[@RUNTIME]',
  // A getter: installing a runtime shows without a restart; a missing one is listed, not an error.
  get description() {
    const missing = RUNTIMES.filter((r) => !r.binary()).map((r) => r.name);
    return `JS adapters: AsyncLocalStorage (node-als) and TC39 AsyncContext (asynccontext), in process or under RUNTIME (${RUNTIMES.map((r) => r.name).join(', ')})` +
      (missing.length ? `; not installed here: ${missing.join(', ')} (each installs with npm: ${installHint(missing[0]!)}, and so on)` : '');
  },
  matches: (spec) => SPEC.test(spec),
  open,
  async instances() {
    const out: string[] = [...JS_ADAPTERS];
    for (const r of availableRuntimes()) for (const a of JS_ADAPTERS) out.push(`${a}@${r.name}`);
    return out;
  },
}];
