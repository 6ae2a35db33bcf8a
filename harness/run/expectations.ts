/**
 * Expectation files (harness/run/EXPECTATIONS.md): the known failures of one implementation with
 * their signature, and the feature set it was judged with. A run gates on them: a new failure, a
 * changed signature, a scenario that became (or stopped being) UNSUPPORTED or SEMANTICS_DIFFER, an
 * unexpected pass or an entry for a scenario that no longer exists is an unexpected result, so the
 * file cannot silently go stale.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { DivergenceReason } from '../compare/compare.ts';
import { UsageError } from '../primitives/usage-error.ts';
import { effectiveFeatures } from '../format/implied.ts';
import {
  EXPECTATION_OUTCOMES, signatureOf,
  type ExpectationOutcome, type ImplementationRun, type ImplementationSummary, type Report, type ScenarioResult, type Signature, type Status,
} from '../report/report.ts';
import { classOf, fromFeatures, isFailing, isListable, isPassed, PASSED, skipKindOf, skipStatus, STATUSES } from '../primitives/statuses.ts';
import { writeFileAtomic } from '../report/write.ts';
import { globMatcher, GlobError } from './glob.ts';
import { isPython } from './scenario.ts';
import { rulesDiffering } from '../contract/rules.ts';

export const EXPECTATIONS_FORMAT = 'pep567-expectations/2';
/** Version 1 named the implementation by its --impl spec and recorded no feature set; still read. */
const FORMAT_1 = 'pep567-expectations/1';

export interface Entry { status: Status; divergence?: DivergenceReason; reason?: string; link?: string }
/** An implementation as it describes itself: its name and major version (a Python's is its feature release, 3.11), and optionally its runtime. */
export interface Identity { name: string; major: string; runtime?: string }
export interface ExpectationFile {
  format: typeof EXPECTATIONS_FORMAT | typeof FORMAT_1;
  /** Whom the file is for (a spec string in version 1); a file without one applies when the run has a single implementation. */
  implementation?: Identity | string;
  /** The features the implementation declared when the file was written: the feature set judged. */
  features?: string[];
  /** The features it declared as differing on purpose then. */
  differs?: string[];
  /** Globs of scenario ids whose change to or from UNSUPPORTED / SEMANTICS_DIFFER is not counted. */
  allowed?: string[];
  expectations: Record<string, Entry>;
}
export interface LoadedExpectations { path: string; file: ExpectationFile }

const REASONS: readonly string[] = ['missing', 'extra', 'task', 'op', 'step', 'value', 'error-expected', 'value-expected', 'kind', 'message'];
const FIELDS = ['format', 'implementation', 'features', 'differs', 'allowed', 'expectations'];
/** Entries state what an implementation does, never that a run was cut short. */
const LISTABLE = STATUSES.filter(isListable);

function invalid(path: string, why: string): never {
  throw new UsageError(`--expectations ${path}: ${why}`);
}

const strings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');

export function parseExpectations(path: string, text: string): ExpectationFile {
  let data: any;
  try { data = JSON.parse(text); } catch (e) { invalid(path, `not valid JSON: ${(e as Error).message}`); }
  if (!data || typeof data !== 'object' || Array.isArray(data)) invalid(path, 'expected a JSON object');
  if (data.format !== EXPECTATIONS_FORMAT && data.format !== FORMAT_1) invalid(path, `format must be "${EXPECTATIONS_FORMAT}" (or "${FORMAT_1}")`);
  for (const k of Object.keys(data)) if (!FIELDS.includes(k)) invalid(path, `unknown field ${k}`);
  const impl = data.implementation;
  if (data.format === FORMAT_1 && impl !== undefined && typeof impl !== 'string') invalid(path, 'implementation must be a string (the --impl spec) in version 1');
  if (data.format === EXPECTATIONS_FORMAT && impl !== undefined
    && (!impl || typeof impl !== 'object' || typeof impl.name !== 'string' || typeof impl.major !== 'string' || (impl.runtime !== undefined && typeof impl.runtime !== 'string')))
    invalid(path, 'implementation must be { "name": NAME, "major": MAJOR[, "runtime": RUNTIME] }, as the implementation reports itself');
  for (const k of ['features', 'differs', 'allowed']) if (data[k] !== undefined && !strings(data[k])) invalid(path, `${k} must be a list of strings`);
  for (const g of data.allowed ?? []) {
    try { globMatcher(g); } catch (e) { if (e instanceof GlobError) invalid(path, `allowed: ${e.message}`); throw e; }
  }
  const ex = data.expectations;
  if (!ex || typeof ex !== 'object' || Array.isArray(ex)) invalid(path, 'expectations must be an object of scenario id -> entry');
  for (const [id, e] of Object.entries<any>(ex)) {
    if (!e || typeof e !== 'object') invalid(path, `${id}: expected an object`);
    if (!LISTABLE.includes(e.status)) invalid(path, `${id}: status must be a non-PASS status (${LISTABLE.join(', ')})`);
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

/* ---- which file is for which implementation ---- */

export function identityOf(i: ImplementationSummary): Identity {
  const parts = i.version.split('.');
  // A Python's behaviour changes with its feature release (3.9 → 3.10), not with the "3".
  const major = (isPython({ info: i }) ? parts.slice(0, 2) : parts.slice(0, 1)).join('.');
  return { name: i.name, major, ...(i.runtime ? { runtime: i.runtime } : {}) };
}

const showIdentity = (x: Identity) => `${x.name} ${x.major}${x.runtime ? ` (${x.runtime})` : ''}`;
const pathLike = (s: string) => isAbsolute(s) || s.startsWith('.') || /\.[cm]?[jt]s$/.test(s);

function isFor(f: ExpectationFile, i: ImplementationSummary): boolean {
  const want = f.implementation!;
  if (typeof want === 'string') // version 1: the spec, however it was spelled, or the reported name
    return want === i.spec || want === i.name || (pathLike(want) && pathLike(i.spec) && resolve(want) === resolve(i.spec));
  const have = identityOf(i);
  return want.name === have.name && want.major === have.major && (want.runtime === undefined || want.runtime === have.runtime);
}

/**
 * The implementation (index into impls) each file applies to: the one its identity names, or the
 * only one of a one-implementation run. Throws a UsageError for a file that matches none, several,
 * or an implementation another file already took. Called before the first scenario.
 */
export function assignFiles(impls: readonly ImplementationSummary[], files: LoadedExpectations[]): number[] {
  const taken = new Map<number, string>();
  return files.map((f) => {
    let index: number;
    if (f.file.implementation === undefined) {
      if (impls.length !== 1) invalid(f.path, 'names no implementation, and the run has several: add "implementation" (--update-expectations writes it)');
      index = 0;
    } else {
      const hits = impls.flatMap((i, n) => (isFor(f.file, i) ? [n] : []));
      const want = typeof f.file.implementation === 'string' ? f.file.implementation : showIdentity(f.file.implementation);
      if (!hits.length) invalid(f.path, `is for ${want}, which this run does not run (it runs ${impls.map((i) => showIdentity(identityOf(i))).join(', ')})`);
      if (hits.length > 1) invalid(f.path, `is for ${want}, which matches ${hits.length} implementations of this run (${hits.map((n) => impls[n]!.spec).join(', ')}): add "runtime" or run them apart`);
      index = hits[0]!;
    }
    if (taken.has(index)) invalid(f.path, `a second file for ${impls[index]!.spec} (the first is ${taken.get(index)})`);
    taken.set(index, f.path);
    return index;
  });
}

/* ---- judging ---- */

const same = (a: Signature, b: Signature) => a.status === b.status && (a.divergence ?? null) === (b.divergence ?? null);

/** What the file's feature set makes of a scenario with these features: UNSUPPORTED, SEMANTICS_DIFFER, or PASS (judged, and no entry). */
export function impliedStatus(f: ExpectationFile, scenarioFeatures: readonly string[], scenario: { rule?: string } = {}): Status | undefined {
  if (!f.features) return undefined;
  const differs = Object.fromEntries((f.differs ?? []).map((d) => [d, '']));
  if (rulesDiffering(differs, scenario).length) return skipStatus('differ');
  const have = effectiveFeatures(f.features, differs);
  const lacking = scenarioFeatures.filter((x) => !have.has(x));
  if (lacking.some((x) => !Object.hasOwn(differs, x))) return skipStatus('unsupported');
  return lacking.length ? skipStatus('differ') : PASSED;
}

/** A change between supported and not, which the file's `allowed` may excuse (a failure never is). */
const supportChange = (a: Status, b: Status) => a !== b && (fromFeatures(a) || fromFeatures(b)) && !isFailing(a) && !isFailing(b);

/** The outcome, and the signature the file stands for (its entry, or what its feature set implies). */
export function judge(r: ScenarioResult, entry: Entry | undefined, f?: ExpectationFile): { outcome: ExpectationOutcome; expected?: Signature } {
  if (classOf(r.status) === 'not-run') return { outcome: 'expected' };
  if (entry) {
    const expected: Signature = { status: entry.status, ...(entry.divergence ? { divergence: entry.divergence } : {}) };
    if (isPassed(r.status)) return { outcome: 'unexpected-pass', expected };
    return { outcome: same(signatureOf(r), expected) ? 'expected' : 'changed-signature', expected };
  }
  if (isFailing(r.status)) return { outcome: 'new-failure' };
  const implied = f ? impliedStatus(f, r.features, r) : undefined;
  // SKIPPED follows the reference (its version range, what it recorded), not the implementation; a file without a feature set cannot tell.
  if (skipKindOf(r.status) === 'not in reference' || implied === undefined || implied === r.status) return { outcome: 'expected' };
  return { outcome: 'changed-signature', expected: { status: implied } };
}

export interface GateOptions {
  /** Every scenario id of the tree run: entries for others are stale. */
  corpus?: readonly string[];
  /** --strict-expectations: entries whose reason is still a TODO fail the gate. */
  strict?: boolean;
}

const isTodo = (e: Entry) => /^\s*TODO\b/i.test(e.reason ?? '') && !e.link;

/** Marks every result of every run with its outcome; a run without a file is held to an empty one. */
export function applyExpectations(report: Report, files: LoadedExpectations[], allowUnexpectedPass: boolean, o: GateOptions = {}): void {
  const targets = assignFiles(report.runs.map((r) => r.implementation), files);
  const counts = Object.fromEntries(EXPECTATION_OUTCOMES.map((x) => [x, 0])) as Record<ExpectationOutcome, number>;
  report.runs.forEach((run, index) => {
    const f = files[targets.indexOf(index)]?.file;
    const entries = f?.expectations ?? {};
    const allowed = (f?.allowed ?? []).map(globMatcher);
    run.results = run.results.map((r) => {
      const entry = Object.hasOwn(entries, r.id) ? entries[r.id] : undefined;
      let { outcome, expected } = judge(r, entry, f);
      let note = entry?.reason ?? entry?.link;
      if (outcome !== 'expected' && expected && supportChange(expected.status, r.status) && allowed.some((m) => m(r.id))) {
        outcome = 'expected';
        note = `allowed change: ${expected.status} -> ${r.status}`;
      }
      counts[outcome]++;
      return { ...r, expectation: { outcome, ...(expected ? { expected } : {}), ...(note ? { note } : {}) } };
    });
  });
  const corpus = o.corpus ? new Set(o.corpus) : undefined;
  const each = (pick: (id: string, e: Entry) => boolean) => files.flatMap((f) => Object.entries(f.file.expectations).filter(([id, e]) => pick(id, e)).map(([id]) => ({ file: f.path, id })));
  report.expectations = {
    files: files.map((f) => f.path), allowUnexpectedPass, counts,
    ...(corpus ? { stale: each((id) => !corpus.has(id)) } : {}),
    ...(o.strict ? { strict: true, todo: each((_, e) => isTodo(e)) } : {}),
  };
}

/** Whether the gate lets the run through. */
export function gatePasses(report: Report): boolean {
  const e = report.expectations;
  if (!e) return false;
  return e.counts['new-failure'] === 0 && e.counts['changed-signature'] === 0 && (e.allowUnexpectedPass || e.counts['unexpected-pass'] === 0)
    && !e.stale?.length && !(e.strict && e.todo?.length);
}

/**
 * Rewrites the file for this run: its identity and feature set as the run reports them, the entries
 * of the scenarios that ran (failures listed, passes removed; others stay as they were), and no
 * entry for a scenario outside the corpus. Written atomically.
 */
export function updateExpectations(run: ImplementationRun, f: LoadedExpectations, corpus?: readonly string[]): ExpectationFile {
  const next: Record<string, Entry> = { ...f.file.expectations };
  for (const r of run.results) {
    if (classOf(r.status) === 'not-run') continue;
    const old = next[r.id];
    if (isPassed(r.status) || (!isFailing(r.status) && !old)) { delete next[r.id]; continue; }
    const sig = signatureOf(r);
    next[r.id] = { ...sig, ...(old?.reason ? { reason: old.reason } : { reason: 'TODO: why, or a link' }), ...(old?.link ? { link: old.link } : {}) };
  }
  const known = corpus ? new Set(corpus) : undefined;
  const sorted = Object.fromEntries(Object.keys(next).filter((k) => !known || known.has(k)).sort().map((k) => [k, next[k]!]));
  const i = run.implementation;
  const file: ExpectationFile = {
    format: EXPECTATIONS_FORMAT,
    implementation: identityOf(i),
    ...(i.features ? { features: [...i.features] } : {}),
    ...(i.differs?.length ? { differs: [...i.differs] } : {}),
    ...(f.file.allowed?.length ? { allowed: [...f.file.allowed] } : {}),
    expectations: sorted,
  };
  writeFileAtomic(f.path, JSON.stringify(file, null, 2) + '\n');
  return file;
}

/** Lines for the text output: each unexpected result, each stale entry, each TODO under --strict-expectations. */
export function describeUnexpected(report: Report): string[] {
  const out: string[] = [];
  const show = (s: Signature) => s.divergence ? `${s.status} (${s.divergence})` : s.status;
  for (const run of report.runs) for (const r of run.results) {
    const o = r.expectation?.outcome;
    if (!o || o === 'expected') continue;
    if (o === 'unexpected-pass' && report.expectations?.allowUnexpectedPass) continue;
    const want = r.expectation!.expected;
    const why = r.missingFeatures?.length ? ` (lacks ${r.missingFeatures.join(', ')})` : '';
    out.push(`${o} ${run.implementation.spec} ${r.id}: ${want ? `expected ${show(want)}, got ` : ''}${show(signatureOf(r))}${why}`);
  }
  for (const s of report.expectations?.stale ?? []) out.push(`stale ${s.file}: ${s.id} is no scenario of this tree (--update-expectations removes it)`);
  if (report.expectations?.strict) for (const s of report.expectations.todo ?? []) out.push(`todo ${s.file}: ${s.id} has no reason yet (--strict-expectations)`);
  return out;
}
