/** An asyncio.Event for JS adapters: a promise that opens once; every waiter continues when it opens. */
export interface PromiseEvent { promise: Promise<void>; open: () => void }

export function promiseEvent(): PromiseEvent {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}

/**
 * futures: a deferred promise, JavaScript's own shape of an asyncio Future: one task resolves it, any task awaits it.
 * A second resolve is ignored, as a promise's is: the deferred is ours, not the library's, so no adapter declares
 * future_states (a Future that refuses a second result) and those scenarios are UNSUPPORTED, not FAIL.
 */
export interface Deferred<T> { promise: Promise<T>; resolve: (value: T) => void }

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

/** custom_awaitables: a thenable whose then() runs body and resolves. `await` calls then() in a job of its own, as it does for a query builder. */
export function thenable(body: () => void): PromiseLike<void> {
  return { then: (resolve?: (v: void) => unknown) => { body(); resolve?.(); } } as unknown as PromiseLike<void>;
}

/**
 * async_generators: a native async generator, stepped with next() and closed with return() by whichever
 * task awaits it: JavaScript's own shape of `await agen.__anext__()` and `await agen.aclose()`. There is no
 * finaliser: an abandoned async generator never runs its finally, so async_generator_finaliser is not declared.
 */
export const asyncGeneratorHooks = {
  asyncGenerator: (make: () => AsyncGenerator<void, void, void>): unknown => make(),
  asyncGeneratorNext: (g: unknown) => (g as AsyncGenerator<void, void, void>).next(),
  asyncGeneratorClose: (g: unknown) => (g as AsyncGenerator<void, void, void>).return(undefined),
};
