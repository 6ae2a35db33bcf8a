/** `pep567 report FROM.json`: render a report.json as HTML, Markdown, JUnit XML or GitHub Actions output. */
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseFormats, RENDER_FORMATS, renderReport, type RenderFormat } from '../../report/render/index.ts';
import { isReportFormat } from '../../report/report.ts';
import { reportErrors } from '../../report/schema/validate.ts';
import { UsageError } from '../../primitives/usage-error.ts';
import { JOURNAL_FILE } from '../../run/journal.ts';
import { writeOutputs } from '../../run/output.ts';
import { rebuildFromJournal } from '../../run/rebuild.ts';

interface ReportFlags { format: string; out?: string; fixtures?: string; fromJournal?: string }

function readReport(file: string): unknown {
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${file}: no such file`);
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new UsageError(`${file}: not valid JSON: ${(e as Error).message}`); }
}

export function register(program: Command, setExit: (code: number) => void): void {
  program.command('report')
    .description('render a report.json as html, md (matrix.md), junit (junit.xml) or github (annotations and step summary)')
    .argument('[from]', 'the report.json a run wrote')
    .option('--from-journal <dir>', 'first rebuild DIR/report.json from DIR/journal.jsonl (a run killed before it wrote its report: what did not finish is NOT_RUN)')
    .option('--format <list>', `comma-separated: ${RENDER_FORMATS.join(', ')}`, 'html,md,junit')
    .option('--out <dir>', 'folder for the rendered files (default: the report\'s folder)')
    .option('--fixtures <dir>', 'scenario tree the report was run on, for features and fixture steps (default: fixtures/)')
    .action((from: string | undefined, flags: ReportFlags) => {
      if ((from === undefined) === (flags.fromJournal === undefined)) throw new UsageError('name either a report.json or --from-journal DIR');
      if (flags.fromJournal !== undefined) {
        const dir = resolve(flags.fromJournal);
        from = writeOutputs(rebuildFromJournal(dir), dir).report;
        process.stdout.write(`rebuilt ${relative(process.cwd(), from) || from} from ${JOURNAL_FILE}\n`);
      }
      let formats: RenderFormat[];
      try { formats = parseFormats(flags.format); } catch (e) { throw new UsageError(`--format: ${(e as Error).message}`); }
      if (flags.fixtures !== undefined && !existsSync(flags.fixtures)) throw new UsageError(`--fixtures ${flags.fixtures}: no such folder`);
      const file = resolve(from!);
      const report = readReport(file);
      // A current-format report is checked whole first: one edited or cut short is a line, not a stack or a half-rendered page.
      const invalid = isReportFormat((report as { format?: unknown })?.format) ? reportErrors(report) : [];
      if (invalid.length) throw new UsageError(`${from}: not a valid report: ${invalid[0]}${invalid.length > 1 ? ` (and ${invalid.length - 1} more)` : ''}`);
      const out = resolve(flags.out ?? dirname(file));
      let rendered;
      try {
        rendered = renderReport(report, formats, out, flags.fixtures === undefined ? {} : { fixturesDir: resolve(flags.fixtures) });
      } catch (e) {
        // A report this renderer cannot read is the caller's input, not a harness fault.
        if (e instanceof Error && /not a report|unsupported report format/.test(e.message)) throw new UsageError(`${from}: ${e.message}`);
        // A report.json edited or cut short: say where it breaks the schema, not a stack.
        const errors = reportErrors(report);
        if (errors.length) throw new UsageError(`${from}: not a valid report: ${errors[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`);
        throw e;
      }
      for (const f of formats) process.stdout.write(`${f}: ${relative(process.cwd(), rendered.files[f]!) || rendered.files[f]}\n`);
      if (rendered.stepSummary) process.stdout.write(`step summary appended to ${rendered.stepSummary}\n`);
      setExit(0);
    });
}
