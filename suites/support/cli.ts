/**
 * The pep567 command line run as a user runs it: bin/pep567.js (the compiled build in dist/) in a
 * child process from the repository root, with CI set (plain progress lines, never a redrawn bar).
 * `npm test` builds first; a spec run by hand after editing harness/ fails here, naming the file,
 * rather than testing a stale build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

let checked = false;
function ensureBuilt(): void {
  if (checked) return;
  const stale = staleBuild();
  if (stale) throw new Error(`the CLI runs the compiled build, which is out of date (${stale}): run \`npm run build\``);
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
