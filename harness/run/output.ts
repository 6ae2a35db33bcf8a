/**
 * Everything a run writes into its report folder: report.json, matrix.json, matrix.md, and each
 * failing cell's traces. The folder is checked before anything runs, and the outputs an earlier run
 * left there are removed before the first scenario, so a folder never mixes two runs' files.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../primitives/usage-error.ts';
import { FAILING, type Report } from '../report/report.ts';
import { DIFF_FILE_NAMES, FILE_NAMES } from '../report/render/index.ts';
import { writeFileAtomic, writeReport } from '../report/write.ts';
import { JOURNAL_FILE } from './journal.ts';
import { buildMatrix, matrixMarkdown } from './matrix.ts';
import { insideReport } from './paths.ts';

export interface Written { report: string; matrixJson: string; matrixMd: string; failures: string[] }

/** Every name a run or a render writes into a report folder; nothing else there is ever removed. */
export const OUTPUT_NAMES: readonly string[] = ['report.json', 'matrix.json', 'matrix.md', 'failures', JOURNAL_FILE, ...Object.values(FILE_NAMES), ...Object.values(DIFF_FILE_NAMES)];
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
export function clearReportDir(root: string): void {
  for (const name of OUTPUT_NAMES) rmSync(join(root, name), { recursive: true, force: true });
  for (const name of readdirSync(root)) if (TEMPORARY.test(name)) rmSync(join(root, name), { force: true });
}

/** `markdown` renders matrix.md (the reports renderer when the caller has it); else the plain matrix tables. */
export function writeOutputs(report: Report, dir: string, markdown?: (r: Report) => string): Written {
  const root = resolve(dir);
  const file = writeReport(report, root);
  const matrix = buildMatrix(report);
  const matrixJson = join(root, 'matrix.json');
  writeFileAtomic(matrixJson, JSON.stringify(matrix, null, 2) + '\n');
  const matrixMd = join(root, 'matrix.md');
  writeFileAtomic(matrixMd, markdown ? markdown(report) : `# PEP 567 conformance matrix\n\n${matrixMarkdown(matrix)}`);
  const failures: string[] = [];
  // Cells that failed in an earlier run into this folder must not look like this run's.
  rmSync(join(root, 'failures'), { recursive: true, force: true });
  report.runs.forEach((run, i) => {
    for (const r of run.results) {
      if (!FAILING.includes(r.status)) continue;
      const p = insideReport(join(root, 'failures'), [`${i + 1}-${run.implementation.spec}`], r.id);
      mkdirSync(dirname(p), { recursive: true });
      writeFileAtomic(p, JSON.stringify({ implementation: run.implementation, ...r }, null, 2) + '\n');
      failures.push(p);
    }
  });
  return { report: file, matrixJson, matrixMd, failures };
}
