/**
 * The deliberate deviations the model can be switched into. The model proper has every flag off;
 * each mutant (harness/mutants/) turns one on, so a mutant is one PEP 567 misconception and
 * nothing else.
 */
export interface Deviations {
  /** One global map for everything: contexts are ignored, as with a thread-local. */
  globalMap: boolean;
  /** A task runs in its creator's Context object instead of a copy. */
  taskSharesParent: boolean;
  /** A task copies its creator's context at its first step instead of at creation. */
  copyAtFirstStep: boolean;
  /** reset() accepts a token that was already used. */
  resetSkipsUsedCheck: boolean;
  /** reset() accepts a token made in another Context. */
  resetSkipsContextCheck: boolean;
  /** reset() of a MISSING token sets the variable's default instead of removing it. */
  resetToDefault: boolean;
  /** ctx.run() works on a throwaway copy, so its changes do not stay in ctx. */
  runDiscardsChanges: boolean;
  /** ctx.run() leaves ctx entered and current when the callable raises. */
  runLeaksOnError: boolean;
  /** Entering a context that is already entered is allowed. */
  noReentrancyCheck: boolean;
  /** The Mapping API counts variables that only have a default. */
  mappingIncludesDefaults: boolean;
  /** loop.call_soon without context= runs the callback in the scheduler's live Context object. */
  callSoonLiveContext: boolean;
  /** A directly awaited coroutine runs in a copy of the caller's context. */
  directAwaitCopies: boolean;
  /** copy_context() and Context.copy() return a Context sharing the original's storage. */
  copySharesMap: boolean;
  /** with_value does not restore the outer binding when its body raises. */
  scopedKeepsOnError: boolean;
  /** Leaving with_value removes the variable (its default shows) instead of restoring the outer binding. */
  scopedRestoresDefault: boolean;
  /** with_value binds in one run-wide map beside the contexts: whoever runs meanwhile sees it, copies and tasks do not keep it. */
  scopedGlobal: boolean;
  /** An async with_value body loses its binding at its first suspension (a synchronous try/finally around an async call). */
  scopedExitsAtFirstSuspension: boolean;
  /** An eager task's first step (3.12+ eager_task_factory) runs in its creator's context instead of the task's copy. */
  eagerInCreatorContext: boolean;
  /** add_done_callback without context= runs the callback in the registering code's live Context object. */
  doneCallbackLiveContext: boolean;
}

export const FAITHFUL: Deviations = Object.freeze({
  globalMap: false, taskSharesParent: false, copyAtFirstStep: false, resetSkipsUsedCheck: false,
  resetSkipsContextCheck: false, resetToDefault: false, runDiscardsChanges: false, runLeaksOnError: false,
  noReentrancyCheck: false, mappingIncludesDefaults: false, callSoonLiveContext: false,
  directAwaitCopies: false, copySharesMap: false, eagerInCreatorContext: false, doneCallbackLiveContext: false,
  scopedKeepsOnError: false, scopedRestoresDefault: false, scopedGlobal: false, scopedExitsAtFirstSuspension: false,
});
