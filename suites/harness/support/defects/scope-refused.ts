/** Shared by the doubles that refuse a synchronous scope nested in another: what they throw is the defect. Async scopes are not counted, so tasks interleaving their scopes never trip it. */
import type { AdapterOptions } from '../../../../harness/contract/adapter.ts';
import { createModelAdapter } from '../../../../harness/model/adapter.ts';

export function refusingNestedScopes(options: AdapterOptions, name: string, refuse: () => Error) {
  const a = createModelAdapter(options, undefined, name);
  const withValue = a.withValue!.bind(a);
  let depth = 0;
  return {
    ...a,
    withValue<R>(v: Parameters<typeof withValue>[0], value: Parameters<typeof withValue>[1], body: () => R, info: Parameters<typeof withValue>[3]): R {
      if (info?.async !== false) return withValue(v, value, body, info);
      if (depth > 0) throw refuse();
      depth++;
      try { return withValue(v, value, body, info); } finally { depth--; }
    },
  };
}
