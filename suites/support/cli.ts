/**
 * The pep567 command line run as a user runs it: bin/pep567.js in a child process from the
 * repository root, with CI set (plain progress lines, never a redrawn bar).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'pep567.js');

export interface CliResult { code: number | null; out: string; err: string }

/** Runs `pep567 ARGS…` and waits for it; `timeout` (ms) kills a child that outlives it. */
export function runCli(args: readonly string[], options: { timeout?: number; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: options.timeout ?? 60000, env: { ...process.env, CI: '1', ...options.env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `pep567 ARGS…` with the default 60 s limit. */
export const pep567 = (...args: string[]): CliResult => runCli(args);

/** Starts `pep567 ARGS…` without waiting (to signal it mid-run); stdout and stderr are piped. */
export function startCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1', ...options.env } });
}
