/**
 * What a `pep567 run` does around runReport so nothing is lost and nothing is stale: the report
 * folder checked and locked before anything runs (one run at a time: lock.ts), every result
 * journaled as it finishes (journal.jsonl, the only file replaced when the run starts), an
 * earlier run's outputs left in place until this run's are about to be written (so a run killed,
 * crashed or ended by the implementation's process.exit leaves the previous report whole), and
 * SIGINT/SIGTERM turned into an aborted run whose report holds what finished (exit 130/143).
 */
import type { ImplementationRun, Report, ScenarioResult } from '../report/report.ts';
import { catchInterrupts, INTERRUPT_EXIT } from './interrupt.ts';
import { JOURNAL_FILE, JOURNAL_FORMAT, openJournal, type Journal } from './journal.ts';
import { lockReportDir } from './lock.ts';
import { checkReportDir, clearReportDir } from './output.ts';
import type { BeforeRun } from './run.ts';

export interface RunSession {
  /** The report folder, absolute. */
  dir: string;
  corpus: string[];
  /** Spread into runReport's options. */
  hooks: {
    signal: AbortSignal;
    beforeRun(b: BeforeRun): void;
    onResult(index: number, spec: string, r: ScenarioResult): void;
    onImplementationDone(index: number, run: ImplementationRun): void;
  };
  /** After runReport, however it ended: stop catching signals. */
  release(): void;
  /** Before writing the outputs: make sure the folder holds only this run's (also after an interrupt before the first scenario). */
  ready(): void;
  /** Once report.json is written. */
  end(report: Report, file: string): void;
  /** The exit code of an interrupted run (and a backstop so an abandoned scenario cannot hold the process), else undefined. */
  interruptedExit(report: Report): number | undefined;
}

/** Throws a UsageError (exit 2) when the folder cannot hold a report; `check` (expectation files) runs before the first scenario. */
export function openSession(reportDir: string, specs: readonly string[], check?: (b: BeforeRun) => void): RunSession {
  const dir = checkReportDir(reportDir);
  const unlock = lockReportDir(dir, reportDir);
  const interrupts = catchInterrupts();
  let journal: Journal | undefined;
  let ended = false;
  // Something ended the process before the report was written (an in-process implementation's
  // process.exit(0)): never a green exit, and say where the results are.
  // Removed at end(): a process that runs many runs (the run API in process) keeps no listener per run.
  const onExit = () => {
    if (ended || !journal || (process.exitCode !== undefined && process.exitCode !== 0)) return;
    process.stderr.write(`pep567: the run ended before its report was written (did the implementation end the process?); the previous report in ${dir} is kept, the results that finished are in ${journal.file}\n`);
    process.exitCode = 1;
  };
  process.on('exit', onExit);
  const started = (): Journal => {
    if (journal) return journal;
    journal = openJournal(dir);
    journal.write({ event: 'start', format: JOURNAL_FORMAT, startedAt: new Date().toISOString(), pid: process.pid, specs: [...specs] });
    return journal;
  };
  const session: RunSession = {
    dir,
    corpus: [],
    hooks: {
      signal: interrupts.signal,
      beforeRun: (b) => { check?.(b); session.corpus = b.corpus; started(); if (b.plan) journal!.write({ event: 'plan', plan: b.plan }); },
      onResult: (run, spec, result) => started().write({ event: 'result', run, spec, result }),
      onImplementationDone: (run, r) => started().write({ event: 'done', run, spec: r.implementation.spec, implementation: r.implementation, summary: r.summary }),
    },
    // Also when the run was refused after the session opened (a usage error): the folder's lock and the
    // exit listeners go with it, so a process that runs many runs (the run API in process) keeps none.
    release: () => { interrupts.dispose(); journal?.close(); process.off('exit', onExit); unlock(); },
    // report.json and the matrix files are replaced by rename as they are written: kept until then,
    // so a write that fails (a full disk) leaves the previous ones.
    ready: () => { started(); clearReportDir(dir, [JOURNAL_FILE, 'report.json', 'matrix.json', 'matrix.md']); },
    end: (report, file) => { ended = true; process.off('exit', onExit); started().write({ event: 'end', report: file, ...(report.interrupted ? { interrupted: report.interrupted.signal } : {}) }); journal!.close(); unlock(); },
    interruptedExit: (report) => {
      const sig = report.interrupted?.signal;
      if (!sig) return undefined;
      setTimeout(() => process.exit(INTERRUPT_EXIT[sig]), 2000).unref();
      return INTERRUPT_EXIT[sig];
    },
  };
  return session;
}
