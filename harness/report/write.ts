/**
 * Writing report files atomically: each file is written to a temporary name beside it and renamed
 * over the target, so a reader (or a run killed half-way) never sees half a file.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Report } from './report.ts';

let serial = 0;

/** Writes text to file through a temporary file in the same folder and a rename (atomic on POSIX). */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${++serial}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes report.json into dir (created if needed); returns its path. */
export function writeReport(report: Report, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'report.json');
  writeFileAtomic(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}
