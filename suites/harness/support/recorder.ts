/**
 * Real CPython traces for the harness's own tests: reference/recorder.py (python3) records the
 * named fixtures into a temporary traces tree, never into reference/traces.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Trace } from '../../../harness/format/trace.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RECORDER = join(ROOT, 'reference', 'recorder.py');

export function pythonVersion(): string {
  return execFileSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
}

/** Records a scenario file (absolute or relative to the repository) with python3. */
export function record(file: string): Trace {
  return JSON.parse(execFileSync('python3', [RECORDER, '--scenario', file], { cwd: ROOT, encoding: 'utf8' })) as Trace;
}

/** A temporary traces tree holding cpython-<version>/<id>.json for each id; returns its folder. */
export function recordTree(ids: string[], fixturesDir = join(ROOT, 'fixtures')): { dir: string; reference: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pep567-traces-'));
  const reference = `cpython-${pythonVersion()}`;
  for (const id of ids) {
    const out = join(dir, reference, `${id}.json`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(record(join(fixturesDir, `${id}.json`)), null, 2) + '\n');
  }
  return { dir, reference };
}
