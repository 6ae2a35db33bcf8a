/**
 * Renders a report.json into the requested formats: `html` (report.html), `md` (matrix.md),
 * `junit` (junit.xml) and `github` (annotations printed for the Actions runner, kept in
 * github-annotations.txt, and the Markdown summary appended to $GITHUB_STEP_SUMMARY when set).
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIXTURES_DIR } from '../../scenarios/load.ts';
import { lineOfStep, renderGithubAnnotations } from './github.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { buildView, fixturesLookup, type ReportView, type ScenarioView } from './view.ts';
import { writeFileAtomic } from '../write.ts';

export const RENDER_FORMATS = ['html', 'md', 'junit', 'github'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

/** What `pep567 diff --format md,html` writes (by default into the new report's folder, so a later run there removes them). */
export const DIFF_FILE_NAMES = { md: 'diff.md', html: 'diff.html' } as const;

export const FILE_NAMES: Record<RenderFormat, string> = {
  html: 'report.html',
  md: 'matrix.md',
  junit: 'junit.xml',
  github: 'github-annotations.txt',
};

/** "html,md" → ['html', 'md']; throws an Error naming the unknown ones. */
export function parseFormats(list: string, allowed: readonly string[] = RENDER_FORMATS): RenderFormat[] {
  const wanted = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((f) => !allowed.includes(f));
  if (unknown.length || !wanted.length) throw new Error(`unknown format(s) ${JSON.stringify(unknown.join(',') || list)}; expected a comma-separated list of ${allowed.join(', ')}`);
  return [...new Set(wanted)] as RenderFormat[];
}

export interface RenderOptions {
  /** Where scenarios are read for their features and steps (default fixtures/). */
  fixturesDir?: string;
  /** Environment for GITHUB_STEP_SUMMARY (default process.env). */
  env?: Record<string, string | undefined>;
  /** Where GitHub annotations are printed (default process.stdout): the runner reads them from the log. */
  out?: (s: string) => void;
}

export interface Rendered {
  /** The file written for each format. */
  files: Partial<Record<RenderFormat, string>>;
  /** The step summary appended to, when GITHUB_STEP_SUMMARY was set and github was asked for. */
  stepSummary?: string;
}

function lineFinder(dir: string) {
  const texts = new Map<string, string | undefined>();
  return (file: string, step: string): number | undefined => {
    if (!texts.has(file)) {
      let text: string | undefined;
      try { text = readFileSync(join(dir, file.replace(/^fixtures\//, '')), 'utf8'); } catch { text = undefined; }
      texts.set(file, text);
    }
    const text = texts.get(file);
    return text === undefined ? undefined : lineOfStep(text, step);
  };
}

/**
 * A fixture's path as the repository running the suite sees it: relative to GITHUB_WORKSPACE (in
 * Actions) or the working folder, so annotations point into a consumer's checkout
 * (node_modules/pep567-conformance/fixtures/…) as well as into this repository; undefined outside it.
 */
export function repositoryPath(fixturesDir: string, env: Record<string, string | undefined> = process.env): (s: ScenarioView) => string | undefined {
  const root = resolve(env.GITHUB_WORKSPACE || process.cwd());
  return (s) => {
    const rel = relative(root, join(fixturesDir, `${s.id}.json`));
    return !rel || rel.startsWith('..') || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
  };
}

export function renderView(view: ReportView, format: RenderFormat, fixturesDir = FIXTURES_DIR, env: Record<string, string | undefined> = process.env): string {
  switch (format) {
    case 'html': return renderHtml(view, { fixtureHref: (id) => pathToFileURL(join(fixturesDir, `${id}.json`)).href });
    case 'md': return renderMarkdown(view);
    case 'junit': return renderJunit(view, repositoryPath(fixturesDir, env));
    case 'github': return renderGithubAnnotations(view, { lineOf: lineFinder(fixturesDir), fileOf: repositoryPath(fixturesDir, env) });
  }
}

/**
 * Writes one format of a view into dir (created if needed) and returns the file; github also prints
 * the annotations (o.out) and appends the Markdown summary to $GITHUB_STEP_SUMMARY when set.
 */
export function renderWith(view: ReportView, f: RenderFormat, dir: string, o: RenderOptions = {}): string {
  const fixturesDir = o.fixturesDir ?? FIXTURES_DIR;
  const env = o.env ?? process.env;
  mkdirSync(dir, { recursive: true });
  const text = renderView(view, f, fixturesDir, env);
  const file = join(dir, FILE_NAMES[f]);
  writeFileAtomic(file, text);
  if (f === 'github') {
    (o.out ?? ((s: string) => { process.stdout.write(s); }))(text);
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, renderMarkdown(view, { maxFailures: 30 }) + '\n');
  }
  return file;
}

/** Writes each format into dir (created if needed). The report may be pep567-report/1 or /2. */
export function renderReport(report: unknown, formats: readonly RenderFormat[], dir: string, o: RenderOptions = {}): Rendered {
  const view = buildView(report, fixturesLookup(o.fixturesDir ?? FIXTURES_DIR));
  mkdirSync(dir, { recursive: true });
  const result: Rendered = { files: {} };
  for (const f of formats) {
    result.files[f] = renderWith(view, f, dir, o);
    const summary = (o.env ?? process.env).GITHUB_STEP_SUMMARY;
    if (f === 'github' && summary) result.stepSummary = summary;
  }
  return result;
}

export { buildView, type ReportView } from './view.ts';
