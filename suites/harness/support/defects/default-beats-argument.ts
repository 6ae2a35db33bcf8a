/** get(default) answers the variable's own default before the argument: cause default-precedence. */
import type { AdapterOptions } from '../../../../harness/contract/adapter.ts';
import { createModelAdapter } from '../../../../harness/model/adapter.ts';

export function createAdapter(options: AdapterOptions) {
  const a = createModelAdapter(options, undefined, 'defect-default-beats-argument');
  const declared = new Map<unknown, { default: unknown }>();
  return {
    ...a,
    newVar(name: string, d?: { default: never }) { const v = a.newVar(name, d); if (d) declared.set(v, d); return v; },
    get(v: never, d?: { default: never }) {
      const own = declared.get(v);
      return d && own ? a.get(v, own as { default: never }) : a.get(v, d);
    },
  };
}
