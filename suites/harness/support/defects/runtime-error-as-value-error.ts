/** Raises ValueError where CPython raises RuntimeError: cause error-kind-differs. */
import type { AdapterOptions } from '../../../../harness/contract/adapter.ts';
import { createModelAdapter } from '../../../../harness/model/adapter.ts';

export function createAdapter(options: AdapterOptions) {
  const a = createModelAdapter(options, undefined, 'defect-runtime-error-as-value-error');
  return {
    ...a,
    classifyError(e: unknown) {
      const c = a.classifyError(e);
      return c && c.kind === 'RuntimeError' ? { ...c, kind: 'ValueError' } : c;
    },
  };
}
