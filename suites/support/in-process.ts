/**
 * `pep567 ARGS…` in this process: the CLI's own entry (harness/cli/main.ts, the function bin/pep567.js
 * calls) with stdout and stderr captured, CI set and the repository as the working folder, exactly
 * as runCli's child has them. For specs whose subject is what a run decides (selection, verdicts,
 * reports, gating, merging); a spec whose subject is the process boundary (exit on a signal, hosts,
 * runners, the installed package) starts the real CLI with runCli (support/cli.ts).
 * Same result shape as runCli. Calls must not overlap (output is captured process-wide): await each.
 */
import { main } from '../../harness/cli/main.ts';
import { ROOT, type CliResult } from './cli.ts';
import { resolve } from 'node:path';

let busy = false;

export async function runInProcess(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  if (busy) throw new Error('runInProcess: a call is still running (await each call)');
  if (resolve(process.cwd()) !== resolve(ROOT)) throw new Error(`runInProcess: the CLI runs from ${ROOT}, this process from ${process.cwd()}`);
  busy = true;
  const env = { CI: '1', ...options.env };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const out: string[] = [], err: string[] = [];
  const writeOut = process.stdout.write, writeErr = process.stderr.write;
  const capture = (into: string[]) => ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const cb = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
    if (cb) cb();
    return true;
  }) as typeof process.stdout.write;
  try {
    for (const [k, v] of Object.entries(env)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
    process.stdout.write = capture(out);
    process.stderr.write = capture(err);
    const code = await main([...args]);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
    busy = false;
  }
}

/** `pep567 ARGS…` in process (runInProcess). */
export const pep567InProcess = (...args: string[]): Promise<CliResult> => runInProcess(args);
