#!/usr/bin/env node
/**
 * `npm test`: build dist/ (the CLI children and, through suites/support/use-dist.mjs, the specs
 * run the compiled harness), type-check, then the fast group of specs in parallel
 * (.mocharc.fast.json). The slow integration group is `npm run test:slow`; .ci/run runs both.
 *
 *   npm test                          the fast group
 *   npm test -- suites/x.spec.ts …    only those spec files (built and type-checked first)
 *   PEP567_IMPL=SPEC npm test         only the scenario suite for SPEC: `pep567 run --impl SPEC`
 *                                     (PEP567_LEVEL picks the level), with its exit codes (README)
 */
import { spawnSync } from 'node:child_process';
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

const typed = run(bin('tsc'), ['-p', join(ROOT, 'tsconfig.json'), '--noEmit']);
if (typed !== 0) process.exit(typed);
const files = process.argv.slice(2);
// Named files: mocha's config `spec` would be added to them, so use the config that has none.
process.exit(run(bin('mocha'), files.length
  ? ['--config', join(ROOT, '.mocharc.json'), '--node-option', 'import=tsx', '--node-option', 'no-experimental-require-module', '--node-option', 'import=./suites/support/use-dist.mjs', ...files]
  : ['--config', join(ROOT, '.mocharc.fast.json')]));
