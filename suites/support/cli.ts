/**
 * The pep567 command line run as a user runs it: bin/pep567.js (the compiled build in dist/) in a
 * child process from the repository root, with CI set (plain progress lines, never a redrawn bar).
 * `npm test` builds first; a spec run by hand after editing harness/ rebuilds dist/ here (under
 * a lock folder, so parallel workers build once) rather than test a stale build.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'pep567.js');

export interface CliResult { code: number | null; out: string; err: string }

/** A harness/ source newer than its compiled file, or a missing build; undefined when dist/ is current. */
export function staleBuild(root = ROOT): string | undefined {
  const src = join(root, 'harness');
  const walk = (dir: string): string | undefined => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, e.name);
      if (e.isDirectory()) { if (e.name !== 'bench') { const s = walk(file); if (s) return s; } continue; }
      if (!e.name.endsWith('.ts')) continue;
      const built = join(root, 'dist', file.slice(src.length + 1).replace(/\.ts$/, '.js'));
      if (!existsSync(built)) return `${file.slice(root.length)} has no compiled dist/ file`;
      if (statSync(file).mtimeMs > statSync(built).mtimeMs) return `${file.slice(root.length)} is newer than dist/`;
    }
    return undefined;
  };
  return walk(src);
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

let checked = false;
function ensureBuilt(): void {
  if (checked) return;
  const lock = join(ROOT, 'dist.lock');
  let built = false;
  for (let waited = 0, stale = staleBuild(); stale; waited += 200, stale = staleBuild()) {
    if (built) throw new Error(`dist/ is still out of date after a build (${stale})`);
    try { mkdirSync(lock); } catch { if (waited > 120_000) throw new Error(`${lock} has been held for 2 minutes: remove it`); sleep(200); continue; }
    built = true;
    try {
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--quiet'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`the CLI runs the compiled build, and \`npm run build\` failed:\n${r.stdout}${r.stderr}`);
    } finally { rmSync(lock, { recursive: true, force: true }); }
  }
  checked = true;
}

/** Runs `pep567 ARGS…` and waits for it; `timeout` (ms) kills a child that outlives it. */
export function runCli(args: readonly string[], options: { timeout?: number; env?: NodeJS.ProcessEnv } = {}): CliResult {
  ensureBuilt();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: options.timeout ?? 60000, env: { ...process.env, CI: '1', ...options.env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `pep567 ARGS…` with the default 60 s limit. */
export const pep567 = (...args: string[]): CliResult => runCli(args);

/** Starts `pep567 ARGS…` without waiting (to signal it mid-run); stdout and stderr are piped. */
export function startCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  ensureBuilt();
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1', ...options.env } });
}
