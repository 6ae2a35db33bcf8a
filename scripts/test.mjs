#!/usr/bin/env node
/**
 * `npm test`: build dist/ (the CLI children and, through suites/support/use-dist.mjs, the specs
 * run the compiled harness), then the type-check and the fast group of specs in parallel
 * (.mocharc.fast.json) side by side; either failing fails the command. The slow integration group
 * is `npm run test:slow`; .ci/run runs both.
 *
 *   npm test                          the fast group
 *   npm test -- suites/x.spec.ts …    only those spec files (built and type-checked first)
 *   PEP567_IMPL=SPEC npm test         only the scenario suite for SPEC: `pep567 run --impl SPEC`
 *                                     (PEP567_LEVEL picks the level), with its exit codes (README)
 *
 * The type-check is incremental: its state is kept per checkout in the temporary folder
 * (pep567-tsc-HASH.tsbuildinfo), so a second `npm test` re-checks only what changed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' }).status ?? 3;

const built = run(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--quiet']);
if (built !== 0) process.exit(built);

const impl = process.env.PEP567_IMPL;
if (impl) {
  const level = process.env.PEP567_LEVEL ? ['--level', process.env.PEP567_LEVEL] : [];
  process.exit(run(process.execPath, [join(ROOT, 'bin', 'pep567.js'), 'run', '--impl', impl, ...level]));
}

/** The type-check in the background, its output held back so that it does not cut into the specs' own. */
function typeCheck() {
  const info = join(tmpdir(), `pep567-tsc-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.tsbuildinfo`);
  const child = spawn(bin('tsc'), ['-p', join(ROOT, 'tsconfig.json'), '--noEmit', '--incremental', '--tsBuildInfoFile', info], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  return new Promise((resolve) => {
    child.on('error', (e) => resolve({ code: 3, out: `tsc: ${e.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 3, out }));
  });
}

const typed = typeCheck();
const files = process.argv.slice(2);
// Named files: mocha's config `spec` would be added to them, so use the config that has none.
const mocha = await new Promise((resolve) => {
  const child = spawn(bin('mocha'), files.length
    ? ['--config', join(ROOT, '.mocharc.json'), ...files]
    : ['--config', join(ROOT, '.mocharc.fast.json')], { cwd: ROOT, stdio: 'inherit' });
  child.on('error', () => resolve(3));
  child.on('close', (code) => resolve(code ?? 3));
});
const t = await typed;
if (t.code !== 0) process.stderr.write(`\ntype-check (tsc -p tsconfig.json --noEmit) failed:\n${t.out}`);
process.exit(t.code !== 0 ? t.code : mocha);
