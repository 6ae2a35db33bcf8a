/** The command line that reruns exactly one scenario on one implementation, as the run that failed it ran. */

export interface RerunTarget {
  /** What --impl named. */
  spec: string;
  /** The JS runtime, when the spec does not name it (`--impl node-als --runtime bun`). */
  runtime?: string;
  /** The reference folder, passed on only when the run named it (--reference). */
  reference?: string;
  level: string;
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

/** What rerunning one of a run's scenarios needs: its --impl, runtime, level, and the reference only when the run named it. */
export const rerunTarget = ({ implementation: i, reference, level }: RunIdentity): RerunTarget => ({
  spec: i.spec, level, ...(i.runtime ? { runtime: i.runtime } : {}), ...(reference.chosen === 'explicit' ? { reference: reference.dir } : {}),
});

/** "node-als 24.1.0 (node24)"; a name that already carries its runtime ("node-als@node24") does not repeat it. */
export const runLabel = ({ implementation: i }: RunIdentity): string =>
  `${i.name} ${i.version}${i.runtime && !i.name.endsWith(`@${i.runtime}`) ? ` (${i.runtime})` : ''}`;

export function rerunCommand(t: RerunTarget, id: string): string {
  const words = ['npx', 'pep567', 'run', '--impl', shellWord(t.spec)];
  if (t.runtime && !t.spec.endsWith(`@${t.runtime}`)) words.push('--runtime', shellWord(t.runtime));
  if (t.reference) words.push('--reference', shellWord(t.reference));
  if (t.level !== 'semantic') words.push('--level', shellWord(t.level));
  words.push(shellWord(id));
  return words.join(' ');
}
