/**
 * Failures grouped by cause (issue 19 §3): per implementation, its FAILs by the primary cause
 * report.json stores for each (harness/explain/), the largest first, each with its count, its
 * explanation and its smallest failing scenario. "node-als: 60 failures from 5 causes".
 */
import { CAUSES, type CauseId } from '../../explain/causes.ts';
import { walk } from '../../format/operations.ts';
import type { AnyOp } from '../../format/scenario.ts';

export interface CauseGroup {
  cause: CauseId;
  title: string;
  explanation: string;
  /** The failing scenarios, smallest first. */
  scenarios: string[];
  /** The smallest of them (fewest operations): the one to read first, and to attach to a bug report. */
  smallest: string;
}

export interface ImplCauses { failures: number; groups: CauseGroup[]; unclassified: number }

const known = (c: string | undefined): c is CauseId => c !== undefined && Object.hasOwn(CAUSES, c);

/** The number of operations of a fixture's program (Infinity when it cannot be read). */
export function programSize(fixture: unknown): number {
  const program = (fixture as { program?: AnyOp[] } | undefined)?.program;
  return Array.isArray(program) ? [...walk(program)].length : Infinity;
}

/** FAILs by cause; a FAIL without a stored cause (a report written before 2.1) counts as unclassified. */
export function groupByCause(fails: readonly { id: string; cause?: string }[], size: (id: string) => number): ImplCauses {
  const by = new Map<CauseId, string[]>();
  for (const f of fails) {
    const c: CauseId = known(f.cause) ? f.cause : 'unclassified';
    if (!by.has(c)) by.set(c, []);
    by.get(c)!.push(f.id);
  }
  const groups = [...by].map(([cause, ids]): CauseGroup => {
    const scenarios = [...ids].sort((a, b) => size(a) - size(b) || (a < b ? -1 : a > b ? 1 : 0));
    return { cause, title: CAUSES[cause].title, explanation: CAUSES[cause].explanation, scenarios, smallest: scenarios[0]! };
  }).sort((a, b) => b.scenarios.length - a.scenarios.length || (a.cause < b.cause ? -1 : 1));
  return { failures: fails.length, groups, unclassified: by.get('unclassified')?.length ?? 0 };
}

/** "node-als: 60 failures from 5 causes" (", 2 unclassified" when some are). */
export function causesHeadline(name: string, c: Pick<ImplCauses, 'failures' | 'unclassified'> & { groups: readonly { cause: string }[] }): string {
  const named = c.groups.filter((g) => g.cause !== 'unclassified').length;
  return `${name}: ${c.failures} failure${c.failures === 1 ? '' : 's'} from ${named} cause${named === 1 ? '' : 's'}${c.unclassified ? `, ${c.unclassified} unclassified` : ''}`;
}

export const showCommand = (id: string): string => `npx pep567 show ${id}`;
