/**
 * Since contract 1.8: awaits that do not suspend. In Python `await sub()` of a coroutine that never
 * suspends, or `await task` of a task already done, does not give the loop a turn; in JavaScript
 * every `await` costs a microtask. An eager task's first step (create_task runs it synchronously)
 * can only end inside `spawn`, as CPython's does, if such an await costs nothing. Two marks, each
 * read by the other side, so that an adapter that ignores them keeps exactly its old turns:
 *
 * - the interpreter marks a body promise it returns when the body ran to its end inside the call
 *   (`bodyOutcome` reads it, for an adapter that runs bodies it is given);
 * - an adapter returns `notSuspended(outcome)` from an await hook whose await did not suspend: the
 *   interpreter then goes on in the same turn, without its native `await`.
 *
 * Since contract 1.10, a third: an async generator the interpreter makes (agen_create) carries
 * `generatorSteps(g)`, synchronous steps of the same body. A generator body of the format never
 * awaits, so Python's `await g.__anext__()` never suspends, while a native `g.next()` settles only
 * in a later microtask. An adapter that steps the generator itself may take the step now and return
 * `notSuspended`; the native generator and its steps share one body, so use one or the other.
 *
 * The marks are global symbols, so another copy of this module (a bundle, a second install) reads them.
 */

/** How a body or an await ended: with a value, or with an error. */
export type Outcome = { ok: true; value?: unknown } | { ok: false; error: unknown };

const RAN_TO_END = Symbol.for('pep567-conformance.ranToEnd');
const NOT_SUSPENDED = Symbol.for('pep567-conformance.notSuspended');

function marked(mark: symbol, o: Outcome): Promise<never> {
  const p = o.ok ? Promise.resolve(o.value) : Promise.reject(o.error);
  Object.defineProperty(p, mark, { value: o });
  return p as Promise<never>;
}

function read(mark: symbol, p: unknown): Outcome | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  const o = (p as Record<symbol, Outcome | undefined>)[mark];
  // The reader takes the error over: the settled promise itself is never awaited, so it is not unhandled.
  if (o && !o.ok) (p as Promise<unknown>).catch(() => {});
  return o;
}

/** Interpreter: the promise of a body that ran to its end inside the call that started it. */
export const ranToEnd = (o: Outcome): Promise<void> => marked(RAN_TO_END, o);
/** Adapter: how a body ended, when it ran to its end inside the call (no await of it suspended); else undefined. */
export const bodyOutcome = (p: unknown): Outcome | undefined => read(RAN_TO_END, p);

/** Adapter: what an await hook returns when the await did not suspend (the interpreter goes on in the same turn). */
export const notSuspended = <T = void>(o: Outcome): Promise<T> => marked(NOT_SUSPENDED, o);
/** Interpreter: the outcome of an await hook's result that did not suspend; else undefined (await it). */
export const awaitOutcome = (p: unknown): Outcome | undefined => read(NOT_SUSPENDED, p);

/** Since 1.10: synchronous steps of an async generator's body (the body never awaits): `next()` runs it to its next yield or its end, `return()` closes it there (its finally runs). */
export interface GeneratorSteps { next(): IteratorResult<void, void>; return(): IteratorResult<void, void> }

const GENERATOR_STEPS = Symbol.for('pep567-conformance.generatorSteps');

/** Interpreter: marks the native async generator `g` with the synchronous steps of its own body. */
export function withGeneratorSteps<G extends object>(g: G, steps: GeneratorSteps): G {
  Object.defineProperty(g, GENERATOR_STEPS, { value: steps });
  return g;
}
/** Adapter: the synchronous steps of an async generator the interpreter made (`make()` of asyncGenerator); else undefined. */
export const generatorSteps = (g: unknown): GeneratorSteps | undefined =>
  typeof g === 'object' && g !== null ? (g as Record<symbol, GeneratorSteps | undefined>)[GENERATOR_STEPS] : undefined;
