/**
 * The statuses a scenario result can have: the one table of them. Each status has a class (passed,
 * failing, skipped with the kind of skip, or not run) and what JUnit makes of it; the report format,
 * the summary line, the view model, the matrix, expectations, JUnit and the progress lines read it
 * from here, and suites/report/statuses.spec.ts checks that no other module lists statuses.
 * A new status is one row here (and a line in harness/report/REPORT.md); the report schema's enum
 * is checked against this table. A leaf (it imports nothing), so the trace sources below the report
 * (protocol/, pythons/) name their failure statuses from it too.
 */

/** passed: matches the reference; failing: counts as failed (the summary, gating without expectations,
 * JUnit failures and errors); skipped: not judged, for a reason of its kind; not-run: an interrupted run never got to it. */
export type StatusClass = 'passed' | 'failing' | 'skipped' | 'not-run';
/** Why a skipped result was not judged: a feature the implementation lacks, one it differs on by design, or the reference having no answer for it: out of its version range, or one its recorder could not record there (its reason in unrecorded.json). */
export type SkipKind = 'unsupported' | 'differ' | 'not in reference';
export const SKIP_KINDS: readonly SkipKind[] = ['unsupported', 'differ', 'not in reference'];

interface StatusRow {
  class: StatusClass;
  /** skipped: the kind of skip. */
  skip?: SkipKind;
  /** What a JUnit testcase says: nothing (passed), failure, error or skipped. */
  junit: 'passed' | 'failure' | 'error' | 'skipped';
  /** Narrow code for an HTML matrix cell shared by many implementations, and a one-character one for the widest. */
  short: string;
  letter: string;
  /** The HTML report's colour for its badge (a CSS variable, --pass …). */
  colour: string;
  /** Follows from the feature set an implementation declares (expectation files recompute it from theirs). */
  fromFeatures?: true;
}

/** In the order columns, counts and legends show them. */
export const STATUS_TABLE = {
  PASS: { class: 'passed', junit: 'passed', short: 'PASS', letter: '✓', colour: 'pass' },
  FAIL: { class: 'failing', junit: 'failure', short: 'FAIL', letter: '✗', colour: 'fail' },
  UNSUPPORTED: { class: 'skipped', skip: 'unsupported', junit: 'skipped', fromFeatures: true, short: 'UNSUP', letter: 'U', colour: 'uns' },
  SEMANTICS_DIFFER: { class: 'skipped', skip: 'differ', junit: 'skipped', fromFeatures: true, short: 'DIFFER', letter: 'D', colour: 'diff' },
  ERROR: { class: 'failing', junit: 'error', short: 'ERROR', letter: 'E', colour: 'err' },
  TIMEOUT: { class: 'failing', junit: 'error', short: 'TIMEOUT', letter: 'T', colour: 'err' },
  CRASH: { class: 'failing', junit: 'error', short: 'CRASH', letter: 'C', colour: 'err' },
  PROTOCOL_ERROR: { class: 'failing', junit: 'error', short: 'PROTO', letter: 'P', colour: 'err' },
  STALLED: { class: 'failing', junit: 'error', short: 'STALL', letter: 'W', colour: 'err' },
  /** The answer came to more than one scenario may record (a cap that keeps memory bounded): nothing of it is kept. */
  OVERSIZED: { class: 'failing', junit: 'error', short: 'OVERSIZE', letter: 'O', colour: 'err' },
  SKIPPED: { class: 'skipped', skip: 'not in reference', junit: 'skipped', short: 'SKIP', letter: 'S', colour: 'skip' },
  /** The run was interrupted (SIGINT, SIGTERM) before this scenario finished. */
  NOT_RUN: { class: 'not-run', junit: 'skipped', short: 'NOTRUN', letter: 'N', colour: 'skip' },
} as const satisfies Record<string, StatusRow>;

export type Status = keyof typeof STATUS_TABLE;
/** The failing statuses other than a divergence: what a trace source reports instead of a trace (JUnit errors). */
export type ErrorStatus = { [K in Status]: (typeof STATUS_TABLE)[K]['junit'] extends 'error' ? K : never }[Status];
export const STATUSES = Object.keys(STATUS_TABLE) as readonly Status[];

/** A status string read from a file: one of the table's, or undefined. */
export const knownStatus = (s: string): Status | undefined => (Object.hasOwn(STATUS_TABLE, s) ? (s as Status) : undefined);
/** A status from a report this harness does not know (written by a newer one) reads as this. */
export const UNKNOWN_STATUS: Status = 'ERROR';

const row = (s: string): StatusRow | undefined => (Object.hasOwn(STATUS_TABLE, s) ? STATUS_TABLE[s as Status] : undefined);
export const classOf = (s: string): StatusClass => row(s)?.class ?? STATUS_TABLE[UNKNOWN_STATUS].class;
export const skipKindOf = (s: string): SkipKind | undefined => row(s)?.skip;
export const junitOf = (s: string): StatusRow['junit'] => row(s)?.junit ?? STATUS_TABLE[UNKNOWN_STATUS].junit;

export const isPassed = (s: string) => classOf(s) === 'passed';
/** A verdict of the comparator (PASS or FAIL): the scenario ran to its end and its trace was compared. */
export const isCompared = (s: string) => junitOf(s) === 'passed' || junitOf(s) === 'failure';
export const isFailing = (s: string) => classOf(s) === 'failing';
/** Left out of pass rates: skipped (any kind) and not run. */
export const isJudged = (s: string) => classOf(s) === 'passed' || classOf(s) === 'failing';
/** Statuses an expectation file may list: what an implementation does, never that a run was cut short, and never a pass. */
export const isListable = (s: string) => classOf(s) === 'failing' || classOf(s) === 'skipped';
export const fromFeatures = (s: string) => !!(row(s) as { fromFeatures?: true } | undefined)?.fromFeatures;

/** The status of a result that matches its reference (the one status of class passed). */
export const PASSED = STATUSES.find((s) => STATUS_TABLE[s].class === 'passed')!;
/** The status of a skip of this kind. */
export const skipStatus = (k: SkipKind): Status => STATUSES.find((s) => skipKindOf(s) === k)!;
/** The status a run gives a result the reference cannot judge: out of its version range, or listed as unrecorded there. */
export const NOT_IN_REFERENCE = skipStatus('not in reference');

/** Statuses that count as failed in the summary line and in gating without expectations. */
export const FAILING: readonly Status[] = STATUSES.filter(isFailing);
/** Statuses that say nothing about conformance: left out of pass rates. */
export const NOT_JUDGED: readonly Status[] = STATUSES.filter((s) => !isJudged(s));

export type Counts = Record<Status, number>;

/** Every status at 0. */
export const zeroCounts = (): Counts => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Counts;

/** Counts by status of the given statuses; one the table does not know counts as UNKNOWN_STATUS. */
export function countOf(statuses: Iterable<string>): Counts {
  const c = zeroCounts();
  for (const s of statuses) c[knownStatus(s) ?? UNKNOWN_STATUS]++;
  return c;
}

/**
 * The totals every output shows, computed here only: passed, failed (with the failing statuses that
 * make it up), skipped (with its kinds), not run. `failed` is the sum of `failing`, `skipped` of `skips`.
 */
export interface Totals {
  passed: number;
  failed: number;
  /** The failing statuses that occur, in table order, with their counts. */
  failing: [Status, number][];
  skipped: number;
  skips: Record<SkipKind, number>;
  notRun: number;
  judged: number;
  total: number;
}

/** `c` may lack statuses (a report written before one existed): they count 0. */
export function totalsOf(c: Partial<Record<string, number>>): Totals {
  const t: Totals = { passed: 0, failed: 0, failing: [], skipped: 0, skips: { unsupported: 0, differ: 0, 'not in reference': 0 }, notRun: 0, judged: 0, total: 0 };
  for (const s of STATUSES) {
    const n = c[s] ?? 0;
    t.total += n;
    const r: StatusRow = STATUS_TABLE[s];
    if (r.class === 'passed') t.passed += n;
    else if (r.class === 'failing') { t.failed += n; if (n) t.failing.push([s, n]); }
    else if (r.class === 'skipped') { t.skipped += n; t.skips[r.skip!] += n; }
    else t.notRun += n;
  }
  t.judged = t.passed + t.failed;
  return t;
}

/** "41 failed (31 FAIL, 10 ERROR)": the failing statuses that make up the count, unless they are all FAIL. */
export function failedText(t: Totals): string {
  const only = t.failing.length === 1 && STATUS_TABLE[t.failing[0]![0]].junit === 'failure';
  return `${t.failed} failed${t.failed && !only ? ` (${t.failing.map(([s, n]) => `${n} ${s}`).join(', ')})` : ''}`;
}

/** "40 skipped (30 unsupported, 8 differ, 2 not in reference)": the kinds of skip apart. */
export function skippedText(t: Totals): string {
  const kinds = SKIP_KINDS.filter((k) => t.skips[k] > 0).map((k) => `${t.skips[k]} ${k}`);
  return `${t.skipped} skipped${t.skipped && kinds.length ? ` (${kinds.join(', ')})` : ''}`;
}

/** "UNSUPPORTED, SEMANTICS_DIFFER and SKIPPED": the skipped statuses, for notes on what a pass rate leaves out. */
export const notJudgedText = ((l: readonly string[]) => `${l.slice(0, -1).join(', ')} and ${l.at(-1)}`)(STATUSES.filter((s) => classOf(s) === 'skipped'));

/** Counts of several runs added up. */
export function addUp(all: readonly Partial<Record<string, number>>[]): Counts {
  const c = zeroCounts();
  for (const x of all) for (const s of STATUSES) c[s] += x[s] ?? 0;
  return c;
}
