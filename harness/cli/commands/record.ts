/**
 * `pep567 record`: record reference traces from every CPython found (reference/recorder.py),
 * or with --check re-record into a temporary folder and compare byte for byte.
 */
import type { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadAll } from '../../scenarios/load.ts';
import { findPythons } from '../../pythons/pythons.ts';
import { compareTrees, recordAll, type PythonRecord } from '../../traces/record.ts';
import { listReferences, TRACES_DIR } from '../../traces/traces.ts';
import { recordPyodide } from '../../runners/record-pyodide.ts';
import { GlobError, globMatcher } from '../../run/glob.ts';
import { UsageError } from '../../primitives/usage-error.ts';

export interface RecordOptions {
  python: string[];
  include?: string;
  check?: boolean;
  /** Also record Pyodide (the 3.14 reference); a string names the Node to run it under. */
  pyodide?: boolean | string;
  /** Also look for python3 and pyenv's versions (the command always does; tests may not). */
  discover?: boolean;
  fixturesDir?: string;
  tracesDir?: string;
  out?: (s: string) => void;
  err?: (s: string) => void;
}

const RERECORD = 'npx pep567 record';

function report(r: PythonRecord): string {
  const lines: string[] = [];
  for (const s of r.skipped) lines.push(`skip ${s.id} on ${r.python.dir}: ${s.reason}${s.unrecordable ? ' (listed in unrecorded.json)' : ''}`);
  for (const f of r.failed) lines.push(`FAILED ${f.id} on ${r.python.dir}: ${f.reason}`);
  for (const d of r.deleted) lines.push(`deleted stale ${r.python.dir}/${d}.json`);
  lines.push(`${r.python.dir} (${r.python.path}): ${r.recorded.length} recorded, ${r.skipped.length} skipped, ` +
    `${r.failed.length} failed, ${r.deleted.length} stale deleted in ${(r.ms / 1000).toFixed(1)} s`);
  return lines.join('\n') + '\n';
}

/** The whole command; returns the exit code (UsageError for misuse). */
export async function recordCommand(flags: RecordOptions): Promise<number> {
  const write = flags.out ?? ((s: string) => { process.stdout.write(s); });
  const writeErr = flags.err ?? ((s: string) => { process.stderr.write(s); });
  const tracesDir = flags.tracesDir ?? TRACES_DIR;
  let owned: (id: string) => boolean = () => true;
  if (flags.include !== undefined) {
    try { owned = globMatcher(flags.include); } catch (e) { if (e instanceof GlobError) throw new UsageError(e.message); throw e; }
  }
  const { scenarios, errors } = loadAll(flags.fixturesDir);
  if (errors.length) {
    for (const e of errors) writeErr(e.message + '\n');
    writeErr(`pep567 record: ${errors.length} malformed fixture(s); nothing recorded\n`);
    return 1;
  }
  const chosen = scenarios.filter((s) => owned(s.id));
  if (flags.include !== undefined && !chosen.length) throw new UsageError(`--include ${flags.include} matches no scenario`);

  const found = await findPythons(flags.python, { discover: flags.discover !== false });
  if (found.failedExtra.length) {
    throw new UsageError(found.failedExtra.map((s) => `--python ${s.path}: ${s.reason}`).join('; '));
  }
  for (const s of found.skipped) write(`not using ${s.path}: ${s.reason}\n`);
  if (!found.pythons.length && !flags.pyodide) throw new UsageError('no usable Python found (python3, pyenv or --python PATH)');

  const out = flags.check ? mkdtempSync(join(tmpdir(), 'pep567-check-')) : tracesDir;
  try {
    const results = await recordAll(found.pythons, chosen, out, owned, (r) => write(report(r)));
    if (flags.pyodide) {
      const r = await recordPyodide(chosen, out, owned, typeof flags.pyodide === 'string' ? flags.pyodide : undefined);
      write(report(r));
      results.push(r);
    }
    const failures = results.reduce((n, r) => n + r.failed.length, 0);
    if (!flags.check) {
      if (failures) write(`${failures} recording(s) failed; the other traces were written\n`);
      return failures ? 1 : 0;
    }
    const checked = results.map((r) => r.python.dir);
    const diffs = compareTrees(out, tracesDir, checked, owned);
    // A folder recorded by an interpreter absent here cannot be re-recorded: say so, do not fail.
    for (const r of listReferences(tracesDir)) if (!checked.includes(r.dir)) write(`not checked: ${r.dir} (${r.name === 'pyodide' ? 'add --pyodide' : 'no such interpreter here'})\n`);
    const where = relative(process.cwd(), tracesDir) || tracesDir;
    for (const d of diffs) {
      const what = d.kind === 'differs' ? 'differs from a fresh recording'
        : d.kind === 'missing' ? 'is missing (a fresh recording makes it)' : 'is extra (no fresh recording makes it)';
      write(`${join(where, d.file)} ${what}\n`);
    }
    if (diffs.length) write(`${diffs.length} trace file(s) out of date: run \`${RERECORD}\` and commit reference/traces\n`);
    else if (!failures) write(`reference traces are up to date (${checked.join(', ')})\n`);
    return diffs.length || failures ? 1 : 0;
  } finally {
    if (flags.check) rmSync(out, { recursive: true, force: true });
  }
}

export function register(program: Command, setExit: (code: number) => void): void {
  program.command('record')
    .description('record reference traces with every CPython found (python3, pyenv, --python), or check them')
    .option('--python <path>', 'also record with this interpreter (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--include <glob>', 'only scenarios whose id matches (e.g. "tokens/**")')
    .option('--check', 're-record into a temporary folder and compare byte for byte with reference/traces')
    .option('--pyodide [node]', 'also record Pyodide (CPython 3.14 in WebAssembly) as pyodide-VERSION, under node24/node26/node22/node20 (default: the first installed)')
    .action(async (flags: RecordOptions) => { setExit(await recordCommand(flags)); });
}
