/**
 * The scoped binding (`with_value`, feature scoped_values) as CPython runs it: `tok = var.set(v)`,
 * the body, `var.reset(tok)` in a `finally`. An async body's promise keeps the binding until it
 * settles. The deviations the scoped mutants switch on live here too, each one misconception.
 */
import { MISSING } from '../contract/adapter.ts';
import type { Value } from '../format/scenario.ts';
import { ContextVar, Token, type ContextRuntime } from './contextvars.ts';
import type { Deviations } from './flags.ts';
import { bodyOutcome, notSuspended, type Outcome } from '../contract/no-suspension.ts';

const isPromise = (x: unknown): x is Promise<unknown> => x instanceof Promise;

/** Bindings kept beside the contexts, for the scopedGlobal deviation (a dynamic-scope global). */
export type GlobalBindings = Map<ContextVar, Value>;

export function withValue<R>(rt: ContextRuntime, d: Deviations, globals: GlobalBindings, v: ContextVar, value: Value, body: () => R): R {
  if (d.scopedGlobal) return globally(globals, v, value, body);
  const t = rt.set(v, value);
  // scopedRestoresDefault: the exit forgets the outer binding, as if the variable had none.
  const restore = () => rt.reset(v, d.scopedRestoresDefault ? new Token(t.context, v, MISSING, t.address) : t);
  const fail = (e: unknown): never => {
    if (!d.scopedKeepsOnError) restore();
    throw e;
  };
  let result: R;
  try { result = body(); } catch (e) { return fail(e); }
  // An async body that ran to its end in the call (its awaits did not suspend): the finally runs
  // now and the `with` costs the caller no turn either, as in CPython (contract 1.8).
  const o = bodyOutcome(result);
  if (o) return settledNow(o, restore, fail);
  if (!isPromise(result) || d.scopedExitsAtFirstSuspension) {
    restore();
    return result;
  }
  // The body settles in its own task's step (its last hook was resumed there), so the reset runs in its context.
  return result.then((x) => { restore(); return x; }, fail) as R;
}

/** The binding in one map for the whole run: seen by whoever runs while the body has not finished. */
function globally<R>(globals: GlobalBindings, v: ContextVar, value: Value, body: () => R): R {
  const had = globals.has(v), before = globals.get(v);
  globals.set(v, value);
  const restore = () => { if (had) globals.set(v, before!); else globals.delete(v); };
  let result: R;
  try { result = body(); } catch (e) { restore(); throw e; }
  const o = bodyOutcome(result);
  if (o) return settledNow(o, restore, (e) => { restore(); throw e; });
  if (!isPromise(result)) { restore(); return result; }
  return result.finally(restore) as R;
}

/** The exit of a body that already ended, run now; what the hook returns then: an await that did not suspend. */
function settledNow<R>(o: Outcome, exit: () => void, failed: (e: unknown) => never): R {
  try {
    if (!o.ok) failed(o.error);
    exit();
  } catch (e) { return notSuspended({ ok: false, error: e }) as R; }
  return notSuspended(o) as R;
}
