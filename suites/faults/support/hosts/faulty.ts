/**
 * The reference model with one fault, for the host fault suite (suites/faults/hosts.spec.ts): each
 * module beside this one is one adapter, named after its fault, run by the real CLI in a host of
 * its own. `onSecondGet` faults from the second `get` on, so the first observation is made (and
 * streamed) before the fault: the report must keep it. The stall faults start from node-als, whose
 * tasks are real promises: the model's own simulated loop would notice the stall itself.
 */
import type { Adapter, AdapterOptions } from '../../../../harness/contract/adapter.ts';
import { createAdapter as nodeAls } from '../../../../harness/adapters/node-als.ts';
import { createModelAdapter } from '../../../../harness/model/adapter.ts';

export type Patch = (a: Adapter) => Partial<Adapter>;

export function faulty(name: string, patch: Patch, base: 'model' | 'node-als' = 'model'): (o: AdapterOptions) => Adapter {
  return (options) => {
    const a = (base === 'model' ? createModelAdapter(options, undefined, name) : { ...nodeAls(), name }) as Adapter;
    return { ...a, ...patch(a) };
  };
}

/** `get` as the model answers it the first time, then `fault()` (whose own return, if any, is the answer). */
export function onSecondGet(a: Adapter, fault: () => unknown): Partial<Adapter> {
  let gets = 0;
  const get = a.get.bind(a);
  return { get: ((v: unknown, d?: unknown) => (++gets === 1 ? get(v as never, d as never) : fault())) as Adapter['get'] };
}
