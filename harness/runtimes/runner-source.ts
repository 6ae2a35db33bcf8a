/**
 * A JS adapter under another runtime as a TraceSource: a runner process (a bundled entry, see
 * bundle.ts) spoken to in pep567-runner/1 through the harness's runner client. The client starts
 * `<command> <script> --serve`, so a small shell wrapper puts the runtime's binary and flags in front
 * of the bundle and names the runtime to it.
 */
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { UsageError } from '../cli/usage-error.ts';
import type { SourceOutcome, TraceSource } from '../implementations/source.ts';
import { PythonRunner, type Handshake } from '../reference/python-runner.ts';
import { bundleFor, type JsAdapterName } from './bundle.ts';
import { RUNTIMES_DIR, type Runtime } from './runtimes.ts';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function wrapper(runtime: Runtime, binary: string): string {
  const path = `${RUNTIMES_DIR}runner/run-${runtime.name}.sh`;
  const argv = [binary, ...runtime.args].map(quote).join(' ');
  // Written aside and renamed, so another harness process never executes a half-written script.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `#!/bin/sh\n# Written by harness/runtimes/runner-source.ts: the runtime, its flags, then the bundle and --serve.\nexec ${argv} "$@" --runtime ${quote(runtime.name)}\n`);
  chmodSync(tmp, 0o755);
  renameSync(tmp, path);
  return path;
}

const STATUS = { 'scenario-error': 'ERROR', 'adapter-error': 'ERROR', timeout: 'TIMEOUT', crash: 'CRASH' } as const;

export async function runnerSource(adapter: JsAdapterName, runtime: Runtime): Promise<TraceSource> {
  const binary = runtime.binary();
  if (!binary) throw new UsageError(`runtime ${runtime.name} is not installed (run \`npm run setup\`, or bash .ci/setup.d/runtimes.sh)`);
  const bundle = await bundleFor(adapter, runtime.conditions);
  const command = wrapper(runtime, binary);
  let timeoutMs = 30000;
  let runner = new PythonRunner({ python: command, recorder: bundle, scenarioTimeoutMs: timeoutMs });
  let hello: Handshake & { differs?: Record<string, string>; contract?: string };
  try {
    hello = await runner.start();
  } catch (e) {
    throw new UsageError(`${adapter}@${runtime.name}: the runner did not start: ${(e as Error).message}`);
  }
  return {
    info: {
      name: `${adapter}@${runtime.name}`,
      version: hello.implementation.version,
      kind: 'runner',
      runtime: runtime.name,
      ...(hello.contract ? { contract: hello.contract } : {}),
    },
    features: hello.features,
    ...(hello.differs ? { differs: hello.differs } : {}),
    async run(s, o): Promise<SourceOutcome> {
      if (o.timeoutMs !== timeoutMs) {
        // The client takes its timeout once; a new one needs a new client (and process).
        await runner.close();
        timeoutMs = o.timeoutMs;
        runner = new PythonRunner({ python: command, recorder: bundle, scenarioTimeoutMs: timeoutMs });
      }
      const r = await runner.run(s.id, s.scenario);
      if (r.trace) return { trace: { ...r.trace, implementation: { ...r.trace.implementation, name: `${adapter}@${runtime.name}` } } };
      const status = STATUS[r.error.kind as keyof typeof STATUS] ?? 'PROTOCOL_ERROR';
      return { failure: { status, message: r.error.message } };
    },
    close: () => runner.close(),
  };
}
