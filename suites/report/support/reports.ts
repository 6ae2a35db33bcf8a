/**
 * Real reports for the renderer specs: `pep567 run` on real implementations (and on the hostile
 * adapter with hostile fixtures recorded by the CPython recorder), through the CLI as a user runs it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordCommand } from '../../../harness/cli/commands/record.ts';
import { runInProcess } from '../../support/in-process.ts';
import { writeHostileFixtures } from './hostile.ts';

export const HOSTILE_ADAPTER = fileURLToPath(new URL('./hostile-adapter.ts', import.meta.url));

/** Runs the CLI with stdout and stderr captured, so specs stay quiet; returns the exit code and output (CI as this process has it). */
export async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  const r = await runInProcess(args, { env: { CI: process.env.CI, ...env } });
  return { ...r, code: r.code! };
}

export interface MadeReport { dir: string; file: string; report: any }

/** `pep567 run` with these arguments into a fresh folder; the run must write report.json. */
export async function runReport(args: string[]): Promise<MadeReport> {
  const dir = mkdtempSync(join(tmpdir(), 'pep567-report-'));
  const r = await cli(['run', ...args, '--report', dir]);
  if (r.code !== 0 && r.code !== 1) throw new Error(`pep567 run exited ${r.code}: ${r.err}`);
  const file = join(dir, 'report.json');
  return { dir, file, report: JSON.parse(readFileSync(file, 'utf8')) };
}

/** Implementations with passes, failures and unsupported scenarios: the model, two mutants, a leaky adapter. */
export const MIXED = ['--impl', 'model', '--impl', 'mutant:reset-skips-used-check', '--impl', 'mutant:task-shares-parent-context',
  '--impl', fileURLToPath(new URL('../../harness/support/leaky-adapter.ts', import.meta.url))];

/** The hostile adapter and the model on hostile fixtures, with traces recorded by python3. */
export async function hostileReport(): Promise<MadeReport & { fixtures: string }> {
  const root = mkdtempSync(join(tmpdir(), 'pep567-hostile-'));
  const fixtures = join(root, 'fixtures'), traces = join(root, 'traces');
  writeHostileFixtures(fixtures);
  const quiet = () => {};
  const code = await recordCommand({ python: ['python3'], discover: false, fixturesDir: fixtures, tracesDir: traces, out: quiet, err: quiet });
  if (code !== 0) throw new Error(`recording the hostile fixtures failed (exit ${code})`);
  const made = await runReport(['--impl', HOSTILE_ADAPTER, '--impl', 'model', '--fixtures', fixtures, '--traces', traces]);
  return { ...made, fixtures };
}
