/**
 * A JavaScript implementation in a host process of its own (entries/host.ts), spoken to over
 * pep567-runner/1 by the harness's RunnerClient: by default one host per implementation, with
 * `isolation: 'scenario'` a fresh one per scenario. The harness enforces every limit from outside:
 * a host that loops is killed at the scenario's timeout (TIMEOUT) and restarted; one that exits is
 * CRASH; one that never finishes loading is refused after the start timeout, naming the module.
 *
 * The host runs under this Node and serves with harness/protocol/serve.ts: with tsx's loader when
 * the harness itself runs from TypeScript; under the compiled harness a TypeScript module is
 * loaded by harness/inprocess/load-module.ts (Node's type stripping, else tsx). Environment: PEP567_HOST_START_TIMEOUT_MS (default 20000) bounds loading;
 * PEP567_HOST_MAX_OLD_SPACE_MB gives the host a smaller heap (the fault suite's heap exhaustion).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../primitives/usage-error.ts';
import type { SourceOptions, TraceSource } from '../protocol/source.ts';
import { OpenFailure } from '../protocol/open-failure.ts';
import { RunnerClient, RunnerStartError } from '../protocol/client.ts';
import { isJsAdapter, OWN_EXTENSION } from '../adapters/builtin.ts';

export const DEFAULT_HOST_START_TIMEOUT_MS = 20000;
/** The host's exit status when the implementation cannot be loaded (entries/host.ts). */
const LOAD_FAILED = 2;

/** A spec the host resolves itself (a built-in adapter, the model, a mutant); anything else is a module path. */
const builtIn = (spec: string) => isJsAdapter(spec) || spec === 'model' || spec.startsWith('mutant:');

function tsxLoader(): string {
  try { return import.meta.resolve('tsx'); } catch { return 'tsx'; }
}

function positiveEnv(name: string): number | undefined {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The host command for spec: node [--import tsx] [--max-old-space-size=N] entries/host --impl SPEC … */
export function hostCommand(spec: string, options: SourceOptions): string[] {
  const entry = new URL(`./entries/host${OWN_EXTENSION}`, import.meta.url);
  const target = builtIn(spec) ? spec : resolve(spec);
  // tsx for the harness's own TypeScript tree; a TypeScript adapter under the compiled harness is
  // loaded by inprocess/load-module.ts (Node's type stripping, else tsx if installed, else a
  // one-line reason), so a consumer without tsx gets that reason rather than a failed --import.
  const typescript = OWN_EXTENSION === '.ts';
  const heap = positiveEnv('PEP567_HOST_MAX_OLD_SPACE_MB');
  return [
    process.execPath,
    ...(typescript ? ['--import', tsxLoader()] : []),
    ...(heap ? [`--max-old-space-size=${heap}`] : []),
    entry.pathname,
    '--impl', target,
    '--reference', `${options.reference.name}@${options.reference.version}`,
    '--runtime', `node${process.versions.node.split('.')[0]}`,
  ];
}

export async function hostSource(spec: string, options: SourceOptions): Promise<TraceSource> {
  if (!builtIn(spec) && !existsSync(resolve(spec)))
    throw new UsageError(`adapter module not found: ${spec}`);
  const startTimeoutMs = positiveEnv('PEP567_HOST_START_TIMEOUT_MS') ?? DEFAULT_HOST_START_TIMEOUT_MS;
  try {
    return await RunnerClient.open({
      // The protocol on a channel of the host's own (fd 3, sealed); its stdout and stderr pass through.
      command: { argv: hostCommand(spec, options), channel: true, label: spec },
      startTimeoutMs,
      fresh: options.isolation === 'scenario',
      info: { kind: 'adapter' },
    });
  } catch (e) {
    if (!(e instanceof RunnerStartError)) throw e;
    if (e.exitCode === LOAD_FAILED) throw new UsageError(e.stderr || `${spec}: ${e.message}`);
    if (e.status === 'TIMEOUT') throw new OpenFailure('TIMEOUT', `${spec}: the host did not finish loading within ${startTimeoutMs} ms`);
    throw new OpenFailure(e.status, `${spec}: the host did not start: ${e.detail}`);
  }
}
