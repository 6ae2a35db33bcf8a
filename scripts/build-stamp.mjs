/**
 * Whether dist/ is up to date, for scripts/build.mjs. The stamp (one per checkout, in the temporary
 * folder like test.mjs's type-check state) holds two hashes from the last complete build:
 * - the inputs, by content and mtime: every file under harness/, the tsconfigs, the build scripts,
 *   and the versions of the tools and bundled package (typescript, esbuild, commander); the mtime
 *   because suites/support/cli.ts rebuilds while a source is newer than its output, so a touched
 *   source must leave newer outputs;
 * - dist/ as that build left it: path, size and mtime of every file but the scenario bundle (which
 *   has its own freshness check, scenarioBundleFresh).
 * Fresh only when both match: a changed, added or removed source rebuilds, and so does a dist/
 * file touched, removed or left half-written by anything else.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs', 'scripts/build-stamp.mjs', 'scripts/cli-bundle.mjs',
  'node_modules/typescript/package.json', 'node_modules/esbuild/package.json', 'node_modules/commander/package.json'];
const SCENARIO_BUNDLE = 'scenarios.bundle';

function files(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else out.push(p);
  }
  return out;
}

function inputsHash(root) {
  const h = createHash('sha256');
  for (const f of [...files(join(root, 'harness')), ...INPUT_FILES.map((f) => join(root, f))]) {
    let b;
    try { b = readFileSync(f); } catch { b = Buffer.from('(missing)'); }
    let t = 0;
    try { t = statSync(f).mtimeMs; } catch { /* missing */ }
    h.update(`${relative(root, f)}\0${t}\0${b.length}\0`).update(b);
  }
  return h.digest('hex');
}

function distHash(root) {
  const dist = join(root, 'dist');
  const h = createHash('sha256');
  for (const f of files(dist)) {
    const rel = relative(dist, f);
    if (rel === SCENARIO_BUNDLE || rel.startsWith(`${SCENARIO_BUNDLE}.`)) continue;
    const s = statSync(f);
    h.update(`${rel}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex');
}

/** The stamp of root: `fresh` when the last complete build still stands; `save()` after a build; `forget()` before one. */
export function upToDate(root) {
  const file = join(tmpdir(), `pep567-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.json`);
  const inputs = inputsHash(root);
  let fresh = false;
  try {
    const old = JSON.parse(readFileSync(file, 'utf8'));
    fresh = old.inputs === inputs && old.dist === distHash(root);
  } catch { /* no stamp: build */ }
  return {
    fresh,
    save: () => writeFileSync(file, JSON.stringify({ inputs, dist: distHash(root) })),
    forget: () => rmSync(file, { force: true }),
  };
}

/** Whether dist/scenarios.bundle still covers fixtures/ and every reference folder of reference/traces/ (the checks `pep567 run` makes). */
export async function scenarioBundleFresh() {
  const { openBundle, partFresh } = await import(new URL('../dist/scenarios/bundle.js', import.meta.url).href);
  const { FIXTURES_DIR } = await import(new URL('../dist/scenarios/load.js', import.meta.url).href);
  const { listReferences, TRACES_DIR } = await import(new URL('../dist/traces/traces.js', import.meta.url).href);
  const b = openBundle();
  if (!b || !partFresh(b.header.fixtures, FIXTURES_DIR)) return false;
  const refs = listReferences(TRACES_DIR).map((r) => r.dir).sort();
  const bundled = Object.keys(b.header.references).sort();
  return refs.length === bundled.length && refs.every((r, i) => r === bundled[i] && partFresh(b.header.references[r], join(TRACES_DIR, r)));
}
