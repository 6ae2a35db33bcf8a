/**
 * report.json, version pep567-report/1 (harness/report/REPORT.md documents every field).
 * A new field is a minor change readers may ignore; renaming or removing one changes the version.
 */
import type { Divergence, Level, MessageDifference } from '../compare/compare.ts';

export const REPORT_FORMAT = 'pep567-report/1';

export type Status = 'PASS' | 'FAIL' | 'UNSUPPORTED' | 'ERROR' | 'SKIPPED';
export const STATUSES: readonly Status[] = ['PASS', 'FAIL', 'UNSUPPORTED', 'ERROR', 'SKIPPED'];

export interface ReferenceInfo { dir: string; name: string; version: string }

export interface ScenarioResult {
  id: string;
  area: string;
  title: string;
  status: Status;
  /** The reference folder compared with, e.g. "cpython-3.11.7". */
  reference: string;
  level: Level;
  /** FAIL: the first divergent observation and its neighbourhood. */
  divergence?: Divergence;
  /** PASS at the semantic level with messages that differ from CPython's (masked). */
  messageDifferences?: MessageDifference[];
  /** UNSUPPORTED: the scenario's features the adapter lacks. */
  missingFeatures?: string[];
  /** ERROR: what went wrong (timeout, unmapped error with its stack, missing or stale trace); SKIPPED: why. */
  error?: string;
  durationMs: number;
}

export type Counts = Record<Status, number>;

export interface Report {
  format: typeof REPORT_FORMAT;
  createdAt: string;
  harness: { interpreter: string; contract: string };
  implementation: { spec: string; name: string; version: string; contract: string };
  reference: ReferenceInfo;
  level: Level;
  selection: { include: string | null; scenarios: number };
  timeoutMs: number;
  counts: Counts;
  /** The CLI's closing line: skipped = UNSUPPORTED + SKIPPED, failed = FAIL + ERROR. */
  summary: { passed: number; failed: number; skipped: number };
  results: ScenarioResult[];
}

export function countStatuses(results: ScenarioResult[]): Counts {
  const c = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Counts;
  for (const r of results) c[r.status]++;
  return c;
}

export function summarize(c: Counts): Report['summary'] {
  return { passed: c.PASS, failed: c.FAIL + c.ERROR, skipped: c.UNSUPPORTED + c.SKIPPED };
}
