/** A callback scheduled without context= runs in a new empty context instead of a copy of the scheduler's: cause lost-in-callback. */
import type { AdapterOptions } from '../../../../harness/contract/adapter.ts';
import { createModelAdapter } from '../../../../harness/model/adapter.ts';

export function createAdapter(options: AdapterOptions) {
  const a = createModelAdapter(options, undefined, 'defect-callback-runs-empty');
  return { ...a, callSoon: (fn: () => void, o: Parameters<typeof a.callSoon>[1]) => a.callSoon(fn, { context: o.context ?? a.newContext() }) };
}
