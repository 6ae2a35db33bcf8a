/**
 * What a `pep567 run` does around runReport so nothing is lost and nothing is stale: the report
 * folder checked and locked before anything runs (one run at a time: lock.ts), the live outputs
 * (reporters.ts: the progress and the journal, journal.jsonl being the only file replaced when the
 * run starts) fed the run's events through the reporter seam, an earlier run's outputs left in
 * place until this run's are about to be written (so a run killed, crashed or ended by the
 * implementation's process.exit leaves the previous report whole), and SIGINT/SIGTERM turned into
 * an aborted run whose report holds what finished (exit 130/143).
 */
import type { Report } from '../report/report.ts';
import { catchInterrupts, INTERRUPT_EXIT } from './interrupt.ts';
import { lockReportDir } from './lock.ts';
import { checkReportDir, clearReportDir } from './output.ts';
import { feed, finish, REPORTERS, type Feed, type Reporter } from './reporters.ts';
import type { BeforeRun } from './run.ts';

/**
 * What a run replaces itself, so an earlier run's are not cleared beforehand: the live rows' files
 * (the journal, replaced when the run starts) and the always-written ones (report.json and the
 * matrix files are replaced by rename as they are written, so a write that fails, a full disk,
 * leaves the previous ones; failures/ is replaced whole just before).
 */
const REPLACED = REPORTERS.filter((e) => e.when === 'live' || e.when === 'always').flatMap((e) => e.files);

export interface RunSession {
  /** The report folder, absolute. */
  dir: string;
  corpus: string[];
  /** Spread into runReport's options: the signal, and the live reporters' feed. */
  hooks: Feed['hooks'] & { signal: AbortSignal };
  /** After runReport, however it ended: stop catching signals, release the live reporters. */
  release(): void;
  /** Before writing the outputs: make sure the folder holds only this run's (also after an interrupt before the first scenario). */
  ready(): void;
  /** Once report.json and the other outputs are written: the live reporters' end. */
  end(report: Report): void;
  /** The exit code of an interrupted run (and a backstop so an abandoned scenario cannot hold the process), else undefined. */
  interruptedExit(report: Report): number | undefined;
}

/**
 * Throws a UsageError (exit 2) when the folder cannot hold a report; `check` (expectation files) runs
 * before the first scenario; `live` (reporters.ts' liveReporters) follow the run as it goes.
 */
export function openSession(reportDir: string, specs: readonly string[], check?: (b: BeforeRun) => void, live: readonly Reporter[] = []): RunSession {
  const dir = checkReportDir(reportDir);
  const unlock = lockReportDir(dir, reportDir);
  const interrupts = catchInterrupts();
  const fed = feed(live, { specs: [...specs], dir }, (b) => { check?.(b); session.corpus = b.corpus; });
  const session: RunSession = {
    dir,
    corpus: [],
    hooks: { signal: interrupts.signal, ...fed.hooks },
    // Also when the run was refused after the session opened (a usage error): the folder's lock and the
    // exit listeners go with it, so a process that runs many runs (the run API in process) keeps none.
    release: () => { interrupts.dispose(); fed.release(); unlock(); },
    ready: () => { fed.start(); clearReportDir(dir, REPLACED); },
    end: (report) => { finish(live, report, dir); unlock(); },
    interruptedExit: (report) => {
      const sig = report.interrupted?.signal;
      if (!sig) return undefined;
      setTimeout(() => process.exit(INTERRUPT_EXIT[sig]), 2000).unref();
      return INTERRUPT_EXIT[sig];
    },
  };
  return session;
}
