/**
 * The command line that reruns exactly one scenario on one implementation, as the run that failed it
 * ran: the same scenario tree (--fixtures), reference traces (--traces, --reference), level, runtime
 * and process mode (--in-process, --isolation), so the scenario is found and judged the same way.
 */

export interface RerunTarget {
  /** What --impl named. */
  spec: string;
  /** The JS runtime, when the spec does not name it (`--impl node-als --runtime bun`). */
  runtime?: string;
  /** The reference folder, passed on only when the run named it (--reference). */
  reference?: string;
  level: string;
  /** The run's own scenario tree and traces tree (--fixtures, --traces), absolute. */
  fixtures?: string;
  traces?: string;
  /** --in-process, or --isolation implementation|scenario. */
  execution?: string;
}

/** What a report says about the whole run that a rerun must repeat (report.json's selection and execution). */
export interface RunContext {
  selection?: { fixtures?: string; traces?: string };
  execution?: string;
}

/** A word for a POSIX shell: as is when it is plain, else single-quoted. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** What a run says about itself, in any report format view.ts reads. */
export interface RunIdentity {
  implementation: { spec: string; name: string; version: string; runtime?: string };
  reference: { dir: string; chosen?: string };
  level: string;
}

/** What rerunning one of a run's scenarios needs: its --impl, runtime, level, trees and process mode, and the reference only when the run named it. */
export const rerunTarget = ({ implementation: i, reference, level }: RunIdentity, ctx: RunContext = {}): RerunTarget => ({
  spec: i.spec, level, ...(i.runtime ? { runtime: i.runtime } : {}), ...(reference.chosen === 'explicit' ? { reference: reference.dir } : {}),
  ...(ctx.selection?.fixtures ? { fixtures: ctx.selection.fixtures } : {}), ...(ctx.selection?.traces ? { traces: ctx.selection.traces } : {}),
  ...(ctx.execution ? { execution: ctx.execution } : {}),
});

/** "node-als 24.1.0 (node24)"; a name that already carries its runtime ("node-als@node24") does not repeat it. */
export const runLabel = ({ implementation: i }: RunIdentity): string =>
  `${i.name} ${i.version}${i.runtime && !i.name.endsWith(`@${i.runtime}`) ? ` (${i.runtime})` : ''}`;

export function rerunCommand(t: RerunTarget, id: string): string {
  const words = ['npx', 'pep567', 'run', '--impl', shellWord(t.spec)];
  if (t.runtime && !t.spec.endsWith(`@${t.runtime}`)) words.push('--runtime', shellWord(t.runtime));
  if (t.fixtures) words.push('--fixtures', shellWord(t.fixtures));
  if (t.traces) words.push('--traces', shellWord(t.traces));
  if (t.reference) words.push('--reference', shellWord(t.reference));
  if (t.level !== 'semantic') words.push('--level', shellWord(t.level));
  if (t.execution === 'in-process') words.push('--in-process');
  else if (t.execution) words.push('--isolation', shellWord(t.execution));
  words.push(shellWord(id));
  return words.join(' ');
}
