/** A flaky in-process implementation for --repeat specs: some of its adapters leak, the others conform. */
import type { Implementation } from '../../harness/inprocess/resolve.ts';
import { createModelAdapter } from '../../harness/model/adapter.ts';
import { MUTANTS } from '../../harness/mutants/index.ts';

/** `flaky`: its n-th adapter (counting from 0, one per scenario run) is the global-map mutant when leaky(n), else the model. */
export function flakyImplementation(leaky: (n: number) => boolean): Implementation {
  const leak = MUTANTS['global-map']!.createAdapter;
  let n = 0;
  return { spec: 'flaky', kind: 'module', createAdapter: async (o) => (leaky(n++) ? leak(o) : createModelAdapter(o)) };
}
