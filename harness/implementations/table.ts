/**
 * The implementations table: every spec `--impl` accepts, one row per kind, tried in order.
 *
 * To add a family of implementations: write its module in the family's folder, exporting
 * `resolvers: SourceResolver[]` (as harness/runners/resolvers.ts and harness/runtimes/resolvers.ts
 * do), and add ONE line to ROWS naming it, `rows(() => import('../FOLDER/resolvers.ts')),`; it is
 * loaded only when the table is consulted, so a row costs nothing until used. Keep the specifier a
 * literal: the build (tsc, rewriteRelativeImportExtensions) rewrites only literal `.ts` specifiers
 * to `.js`. A new folder needs a row in harness/LAYERS.md (below this one) and a line in README's
 * "What is where" (suites/harness/layers.spec.ts checks both). Keep MODULE_PATH last: it accepts any path.
 *
 * A resolver's optional members: `instances()` lists the specs `--all` runs (only what is installed
 * here); `pythonVersion(spec)` names the Python version behind a spec so the run compares it with
 * that CPython's traces (else a runner named like a Python is matched by its handshake version).
 * `options.runtime` carries `--runtime`; a row that cannot honour it throws a UsageError.
 */
import { UsageError } from '../primitives/usage-error.ts';
import { implementationSource } from '../inprocess/adapter-source.ts';
import { loadMutants, looksLikeModulePath, resolveImplementation } from '../inprocess/resolve.ts';
import type { SourceOptions, SourceResolver, TraceSource } from '../protocol/source.ts';

type Row = () => Promise<SourceResolver[]>;

/**
 * An adapter row: in a host process of its own (harness/runtimes/host.ts) when `hosted` says so for
 * the options, else in this process (resolveImplementation finds the factory, implementationSource runs it).
 */
function adapterRow(pattern: string, description: string, matches: (spec: string) => boolean, hosted: (o: SourceOptions) => boolean, instances?: () => Promise<string[]>): SourceResolver {
  return {
    pattern, description, matches,
    async open(spec: string, options: SourceOptions): Promise<TraceSource> {
      if (options.runtime) throw new UsageError(`${spec} runs under the harness's own Node; --runtime ${options.runtime} does not apply to it`);
      // The host module (and the protocol client under it) loads only for a hosted run (start-up).
      if (hosted(options)) return (await import('../runtimes/host.ts')).hostSource(spec, options);
      // The model is ours and trusted (its own thread: no worker's start-up on the cold run); anything
      // else in process runs in a worker thread the harness can stop (inprocess/thread.ts).
      if (spec === 'model') return implementationSource(await resolveImplementation(spec), options);
      return (await import('../inprocess/thread.ts')).threadSource(spec, options);
    },
    ...(instances ? { instances } : {}),
  };
}

/** Adapter modules run in a host unless --in-process; the model and the mutants (fast, trusted) only when --isolation asks. */
const hostedUnlessInProcess = (o: SourceOptions) => !o.inProcess;
const hostedWhenIsolated = (o: SourceOptions) => !o.inProcess && o.isolation !== undefined;

const MODEL = adapterRow('model', 'the reference model of PEP 567 (harness/model)', (s) => s === 'model', hostedWhenIsolated, async () => ['model']);
const MUTANTS = adapterRow('mutant:NAME', 'the model with one deliberate bug (harness/mutants), to test the suite itself', (s) => s.startsWith('mutant:'), hostedWhenIsolated);
const MODULE_PATH = adapterRow('PATH', 'a JS/TS module exporting createAdapter (the contract: dist/contract/adapter.d.ts), in a host process of its own', looksLikeModulePath, hostedUnlessInProcess);

const builtin = (...r: SourceResolver[]): Row => async () => r;
/** A row from another module, loaded on first use. */
const rows = (load: () => Promise<{ resolvers?: SourceResolver[] }>): Row => async () => (await load()).resolvers ?? [];

const ROWS: Row[] = [
  builtin(MODEL, MUTANTS),
  builtin(MODULE_PATH),
  rows(() => import('../runtimes/resolvers.ts')),
  rows(() => import('../runners/resolvers.ts')),
];

export async function resolvers(): Promise<SourceResolver[]> {
  const all: SourceResolver[] = [];
  for (const r of ROWS) all.push(...await r());
  // The catch-all path row goes last whatever order rows were added in.
  return [...all.filter((r) => r !== MODULE_PATH), MODULE_PATH];
}

export async function findResolver(spec: string): Promise<SourceResolver> {
  // Row by row, so that a spec an early row matches (the model) loads no later row's modules;
  // the same resolver as resolvers().find, since the catch-all path row is tried last either way.
  let found: SourceResolver | undefined;
  for (const r of ROWS) if ((found = (await r()).find((x) => x !== MODULE_PATH && x.matches(spec)))) return found;
  if (MODULE_PATH.matches(spec)) return MODULE_PATH;
  const names = (await resolvers()).map((r) => r.pattern).join(', ');
  throw new UsageError(`unknown implementation "${spec}"; expected one of ${names}`);
}

export async function openSource(spec: string, options: SourceOptions): Promise<{ source: TraceSource; resolver: SourceResolver }> {
  const resolver = await findResolver(spec);
  return { source: await resolver.open(spec, options), resolver };
}

/** Every spec `--all` runs: each row's installed instances, in table order. */
export async function allSpecs(): Promise<string[]> {
  const out: string[] = [];
  for (const r of await resolvers()) if (r.instances) out.push(...await r.instances());
  return [...new Set(out)];
}

/** Names `pep567 list` shows: each row's pattern, and the mutants by name. */
export async function listImplementations(): Promise<{ name: string; description: string; instances: string[] }[]> {
  const out: { name: string; description: string; instances: string[] }[] = [];
  for (const r of await resolvers()) {
    if (r === MUTANTS) {
      for (const [name, m] of Object.entries(await loadMutants())) out.push({ name: `mutant:${name}`, description: m.description, instances: [] });
      continue;
    }
    out.push({ name: r.pattern, description: r.description, instances: r.instances ? await r.instances() : [] });
  }
  return out;
}


