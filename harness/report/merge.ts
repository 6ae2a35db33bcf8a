/**
 * Merging reports: the shards of a sharded run (`--total-chunks N --this-chunk K`), and runs of
 * different implementations, into the one report an unsharded run would have written (apart from
 * times). Anything that would make the result lie is refused with a one-line reason: reports of
 * another format, level, harness, selection or reference, an implementation that differs between
 * shards, a scenario or chunk present twice, a chunk missing.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  addCounts, countStatuses, EXPECTATION_OUTCOMES, isReportFormat, REPORT_FORMAT, REPORT_FORMATS_READ, summarize,
  type ExpectationOutcome, type ImplementationRun, type Report, type ScenarioResult,
} from './report.ts';
import { reportErrors } from './schema/validate.ts';

export class MergeError extends Error {
  override name = 'MergeError';
}

export interface MergeInput { file: string; report: unknown }

const fail = (why: string): never => { throw new MergeError(why); };

/** The order fixtures load in (each folder's names sorted, a scenario's file name ending in .json), so merged results sit where an unsharded run puts them. */
export function loadOrder(a: string, b: string): number {
  const key = (id: string) => { const s = id.split('/'); s[s.length - 1] += '.json'; return s; };
  const x = key(a);
  const y = key(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

/** The fields every input must share, with how to name them in a refusal. */
const SHARED: [string, (r: Report) => unknown][] = [
  ['level', (r) => r.level],
  ['harness', (r) => r.harness],
  ['repeat', (r) => r.repeat],
  ['timeout', (r) => r.timeoutMs],
  ['selection', (r) => ({ include: r.selection.include, exclude: r.selection.exclude, features: r.selection.features, excludeFeatures: r.selection.excludeFeatures })],
  ['chunk count', (r) => r.selection.chunk?.total ?? null],
  ['expectations', (r) => (r.expectations ? { allowUnexpectedPass: r.expectations.allowUnexpectedPass, strict: !!r.expectations.strict } : null)],
];

const show = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));
const implKey = (run: ImplementationRun) => `${run.implementation.spec}${run.implementation.runtime ? ` (${run.implementation.runtime})` : ''}`;

function read(inputs: readonly MergeInput[]): { file: string; report: Report }[] {
  if (!inputs.length) fail('no report to merge');
  return inputs.map(({ file, report }) => {
    const format = (report as { format?: unknown })?.format;
    if (!isReportFormat(format)) fail(`${file}: format ${show(format ?? 'missing')}, expected ${REPORT_FORMATS_READ.join(' or ')}`);
    const errors = reportErrors(report);
    if (errors.length) fail(`${file}: not a valid report: ${errors[0]}`);
    return { file, report: report as Report };
  });
}

export function mergeReports(inputs: readonly MergeInput[], now = new Date()): Report {
  const all = read(inputs);
  const first = all[0]!;
  for (const { file, report } of all.slice(1))
    for (const [what, get] of SHARED)
      if (!isDeepStrictEqual(get(report), get(first.report))) fail(`inconsistent ${what}: ${show(get(first.report))} in ${first.file}, ${show(get(report))} in ${file}`);

  const total = first.report.selection.chunk?.total;
  const runs = new Map<string, { run: ImplementationRun; file: string; results: Map<string, { r: ScenarioResult; file: string }>; chunks: Map<number, string> }>();
  for (const { file, report } of all) for (const run of report.runs) {
    const key = implKey(run);
    let into = runs.get(key);
    if (!into) runs.set(key, into = { run, file, results: new Map(), chunks: new Map() });
    else {
      // The reference first: an implementation that models the reference's Python changes version with it.
      if (!isDeepStrictEqual(run.reference, into.run.reference)) fail(`inconsistent reference for ${key}: ${into.run.reference.dir} in ${into.file}, ${run.reference.dir} in ${file}`);
      if (!isDeepStrictEqual(run.implementation, into.run.implementation)) fail(`inconsistent implementation ${key}: ${show(into.run.implementation)} in ${into.file}, ${show(run.implementation)} in ${file}`);
      if (run.level !== into.run.level) fail(`inconsistent level for ${key}: ${into.run.level} in ${into.file}, ${run.level} in ${file}`);
    }
    const chunk = report.selection.chunk?.this;
    if (chunk !== undefined) {
      const had = into.chunks.get(chunk);
      if (had) fail(`overlapping shards: ${key} chunk ${chunk} of ${total} is in ${had} and ${file}`);
      into.chunks.set(chunk, file);
    }
    for (const r of run.results) {
      const had = into.results.get(r.id);
      if (had) fail(`overlapping shards: ${key} ${r.id} is in ${had.file} and ${file}`);
      into.results.set(r.id, { r, file });
    }
  }
  if (total !== undefined) for (const [key, { chunks }] of runs) {
    const missing = Array.from({ length: total }, (_, i) => i + 1).filter((k) => !chunks.has(k));
    if (missing.length) fail(`missing shards: ${key} has no chunk ${missing.join(', ')} of ${total}`);
  }

  const merged: ImplementationRun[] = [...runs.values()].map(({ run, results }) => {
    const sorted = [...results.values()].map((x) => x.r).sort((a, b) => loadOrder(a.id, b.id));
    const counts = countStatuses(sorted);
    return { ...run, counts, summary: summarize(counts), results: sorted };
  });
  const counts = addCounts(merged.map((r) => r.counts));
  const ids = new Set(merged.flatMap((r) => r.results.map((x) => x.id)));
  const sel = first.report.selection;
  const interrupted = all.find((x) => x.report.interrupted)?.report.interrupted;
  const out: Report = {
    format: REPORT_FORMAT,
    createdAt: now.toISOString(),
    harness: first.report.harness,
    level: first.report.level,
    selection: {
      include: sel.include, exclude: sel.exclude, features: sel.features, excludeFeatures: sel.excludeFeatures, chunk: null, scenarios: ids.size,
      // The first shard's trees: shards run elsewhere may name them by other paths.
      ...(sel.fixtures ? { fixtures: sel.fixtures } : {}), ...(sel.traces ? { traces: sel.traces } : {}),
    },
    ...(first.report.execution ? { execution: first.report.execution } : {}),
    timeoutMs: first.report.timeoutMs,
    repeat: first.report.repeat,
    runs: merged,
    counts,
    summary: summarize(counts),
    ...(interrupted ? { interrupted } : {}),
  };
  const e = first.report.expectations;
  if (e) {
    const outcomes = Object.fromEntries(EXPECTATION_OUTCOMES.map((o) => [o, 0])) as Record<ExpectationOutcome, number>;
    for (const run of merged) for (const r of run.results) if (r.expectation) outcomes[r.expectation.outcome]++;
    const union = <T>(pick: (x: NonNullable<Report['expectations']>) => T[] | undefined) =>
      [...new Map(all.flatMap((x) => pick(x.report.expectations!) ?? []).map((v) => [JSON.stringify(v), v])).values()];
    out.expectations = {
      files: union((x) => x.files), allowUnexpectedPass: e.allowUnexpectedPass, counts: outcomes,
      ...(all.some((x) => x.report.expectations!.stale) ? { stale: union((x) => x.stale) } : {}),
      ...(e.strict ? { strict: true, todo: union((x) => x.todo) } : {}),
    };
  }
  return out;
}
