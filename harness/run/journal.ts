/**
 * The run's journal (journal.jsonl in the report folder, format pep567-journal/1): one JSON line per
 * event, appended as it happens, so the results of a run that dies before writing report.json
 * (SIGKILL, a crash, a full disk) are still on disk. Lines are appended whole with one write each;
 * a reader ignores a last line without its newline.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ImplementationSummary, ScenarioResult, Summary } from '../report/report.ts';
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

/** The complete events of a journal's text (a torn last line is left out). */
export function readJournal(text: string): JournalEvent[] {
  const lines = text.split('\n');
  lines.pop(); // after the last newline: empty, or a line the writer did not finish
  return lines.filter(Boolean).map((l) => JSON.parse(l) as JournalEvent);
}
