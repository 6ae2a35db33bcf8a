/** The model, except that its main task leaves a callback that throws: the CLI must report ERROR, not die. */
import type { Adapter, AdapterOptions } from '../../../harness/contract/adapter.ts';
import { createModelAdapter } from '../../../harness/model/adapter.ts';

export function createAdapter(options: AdapterOptions): Adapter {
  const a = createModelAdapter(options, undefined, 'timer-throw');
  const runMain = a.runMain.bind(a);
  return { ...a, runMain: async (body) => { setImmediate(() => { throw new Error('thrown from a stray callback'); }); await runMain(body); await new Promise((r) => setTimeout(r, 5)); } };
}
