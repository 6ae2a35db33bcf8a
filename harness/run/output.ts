/**
 * Everything a run writes into its report folder: report.json, matrix.json, matrix.md, and each
 * failing cell's traces. The folder is checked before anything runs, and the outputs an earlier run
 * left there are removed before the first scenario, so a folder never mixes two runs' files.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../primitives/usage-error.ts';
import type { Report } from '../report/report.ts';
import { DIFF_FILE_NAMES } from '../report/render/index.ts';
import { fileReporters, finish, REPORTERS, type FinishOptions } from './reporters.ts';

export interface Written { report: string; matrixJson: string; matrixMd: string; failures: string[] }

/** Every name a run or a render writes into a report folder; nothing else there is ever removed. */
export const OUTPUT_NAMES: readonly string[] = [...new Set([...REPORTERS.flatMap((e) => e.files), ...Object.values(DIFF_FILE_NAMES)])];
/** Temporary files of writeFileAtomic that a killed run may have left. */
const TEMPORARY = /^\..+\.\d+\.\d+\.tmp$/;

const code = (e: unknown) => (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e);

/**
 * Before anything runs: the folder exists or can be created, and a file can be written in it
 * (probed, since permission bits do not stop root). Throws a one-line UsageError (exit 2) otherwise.
 */
export function checkReportDir(dir: string, flag = '--report'): string {
  const root = resolve(dir);
  if (existsSync(root) && !statSync(root).isDirectory()) throw new UsageError(`${flag} ${dir}: is a file, not a folder`);
  try { mkdirSync(root, { recursive: true }); } catch (e) { throw new UsageError(`${flag} ${dir}: cannot create the folder (${code(e)})`); }
  const probe = join(root, `.pep567-probe.${process.pid}`);
  try { writeFileSync(probe, ''); rmSync(probe, { force: true }); } catch (e) { throw new UsageError(`${flag} ${dir}: cannot write into the folder (${code(e)})`); }
  return root;
}

/**
 * Removes the outputs of earlier runs (only the names a run writes), so what the folder holds
 * afterwards is this run's alone. Called once the run is sure to start, so a refused run leaves the
 * last report in place.
 */
export function clearReportDir(root: string, keep: readonly string[] = []): void {
  for (const name of OUTPUT_NAMES) if (!keep.includes(name)) rmSync(join(root, name), { recursive: true, force: true });
  for (const name of readdirSync(root)) if (TEMPORARY.test(name)) rmSync(join(root, name), { force: true });
}

/** Every output a run always writes (reporters.ts: report.json, matrix.json, matrix.md, failures/), then the --format ones. */
export function writeOutputs(report: Report, dir: string, o: FinishOptions & { formats?: readonly string[] } = {}): Written {
  const root = resolve(dir);
  // Cells that failed in an earlier run into this folder must not look like this run's.
  rmSync(join(root, 'failures'), { recursive: true, force: true });
  return written(finish(fileReporters(o.formats), report, root, o));
}

/** The files of fileReporters()' first four (always written) outputs, by name. */
export function written(files: string[][]): Written {
  return { report: files[0]![0]!, matrixJson: files[1]![0]!, matrixMd: files[2]![0]!, failures: files[3]! };
}
