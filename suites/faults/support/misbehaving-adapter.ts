/**
 * The reference model, broken on purpose in one way per scenario: the Nth adapter created follows
 * the Nth behaviour of the plan. Each behaviour is a fault the harness must survive.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Adapter, AdapterOptions } from '../../../harness/contract/adapter.ts';
import { createModelAdapter } from '../../../harness/model/adapter.ts';

export type Behaviour =
  | 'ok' | 'throw-plain-object' | 'throw-string' | 'throw-unprintable' | 'reject-non-error' | 'runmain-throws-symbol'
  | 'never-settle' | 'hang-then-timer' | 'leave-interval' | 'factory-throws' | 'enter-with-leak' | 'stray-rejection';

/** A store a careless adapter leaks into; the spec checks the harness never sees it. */
export const sharedStore = new AsyncLocalStorage<string>();
/** Ticks of timers the faults leave behind; must stop growing once their scenario has ended. */
export const ticks = { count: 0 };
/** What each 'ok' adapter saw of the shared store when created and when its main task ran. */
export const seenStores: (string | undefined)[] = [];

export function planFactory(plan: Behaviour[]) {
  let n = 0;
  return async (options: AdapterOptions): Promise<Adapter> => {
    const b = plan[n++] ?? 'ok';
    const a = createModelAdapter(options, undefined, 'misbehaving');
    const runMain = a.runMain.bind(a);
    switch (b) {
      case 'ok':
        seenStores.push(sharedStore.getStore());
        return { ...a, runMain: (body) => { seenStores.push(sharedStore.getStore()); return runMain(body); } };
      case 'throw-plain-object':
        return { ...a, get: () => { throw { not: 'an Error' }; } };
      case 'throw-string':
        return { ...a, set: () => { throw 'a bare string'; } };
      case 'throw-unprintable':
        return { ...a, get: () => { throw Object.create(null); } };
      case 'reject-non-error':
        return { ...a, runMain: () => Promise.reject(42) };
      case 'runmain-throws-symbol':
        return { ...a, runMain: () => { throw Symbol('odd'); } };
      case 'never-settle':
        return { ...a, runMain: () => new Promise<void>(() => {}) };
      case 'hang-then-timer':
        // Hangs past the timeout, with work scheduled for after it: that work must never run.
        return { ...a, runMain: () => new Promise<void>(() => { setTimeout(() => { ticks.count += 1000; }, 400); }) };
      case 'leave-interval':
        return { ...a, runMain: async (body) => { setInterval(() => { ticks.count++; }, 5); await runMain(body); } };
      case 'factory-throws':
        throw new TypeError('this adapter cannot be created');
      case 'enter-with-leak':
        sharedStore.enterWith('leaked at creation');
        return { ...a, runMain: (body) => { sharedStore.enterWith('leaked in main'); return runMain(body); } };
      case 'stray-rejection':
        return { ...a, runMain: (body) => { void Promise.reject(new Error('nobody listens')); return runMain(body); } };
    }
  };
}
