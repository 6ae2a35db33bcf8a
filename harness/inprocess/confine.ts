/**
 * Runs one scenario's code in its own async scope and, afterwards, cancels every timer and
 * immediate that code left behind. An adapter that leaves an interval running (or a hung scenario
 * whose timers would fire during the next one) cannot reach later scenarios. The scope also keeps
 * AsyncLocalStorage.enterWith calls from leaking into the harness's own context.
 *
 * No async hook and no AsyncLocalStorage of our own: either enables Node's `init` tracking, which
 * changes how some libraries behave (the AsyncContext polyfill loses a default it otherwise keeps:
 * asynccontext's `divergences/default-visible-to-earlier-task` passed on the host and failed in
 * process). Instead the timer functions are wrapped once, when this module loads (before any
 * implementation does), and a handle made while a scope is open is that scope's: scenarios run one
 * at a time in a process (or worker), so whatever runs between confine() and dispose() is the
 * scenario's code or the harness's own bookkeeping (its timeout and stall timers), which is
 * finished by then. A microtask a disposed scope left queued runs in the next scope and is
 * cancelled with it.
 */
import { AsyncResource } from 'node:async_hooks';
import timers from 'node:timers';

export interface Confined<T> {
  result: Promise<T>;
  /** Cancels what the scope left pending; returns how many timers and immediates it cancelled. */
  dispose(): number;
}

interface Scope { pending: { type: 'Timeout' | 'Immediate'; handle: any }[] }
/** The open scopes, innermost last (adapter creation and a scenario do not overlap, but nothing breaks if they do). */
const open: Scope[] = [];

/** Wraps a scheduling function so the handles it returns inside a scope are recorded there. */
function tracked<F extends (...a: any[]) => any>(f: F, type: 'Timeout' | 'Immediate'): F {
  const wrapped = function (this: unknown, ...a: unknown[]) {
    const handle = Reflect.apply(f, this, a);
    open.at(-1)?.pending.push({ type, handle });
    return handle;
  };
  Object.defineProperty(wrapped, 'name', { value: f.name });
  // util.promisify(setTimeout) keeps working through the wrapper.
  for (const k of Reflect.ownKeys(f)) if (k !== 'length' && k !== 'name' && k !== 'prototype') Object.defineProperty(wrapped, k, Object.getOwnPropertyDescriptor(f, k)!);
  return wrapped as F;
}

for (const [name, type] of [['setTimeout', 'Timeout'], ['setInterval', 'Timeout'], ['setImmediate', 'Immediate']] as const) {
  const original = globalThis[name];
  const wrapped = tracked(original, type);
  globalThis[name] = wrapped as never;
  if ((timers as Record<string, unknown>)[name] === original) (timers as Record<string, unknown>)[name] = wrapped;
}

export function confine<T>(fn: () => Promise<T>): Confined<T> {
  const state: Scope = { pending: [] };
  open.push(state);
  const scope = new AsyncResource('pep567-scenario');
  let result: Promise<T>;
  try {
    result = scope.runInAsyncScope(() => Promise.resolve().then(fn));
  } catch (e) {
    result = Promise.reject(e);
  }
  return {
    result,
    dispose() {
      const at = open.indexOf(state);
      if (at >= 0) open.splice(at, 1);
      let n = 0;
      for (const { type, handle } of state.pending) {
        // A fired one-shot timer or immediate, or a cleared one, is _destroyed; only count what was still due to run.
        if (handle._destroyed) continue;
        if (type === 'Timeout') clearTimeout(handle); else clearImmediate(handle);
        n++;
      }
      state.pending.length = 0;
      scope.emitDestroy();
      return n;
    },
  };
}
