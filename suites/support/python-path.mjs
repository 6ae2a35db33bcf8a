// `python3` without pyenv's shim: when the first python3 on PATH is a pyenv shim (a bash script
// that runs `pyenv exec`, about 0.4 s of CPU per start, and the specs start python3 a few hundred
// times), the folder of the interpreter it resolves to goes first on PATH, once, in the mocha
// process; its workers and every child inherit it. The interpreter is the one the shim would
// start, so nothing a spec judges changes; only the shim's own start-up is skipped.
// PEP567_SPECS_KEEP_SHIMS=1 leaves PATH alone.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';

const MARK = 'PEP567_SPECS_PYTHON_DIR';

function firstOnPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try { if (statSync(join(dir, cmd)).isFile()) return join(dir, cmd); } catch { /* not here */ }
  }
  return undefined;
}

if (process.env[MARK] === undefined && process.env.PEP567_SPECS_KEEP_SHIMS !== '1') {
  const python3 = firstOnPath('python3');
  let dir = '';
  if (python3 && basename(dirname(python3)) === 'shims') {
    const r = spawnSync(python3, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', timeout: 30000 });
    const exe = r.status === 0 ? r.stdout.trim() : '';
    if (exe && basename(dirname(dirname(dirname(exe)))) === 'versions') {
      dir = dirname(exe);
      process.env.PATH = `${dir}${delimiter}${process.env.PATH}`;
    }
  }
  process.env[MARK] = dir;
}
