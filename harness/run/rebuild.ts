/**
 * A report rebuilt from a run's journal (`pep567 report --from-journal DIR`): a run killed outright
 * (SIGKILL, the machine) wrote no report.json, but its journal holds the plan (what was to run)
 * and every result that finished. Each implementation's run gets those results in plan order, and
 * every scenario without one is NOT_RUN, saying the run was killed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADAPTER_CONTRACT_VERSION } from '../contract/adapter.ts';
import { INTERPRETER_VERSION } from '../interpreter/interpret.ts';
import { UsageError } from '../primitives/usage-error.ts';
import { addCounts, countStatuses, REPORT_FORMAT, summarize, type ImplementationRun, type Report, type ScenarioResult } from '../report/report.ts';
import { JOURNAL_FILE, readJournal, type JournalEvent } from './journal.ts';

export function rebuildFromJournal(dir: string): Report {
  const file = join(dir, JOURNAL_FILE);
  if (!existsSync(file)) throw new UsageError(`--from-journal ${dir}: no ${JOURNAL_FILE} there`);
  let events: JournalEvent[];
  try { events = readJournal(readFileSync(file, 'utf8')); } catch (e) { throw new UsageError(`${file}: not a journal: ${(e as Error).message}`); }
  const start = events.find((e) => e.event === 'start');
  const plan = events.find((e) => e.event === 'plan')?.plan;
  if (!start || !plan) throw new UsageError(`${file}: no plan in the journal (the run ended before its first scenario, or an older harness wrote it)`);
  const runs: ImplementationRun[] = start.specs.map((spec, i) => {
    const done = events.find((e) => e.event === 'done' && e.run === i);
    const finished = new Map<string, ScenarioResult>();
    for (const e of events) if (e.event === 'result' && e.run === i) finished.set(e.result.id, e.result);
    const reference = plan.references[i] ?? plan.references[0]!;
    const results = plan.scenarios.map((s): ScenarioResult => finished.get(s.id) ?? {
      ...s, status: 'NOT_RUN', reference: reference.dir, level: plan.level, durationMs: 0,
      error: 'not run: the run was killed before it got here (report rebuilt from its journal)',
    });
    const counts = countStatuses(results);
    return {
      implementation: done?.event === 'done' ? done.implementation : { spec, name: spec, version: 'unknown', kind: 'runner' },
      reference, level: plan.level, counts, summary: summarize(counts), results,
    };
  });
  const counts = addCounts(runs.map((r) => r.counts));
  return {
    format: REPORT_FORMAT, createdAt: start.startedAt,
    harness: { interpreter: INTERPRETER_VERSION, contract: ADAPTER_CONTRACT_VERSION },
    level: plan.level, selection: plan.selection, timeoutMs: plan.timeoutMs, repeat: plan.repeat,
    runs, counts, summary: summarize(counts),
  };
}
