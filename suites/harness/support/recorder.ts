/**
 * Real CPython traces for the harness's own tests: reference/recorder.py (python3) records the
 * named fixtures into a temporary traces tree, never into reference/traces.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES_DIR } from '../../../harness/scenarios/load.ts';
import type { Trace } from '../../../harness/format/trace.ts';
import { RECORDER_PATH } from '../../../harness/pythons/python-runner.ts';
import { writeTrace } from '../../../harness/traces/record.ts';
import { ROOT } from '../../support/cli.ts';

export function pythonVersion(): string {
  return execFileSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
}

/** Records a scenario file (absolute or relative to the repository) with python3, or the given interpreter. */
export function record(file: string, python = 'python3'): Trace {
  return JSON.parse(execFileSync(python, [RECORDER_PATH, '--scenario', file], { cwd: ROOT, encoding: 'utf8' })) as Trace;
}

/** A temporary traces tree holding cpython-<version>/<id>.json for each fixture id; returns its folder. */
export function recordTree(ids: string[]): { dir: string; reference: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pep567-traces-'));
  const reference = `cpython-${pythonVersion()}`;
  for (const id of ids) writeTrace(join(dir, reference), record(join(FIXTURES_DIR, `${id}.json`)));
  return { dir, reference };
}
