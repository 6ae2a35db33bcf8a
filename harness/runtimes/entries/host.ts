/**
 * Host process entry: one implementation behind pep567-runner/1 under the harness's own Node
 * (harness/runtimes/host.ts starts it). `--impl SPEC` is a built-in JS adapter (node-als,
 * asynccontext), `model`, `mutant:NAME` or an absolute path to an adapter module. An
 * `--reference NAME@VERSION` is the reference the run compares with (the model follows it). An
 * implementation that cannot be loaded is reported on stderr and the host exits with status 2,
 * which the harness reads as misuse.
 *
 * Order matters, and ES modules evaluate their imports in order: primordials.ts first (the
 * built-ins the protocol path uses, copied before any other code runs), then the channel is opened
 * and its secret read (channel.ts), then the watchdog starts (watchdog.ts), and only then is the
 * implementation imported.
 */
import { processExit } from '../../protocol/primordials.ts';
import { openChannel } from '../channel.ts';
import { startWatchdog } from '../watchdog.ts';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import type { AdapterFactory, AdapterOptions } from '../../contract/adapter.ts';
import { serve } from '../../protocol/serve.ts';
import { runtimeLabel } from './label.ts';

export const LOAD_FAILED = 2;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The inspector could read the secret out of this process's memory: closed before the implementation loads. */
function closeInspector(): void {
  const inspector = createRequire(import.meta.url)('node:inspector');
  const refuse = () => { throw new Error('pep567 host: the inspector is not available to an implementation under test'); };
  for (const k of ['open', 'url', 'waitForDebugger']) inspector[k] = refuse;
  inspector.Session.prototype.connect = refuse;
  inspector.Session.prototype.connectToMainThread = refuse;
  syncBuiltinESMExports();
  // SIGUSR1 would open it; a listener of our own keeps it closed.
  process.on('SIGUSR1', () => {});
}

const channel = openChannel();
await startWatchdog();
closeInspector();

const spec = arg('--impl');
const [name, version] = (arg('--reference') ?? '').split('@');
const options: AdapterOptions = name && version ? { reference: { name, version } } : {};
let factory: AdapterFactory;
try {
  if (!spec) throw new Error('usage: host --impl SPEC [--reference NAME@VERSION] [--runtime LABEL]');
  const { instantiate, resolveImplementation } = await import('../../inprocess/resolve.ts');
  const impl = await resolveImplementation(spec);
  // The contract check of in-process runs; each scenario still gets a fresh adapter.
  factory = () => instantiate(impl, options);
  await factory(options);
} catch (e) {
  process.stderr.write(`${(e as Error)?.message ?? e}\n`);
  processExit(LOAD_FAILED);
}
await serve(factory!, runtimeLabel(), channel);
