/**
 * Every output of a run behind one small interface (reporter.ts: begin, result, end, and the run's
 * start, plan, recorded, done and release) and listed in one table: the live progress, the journal,
 * report.json, the matrix (matrix.json), matrix.md, the failing cells' files, the HTML, JUnit and
 * GitHub renderings, the terminal text and the README's matrix. Each row's reporter is made by its
 * entry in MAKE (typed by the table, so a row without one does not compile). `pep567 run`, `merge`
 * and `matrix` drive them; `--format`'s help and its parsing are built from the table, and each file
 * is written by exactly one output (matrix.md once, whether --format names md or not).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isFailing } from '../primitives/statuses.ts';
import type { Report } from '../report/report.ts';
import { renderReportText, type TextOptions } from '../report/text.ts';
import { buildView, renderWith, FILE_NAMES, type ReportView, type RenderFormat } from '../report/render/index.ts';
import { fixturesLookup } from '../report/render/view.ts';
import { writeFileAtomic, writeReport } from '../report/write.ts';
import { JOURNAL_FILE, journalReporter } from './journal.ts';
import { buildMatrix, matrixMarkdown } from './matrix.ts';
import { insideReport } from './paths.ts';
import type { Finished, Reporter, RunStart } from './reporter.ts';
import type { BeforeRun, Progress, ReportOptions } from './run.ts';

export type { Finished, Reporter } from './reporter.ts';

export interface ReporterEntry {
  name: string;
  /**
   * always: every run writes it; format: when --format names it; live: while the run goes;
   * terminal: the closing text; readme: `pep567 matrix`'s block for README.md.
   */
  when: 'always' | 'format' | 'live' | 'terminal' | 'readme';
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

/** The entries: the live ones, then those a finished run writes in this order, then the closing text and the README's block. */
export const REPORTERS = [
  { name: 'progress', when: 'live', what: 'a bar on a terminal, else a line per implementation (several implementations or repetitions)', files: [] },
  { name: 'journal', when: 'live', what: 'journal.jsonl (pep567-journal/1): each event as it happens, for a run killed before its report', files: [JOURNAL_FILE] },
  { name: 'json', when: 'always', what: 'report.json (pep567-report/2.1, harness/report/REPORT.md)', files: ['report.json'] },
  { name: 'matrix', when: 'always', what: 'matrix.json (pep567-matrix/1)', files: ['matrix.json'] },
  { name: 'md', when: 'always', what: 'matrix.md: pass rates and every failure in Markdown', files: [FILE_NAMES.md] },
  { name: 'failures', when: 'always', what: 'failures/: each failing cell with its traces', files: ['failures'] },
  { name: 'html', when: 'format', what: 'report.html: a self-contained page', files: [FILE_NAMES.html] },
  { name: 'junit', when: 'format', what: 'junit.xml', files: [FILE_NAMES.junit] },
  { name: 'github', when: 'format', what: 'GitHub annotations (printed, and github-annotations.txt) and the step summary', files: [FILE_NAMES.github] },
  { name: 'text', when: 'terminal', what: 'the counts, the divergences with their rerun commands, and the summary line', files: [] },
  { name: 'readme', when: 'readme', what: 'the README\'s matrix block (pep567 matrix)', files: [] },
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

/** What the rows' reporters are made from: each takes the part it needs. */
export interface ReporterArgs {
  /** progress: the bar or lines chosen for this run (none for a short run). */
  progress?: Progress;
  /** text: read at the end (the report path, expectation outcomes). */
  text?: () => TextOptions;
  /** readme: the note before the block, and who takes the block. */
  readme?: { note: string; take: (block: string) => void };
}

/** Each row's reporter. Typed by the table: a row without an entry here, or an entry without a row, does not compile. */
export const MAKE: { readonly [N in ReporterName]: (a: ReporterArgs) => Reporter } = {
  progress: (a) => progressReporter(a.progress),
  journal: () => journalReporter(),
  json: () => ({ end: (f) => (f ? [writeReport(f.report, f.dir)] : undefined) }),
  matrix: () => ({ end: (f) => { if (!f) return; const file = join(f.dir, 'matrix.json'); writeFileAtomic(file, JSON.stringify(buildMatrix(f.report), null, 2) + '\n'); return [file]; } }),
  md: () => rendered('md'), failures: () => failureFiles,
  html: () => rendered('html'), junit: () => rendered('junit'), github: () => rendered('github'),
  text: (a) => textReporter(a.text ?? (() => ({}))),
  readme: (a) => readmeReporter(a.readme?.note ?? '', a.readme?.take ?? (() => {})),
};

/** The reporters a finished run writes: every always-written one, then the --format ones in the order named. */
export function fileReporters(formats: readonly string[] = []): Reporter[] {
  const always = REPORTERS.filter((e) => e.when === 'always').map((e) => e.name);
  return [...always, ...formats.filter((f) => !always.includes(f as never))].map((n) => MAKE[n as ReporterName]({}));
}

/** The reporters that follow a run as it goes (the table's live rows): the progress, if any, and the journal. */
export function liveReporters(progress?: Progress): Reporter[] {
  return REPORTERS.filter((e) => e.when === 'live').map((e) => MAKE[e.name]({ ...(progress ? { progress } : {}) }));
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

/** What a run's driver hands runReport and calls around it (session.ts). */
export interface Feed {
  /** Spread into runReport's options. */
  hooks: Required<Pick<ReportOptions, 'beforeRun' | 'onResult' | 'onImplementationDone'>> & Pick<ReportOptions, 'progress'>;
  /** The run goes on to its outputs: start, unless something started it already. */
  start(): void;
  /** runReport settled, however it ended. */
  release(): void;
}

/**
 * Turns runReport's callbacks into the reporters' events, in the order reporter.ts gives: start
 * once before anything else (after `check`, which may refuse the run), plan, recorded, done, release.
 */
export function feed(reporters: readonly Reporter[], run: RunStart, check?: (b: BeforeRun) => void): Feed {
  let started = false;
  const start = () => { if (started) return; started = true; for (const r of reporters) r.start?.(run); };
  const progress = liveProgress(reporters);
  return {
    hooks: {
      ...(progress ? { progress } : {}),
      beforeRun: (b) => { check?.(b); start(); if (b.plan) for (const r of reporters) r.plan?.(b.plan); },
      onResult: (i, spec, x) => { start(); for (const r of reporters) r.recorded?.({ run: i, spec }, x); },
      onImplementationDone: (i, done) => { start(); for (const r of reporters) r.done?.({ run: i, spec: done.implementation.spec }, done); },
    },
    start,
    release: () => { for (const r of reporters) r.release?.(); },
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
