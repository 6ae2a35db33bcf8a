#!/usr/bin/env node
// The CLI runs the compiled build (dist/, made by `npm run build`; `npm install` and `npm pack` make it):
// dist/cli.bundle (scripts/cli-bundle.mjs) compiled with a V8 code cache when there is one, else dist/cli/main.js.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const argv = process.argv.slice(2);
const bundle = new URL('../dist/cli.bundle', import.meta.url);
const main = new URL('../dist/cli/main.js', import.meta.url);
const cached = process.env.PEP567_CLI_BUNDLE !== '0' && !process.env.NODE_V8_COVERAGE && bundled();
if (cached) {
  process.exitCode = await cached.main(argv);
  cached.save();
} else {
  if (!existsSync(main)) {
    process.stderr.write('pep567: the compiled harness (dist/) is missing: run `npm run build` in the package folder\n');
    process.exit(3);
  }
  process.exitCode = await (await import(main.href)).main(argv);
}

/**
 * The bundle compiled with the code cache of an earlier run of the same command (V8 keeps the
 * bytecode of every function that ran), or undefined when there is no current bundle. The cache
 * lives in $PEP567_CODE_CACHE, else a folder of the user's own under the temporary folder (as
 * Node's own compile cache), one file per command and Node build and flags, holding the bundle's
 * hash; a missing, stale or rejected cache is written again after the command (by rename). Off
 * with PEP567_CODE_CACHE=0, and under coverage (NODE_V8_COVERAGE), which wants dist/'s files.
 */
function bundled() {
  let st, text;
  try { st = statSync(bundle); } catch { return undefined; }
  // Older than dist/ (tsc alone since): the bundle would run other code than dist/.
  try { if (statSync(main).mtimeMs > st.mtimeMs) return undefined; } catch { return undefined; }
  try { text = readFileSync(bundle, 'utf8'); } catch { return undefined; }
  const header = /^\/\/ pep567-cli-bundle\/1 ([0-9a-f]{64})\n/.exec(text);
  if (!header) return undefined;
  // What the cached code depends on besides the source: V8 rejects a cache of another build or flag set.
  const id = `${header[1]} ${st.size} ${st.mtimeMs}\n`;
  const node = createHash('sha256').update([process.version, process.arch, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? ''].join('\0')).digest('hex').slice(0, 16);
  const command = /^[a-z]{1,16}$/.test(argv[0] ?? '') ? argv[0] : '_';
  const dir = cacheDir();
  const file = dir && join(dir, `${command}-${node}.v8`);
  let data;
  if (file) try {
    const b = readFileSync(file);
    if (b.subarray(0, id.length).toString('latin1') === id) data = b.subarray(id.length);
  } catch { /* none yet */ }
  const path = fileURLToPath(bundle);
  const script = new vm.Script(text, { filename: path, cachedData: data });
  const module = { exports: {} };
  const dist = new URL('../dist/', import.meta.url);
  script.runInThisContext()(module.exports, createRequire(path), module, path, fileURLToPath(dist), (rel) => new URL(rel, dist).href, import.meta.resolve, (specifier) => import(specifier));
  return {
    main: module.exports.main,
    save() {
      if (!file || (data && !script.cachedDataRejected)) return;
      try {
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()]), { mode: 0o600 });
        renameSync(tmp, file);
      } catch { /* a cache is only a saving */ }
    },
  };
}

/** The code cache folder, made private to this user; undefined when off or not safely usable. */
function cacheDir() {
  const set = process.env.PEP567_CODE_CACHE;
  if (set === '0') return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = set || join(tmpdir(), `pep567-code-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const s = statSync(dir);
    // Another user's folder, or one others may write to, could hold a crafted cache.
    if (!s.isDirectory() || (uid !== undefined && (s.uid !== uid || (s.mode & 0o022) !== 0))) return undefined;
    return dir;
  } catch { return undefined; }
}
