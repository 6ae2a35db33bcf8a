/**
 * A JS adapter under another runtime as a TraceSource: the runtime runs the bundled runner entry
 * (bundle.ts, entries/), and the harness's pep567-runner/1 client (harness/protocol/client.ts)
 * speaks to it. Each runtime-and-mode pair is its own implementation: `node-als@node24-no-acf`.
 */
import { UsageError } from '../primitives/usage-error.ts';
import type { TraceSource } from '../protocol/source.ts';
import { RunnerClient } from '../protocol/client.ts';
import type { JsAdapterName } from '../adapters/builtin.ts';
import { bundleFor } from './bundle.ts';
import { installHint, type Runtime } from './runtimes.ts';

/** fresh: a new runner process per scenario (`--isolation scenario`). */
export async function runnerSource(adapter: JsAdapterName, runtime: Runtime, fresh = false): Promise<TraceSource> {
  const binary = runtime.binary();
  if (!binary) throw new UsageError(`runtime ${runtime.name} is not installed; install it with: ${installHint(runtime.name)}`);
  const bundle = await bundleFor(adapter, runtime.conditions);
  return RunnerClient.open({
    command: { argv: [binary, ...runtime.args, bundle, '--serve', '--runtime', runtime.name] },
    info: { name: `${adapter}@${runtime.name}`, runtime: runtime.name },
    fresh,
  });
}
