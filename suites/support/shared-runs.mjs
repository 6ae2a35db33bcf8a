// A mocha global fixture (--require in the .mocharc files): one folder per mocha run, in which
// suites/support/shared-run.ts keeps the runs several spec files judge, so that the parallel
// workers make each of them once. The main process makes it before any worker starts (the workers
// inherit PEP567_SPECS_SHARED) and removes it when the run ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let made;
export function mochaGlobalSetup() {
  made = mkdtempSync(join(tmpdir(), 'pep567-shared-'));
  process.env.PEP567_SPECS_SHARED = made;
}
export function mochaGlobalTeardown() {
  if (made) rmSync(made, { recursive: true, force: true });
  delete process.env.PEP567_SPECS_SHARED;
}
