/**
 * `pyodide[@NODE]`: Pyodide (CPython 3.14 in WebAssembly, npm `pyodide`) running the recorder's
 * interpreter, as a runner (harness/runners/pyodide/serve.mjs). asyncio.run needs WebAssembly
 * stack switching (JSPI): Node 24/26 have it, Node 22 behind a flag; without it (Node 20) the
 * runner falls back to running each main task on Pyodide's own loop.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../primitives/usage-error.ts';
import type { SourceOptions, SourceResolver, TraceSource } from '../protocol/source.ts';
import { findRuntime, installHint } from '../runtimes/runtimes.ts';
import { RunnerClient } from '../protocol/client.ts';
import type { RunnerCommand } from '../protocol/process.ts';

export const PYODIDE_SERVER = fileURLToPath(new URL('./pyodide/serve.mjs', import.meta.url));
/** Wherever npm put the pyodide dependency (hoisted into a consumer's node_modules, or nested), or undefined. */
function pyodideWasm(): string | undefined {
  try { return join(dirname(createRequire(import.meta.url).resolve('pyodide/package.json')), 'pyodide.asm.wasm'); } catch { return undefined; }
}

export interface PyodideHost {
  /** node20, node22, node24, node26 */
  runtime: string;
  argv: string[];
  /** Whether asyncio.run works (stack switching), or the fallback loop is used. */
  jspi: boolean;
}

const HOSTS: { runtime: string; args: string[]; jspi: boolean }[] = [
  { runtime: 'node24', args: [], jspi: true },
  { runtime: 'node26', args: [], jspi: true },
  { runtime: 'node22', args: ['--experimental-wasm-jspi'], jspi: true },
  { runtime: 'node20', args: [], jspi: false },
];

export function pyodideInstalled(): boolean {
  const wasm = pyodideWasm();
  return wasm !== undefined && existsSync(wasm);
}

/** The Node to run Pyodide under: the one named, else the first installed with stack switching, else node20. */
export function pyodideHost(wanted?: string): PyodideHost | undefined {
  const candidates = wanted ? HOSTS.filter((h) => h.runtime === wanted) : HOSTS;
  if (wanted && !candidates.length) throw new UsageError(`pyodide runs under ${HOSTS.map((h) => h.runtime).join(', ')}, not ${wanted}`);
  for (const h of candidates) {
    const binary = findRuntime(h.runtime)?.binary() ?? (h.runtime === 'node20' && process.versions.node.startsWith('20.') ? process.execPath : undefined);
    if (binary) return { runtime: h.runtime, argv: [binary, ...h.args, PYODIDE_SERVER, ...(h.jspi ? [] : ['--no-jspi'])], jspi: h.jspi };
  }
  return undefined;
}

export function pyodideCommand(host: PyodideHost): RunnerCommand {
  return { argv: host.argv };
}

export async function openPyodide(runtime?: string): Promise<RunnerClient> {
  if (!pyodideInstalled()) throw new UsageError('pyodide is not installed: npm install pyodide');
  const host = pyodideHost(runtime);
  if (!host) throw new UsageError(`no Node to run Pyodide under${runtime ? ` (${runtime} is not installed; install it with: ${installHint(runtime)})` : ''}`);
  // Loading the interpreter and its standard library takes seconds.
  return RunnerClient.open({ command: pyodideCommand(host), startTimeoutMs: 60000, info: { runtime: host.runtime } });
}

const SPEC = /^pyodide(?:@(node2[0246]))?$/;

export const pyodideResolver: SourceResolver = {
  pattern: 'pyodide[@NODE]',
  description: 'Pyodide (CPython 3.14 in WebAssembly) running the recorder\'s interpreter, under Node 24/26 (stack switching), Node 22 with --experimental-wasm-jspi, or Node 20 (fallback loop)',
  matches: (spec) => SPEC.test(spec),
  async open(spec: string, options: SourceOptions): Promise<TraceSource> {
    const suffix = SPEC.exec(spec)![1];
    if (suffix && options.runtime && suffix !== options.runtime) throw new UsageError(`${spec} names ${suffix} but --runtime says ${options.runtime}`);
    return openPyodide(suffix ?? options.runtime);
  },
  async instances() {
    return pyodideInstalled() && pyodideHost() ? ['pyodide'] : [];
  },
};
