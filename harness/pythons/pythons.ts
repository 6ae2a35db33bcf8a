/**
 * Finding the Python interpreters to record with: `python3`, every pyenv version, and any paths
 * given on the command line. Each is asked for its implementation and version; duplicates and
 * interpreters that cannot record (no contextvars, or they fail to start) are left out with a reason.
 */
import { execFile } from 'node:child_process';
import { cached, interpreterState, pyenvState } from './python-cache.ts';

export interface PythonInfo {
  /** The command or path to run. */
  path: string;
  /** platform.python_implementation().lower(): "cpython", "pypy". */
  name: string;
  /** platform.python_version(): "3.11.7". */
  version: string;
  /** The trace folder name under reference/traces: "cpython-3.11.7". */
  dir: string;
}

export interface Skipped { path: string; reason: string }

// Written for Python 2 as well, so that an old interpreter reports itself instead of failing to parse.
const PROBE = [
  'import json, platform, sys',
  'try:',
  '    import contextvars',
  '    ok = True',
  'except ImportError:',
  '    ok = False',
  'sys.stdout.write(json.dumps({"name": platform.python_implementation().lower(), "version": platform.python_version(), "contextvars": ok}))',
].join('\n');

function run(cmd: string, args: string[], timeoutMs = 15000): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ ok: !err, stdout: String(stdout), stderr: err && !stderr ? err.message : String(stderr) });
    });
  });
}

/** The interpreters pyenv knows, as paths to their bin/python; none when pyenv is absent. Cached (python-cache.ts). */
export function pyenvPythons(): Promise<string[]> {
  return cached('pyenv', pyenvState(), askPyenv, (paths) => paths.length > 0);
}

async function askPyenv(): Promise<string[]> {
  const list = await run('pyenv', ['versions', '--bare']);
  if (!list.ok) return [];
  const versions = list.stdout.split('\n').map((s) => s.trim()).filter(Boolean);
  const prefixes = await Promise.all(versions.map((v) => run('pyenv', ['prefix', v])));
  return prefixes.filter((p) => p.ok).map((p) => `${p.stdout.trim()}/bin/python`);
}

/** Ask one interpreter who it is; a string is the reason it cannot be used. Cached, except failures to start. */
export function probe(path: string): Promise<PythonInfo | string> {
  return cached('probe', interpreterState(path), () => ask(path), (a) => typeof a !== 'string' || !a.startsWith('does not start'));
}

async function ask(path: string): Promise<PythonInfo | string> {
  const r = await run(path, ['-c', PROBE]);
  if (!r.ok) return `does not start: ${r.stderr.trim().split('\n').at(-1) ?? 'no output'}`;
  let info: { name: string; version: string; contextvars: boolean };
  try { info = JSON.parse(r.stdout); } catch { return `unexpected answer to the probe: ${r.stdout.slice(0, 80)}`; }
  if (!info.contextvars) return `${info.name} ${info.version} has no contextvars (needs 3.7 or later)`;
  return { path, name: info.name, version: info.version, dir: `${info.name}-${info.version}` };
}

export interface Discovery { pythons: PythonInfo[]; skipped: Skipped[] }

/**
 * python3 first, then pyenv's versions, then `extra`; one entry per implementation and version
 * (the first found wins). `extra` paths that fail are reported in `failedExtra` so the caller can
 * treat them as misuse rather than skip them quietly. `probe` may be a caching one.
 */
export async function findPythons(extra: string[] = [], opts: { discover?: boolean; probe?: typeof probe } = {}): Promise<Discovery & { failedExtra: Skipped[] }> {
  const candidates = opts.discover === false ? [] : ['python3', ...await pyenvPythons()];
  const all = [...candidates, ...extra];
  const answers = await Promise.all(all.map(opts.probe ?? probe));
  const pythons: PythonInfo[] = [];
  const skipped: Skipped[] = [];
  const failedExtra: Skipped[] = [];
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    const path = all[i]!;
    if (typeof a === 'string') {
      (i >= candidates.length ? failedExtra : skipped).push({ path, reason: a });
      return;
    }
    if (seen.has(a.dir)) return;
    seen.add(a.dir);
    pythons.push(a);
  });
  return { pythons, skipped, failedExtra };
}
