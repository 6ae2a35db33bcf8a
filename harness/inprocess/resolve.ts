/**
 * The implementations that can run in the harness's own process (or in a host process of their
 * own, harness/runtimes/host.ts): `model` (harness/model/adapter.ts), `mutant:NAME`
 * (harness/mutants/index.ts), a built-in JS adapter by name (harness/adapters/builtin.ts), or a
 * path to a JS/TS module exporting `createAdapter` (or a default export that is an adapter or a
 * factory). Every spec `--impl` accepts, runners included, is in harness/implementations/table.ts.
 * Misuse is a UsageError (exit 2).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Adapter, type AdapterFactory, type AdapterOptions } from '../contract/adapter.ts';
import { UsageError } from '../primitives/usage-error.ts';
import { ADAPTER_PACKAGES, adapterModule, isJsAdapter } from '../adapters/builtin.ts';
import { needsPackages } from '../adapters/optional-packages.ts';
import { checkAdapter } from './adapter-check.ts';
import { importModule, TypeScriptLoaderMissing } from './load-module.ts';
import type { MutantEntry } from '../mutants/index.ts';

export interface Implementation {
  /** What the user named: "model", "mutant:global-map", or the module path as given. */
  spec: string;
  kind: 'model' | 'mutant' | 'module';
  createAdapter: AdapterFactory;
}

async function importOrUsage(url: URL, what: string): Promise<any> {
  try {
    return await importModule(url);
  } catch (e) {
    if (e instanceof TypeScriptLoaderMissing) throw new UsageError(e.message);
    throw new UsageError(`cannot load ${what} (${url.pathname}): ${(e as Error)?.message ?? e}`);
  }
}

/** The mutants by name, loaded on first use (the model and the mutants are imported only when named). */
export async function loadMutants(): Promise<Record<string, MutantEntry>> {
  return (await import('../mutants/index.ts')).MUTANTS;
}

/** A module's adapter factory: `createAdapter`, a default factory, or a default adapter object. */
export function factoryOf(mod: any, where: string): AdapterFactory {
  if (typeof mod?.createAdapter === 'function') return mod.createAdapter;
  const d = mod?.default;
  if (typeof d === 'function') return d;
  if (d && typeof d === 'object' && typeof d.contract === 'string') return () => d as Adapter;
  if (d && typeof d.createAdapter === 'function') return d.createAdapter;
  throw new UsageError(`${where} exports neither createAdapter nor a default adapter or factory`);
}

/** A spec that names an adapter module: it has a path separator or a JS/TS extension. */
export function looksLikeModulePath(spec: string): boolean {
  return /[\\/]|\.(?:[cm]?js|[cm]?ts)$/.test(spec);
}

export async function resolveImplementation(spec: string): Promise<Implementation> {
  if (spec === 'model') return { spec, kind: 'model', createAdapter: (await import('../model/adapter.ts')).createAdapter };
  // A built-in JS adapter (node-als, asynccontext, …): its own module, in process or in its host alike.
  if (isJsAdapter(spec)) {
    const needs = needsPackages(spec, ADAPTER_PACKAGES[spec]);
    if (needs) throw new UsageError(needs);
    return { spec, kind: 'module', createAdapter: factoryOf(await import(adapterModule(spec).href), spec) };
  }
  if (spec.startsWith('mutant:')) {
    const name = spec.slice('mutant:'.length);
    const mutants = await loadMutants();
    const m = mutants[name];
    if (!m) throw new UsageError(`unknown implementation "${spec}"; mutants: ${Object.keys(mutants).join(', ') || '(none)'}`);
    return { spec, kind: 'mutant', createAdapter: m.createAdapter };
  }
  if (!looksLikeModulePath(spec)) throw new UsageError(`unknown implementation "${spec}"; expected model, mutant:NAME or a path to an adapter module`);
  const file = resolve(spec);
  if (!existsSync(file)) throw new UsageError(`adapter module not found: ${spec}`);
  const mod = await importOrUsage(pathToFileURL(file), `adapter module ${spec}`);
  return { spec, kind: 'module', createAdapter: factoryOf(mod, spec) };
}

/** Creates an adapter and refuses misuse of the contract (adapter-check.ts): its version, its features, its members. */
export async function instantiate(impl: Implementation, options: AdapterOptions): Promise<Adapter> {
  let adapter: Adapter;
  try {
    adapter = await impl.createAdapter(options);
  } catch (e) {
    throw new UsageError(`${impl.spec}: createAdapter failed: ${(e as Error)?.message ?? e}`);
  }
  if (!adapter || typeof adapter !== 'object') throw new UsageError(`${impl.spec}: createAdapter returned no adapter`);
  checkAdapter(adapter, impl.spec);
  return adapter;
}
