/**
 * A variable's default lives in the context current when the variable was declared (and in copies
 * made later), not in the variable: get() raises LookupError in a context captured before it.
 * Cause default-lost-in-earlier-context. A hidden marker variable records the declaration; the
 * Mapping API never shows it.
 */
import type { AdapterOptions } from '../../../../harness/contract/adapter.ts';
import { createModelAdapter } from '../../../../harness/model/adapter.ts';

type Var = ReturnType<ReturnType<typeof createModelAdapter>['newVar']>;

export function createAdapter(options: AdapterOptions) {
  const a = createModelAdapter(options, undefined, 'defect-default-in-declaring-context');
  const defaults = new Map<Var, { default: never; marker: Var }>();
  const markers = new Set<Var>();
  const visible = (v: Var) => !markers.has(v);
  return {
    ...a,
    newVar(name: string, d?: { default: never }) {
      if (!d) return a.newVar(name);
      const v = a.newVar(name);
      const marker = a.newVar(`${name} declared`);
      markers.add(marker);
      a.set(marker, true as never);
      defaults.set(v, { ...d, marker });
      return v;
    },
    get(v: Var, d?: { default: never }) {
      const own = defaults.get(v);
      if (d || !own || (a.get(own.marker, { default: false as never }) as unknown) !== true) return a.get(v, d);
      return a.get(v, own);
    },
    size: (c: never) => a.keys(c).filter(visible).length,
    keys: (c: never) => a.keys(c).filter(visible),
    values: (c: never) => a.items(c).filter(([v]) => visible(v)).map(([, x]) => x),
    items: (c: never) => a.items(c).filter(([v]) => visible(v)),
  };
}
