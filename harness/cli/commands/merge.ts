/** `pep567 merge OUT_DIR REPORT…`: shard (or per-implementation) reports into one report folder, rendered like a run's. */
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Report } from '../../report/report.ts';
import { mergeReports, MergeError, type MergeInput } from '../../report/merge.ts';
import { summaryLine } from '../../report/text.ts';
import { checkReportDir, clearReportDir, writeOutputs } from '../../run/output.ts';
import { formatHelp, parseFormatList } from '../../run/reporters.ts';
import { UsageError } from '../../primitives/usage-error.ts';

interface MergeFlags { format?: string; fixtures?: string }

/** A report.json, or a folder holding one (an unpacked CI artifact). */
function readInput(arg: string): MergeInput {
  let file = resolve(arg);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'report.json');
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${arg}: no such report`);
  const shown = relative(process.cwd(), file) || file;
  try { return { file: shown, report: JSON.parse(readFileSync(file, 'utf8')) }; } catch (e) { throw new UsageError(`${shown}: not valid JSON: ${(e as Error).message}`); }
}

export function register(program: Command, setExit: (code: number) => void): void {
  program.command('merge')
    .description('merge shard reports (--total-chunks/--this-chunk) or per-implementation reports into one report folder')
    .argument('<out>', 'folder for the merged report.json, matrix.json, matrix.md (and --format outputs)')
    .argument('<reports...>', 'report.json files, or folders holding one')
    .option('--format <list>', formatHelp())
    .option('--fixtures <dir>', 'scenario tree the reports were run on (default: fixtures/)')
    .action((outDir: string, reports: string[], flags: MergeFlags) => {
      let formats: string[] = [];
      if (flags.format !== undefined) {
        try { formats = parseFormatList(flags.format); } catch (e) { throw new UsageError(`--format: ${(e as Error).message}`); }
      }
      if (flags.fixtures !== undefined && !existsSync(flags.fixtures)) throw new UsageError(`--fixtures ${flags.fixtures}: no such folder`);
      const fixturesDir = flags.fixtures === undefined ? undefined : resolve(flags.fixtures);
      const inputs = reports.map(readInput);
      let merged: Report;
      try { merged = mergeReports(inputs); } catch (e) { if (e instanceof MergeError) throw new UsageError(`cannot merge: ${e.message}`); throw e; }
      const dir = checkReportDir(outDir, 'merge');
      clearReportDir(dir);
      const out = writeOutputs(merged, dir, { formats, ...(fixturesDir ? { fixturesDir } : {}) });
      process.stdout.write(`merged ${inputs.length} report(s), ${merged.runs.length} implementation(s), ${merged.selection.scenarios} scenario(s): ${relative(process.cwd(), out.report) || out.report}\n`
        + `${summaryLine(merged)}\n`);
      setExit(0);
    });
}
