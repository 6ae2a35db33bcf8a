/** `pep567 diff OLD.json NEW.json`: regressions, fixes and new scenarios between two reports, per implementation. */
import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../../report/write.ts';
import { dirname, join, relative, resolve } from 'node:path';
import { diffReports, totalRegressions } from '../../report/render/diff.ts';
import { diffHtml, diffMarkdown, diffText } from '../../report/render/diff-render.ts';
import { DIFF_FILE_NAMES, parseFormats } from '../../report/render/index.ts';
import { buildView, type ReportView } from '../../report/render/view.ts';
import { terminalSafe } from '../../report/text.ts';
import { UsageError } from '../../primitives/usage-error.ts';

interface DiffFlags { format?: string; out?: string }

function view(file: string): ReportView {
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${file}: no such file`);
  let data: unknown;
  try { data = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new UsageError(`${file}: not valid JSON: ${(e as Error).message}`); }
  // The program of a failing scenario is not shown in a diff: no fixture needs reading.
  try { return buildView(data, () => undefined); } catch (e) { throw new UsageError(`${file}: ${(e as Error).message}`); }
}

const shown = (p: string) => { const r = relative(process.cwd(), p); return r && !r.startsWith('..') ? r : p; };

export function register(program: Command, setExit: (code: number) => void): void {
  program.command('diff')
    .description('compare two report.json files per implementation: regressions, fixes, other changes, new scenarios (exit 1 on a regression)')
    .argument('<old>', 'the earlier report.json')
    .argument('<new>', 'the later report.json')
    .option('--format <list>', 'also write md (diff.md) and/or html (diff.html)')
    .option('--out <dir>', 'folder for diff.md and diff.html (default: the new report\'s folder)')
    .action((oldFile: string, newFile: string, flags: DiffFlags) => {
      let formats: string[] = [];
      if (flags.format !== undefined) {
        try { formats = parseFormats(flags.format, ['md', 'html']); } catch (e) { throw new UsageError(`--format: ${(e as Error).message}`); }
      }
      const d = diffReports(view(resolve(oldFile)), view(resolve(newFile)), { old: shown(resolve(oldFile)), new: shown(resolve(newFile)) });
      const out = resolve(flags.out ?? dirname(resolve(newFile)));
      const written: string[] = [];
      if (formats.length) mkdirSync(out, { recursive: true });
      if (formats.includes('md')) { writeFileAtomic(join(out, DIFF_FILE_NAMES.md), diffMarkdown(d)); written.push(join(out, DIFF_FILE_NAMES.md)); }
      if (formats.includes('html')) { writeFileAtomic(join(out, DIFF_FILE_NAMES.html), diffHtml(d)); written.push(join(out, DIFF_FILE_NAMES.html)); }
      const text = diffText(d, terminalSafe);
      const lines = text.trimEnd().split('\n');
      // The closing count line stays last, after the files written.
      process.stdout.write([...lines.slice(0, -1), ...written.map((f) => `wrote ${shown(f)}`), ...(written.length ? [''] : []), lines.at(-1)!].join('\n') + '\n');
      setExit(totalRegressions(d) > 0 ? 1 : 0);
    });
}
