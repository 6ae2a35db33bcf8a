/**
 * The run's journal (journal.jsonl in the report folder, format pep567-journal/1): one JSON line per
 * event, appended as it happens, so the results of a run that dies before writing report.json
 * (SIGKILL, a crash, a full disk) are still on disk. Lines are appended whole with one write each;
 * a reader ignores a last line without its newline. It is the outputs table's `journal` row
 * (reporters.ts), fed the reporter events (reporter.ts) like every other output.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ImplementationSummary, ScenarioResult, Summary } from '../report/report.ts';
import type { Reporter } from './reporter.ts';
import type { RunPlan } from './run.ts';

export const JOURNAL_FILE = 'journal.jsonl';
export const JOURNAL_FORMAT = 'pep567-journal/1';

export type JournalEvent =
  | { event: 'start'; format: typeof JOURNAL_FORMAT; startedAt: string; pid: number; specs: string[] }
  /** Before the first scenario: what will run (rebuild.ts makes a report of a killed run from it). */
  | { event: 'plan'; plan: RunPlan }
  /** One per scenario of an implementation's first repetition, as it finishes; run is the index in specs. */
  | { event: 'result'; run: number; spec: string; result: ScenarioResult }
  | { event: 'done'; run: number; spec: string; implementation: ImplementationSummary; summary: Summary }
  | { event: 'end'; interrupted?: string; report: string };

/** `close` releases the descriptor; a later write opens the file again (appending). */
export interface Journal { file: string; write(e: JournalEvent): void; close(): void }

/** Starts a fresh journal in dir (replacing an earlier run's). One descriptor while the run goes, not one open per line. */
export function openJournal(dir: string): Journal {
  const file = join(dir, JOURNAL_FILE);
  let fd: number | undefined = openSync(file, 'w');
  let failed = false;
  const close = () => { if (fd !== undefined) { try { closeSync(fd); } catch { /* already gone */ } fd = undefined; } };
  return {
    file,
    // A full disk must not end the run: the journal stops (said once) and the results stay in memory.
    write: (e) => {
      if (failed) return;
      try {
        const line = Buffer.from(JSON.stringify(e) + '\n', 'utf8');
        fd ??= openSync(file, 'a');
        // A short write (a nearly full disk) is finished, or fails, before the next line.
        for (let at = 0; at < line.length;) at += writeSync(fd, line, at);
      } catch (err) {
        failed = true;
        close();
        process.stderr.write(`pep567: the journal ${file} can no longer be written (${(err as NodeJS.ErrnoException)?.code ?? err}); the run goes on\n`);
      }
    },
    close,
  };
}

/**
 * The journal as a reporter: opened (replacing an earlier run's) at the run's start, one line per
 * event, closed when the run settles and opened again to append the end once report.json is written.
 * A run is sure to go before it starts, so a refused run leaves the previous journal in place.
 */
export function journalReporter(): Reporter {
  let journal: Journal | undefined;
  let dir = '';
  let released = false;
  // Something ended the process before the report was written (an in-process implementation's
  // process.exit(0)): never a green exit, and say where the results are. Only while the run goes:
  // a process that runs many runs (the run API in process) keeps no listener per run.
  const onExit = () => {
    if (!journal || (process.exitCode !== undefined && process.exitCode !== 0)) return;
    process.stderr.write(`pep567: the run ended before its report was written (did the implementation end the process?); the previous report in ${dir} is kept, the results that finished are in ${journal.file}\n`);
    process.exitCode = 1;
  };
  return {
    start: (run) => {
      dir = run.dir;
      journal = openJournal(run.dir);
      journal.write({ event: 'start', format: JOURNAL_FORMAT, startedAt: new Date().toISOString(), pid: process.pid, specs: [...run.specs] });
      if (!released) process.on('exit', onExit);
    },
    plan: (plan) => journal?.write({ event: 'plan', plan }),
    recorded: (at, result) => journal?.write({ event: 'result', run: at.run, spec: at.spec, result }),
    done: (at, r) => journal?.write({ event: 'done', run: at.run, spec: at.spec, implementation: r.implementation, summary: r.summary }),
    release: () => { released = true; journal?.close(); process.off('exit', onExit); },
    end: (f) => {
      if (!f || !journal) return;
      process.off('exit', onExit);
      journal.write({ event: 'end', report: join(f.dir, 'report.json'), ...(f.report.interrupted ? { interrupted: f.report.interrupted.signal } : {}) });
      journal.close();
    },
  };
}

/** The complete events of a journal's text (a torn last line is left out). */
export function readJournal(text: string): JournalEvent[] {
  const lines = text.split('\n');
  lines.pop(); // after the last newline: empty, or a line the writer did not finish
  return lines.filter(Boolean).map((l) => JSON.parse(l) as JournalEvent);
}
