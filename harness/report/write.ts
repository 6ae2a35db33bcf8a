/**
 * Writing report files atomically: each file is written to a temporary name beside it and renamed
 * over the target, so a reader (or a run killed half-way) never sees half a file. report.json is
 * written piece by piece (writeReport): a run's results together may be larger than the longest
 * string JavaScript can hold, each one is not (a host's or runner's answer is capped per scenario).
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Report } from './report.ts';

let serial = 0;

/** Writes through a temporary file in the same folder, then renames it over file (atomic on POSIX). */
function atomically(file: string, write: (tmp: string) => void): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${++serial}.tmp`);
  try {
    write(tmp);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes text to file through a temporary file in the same folder and a rename (atomic on POSIX). */
export function writeFileAtomic(file: string, text: string): void {
  atomically(file, (tmp) => writeFileSync(tmp, text));
}

/** A report of at most this many results is written as one string (faster on a cold run); failing that, streamed. */
const ONE_STRING_RESULTS = 2000;

/** Results stringified together (one at a time when a batch is too long for one string). */
const BATCH = 128;

/** How JSON.stringify(_, null, 2) frames the items of runs[0].results: what is cut away around them. */
const HEAD = '{\n  "runs": [\n    {\n      "results": [\n';
const TAIL = '\n      ]\n    }\n  ]\n}';

/** Results as they stand inside report.json (indented as there, joined by ",\n"), without the brackets. */
function resultItems(batch: readonly unknown[]): string {
  return JSON.stringify({ runs: [{ results: batch }] }, null, 2).slice(HEAD.length, -TAIL.length);
}

/** A run's results array as JSON.stringify(report, null, 2) writes it, handed to out batch by batch. */
function streamResults(results: readonly unknown[], out: (s: string) => void): void {
  if (!results.length) { out('[]'); return; }
  out('[\n');
  for (let at = 0; at < results.length; at += BATCH) {
    const batch = results.slice(at, at + BATCH);
    let text: string;
    try { text = resultItems(batch); } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      // Too long for one string together: one at a time (each is capped per scenario).
      batch.forEach((r, i) => { out(`${at + i ? ',\n' : ''}${resultItems([r])}`); });
      continue;
    }
    out(`${at ? ',\n' : ''}${text}`);
  }
  out('\n      ]');
}

/**
 * Writes report.json into dir (created if needed); returns its path. The same bytes as
 * JSON.stringify(report, null, 2) + "\n". Past `oneStringUpTo` results, or when that string would be
 * too long, never as one string: the report without its results is one (small) string, and each
 * run's results are written a batch at a time where it says so.
 */
export function writeReport(report: Report, dir: string, oneStringUpTo = ONE_STRING_RESULTS): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'report.json');
  const runs = Array.isArray(report.runs) ? report.runs : undefined;
  // A report of few results as one string (the cold run's cost), unless even that is too long.
  if ((runs ?? []).reduce((n, r) => n + (Array.isArray(r?.results) ? r.results.length : 0), 0) <= oneStringUpTo) {
    let text: string | undefined;
    try { text = JSON.stringify(report, null, 2) + '\n'; } catch (e) { if (!(e instanceof RangeError)) throw e; }
    if (text !== undefined) { writeFileAtomic(file, text); return file; }
  }
  // Each run's results stand in the skeleton as a string no report holds by chance (a nonce; not
  // crypto's: its first use costs tens of milliseconds on a cold run).
  const mark = `pep567-results-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-`;
  const skeleton = runs ? { ...report, runs: runs.map((r, i) => (Array.isArray(r?.results) ? { ...r, results: `${mark}${i}` } : r)) } : report;
  const parts = JSON.stringify(skeleton, null, 2).split(new RegExp(`"${mark}(\\d+)"`));
  atomically(file, (tmp) => {
    const fd = openSync(tmp, 'w');
    try {
      const out = (s: string) => { const b = Buffer.from(s); for (let at = 0; at < b.length;) at += writeSync(fd, b, at, b.length - at); };
      // parts: text, run index, text, run index, …, text.
      for (let i = 0; i < parts.length; i++) {
        if (i % 2 === 0) { out(i + 1 < parts.length ? parts[i]! : `${parts[i]}\n`); continue; }
        streamResults(runs![Number(parts[i])]!.results, out);
      }
    } finally { closeSync(fd); }
  });
  return file;
}
