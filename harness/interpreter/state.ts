/**
 * What one interpretation owns while it runs: the adapter, the scenario's names, the observation
 * log, the problems that make the result ERROR, and what each task is awaiting right now. The
 * compiled bodies (compile-sync.ts, compile-async.ts) close over one of these.
 */
import type { Adapter } from '../contract/adapter.ts';
import type { Observation, ObservedError } from '../format/trace.ts';
import { classify, HarnessFault, stackOf } from './errors.ts';
import { ObservationLog } from './log.ts';
import { Names } from './names.ts';
import { KIND_PARENT } from '../format/scenario.ts';
import type { Waiting } from '../primitives/waiting.ts';

/** isinstance on exception kind names: KeyError is a LookupError. */
function isSubclass(kind: string, of: string): boolean {
  for (let k: string | undefined = kind; k; k = KIND_PARENT[k]) if (k === of) return true;
  return false;
}

/** Where a body's observations go: a fixed task path, or (for generators) whoever resumed it. */
export interface Frame { path(): string }
export const at = (path: string): Frame => ({ path: () => path });

/** Python classes outside Exception (CancelledError from 3.8 on), which `except Exception` lets through. */
const BASE_EXCEPTION_ONLY = new Set(['CancelledError', 'BaseExceptionGroup', 'KeyboardInterrupt', 'SystemExit', 'GeneratorExit']);

/** The contract's optional hooks, read off the Adapter type. */
type OptionalHook = { [K in keyof Adapter]-?: undefined extends Adapter[K] ? K : never }[keyof Adapter];

export class RunState {
  readonly log: ObservationLog;
  readonly names = new Names();
  readonly problems: { message: string; stack: string }[] = [];
  pendingCallbacks = 0;
  /** Set by set_exception_handler: from then on a failing callback's error goes on to the loop (and its handler). */
  handlerSet = false;
  /** Task paths of the callers of gen_next, innermost last. */
  readonly resumers: string[] = [];
  /** The awaits in progress, per task path; the innermost (last) is what the task waits at. */
  private readonly waits = new Map<string, Waiting[]>();

  constructor(readonly a: Adapter, onObservation?: (o: Observation) => void) {
    this.log = new ObservationLog(onObservation);
  }

  problem(message: string, e: unknown): void {
    this.problems.push({ message, stack: stackOf(e) });
  }

  observe(e: unknown): ObservedError {
    if (e instanceof HarnessFault) {
      this.problem(e.message, e);
      return { kind: 'HarnessFault', message: e.message };
    }
    const c = classify(this.a, e);
    if (c.unmapped) this.problem(`the adapter could not classify an error: ${c.error.message}`, e);
    return c.error;
  }

  end(path: string, step: string, e: unknown, failed: boolean): void {
    if (failed) this.log.error(path, step, 'end', this.observe(e));
    else this.log.value(path, step, 'end', null);
  }

  /** `try` is `except Exception`, or `except (kinds)` with `catch`: an error it does not catch goes through. */
  recordTry(path: string, step: string, err: unknown, catches?: readonly string[]): void {
    const observed = this.observe(err);
    // `catch` may name CancelledError; `except Exception` lets it through (from 3.8).
    if (catches ? !catches.some((k) => isSubclass(observed.kind, k)) : BASE_EXCEPTION_ONLY.has(observed.kind)) throw err;
    this.log.error(path, step, 'try', observed);
  }

  hook<K extends OptionalHook>(name: K): NonNullable<Adapter[K]> {
    const f = this.a[name];
    if (typeof f !== 'function') throw new HarnessFault(`the adapter has no ${name} hook but declares the feature that needs it`);
    return (f as Function).bind(this.a);
  }

  event(name: string): unknown {
    const events = this.names.events;
    if (!events.has(name)) events.set(name, this.a.newEvent());
    return events.get(name);
  }

  readonly ctx = (name: string): unknown => this.names.lookup(this.names.contexts, 'context', name);
  readonly tok = (name: string): unknown => this.names.lookup(this.names.tokens, 'token', name);

  /* ---- what each task awaits (LiveRun.waiting) ---- */

  waitStart(w: Waiting): Waiting {
    let stack = this.waits.get(w.task);
    if (!stack) this.waits.set(w.task, (stack = []));
    stack.push(w);
    return w;
  }

  waitEnd(w: Waiting): void {
    const stack = this.waits.get(w.task);
    if (!stack) return;
    const i = stack.lastIndexOf(w);
    if (i >= 0) stack.splice(i, 1);
    if (stack.length === 0) this.waits.delete(w.task);
  }

  waiting(): Waiting[] {
    const out: Waiting[] = [];
    for (const stack of this.waits.values()) out.push({ ...stack[stack.length - 1]! });
    return out;
  }
}
