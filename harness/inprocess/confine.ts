/**
 * Runs one scenario's code in its own async scope and, afterwards, cancels every timer and
 * immediate that code left behind. An adapter that leaves an interval running (or a hung scenario
 * whose timers would fire during the next one) cannot reach later scenarios. The scope also keeps
 * AsyncLocalStorage.enterWith calls from leaking into the harness's own context.
 */
import { AsyncResource, createHook, executionAsyncId } from 'node:async_hooks';

export interface Confined<T> {
  result: Promise<T>;
  /** Cancels what the scope left pending; returns how many timers and immediates it cancelled. */
  dispose(): number;
}

export function confine<T>(fn: () => Promise<T>): Confined<T> {
  // Async ids created inside the scope, followed through promises and callbacks by trigger and execution ids.
  const owned = new Set<number>();
  const pending = new Map<number, { type: string; handle: any }>();
  const hook = createHook({
    init(id, type, trigger, resource) {
      if (!owned.has(trigger) && !owned.has(executionAsyncId())) return;
      owned.add(id);
      if (type === 'Timeout' || type === 'Immediate') pending.set(id, { type, handle: resource });
    },
    // No destroy hook: it makes Node track the destruction of every promise, a large cost on each
    // run, and dispose() tells fired or cleared handles apart by their _destroyed flag anyway.
  });
  hook.enable();
  const scope = new AsyncResource('pep567-scenario');
  owned.add(scope.asyncId());
  let result: Promise<T>;
  try {
    result = scope.runInAsyncScope(() => Promise.resolve().then(fn));
  } catch (e) {
    result = Promise.reject(e);
  }
  return {
    result,
    dispose() {
      hook.disable();
      let n = 0;
      for (const { type, handle } of pending.values()) {
        // A fired one-shot timer or immediate, or a cleared one, is _destroyed; only count what was still due to run.
        if (handle._destroyed) continue;
        if (type === 'Timeout') clearTimeout(handle); else clearImmediate(handle);
        n++;
      }
      pending.clear();
      owned.clear();
      scope.emitDestroy();
      return n;
    },
  };
}
