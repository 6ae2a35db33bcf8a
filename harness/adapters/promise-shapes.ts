/**
 * The members every promise-based JavaScript adapter maps the same way (node-als, zonejs,
 * cls-hooked): a task is its promise, gather is Promise.all, an Event a promise that opens once, a
 * Future a deferred promise, a function called by another task an EventEmitter listener, `__await__`
 * a thenable. Each library's own mechanism is in what these call (the promise jobs, the emitter).
 */
import { EventEmitter } from 'node:events';
import { deferred, promiseEvent, thenable, type Deferred, type PromiseEvent } from './event.ts';
import type { Value } from '../format/scenario.ts';

export const PROMISE_SHAPES = {
  awaitTask: (k: Promise<void>) => k,
  callCoroutine: async (body: () => Promise<void>) => { await body(); },
  async gather(bodies: (() => Promise<void>)[], adopt: (tasks: Promise<void>[]) => void) {
    const tasks = bodies.map((b) => { const t = b(); t.catch(() => {}); return t; });
    adopt(tasks);
    await Promise.all(tasks);
  },
  newEvent: promiseEvent,
  setEvent: (e: PromiseEvent) => e.open(),
  waitEvent: (e: PromiseEvent) => e.promise,
  newFuture: () => deferred<Value>(),
  resolveFuture: (f: unknown, value: Value) => (f as Deferred<Value>).resolve(value),
  awaitFuture: (f: unknown) => (f as Deferred<Value>).promise,
  defineFunction: (fn: () => void) => new EventEmitter().on('call', fn),
  callFunction: (e: unknown) => { (e as EventEmitter).emit('call'); },
  awaitCustom: thenable,
};
