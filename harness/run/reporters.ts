/**
 * Every output of a run behind one small interface (begin, result, end) and listed in one table:
 * the live progress, report.json, the matrix (matrix.json), matrix.md, the failing cells' files,
 * the HTML, JUnit and GitHub renderings, the terminal text and the README's matrix. `pep567 run`,
 * `merge` and `matrix` drive them; `--format`'s help and its parsing are built from the table, and
 * each file is written by exactly one output (matrix.md once, whether --format names md or not).
 * The journal is the run session's (session.ts), fed by the same events.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isFailing } from '../primitives/statuses.ts';
import type { Report, ScenarioResult } from '../report/report.ts';
import { renderReportText, type TextOptions } from '../report/text.ts';
import { buildView, renderWith, FILE_NAMES, type ReportView, type RenderFormat } from '../report/render/index.ts';
import { fixturesLookup } from '../report/render/view.ts';
import { writeFileAtomic, writeReport } from '../report/write.ts';
import { buildMatrix, matrixMarkdown } from './matrix.ts';
import { insideReport } from './paths.ts';
import type { Progress } from './run.ts';

/** What the outputs of a finished run share: the report (expectations applied), where to write, and one view of it. */
export interface Finished {
  report: Report;
  /** The report folder (absolute). */
  dir: string;
  fixturesDir?: string;
  env: Record<string, string | undefined>;
  /** Where terminal output and GitHub annotations go (default process.stdout). */
  print: (s: string) => void;
  /** The renderers' view, built once for every output that needs it. */
  view(): ReportView;
}

export interface Reporter {
  /** An implementation (or one repetition of it) starts: its label and how many scenarios it runs. */
  begin?(label: string, total: number): void;
  /** A scenario finished. */
  result?(r: ScenarioResult): void;
  /** Without an argument: the implementation's pass ended. With one: the run ended; returns the files written. */
  end?(finished?: Finished): string[] | void;
}

export interface ReporterEntry {
  name: string;
  /** always: every run writes it; format: when --format names it; live: while the run goes; terminal: the closing text. */
  when: 'always' | 'format' | 'live' | 'terminal';
  /** What it writes or prints, for help texts. */
  what: string;
  /** The names it writes into the report folder (a run removes an earlier run's before it starts). */
  files: readonly string[];
}

/** Renders one report format into its file (and, for github, prints the annotations and appends the step summary). */
const rendered = (format: RenderFormat): Reporter => ({
  end: (f) => (f ? [renderWith(f.view(), format, f.dir, { fixturesDir: f.fixturesDir, env: f.env, out: f.print })] : undefined),
});

/** The failing cells, one JSON file each, under failures/<n>-<spec>/<id>.json. */
const failureFiles: Reporter = {
  end: (f) => {
    if (!f) return;
    const written: string[] = [];
    f.report.runs.forEach((run, i) => {
      for (const r of run.results) {
        if (!isFailing(r.status)) continue;
        const p = insideReport(join(f.dir, 'failures'), [`${i + 1}-${run.implementation.spec}`], r.id);
        mkdirSync(dirname(p), { recursive: true });
        writeFileAtomic(p, JSON.stringify({ implementation: run.implementation, ...r }, null, 2) + '\n');
        written.push(p);
      }
    });
    return written;
  },
};

/** The entries, in the order a finished run writes them. */
export const REPORTERS = [
  { name: 'progress', when: 'live', what: 'a bar on a terminal, else a line per implementation (several implementations or repetitions)', files: [] },
  { name: 'json', when: 'always', what: 'report.json (pep567-report/2.1, harness/report/REPORT.md)', files: ['report.json'] },
  { name: 'matrix', when: 'always', what: 'matrix.json (pep567-matrix/1)', files: ['matrix.json'] },
  { name: 'md', when: 'always', what: 'matrix.md: pass rates and every failure in Markdown', files: [FILE_NAMES.md] },
  { name: 'failures', when: 'always', what: 'failures/: each failing cell with its traces', files: ['failures'] },
  { name: 'html', when: 'format', what: 'report.html: a self-contained page', files: [FILE_NAMES.html] },
  { name: 'junit', when: 'format', what: 'junit.xml', files: [FILE_NAMES.junit] },
  { name: 'github', when: 'format', what: 'GitHub annotations (printed, and github-annotations.txt) and the step summary', files: [FILE_NAMES.github] },
  { name: 'text', when: 'terminal', what: 'the counts, the divergences with their rerun commands, and the summary line', files: [] },
] as const satisfies readonly ReporterEntry[];

export type ReporterName = (typeof REPORTERS)[number]['name'];
/** What --format may name: the outputs written on demand, and those always written (accepted, written once). */
export const FORMAT_NAMES: readonly string[] = REPORTERS.filter((e) => e.when === 'format' || e.when === 'always').map((e) => e.name);

/** `--format`'s help, from the table. */
export function formatHelp(): string {
  const on = REPORTERS.filter((e) => e.when === 'format').map((e) => e.name);
  const always = REPORTERS.filter((e) => e.when === 'always').flatMap((e) => e.files);
  return `also write these formats into the report folder: ${on.join(',')} (${always.join(', ')} are always written)`;
}

/** "html,md" → the on-demand outputs named (always-written names and json are accepted and add nothing); throws naming unknown ones. */
export function parseFormatList(list: string): ReporterName[] {
  const wanted = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((f) => !FORMAT_NAMES.includes(f));
  if (unknown.length) throw new Error(`unknown format(s) ${JSON.stringify(unknown.join(','))}; expected a comma-separated list of ${FORMAT_NAMES.join(', ')}`);
  const on = new Set(REPORTERS.filter((e) => e.when === 'format').map((e) => e.name as string));
  return [...new Set(wanted)].filter((f) => on.has(f)) as ReporterName[];
}

/** The live progress as a reporter (none for a short run). */
export function progressReporter(p: Progress | undefined): Reporter {
  return p ? { begin: (l, t) => p.start(l, t), result: (r) => p.result(r), end: (f) => { if (!f) p.end(); } } : {};
}

/** The reporters a finished run writes: every always-written one, then the --format ones in the order named. */
export function fileReporters(formats: readonly string[] = []): Reporter[] {
  const make: Partial<Record<ReporterName, () => Reporter>> = {
    json: () => ({ end: (f) => (f ? [writeReport(f.report, f.dir)] : undefined) }),
    matrix: () => ({ end: (f) => { if (!f) return; const file = join(f.dir, 'matrix.json'); writeFileAtomic(file, JSON.stringify(buildMatrix(f.report), null, 2) + '\n'); return [file]; } }),
    md: () => rendered('md'), failures: () => failureFiles,
    html: () => rendered('html'), junit: () => rendered('junit'), github: () => rendered('github'),
  };
  const always = REPORTERS.filter((e) => e.when === 'always').map((e) => e.name);
  return [...always, ...formats.filter((f) => !always.includes(f as never))].map((n) => make[n as ReporterName]!());
}

/** The closing text on the terminal; `options` is read at the end (the report path, expectation outcomes). */
export function textReporter(options: () => TextOptions): Reporter {
  return { end: (f) => { if (f) f.print(renderReportText(f.report, options())); } };
}

/** The README's matrix block, handed to `take` at the end. */
export function readmeReporter(note: string, take: (block: string) => void): Reporter {
  return { end: (f) => { if (f) take(`${note}${matrixMarkdown(buildMatrix(f.report))}`); } };
}

/** What runReport needs to feed live reporters: its progress callbacks. */
export function liveProgress(reporters: readonly Reporter[]): Progress | undefined {
  const live = reporters.filter((r) => r.begin || r.result);
  if (!live.length) return undefined;
  return {
    start: (label, total) => { for (const r of live) r.begin?.(label, total); },
    result: (x) => { for (const r of live) r.result?.(x); },
    end: () => { for (const r of live) r.end?.(); },
  };
}

export interface FinishOptions { fixturesDir?: string; env?: Record<string, string | undefined>; print?: (s: string) => void }

/** Ends every reporter on the finished report, in order; the files each wrote. */
export function finish(reporters: readonly Reporter[], report: Report, dir: string, o: FinishOptions = {}): string[][] {
  let view: ReportView | undefined;
  const f: Finished = {
    report, dir: resolve(dir), ...(o.fixturesDir ? { fixturesDir: o.fixturesDir } : {}), env: o.env ?? process.env,
    print: o.print ?? ((s) => { process.stdout.write(s); }),
    view: () => (view ??= buildView(report, fixturesLookup(o.fixturesDir))),
  };
  return reporters.map((r) => r.end?.(f) ?? []);
}
