#!/usr/bin/env node
/**
 * Stryker's buildCommand (stryker.config.mjs), run in each sandbox (no shell): link the project's
 * node_modules (Stryker would only link it after the build), then compile dist/ from the
 * instrumented sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';

const modules = process.env.PEP567_MUTATE_NODE_MODULES;
if (!modules) { process.stderr.write('mutate-build: PEP567_MUTATE_NODE_MODULES is not set (run it through npm run mutate)\n'); process.exit(2); }
if (!existsSync('node_modules')) symlinkSync(modules, 'node_modules', 'dir');
const r = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
