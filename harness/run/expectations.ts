/**
 * Expectation files (harness/run/EXPECTATIONS.md): the known failures of one implementation with
 * their signature. A run gates on them: a new failure, a changed signature or an unexpected pass
 * is an unexpected result, so the file cannot silently go stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DivergenceReason } from '../compare/compare.ts';
import { UsageError } from '../cli/usage-error.ts';
import {
  EXPECTATION_OUTCOMES, FAILING, STATUSES, signatureOf,
  type ExpectationOutcome, type ImplementationRun, type Report, type ScenarioResult, type Signature, type Status,
} from '../report/format.ts';

export const EXPECTATIONS_FORMAT = 'pep567-expectations/1';

export interface Entry { status: Status; divergence?: DivergenceReason; reason?: string; link?: string }
export interface ExpectationFile {
  format: typeof EXPECTATIONS_FORMAT;
  /** The --impl spec the file is for; a file without one applies when the run has a single implementation. */
  implementation?: string;
  expectations: Record<string, Entry>;
}
export interface LoadedExpectations { path: string; file: ExpectationFile }

const REASONS: readonly string[] = ['missing', 'extra', 'task', 'op', 'step', 'value', 'error-expected', 'value-expected', 'kind', 'message'];

function invalid(path: string, why: string): never {
  throw new UsageError(`--expectations ${path}: ${why}`);
}

export function parseExpectations(path: string, text: string): ExpectationFile {
  let data: any;
  try { data = JSON.parse(text); } catch (e) { invalid(path, `not valid JSON: ${(e as Error).message}`); }
  if (!data || typeof data !== 'object' || Array.isArray(data)) invalid(path, 'expected a JSON object');
  if (data.format !== EXPECTATIONS_FORMAT) invalid(path, `format must be "${EXPECTATIONS_FORMAT}"`);
  if (data.implementation !== undefined && typeof data.implementation !== 'string') invalid(path, 'implementation must be a string');
  const ex = data.expectations;
  if (!ex || typeof ex !== 'object' || Array.isArray(ex)) invalid(path, 'expectations must be an object of scenario id -> entry');
  for (const [id, e] of Object.entries<any>(ex)) {
    if (!e || typeof e !== 'object') invalid(path, `${id}: expected an object`);
    if (!STATUSES.includes(e.status) || e.status === 'PASS') invalid(path, `${id}: status must be a non-PASS status (${STATUSES.filter((s) => s !== 'PASS').join(', ')})`);
    if (e.divergence !== undefined && (e.status !== 'FAIL' || !REASONS.includes(e.divergence))) invalid(path, `${id}: divergence is a FAIL's reason (${REASONS.join(', ')})`);
    for (const k of ['reason', 'link']) if (e[k] !== undefined && typeof e[k] !== 'string') invalid(path, `${id}: ${k} must be a string`);
    for (const k of Object.keys(e)) if (!['status', 'divergence', 'reason', 'link'].includes(k)) invalid(path, `${id}: unknown field ${k}`);
  }
  return data as ExpectationFile;
}

/** A missing file is an empty one when it is about to be written (--update-expectations). */
export function loadExpectations(path: string, allowMissing: boolean): LoadedExpectations {
  if (!existsSync(path)) {
    if (!allowMissing) throw new UsageError(`--expectations ${path}: no such file`);
    return { path, file: { format: EXPECTATIONS_FORMAT, expectations: {} } };
  }
  return { path, file: parseExpectations(path, readFileSync(path, 'utf8')) };
}

/**
 * The spec each file applies to: its `implementation`, or the one spec of a one-implementation run.
 * The run command calls it on its specs before running, so a file that cannot apply costs no run.
 */
export function fileTargets(specs: readonly string[], files: LoadedExpectations[]): string[] {
  const seen = new Set<string>();
  return files.map((f) => {
    const target = f.file.implementation === undefined
      ? (specs.length === 1 ? specs[0]! : invalid(f.path, 'names no implementation, and the run has several: add "implementation": SPEC'))
      : f.file.implementation;
    if (!specs.includes(target)) invalid(f.path, `is for ${target}, which this run does not run`);
    if (seen.has(target)) invalid(f.path, `a second file for ${target}`);
    seen.add(target);
    return target;
  });
}

/** Which file applies to which run (fileTargets, on the runs' specs). */
export function assignFiles(runs: ImplementationRun[], files: LoadedExpectations[]): Map<ImplementationRun, LoadedExpectations> {
  const targets = fileTargets(runs.map((r) => r.implementation.spec), files);
  return new Map(files.map((f, i) => [runs.find((r) => r.implementation.spec === targets[i])!, f]));
}

const same = (a: Signature, b: Signature) => a.status === b.status && (a.divergence ?? null) === (b.divergence ?? null);

export function judge(r: ScenarioResult, entry: Entry | undefined): ExpectationOutcome {
  if (!entry) return FAILING.includes(r.status) ? 'new-failure' : 'expected';
  if (r.status === 'PASS') return 'unexpected-pass';
  return same(signatureOf(r), { status: entry.status, divergence: entry.divergence }) ? 'expected' : 'changed-signature';
}

/** Marks every result of every run with its outcome; a run without a file is held to an empty one. */
export function applyExpectations(report: Report, files: LoadedExpectations[], allowUnexpectedPass: boolean): void {
  const assigned = assignFiles(report.runs, files);
  const counts = Object.fromEntries(EXPECTATION_OUTCOMES.map((o) => [o, 0])) as Record<ExpectationOutcome, number>;
  for (const run of report.runs) {
    const entries = assigned.get(run)?.file.expectations ?? {};
    run.results = run.results.map((r) => {
      const entry = Object.hasOwn(entries, r.id) ? entries[r.id] : undefined;
      const outcome = judge(r, entry);
      counts[outcome]++;
      const note = entry?.reason ?? entry?.link;
      return { ...r, expectation: { outcome, ...(entry ? { expected: { status: entry.status, ...(entry.divergence ? { divergence: entry.divergence } : {}) } } : {}), ...(note ? { note } : {}) } };
    });
  }
  report.expectations = { files: files.map((f) => f.path), allowUnexpectedPass, counts };
}

/** Whether the gate lets the run through. */
export function gatePasses(report: Report): boolean {
  const e = report.expectations;
  if (!e) return false;
  return e.counts['new-failure'] === 0 && e.counts['changed-signature'] === 0 && (e.allowUnexpectedPass || e.counts['unexpected-pass'] === 0);
}

/** Rewrites the entries of the scenarios that ran (failures listed, passes removed); others stay as they were. */
export function updateExpectations(run: ImplementationRun, f: LoadedExpectations): ExpectationFile {
  const next: Record<string, Entry> = { ...f.file.expectations };
  for (const r of run.results) {
    const old = next[r.id];
    if (r.status === 'PASS' || (!FAILING.includes(r.status) && !old)) { delete next[r.id]; continue; }
    const sig = signatureOf(r);
    next[r.id] = { ...sig, ...(old?.reason ? { reason: old.reason } : { reason: 'TODO: why, or a link' }), ...(old?.link ? { link: old.link } : {}) };
  }
  const sorted = Object.fromEntries(Object.keys(next).sort().map((k) => [k, next[k]!]));
  const file: ExpectationFile = { format: EXPECTATIONS_FORMAT, implementation: f.file.implementation ?? run.implementation.spec, expectations: sorted };
  writeFileSync(f.path, JSON.stringify(file, null, 2) + '\n');
  return file;
}

/** Lines for the text output: each unexpected result. */
export function describeUnexpected(report: Report): string[] {
  const out: string[] = [];
  for (const run of report.runs) for (const r of run.results) {
    const o = r.expectation?.outcome;
    if (!o || o === 'expected') continue;
    if (o === 'unexpected-pass' && report.expectations?.allowUnexpectedPass) continue;
    const want = r.expectation!.expected;
    const sig = signatureOf(r);
    const show = (s: Signature) => s.divergence ? `${s.status} (${s.divergence})` : s.status;
    out.push(`${o} ${run.implementation.spec} ${r.id}: ${want ? `expected ${show(want)}, got ` : ''}${show(sig)}`);
  }
  return out;
}
