/** A library that refuses a synchronous scope nested in another (contract 1.5 LibraryError): cause foreign-error. Async scopes are not counted, so tasks interleaving their scopes never trip it. */
import { LibraryError, type AdapterOptions } from '../../../../harness/contract/adapter.ts';
import { createModelAdapter } from '../../../../harness/model/adapter.ts';

export function createAdapter(options: AdapterOptions) {
  const a = createModelAdapter(options, undefined, 'defect-nested-scope-library-error');
  const withValue = a.withValue!.bind(a);
  let depth = 0;
  return {
    ...a,
    withValue<R>(v: Parameters<typeof withValue>[0], value: Parameters<typeof withValue>[1], body: () => R, info: Parameters<typeof withValue>[3]): R {
      if (info?.async !== false) return withValue(v, value, body, info);
      if (depth > 0) throw new LibraryError('nested scopes are not supported');
      depth++;
      try { return withValue(v, value, body, info); } finally { depth--; }
    },
  };
}
