/**
 * Host process entry: one implementation behind pep567-runner/1 under the harness's own Node
 * (harness/runtimes/host.ts starts it). `--impl SPEC` is a built-in JS adapter (node-als,
 * asynccontext), `model`, `mutant:NAME` or an absolute path to an adapter module. An
 * `--reference NAME@VERSION` is the reference the run compares with (the model follows it). An
 * implementation that cannot be loaded is reported on stderr and the host exits with status 2,
 * which the harness reads as misuse.
 */
import type { AdapterFactory, AdapterOptions } from '../../contract/adapter.ts';
import { instantiate, resolveImplementation } from '../../inprocess/resolve.ts';
import { serve } from '../../protocol/serve.ts';
import { runtimeLabel } from './label.ts';

export const LOAD_FAILED = 2;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const spec = arg('--impl');
const [name, version] = (arg('--reference') ?? '').split('@');
const options: AdapterOptions = name && version ? { reference: { name, version } } : {};
let factory: AdapterFactory;
try {
  if (!spec) throw new Error('usage: host --impl SPEC [--reference NAME@VERSION] [--runtime LABEL]');
  const impl = await resolveImplementation(spec);
  // The contract check of in-process runs; each scenario still gets a fresh adapter.
  factory = () => instantiate(impl, options);
  await factory(options);
} catch (e) {
  process.stderr.write(`${(e as Error)?.message ?? e}\n`);
  process.exit(LOAD_FAILED);
}
await serve(factory, runtimeLabel());
