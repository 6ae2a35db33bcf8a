#!/usr/bin/env node
/**
 * `npm run build`: harness/**.ts -> dist/**.js (+ .d.ts, source maps) with tsconfig.build.json,
 * then the non-TypeScript files a module reads next to itself (new URL('./x', import.meta.url):
 * schema JSON, the Pyodide runner's .mjs/.py) copied to the same place under dist/.
 * dist/ sits at the depth of harness/, so '../../fixtures/' resolves to the repository either way.
 * dist/ is updated in place, never emptied first (specs running meanwhile keep finding their
 * modules); files whose source is gone are removed afterwards.
 * Then the command line as one script, dist/cli.bundle (scripts/cli-bundle.mjs), which bin/pep567.js
 * compiles with a V8 code cache (start-up, issue 17); without esbuild there is none and bin/ runs dist/.
 * Last, the scenario bundle (harness/scenarios/bundle.ts): every fixture validated once and every
 * recorded trace, in dist/scenarios.bundle, which `pep567 run` reads instead of ~2,000 small files
 * while fixtures/ and reference/traces/ are unchanged. A malformed fixture leaves no bundle: the
 * build still succeeds and `pep567 run` names the fixture (exit 2).
 * Up to date (scripts/build-stamp.mjs): when neither the inputs nor dist/ changed since the last
 * build of this checkout, tsc and the CLI bundle are skipped (`npm test` builds first, every time),
 * and the scenario bundle is rewritten only when a tree it covers changed. `--force` builds anyway.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioBundleFresh, upToDate } from './build-stamp.mjs';
import { CLI_BUNDLE, SCHEMA_CHECK_CJS, writeCliBundle } from './cli-bundle.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(ROOT, 'harness');
const OUT = join(ROOT, 'dist');
/** Development-only parts of harness/ that the package does not ship (tsconfig.build.json excludes them too). */
const SKIP = new Set(['bench']);
const ASSET = (name) => !name.endsWith('.ts') && !name.endsWith('.md');
/** What the build writes into dist/ with no source file under harness/ (prune keeps them). */
const BUNDLE = 'scenarios.bundle';
const BUILT = new Set([BUNDLE, CLI_BUNDLE, SCHEMA_CHECK_CJS]);

const quiet = process.argv.includes('--quiet');
const stamp = upToDate(ROOT);
if (stamp.fresh && !process.argv.includes('--force')) {
  if (!await scenarioBundleFresh()) await writeScenarioBundle();
  else if (!quiet) process.stdout.write('dist/ is up to date (node scripts/build.mjs --force rebuilds it)\n');
  process.exit(0);
}
// Gone until this build completes: an interrupted build leaves no stamp to trust.
stamp.forget();

const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
const r = spawnSync(tsc, ['-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
// tsc drops a JSON import's `with { type: 'json' }` from the declarations it emits, and a consumer's
// type check (module nodenext, skipLibCheck false) then refuses the .d.ts: put the attribute back.
(function jsonAttributes(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, e.name);
    if (e.isDirectory()) { jsonAttributes(file); continue; }
    if (!e.name.endsWith('.d.ts')) continue;
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(/^(import [^;\n]+ from '[^']+\.json');$/gm, "$1 with { type: 'json' };");
    if (fixed !== text) writeFileSync(file, fixed);
  }
})(OUT);

let copied = 0;
(function copy(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const from = join(dir, e.name);
    const rel = relative(SRC, from);
    if (e.isDirectory()) { if (!SKIP.has(rel)) copy(from); continue; }
    if (!ASSET(e.name)) continue;
    mkdirSync(dirname(join(OUT, rel)), { recursive: true });
    cpSync(from, join(OUT, rel));
    copied++;
  }
})(SRC);
// What no source (or asset) accounts for any more: a deleted or renamed module's old output.
let pruned = 0;
(function prune(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, e.name);
    const rel = relative(OUT, file);
    if (e.isDirectory()) { prune(file); continue; }
    if (BUILT.has(rel)) continue;
    const base = rel.replace(/\.d\.ts$|\.js\.map$|\.js$/, '');
    const source = base === rel ? join(SRC, rel) : join(SRC, `${base}.ts`);
    if (!existsSync(source)) { rmSync(file); pruned++; }
  }
})(OUT);
const cliBundle = await writeCliBundle(OUT);
if (cliBundle) process.stderr.write(`build: ${cliBundle}\n`);
if (!quiet) {
  process.stdout.write(`built dist/ (${copied} asset file(s) copied, ${pruned} stale file(s) removed)\n`);
  if (!cliBundle) process.stdout.write(`wrote dist/${CLI_BUNDLE}\n`);
}
await writeScenarioBundle();
// Taken last: the stamp says what this build was made from and what it left in dist/.
stamp.save();

async function writeScenarioBundle() {
  const { writeBundle } = await import(new URL('../dist/traces/bundle-write.js', import.meta.url).href);
  const bundle = writeBundle();
  if (bundle.errors) {
    process.stderr.write(`build: no scenario bundle: ${bundle.errors.length} malformed fixture(s), first: ${bundle.errors[0].message.split('\n')[0]}\n`);
  } else if (!quiet) {
    process.stdout.write(`wrote dist/${BUNDLE} (${bundle.scenarios} scenarios, ${bundle.traces} traces of ${bundle.references} references, ${Math.round(bundle.bytes / 1024)} KiB)\n`);
  }
}
