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

/** Flushed to the file once this many characters are pending. */
const CHUNK = 1 << 20;

const isContainer = (v: unknown): v is object =>
  typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function';

/**
 * `value` as JSON.stringify(value, null, 2) writes it at `indent`, byte for byte, handed to `out`
 * in pieces: containers `depth` levels down are written member by member, anything deeper as one
 * string. The report's results are at depth 4 (report, runs, a run, results).
 */
function streamJson(value: unknown, indent: string, depth: number, out: (s: string) => void): void {
  if (depth === 0 || !isContainer(value)) {
    out((JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (!value.length) { out('[]'); return; }
    out('[');
    value.forEach((v, i) => {
      out(`${i ? ',' : ''}\n${inner}`);
      // As JSON.stringify: what has no JSON form is null in an array.
      streamJson(v === undefined || typeof v === 'function' || typeof v === 'symbol' ? null : v, inner, depth - 1, out);
    });
    out(`\n${indent}]`);
    return;
  }
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    // As JSON.stringify: a member with no JSON form is left out.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out(`${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `);
    first = false;
    streamJson(v, inner, depth - 1, out);
  }
  out(first ? '{}' : `\n${indent}}`);
}

/** Writes report.json into dir (created if needed), streamed, one result at a time; returns its path. */
export function writeReport(report: Report, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'report.json');
  atomically(file, (tmp) => {
    const fd = openSync(tmp, 'w');
    try {
      let pending = '';
      const flush = () => {
        const b = Buffer.from(pending);
        pending = '';
        for (let at = 0; at < b.length;) at += writeSync(fd, b, at, b.length - at);
      };
      streamJson(report, '', 4, (s) => { pending += s; if (pending.length >= CHUNK) flush(); });
      pending += '\n';
      flush();
    } finally { closeSync(fd); }
  });
  return file;
}
