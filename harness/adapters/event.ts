/** An asyncio.Event for JS adapters: a promise that opens once; every waiter continues when it opens. */
export interface PromiseEvent { promise: Promise<void>; open: () => void }

export function promiseEvent(): PromiseEvent {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}
