/**
 * Deliberately wrong implementations: each is the reference model with one PEP 567 misconception
 * switched on (harness/model/flags.ts), reachable as `--impl mutant:NAME`. The suite is only as
 * good as its power to fail them: suites/mutants/ checks that every one fails some scenario.
 */
import type { AdapterFactory } from '../contract/adapter.ts';
import { createModelAdapter } from '../model/adapter.ts';
import { FAITHFUL, type Deviations } from '../model/flags.ts';

export interface MutantEntry { description: string; createAdapter: AdapterFactory }

const ROWS: [name: string, deviation: keyof Deviations, description: string][] = [
  ['global-map', 'globalMap',
    'One global map for every variable: contexts are ignored, the thread-local mistake; tasks, callbacks and runs all see and clobber each other\'s values'],
  ['task-shares-parent-context', 'taskSharesParent',
    'create_task runs the task in its creator\'s Context object instead of a copy, so the task\'s sets leak into the creator and back'],
  ['task-copies-at-first-step', 'copyAtFirstStep',
    'A task copies its creator\'s context when its first step runs instead of at create_task, so it sees the creator\'s later sets'],
  ['reset-skips-used-check', 'resetSkipsUsedCheck',
    'ContextVar.reset accepts a token that was already used instead of raising RuntimeError'],
  ['reset-skips-context-check', 'resetSkipsContextCheck',
    'ContextVar.reset accepts a token made in another Context (another task, callback or run) instead of raising ValueError'],
  ['reset-restores-default', 'resetToDefault',
    'Resetting a token whose old value is MISSING sets the variable to its default instead of removing it from the context'],
  ['run-discards-changes', 'runDiscardsChanges',
    'Context.run works on a throwaway copy, so sets made inside the run do not stay in the Context'],
  ['run-leaks-on-error', 'runLeaksOnError',
    'Context.run does not restore the caller\'s context when the callable raises: the run\'s context stays current and entered'],
  ['no-reentrancy-check', 'noReentrancyCheck',
    'Context.run enters a context that is already entered instead of raising RuntimeError'],
  ['mapping-includes-defaults', 'mappingIncludesDefaults',
    'The Context Mapping API (ctx[var], in, get, len, keys, values, items) counts variables that only have a default'],
  ['call-soon-live-context', 'callSoonLiveContext',
    'loop.call_soon without context= runs the callback in the scheduler\'s live Context object instead of a copy taken at scheduling'],
  ['direct-await-copies', 'directAwaitCopies',
    'A directly awaited coroutine runs in a copy of the caller\'s context, so its sets do not reach the caller'],
  ['copy-context-shares', 'copySharesMap',
    'copy_context() and Context.copy() return a context sharing the original\'s storage instead of a snapshot'],
  // Scoped bindings (with_value): only the run-scoped scenarios and `fuzz --profile run-scoped` reach these.
  ['scoped-keeps-on-error', 'scopedKeepsOnError',
    'with_value restores the outer binding only when its body returns normally: an error leaves the inner value bound'],
  ['scoped-restores-default', 'scopedRestoresDefault',
    'Leaving with_value removes the variable, so its default (or nothing) shows instead of the binding that was there before'],
  ['scoped-global-binding', 'scopedGlobal',
    'with_value binds in one run-wide slot beside the contexts (dynamic scope): interleaved tasks see each other\'s bindings, and tasks, callbacks and copies made inside do not keep it'],
  ['scoped-exits-at-first-await', 'scopedExitsAtFirstSuspension',
    'An async with_value body loses its binding at its first suspension, as a synchronous try/finally around an async call does'],
  ['eager-step-in-creator-context', 'eagerInCreatorContext',
    'With eager_task_factory (3.12+) the first step runs inside create_task in the creator\'s context instead of the task\'s copy, so its sets leak into the creator'],
  ['done-callback-live-context', 'doneCallbackLiveContext',
    'add_done_callback without context= runs the callback in the registering task\'s live Context object instead of a copy taken at registration'],
];

export const MUTANTS: Record<string, MutantEntry> = Object.fromEntries(ROWS.map(([name, deviation, description]) => [name, {
  description,
  createAdapter: (options) => createModelAdapter(options, { ...FAITHFUL, [deviation]: true }, `mutant:${name}`),
}]));
