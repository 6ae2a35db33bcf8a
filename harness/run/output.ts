/** Everything a run writes into its report folder: report.json, matrix.json, matrix.md, and each failing cell's traces. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FAILING, type Report } from '../report/format.ts';
import { writeReport } from '../report/write.ts';
import { buildMatrix, matrixMarkdown } from './matrix.ts';
import { insideReport } from './paths.ts';

export interface Written { report: string; matrixJson: string; matrixMd: string; failures: string[] }

/** `markdown` renders matrix.md (the reports renderer when the caller has it); else the plain matrix tables. */
export function writeOutputs(report: Report, dir: string, markdown?: (r: Report) => string): Written {
  const root = resolve(dir);
  const file = writeReport(report, root);
  const matrix = buildMatrix(report);
  const matrixJson = join(root, 'matrix.json');
  writeFileSync(matrixJson, JSON.stringify(matrix, null, 2) + '\n');
  const matrixMd = join(root, 'matrix.md');
  writeFileSync(matrixMd, markdown ? markdown(report) : `# PEP 567 conformance matrix\n\n${matrixMarkdown(matrix)}`);
  const failures: string[] = [];
  // Cells that failed in an earlier run into this folder must not look like this run's.
  rmSync(join(root, 'failures'), { recursive: true, force: true });
  report.runs.forEach((run, i) => {
    for (const r of run.results) {
      if (!FAILING.includes(r.status)) continue;
      const p = insideReport(join(root, 'failures'), [`${i + 1}-${run.implementation.spec}`], r.id);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, JSON.stringify({ implementation: run.implementation, ...r }, null, 2) + '\n');
      failures.push(p);
    }
  });
  return { report: file, matrixJson, matrixMd, failures };
}
