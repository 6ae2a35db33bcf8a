/**
 * A cache of Python discovery (pyenv's versions, each interpreter's probe), so `pep567 list` and
 * `--all` do not start pyenv and a dozen interpreters on every call. An answer is keyed by what can
 * change it: PATH and pyenv's environment, the pyenv executable, its versions folder (a version
 * installed or removed changes its mtime), the global and local version files, and the
 * interpreter's file and its real target (inode, size, mtime, ctime). The file lives in the OS temp
 * folder, per user; PEP567_PYTHON_CACHE=0 turns it off. Failures to start are never cached.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';

const FORMAT = 'pep567-python-cache/1';
export const CACHE_FILE = join(tmpdir(), `pep567-${process.getuid?.() ?? 'user'}`, 'pythons.json');

const enabled = () => process.env.PEP567_PYTHON_CACHE !== '0';

function stamp(file: string | undefined): string | null {
  if (!file) return null;
  try { const s = statSync(file); return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`; } catch { return null; }
}
const text = (file: string): string | null => { try { return readFileSync(file, 'utf8'); } catch { return null; } };

/** Where a command runs from: a path as given, else the first executable of that name on PATH. */
export function onPath(cmd: string): string | undefined {
  if (cmd.includes('/')) return isAbsolute(cmd) ? cmd : resolve(cmd);
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, cmd);
    try { if (statSync(file).isFile()) return file; } catch { /* not here */ }
  }
  return undefined;
}

/** .python-version files from the working folder up (pyenv's local version), with their text. */
function localVersions(): [string, string][] {
  const out: [string, string][] = [];
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const f = join(dir, '.python-version');
    if (existsSync(f)) out.push([f, text(f) ?? '']);
    if (dirname(dir) === dir) return out;
  }
}

/** Everything pyenv's answers (and its shims') depend on. */
export function pyenvState(): unknown {
  const root = process.env.PYENV_ROOT || join(homedir(), '.pyenv');
  return {
    PATH: process.env.PATH ?? '', PYENV_ROOT: process.env.PYENV_ROOT ?? null, PYENV_VERSION: process.env.PYENV_VERSION ?? null,
    pyenv: stamp(onPath('pyenv')), versions: stamp(join(root, 'versions')), global: text(join(root, 'version')), local: localVersions(),
  };
}

/** The key of one interpreter's probe; undefined when the command is not found (nothing to cache). */
export function interpreterState(cmd: string): unknown {
  const file = onPath(cmd);
  const own = stamp(file);
  if (!file || !own) return undefined;
  let real: string | undefined;
  try { real = realpathSync(file); } catch { return undefined; }
  return { cmd, file, own, real, target: stamp(real), cwd: cmd.includes('/') && !isAbsolute(cmd) ? process.cwd() : null, pyenv: pyenvState() };
}

type Entries = Record<string, unknown>;
let memo: Entries | undefined;

function load(): Entries {
  if (memo) return memo;
  try {
    const data = JSON.parse(readFileSync(CACHE_FILE, 'utf8'));
    memo = data?.format === FORMAT && data.entries && typeof data.entries === 'object' ? data.entries as Entries : {};
  } catch { memo = {}; }
  return memo!;
}

function save(key: string, value: unknown): void {
  const entries = load();
  entries[key] = value;
  try {
    mkdirSync(dirname(CACHE_FILE), { recursive: true });
    const tmp = `${CACHE_FILE}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, entries }));
    renameSync(tmp, CACHE_FILE);
  } catch { /* a cache that cannot be written only costs time */ }
}

/**
 * The cached answer for `key`, else `compute()` (stored when `keep` accepts it). A key of
 * undefined, or the cache turned off, always computes.
 */
export async function cached<T>(kind: string, key: unknown, compute: () => Promise<T>, keep: (v: T) => boolean = () => true): Promise<T> {
  if (!enabled() || key === undefined) return compute();
  const k = `${kind} ${JSON.stringify(key)}`;
  const entries = load();
  if (k in entries) return entries[k] as T;
  const v = await compute();
  if (keep(v)) save(k, v);
  return v;
}

/** Forget what this process read (tests that change the file underneath). */
export function resetMemo(): void { memo = undefined; }
