/**
 * What the hostile specs share (suites/hostile/*.slow.spec.ts): the probes (each node-als with a
 * hostile part added, in this folder), the selection they run, the processes they may leave, and
 * the reports they write.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report, ScenarioResult } from '../../../harness/report/report.ts';
import { ROOT } from '../../support/cli.ts';

export const PROBES = join(ROOT, 'suites', 'hostile', 'support');
export const probe = (name: string) => join(PROBES, `${name}.mjs`);
/** gather: node-als fails all of them (something to forge); getset: mostly passes. */
export const SELECTION = ['--include', 'gather/*', '--include', 'getset/*'];
/** Marks the processes this mocha run's probes start (PEP567_PROBE_TAG). */
export const TAG = `run${process.pid}`;

/** Processes whose command line names a probe or carries this run's tag (hosts, sleepers), from /proc. */
export function leftOver(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(PROBES) || cmd.includes(`pep567-hostile-probe-${TAG}`)) out.push(`${pid}: ${cmd}`);
    } catch { /* it ended meanwhile */ }
  }
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function until(what: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (what()) return true;
  return what();
}

export const statuses = (run: Report['runs'][number]) => new Map(run.results.map((r: ScenarioResult) => [r.id, r.status]));
export const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

/** Inside a describe: makes temporary folders (pep567-hostile-NAME-…) that go after its last test. */
export function tempFolders(): (name: string) => string {
  const dirs: string[] = [];
  after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
  return (name) => { const d = mkdtempSync(join(tmpdir(), `pep567-hostile-${name}-`)); dirs.push(d); return d; };
}
